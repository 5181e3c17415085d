import AnlanCore
import SQLKit

/// A list's text search: the words of what was typed (split on spaces, so "青山 化工" finds 青山镇's 化工 enterprises),
/// each of which must appear in one of the columns or in the enterprise's name. Wildcards are dropped.
enum TextSearch {
    /// The words of a search, without duplicates or LIKE wildcards; at most eight.
    static func words(_ text: String?) -> [String] {
        var seen = Set<String>()
        return (text ?? "").lowercased().split(whereSeparator: { $0.isWhitespace || $0 == "　" })
            .map { DivisionRepository.escapeLike(String($0)) }.filter { !$0.isEmpty && seen.insert($0).inserted }.prefix(8).map { $0 }
    }

    /// Every word in one of `columns` or in the name of the row's enterprise (`enterpriseColumn`).
    static func apply(_ text: String?, columns: [String], enterpriseColumn: String? = "enterprise_id", to query: SQLSelectBuilder)
        -> SQLSelectBuilder
    {
        var query = query
        for word in words(text) {
            let pattern = "%" + word + "%"
            query = query.where { group in
                var group = group
                for column in columns { group = group.orWhere(SQLFunction("lower", args: SQLColumn(column)), .like, SQLBind(pattern)) }
                if let enterpriseColumn {
                    group = group.orWhere(
                        SQLColumn(enterpriseColumn), .in,
                        SQLGroupExpression(SQLQueryString("SELECT id FROM enterprises WHERE lower(name) LIKE \(bind: pattern)")))
                }
                return group
            }
        }
        return query
    }
}
