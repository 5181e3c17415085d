extension Migration {
    /// Disasters, eighth part: checks of flood and forest-fire sites (汛前检查、汛期巡查、森林防火检查), and hazards whose
    /// target is a site instead of an enterprise (exactly one of the two). SQLite cannot drop a NOT NULL, so it rebuilds
    /// `hazards` (and `hazard_events`, whose reference is rewritten to the new table by the rename) inside the
    /// migration's transaction, foreign keys on; PostgreSQL alters the column.
    static let m037SiteChecks = Migration(
        number: 37, name: "site_checks",
        common: [
            """
            CREATE TABLE site_checks (
                id TEXT PRIMARY KEY,
                site_id TEXT NOT NULL REFERENCES sites (id),
                division_code TEXT NOT NULL,
                kind TEXT NOT NULL,
                checked_on TEXT NOT NULL,
                inspectors TEXT NOT NULL,
                checklist TEXT,
                answers TEXT NOT NULL,
                summary TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX site_checks_site ON site_checks (site_id, checked_on)",
            "CREATE INDEX site_checks_division ON site_checks (division_code, checked_on)",
        ],
        sqlite: [
            """
            CREATE TABLE hazards_new (
                id TEXT PRIMARY KEY,
                inspection_id TEXT REFERENCES inspections (id),
                enterprise_id TEXT REFERENCES enterprises (id),
                site_id TEXT REFERENCES sites (id),
                site_check_id TEXT REFERENCES site_checks (id),
                division_code TEXT NOT NULL,
                campaign_id TEXT REFERENCES campaigns (id),
                sector TEXT NOT NULL,
                description TEXT NOT NULL,
                location TEXT,
                basis TEXT,
                checklist_item TEXT,
                is_major INTEGER NOT NULL,
                status TEXT NOT NULL,
                due_date TEXT,
                extension_requested_to TEXT,
                supervising_leader TEXT,
                owner TEXT,
                found_on TEXT NOT NULL,
                closed_on TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                submitted_on TEXT,
                extension_requested_on TEXT,
                CHECK ((enterprise_id IS NULL) <> (site_id IS NULL))
            )
            """,
            """
            INSERT INTO hazards_new (id, inspection_id, enterprise_id, division_code, campaign_id, sector, description, location, basis,
                checklist_item, is_major, status, due_date, extension_requested_to, supervising_leader, owner, found_on, closed_on,
                created_at, updated_at, submitted_on, extension_requested_on)
            SELECT id, inspection_id, enterprise_id, division_code, campaign_id, sector, description, location, basis,
                checklist_item, is_major, status, due_date, extension_requested_to, supervising_leader, owner, found_on, closed_on,
                created_at, updated_at, submitted_on, extension_requested_on FROM hazards
            """,
            """
            CREATE TABLE hazard_events_new (
                id TEXT PRIMARY KEY,
                hazard_id TEXT NOT NULL REFERENCES hazards_new (id),
                event TEXT NOT NULL,
                detail TEXT NOT NULL,
                note TEXT,
                by_user TEXT,
                at TEXT NOT NULL
            )
            """,
            "INSERT INTO hazard_events_new (id, hazard_id, event, detail, note, by_user, at) SELECT id, hazard_id, event, detail, note, by_user, at FROM hazard_events",
            "DROP TABLE hazard_events",
            "DROP TABLE hazards",
            "ALTER TABLE hazards_new RENAME TO hazards",
            "ALTER TABLE hazard_events_new RENAME TO hazard_events",
            "CREATE INDEX hazards_enterprise ON hazards (enterprise_id)",
            "CREATE INDEX hazards_division_status ON hazards (division_code, status, due_date)",
            "CREATE INDEX hazard_events_hazard ON hazard_events (hazard_id, at)",
            "CREATE INDEX hazards_site ON hazards (site_id)",
        ],
        postgres: [
            "ALTER TABLE hazards ALTER COLUMN enterprise_id DROP NOT NULL",
            "ALTER TABLE hazards ADD COLUMN site_id TEXT REFERENCES sites (id)",
            "ALTER TABLE hazards ADD COLUMN site_check_id TEXT REFERENCES site_checks (id)",
            "ALTER TABLE hazards ADD CONSTRAINT hazards_one_target CHECK ((enterprise_id IS NULL) <> (site_id IS NULL))",
            "CREATE INDEX hazards_site ON hazards (site_id)",
        ])
}
