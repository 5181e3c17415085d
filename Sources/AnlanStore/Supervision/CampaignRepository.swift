import AnlanCore
import Foundation
import SQLKit

/// 专项整治 campaigns: scope by sector and period, and their two lists (问题隐患清单, 制度措施清单).
public struct CampaignRepository: Sendable {
    let database: Database
    let environment: AnlanCore.Environment
    let audit: AuditLog
    let divisions: DivisionRepository
    let campaigns = ScopedTable(name: "campaigns", divisionColumn: "division_code")

    public struct Campaign: Sendable, Hashable {
        public let id: UUID
        public var name: String
        public var sectors: [String]
        public var startsOn: String
        public var endsOn: String
        /// 问题隐患清单: one problem per line.
        public var problems: String
        /// 制度措施清单: one measure per line.
        public var measures: String
        public init(id: UUID, name: String, sectors: [String], startsOn: String, endsOn: String, problems: String, measures: String) {
            self.id = id
            self.name = name
            self.sectors = sectors
            self.startsOn = startsOn
            self.endsOn = endsOn
            self.problems = problems
            self.measures = measures
        }
    }

    static func validated(_ c: Campaign) throws -> Campaign {
        var c = c
        c.name = c.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...100).contains(c.name.codePoints) else {
            throw AnlanError.invalid("campaign.name_required", "请填写专项名称（2–100 字）。", field: "name")
        }
        guard Timestamp.isDay(c.startsOn), Timestamp.isDay(c.endsOn), c.startsOn <= c.endsOn else {
            throw AnlanError.invalid("campaign.period_invalid", "起止日期须为 yyyy-MM-dd，且开始不晚于结束。", field: "startsOn")
        }
        c.sectors = c.sectors.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        guard c.sectors.count <= 30, c.sectors.allSatisfy({ $0.count <= 20 }), c.problems.count <= 20000, c.measures.count <= 20000 else {
            throw AnlanError.invalid("campaign.too_long", "行业至多 30 个（每个至多 20 字），两个清单各至多 20000 字。", field: "problems")
        }
        return c
    }

    public func create(_ campaign: Campaign, by caller: Caller) async throws -> Campaign {
        try caller.require(.configureCatalogs)
        let c = try Self.validated(campaign)
        let root = try await divisions.home(of: caller).rawValue
        try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            try await tx.sql.insert(into: "campaigns")
                .columns(
                    "id", "division_code", "name", "sectors", "starts_on", "ends_on", "problems", "measures", "created_by", "created_at"
                )
                .values(
                    SQLBind.id(c.id), SQLBind(root), SQLBind(c.name), SQLBind(auditJSON(c.sectors)),
                    SQLBind(c.startsOn), SQLBind(c.endsOn),
                    SQLBind(c.problems), SQLBind(c.measures), SQLBind(caller.username), SQLBind(Timestamp.string(tx.now))
                ).run()
            try await tx.record(
                AuditEvent(
                    action: "campaign.create", targetType: "campaign", targetID: c.id.key,
                    after: auditJSON(["name": c.name])))
        }
        return c
    }

    /// Keeps the two lists up to date during the campaign.
    public func updateLists(_ id: UUID, problems: String, measures: String, by caller: Caller) async throws -> Campaign {
        try caller.require(.configureCatalogs)
        var c = try await get(id, by: caller)
        let before = c
        c.problems = problems
        c.measures = measures
        c = try Self.validated(c)
        let after = c
        try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            try await campaigns.update(tx.sql, for: caller).set("problems", to: SQLBind(after.problems)).set(
                "measures", to: SQLBind(after.measures)
            )
            .where("id", .equal, SQLBind.id(id)).run()
            try await tx.record(
                AuditEvent(
                    action: "campaign.lists_update", targetType: "campaign", targetID: id.key,
                    before: auditJSON(["problems": before.problems, "measures": before.measures]),
                    after: auditJSON(["problems": after.problems, "measures": after.measures])))
        }
        return c
    }

    public func get(_ id: UUID, by caller: Caller) async throws -> Campaign {
        try caller.require(.readBusinessData)
        guard
            let row = try await campaigns.select(database.reader, for: caller).column("*").where(
                "id", .equal, SQLBind.id(id)
            ).first()
        else { throw AnlanError.campaignNotFound }
        return try Self.decode(row)
    }

    public func list(page: PageRequest, by caller: Caller) async throws -> Page<Campaign> {
        try caller.require(.readBusinessData)
        let total = try await campaigns.count(database.reader, for: caller)
        let rows = try await campaigns.select(database.reader, for: caller).column("*").orderBy("starts_on", .descending).orderBy("id")
            .limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map(Self.decode), total: total, request: page)
    }

    static func decode(_ row: any SQLRow) throws -> Campaign {
        Campaign(
            id: try row.decodeID("id"), name: try row.decode(column: "name", as: String.self),
            sectors: try JSONDecoder().decode([String].self, from: Data(try row.decode(column: "sectors", as: String.self).utf8)),
            startsOn: try row.decode(column: "starts_on", as: String.self), endsOn: try row.decode(column: "ends_on", as: String.self),
            problems: try row.decode(column: "problems", as: String.self), measures: try row.decode(column: "measures", as: String.self))
    }
}
