import AnlanCore
import Foundation
import SQLKit

/// Drills: each of a plan the caller may see, kept with that plan's division and enterprise; and where every enterprise
/// and government of the jurisdiction stands against the frequency rules (`DrillFrequency`).
extension EmergencyPlanRepository {
    public func recordDrill(_ draft: DrillDraft, by caller: Caller) async throws -> Drill {
        let plan = try await get(draft.planID, by: caller)
        try Self.requireKeeper(caller, enterpriseID: plan.enterpriseID)
        let drill = Drill(
            id: environment.newID(), title: draft.title, on: draft.on, type: draft.type,
            planKind: plan.scope == .enterprise ? draft.planKind : .comprehensive,
            planID: plan.id, divisionCode: plan.divisionCode, enterpriseID: plan.enterpriseID, organiser: draft.organiser,
            participants: draft.participants, units: draft.units, scenario: draft.scenario, evaluation: draft.evaluation,
            findings: draft.findings,
            followUps: draft.followUps)
        try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            try await tx.sql.insert(into: "drills")
                .columns(
                    "id", "title", "held_on", "type", "plan_kind", "plan_id", "division_code", "enterprise_id", "organiser", "participants",
                    "units",
                    "scenario", "evaluation", "findings", "follow_ups", "recorded_by", "recorded_at"
                )
                .values(
                    SQLBind.id(drill.id), SQLBind(drill.title), SQLBind(drill.on.description), SQLBind(drill.type.rawValue),
                    SQLBind(drill.planKind.rawValue), SQLBind.id(drill.planID), SQLBind(drill.divisionCode), SQLBind.id(drill.enterpriseID),
                    SQLBind(drill.organiser), SQLBind(drill.participants), SQLBind(drill.units), SQLBind(drill.scenario),
                    SQLBind(drill.evaluation),
                    SQLBind(drill.findings), SQLBind(drill.followUps), SQLBind(tx.caller.username ?? "-"), SQLBind(Timestamp.string(tx.now))
                ).run()
            try await tx.record(AuditEvent(action: "drill.record", targetType: "drill", targetID: drill.id.key, after: auditJSON(drill)))
        }
        return drill
    }

    public struct DrillFilter: Sendable {
        public var enterpriseID: UUID?
        public var planID: UUID?
        public var type: DrillType?
        public var from: Day?
        public var to: Day?

        public init(enterpriseID: UUID? = nil, planID: UUID? = nil, type: DrillType? = nil, from: Day? = nil, to: Day? = nil) {
            self.enterpriseID = enterpriseID
            self.planID = planID
            self.type = type
            self.from = from
            self.to = to
        }
    }

    public func drills(_ filter: DrillFilter, page: PageRequest, by caller: Caller) async throws -> Page<Drill> {
        try Self.requireReader(caller)
        func apply(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = q
            if let id = filter.enterpriseID { q = q.where("enterprise_id", .equal, SQLBind.id(id)) }
            if let id = filter.planID { q = q.where("plan_id", .equal, SQLBind.id(id)) }
            if let type = filter.type { q = q.where("type", .equal, SQLBind(type.rawValue)) }
            if let from = filter.from { q = q.where("held_on", .greaterThanOrEqual, SQLBind(from.description)) }
            if let to = filter.to { q = q.where("held_on", .lessThanOrEqual, SQLBind(to.description)) }
            return q
        }
        let total = try await drills.count(database.reader, for: caller, apply)
        let rows = try await apply(drills.select(database.reader, for: caller).column("*")).orderBy("held_on", .descending).orderBy("id")
            .limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map(Self.decodeDrill), total: total, request: page)
    }

    /// One enterprise's standing against the drill rules, for its file (its officer reads its own): the drills counted
    /// are those the caller may read, as on the compliance page.
    public func drillStanding(of enterprise: Enterprise, by caller: Caller) async throws -> [DrillFrequency.Standing] {
        try Self.requireReader(caller)
        let rows = try await drills.select(database.reader, for: caller).column("plan_kind")
            .column(SQLFunction("MAX", args: SQLColumn("held_on")), as: "last")
            .where("enterprise_id", .equal, SQLBind.id(enterprise.id)).groupBy("plan_kind").all()
        let latest: [(on: Day, kind: DrillPlanKind)] = try rows.compactMap { row in
            guard let on = Day(try row.decode(column: "last", as: String.self)),
                let kind = DrillPlanKind(rawValue: try row.decode(column: "plan_kind", as: String.self))
            else { return nil }
            return (on, kind)
        }
        let risky = !DrillFrequency.highRiskSectors.isDisjoint(with: enterprise.profile.sectors)
        return DrillFrequency.requirements(enterprise: true, highRisk: risky).map {
            DrillFrequency.standing($0, drills: latest, today: today)
        }
    }

    public func drill(_ id: UUID, by caller: Caller) async throws -> Drill {
        try Self.requireReader(caller)
        guard let row = try await drills.select(database.reader, for: caller).column("*").where("id", .equal, SQLBind.id(id)).first()
        else { throw PlanErrors.drillNotFound }
        return try Self.decodeDrill(row)
    }

    /// One enterprise or government and where it stands against each rule that applies to it.
    public struct DrillCompliance: Sendable {
        public let subjectID: String
        public let name: String
        public let divisionCode: String
        public let isEnterprise: Bool
        public let highRisk: Bool
        public let standings: [DrillFrequency.Standing]
        public var behind: Bool { standings.contains(where: \.behind) }
    }

    /// Every active enterprise, and the county and townships, of the jurisdiction, with their standing; `behindOnly` keeps
    /// those behind on any rule; `division` narrows to one township (or village) and what lies in it. Computed in one pass
    /// over the drills' latest days (a county has thousands of enterprises).
    public func drillCompliance(
        behindOnly: Bool, enterprises wantEnterprises: Bool, sector: String?, within division: DivisionCode? = nil, by caller: Caller
    ) async throws -> [DrillCompliance] {
        try caller.require(.managePlans)
        let today = self.today
        if let division, !caller.jurisdiction.contains(division) { return [] }
        let prefixText = division?.jurisdictionPrefix ?? caller.jurisdiction.codePrefix
        let prefix = SQLLiteral.divisionPrefix(prefixText)
        var latest: [String: [(on: Day, kind: DrillPlanKind)]] = [:]
        let rows = try await database.reader.raw(
            """
            SELECT COALESCE(enterprise_id, division_code) AS subject, plan_kind, MAX(held_on) AS last FROM drills \
            WHERE division_code LIKE \(prefix) GROUP BY COALESCE(enterprise_id, division_code), plan_kind
            """
        ).all()
        for row in rows {
            guard let on = Day(try row.decode(column: "last", as: String.self)),
                let kind = DrillPlanKind(rawValue: try row.decode(column: "plan_kind", as: String.self))
            else { continue }
            latest[try row.decode(column: "subject", as: String.self), default: []].append((on, kind))
        }
        var out: [DrillCompliance] = []
        if wantEnterprises {
            var condition: SQLQueryString = " FROM enterprises e WHERE e.archived_at IS NULL AND e.division_code LIKE \(prefix)"
            if let sector { condition += " AND e.id IN (SELECT enterprise_id FROM enterprise_sectors WHERE sector = \(bind: sector))" }
            let highRisk = Set(
                try await database.reader.raw(
                    "SELECT DISTINCT enterprise_id FROM enterprise_sectors WHERE sector IN \(SQLBind.group(DrillFrequency.highRiskSectors.sorted()))"
                ).all().map { try $0.decode(column: "enterprise_id", as: String.self) })
            for row in try await database.reader.raw(
                "SELECT e.id, e.name, e.division_code" + condition + " ORDER BY e.division_code, e.name"
            ).all() {
                let id = try row.decode(column: "id", as: String.self)
                let risky = highRisk.contains(id)
                out.append(
                    DrillCompliance(
                        subjectID: id, name: try row.decode(column: "name", as: String.self),
                        divisionCode: try row.decode(column: "division_code", as: String.self), isEnterprise: true, highRisk: risky,
                        standings: DrillFrequency.requirements(enterprise: true, highRisk: risky).map {
                            DrillFrequency.standing($0, drills: latest[id] ?? [], today: today)
                        }))
            }
        } else {
            for (code, name) in try await divisions.names(within: caller.jurisdiction)
            where code.level != .village && code.rawValue.hasPrefix(prefixText) {
                out.append(
                    DrillCompliance(
                        subjectID: code.rawValue, name: name, divisionCode: code.rawValue, isEnterprise: false, highRisk: false,
                        standings: [DrillFrequency.standing(DrillFrequency.government, drills: latest[code.rawValue] ?? [], today: today)]))
            }
        }
        return behindOnly ? out.filter(\.behind) : out
    }

    static func decodeDrill(_ row: any SQLRow) throws -> Drill {
        guard let on = Day(try row.decode(column: "held_on", as: String.self)),
            let type = DrillType(rawValue: try row.decode(column: "type", as: String.self)),
            let kind = DrillPlanKind(rawValue: try row.decode(column: "plan_kind", as: String.self))
        else { throw AnlanError.recordCorrupt("演练记录") }
        return Drill(
            id: try row.decodeID("id"), title: try row.decode(column: "title", as: String.self), on: on, type: type, planKind: kind,
            planID: try row.decodeOptionalID("plan_id"), divisionCode: try row.decode(column: "division_code", as: String.self),
            enterpriseID: try row.decodeOptionalID("enterprise_id"), organiser: try row.decode(column: "organiser", as: String.self),
            participants: try row.decode(column: "participants", as: Int.self), units: try row.decodeOptional("units", as: String.self),
            scenario: try row.decode(column: "scenario", as: String.self),
            evaluation: try row.decodeOptional("evaluation", as: String.self),
            findings: try row.decodeOptional("findings", as: String.self), followUps: try row.decodeOptional("follow_ups", as: String.self))
    }
}
