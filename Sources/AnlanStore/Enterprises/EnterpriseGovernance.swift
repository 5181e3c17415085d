import AnlanCore
import Foundation
import SQLKit

/// What is wrong or missing in the enterprise files of a jurisdiction: the data-governance report.
public struct GovernanceReport: Sendable {
    /// An enterprise named in a finding.
    public struct Item: Sendable, Hashable {
        public let id: UUID
        public let name: String
        public let detail: String
    }

    public let activeCount: Int
    /// Profile column → how many active files fill it.
    public let filled: [(column: String, count: Int)]
    /// Groups of enterprises that are probably the same one.
    public let sameCreditCode: [[Item]]
    public let sameNameAndAddress: [[Item]]
    public let similarNames: [[Item]]
    public let invalidCreditCodes: [Item]
    public let withoutCoordinates: [Item]
    public let outsideCounty: [Item]
    /// Each list shows at most this many entries; the counts above it are complete.
    public static let listLimit = 100
}

extension EnterpriseRepository {
    static let governedColumns = [
        "credit_code", "legal_representative", "principal", "safety_officer_name", "safety_officer_phone", "address", "latitude",
        "employees", "standardization_grade", "risk_level",
    ]

    /// Builds the governance report over the active files in the caller's jurisdiction.
    public func governance(by caller: Caller) async throws -> GovernanceReport {
        try caller.require(.readBusinessData)
        var counting = table.select(database.reader, for: caller).where("archived_at", .is, SQLLiteral.null)
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "total")
        for column in Self.governedColumns {
            counting = counting.column(SQLFunction("COUNT", args: SQLColumn(column)), as: "filled_" + column)
        }
        guard let counts = try await counting.first() else { throw AnlanError.forbidden }
        let total = try counts.decode(column: "total", as: Int.self)
        let filled = try Self.governedColumns.map { ($0, try counts.decode(column: "filled_" + $0, as: Int.self)) }

        struct Row: Decodable {
            let id: String, name: String, address: String?, credit_code: String?, division_code: String, latitude: Double?,
                longitude: Double?
        }
        let rows = try await table.select(database.reader, for: caller).where("archived_at", .is, SQLLiteral.null)
            .columns("id", "name", "address", "credit_code", "division_code", "latitude", "longitude").orderBy("name")
            .all(decoding: Row.self)
        func item(_ row: Row, _ detail: String) -> GovernanceReport.Item {
            GovernanceReport.Item(id: UUID(key: row.id) ?? UUID(), name: row.name, detail: detail)
        }
        func groups(_ key: (Row) -> String?, detail: (Row) -> String) -> [[GovernanceReport.Item]] {
            Dictionary(grouping: rows.filter { key($0) != nil }, by: { key($0)! }).values.filter { $0.count > 1 }
                .map { $0.map { item($0, detail($0)) } }.sorted { $0[0].name < $1[0].name }
        }
        let county = try await countyBoundary(for: caller)
        let limit = GovernanceReport.listLimit
        return GovernanceReport(
            activeCount: total, filled: filled,
            sameCreditCode: Array(groups({ $0.credit_code }, detail: { $0.credit_code ?? "" }).prefix(limit)),
            sameNameAndAddress: Array(
                groups({ row in row.address.map { Self.squeezed(row.name) + "|" + Self.squeezed($0) } }, detail: { $0.address ?? "" })
                    .prefix(limit)),
            similarNames: Array(
                groups({ Self.coreName($0.name) }, detail: { $0.address ?? "" }).filter { group in Set(group.map(\.name)).count > 1 }
                    .prefix(limit)),
            invalidCreditCodes: Array(
                rows.compactMap { row in row.credit_code.flatMap { CreditCode.check($0).error.map { item(row, $0.message) } } }.prefix(
                    limit)),
            withoutCoordinates: Array(
                rows.filter { $0.latitude == nil || $0.longitude == nil }.map { item($0, $0.address ?? "") }.prefix(limit)),
            outsideCounty: Array(
                rows.compactMap { row -> GovernanceReport.Item? in
                    guard let county, let lat = row.latitude, let lon = row.longitude,
                        !county.contains(GeoPoint(latitude: lat, longitude: lon))
                    else { return nil }
                    return item(row, "\(lat), \(lon)")
                }.prefix(limit)))
    }

    /// The boundary of the county the caller works in (governance and import check coordinates against it).
    func countyBoundary(for caller: Caller) async throws -> GeoPolygon? {
        let prefix = caller.jurisdiction.codePrefix
        guard prefix.count >= 6, let code = try? DivisionCode(String(prefix.prefix(6)) + "000000") else { return nil }
        return try await divisions.lookupBoundary(code, on: database.reader).flatMap(GeoPolygon.init(geoJSON:))
    }

    static func squeezed(_ text: String) -> String {
        String(text.unicodeScalars.filter { !$0.properties.isWhitespace && !CharacterSet.punctuationCharacters.contains($0) }).lowercased()
    }

    /// A name without the legal form and place words that differ between copies of one enterprise.
    static func coreName(_ name: String) -> String {
        var core = squeezed(name)
        for suffix in ["股份有限公司", "有限责任公司", "有限公司", "公司", "总厂", "分厂", "厂"] where core.hasSuffix(suffix) {
            core = String(core.dropLast(suffix.count))
            break
        }
        return core
    }
}
