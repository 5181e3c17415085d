import Foundation

extension UUID {
    /// The one text form of a record's ID: lowercase, as rows store it, URLs carry it and JSON gives it.
    /// Parsing takes either case (`UUID(uuidString:)`).
    public var key: String { uuidString.lowercased() }
}
