import AnlanCore
import Foundation
import SQLKit
import SQLiteNIO

/// A row's columns read by position, in the order the query selected them. `Database.read` makes them: on SQLite
/// straight from SQLiteNIO's values, elsewhere through SQLKit by the selected names.
public protocol RowColumns: Sendable {
    func text(_ index: Int) throws -> String?
    func integer(_ index: Int) throws -> Int?
    func real(_ index: Int) throws -> Double?
}

extension RowColumns {
    /// A column that must not be NULL.
    public func requiredText(_ index: Int) throws -> String {
        guard let value = try text(index) else { throw AnlanError.recordCorrupt(column: index) }
        return value
    }

    /// A record ID (`UUID.key`); nil for NULL.
    public func id(_ index: Int) throws -> UUID? {
        guard let text = try text(index) else { return nil }
        guard let id = UUID(key: text) else { throw AnlanError.recordCorrupt(column: index) }
        return id
    }
}

extension AnlanError {
    /// A stored row that cannot be read back as what it should hold: `what` says which value.
    static func recordCorrupt(_ what: String) -> AnlanError {
        AnlanError(.conflict, code: "record.corrupt", message: "记录已损坏（\(what)）。")
    }

    static func recordCorrupt(column index: Int) -> AnlanError { recordCorrupt("第 \(index + 1) 列的值无法读取") }
}

/// SQLite's values, converted as SQLiteKit converts them, without a name lookup or a Decodable per value.
struct SQLiteRowColumns: RowColumns {
    let values: [SQLiteData]

    init(_ row: SQLiteRow) { values = row.columns.map(\.data) }

    func text(_ index: Int) throws -> String? {
        switch values[index] {
        case .null: nil
        case .text(let value): value
        case .integer(let value): String(value)
        case .float(let value): String(value)
        case .blob: throw AnlanError.recordCorrupt(column: index)
        }
    }

    func integer(_ index: Int) throws -> Int? {
        switch values[index] {
        case .null: return nil
        case .integer(let value): return value
        case .float(let value) where value.rounded() == value: return Int(value)
        case .text(let value) where Int(value) != nil: return Int(value)
        default: throw AnlanError.recordCorrupt(column: index)
        }
    }

    func real(_ index: Int) throws -> Double? {
        switch values[index] {
        case .null: return nil
        case .float(let value): return value
        case .integer(let value): return Double(value)
        case .text(let value) where Double(value) != nil: return Double(value)
        default: throw AnlanError.recordCorrupt(column: index)
        }
    }
}

/// Any engine's row, read by the names the query selected.
struct NamedRowColumns: RowColumns {
    let row: any SQLRow
    let names: [String]

    func text(_ index: Int) throws -> String? { try row.decodeOptional(names[index], as: String.self) }
    func integer(_ index: Int) throws -> Int? { try row.decodeOptional(names[index], as: Int.self) }
    func real(_ index: Int) throws -> Double? { try row.decodeOptional(names[index], as: Double.self) }
}
