extension Migration {
    /// Disasters, seventh part: the course of each relief application, step by step (who, when, with what note), kept
    /// append-only so the household's page shows who reviewed and who decided.
    static let m031ReliefSteps = Migration(
        number: 31, name: "relief_steps",
        common: [
            """
            CREATE TABLE relief_steps (
                household_id TEXT NOT NULL REFERENCES relief_households (id),
                seq INTEGER NOT NULL,
                action TEXT NOT NULL,
                state TEXT NOT NULL,
                username TEXT NOT NULL,
                at TEXT NOT NULL,
                note TEXT,
                PRIMARY KEY (household_id, seq)
            )
            """
        ],
        sqlite: [
            """
            CREATE TRIGGER relief_steps_no_update BEFORE UPDATE ON relief_steps
            BEGIN SELECT RAISE(ABORT, 'relief_steps is append-only'); END
            """,
            """
            CREATE TRIGGER relief_steps_no_delete BEFORE DELETE ON relief_steps
            BEGIN SELECT RAISE(ABORT, 'relief_steps is append-only'); END
            """,
        ],
        postgres: [
            """
            CREATE FUNCTION relief_steps_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'relief_steps is append-only'; END $$
            """,
            """
            CREATE TRIGGER relief_steps_no_change BEFORE UPDATE OR DELETE ON relief_steps
            FOR EACH ROW EXECUTE FUNCTION relief_steps_append_only()
            """,
        ])
}
