extension Migration {
    /// Divisions, accounts, sessions, API tokens, settings and the hash-chained audit log.
    static let m001Foundation = Migration(
        number: 1, name: "foundation",
        common: [
            """
            CREATE TABLE divisions (
                code TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                level TEXT NOT NULL,
                parent_code TEXT REFERENCES divisions (code),
                urban_rural_code TEXT,
                centroid_lat DOUBLE PRECISION,
                centroid_lon DOUBLE PRECISION,
                boundary TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX divisions_parent ON divisions (parent_code)",
            """
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                username TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL,
                role TEXT NOT NULL,
                division_code TEXT NOT NULL REFERENCES divisions (code),
                phone TEXT,
                certificate_number TEXT,
                password_hash TEXT NOT NULL,
                is_active INTEGER NOT NULL,
                failed_logins INTEGER NOT NULL,
                locked_until TEXT,
                password_changed_at TEXT NOT NULL,
                last_login_at TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX users_division ON users (division_code)",
            """
            CREATE TABLE sessions (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users (id),
                csrf_token TEXT NOT NULL,
                ip TEXT,
                created_at TEXT NOT NULL,
                last_seen_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                ended_at TEXT
            )
            """,
            "CREATE INDEX sessions_user ON sessions (user_id)",
            """
            CREATE TABLE api_tokens (
                id TEXT PRIMARY KEY,
                token_hash TEXT NOT NULL UNIQUE,
                user_id TEXT NOT NULL REFERENCES users (id),
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                revoked_at TEXT,
                last_used_at TEXT
            )
            """,
            "CREATE INDEX api_tokens_user ON api_tokens (user_id)",
            """
            CREATE TABLE settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE audit_log (
                seq BIGINT PRIMARY KEY,
                occurred_at TEXT NOT NULL,
                user_id TEXT,
                username TEXT,
                role TEXT,
                ip TEXT,
                request_id TEXT,
                action TEXT NOT NULL,
                target_type TEXT NOT NULL,
                target_id TEXT,
                outcome TEXT NOT NULL,
                before_json TEXT,
                after_json TEXT,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            )
            """,
            "CREATE INDEX audit_log_occurred ON audit_log (occurred_at)",
            "CREATE INDEX audit_log_username ON audit_log (username)",
            "CREATE INDEX audit_log_action ON audit_log (action)",
            """
            CREATE TABLE audit_chain_head (
                id INTEGER PRIMARY KEY,
                last_seq BIGINT NOT NULL,
                last_hash TEXT NOT NULL
            )
            """,
            "INSERT INTO audit_chain_head (id, last_seq, last_hash) VALUES (1, 0, '\(String(repeating: "0", count: 64))')",
        ],
        // The product never updates or deletes audit rows; these triggers make the database refuse it too.
        // Someone with the database file can still drop them, which `anlan audit verify` then catches.
        sqlite: [
            """
            CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
            """,
            """
            CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
            """,
        ],
        postgres: [
            """
            CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$
            """,
            """
            CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
            FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()
            """,
        ]
    )
}
