extension Migration {
    /// Readiness: a slip's receipt (签收) names the person who signed the paper 出入库单 and the day they signed it, as
    /// entered from that paper; `confirmed_by` and `confirmed_at` stay who entered it and when.
    static let m035StockReceipts = Migration(
        number: 35, name: "stock_receipts",
        common: [
            "ALTER TABLE stock_movements ADD COLUMN signed_by TEXT",
            "ALTER TABLE stock_movements ADD COLUMN signed_on TEXT",
        ])
}
