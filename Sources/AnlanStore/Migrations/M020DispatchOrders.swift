extension Migration {
    /// Command, third part: dispatch orders of an incident. A resource stands on one active order at a time: the
    /// partial unique index is the last line behind the check made under the resource's row lock.
    static let m020DispatchOrders = Migration(
        number: 20, name: "dispatch_orders",
        common: [
            """
            CREATE TABLE dispatch_orders (
                id TEXT PRIMARY KEY,
                incident_id TEXT NOT NULL REFERENCES incidents (id),
                target TEXT NOT NULL,
                resource_id TEXT REFERENCES resources (id),
                recipient TEXT NOT NULL,
                task TEXT NOT NULL,
                destination TEXT NOT NULL,
                state TEXT NOT NULL,
                issued_by TEXT NOT NULL,
                issued_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                note TEXT
            )
            """,
            "CREATE INDEX dispatch_orders_incident ON dispatch_orders (incident_id, issued_at)",
            """
            CREATE UNIQUE INDEX dispatch_orders_busy ON dispatch_orders (resource_id)
            WHERE resource_id IS NOT NULL AND state NOT IN ('completed', 'cancelled')
            """,
        ])
}
