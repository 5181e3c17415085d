import AnlanCore
import Foundation
import SQLKit

/// The nearest-resource question of the command desk: from a point, the k nearest teams, experts, equipment or shelters
/// that can be called now (a team or expert available, equipment ready, a shelter open with room), of a category if
/// given, with their straight-line (great-circle) distance. Answered from the spatial index of each engine
/// (M017): on SQLite a window on the R*Tree widened until it holds k candidates within its inscribed circle; on
/// PostgreSQL the GiST index's k-nearest ordering, re-ranked by great-circle distance.
extension ResourceDirectory {
    public struct NearestQuery: Sendable {
        public var point: GeoPoint
        public var kind: ResourceKind
        public var category: String?
        public var k: Int
        /// Only what can be called now (the default); false lists every non-archived one.
        public var callableOnly: Bool
        /// For shelters: at least this many free places.
        public var minimumFree: Int?

        public static let maximumK = 50

        public init(
            point: GeoPoint, kind: ResourceKind, category: String? = nil, k: Int = 10, callableOnly: Bool = true, minimumFree: Int? = nil
        ) {
            self.point = point
            self.kind = kind
            self.category = category
            self.k = k
            self.callableOnly = callableOnly
            self.minimumFree = minimumFree
        }
    }

    public struct Nearby: Sendable {
        public let resource: EmergencyResource
        public let distanceKm: Double
    }

    public func nearest(_ q: NearestQuery, by caller: Caller) async throws -> [Nearby] {
        try WarehouseRepository.requireReader(caller)
        guard q.point.isValid else { throw AnlanError.invalid("resource.location_invalid", "位置的经纬度超出范围。", field: "latitude") }
        guard (1...NearestQuery.maximumK).contains(q.k) else {
            throw AnlanError.invalid("resource.k_invalid", "数量 k 须为 1 到 \(NearestQuery.maximumK)。", field: "k")
        }
        let filter = Self.filter(q, jurisdiction: caller.jurisdiction)
        switch database.engine {
        case .sqlite: return try await nearestFromRTree(q, filter: filter)
        case .postgres: return try await nearestFromGiST(q, filter: filter)
        }
    }

    /// The same answer by reading every row that passes the filter: what the index saves (benchmarks, tests).
    public func nearestByFullScan(_ q: NearestQuery, by caller: Caller) async throws -> [Nearby] {
        try WarehouseRepository.requireReader(caller)
        let rows = try await database.reader.raw(
            "SELECT \(Self.candidate) FROM resources r WHERE r.latitude IS NOT NULL AND r.longitude IS NOT NULL AND \(Self.filter(q, jurisdiction: caller.jurisdiction))"
        ).all()
        return try await winners(try Self.ranked(rows, from: q.point), k: q.k)
    }

    /// What a candidate is read as: its ID and point; only the k winners are read whole.
    static let candidate: SQLQueryString = "r.id, r.latitude, r.longitude"

    struct Candidate {
        let id: String
        let distanceKm: Double
    }

    /// Candidates nearest first (ties by ID, so both engines and the full scan agree).
    static func ranked(_ rows: [any SQLRow], from point: GeoPoint) throws -> [Candidate] {
        try rows.map { row in
            let at = GeoPoint(
                latitude: try row.decode(column: "latitude", as: Double.self),
                longitude: try row.decode(column: "longitude", as: Double.self))
            return Candidate(id: try row.decode(column: "id", as: String.self), distanceKm: point.distanceKm(to: at))
        }.sorted { ($0.distanceKm, $0.id) < ($1.distanceKm, $1.id) }
    }

    /// The first k candidates, read whole, in their order.
    func winners(_ ranked: [Candidate], k: Int) async throws -> [Nearby] {
        let chosen = Array(ranked.prefix(k))
        guard !chosen.isEmpty else { return [] }
        var byID: [String: EmergencyResource] = [:]
        for row in try await database.reader.select().column("*").from("resources").where("id", .in, SQLBind.group(chosen.map(\.id))).all()
        {
            let r = try Self.decode(row)
            byID[r.id.key] = r
        }
        return chosen.compactMap { c in byID[c.id].map { Nearby(resource: $0, distanceKm: c.distanceKm) } }
    }

    static func filter(_ q: NearestQuery, jurisdiction: Jurisdiction) -> SQLQueryString {
        var s: SQLQueryString = "r.kind = \(bind: q.kind.rawValue) AND r.archived_at IS NULL"
        s += " AND r.division_code LIKE \(SQLLiteral.divisionPrefix(jurisdiction.codePrefix))"
        if let category = q.category { s += " AND r.category = \(bind: category)" }
        if q.callableOnly {
            switch q.kind {
            case .team, .expert: s += " AND r.state = 'available'"
            case .equipment: s += " AND r.state = 'ready'"
            case .shelter: s += " AND r.state = 'open' AND (r.capacity IS NULL OR COALESCE(r.occupancy, 0) < r.capacity)"
            }
        }
        if q.kind == .shelter, let free = q.minimumFree, free > 0 {
            s += " AND r.capacity IS NOT NULL AND r.capacity - COALESCE(r.occupancy, 0) >= \(bind: free)"
        }
        return s
    }

    /// Windows of half-width `radius` km (1 km first, doubling): once the window holds k candidates no farther than its
    /// inscribed circle, no row outside it can be nearer. Past 2,500 km the window holds the whole county anyway.
    /// CROSS JOIN keeps the R*Tree as the outer loop (SQLite does not reorder it), so the window is read first.
    private func nearestFromRTree(_ q: NearestQuery, filter: SQLQueryString) async throws -> [Nearby] {
        var radius = 1.0
        let kmPerDegree = GeoPoint.earthRadiusKm * Double.pi / 180
        while true {
            let dLat = radius / kmPerDegree
            let dLon = radius / (kmPerDegree * max(0.01, cos((abs(q.point.latitude) + dLat) * Double.pi / 180)))
            let rows = try await database.reader.raw(
                """
                SELECT \(Self.candidate) FROM resources_rtree t CROSS JOIN resources r ON r.rowid = t.id \
                WHERE t.max_lon >= \(bind: q.point.longitude - dLon) AND t.min_lon <= \(bind: q.point.longitude + dLon) \
                AND t.max_lat >= \(bind: q.point.latitude - dLat) AND t.min_lat <= \(bind: q.point.latitude + dLat) AND \(filter)
                """
            ).all()
            let found = try Self.ranked(rows, from: q.point)
            if (found.count >= q.k && found[q.k - 1].distanceKm <= radius) || radius >= 2500 { return try await winners(found, k: q.k) }
            radius *= 2
        }
    }

    /// Two questions to the GiST index, both in degrees: the 3k nearest by `<->` give a k-th great-circle distance D; every
    /// point within D of the query is within D / cos(φ) degrees of it (φ the highest latitude of that circle), so the
    /// points in that circle (`<@`) hold the k nearest, which are then ranked by great-circle distance.
    private func nearestFromGiST(_ q: NearestQuery, filter: SQLQueryString) async throws -> [Nearby] {
        let origin: SQLQueryString = "point(\(bind: q.point.longitude), \(bind: q.point.latitude))"
        let located: SQLQueryString =
            "SELECT \(Self.candidate) FROM resources r WHERE r.latitude IS NOT NULL AND r.longitude IS NOT NULL AND \(filter)"
        let candidates = try Self.ranked(
            try await database.reader.raw(located + " ORDER BY point(r.longitude, r.latitude) <-> " + origin + " LIMIT \(bind: q.k * 3)")
                .all(),
            from: q.point)
        guard candidates.count >= q.k else { return try await winners(candidates, k: q.k) }
        let kmPerDegree = GeoPoint.earthRadiusKm * Double.pi / 180
        let reach = candidates[q.k - 1].distanceKm / kmPerDegree
        let highest = min(89.0, abs(q.point.latitude) + reach)
        let radius = reach / cos(highest * Double.pi / 180) * 1.001 + 1e-9
        let circle = try await database.reader.raw(
            located + " AND point(r.longitude, r.latitude) <@ circle(" + origin + ", \(bind: radius))"
        ).all()
        return try await winners(try Self.ranked(circle, from: q.point), k: q.k)
    }
}

extension WarehouseRepository {
    public struct NearbyStock: Sendable {
        public let warehouse: Warehouse
        public let quantity: Int
        public let distanceKm: Double
    }

    /// The k nearest warehouses of the jurisdiction holding at least `atLeast` of an item free (held in unexpired batches
    /// less what dispatch orders reserved: what an order could take), nearest first. A county keeps tens of warehouses, so the item's balances (indexed by item and
    /// quantity) are read and measured here.
    public func nearest(holding itemID: UUID, atLeast: Int, to point: GeoPoint, k: Int, by caller: Caller) async throws -> [NearbyStock] {
        try Self.requireReader(caller)
        guard point.isValid else { throw AnlanError.invalid("resource.location_invalid", "位置的经纬度超出范围。", field: "latitude") }
        guard (1...ResourceDirectory.NearestQuery.maximumK).contains(k) else {
            throw AnlanError.invalid("resource.k_invalid", "数量 k 须为 1 到 \(ResourceDirectory.NearestQuery.maximumK)。", field: "k")
        }
        let rows = try await database.reader.raw(
            "SELECT * FROM (SELECT w.*, " + Posting.usableSQL(today: Day(environment.now())) + " - " + Posting.reservedSQL()
                + """
                 AS held FROM stock_balances b JOIN warehouses w ON w.id = b.warehouse_id \
                WHERE b.item_id = \(bind: itemID.key) AND b.quantity >= \(bind: max(1, atLeast)) AND w.archived_at IS NULL \
                AND w.latitude IS NOT NULL AND w.longitude IS NOT NULL \
                AND w.division_code LIKE \(SQLLiteral.divisionPrefix(caller.jurisdiction.codePrefix))) AS held_stock \
                WHERE held >= \(bind: max(1, atLeast))
                """
        ).all()
        return try rows.compactMap { row -> NearbyStock? in
            let w = try Self.decode(row)
            guard let lat = w.latitude, let lon = w.longitude else { return nil }
            let at = GeoPoint(latitude: lat, longitude: lon)
            return NearbyStock(warehouse: w, quantity: try row.decode(column: "held", as: Int.self), distanceKm: point.distanceKm(to: at))
        }.sorted { ($0.distanceKm, $0.warehouse.id.key) < ($1.distanceKm, $1.warehouse.id.key) }.prefix(k).map { $0 }
    }
}
