extension Migration {
    /// Command, fifth part: notifications. `notifications` is the durable outbox, written in the transaction of whatever
    /// caused it; each person reached on each channel is one row of `notification_deliveries`, with its course. A
    /// delivery being handed to the gateway is leased (`claimed_until`), so a second node or a restarted one takes it
    /// only when the lease has run out.
    static let m022Notifications = Migration(
        number: 22, name: "notifications",
        common: [
            """
            CREATE TABLE notifications (
                id TEXT PRIMARY KEY,
                subject TEXT NOT NULL,
                text TEXT NOT NULL,
                channels TEXT NOT NULL,
                audience TEXT NOT NULL,
                incident_id TEXT REFERENCES incidents (id),
                warning_id TEXT REFERENCES warnings (id),
                created_by TEXT NOT NULL,
                created_at TEXT NOT NULL,
                expanded_at TEXT,
                recipients INTEGER NOT NULL
            )
            """,
            "CREATE INDEX notifications_pending ON notifications (expanded_at, created_at)",
            "CREATE INDEX notifications_incident ON notifications (incident_id)",
            """
            CREATE TABLE notification_deliveries (
                id TEXT PRIMARY KEY,
                notification_id TEXT NOT NULL REFERENCES notifications (id),
                channel TEXT NOT NULL,
                name TEXT NOT NULL,
                username TEXT,
                address TEXT NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                next_attempt_at TEXT,
                claimed_until TEXT,
                last_error TEXT,
                gateway_id TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                sent_at TEXT,
                delivered_at TEXT,
                acknowledged_at TEXT
            )
            """,
            "CREATE UNIQUE INDEX notification_deliveries_person ON notification_deliveries (notification_id, channel, address)",
            "CREATE INDEX notification_deliveries_due ON notification_deliveries (state, next_attempt_at)",
            "CREATE INDEX notification_deliveries_inbox ON notification_deliveries (username, channel, state)",
        ])
}
