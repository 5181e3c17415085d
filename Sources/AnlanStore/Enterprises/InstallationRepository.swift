import AnlanCore
import Foundation
import SQLKit

/// Major hazard installations of enterprises, scoped like the enterprises they belong to.
public struct InstallationRepository: Sendable {
    let database: Database
    let environment: AnlanCore.Environment
    let audit: AuditLog
    let enterprises: EnterpriseRepository
    let table = ScopedTable(name: "hazard_installations", divisionColumn: "division_code", enterpriseColumn: "enterprise_id")

    /// Assesses a unit and stores it with its result and the rule version.
    public func add(
        to enterpriseID: UUID, name: String, unitKind: UnitKind, exposedPopulation: Int, holdings: [HazardInstallation.Holding],
        by caller: Caller
    ) async throws -> HazardInstallation {
        try caller.require(.editEnterprises)
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.codePoints) else {
            throw AnlanError.invalid("installation.name_required", "请填写单元名称（1–100 字）。", field: "name")
        }
        let assessment = try HazardInstallation.assess(exposedPopulation: exposedPopulation, holdings: holdings)
        let enterprise = try await enterprises.get(enterpriseID, by: caller)
        guard enterprise.archivedAt == nil else {
            throw EnterpriseErrors.archived
        }
        let installation = HazardInstallation(
            id: environment.newID(), enterpriseID: enterpriseID, name: name, unitKind: unitKind, exposedPopulation: exposedPopulation,
            holdings: holdings, assessment: assessment, assessedAt: environment.now())
        try await database.write(by: caller, at: installation.assessedAt, audit: audit) { tx in
            try await tx.sql.insert(into: "hazard_installations")
                .columns(
                    "id", "enterprise_id", "division_code", "name", "unit_kind", "exposed_population", "substances", "s", "alpha", "r",
                    "is_major", "grade", "rule_version", "assessed_at", "removed_at"
                )
                .values(
                    SQLBind.id(installation.id), SQLBind.id(enterpriseID),
                    SQLBind(enterprise.profile.divisionCode), SQLBind(name), SQLBind(unitKind.rawValue), SQLBind(exposedPopulation),
                    SQLBind(auditJSON(holdings)), SQLBind(assessment.s), SQLBind(assessment.alpha), SQLBind(assessment.r),
                    SQLBind(assessment.isMajorHazard ? 1 : 0), SQLBind(assessment.grade), SQLBind(assessment.ruleVersion),
                    SQLBind(Timestamp.string(installation.assessedAt)), SQLBind(String?.none)
                ).run()
            try await tx.record(
                AuditEvent(
                    action: "installation.add", targetType: "hazard_installation", targetID: installation.id.key,
                    after: auditJSON(Snapshot(installation))))
        }
        return installation
    }

    /// Removes a unit from the file (kept in the database, marked removed).
    public func remove(_ id: UUID, from enterpriseID: UUID, by caller: Caller) async throws {
        try caller.require(.editEnterprises)
        let now = environment.now()
        try await database.write(by: caller, at: now, audit: audit) { tx in
            guard
                try await table.select(tx.sql, for: caller).column("id").where("id", .equal, SQLBind.id(id))
                    .where("enterprise_id", .equal, SQLBind.id(enterpriseID)).where("removed_at", .is, SQLLiteral.null)
                    .first() != nil
            else { throw AnlanError.notFound("installation.not_found", "危险源单元不存在或不在您的辖区内。") }
            try await table.update(tx.sql, for: caller).set("removed_at", to: SQLBind(Timestamp.string(now)))
                .where("id", .equal, SQLBind.id(id)).run()
            try await tx.record(
                AuditEvent(action: "installation.remove", targetType: "hazard_installation", targetID: id.key))
        }
    }

    /// The units of an enterprise, with their stored assessments.
    public func list(for enterpriseID: UUID, by caller: Caller) async throws -> [HazardInstallation] {
        try caller.require(.readBusinessData)
        let rows = try await table.select(database.reader, for: caller).column("*")
            .where("enterprise_id", .equal, SQLBind.id(enterpriseID)).where("removed_at", .is, SQLLiteral.null)
            .orderBy("assessed_at").all()
        return try rows.map { row in
            let holdings = try JSONDecoder().decode(
                [HazardInstallation.Holding].self, from: Data(try row.decode(column: "substances", as: String.self).utf8))
            // The stored result is what was decided; the lines are recomputed only to show the working.
            let working = try? HazardInstallation.assess(
                exposedPopulation: try row.decode(column: "exposed_population", as: Int.self), holdings: holdings)
            let assessment = MajorHazardAssessment(
                lines: working?.lines ?? [], s: try row.decode(column: "s", as: Double.self),
                isMajorHazard: try row.decode(column: "is_major", as: Int.self) != 0,
                alpha: try row.decode(column: "alpha", as: Double.self),
                r: try row.decode(column: "r", as: Double.self), grade: try row.decode(column: "grade", as: Int?.self),
                ruleVersion: try row.decode(column: "rule_version", as: String.self))
            return HazardInstallation(
                id: try row.decodeID("id"), enterpriseID: enterpriseID,
                name: try row.decode(column: "name", as: String.self),
                unitKind: UnitKind(rawValue: try row.decode(column: "unit_kind", as: String.self)) ?? .storage,
                exposedPopulation: try row.decode(column: "exposed_population", as: Int.self), holdings: holdings, assessment: assessment,
                assessedAt: Timestamp.date(try row.decode(column: "assessed_at", as: String.self)) ?? Date(timeIntervalSince1970: 0))
        }
    }

    private struct Snapshot: Encodable {
        let enterpriseID: String, name: String, unitKind: String, exposedPopulation: Int, holdings: [HazardInstallation.Holding]
        let s: Double, r: Double, grade: Int?, ruleVersion: String
        init(_ i: HazardInstallation) {
            enterpriseID = i.enterpriseID.key
            name = i.name
            unitKind = i.unitKind.rawValue
            exposedPopulation = i.exposedPopulation
            holdings = i.holdings
            s = i.assessment.s
            r = i.assessment.r
            grade = i.assessment.grade
            ruleVersion = i.assessment.ruleVersion
        }
    }
}
