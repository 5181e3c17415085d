import AnlanCore
import Foundation
import SQLKit

/// Emergency plans: the county's and townships' (kept by staff with `managePlans`) and the enterprises' own (kept
/// by their officers, who see only their enterprise's). Versions keep their documents; the review clock is stored with
/// the plan (`next_evaluation_due`) by every write that moves it.
public struct EmergencyPlanRepository: Sendable {
    let database: Database
    let environment: AnlanCore.Environment
    let audit: AuditLog
    let divisions: DivisionRepository
    let enterprises: EnterpriseRepository
    let catalogs: SupervisionCatalogs
    let files: FileStore
    let plans = ScopedTable(name: "emergency_plans", divisionColumn: "division_code", enterpriseColumn: "enterprise_id")
    let filings = ScopedTable(name: "plan_filings", divisionColumn: "division_code", enterpriseColumn: "enterprise_id")
    let drills = ScopedTable(name: "drills", divisionColumn: "division_code", enterpriseColumn: "enterprise_id")

    public struct Filter: Sendable {
        public var scope: PlanScope?
        public var topic: PlanTopic?
        public var enterpriseID: UUID?
        public var review: PlanReviewState?
        public var query: String?

        public init(
            scope: PlanScope? = nil, topic: PlanTopic? = nil, enterpriseID: UUID? = nil, review: PlanReviewState? = nil,
            query: String? = nil
        ) {
            self.scope = scope
            self.topic = topic
            self.enterpriseID = enterpriseID
            self.review = review
            self.query = query
        }
    }

    var today: Day { Day(environment.now()) }

    /// Business roles read plans (an enterprise officer, its own enterprise's).
    static func requireReader(_ caller: Caller) throws {
        if caller.isConsole { return }
        guard caller.role?.can(.readBusinessData) == true else { throw AnlanError.forbidden }
    }

    /// Staff with `managePlans` keep every plan of their jurisdiction; an enterprise officer keeps its own enterprise's.
    static func requireKeeper(_ caller: Caller, enterpriseID: UUID?) throws {
        if caller.isConsole || caller.role?.can(.managePlans) == true { return }
        guard caller.role == .enterpriseOfficer, let own = caller.enterpriseID, own == enterpriseID else { throw AnlanError.forbidden }
    }

    // MARK: - Plans

    public func create(_ draft: EmergencyPlanDraft, by caller: Caller) async throws -> EmergencyPlan {
        try Self.requireKeeper(caller, enterpriseID: draft.enterpriseID)
        let division = try await placeOf(draft, by: caller)
        let plan = EmergencyPlan(
            id: environment.newID(), title: draft.title, scope: draft.scope, topic: draft.topic, divisionCode: division,
            enterpriseID: draft.enterpriseID, department: draft.department, evaluationYears: draft.evaluationYears)
        try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            let now = Timestamp.string(tx.now)
            try await tx.sql.insert(into: "emergency_plans")
                .columns(
                    "id", "title", "scope", "topic", "division_code", "enterprise_id", "department", "evaluation_years", "current_version",
                    "published_on", "last_evaluated_on", "next_evaluation_due", "withdrawn_on", "created_at", "updated_at"
                )
                .values(
                    SQLBind.id(plan.id), SQLBind(plan.title), SQLBind(plan.scope.rawValue), SQLBind(plan.topic.rawValue),
                    SQLBind(plan.divisionCode),
                    SQLBind.id(plan.enterpriseID), SQLBind(plan.department), SQLBind(plan.evaluationYears), SQLBind(Int?.none),
                    SQLBind(String?.none), SQLBind(String?.none), SQLBind(String?.none), SQLBind(String?.none), SQLBind(now), SQLBind(now)
                ).run()
            try await tx.record(
                AuditEvent(action: "emergency_plan.create", targetType: "emergency_plan", targetID: plan.id.key, after: auditJSON(plan)))
        }
        return plan
    }

    /// An enterprise's plan belongs to its enterprise's division; others to the division chosen, within the jurisdiction.
    private func placeOf(_ draft: EmergencyPlanDraft, by caller: Caller) async throws -> String {
        if let id = draft.enterpriseID {
            return try await enterprises.get(id, by: caller).profile.divisionCode
        }
        try plans.requireWritable(draft.divisionCode, by: caller)
        guard try await divisions.lookup(draft.divisionCode, on: database.reader) != nil else {
            throw AnlanError.invalid("emergency_plan.division_code_invalid", "所属区划 \(draft.divisionCode) 不存在。", field: "divisionCode")
        }
        return draft.divisionCode.rawValue
    }

    /// Runs `body` on the locked plan, then stores what it changed with the plan's new review clock.
    func change(
        _ id: UUID, by caller: Caller, action: String, after: @escaping @Sendable (EmergencyPlan) -> String = { _ in "" },
        _ body: @Sendable (inout EmergencyPlan, Transaction) async throws -> Void
    ) async throws -> EmergencyPlan {
        try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            guard let row = try await plans.select(tx.sql, for: caller).column("*").where("id", .equal, SQLBind.id(id)).for(.update).first()
            else { throw PlanErrors.notFound }
            var plan = try Self.decode(row)
            try Self.requireKeeper(caller, enterpriseID: plan.enterpriseID)
            guard plan.withdrawnOn == nil else { throw PlanErrors.withdrawn }
            try await body(&plan, tx)
            try await plans.update(tx.sql, for: caller)
                .set("title", to: SQLBind(plan.title)).set("topic", to: SQLBind(plan.topic.rawValue)).set(
                    "department", to: SQLBind(plan.department)
                )
                .set("evaluation_years", to: SQLBind(plan.evaluationYears)).set("current_version", to: SQLBind(plan.currentVersion))
                .set("published_on", to: SQLBind(plan.publishedOn?.description)).set(
                    "last_evaluated_on", to: SQLBind(plan.lastEvaluatedOn?.description)
                )
                .set("next_evaluation_due", to: SQLBind(plan.nextEvaluationDue?.description)).set(
                    "withdrawn_on", to: SQLBind(plan.withdrawnOn?.description)
                )
                .set("updated_at", to: SQLBind(Timestamp.string(tx.now))).where("id", .equal, SQLBind.id(id)).run()
            try await tx.record(AuditEvent(action: action, targetType: "emergency_plan", targetID: id.key, after: after(plan)))
            return plan
        }
    }

    public func update(_ id: UUID, _ draft: EmergencyPlanDraft, by caller: Caller) async throws -> EmergencyPlan {
        try await change(id, by: caller, action: "emergency_plan.update", after: { auditJSON($0) }) { plan, _ in
            guard plan.scope == draft.scope, plan.enterpriseID == draft.enterpriseID else {
                throw AnlanError.invalid("emergency_plan.scope_invalid", "预案类别和所属企业不能修改。", field: "scope")
            }
            plan.title = draft.title
            plan.topic = draft.topic
            plan.department = draft.department
            plan.evaluationYears = draft.evaluationYears
        }
    }

    /// Records a published version and its document; the review clock restarts from its publication.
    public func addVersion(
        _ id: UUID, _ draft: PlanVersionDraft, file: (name: String, data: Data)?, by caller: Caller
    ) async throws -> EmergencyPlan {
        var stored: (name: String, digest: String, type: String)?
        if let file {
            guard !file.data.isEmpty, file.data.count <= Attachment.maximumSize else {
                throw AnlanError(.badRequest, code: "attachment.too_large", message: "预案文件须为 1 字节到 20 MB。")
            }
            let name = EnterpriseRecordsRepository.cleanFileName(file.name)
            guard let type = FileType.detect(file.data, fileName: name) else {
                throw AnlanError(.unprocessable, code: "attachment.type_not_allowed", message: "只接受 PDF 扫描件和 DOCX/XLSX 文档或照片。")
            }
            stored = (name, try files.put(file.data), type.contentType)
        }
        let document = stored
        return try await change(
            id, by: caller, action: "emergency_plan.version", after: { auditJSON(["version": String($0.currentVersion ?? 0)]) }
        ) { plan, tx in
            if let current = plan.publishedOn, draft.publishedOn < current {
                throw AnlanError.invalid(
                    "emergency_plan.published_on_before_current", "发布日期不能早于现行第 \(plan.currentVersion ?? 0) 版的发布日期（\(current)）。",
                    field: "publishedOn")
            }
            let number = (plan.currentVersion ?? 0) + 1
            try await tx.sql.insert(into: "plan_versions")
                .columns(
                    "plan_id", "number", "published_on", "approved_by", "changes", "file_name", "file_digest", "content_type",
                    "recorded_by",
                    "recorded_at"
                )
                .values(
                    SQLBind.id(id), SQLBind(number), SQLBind(draft.publishedOn.description), SQLBind(draft.approvedBy),
                    SQLBind(draft.changes),
                    SQLBind(document?.name), SQLBind(document?.digest), SQLBind(document?.type), SQLBind(tx.caller.username ?? "-"),
                    SQLBind(Timestamp.string(tx.now))
                ).run()
            plan.currentVersion = number
            plan.publishedOn = draft.publishedOn
        }
    }

    /// Attaches the document of a version recorded without one.
    public func attachDocument(_ id: UUID, version: Int, file: (name: String, data: Data), by caller: Caller) async throws -> EmergencyPlan
    {
        guard !file.data.isEmpty, file.data.count <= Attachment.maximumSize else {
            throw AnlanError(.badRequest, code: "attachment.too_large", message: "预案文件须为 1 字节到 20 MB。")
        }
        let name = EnterpriseRecordsRepository.cleanFileName(file.name)
        guard let type = FileType.detect(file.data, fileName: name) else {
            throw AnlanError(.unprocessable, code: "attachment.type_not_allowed", message: "只接受 PDF 扫描件和 DOCX/XLSX 文档或照片。")
        }
        let digest = try files.put(file.data)
        return try await change(
            id, by: caller, action: "emergency_plan.document", after: { _ in auditJSON(["version": String(version), "file": name]) }
        ) { _, tx in
            let rows = try await tx.sql.update("plan_versions").set("file_name", to: SQLBind(name)).set("file_digest", to: SQLBind(digest))
                .set("content_type", to: SQLBind(type.contentType)).where("plan_id", .equal, SQLBind.id(id)).where(
                    "number", .equal, SQLBind(version)
                )
                .where("file_digest", .is, SQLLiteral.null).returning("number").all()
            guard !rows.isEmpty else {
                throw AnlanError(.conflict, code: "emergency_plan.document_exists", message: "该版本不存在或已有预案文件（修订请登记新版本）。")
            }
        }
    }

    public func setLevel(_ id: UUID, _ level: PlanLevel, by caller: Caller) async throws -> EmergencyPlan {
        try await change(id, by: caller, action: "emergency_plan.level", after: { _ in auditJSON(level) }) { _, tx in
            try await tx.sql.delete(from: "plan_levels").where("plan_id", .equal, SQLBind.id(id)).where(
                "level", .equal, SQLBind(level.level.rawValue)
            )
            .run()
            try await tx.sql.insert(into: "plan_levels").columns("plan_id", "level", "body")
                .values(SQLBind.id(id), SQLBind(level.level.rawValue), SQLBind(auditJSON(level))).run()
        }
    }

    public func evaluate(_ id: UUID, _ evaluation: PlanEvaluation, by caller: Caller) async throws -> EmergencyPlan {
        try caller.require(.managePlans)
        return try await change(id, by: caller, action: "emergency_plan.evaluate", after: { _ in auditJSON(evaluation) }) { plan, tx in
            guard plan.currentVersion != nil else { throw PlanErrors.noVersion }
            try await tx.sql.insert(into: "plan_evaluations")
                .columns("id", "plan_id", "evaluated_on", "conclusion", "note", "recorded_by", "recorded_at")
                .values(
                    SQLBind.id(environment.newID()), SQLBind.id(id), SQLBind(evaluation.on.description),
                    SQLBind(evaluation.conclusion.rawValue),
                    SQLBind(evaluation.note), SQLBind(tx.caller.username ?? "-"), SQLBind(Timestamp.string(tx.now))
                ).run()
            plan.lastEvaluatedOn = max(plan.lastEvaluatedOn ?? evaluation.on, evaluation.on)
        }
    }

    public func withdraw(_ id: UUID, by caller: Caller) async throws -> EmergencyPlan {
        let today = self.today
        return try await change(id, by: caller, action: "emergency_plan.withdraw") { plan, _ in plan.withdrawnOn = today }
    }

    public func get(_ id: UUID, by caller: Caller) async throws -> EmergencyPlan {
        try Self.requireReader(caller)
        guard let row = try await plans.select(database.reader, for: caller).column("*").where("id", .equal, SQLBind.id(id)).first()
        else { throw PlanErrors.notFound }
        return try Self.decode(row)
    }

    public func list(_ filter: Filter, page: PageRequest, by caller: Caller) async throws -> Page<EmergencyPlan> {
        try Self.requireReader(caller)
        let today = self.today.description
        let soon = self.today.adding(days: PlanRules.defaultWarningDays).description
        func apply(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = q
            if let scope = filter.scope { q = q.where("scope", .equal, SQLBind(scope.rawValue)) }
            if let topic = filter.topic { q = q.where("topic", .equal, SQLBind(topic.rawValue)) }
            if let id = filter.enterpriseID { q = q.where("enterprise_id", .equal, SQLBind.id(id)) }
            switch filter.review {
            case nil: q = q.where("withdrawn_on", .is, SQLLiteral.null)
            case .withdrawn: q = q.where("withdrawn_on", .isNot, SQLLiteral.null)
            case .unpublished: q = q.where("withdrawn_on", .is, SQLLiteral.null).where("next_evaluation_due", .is, SQLLiteral.null)
            case .overdue: q = q.where("withdrawn_on", .is, SQLLiteral.null).where("next_evaluation_due", .lessThan, SQLBind(today))
            case .dueSoon:
                q = q.where("withdrawn_on", .is, SQLLiteral.null).where("next_evaluation_due", .greaterThanOrEqual, SQLBind(today))
                    .where("next_evaluation_due", .lessThanOrEqual, SQLBind(soon))
            case .current: q = q.where("withdrawn_on", .is, SQLLiteral.null).where("next_evaluation_due", .greaterThan, SQLBind(soon))
            }
            return TextSearch.apply(filter.query, columns: ["title", "department"], to: q)
        }
        let total = try await plans.count(database.reader, for: caller, apply)
        let rows = try await apply(plans.select(database.reader, for: caller).column("*"))
            .orderBy(
                SQLRaw("CASE scope WHEN 'overall' THEN 0 WHEN 'special' THEN 1 WHEN 'department' THEN 2 WHEN 'township' THEN 3 ELSE 4 END")
            )
            .orderBy("title").orderBy("id").limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map(Self.decode), total: total, request: page)
    }

    public func versions(of id: UUID, by caller: Caller) async throws -> [PlanVersion] {
        _ = try await get(id, by: caller)
        return try await database.reader.select().column("*").from("plan_versions").where("plan_id", .equal, SQLBind.id(id))
            .orderBy("number", .descending).all()
            .map {
                guard let on = Day(try $0.decode(column: "published_on", as: String.self)),
                    let at = Timestamp.date(try $0.decode(column: "recorded_at", as: String.self))
                else { throw AnlanError.recordCorrupt("预案版本") }
                return PlanVersion(
                    number: try $0.decode(column: "number", as: Int.self), publishedOn: on,
                    approvedBy: try $0.decode(column: "approved_by", as: String.self),
                    changes: try $0.decode(column: "changes", as: String.self),
                    fileName: try $0.decodeOptional("file_name", as: String.self),
                    fileDigest: try $0.decodeOptional("file_digest", as: String.self),
                    recordedBy: try $0.decode(column: "recorded_by", as: String.self),
                    recordedAt: at)
            }
    }

    /// A version's document and its bytes, if the caller may see the plan.
    public func document(of id: UUID, version: Int, by caller: Caller) async throws -> (name: String, type: String, data: Data) {
        _ = try await get(id, by: caller)
        guard
            let row = try await database.reader.select().columns("file_name", "file_digest", "content_type").from("plan_versions")
                .where("plan_id", .equal, SQLBind.id(id)).where("number", .equal, SQLBind(version)).first(),
            let name = try row.decodeOptional("file_name", as: String.self),
            let digest = try row.decodeOptional("file_digest", as: String.self)
        else { throw AnlanError.notFound("emergency_plan.document_not_found", "该版本没有预案文件。") }
        return (name, try row.decodeOptional("content_type", as: String.self) ?? "application/octet-stream", try files.get(digest))
    }

    public func levels(of id: UUID, by caller: Caller) async throws -> [PlanLevel] {
        _ = try await get(id, by: caller)
        return try await database.reader.select().column("body").from("plan_levels").where("plan_id", .equal, SQLBind.id(id)).orderBy(
            "level"
        ).all()
            .map { try JSONDecoder().decode(PlanLevel.self, from: Data(try $0.decode(column: "body", as: String.self).utf8)) }
    }

    public func evaluations(of id: UUID, by caller: Caller) async throws -> [PlanEvaluation] {
        _ = try await get(id, by: caller)
        return try await database.reader.select().columns("evaluated_on", "conclusion", "note").from("plan_evaluations")
            .where("plan_id", .equal, SQLBind.id(id)).orderBy("evaluated_on", .descending).all()
            .map {
                guard let on = Day(try $0.decode(column: "evaluated_on", as: String.self)),
                    let conclusion = PlanEvaluation.Conclusion(rawValue: try $0.decode(column: "conclusion", as: String.self))
                else { throw AnlanError.recordCorrupt("预案评估") }
                return PlanEvaluation(on: on, conclusion: conclusion, note: try $0.decode(column: "note", as: String.self))
            }
    }

    static func decode(_ row: any SQLRow) throws -> EmergencyPlan {
        guard let scope = PlanScope(rawValue: try row.decode(column: "scope", as: String.self)),
            let topic = PlanTopic(rawValue: try row.decode(column: "topic", as: String.self))
        else { throw AnlanError.recordCorrupt("预案类别") }
        func day(_ column: String) throws -> Day? { try row.decodeOptional(column, as: String.self).flatMap(Day.init) }
        return EmergencyPlan(
            id: try row.decodeID("id"), title: try row.decode(column: "title", as: String.self), scope: scope, topic: topic,
            divisionCode: try row.decode(column: "division_code", as: String.self), enterpriseID: try row.decodeOptionalID("enterprise_id"),
            department: try row.decodeOptional("department", as: String.self),
            evaluationYears: try row.decode(column: "evaluation_years", as: Int.self),
            currentVersion: try row.decodeOptional("current_version", as: Int.self), publishedOn: try day("published_on"),
            lastEvaluatedOn: try day("last_evaluated_on"), withdrawnOn: try day("withdrawn_on"))
    }
}
