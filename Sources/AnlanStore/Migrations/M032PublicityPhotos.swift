extension Migration {
    /// Disasters, eighth part: the photos of publicity and training events (kept by digest in the file store).
    static let m032PublicityPhotos = Migration(
        number: 32, name: "publicity_photos",
        common: [
            """
            CREATE TABLE publicity_photos (
                event_id TEXT NOT NULL REFERENCES publicity_events (id),
                seq INTEGER NOT NULL,
                sha256 TEXT NOT NULL,
                content_type TEXT NOT NULL,
                file_name TEXT NOT NULL,
                uploaded_by TEXT NOT NULL,
                uploaded_at TEXT NOT NULL,
                PRIMARY KEY (event_id, seq)
            )
            """
        ])
}
