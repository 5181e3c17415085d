import AnlanCore
import Foundation
import SQLKit

/// The enterprises' filing of their plans (告知性备案): submitted by the enterprise (or staff on its behalf), recorded
/// with a number or returned with a reason by the bureau, due within the working days the rule sets on the work calendar.
extension EmergencyPlanRepository {
    public func submitFiling(_ planID: UUID, by caller: Caller) async throws -> PlanFiling {
        let plan = try await get(planID, by: caller)
        try Self.requireKeeper(caller, enterpriseID: plan.enterpriseID)
        guard plan.scope == .enterprise, let enterpriseID = plan.enterpriseID else { throw PlanErrors.notEnterprisePlan }
        guard plan.withdrawnOn == nil else { throw PlanErrors.withdrawn }
        guard let version = plan.currentVersion else { throw PlanErrors.noVersion }
        let calendar = try await catalogs.calendar()
        let submitted = today
        let filing = PlanFiling(
            id: environment.newID(), planID: planID, enterpriseID: enterpriseID, version: version, submittedOn: submitted,
            dueOn: submitted.adding(workingDays: PlanRules.defaultFilingWorkingDays, on: calendar), state: .submitted)
        try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            // Checked under the plan's lock: two submissions at once leave one open filing.
            _ = try await plans.select(tx.sql, for: caller).column("id").where("id", .equal, SQLBind.id(planID)).for(.update).first()
            let open = try await tx.sql.select().column("id").from("plan_filings").where("plan_id", .equal, SQLBind.id(planID))
                .where("state", .equal, SQLBind(PlanFiling.State.submitted.rawValue)).first()
            guard open == nil else { throw PlanErrors.filingOpen }
            try await tx.sql.insert(into: "plan_filings")
                .columns(
                    "id", "plan_id", "enterprise_id", "division_code", "version", "submitted_on", "due_on", "state", "number", "decided_on",
                    "decided_by", "reason", "submitted_by"
                )
                .values(
                    SQLBind.id(filing.id), SQLBind.id(planID), SQLBind.id(enterpriseID), SQLBind(plan.divisionCode), SQLBind(version),
                    SQLBind(filing.submittedOn.description), SQLBind(filing.dueOn.description), SQLBind(filing.state.rawValue),
                    SQLBind(String?.none), SQLBind(String?.none), SQLBind(String?.none), SQLBind(String?.none),
                    SQLBind(tx.caller.username ?? "-")
                ).run()
            try await tx.record(
                AuditEvent(action: "emergency_plan.file", targetType: "plan_filing", targetID: filing.id.key, after: auditJSON(filing)))
        }
        return filing
    }

    /// Records (with the next number of the year) or returns (with a reason) a submitted filing.
    public func decideFiling(_ id: UUID, record: Bool, reason: String?, by caller: Caller) async throws -> PlanFiling {
        try caller.require(.managePlans)
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if !record, !(2...500).contains(reason?.count ?? 0) { throw PlanErrors.returnReason }
        let today = self.today
        return try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            guard
                let row = try await filings.select(tx.sql, for: caller).column("*").where("id", .equal, SQLBind.id(id)).for(.update).first()
            else { throw PlanErrors.filingNotFound }
            var filing = try Self.decodeFiling(row)
            guard filing.state == .submitted else { throw PlanErrors.filingDecided }
            filing.state = record ? .recorded : .returned
            filing.decidedOn = today
            filing.reason = record ? nil : reason
            if record {
                let next = try await Sequences.next(
                    "plan_filing_sequences", key: [("year", SQLBind(today.year))], on: tx.sql,
                    failure: AnlanError(.conflict, code: "emergency_plan.sequence_failed", message: "备案编号分配失败，请重试。"))
                filing.number = "应急预案备案〔\(today.year)〕" + String(format: "%03d", next) + "号"
            }
            try await filings.update(tx.sql, for: caller).set("state", to: SQLBind(filing.state.rawValue)).set(
                "number", to: SQLBind(filing.number)
            )
            .set("decided_on", to: SQLBind(today.description)).set("decided_by", to: SQLBind(tx.caller.username))
            .set("reason", to: SQLBind(filing.reason)).where("id", .equal, SQLBind.id(id)).run()
            try await tx.record(
                AuditEvent(
                    action: record ? "emergency_plan.file_record" : "emergency_plan.file_return", targetType: "plan_filing",
                    targetID: id.key, after: auditJSON(filing)))
            return filing
        }
    }

    public struct FilingFilter: Sendable {
        public var state: PlanFiling.State?
        /// Only those answered late or still open past their due day.
        public var late: Bool?
        public var enterpriseID: UUID?

        public init(state: PlanFiling.State? = nil, late: Bool? = nil, enterpriseID: UUID? = nil) {
            self.state = state
            self.late = late
            self.enterpriseID = enterpriseID
        }
    }

    public func filings(_ filter: FilingFilter, page: PageRequest, by caller: Caller) async throws -> Page<PlanFiling> {
        try Self.requireReader(caller)
        let today = self.today.description
        func apply(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = q
            if let state = filter.state { q = q.where("state", .equal, SQLBind(state.rawValue)) }
            if let id = filter.enterpriseID { q = q.where("enterprise_id", .equal, SQLBind.id(id)) }
            if filter.late == true {
                q = q.where { g in
                    g.where(SQLRaw("(decided_on IS NOT NULL AND decided_on > due_on)")).orWhere {
                        $0.where("decided_on", .is, SQLLiteral.null).where("due_on", .lessThan, SQLBind(today))
                    }
                }
            }
            return q
        }
        let total = try await filings.count(database.reader, for: caller, apply)
        let rows = try await apply(filings.select(database.reader, for: caller).column("*")).orderBy("submitted_on", .descending).orderBy(
            "id"
        )
        .limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map(Self.decodeFiling), total: total, request: page)
    }

    /// Active enterprises of the jurisdiction with no recorded filing of a plan (optionally of one sector, or in one
    /// township).
    public func enterprisesNotFiled(sector: String?, within division: DivisionCode? = nil, page: PageRequest, by caller: Caller)
        async throws -> Page<(id: UUID, name: String, divisionCode: String)>
    {
        try caller.require(.managePlans)
        if let division, !caller.jurisdiction.contains(division) { return Page(items: [], total: 0, request: page) }
        let prefix = division?.jurisdictionPrefix ?? caller.jurisdiction.codePrefix
        var condition: SQLQueryString =
            " FROM enterprises e WHERE e.archived_at IS NULL AND e.division_code LIKE \(SQLLiteral.divisionPrefix(prefix)) AND NOT EXISTS (SELECT 1 FROM plan_filings f WHERE f.enterprise_id = e.id AND f.state = 'recorded')"
        if let sector { condition += " AND e.id IN (SELECT enterprise_id FROM enterprise_sectors WHERE sector = \(bind: sector))" }
        let total = try await database.reader.raw("SELECT COUNT(*) AS n" + condition).first(decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await database.reader.raw(
            "SELECT e.id, e.name, e.division_code" + condition
                + " ORDER BY e.division_code, e.name, e.id LIMIT \(bind: page.pageSize) OFFSET \(bind: page.offset)"
        ).all()
        return Page(
            items: try rows.map {
                (
                    try $0.decodeID("id"), try $0.decode(column: "name", as: String.self),
                    try $0.decode(column: "division_code", as: String.self)
                )
            }, total: total, request: page)
    }

    static func decodeFiling(_ row: any SQLRow) throws -> PlanFiling {
        guard let state = PlanFiling.State(rawValue: try row.decode(column: "state", as: String.self)),
            let submitted = Day(try row.decode(column: "submitted_on", as: String.self)),
            let due = Day(try row.decode(column: "due_on", as: String.self))
        else { throw AnlanError.recordCorrupt("备案申请") }
        return PlanFiling(
            id: try row.decodeID("id"), planID: try row.decodeID("plan_id"), enterpriseID: try row.decodeID("enterprise_id"),
            version: try row.decode(column: "version", as: Int.self), submittedOn: submitted, dueOn: due, state: state,
            number: try row.decodeOptional("number", as: String.self),
            decidedOn: try row.decodeOptional("decided_on", as: String.self).flatMap(Day.init),
            reason: try row.decodeOptional("reason", as: String.self))
    }
}
