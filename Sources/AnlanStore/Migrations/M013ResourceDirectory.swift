extension Migration {
    /// Readiness, second part: rescue teams, experts, equipment and shelters in one table (one list, one map, one
    /// nearest-resource query), a team's roster and its training record.
    static let m013ResourceDirectory = Migration(
        number: 13, name: "resource_directory",
        common: [
            """
            CREATE TABLE resources (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                name TEXT NOT NULL,
                category TEXT NOT NULL,
                division_code TEXT NOT NULL REFERENCES divisions (code),
                address TEXT,
                latitude DOUBLE PRECISION,
                longitude DOUBLE PRECISION,
                contact TEXT NOT NULL,
                phone TEXT NOT NULL,
                organisation TEXT,
                title TEXT,
                state TEXT NOT NULL,
                capacity INTEGER,
                occupancy INTEGER,
                area_square_metres DOUBLE PRECISION,
                tags TEXT NOT NULL,
                note TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                archived_at TEXT
            )
            """,
            "CREATE INDEX resources_kind_division ON resources (kind, division_code)",
            "CREATE INDEX resources_kind_category ON resources (kind, category)",
            """
            CREATE TABLE team_members (
                resource_id TEXT NOT NULL REFERENCES resources (id),
                seq INTEGER NOT NULL,
                name TEXT NOT NULL,
                phone TEXT NOT NULL,
                certificate TEXT,
                PRIMARY KEY (resource_id, seq)
            )
            """,
            """
            CREATE TABLE team_trainings (
                id TEXT PRIMARY KEY,
                resource_id TEXT NOT NULL REFERENCES resources (id),
                trained_on TEXT NOT NULL,
                subject TEXT NOT NULL,
                hours DOUBLE PRECISION NOT NULL,
                participants INTEGER NOT NULL,
                recorded_by TEXT NOT NULL,
                recorded_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX team_trainings_resource ON team_trainings (resource_id, trained_on)",
        ])
}
