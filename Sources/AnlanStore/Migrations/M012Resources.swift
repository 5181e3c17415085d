extension Migration {
    /// Readiness, first part: warehouses, the supply catalog, and the stock as a ledger of slips. `stock_batches` and
    /// `stock_balances` are kept by the same transaction as the slip that moves them (never edited otherwise) and can
    /// be re-derived from `stock_lines` (`anlan stock verify`); CHECK constraints are the last line against a negative
    /// stock.
    static let m012Resources = Migration(
        number: 12, name: "resources",
        common: [
            """
            CREATE TABLE warehouses (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                division_code TEXT NOT NULL REFERENCES divisions (code),
                address TEXT NOT NULL,
                latitude DOUBLE PRECISION,
                longitude DOUBLE PRECISION,
                manager TEXT NOT NULL,
                phone TEXT NOT NULL,
                key_holder TEXT,
                key_holder_phone TEXT,
                area_square_metres DOUBLE PRECISION,
                opening_hours TEXT,
                serves TEXT NOT NULL,
                note TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                archived_at TEXT
            )
            """,
            "CREATE INDEX warehouses_division ON warehouses (division_code)",
            """
            CREATE TABLE supply_items (
                id TEXT PRIMARY KEY,
                major_class INTEGER NOT NULL,
                code TEXT,
                name TEXT NOT NULL,
                specification TEXT NOT NULL,
                unit TEXT NOT NULL,
                created_at TEXT NOT NULL,
                archived_at TEXT,
                UNIQUE (name, specification, unit)
            )
            """,
            """
            CREATE TABLE stock_movements (
                id TEXT PRIMARY KEY,
                number TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                warehouse_id TEXT NOT NULL REFERENCES warehouses (id),
                division_code TEXT NOT NULL,
                to_warehouse_id TEXT REFERENCES warehouses (id),
                to_division_code TEXT,
                occurred_on TEXT NOT NULL,
                source TEXT,
                recipient_kind TEXT,
                party TEXT,
                receiver TEXT,
                receiver_phone TEXT,
                reason TEXT,
                expired_confirmed INTEGER NOT NULL,
                note TEXT,
                recorded_by TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                confirmed_by TEXT,
                confirmed_at TEXT
            )
            """,
            "CREATE INDEX stock_movements_warehouse ON stock_movements (warehouse_id, occurred_on)",
            "CREATE INDEX stock_movements_to_warehouse ON stock_movements (to_warehouse_id, occurred_on)",
            "CREATE INDEX stock_movements_division ON stock_movements (division_code, occurred_on)",
            """
            CREATE TABLE stock_batches (
                id TEXT PRIMARY KEY,
                warehouse_id TEXT NOT NULL REFERENCES warehouses (id),
                item_id TEXT NOT NULL REFERENCES supply_items (id),
                batch_no TEXT NOT NULL,
                produced_on TEXT,
                expires_on TEXT,
                quantity BIGINT NOT NULL CHECK (quantity >= 0),
                UNIQUE (warehouse_id, item_id, batch_no)
            )
            """,
            "CREATE INDEX stock_batches_expiry ON stock_batches (expires_on)",
            """
            CREATE TABLE stock_lines (
                movement_id TEXT NOT NULL REFERENCES stock_movements (id),
                seq INTEGER NOT NULL,
                warehouse_id TEXT NOT NULL REFERENCES warehouses (id),
                item_id TEXT NOT NULL REFERENCES supply_items (id),
                batch_id TEXT NOT NULL REFERENCES stock_batches (id),
                delta BIGINT NOT NULL,
                book BIGINT,
                counted BIGINT,
                PRIMARY KEY (movement_id, seq)
            )
            """,
            "CREATE INDEX stock_lines_item ON stock_lines (item_id, warehouse_id)",
            "CREATE INDEX stock_lines_batch ON stock_lines (batch_id)",
            """
            CREATE TABLE stock_balances (
                warehouse_id TEXT NOT NULL REFERENCES warehouses (id),
                item_id TEXT NOT NULL REFERENCES supply_items (id),
                division_code TEXT NOT NULL,
                quantity BIGINT NOT NULL CHECK (quantity >= 0),
                minimum BIGINT,
                PRIMARY KEY (warehouse_id, item_id)
            )
            """,
            "CREATE INDEX stock_balances_item ON stock_balances (item_id, quantity)",
            """
            CREATE TABLE stock_sequences (
                prefix TEXT NOT NULL,
                day TEXT NOT NULL,
                last INTEGER NOT NULL,
                PRIMARY KEY (prefix, day)
            )
            """,
        ])
}
