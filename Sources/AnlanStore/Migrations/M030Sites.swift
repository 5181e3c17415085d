extension Migration {
    /// Disasters, sixth part: the register of flood and forest-fire sites with their three 责任人.
    static let m030Sites = Migration(
        number: 30, name: "sites",
        common: [
            """
            CREATE TABLE sites (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                name TEXT NOT NULL,
                division_code TEXT NOT NULL REFERENCES divisions (code),
                latitude DOUBLE PRECISION,
                longitude DOUBLE PRECISION,
                grade TEXT,
                threatened_people INTEGER NOT NULL,
                description TEXT,
                archived_at TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX sites_division ON sites (division_code, kind)",
            """
            CREATE TABLE site_keepers (
                site_id TEXT NOT NULL REFERENCES sites (id),
                role TEXT NOT NULL,
                name TEXT NOT NULL,
                unit TEXT,
                phone TEXT NOT NULL,
                PRIMARY KEY (site_id, role)
            )
            """,
        ])
}
