import AnlanCore
import Foundation
import SQLKit

extension SQLBind {
    /// A record's ID bound as its stored text (`UUID.key`): the one place IDs meet SQL.
    public static func id(_ id: UUID) -> SQLBind { SQLBind(id.key) }

    /// An optional ID: NULL when absent.
    public static func id(_ id: UUID?) -> SQLBind { SQLBind(id?.key) }
}

extension SQLRow {
    /// A stored record ID read back: the other half of `SQLBind.id`. A column that holds no ID is a damaged row,
    /// reported as such instead of trapping or inventing a new ID.
    public func decodeID(_ column: String) throws -> UUID {
        guard let id = UUID(key: try decode(column: column, as: String.self)) else {
            throw AnlanError.recordCorrupt("\(column) 不是有效的 ID")
        }
        return id
    }

    /// An optional stored ID (a NULL column is nil); a non-NULL column that holds no ID is a damaged row.
    public func decodeOptionalID(_ column: String) throws -> UUID? {
        try decodeNil(column: column) ? nil : try decodeID(column)
    }
}

extension SQLRow {
    /// A stored calendar day ("yyyy-MM-dd", as `Day` binds itself) read back; a column that holds no day is a damaged
    /// row, reported as such.
    public func decodeDay(_ column: String) throws -> Day {
        guard let day = Day(try decode(column: column, as: String.self)) else {
            throw AnlanError.recordCorrupt("\(column) 不是有效的日期")
        }
        return day
    }

    /// An optional stored day (a NULL column is nil).
    public func decodeOptionalDay(_ column: String) throws -> Day? {
        try decodeNil(column: column) ? nil : try decodeDay(column)
    }
}

extension SQLRow {
    /// An optional column. SQLiteKit decodes `Optional<T>` through a decoder object made per value; asking for NULL
    /// first and then for `T` takes its direct conversion (a list page reads some 400 optional columns).
    public func decodeOptional<T: Decodable>(_ column: String, as type: T.Type) throws -> T? {
        try decodeNil(column: column) ? nil : try decode(column: column, as: T.self)
    }
}
