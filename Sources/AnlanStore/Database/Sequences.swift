import AnlanCore
import SQLKit

/// Numbering counters (文书编号, 出入库单号, 备案编号): one row per key in a table with a `last` column. The next value is
/// taken inside the caller's transaction: the row is made if missing, then raised and read in one statement, so two
/// writers at once get different numbers on either engine.
enum Sequences {
    static func next(_ table: String, key: [(column: String, value: SQLBind)], on sql: any SQLDatabase, failure: AnlanError) async throws
        -> Int
    {
        let columns = SQLList(key.map { SQLIdentifier($0.column) })
        try await sql.raw(
            "INSERT INTO \(ident: table) (\(columns), last) VALUES (\(SQLList(key.map(\.value))), 0) ON CONFLICT (\(columns)) DO NOTHING"
        ).run()
        let match = SQLList(key.map { SQLBinaryExpression(SQLIdentifier($0.column), .equal, $0.value) }, separator: SQLRaw(" AND "))
        guard let row = try await sql.raw("UPDATE \(ident: table) SET last = last + 1 WHERE \(match) RETURNING last").first(),
            let next = try? row.decode(column: "last", as: Int.self)
        else { throw failure }
        return next
    }
}
