import AnlanCore
import Foundation
import SQLKit

/// Divisions of the county, always read within the caller's jurisdiction.
public struct DivisionRepository: Sendable {
    let database: Database
    let table = ScopedTable(name: "divisions", divisionColumn: "code")
    /// Divisions are reference data, read on most requests and changed only by imports.
    let cache = ExpiringCache<String, Division>(lifetime: 60)

    /// What to list.
    public struct Filter: Sendable {
        public var parent: DivisionCode?
        public var level: DivisionLevel?
        /// A fragment of the name.
        public var name: String?

        public init(parent: DivisionCode? = nil, level: DivisionLevel? = nil, name: String? = nil) {
            self.parent = parent
            self.level = level
            self.name = name
        }
    }

    public func list(_ filter: Filter, page: PageRequest, by caller: Caller) async throws -> Page<Division> {
        try caller.require(.readBusinessData)
        func apply(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            var query = query
            if let parent = filter.parent { query = query.where("parent_code", .equal, SQLBind(parent.rawValue)) }
            if let level = filter.level { query = query.where("level", .equal, SQLBind(level.rawValue)) }
            if let name = filter.name?.trimmingCharacters(in: .whitespaces), !name.isEmpty {
                query = query.where("name", .like, SQLBind("%" + Self.escapeLike(name) + "%"))
            }
            return query
        }
        let total = try await table.count(database.reader, within: caller.jurisdiction, apply)
        let rows = try await apply(table.select(database.reader, within: caller.jurisdiction).columns(Self.listColumns))
            .orderBy("code").limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map { try Self.decode($0, boundary: false) }, total: total, request: page)
    }

    /// One division with its boundary, or `division.not_found` if it is absent or outside the jurisdiction.
    public func get(_ code: DivisionCode, by caller: Caller) async throws -> Division {
        try caller.require(.readBusinessData)
        let notFound = AnlanError.notFound("division.not_found", "区划 \(code) 不存在或不在您的辖区内。")
        guard table.permits(code, for: caller) else { throw notFound }
        let now = Date()
        if let cached = cache.value(for: code.rawValue, now: now) { return cached }
        guard
            let row = try await table.select(database.reader, within: caller.jurisdiction).column("*")
                .where("code", .equal, SQLBind(code.rawValue)).first()
        else { throw notFound }
        let division = try Self.decode(row, boundary: true)
        cache.store(division, for: code.rawValue, now: now)
        return division
    }

    /// The division a caller's records belong to: their jurisdiction's root, or the county for the
    /// console and other whole-database callers. `noCounty` when the database has no county yet.
    public func home(of caller: Caller) async throws -> DivisionCode {
        if let root = caller.jurisdiction.root { return root }
        guard let county = try await names(within: .everything).first(where: { $0.code.level == .county })?.code else {
            throw AnlanError(.conflict, code: "division.no_county", message: "数据库中还没有县级区划。")
        }
        return county
    }

    /// A division's name, from the cache: names are shown on records of any jurisdiction that refer to
    /// the division (an enterprise file names its township), so this is not limited to the caller's.
    public func name(of code: DivisionCode) async throws -> String? {
        do { return try await get(code, by: .console("names")).name } catch let error as AnlanError where error.kind == .notFound {
            return nil
        }
    }

    /// The divisions of one level in the jurisdiction, with boundaries, for the map.
    public func boundaries(level: DivisionLevel, by caller: Caller) async throws -> [Division] {
        try caller.require(.readBusinessData)
        let rows = try await table.select(database.reader, within: caller.jurisdiction).column("*")
            .where("level", .equal, SQLBind(level.rawValue)).orderBy("code").all()
        return try rows.map { try Self.decode($0, boundary: true) }
    }

    /// How many divisions of each level lie in the jurisdiction.
    public func countsByLevel(by caller: Caller) async throws -> [DivisionLevel: Int] {
        try caller.require(.readBusinessData)
        let rows = try await table.select(database.reader, within: caller.jurisdiction)
            .column("level").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .groupBy("level").all()
        var counts: [DivisionLevel: Int] = [:]
        for row in rows {
            if let level = DivisionLevel(rawValue: try row.decode(column: "level", as: String.self)) {
                counts[level] = try row.decode(column: "n", as: Int.self)
            }
        }
        return counts
    }

    /// A division by code for reference (account forms, the console), without jurisdiction: callers
    /// that show it to a user must check the jurisdiction themselves.
    func lookup(_ code: DivisionCode, on sql: any SQLDatabase) async throws -> Division? {
        try await sql.select().column("*").from("divisions").where("code", .equal, SQLBind(code.rawValue)).first()
            .map { try Self.decode($0, boundary: false) }
    }

    /// The stored boundary of one division, as GeoJSON text; for checks inside the store layer.
    func lookupBoundary(_ code: DivisionCode, on sql: any SQLDatabase) async throws -> String? {
        try await sql.select().column("boundary").from("divisions").where("code", .equal, SQLBind(code.rawValue))
            .first(decodingColumn: "boundary", as: String?.self) ?? nil
    }

    /// Code and name of every division in a jurisdiction, for pickers.
    public func names(within jurisdiction: Jurisdiction) async throws -> [(code: DivisionCode, name: String)] {
        let rows = try await table.select(database.reader, within: jurisdiction).columns("code", "name")
            .orderBy("code").all()
        return try rows.map {
            (try DivisionCode(try $0.decode(column: "code", as: String.self)), try $0.decode(column: "name", as: String.self))
        }
    }

    /// Each division's name by its code, for tables that print names where rows hold codes.
    public func nameMap(within jurisdiction: Jurisdiction) async throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try await names(within: jurisdiction).map { ($0.code.rawValue, $0.name) })
    }

    /// Inserts divisions, parents before children; each must lie in the caller's jurisdiction.
    public func insert(_ divisions: [Division], in transaction: Transaction) async throws {
        let now = Timestamp.string(transaction.now)
        for division in divisions {
            if let boundary = division.boundaryGeoJSON {
                // Stored boundaries are sent to clients as they are, so only a GeoJSON polygon may be stored.
                let object = (try? JSONSerialization.jsonObject(with: Data(boundary.utf8))) as? [String: Any]
                guard let type = object?["type"] as? String, ["Polygon", "MultiPolygon"].contains(type), object?["coordinates"] is [Any]
                else {
                    throw AnlanError.invalid("division.boundary_invalid", "区划 \(division.code) 的边界不是 GeoJSON 多边形。", field: "boundary")
                }
            }
        }
        for division in divisions.sorted(by: {
            $0.code.level.depth < $1.code.level.depth || ($0.code.level == $1.code.level && $0.code < $1.code)
        }) {
            try table.requireWritable(division.code, by: transaction.caller)
            try await transaction.sql.insert(into: "divisions")
                .columns(
                    "code", "name", "level", "parent_code", "urban_rural_code", "centroid_lat", "centroid_lon", "boundary",
                    "created_at", "updated_at"
                )
                .values(
                    SQLBind(division.code.rawValue), SQLBind(division.name), SQLBind(division.level.rawValue),
                    SQLBind(division.parentCode?.rawValue), SQLBind(division.urbanRuralCode),
                    SQLBind(division.centroid?.latitude), SQLBind(division.centroid?.longitude),
                    SQLBind(division.boundaryGeoJSON), SQLBind(now), SQLBind(now)
                )
                .run()
        }
        try await transaction.record(
            AuditEvent(
                action: "division.import", targetType: "division", targetID: nil,
                after: auditJSON(["count": divisions.count])))
        cache.removeAll()
    }

    /// True when no division is stored yet (an empty database).
    public func isEmpty() async throws -> Bool {
        try await database.reader.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("divisions").first(decodingColumn: "n", as: Int.self) == 0
    }

    private static let listColumns = ["code", "name", "level", "parent_code", "urban_rural_code", "centroid_lat", "centroid_lon"]

    static func escapeLike(_ text: String) -> String {
        // Neither engine treats backslash as a LIKE escape by default in SQLite; drop wildcards instead.
        text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "")
    }

    static func decode(_ row: any SQLRow, boundary: Bool) throws -> Division {
        let lat = try row.decode(column: "centroid_lat", as: Double?.self)
        let lon = try row.decode(column: "centroid_lon", as: Double?.self)
        return Division(
            code: try DivisionCode(try row.decode(column: "code", as: String.self)),
            name: try row.decode(column: "name", as: String.self),
            parentCode: try row.decode(column: "parent_code", as: String?.self).map { try DivisionCode($0) },
            urbanRuralCode: try row.decode(column: "urban_rural_code", as: String?.self),
            centroid: lat.flatMap { lat in lon.map { GeoPoint(latitude: lat, longitude: $0) } },
            boundaryGeoJSON: boundary ? try row.decode(column: "boundary", as: String?.self) : nil)
    }
}

extension DivisionLevel {
    var depth: Int {
        switch self {
        case .county: 0
        case .township: 1
        case .village: 2
        }
    }
}
