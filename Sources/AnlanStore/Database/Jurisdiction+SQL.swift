import AnlanCore
import SQLKit

/// A table whose rows belong to a division. Every repository reads and writes such rows through
/// these builders, so the caller's jurisdiction filters every statement in one place.
struct ScopedTable: Sendable {
    let name: String
    /// The column holding the row's 12-digit division code.
    let divisionColumn: String

    func select(_ sql: any SQLDatabase, within jurisdiction: Jurisdiction) -> SQLSelectBuilder {
        sql.select().from(name).within(jurisdiction, column: divisionColumn)
    }

    func update(_ sql: any SQLDatabase, within jurisdiction: Jurisdiction) -> SQLUpdateBuilder {
        sql.update(name).within(jurisdiction, column: divisionColumn)
    }

    func count(_ sql: any SQLDatabase, within jurisdiction: Jurisdiction, _ filter: (SQLSelectBuilder) -> SQLSelectBuilder = { $0 })
        async throws -> Int
    {
        let query = filter(select(sql, within: jurisdiction).column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"))
        return try await query.first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// Refuses a row that would be written outside the caller's jurisdiction, as if it did not exist:
    /// a caller learns nothing of divisions beyond their own.
    func requireWritable(_ code: DivisionCode, by caller: Caller) throws {
        guard caller.jurisdiction.contains(code) else {
            throw AnlanError.notFound("division.not_found", "区划 \(code) 不存在或不在您的辖区内。")
        }
    }
}

extension SQLPredicateBuilder {
    /// Keeps rows whose division code lies in the jurisdiction.
    func within(_ jurisdiction: Jurisdiction, column: String) -> Self {
        self.where(SQLColumn(column), .like, SQLBind(jurisdiction.codePrefix + "%"))
    }
}
