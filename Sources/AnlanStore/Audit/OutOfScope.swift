import AnlanCore
import Foundation
import SQLKit

/// 404s that hide a record outside the caller's jurisdiction (issue 15, item 11; 等保 8.1.4.3 a). Anlan answers a
/// record beyond the caller's divisions (or, for an enterprise officer, another enterprise's) exactly as one that does
/// not exist, so the caller learns nothing; the audit log still learns that someone reached for it.
extension ScopedTable {
    /// Every scoped table whose rows are records with an `id`: where a 404's IDs are looked up. A test compares it
    /// with the schema (every table with both `id` and `division_code` is here or excluded there with its reason).
    static let records: [(table: ScopedTable, auditType: String)] = [
        (ScopedTable(name: "enterprises", divisionColumn: "division_code", enterpriseColumn: "id"), "enterprise"),
        (
            ScopedTable(name: "hazard_installations", divisionColumn: "division_code", enterpriseColumn: "enterprise_id"),
            "hazard_installation"
        ),
        (ScopedTable(name: "enterprise_imports", divisionColumn: "division_code"), "enterprise_import"),
        (
            ScopedTable(name: "enterprise_contacts", divisionColumn: "division_code", enterpriseColumn: "enterprise_id"),
            "enterprise_contact"
        ),
        (
            ScopedTable(name: "target_agreements", divisionColumn: "division_code", enterpriseColumn: "enterprise_id"),
            "enterprise_agreement"
        ),
        (ScopedTable(name: "attachments", divisionColumn: "division_code", enterpriseColumn: "enterprise_id"), "attachment"),
        (ScopedTable(name: "campaigns", divisionColumn: "division_code"), "campaign"),
        (ScopedTable(name: "conflicts_of_interest", divisionColumn: "division_code"), "conflict_of_interest"),
        (ScopedTable(name: "random_draws", divisionColumn: "division_code"), "random_draw"),
        (ScopedTable(name: "inspection_plans", divisionColumn: "division_code"), "inspection_plan"),
        (ScopedTable(name: "inspections", divisionColumn: "division_code", enterpriseColumn: "enterprise_id"), "inspection"),
        (ScopedTable(name: "hazards", divisionColumn: "division_code", enterpriseColumn: "enterprise_id"), "hazard"),
        (
            ScopedTable(name: "enforcement_documents", divisionColumn: "division_code", enterpriseColumn: "enterprise_id"),
            "enforcement_document"
        ),
        (ScopedTable(name: "cases", divisionColumn: "division_code", enterpriseColumn: "enterprise_id"), "case"),
        (ScopedTable(name: "users", divisionColumn: "division_code"), "user"),
        (ScopedTable(name: "warehouses", divisionColumn: "division_code"), "warehouse"),
        (ScopedTable(name: "stock_movements", divisionColumn: "division_code"), "stock_movement"),
        (ScopedTable(name: "resources", divisionColumn: "division_code"), "resource"),
        (ScopedTable(name: "emergency_plans", divisionColumn: "division_code", enterpriseColumn: "enterprise_id"), "emergency_plan"),
        (ScopedTable(name: "plan_filings", divisionColumn: "division_code", enterpriseColumn: "enterprise_id"), "plan_filing"),
        (ScopedTable(name: "drills", divisionColumn: "division_code", enterpriseColumn: "enterprise_id"), "drill"),
        (ScopedTable(name: "incidents", divisionColumn: "division_code"), "incident"),
        (ScopedTable(name: "incoming_reports", divisionColumn: "division_code"), "incoming_report"),
        (ScopedTable(name: "accidents", divisionColumn: "division_code", enterpriseColumn: "enterprise_id"), "accident"),
        (ScopedTable(name: "info_officers", divisionColumn: "division_code"), "info_officer"),
        (ScopedTable(name: "publicity_events", divisionColumn: "division_code"), "publicity_event"),
        (ScopedTable(name: "disaster_entries", divisionColumn: "division_code"), "disaster_entry"),
        (ScopedTable(name: "disaster_casualties", divisionColumn: "division_code"), "disaster_casualty"),
        (ScopedTable(name: "disaster_houses", divisionColumn: "division_code"), "disaster_house"),
        (ScopedTable(name: "relief_households", divisionColumn: "division_code"), "relief_household"),
        (ScopedTable(name: "sites", divisionColumn: "division_code"), "site"),
        (ScopedTable(name: "site_checks", divisionColumn: "division_code"), "site_check"),
    ]

    /// Tables with `id` and `division_code` that are not looked up, and why.
    static let notRecords: [String: String] = [
        "account_applications": "an enterprise's account application is read by the system administrator, county-wide",
        "duty_shifts": "the duty roster is the county's, read by every duty and leader account",
    ]

    /// Whether a row of this division (and enterprise) is one the caller may see: the rule `select(_:for:)` applies.
    func permits(division: DivisionCode, enterprise: String?, for caller: Caller) -> Bool {
        guard caller.jurisdiction.contains(division) else { return false }
        guard enterpriseColumn != nil, caller.role == .enterpriseOfficer else { return true }
        return enterprise != nil && enterprise == caller.enterpriseID?.key
    }
}

/// A record the caller reached for and may not see.
public struct OutOfScopeRecord: Sendable, Equatable {
    /// The record's kind as the audit log names it (`enforcement_document`, `hazard` …).
    public let type: String
    public let id: UUID
}

extension AuditLog {
    /// The first of `ids` that names a record outside the caller's jurisdiction, or nil when each is unknown or visible.
    public func outOfScope(_ ids: [UUID], for caller: Caller) async throws -> OutOfScopeRecord? {
        guard caller.userID != nil else { return nil }
        for id in ids.prefix(4) {
            for (table, type) in ScopedTable.records {
                var query = database.reader.select().column(SQLColumn(table.divisionColumn), as: "division").from(table.name)
                    .where("id", .equal, SQLBind.id(id))
                if let column = table.enterpriseColumn { query = query.column(SQLColumn(column), as: "enterprise") }
                guard let row = try await query.first() else { continue }
                let enterprise = table.enterpriseColumn == nil ? nil : try row.decodeOptional("enterprise", as: String.self)
                guard let division = try? DivisionCode(try row.decode(column: "division", as: String.self)) else { break }
                if !table.permits(division: division, enterprise: enterprise, for: caller) { return OutOfScopeRecord(type: type, id: id) }
                break
            }
        }
        return nil
    }

    /// Records a 404 that hid a record outside the caller's jurisdiction (`access.out_of_scope`, naming the record), at
    /// most once a minute per caller like the other refusals, the ones between counted.
    public func recordOutOfScope(
        _ record: OutOfScopeRecord, code: String, method: String, path: String, by caller: Caller, at now: Date
    ) async throws {
        let (admitted, suppressed) = refusals.admit("\(caller.username ?? caller.ip ?? "-")|404", now: now)
        guard admitted else { return }
        var details = ["status": "404", "code": code, "request": "\(method) \(path)"]
        if suppressed > 0 { details["suppressed"] = String(suppressed) }
        let after = auditJSON(details)
        _ = try await database.transaction { sql in
            try await append(
                AuditEvent(action: "access.out_of_scope", targetType: record.type, targetID: record.id.key, succeeded: false, after: after),
                by: caller, at: now, on: sql)
        }
    }
}

extension AuditLog {
    /// The kinds of record an `access.out_of_scope` entry can name.
    public static var outOfScopeTypes: [String] { ScopedTable.records.map(\.auditType) }
}
