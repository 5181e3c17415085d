extension Migration {
    /// The rest of the enterprise file: more contacts, yearly safety target agreements (目标责任书) and
    /// attachments (files under the data directory, addressed by SHA-256); and remembered import mappings.
    static let m005EnterpriseRecords = Migration(
        number: 5, name: "enterprise_records",
        common: [
            """
            CREATE TABLE enterprise_contacts (
                id TEXT PRIMARY KEY,
                enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
                division_code TEXT NOT NULL,
                name TEXT NOT NULL,
                title TEXT,
                phone TEXT,
                note TEXT,
                created_at TEXT NOT NULL,
                removed_at TEXT
            )
            """,
            "CREATE INDEX enterprise_contacts_enterprise ON enterprise_contacts (enterprise_id)",
            """
            CREATE TABLE attachments (
                id TEXT PRIMARY KEY,
                sha256 TEXT NOT NULL,
                file_name TEXT NOT NULL,
                content_type TEXT NOT NULL,
                size INTEGER NOT NULL,
                division_code TEXT NOT NULL,
                enterprise_id TEXT REFERENCES enterprises (id),
                owner_type TEXT NOT NULL,
                owner_id TEXT NOT NULL,
                created_by TEXT,
                created_at TEXT NOT NULL,
                removed_at TEXT,
                removal_reason TEXT
            )
            """,
            "CREATE INDEX attachments_owner ON attachments (owner_type, owner_id)",
            "CREATE INDEX attachments_enterprise ON attachments (enterprise_id)",
            """
            CREATE TABLE target_agreements (
                id TEXT PRIMARY KEY,
                enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
                division_code TEXT NOT NULL,
                year INTEGER NOT NULL,
                signed_on TEXT NOT NULL,
                bureau_signatory TEXT NOT NULL,
                enterprise_signatory TEXT NOT NULL,
                targets TEXT NOT NULL,
                created_by TEXT,
                created_at TEXT NOT NULL,
                UNIQUE (enterprise_id, year)
            )
            """,
            """
            CREATE TABLE import_mappings (
                signature TEXT PRIMARY KEY,
                header TEXT NOT NULL,
                mapping TEXT NOT NULL,
                updated_by TEXT,
                updated_at TEXT NOT NULL
            )
            """,
        ])
}
