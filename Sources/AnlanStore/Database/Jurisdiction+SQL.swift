import AnlanCore
import SQLKit

/// A table whose rows belong to a division. Every repository reads and writes such rows through
/// these builders, so the caller's jurisdiction filters every statement in one place.
struct ScopedTable: Sendable {
    let name: String
    /// The column holding the row's 12-digit division code.
    let divisionColumn: String
    /// The column naming the enterprise a row belongs to, for tables an enterprise officer may see
    /// only their own rows of. Nil where enterprise officers are limited by division alone.
    var enterpriseColumn: String? = nil

    func select(_ sql: any SQLDatabase, within jurisdiction: Jurisdiction) -> SQLSelectBuilder {
        sql.select().from(name).within(jurisdiction, column: divisionColumn)
    }

    func update(_ sql: any SQLDatabase, within jurisdiction: Jurisdiction) -> SQLUpdateBuilder {
        sql.update(name).within(jurisdiction, column: divisionColumn)
    }

    /// Rows the caller may see: within their jurisdiction and, for an enterprise officer, their own enterprise's.
    func select(_ sql: any SQLDatabase, for caller: Caller) -> SQLSelectBuilder {
        owned(select(sql, within: caller.jurisdiction), by: caller)
    }

    func update(_ sql: any SQLDatabase, for caller: Caller) -> SQLUpdateBuilder {
        owned(update(sql, within: caller.jurisdiction), by: caller)
    }

    func count(_ sql: any SQLDatabase, for caller: Caller, _ filter: (SQLSelectBuilder) -> SQLSelectBuilder = { $0 }) async throws -> Int {
        try await count(sql, within: caller.jurisdiction) { filter(owned($0, by: caller)) }
    }

    private func owned<B: SQLPredicateBuilder>(_ builder: B, by caller: Caller) -> B {
        guard let column = enterpriseColumn, caller.role == .enterpriseOfficer else { return builder }
        // An enterprise officer not linked to an enterprise sees none: "-" is no ID.
        return builder.where(SQLColumn(column), .equal, SQLBind(caller.enterpriseID?.key ?? "-"))
    }

    func count(_ sql: any SQLDatabase, within jurisdiction: Jurisdiction, _ filter: (SQLSelectBuilder) -> SQLSelectBuilder = { $0 })
        async throws -> Int
    {
        let query = filter(select(sql, within: jurisdiction).column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"))
        return try await query.first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// True when a row of this division is the caller's to see: the same rule `select` applies in SQL,
    /// for reads served from a cache.
    func permits(_ code: DivisionCode, for caller: Caller) -> Bool {
        caller.jurisdiction.contains(code) && (enterpriseColumn == nil || caller.role != .enterpriseOfficer)
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
        self.where(SQLColumn(column), .like, SQLLiteral.divisionPrefix(jurisdiction.codePrefix))
    }
}

extension SQLLiteral {
    /// The LIKE pattern of a division-code prefix, written into the statement instead of bound: SQLite compiles every
    /// statement whose LIKE pattern is a bound parameter twice (once more at the first step, to try the LIKE
    /// optimisation with the value), which made up a fifth of a list page's SQLite time. A prefix is digits only
    /// (`DivisionCode` validates it), so the literal carries nothing a caller wrote; anything else is still bound.
    static func divisionPrefix(_ prefix: String) -> any SQLExpression {
        prefix.utf8.allSatisfy({ (0x30...0x39).contains($0) }) ? SQLLiteral.string(prefix + "%") : SQLBind(prefix + "%")
    }
}
