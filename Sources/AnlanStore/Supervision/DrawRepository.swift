import AnlanCore
import Foundation
import SQLKit

/// 双随机 draws: the pool, the algorithm's whole input (candidates with weights, inspectors, conflicts,
/// previous inspectors, seed) and its result are stored together, so anyone can recompute the draw.
public struct DrawRepository: Sendable {
    let database: Database
    let environment: AnlanCore.Environment
    let audit: AuditLog
    let enterprises: EnterpriseRepository
    let accounts: AccountService
    let catalogs: SupervisionCatalogs
    let inspections: InspectionRepository
    let draws = ScopedTable(name: "random_draws", divisionColumn: "division_code")

    /// Which enterprises may be drawn.
    public struct Pool: Sendable, Hashable, Codable {
        public var sector: String?
        public var divisionCode: String?
        public var riskLevels: [RiskLevel]
        /// Leave out the plan's 重点 enterprises (red, orange), which are inspected anyway.
        public var excludeKeyEnterprises: Bool
        public init(sector: String? = nil, divisionCode: String? = nil, riskLevels: [RiskLevel] = [], excludeKeyEnterprises: Bool = false) {
            self.sector = sector
            self.divisionCode = divisionCode
            self.riskLevels = riskLevels
            self.excludeKeyEnterprises = excludeKeyEnterprises
        }
    }

    public struct Draw: Sendable, Hashable {
        public let id: UUID
        public let divisionCode: String
        public let title: String
        public let pool: Pool
        public let input: RandomDrawAlgorithm.Input
        public let algorithm: String
        public let result: [RandomDrawAlgorithm.Assignment]
        public let drawnOn: String
        public let publishBy: String
        public var publishedAt: Date?
        public let createdBy: String?
        public let createdAt: Date
    }

    /// Draws `count` enterprises (or `ratio` of the pool) from the pool, weighted by risk if asked.
    /// The seed is the caller's (announced beforehand, e.g. a public lottery number) or a fresh random one;
    /// Draws as an order asks: the one operation behind the draw page and the API.
    public func draw(_ order: DrawOrder, by caller: Caller) async throws -> Draw {
        try await draw(
            title: order.title,
            pool: Pool(
                sector: order.sector, divisionCode: order.divisionCode?.rawValue, riskLevels: order.riskLevels,
                excludeKeyEnterprises: order.excludeKeyEnterprises),
            count: order.count, ratio: order.ratio, weighted: order.weighted, inspectorsPerEnterprise: order.inspectorsPerEnterprise,
            seed: order.seed, by: caller)
    }

    /// either way it is fixed before the candidates are drawn and stored with them.
    public func draw(
        title: String, pool: Pool, count: Int?, ratio: Double?, weighted: Bool, inspectorsPerEnterprise: Int = 2, seed: UInt64? = nil,
        by caller: Caller
    ) async throws -> Draw {
        try caller.require(.inspect)
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...100).contains(title.codePoints) else {
            throw AnlanError.invalid("draw.title_required", "请填写抽查名称（2–100 字）。", field: "title")
        }
        let root = try await divisions.home(of: caller).rawValue
        // The pool: every active, operating enterprise the caller can see that matches.
        var filter = EnterpriseRepository.Filter()
        filter.sector = pool.sector
        if let code = pool.divisionCode { filter.division = try DivisionCode(code) }
        filter.operatingStatus = .operating
        // The year's classification decides who is 重点 (red and orange without a plan), and which enterprises have
        // used up their yearly allowance of inspections: those are left out of the pool.
        let year = Timestamp.shanghai.component(.year, from: environment.now())
        let classification = try await inspections.classification(for: root, year: year)
        let capped = classification?.classes.contains { $0.maxPerYear != nil } ?? false
        let counted = capped ? try await inspections.countedInspections(year: year) : [:]
        var found: [RandomDrawAlgorithm.Candidate] = []
        for e in try await enterprises.all(filter, by: caller) {
            if !pool.riskLevels.isEmpty, !pool.riskLevels.contains(where: { $0 == e.riskLevel }) { continue }
            let enterpriseClass = classification?.enterpriseClass(
                risk: e.riskLevel, sectors: e.profile.sectors, grade: e.profile.standardizationGrade)
            if pool.excludeKeyEnterprises {
                let isKey =
                    classification == nil ? e.riskLevel == .major || e.riskLevel == .high : (enterpriseClass?.inspectionsPerYear ?? 0) > 0
                if isKey { continue }
            }
            if let cap = enterpriseClass?.maxPerYear, (counted[e.id.key] ?? 0) >= cap { continue }
            found.append(
                .init(enterpriseID: e.id.key, weight: weighted ? RandomDrawAlgorithm.defaultWeight(e.riskLevel) : 1))
        }
        let candidates = found
        guard !candidates.isEmpty else { throw AnlanError.invalid("draw.pool_empty", "名录库中没有符合条件的在营企业。", field: "pool") }
        let n: Int
        if let count {
            n = count
        } else if let ratio, ratio > 0, ratio <= 1 {
            n = max(1, Int((Double(candidates.count) * ratio).rounded(.up)))
        } else {
            throw AnlanError.invalid("draw.count_invalid", "请给出抽取数量，或 0–1 之间的抽取比例。", field: "count")
        }
        let inspectors = try await accounts.certifiedInspectors(county: root).filter { $0.role == .inspector }.map(\.username)
        let ids = Set(candidates.map(\.enterpriseID))
        let conflicts = try await catalogs.conflictMap(by: caller).filter { ids.contains($0.key) }
        let previous = try await previousInspectors(of: ids)
        var generator = SystemRandomNumberGenerator()
        let input = RandomDrawAlgorithm.Input(
            candidates: candidates.sorted { $0.enterpriseID < $1.enterpriseID }, count: n, inspectors: inspectors,
            inspectorsPerEnterprise: inspectorsPerEnterprise, conflicts: conflicts, previous: previous, seed: seed ?? generator.next())
        let result = try RandomDrawAlgorithm.draw(input)
        let calendar = try await catalogs.calendar()
        let now = environment.now()
        let today = Timestamp.day(now)
        guard let publishBy = calendar.adding(workingDays: 20, to: today) else {
            throw AnlanError(.conflict, code: "draw.calendar_invalid", message: "无法计算公示期限，请检查工作日历。")
        }
        let draw = Draw(
            id: environment.newID(), divisionCode: root, title: title, pool: pool, input: input, algorithm: RandomDrawAlgorithm.version,
            result: result,
            drawnOn: today, publishBy: publishBy, publishedAt: nil, createdBy: caller.username, createdAt: now)
        try await database.write(by: caller, at: now, audit: audit) { tx in
            try await tx.sql.insert(into: "random_draws")
                .columns(
                    "id", "division_code", "title", "pool", "input", "algorithm", "result", "drawn_on", "publish_by", "published_at",
                    "created_by",
                    "created_at"
                )
                .values(
                    SQLBind.id(draw.id), SQLBind(root), SQLBind(title), SQLBind(auditJSON(pool)),
                    SQLBind(Self.encodeInput(input)),
                    SQLBind(draw.algorithm), SQLBind(auditJSON(result)), SQLBind(today), SQLBind(publishBy), SQLBind(String?.none),
                    SQLBind(caller.username), SQLBind(Timestamp.string(now))
                ).run()
            try await tx.record(
                AuditEvent(
                    action: "draw.create", targetType: "random_draw", targetID: draw.id.key,
                    after: auditJSON([
                        "title": title, "seed": String(input.seed), "candidates": String(candidates.count), "drawn": String(result.count),
                    ])))
        }
        return draw
    }

    var divisions: DivisionRepository { enterprises.divisions }

    /// enterprise ID → usernames of its most recent inspection.
    func previousInspectors(of ids: Set<String>) async throws -> [String: [String]] {
        let rows = try await database.reader.select().columns("id", "enterprise_id", "inspected_on", "inspectors").from("inspections")
            .orderBy("inspected_on", .descending).orderBy("created_at", .descending).all()
        var map: [String: [String]] = [:]
        for row in rows {
            let enterprise = try row.decode(column: "enterprise_id", as: String.self)
            guard ids.contains(enterprise), map[enterprise] == nil else { continue }
            let people = try JSONDecoder().decode(
                [InspectorOnRecord].self, from: Data(try row.decode(column: "inspectors", as: String.self).utf8))
            map[enterprise] = people.map(\.username).sorted()
        }
        return map
    }

    /// The seed is a UInt64, which JSON numbers cannot all carry exactly: it is stored as text.
    static func encodeInput(_ input: RandomDrawAlgorithm.Input) -> String {
        auditJSON(StoredInput(input))
    }

    struct StoredInput: Codable {
        let candidates: [RandomDrawAlgorithm.Candidate]
        let count: Int
        let inspectors: [String]
        let inspectorsPerEnterprise: Int
        let conflicts: [String: [String]]
        let previous: [String: [String]]
        let seed: String
        init(_ i: RandomDrawAlgorithm.Input) {
            candidates = i.candidates
            count = i.count
            inspectors = i.inspectors
            inspectorsPerEnterprise = i.inspectorsPerEnterprise
            conflicts = i.conflicts
            previous = i.previous
            seed = String(i.seed)
        }
        var input: RandomDrawAlgorithm.Input {
            .init(
                candidates: candidates, count: count, inspectors: inspectors, inspectorsPerEnterprise: inspectorsPerEnterprise,
                conflicts: conflicts,
                previous: previous, seed: UInt64(seed) ?? 0)
        }
    }

    public func get(_ id: UUID, by caller: Caller) async throws -> Draw {
        try caller.require(.readBusinessData)
        guard
            let row = try await draws.select(database.reader, for: caller).column("*").where(
                "id", .equal, SQLBind.id(id)
            ).first()
        else { throw AnlanError.drawNotFound }
        return try Self.decode(row)
    }

    /// A published draw, for the public page (no login): nil unless published.
    public func published(_ id: UUID) async throws -> Draw? {
        guard
            let row = try await database.reader.select().column("*").from("random_draws").where(
                "id", .equal, SQLBind.id(id)
            )
            .where("published_at", .isNot, SQLLiteral.null).first()
        else { return nil }
        return try Self.decode(row)
    }

    public func list(page: PageRequest, by caller: Caller) async throws -> Page<Draw> {
        try caller.require(.readBusinessData)
        let total = try await draws.count(database.reader, for: caller)
        let rows = try await draws.select(database.reader, for: caller).column("*").orderBy("created_at", .descending).orderBy("id")
            .limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map(Self.decode), total: total, request: page)
    }

    public func publish(_ id: UUID, by caller: Caller) async throws -> Draw {
        try caller.require(.inspect)
        var draw = try await get(id, by: caller)
        let now = environment.now()
        try await database.write(by: caller, at: now, audit: audit) { tx in
            let published = try await draws.select(tx.sql, for: caller).column("published_at").where(
                "id", .equal, SQLBind.id(id)
            )
            .for(.update).first(decodingColumn: "published_at", as: String?.self)
            guard published == .some(nil) else { throw AnlanError(.conflict, code: "draw.already_published", message: "该抽查结果已公示。") }
            try await draws.update(tx.sql, for: caller).set("published_at", to: SQLBind(Timestamp.string(now)))
                .where("id", .equal, SQLBind.id(id)).run()
            try await tx.record(AuditEvent(action: "draw.publish", targetType: "random_draw", targetID: id.key))
        }
        draw.publishedAt = now
        return draw
    }

    /// Recomputes the draw from its stored input and compares it with the stored result.
    public static func verify(_ draw: Draw) -> (matches: Bool, recomputed: [RandomDrawAlgorithm.Assignment]) {
        guard draw.algorithm == RandomDrawAlgorithm.version, let again = try? RandomDrawAlgorithm.draw(draw.input) else {
            return (false, [])
        }
        return (again == draw.result, again)
    }

    static func decode(_ row: any SQLRow) throws -> Draw {
        let decoder = JSONDecoder()
        return Draw(
            id: try row.decodeID("id"),
            divisionCode: try row.decode(column: "division_code", as: String.self),
            title: try row.decode(column: "title", as: String.self),
            pool: try decoder.decode(Pool.self, from: Data(try row.decode(column: "pool", as: String.self).utf8)),
            input: try decoder.decode(StoredInput.self, from: Data(try row.decode(column: "input", as: String.self).utf8)).input,
            algorithm: try row.decode(column: "algorithm", as: String.self),
            result: try decoder.decode(
                [RandomDrawAlgorithm.Assignment].self, from: Data(try row.decode(column: "result", as: String.self).utf8)),
            drawnOn: try row.decode(column: "drawn_on", as: String.self), publishBy: try row.decode(column: "publish_by", as: String.self),
            publishedAt: try row.decode(column: "published_at", as: String?.self).flatMap(Timestamp.date),
            createdBy: try row.decode(column: "created_by", as: String?.self),
            createdAt: Timestamp.date(try row.decode(column: "created_at", as: String.self)) ?? Date(timeIntervalSince1970: 0))
    }
}
