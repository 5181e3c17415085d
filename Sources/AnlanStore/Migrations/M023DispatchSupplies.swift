extension Migration {
    /// Command, sixth part: orders to a warehouse. The supplies an order sends are reserved against the warehouse's stock
    /// (rows in `dispatch_supplies`, state reserved) until they leave on the order's 出库单 (`movement_id`) or the order is
    /// cancelled. What is reserved of an item in a warehouse is the sum of its reserved rows (indexed), read under the
    /// balance row's lock by every slip and every order that takes from it.
    static let m023DispatchSupplies = Migration(
        number: 23, name: "dispatch_supplies",
        common: [
            "ALTER TABLE dispatch_orders ADD COLUMN warehouse_id TEXT REFERENCES warehouses (id)",
            "ALTER TABLE dispatch_orders ADD COLUMN receiver TEXT",
            "ALTER TABLE dispatch_orders ADD COLUMN receiver_phone TEXT",
            "ALTER TABLE dispatch_orders ADD COLUMN movement_id TEXT REFERENCES stock_movements (id)",
            """
            CREATE TABLE dispatch_supplies (
                order_id TEXT NOT NULL REFERENCES dispatch_orders (id),
                seq INTEGER NOT NULL,
                warehouse_id TEXT NOT NULL REFERENCES warehouses (id),
                item_id TEXT NOT NULL REFERENCES supply_items (id),
                quantity INTEGER NOT NULL CHECK (quantity > 0),
                state TEXT NOT NULL,
                PRIMARY KEY (order_id, seq)
            )
            """,
            "CREATE INDEX dispatch_supplies_reserved ON dispatch_supplies (warehouse_id, item_id, state)",
        ])
}
