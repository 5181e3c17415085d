extension Migration {
    /// Disasters, third part: publicity and training events, what the year's statistics count.
    static let m027Publicity = Migration(
        number: 27, name: "publicity",
        common: [
            """
            CREATE TABLE publicity_events (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                target TEXT,
                theme TEXT NOT NULL,
                held_on TEXT NOT NULL,
                division_code TEXT NOT NULL REFERENCES divisions (code),
                place TEXT NOT NULL,
                organiser TEXT NOT NULL,
                audience INTEGER NOT NULL,
                leaflets INTEGER NOT NULL,
                boards INTEGER NOT NULL,
                banners INTEGER NOT NULL,
                note TEXT,
                recorded_by TEXT NOT NULL,
                recorded_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX publicity_events_day ON publicity_events (held_on)",
            "CREATE INDEX publicity_events_division ON publicity_events (division_code, held_on)",
        ])
}
