extension Migration {
    /// Major hazard installations (GB 18218): a unit's substances, and the identification and grade
    /// computed from them, with the rule version used.
    static let m003HazardInstallations = Migration(
        number: 3, name: "hazard_installations",
        common: [
            """
            CREATE TABLE hazard_installations (
                id TEXT PRIMARY KEY,
                enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
                division_code TEXT NOT NULL REFERENCES divisions (code),
                name TEXT NOT NULL,
                unit_kind TEXT NOT NULL,
                exposed_population INTEGER NOT NULL,
                substances TEXT NOT NULL,
                s DOUBLE PRECISION NOT NULL,
                alpha DOUBLE PRECISION NOT NULL,
                r DOUBLE PRECISION NOT NULL,
                is_major INTEGER NOT NULL,
                grade INTEGER,
                rule_version TEXT NOT NULL,
                assessed_at TEXT NOT NULL,
                removed_at TEXT
            )
            """,
            "CREATE INDEX hazard_installations_enterprise ON hazard_installations (enterprise_id)",
            "CREATE INDEX hazard_installations_division ON hazard_installations (division_code)",
        ])
}
