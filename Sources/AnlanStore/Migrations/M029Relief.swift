extension Migration {
    /// Disasters, fifth part: 冬春救助. Programs per season; each township's needs; households with their members (one
    /// person in one household per program: the unique index stands behind the check made in the writing transaction)
    /// through 村评, 公示, 乡审, 县定 and payment.
    static let m029Relief = Migration(
        number: 29, name: "relief",
        common: [
            """
            CREATE TABLE relief_programs (
                id TEXT PRIMARY KEY,
                season TEXT NOT NULL,
                name TEXT NOT NULL,
                budget_wan_yuan DOUBLE PRECISION NOT NULL,
                survey_due TEXT NOT NULL,
                starts_on TEXT NOT NULL,
                ends_on TEXT NOT NULL,
                publicity_days INTEGER NOT NULL,
                created_by TEXT NOT NULL,
                created_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX relief_programs_season ON relief_programs (season)",
            """
            CREATE TABLE relief_needs (
                program_id TEXT NOT NULL REFERENCES relief_programs (id),
                township_code TEXT NOT NULL REFERENCES divisions (code),
                households INTEGER NOT NULL,
                people INTEGER NOT NULL,
                collapsed_house INTEGER NOT NULL,
                crop_failure INTEGER NOT NULL,
                injury INTEGER NOT NULL,
                other INTEGER NOT NULL,
                funds_wan_yuan DOUBLE PRECISION NOT NULL,
                updated_by TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (program_id, township_code)
            )
            """,
            """
            CREATE TABLE relief_households (
                id TEXT PRIMARY KEY,
                program_id TEXT NOT NULL REFERENCES relief_programs (id),
                division_code TEXT NOT NULL REFERENCES divisions (code),
                head_name TEXT NOT NULL,
                head_id_number TEXT NOT NULL,
                phone TEXT NOT NULL,
                account TEXT NOT NULL,
                hardship TEXT NOT NULL,
                reason TEXT NOT NULL,
                state TEXT NOT NULL,
                evaluated_on TEXT,
                evaluation_minutes TEXT,
                publicity_from TEXT,
                publicity_to TEXT,
                publicity_photo TEXT,
                township_note TEXT,
                decided_amount DOUBLE PRECISION,
                decision_note TEXT,
                paid_on TEXT,
                payment_reference TEXT,
                duplicate_reason TEXT,
                created_by TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX relief_households_program ON relief_households (program_id, division_code)",
            "CREATE INDEX relief_households_state ON relief_households (program_id, state)",
            """
            CREATE TABLE relief_members (
                household_id TEXT NOT NULL REFERENCES relief_households (id),
                program_id TEXT NOT NULL REFERENCES relief_programs (id),
                position INTEGER NOT NULL,
                name TEXT NOT NULL,
                id_number TEXT NOT NULL,
                relation TEXT NOT NULL,
                sex TEXT NOT NULL,
                birth_date TEXT NOT NULL,
                PRIMARY KEY (household_id, position),
                UNIQUE (program_id, id_number)
            )
            """,
            "CREATE INDEX relief_members_id_number ON relief_members (id_number)",
        ])
}
