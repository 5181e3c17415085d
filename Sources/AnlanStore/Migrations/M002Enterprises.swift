extension Migration {
    /// Enterprise files: the enterprise, its sectors, licences and risk-level history; full-text search
    /// that finds Chinese substrings (SQLite FTS5 trigram, PostgreSQL pg_trgm); enterprise officers' link.
    static let m002Enterprises = Migration(
        number: 2, name: "enterprises",
        common: [
            "ALTER TABLE users ADD COLUMN enterprise_id TEXT",
            """
            CREATE TABLE enterprises (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                credit_code TEXT,
                legal_representative TEXT,
                principal TEXT,
                safety_officer_name TEXT,
                safety_officer_phone TEXT,
                address TEXT,
                division_code TEXT NOT NULL REFERENCES divisions (code),
                latitude DOUBLE PRECISION,
                longitude DOUBLE PRECISION,
                employees INTEGER,
                above_scale INTEGER NOT NULL,
                standardization_grade TEXT,
                standardization_expires_on TEXT,
                operating_status TEXT NOT NULL,
                risk_level TEXT,
                search_text TEXT NOT NULL,
                archived_at TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            // Unique among active enterprises only: an archived file keeps its code for the record.
            "CREATE UNIQUE INDEX enterprises_active_credit_code ON enterprises (credit_code) WHERE archived_at IS NULL AND credit_code IS NOT NULL",
            "CREATE INDEX enterprises_division ON enterprises (division_code)",
            "CREATE INDEX enterprises_risk_level ON enterprises (risk_level)",
            """
            CREATE TABLE enterprise_sectors (
                enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
                sector TEXT NOT NULL,
                PRIMARY KEY (enterprise_id, sector)
            )
            """,
            "CREATE INDEX enterprise_sectors_sector ON enterprise_sectors (sector)",
            """
            CREATE TABLE enterprise_licences (
                id TEXT PRIMARY KEY,
                enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
                kind TEXT NOT NULL,
                number TEXT NOT NULL,
                expires_on TEXT NOT NULL
            )
            """,
            "CREATE INDEX enterprise_licences_enterprise ON enterprise_licences (enterprise_id)",
            "CREATE INDEX enterprise_licences_expiry ON enterprise_licences (expires_on)",
            """
            CREATE TABLE enterprise_risk_changes (
                id TEXT PRIMARY KEY,
                enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
                from_level TEXT,
                to_level TEXT NOT NULL,
                reason TEXT NOT NULL,
                changed_by TEXT,
                changed_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX enterprise_risk_changes_enterprise ON enterprise_risk_changes (enterprise_id)",
        ],
        // search_text holds name, address and credit code in lower case. Tables named search_* are the
        // engine's own search structures, outside the schema both engines share.
        sqlite: [
            "CREATE VIRTUAL TABLE search_enterprises USING fts5(search_text, content='enterprises', content_rowid='rowid', tokenize='trigram')",
            """
            CREATE TRIGGER enterprises_search_insert AFTER INSERT ON enterprises BEGIN
                INSERT INTO search_enterprises (rowid, search_text) VALUES (new.rowid, new.search_text);
            END
            """,
            """
            CREATE TRIGGER enterprises_search_delete AFTER DELETE ON enterprises BEGIN
                INSERT INTO search_enterprises (search_enterprises, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
            END
            """,
            """
            CREATE TRIGGER enterprises_search_update AFTER UPDATE OF search_text ON enterprises BEGIN
                INSERT INTO search_enterprises (search_enterprises, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
                INSERT INTO search_enterprises (rowid, search_text) VALUES (new.rowid, new.search_text);
            END
            """,
        ],
        postgres: [
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            "CREATE INDEX search_enterprises ON enterprises USING gin (search_text gin_trgm_ops)",
        ]
    )
}
