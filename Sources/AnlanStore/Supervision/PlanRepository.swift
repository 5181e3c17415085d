import AnlanCore
import Foundation
import SQLKit

/// Annual inspection plans, one per division and year, and their progress month by month.
public struct PlanRepository: Sendable {
    let database: Database
    let environment: AnlanCore.Environment
    let audit: AuditLog
    let enterprises: EnterpriseRepository
    let inspections: InspectionRepository
    let catalogs: SupervisionCatalogs
    let plans = ScopedTable(name: "inspection_plans", divisionColumn: "division_code")

    /// Computes the plan from the enterprises on file and stores it, replacing the year's previous plan
    /// (the audit record keeps both).
    public func generate(_ parameters: InspectionPlanParameters, by caller: Caller) async throws -> InspectionPlan {
        try caller.require(.configureCatalogs)
        let list = try await enterprises.all(.init(operatingStatus: .operating), by: caller).map {
            (id: $0.id, risk: $0.riskLevel, sectors: $0.profile.sectors, grade: $0.profile.standardizationGrade)
        }
        let plan = try InspectionPlan.make(parameters, enterprises: list, calendar: try await catalogs.calendar())
        let root = try await enterprises.divisions.home(of: caller).rawValue
        try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            let before = try await plans.select(tx.sql, for: caller).column("schedule").where("year", .equal, SQLBind(parameters.year))
                .where("division_code", .equal, SQLBind(root)).first(decodingColumn: "schedule", as: String.self)
            try await tx.sql.delete(from: "inspection_plans").where("division_code", .equal, SQLBind(root)).where(
                "year", .equal, SQLBind(parameters.year)
            ).run()
            try await tx.sql.insert(into: "inspection_plans").columns(
                "id", "division_code", "year", "parameters", "schedule", "created_by", "created_at"
            )
            .values(
                SQLBind.id(environment.newID()), SQLBind(root), SQLBind(parameters.year),
                SQLBind(auditJSON(plan.parameters)),
                SQLBind(auditJSON(plan)), SQLBind(caller.username), SQLBind(Timestamp.string(tx.now))
            ).run()
            try await tx.record(
                AuditEvent(
                    action: "plan.generate", targetType: "inspection_plan", targetID: "\(root)-\(parameters.year)",
                    before: before.map { _ in "replaced" },
                    after: auditJSON([
                        "capacity": String(plan.capacity), "key": String(plan.keyEnterprises), "draws": String(plan.drawInspections),
                    ])))
        }
        return plan
    }

    /// The stored plan of a year for the caller's division, if any.
    public func plan(year: Int, by caller: Caller) async throws -> InspectionPlan? {
        try caller.require(.readBusinessData)
        let root = try await enterprises.divisions.home(of: caller).rawValue
        guard
            let text = try await plans.select(database.reader, for: caller).column("schedule").where("year", .equal, SQLBind(year))
                .where("division_code", .equal, SQLBind(root)).first(decodingColumn: "schedule", as: String.self)
        else { return nil }
        return try JSONDecoder().decode(InspectionPlan.self, from: Data(text.utf8))
    }

    /// Inspections done per month of the year (index 0 = January): planned ones (source plan) and draw ones, and
    /// how many times each enterprise was inspected in the year.
    public func progress(year: Int, by caller: Caller) async throws -> (plan: [Int], draw: [Int], inspected: [UUID: Int]) {
        var plan = Array(repeating: 0, count: 12), draw = Array(repeating: 0, count: 12)
        var inspected: [UUID: Int] = [:]
        var number = 1
        while true {
            let page = try await inspections.list(
                .init(from: "\(year)-01-01", to: "\(year)-12-31"),
                page: try PageRequest(page: number, pageSize: PageRequest.maximumPageSize), by: caller)
            for i in page.items {
                let month = i.inspectedOn.month
                switch i.source {
                case .draw: draw[month - 1] += 1
                default: plan[month - 1] += 1
                }
                inspected[i.enterpriseID, default: 0] += 1
            }
            if number >= page.pageCount { break }
            number += 1
        }
        return (plan, draw, inspected)
    }
}
