import AnlanCore
import Crypto
import Foundation
import SQLKit

/// Checks of flood and forest-fire sites. A check's findings become hazards of the site, kept in the same table and
/// moved through the same state machine as an enterprise's (`InspectionRepository.transition`): ordered, rectified,
/// re-checked and closed by those who keep the sites (`HazardActor`).
public struct SiteCheckRepository: Sendable {
    let database: Database
    let environment: AnlanCore.Environment
    let audit: AuditLog
    let catalogs: SupervisionCatalogs
    let inspections: InspectionRepository
    let checks = ScopedTable(name: "site_checks", divisionColumn: "division_code")
    let sites: SiteRepository

    /// Records a check of a site in the caller's jurisdiction and its findings as the site's hazards (ordered on the spot
    /// where a deadline was given). Sending the same check again (same client ID and content) returns it unchanged;
    /// other content under a used ID is refused.
    public func record(_ siteID: UUID, _ draft: SiteCheckDraft, by caller: Caller) async throws -> (
        check: SiteCheck, hazards: [Hazard], replayed: Bool
    ) {
        try caller.require(.manageResources)
        let id = draft.id ?? environment.newID()
        let hash = SHA256.hash(data: Data(auditJSON(Fingerprint(siteID: siteID, draft: draft)).utf8)).hexString
        if try await Resend.isStored(in: "site_checks", id: id.key, hash: hash, on: database.reader, reused: SiteCheckErrors.idReused) {
            return (try await get(id, by: caller), try await hazards(of: id, by: caller), true)
        }
        var checklist: Checklist? = nil
        if let key = draft.checklistKey {
            guard let found = try? await catalogs.checklist(key: key) else { throw SiteCheckErrors.checklistUnknown }
            checklist = found
        }
        let findings = try draft.checkedFindings(checklist: checklist)
        let walked = checklist
        let now = environment.now()
        let written = try await database.write(by: caller, at: now, audit: audit) { tx -> (SiteCheck, [Hazard])? in
            try await tx.serialize(on: "site_check:\(id.key)")
            if try await Resend.isStored(in: "site_checks", id: id.key, hash: hash, on: tx.sql, reused: SiteCheckErrors.idReused) {
                return nil
            }
            let site = try await sites.lock(siteID, in: tx)
            guard site.archivedAt == nil else { throw SiteCheckErrors.siteArchived }
            try sites.sites.requireWritable(try DivisionCode(site.divisionCode), by: caller)
            let check = SiteCheck(
                id: id, siteID: siteID, divisionCode: site.divisionCode, kind: draft.kind, checkedOn: draft.checkedOn,
                inspectors: draft.inspectors, checklist: walked, answers: draft.answers, summary: draft.summary,
                createdBy: caller.username ?? "-", createdAt: now)
            try await tx.sql.insert(into: "site_checks")
                .columns(
                    "id", "site_id", "division_code", "kind", "checked_on", "inspectors", "checklist", "answers", "summary", "content_hash",
                    "created_by", "created_at"
                )
                .values(
                    SQLBind.id(id), SQLBind.id(siteID), SQLBind(site.divisionCode), SQLBind(draft.kind.rawValue),
                    SQLBind(draft.checkedOn.description), SQLBind(draft.inspectors), SQLBind(walked.map { auditJSON($0) }),
                    SQLBind(auditJSON(draft.answers)), SQLBind(draft.summary), SQLBind(hash), SQLBind(check.createdBy),
                    SQLBind(Timestamp.string(now))
                ).run()
            var stored: [Hazard] = []
            for finding in findings {
                var hazard = Hazard(
                    id: environment.newID(), inspectionID: nil, enterpriseID: nil, siteID: siteID, siteCheckID: id,
                    divisionCode: site.divisionCode, campaignID: nil, sector: draft.kind.sector, description: finding.description,
                    location: finding.location, basis: finding.basis, checklistItem: finding.checklistItem,
                    state: HazardState(status: .found, isMajor: finding.isMajor), owner: caller.username,
                    foundOn: draft.checkedOn, closedOn: nil, createdAt: now, updatedAt: now)
                try await inspections.insertHazard(hazard, on: tx)
                if let due = finding.dueDate.flatMap(Day.init) {
                    hazard = try await inspections.apply(.order(dueDate: due), to: hazard, note: "现场责令限期整改", today: draft.checkedOn, on: tx)
                }
                stored.append(hazard)
            }
            try await tx.record(
                AuditEvent(
                    action: "site_check.record", targetType: "site_check", targetID: id.key,
                    after: auditJSON([
                        "siteId": siteID.key, "kind": draft.kind.rawValue, "checkedOn": draft.checkedOn.description,
                        "findings": String(stored.count),
                    ])))
            return (check, stored)
        }
        guard let written else { return (try await get(id, by: caller), try await hazards(of: id, by: caller), true) }
        return (written.0, written.1, false)
    }

    /// What a resend is compared by: the site and everything the draft says.
    private struct Fingerprint: Encodable {
        let siteID: UUID
        let kind: String, checkedOn: String, inspectors: String, checklistKey: String?, summary: String
        let answers: [ChecklistAnswer]
        let findings: [Finding]
        init(siteID: UUID, draft: SiteCheckDraft) {
            self.siteID = siteID
            kind = draft.kind.rawValue
            checkedOn = draft.checkedOn.description
            inspectors = draft.inspectors
            checklistKey = draft.checklistKey
            summary = draft.summary
            answers = draft.answers
            findings = draft.findings
        }
    }

    public func get(_ id: UUID, by caller: Caller) async throws -> SiteCheck {
        try caller.require(.readBusinessData)
        guard let row = try await checks.select(database.reader, for: caller).column("*").where("id", .equal, SQLBind.id(id)).first() else {
            throw SiteCheckErrors.notFound
        }
        return try Self.decode(row)
    }

    /// A site's checks, newest first.
    public func checks(of siteID: UUID, page: PageRequest, by caller: Caller) async throws -> Page<SiteCheck> {
        try caller.require(.readBusinessData)
        func filter(_ s: SQLSelectBuilder) -> SQLSelectBuilder { s.where("site_id", .equal, SQLBind.id(siteID)) }
        let total = try await checks.count(database.reader, for: caller, filter)
        let rows = try await filter(checks.select(database.reader, for: caller).column("*")).orderBy("checked_on", .descending)
            .orderBy("created_at", .descending).limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map(Self.decode), total: total, request: page)
    }

    /// The hazards one check found, in the order found.
    public func hazards(of checkID: UUID, by caller: Caller) async throws -> [Hazard] {
        try caller.require(.readBusinessData)
        return try await inspections.hazards.select(database.reader, for: caller).column("*")
            .where("site_check_id", .equal, SQLBind.id(checkID)).orderBy("created_at").orderBy("id").all()
            .map(InspectionRepository.decodeHazard)
    }

    static func decode(_ row: any SQLRow) throws -> SiteCheck {
        let decoder = JSONDecoder()
        guard let kind = SiteCheckKind(rawValue: try row.decode(column: "kind", as: String.self)),
            let day = Day(try row.decode(column: "checked_on", as: String.self)),
            let created = Timestamp.date(try row.decode(column: "created_at", as: String.self))
        else { throw AnlanError.recordCorrupt("检查记录") }
        return SiteCheck(
            id: try row.decodeID("id"), siteID: try row.decodeID("site_id"),
            divisionCode: try row.decode(column: "division_code", as: String.self),
            kind: kind, checkedOn: day, inspectors: try row.decode(column: "inspectors", as: String.self),
            checklist: try row.decodeOptional("checklist", as: String.self).map { try decoder.decode(Checklist.self, from: Data($0.utf8)) },
            answers: try decoder.decode([ChecklistAnswer].self, from: Data(try row.decode(column: "answers", as: String.self).utf8)),
            summary: try row.decode(column: "summary", as: String.self), createdBy: try row.decode(column: "created_by", as: String.self),
            createdAt: created)
    }
}
