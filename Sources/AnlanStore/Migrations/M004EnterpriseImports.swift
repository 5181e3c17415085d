extension Migration {
    /// Enterprise imports: each run with its progress and counts, and its rejected rows for the error report.
    static let m004EnterpriseImports = Migration(
        number: 4, name: "enterprise_imports",
        common: [
            """
            CREATE TABLE enterprise_imports (
                id TEXT PRIMARY KEY,
                division_code TEXT NOT NULL REFERENCES divisions (code),
                created_by TEXT,
                file_name TEXT NOT NULL,
                encoding TEXT,
                status TEXT NOT NULL,
                total_rows INTEGER NOT NULL,
                processed_rows INTEGER NOT NULL,
                created_count INTEGER NOT NULL,
                updated_count INTEGER NOT NULL,
                unchanged_count INTEGER NOT NULL,
                invalid_count INTEGER NOT NULL,
                failure TEXT,
                header TEXT NOT NULL,
                created_at TEXT NOT NULL,
                finished_at TEXT
            )
            """,
            "CREATE INDEX enterprise_imports_division ON enterprise_imports (division_code)",
            """
            CREATE TABLE enterprise_import_errors (
                import_id TEXT NOT NULL REFERENCES enterprise_imports (id),
                line INTEGER NOT NULL,
                cells TEXT NOT NULL,
                problems TEXT NOT NULL,
                PRIMARY KEY (import_id, line)
            )
            """,
        ])
}
