extension Migration {
    /// Supervision and enforcement: the working-day calendar, checklists, random draws, inspections,
    /// hazards and their events, numbered enforcement documents, cases, campaigns and annual plans.
    static let m006Supervision = Migration(
        number: 6, name: "supervision",
        common: [
            "CREATE TABLE work_calendar_days (day TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL)",
            """
            CREATE TABLE checklists (
                key TEXT NOT NULL,
                version INTEGER NOT NULL,
                name TEXT NOT NULL,
                sectors TEXT NOT NULL,
                items TEXT NOT NULL,
                created_by TEXT,
                created_at TEXT NOT NULL,
                PRIMARY KEY (key, version)
            )
            """,
            """
            CREATE TABLE campaigns (
                id TEXT PRIMARY KEY,
                division_code TEXT NOT NULL,
                name TEXT NOT NULL,
                sectors TEXT NOT NULL,
                starts_on TEXT NOT NULL,
                ends_on TEXT NOT NULL,
                problems TEXT NOT NULL,
                measures TEXT NOT NULL,
                created_by TEXT,
                created_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE conflicts_of_interest (
                id TEXT PRIMARY KEY,
                username TEXT NOT NULL,
                enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
                division_code TEXT NOT NULL,
                reason TEXT NOT NULL,
                created_by TEXT,
                created_at TEXT NOT NULL,
                UNIQUE (username, enterprise_id)
            )
            """,
            """
            CREATE TABLE random_draws (
                id TEXT PRIMARY KEY,
                division_code TEXT NOT NULL,
                title TEXT NOT NULL,
                pool TEXT NOT NULL,
                input TEXT NOT NULL,
                algorithm TEXT NOT NULL,
                result TEXT NOT NULL,
                drawn_on TEXT NOT NULL,
                publish_by TEXT NOT NULL,
                published_at TEXT,
                created_by TEXT,
                created_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE inspections (
                id TEXT PRIMARY KEY,
                enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
                division_code TEXT NOT NULL,
                source TEXT NOT NULL,
                draw_id TEXT REFERENCES random_draws (id),
                campaign_id TEXT REFERENCES campaigns (id),
                sector TEXT NOT NULL,
                joint_departments TEXT,
                inspected_on TEXT NOT NULL,
                inspectors TEXT NOT NULL,
                checklist TEXT,
                answers TEXT NOT NULL,
                summary TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                created_by TEXT,
                created_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX inspections_enterprise ON inspections (enterprise_id, inspected_on)",
            "CREATE INDEX inspections_division ON inspections (division_code, inspected_on)",
            """
            CREATE TABLE inspection_inspectors (
                inspection_id TEXT NOT NULL REFERENCES inspections (id),
                username TEXT NOT NULL,
                PRIMARY KEY (inspection_id, username)
            )
            """,
            "CREATE INDEX inspection_inspectors_user ON inspection_inspectors (username)",
            """
            CREATE TABLE hazards (
                id TEXT PRIMARY KEY,
                inspection_id TEXT REFERENCES inspections (id),
                enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
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
                updated_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX hazards_enterprise ON hazards (enterprise_id)",
            "CREATE INDEX hazards_division_status ON hazards (division_code, status, due_date)",
            """
            CREATE TABLE hazard_events (
                id TEXT PRIMARY KEY,
                hazard_id TEXT NOT NULL REFERENCES hazards (id),
                event TEXT NOT NULL,
                detail TEXT NOT NULL,
                note TEXT,
                by_user TEXT,
                at TEXT NOT NULL
            )
            """,
            "CREATE INDEX hazard_events_hazard ON hazard_events (hazard_id, at)",
            """
            CREATE TABLE cases (
                id TEXT PRIMARY KEY,
                enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
                division_code TEXT NOT NULL,
                inspection_id TEXT REFERENCES inspections (id),
                title TEXT NOT NULL,
                violation TEXT NOT NULL,
                status TEXT NOT NULL,
                fine_fen INTEGER,
                paid_fen INTEGER NOT NULL,
                fine_due_on TEXT,
                suspension_until TEXT,
                opened_on TEXT NOT NULL,
                closed_on TEXT,
                created_by TEXT,
                created_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX cases_enterprise ON cases (enterprise_id)",
            """
            CREATE TABLE document_sequences (
                kind TEXT NOT NULL,
                year INTEGER NOT NULL,
                last INTEGER NOT NULL,
                PRIMARY KEY (kind, year)
            )
            """,
            """
            CREATE TABLE enforcement_documents (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                year INTEGER NOT NULL,
                sequence INTEGER NOT NULL,
                number TEXT NOT NULL,
                enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
                division_code TEXT NOT NULL,
                inspection_id TEXT REFERENCES inspections (id),
                case_id TEXT REFERENCES cases (id),
                corrects_id TEXT REFERENCES enforcement_documents (id),
                fields TEXT NOT NULL,
                issued_by TEXT,
                issued_at TEXT NOT NULL,
                voided_at TEXT,
                voided_by TEXT,
                void_reason TEXT,
                UNIQUE (kind, year, sequence)
            )
            """,
            "CREATE INDEX enforcement_documents_enterprise ON enforcement_documents (enterprise_id)",
            "CREATE INDEX enforcement_documents_inspection ON enforcement_documents (inspection_id)",
            """
            CREATE TABLE inspection_plans (
                id TEXT PRIMARY KEY,
                division_code TEXT NOT NULL,
                year INTEGER NOT NULL,
                parameters TEXT NOT NULL,
                schedule TEXT NOT NULL,
                created_by TEXT,
                created_at TEXT NOT NULL,
                UNIQUE (division_code, year)
            )
            """,
        ])
}
