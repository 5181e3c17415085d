import AnlanCore
import Foundation
import SQLKit

/// The situation board's supervision layer: per enterprise on the map, its open and overdue hazards (counted as the
/// hazard ledger's `open` and `overdue` filters count them) and its major hazard installations (重大危险源) in force.
extension InspectionRepository {
    public struct HazardSpot: Sendable, Equatable {
        public let enterpriseID: UUID
        public let name: String
        public let latitude: Double
        public let longitude: Double
        public var openHazards = 0
        public var overdueHazards = 0
        /// Open 重大事故隐患.
        public var majorHazards = 0
        /// Major hazard installations in force, and the most severe grade among them (1 is 一级, the most severe).
        public var majorInstallations = 0
        public var topGrade: Int?
    }

    /// Every located enterprise of the caller's jurisdiction with an open hazard or a major hazard installation.
    public func hazardSpots(by caller: Caller) async throws -> [HazardSpot] {
        try caller.require(.readBusinessData)
        // The layer spans enterprises: not an enterprise officer's to read.
        guard caller.role != .enterpriseOfficer else { throw AnlanError.forbidden }
        let today = self.today
        var open: [UUID: (open: Int, overdue: Int, major: Int)] = [:]
        let lateness = SQLRaw("CASE WHEN \(Self.mayBeOverdue.sql) AND due_date < '\(today)' THEN 1 ELSE 0 END")
        for row in try await applyFilter(
            HazardFilter(onSites: false, open: true),
            to: hazards.select(database.reader, for: caller).column("enterprise_id").column("is_major"),
            today: today
        ).column(lateness, as: "late").all() {
            let id = try row.decodeID("enterprise_id")
            var counts = open[id] ?? (0, 0, 0)
            counts.open += 1
            counts.overdue += try row.decode(column: "late", as: Int.self)
            counts.major += try row.decode(column: "is_major", as: Int.self) != 0 ? 1 : 0
            open[id] = counts
        }
        var installations: [UUID: (count: Int, grade: Int?)] = [:]
        for row in try await database.reader.raw(
            """
            SELECT enterprise_id, grade FROM hazard_installations WHERE is_major = 1 AND removed_at IS NULL \
            AND division_code LIKE \(SQLLiteral.divisionPrefix(caller.jurisdiction.codePrefix))
            """
        ).all() {
            let id = try row.decodeID("enterprise_id")
            let grade = try row.decodeOptional("grade", as: Int.self)
            var known = installations[id] ?? (0, nil)
            known.count += 1
            if let grade { known.grade = min(known.grade ?? grade, grade) }
            installations[id] = known
        }
        let ids = Set(open.keys).union(installations.keys).sorted { $0.key < $1.key }
        var spots: [HazardSpot] = []
        // A county's enterprises with anything to show are hundreds: read their places in chunks of an IN list.
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = ids[start..<min(start + 500, ids.count)]
            for row in try await database.reader.raw(
                """
                SELECT id, name, latitude, longitude FROM enterprises WHERE archived_at IS NULL AND latitude IS NOT NULL \
                AND longitude IS NOT NULL AND id IN \(SQLBind.group(chunk.map(\.key)))
                """
            ).all() {
                let id = try row.decodeID("id")
                var spot = HazardSpot(
                    enterpriseID: id, name: try row.decode(column: "name", as: String.self),
                    latitude: try row.decode(column: "latitude", as: Double.self),
                    longitude: try row.decode(column: "longitude", as: Double.self))
                if let counts = open[id] {
                    spot.openHazards = counts.open
                    spot.overdueHazards = counts.overdue
                    spot.majorHazards = counts.major
                }
                if let known = installations[id] {
                    spot.majorInstallations = known.count
                    spot.topGrade = known.grade
                }
                spots.append(spot)
            }
        }
        return spots.sorted { ($0.overdueHazards, $0.openHazards, $0.name) > ($1.overdueHazards, $1.openHazards, $1.name) }
    }
}
