import AnlanCore
import Crypto
import Foundation
import SQLKit

/// Inspections and the hazards they find, scoped like the enterprises they concern. Hazards move only
/// through `HazardState.apply`; every move is stored as an event and audited.
public struct InspectionRepository: Sendable {
    let database: Database
    let environment: AnlanCore.Environment
    let audit: AuditLog
    let enterprises: EnterpriseRepository
    let accounts: AccountService
    let catalogs: SupervisionCatalogs
    let inspections = ScopedTable(name: "inspections", divisionColumn: "division_code", enterpriseColumn: "enterprise_id")
    let hazards = ScopedTable(name: "hazards", divisionColumn: "division_code", enterpriseColumn: "enterprise_id")

    var today: String { Timestamp.day(environment.now()) }

    // MARK: - Inspections

    /// Stores an inspection with a hazard per finding, in one transaction. The client's ID makes it
    /// idempotent: the same submission again returns the stored inspection (`replayed`); different
    /// content under a used ID is refused (`inspection.id_reused`). A second inspection of the same enterprise on the
    /// same day is refused (`inspection.same_day`) unless `confirmingSameDay`: more often a double entry than a second
    /// visit.
    public func submit(_ draft: InspectionDraft, confirmingSameDay: Bool = false, by caller: Caller) async throws -> (
        inspection: Inspection, hazards: [Hazard], replayed: Bool
    ) {
        try caller.require(.inspect)
        let hash = SHA256.hash(data: Data(auditJSON(draft).utf8)).hexString
        let key = draft.id.key
        // The resend of a stored inspection is answered before anything else is checked; a resend racing the first
        // submission is caught again inside the transaction, after the first one commits.
        if try await storedInspection(key, hash: hash, on: database.reader) {
            return (try await get(draft.id, by: caller), try await hazards(of: draft.id, by: caller), true)
        }
        let enterprise = try await enterprises.get(draft.enterpriseID, by: caller)
        guard enterprise.archivedAt == nil else { throw EnterpriseErrors.archived }
        var chosen: Checklist? = nil
        if let key = draft.checklistKey { chosen = try await catalogs.checklist(key: key) }
        let checklist = chosen
        let valid = try draft.validated(checklist: checklist, today: today)
        // An inspector records their own inspections: the record must name them among its inspectors (issue 15, item 12).
        if caller.role == .inspector, let me = caller.username, !valid.inspectors.contains(me) {
            throw AnlanError.invalid(
                "inspection.submitter_not_inspector", "提交检查记录的执法人员须是本次检查的执法人员之一。", field: "inspectors")
        }
        if !confirmingSameDay,
            let other = try await inspections.select(database.reader, for: caller).column("id")
                .where("enterprise_id", .equal, SQLBind.id(valid.enterpriseID)).where("inspected_on", .equal, SQLBind(valid.inspectedOn))
                .where("id", .notEqual, SQLBind(key)).first()
        {
            throw AnlanError(
                .conflict, code: "inspection.same_day",
                message: "\(enterprise.profile.name) 在 \(valid.inspectedOn) 已有一份检查记录。确需再次检查的，请确认后重新提交。",
                details: ["field": "confirmSameDay", "existing": try other.decode(column: "id", as: String.self)])
        }
        let (officers, uncertified) = try await accounts.certifiedOfficers(valid.inspectors, county: enterprise.profile.divisionCode)
        guard uncertified.isEmpty else {
            throw AnlanError(
                .unprocessable, code: "inspection.too_few_inspectors",
                message: "\(uncertified.joined(separator: "、")) 不是本县持有执法证的执法人员；执法检查须由两名以上持证执法人员进行。",
                details: ["field": "inspectors"])
        }
        let onRecord = officers.map {
            InspectorOnRecord(username: $0.username, name: $0.displayName, certificateNumber: $0.certificateNumber ?? "")
        }
        if let drawID = valid.drawID {
            guard
                try await database.reader.select().column("id").from("random_draws").where(
                    "id", .equal, SQLBind.id(drawID)
                ).first() != nil
            else { throw AnlanError.invalid("inspection.draw_unknown", "指定的抽查不存在。", field: "drawId") }
        }
        if let campaignID = valid.campaignID {
            guard
                try await database.reader.select().column("id").from("campaigns").where(
                    "id", .equal, SQLBind.id(campaignID)
                ).first() != nil
            else { throw AnlanError.invalid("inspection.campaign_unknown", "指定的专项整治不存在。", field: "campaignId") }
        }
        let sector = ReportSector.of(enterprise.profile.sectors)
        let now = environment.now()
        let inspectedOn = try valid.inspectedDay()
        let inspection = Inspection(
            id: valid.id, enterpriseID: enterprise.id, divisionCode: enterprise.profile.divisionCode, source: valid.source,
            drawID: valid.drawID,
            campaignID: valid.campaignID, sector: sector, jointDepartments: valid.jointDepartments, inspectedOn: inspectedOn,
            inspectors: onRecord,
            checklist: checklist, answers: valid.answers, summary: valid.summary, createdBy: caller.username, createdAt: now)
        let found: [Hazard] = valid.findings.map { finding in
            Hazard(
                id: environment.newID(), inspectionID: inspection.id, enterpriseID: enterprise.id,
                divisionCode: enterprise.profile.divisionCode,
                campaignID: valid.campaignID, sector: sector, description: finding.description, location: finding.location,
                basis: finding.basis,
                checklistItem: finding.checklistItem, state: HazardState(status: .found, isMajor: finding.isMajor),
                owner: valid.inspectors[0],
                foundOn: inspectedOn, closedOn: nil, createdAt: now, updatedAt: now)
        }
        let written = try await database.write(by: caller, at: now, audit: audit) { tx -> [Hazard]? in
            try await tx.serialize(on: "inspection:\(key)")
            if try await storedInspection(key, hash: hash, on: tx.sql) { return nil }
            var stored: [Hazard] = []
            // The province's frequency cap, checked under the enterprise's row lock so that two inspections submitted at
            // once cannot both pass it. Complaint-led inspections neither need nor use up the allowance.
            if valid.source != .complaint, let year = Int(valid.inspectedOn.prefix(4)) {
                _ = try await tx.sql.select().column("id").from("enterprises").where(
                    "id", .equal, SQLBind.id(enterprise.id)
                ).for(.update).first()
                if let limit = try await frequencyCap(for: enterprise, year: year, on: tx.sql), limit.count >= limit.cap {
                    throw AnlanError(
                        .conflict, code: "inspection.frequency_cap",
                        message: "该企业 \(year) 年已检查 \(limit.count) 次，已达本局分类分级表中“\(limit.className)”类的年度检查上限（\(limit.cap) 次）。投诉举报引起的检查不受此限。")
                }
            }
            try await tx.sql.insert(into: "inspections")
                .columns(
                    "id", "enterprise_id", "division_code", "source", "draw_id", "campaign_id", "sector", "joint_departments",
                    "inspected_on",
                    "inspectors", "checklist", "answers", "summary", "content_hash", "created_by", "created_at"
                )
                .values(
                    SQLBind(key), SQLBind.id(enterprise.id), SQLBind(inspection.divisionCode),
                    SQLBind(inspection.source.rawValue),
                    SQLBind.id(inspection.drawID), SQLBind.id(inspection.campaignID),
                    SQLBind(sector),
                    SQLBind(inspection.jointDepartments), SQLBind(inspection.inspectedOn), SQLBind(auditJSON(onRecord)),
                    SQLBind(checklist.map { auditJSON($0) }), SQLBind(auditJSON(valid.answers)), SQLBind(valid.summary), SQLBind(hash),
                    SQLBind(caller.username), SQLBind(Timestamp.string(now))
                ).run()
            for name in valid.inspectors {
                try await tx.sql.insert(into: "inspection_inspectors").columns("inspection_id", "username").values(
                    SQLBind(key), SQLBind(name)
                ).run()
            }
            try await tx.record(
                AuditEvent(
                    action: "inspection.submit", targetType: "inspection", targetID: key,
                    after: auditJSON([
                        "enterpriseId": enterprise.id.key, "inspectedOn": valid.inspectedOn,
                        "findings": String(found.count),
                    ])))
            for (index, var hazard) in found.enumerated() {
                try await insertHazard(hazard, on: tx)
                if let due = valid.findings[index].dueDate {
                    if let dueDay = Day(due) {
                        hazard = try await apply(.order(dueDate: dueDay), to: hazard, note: "现场责令限期整改", today: inspectedOn, on: tx)
                    }
                }
                stored.append(hazard)
            }
            return stored
        }
        guard let written else { return (try await get(draft.id, by: caller), try await hazards(of: draft.id, by: caller), true) }
        return (inspection, written, false)
    }

    /// Whether an inspection is stored under `key`: false if none is; true if the same content is (a resend); refused if
    /// other content is.
    private func storedInspection(_ key: String, hash: String, on sql: any SQLDatabase) async throws -> Bool {
        try await Resend.isStored(
            in: "inspections", id: key, hash: hash, on: sql,
            reused: AnlanError(.conflict, code: "inspection.id_reused", message: "该检查编号已用于另一份不同内容的检查记录。"))
    }

    /// The classification table in force for a division in a year: that of the most local plan covering it.
    public func classification(for divisionCode: String, year: Int, on sql: (any SQLDatabase)? = nil) async throws
        -> InspectionPlanParameters?
    {
        let plans = try await (sql ?? database.reader).select().columns("division_code", "parameters").from("inspection_plans").where(
            "year", .equal, SQLBind(year)
        ).all()
        return try plans.compactMap { row -> (prefix: String, parameters: InspectionPlanParameters)? in
            guard let division = try? DivisionCode(try row.decode(column: "division_code", as: String.self)),
                divisionCode.hasPrefix(division.jurisdictionPrefix)
            else { return nil }
            return (
                division.jurisdictionPrefix,
                try JSONDecoder().decode(
                    InspectionPlanParameters.self, from: Data(try row.decode(column: "parameters", as: String.self).utf8))
            )
        }.max { $0.prefix.count < $1.prefix.count }?.parameters
    }

    /// Inspections in a year that count towards the frequency caps (all but complaint-led ones), per enterprise ID
    /// (lower-case), for the given enterprise or for all.
    public func countedInspections(year: Int, enterpriseID: UUID? = nil, on sql: (any SQLDatabase)? = nil) async throws -> [String: Int] {
        var query = (sql ?? database.reader).select().column("enterprise_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("inspections")
            .where("source", .notEqual, SQLBind(InspectionSource.complaint.rawValue))
            .where("inspected_on", .greaterThanOrEqual, SQLBind("\(year)-01-01")).where(
                "inspected_on", .lessThanOrEqual, SQLBind("\(year)-12-31"))
        if let enterpriseID { query = query.where("enterprise_id", .equal, SQLBind.id(enterpriseID)) }
        var counts: [String: Int] = [:]
        for row in try await query.groupBy("enterprise_id").all() {
            counts[try row.decode(column: "enterprise_id", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    /// The yearly cap on inspecting an enterprise under its class, and its inspections that year that count towards
    /// it; nil when no plan or no cap applies.
    public func frequencyCap(for enterprise: Enterprise, year: Int, on sql: (any SQLDatabase)? = nil) async throws
        -> (className: String, cap: Int, count: Int)?
    {
        guard let parameters = try await classification(for: enterprise.profile.divisionCode, year: year, on: sql),
            let found = parameters.enterpriseClass(
                risk: enterprise.riskLevel, sectors: enterprise.profile.sectors, grade: enterprise.profile.standardizationGrade),
            let cap = found.maxPerYear
        else { return nil }
        let count = try await countedInspections(year: year, enterpriseID: enterprise.id, on: sql).values.first ?? 0
        return (found.name, cap, count)
    }

    public func get(_ id: UUID, by caller: Caller) async throws -> Inspection {
        try caller.require(.readBusinessData)
        guard
            let row = try await inspections.select(database.reader, for: caller).column("*").where(
                "id", .equal, SQLBind.id(id)
            ).first()
        else { throw AnlanError.inspectionNotFound }
        return try Self.decodeInspection(row)
    }

    public struct InspectionFilter: Sendable {
        public var enterpriseID: UUID?
        public var inspector: String?
        public var from: String?
        public var to: String?
        public var divisionCode: DivisionCode?
        public var sector: String?
        public var campaignID: UUID?
        public var drawID: UUID?
        /// Words each found in the summary, the joint departments or the enterprise's name.
        public var query: String?
        public var source: InspectionSource?
        public init(
            enterpriseID: UUID? = nil, inspector: String? = nil, from: String? = nil, to: String? = nil, divisionCode: DivisionCode? = nil,
            sector: String? = nil, campaignID: UUID? = nil, drawID: UUID? = nil, query: String? = nil, source: InspectionSource? = nil
        ) {
            self.query = query
            self.source = source
            self.enterpriseID = enterpriseID
            self.inspector = inspector
            self.from = from
            self.to = to
            self.divisionCode = divisionCode
            self.sector = sector
            self.campaignID = campaignID
            self.drawID = drawID
        }
    }

    public func list(_ filter: InspectionFilter, page: PageRequest, by caller: Caller) async throws -> Page<Inspection> {
        try caller.require(.readBusinessData)
        func apply(_ s: SQLSelectBuilder) -> SQLSelectBuilder {
            var s = s
            if let id = filter.enterpriseID { s = s.where("enterprise_id", .equal, SQLBind.id(id)) }
            if let from = filter.from { s = s.where("inspected_on", .greaterThanOrEqual, SQLBind(from)) }
            if let to = filter.to { s = s.where("inspected_on", .lessThanOrEqual, SQLBind(to)) }
            if let code = filter.divisionCode {
                s = s.where(SQLColumn("division_code"), .like, SQLLiteral.divisionPrefix(code.jurisdictionPrefix))
            }
            if let sector = filter.sector { s = Self.inSector(sector, s) }
            if let id = filter.campaignID { s = s.where("campaign_id", .equal, SQLBind.id(id)) }
            if let id = filter.drawID { s = s.where("draw_id", .equal, SQLBind.id(id)) }
            if let source = filter.source { s = s.where("source", .equal, SQLBind(source.rawValue)) }
            s = TextSearch.apply(filter.query, columns: ["summary", "joint_departments"], to: s)
            if let name = filter.inspector {
                s = s.where(
                    SQLColumn("id"), .in,
                    SQLGroupExpression(
                        database.reader.select().column("inspection_id").from("inspection_inspectors").where(
                            // A person by login name or by the name people know them by (issue 11, item 6).
                            SQLQueryString(
                                "username IN (SELECT username FROM users WHERE username = \(bind: name) OR display_name = \(bind: name))")
                        ).query))
            }
            return s
        }
        let total = try await inspections.count(database.reader, for: caller, apply)
        let rows = try await apply(inspections.select(database.reader, for: caller).column("*")).orderBy("inspected_on", .descending)
            .orderBy("id")
            .limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map(Self.decodeInspection), total: total, request: page)
    }

    static func decodeInspection(_ row: any SQLRow) throws -> Inspection {
        let decoder = JSONDecoder()
        return Inspection(
            id: try row.decodeID("id"),
            enterpriseID: try row.decodeID("enterprise_id"),
            divisionCode: try row.decode(column: "division_code", as: String.self),
            source: InspectionSource(rawValue: try row.decode(column: "source", as: String.self)) ?? .adHoc,
            drawID: try row.decodeOptionalID("draw_id"),
            campaignID: try row.decodeOptionalID("campaign_id"),
            sector: try row.decode(column: "sector", as: String.self),
            jointDepartments: try row.decode(column: "joint_departments", as: String?.self),
            inspectedOn: try row.decodeDay("inspected_on"),
            inspectors: try decoder.decode(
                [InspectorOnRecord].self, from: Data(try row.decode(column: "inspectors", as: String.self).utf8)),
            checklist: try row.decode(column: "checklist", as: String?.self).map {
                try decoder.decode(Checklist.self, from: Data($0.utf8))
            },
            answers: try decoder.decode([ChecklistAnswer].self, from: Data(try row.decode(column: "answers", as: String.self).utf8)),
            summary: try row.decode(column: "summary", as: String.self), createdBy: try row.decode(column: "created_by", as: String?.self),
            createdAt: Timestamp.date(try row.decode(column: "created_at", as: String.self)) ?? Date(timeIntervalSince1970: 0))
    }

    // MARK: - Hazards

    func insertHazard(_ h: Hazard, on tx: Transaction) async throws {
        try await tx.sql.insert(into: "hazards")
            .columns(
                "id", "inspection_id", "enterprise_id", "site_id", "site_check_id", "division_code", "campaign_id", "sector", "description",
                "location", "basis",
                "checklist_item",
                "is_major", "status", "due_date", "extension_requested_to", "supervising_leader", "owner", "found_on", "closed_on",
                "created_at",
                "updated_at"
            )
            .values(
                SQLBind.id(h.id), SQLBind.id(h.inspectionID),
                SQLBind.id(h.enterpriseID), SQLBind.id(h.siteID), SQLBind.id(h.siteCheckID),
                SQLBind(h.divisionCode), SQLBind.id(h.campaignID), SQLBind(h.sector), SQLBind(h.description),
                SQLBind(h.location),
                SQLBind(h.basis), SQLBind(h.checklistItem), SQLBind(h.state.isMajor ? 1 : 0), SQLBind(h.state.status.rawValue),
                SQLBind(h.state.dueDate),
                SQLBind(h.state.extensionRequestedTo), SQLBind(h.state.supervisingLeader), SQLBind(h.owner), SQLBind(h.foundOn),
                SQLBind(h.closedOn),
                SQLBind(Timestamp.string(h.createdAt)), SQLBind(Timestamp.string(h.updatedAt))
            ).run()
        try await recordEvent(
            h.id, name: "found", detail: auditJSON(["description": h.description, "isMajor": h.state.isMajor ? "1" : "0"]), note: nil,
            on: tx)
    }

    private func recordEvent(_ id: UUID, name: String, detail: String, note: String?, on tx: Transaction) async throws {
        try await tx.sql.insert(into: "hazard_events").columns("id", "hazard_id", "event", "detail", "note", "by_user", "at")
            .values(
                SQLBind.id(environment.newID()), SQLBind.id(id), SQLBind(name), SQLBind(detail),
                SQLBind(note),
                SQLBind(tx.caller.username), SQLBind(Timestamp.string(tx.now))
            ).run()
    }

    /// Applies an event inside a transaction: checks the move, stores the new state, the event and the audit record.
    func apply(
        _ event: HazardEvent, to hazard: Hazard, note: String?, today: Day, extensionWindow: ExtensionWindow = .any, on tx: Transaction
    )
        async throws -> Hazard
    {
        var next = hazard
        next.state = try hazard.state.apply(event, today: today, extensionWindow: extensionWindow)
        next.updatedAt = tx.now
        if next.state.status == .closed { next.closedOn = today }
        try await hazards.update(tx.sql, for: tx.caller).set("status", to: SQLBind(next.state.status.rawValue))
            .set("due_date", to: SQLBind(next.state.dueDate)).set("extension_requested_to", to: SQLBind(next.state.extensionRequestedTo))
            .set("supervising_leader", to: SQLBind(next.state.supervisingLeader)).set("closed_on", to: SQLBind(next.closedOn))
            .set("submitted_on", to: SQLBind(next.state.submittedOn)).set(
                "extension_requested_on", to: SQLBind(next.state.extensionRequestedOn)
            )
            .set("updated_at", to: SQLBind(Timestamp.string(tx.now)))
            .where("id", .equal, SQLBind.id(hazard.id)).where("status", .equal, SQLBind(hazard.state.status.rawValue))
            .run()
        try await recordEvent(hazard.id, name: event.name, detail: auditJSON(event), note: note, on: tx)
        try await tx.record(
            AuditEvent(
                action: "hazard.\(event.name)", targetType: "hazard", targetID: hazard.id.key,
                before: auditJSON(hazard.state),
                after: auditJSON(next.state)))
        return next
    }

    /// Moves a hazard on, as `HazardMove` parsed it from a page or the API. Who may make which move is Core's
    /// answer (`HazardEventKind.isPermitted`): anyone else gets `auth.forbidden`, whatever the state.
    public func transition(_ id: UUID, _ move: HazardMove, by caller: Caller) async throws -> Hazard {
        let current = try await hazard(id, by: caller)
        let actor = HazardActor(role: caller.role, username: caller.username, enterpriseID: caller.enterpriseID, hazard: current)
        guard move.event.kind.isPermitted(for: actor) else { throw AnlanError.forbidden }
        let move = try move.checked(for: actor)
        let today = Day(environment.now())
        // Only an extension request looks at its window.
        var window = ExtensionWindow.any
        if case .requestExtension = move.event { window = try await catalogs.enforcementSettings().extensionWindow }
        let extensionWindow = window
        return try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            // Re-read inside the transaction, locked (FOR UPDATE on PostgreSQL; SQLite has one writer): two people
            // acting at once cannot both move it from the same state.
            guard
                let row = try await hazards.select(tx.sql, for: caller).column("*").where("id", .equal, SQLBind.id(id))
                    .for(.update).first()
            else {
                throw AnlanError.hazardNotFound
            }
            let hazard = try Self.decodeHazard(row)
            if case .submitRectification = move.event, hazard.state.status == .ordered {
                try await requireEvidenceSinceOrdered(hazard.id, on: tx)
            }
            return try await apply(move.event, to: hazard, note: move.note, today: today, extensionWindow: extensionWindow, on: tx)
        }
    }

    /// A rectification is submitted with evidence: a file attached to the hazard (and not removed) since it was last
    /// ordered, so the photo taken when it was found does not count.
    private func requireEvidenceSinceOrdered(_ id: UUID, on tx: Transaction) async throws {
        let ordered = try await tx.sql.raw(
            """
            SELECT MAX(at) AS at FROM hazard_events WHERE hazard_id = \(bind: id.key) \
            AND event IN ('order', 'reinspect', 'sign_off')
            """
        ).first()?.decodeOptional("at", as: String.self)
        var evidence = tx.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("attachments")
            .where("owner_type", .equal, SQLBind("hazard")).where("owner_id", .equal, SQLBind.id(id)).where(
                "removed_at", .is, SQLLiteral.null)
        if let ordered { evidence = evidence.where("created_at", .greaterThanOrEqual, SQLBind(ordered)) }
        guard try await evidence.first(decodingColumn: "n", as: Int.self) ?? 0 > 0 else { throw HazardErrors.evidenceRequired }
    }

    /// The same, for callers that build the event themselves (the demo, tests): checked as a parsed move is.
    public func transition(_ id: UUID, _ event: HazardEvent, note: String? = nil, by caller: Caller) async throws -> Hazard {
        try await transition(id, try HazardMove(event: event, note: note), by: caller)
    }

    public func hazard(_ id: UUID, by caller: Caller) async throws -> Hazard {
        try caller.require(.readBusinessData)
        guard
            let row = try await hazards.select(database.reader, for: caller).column("*").where(
                "id", .equal, SQLBind.id(id)
            ).first()
        else { throw AnlanError.hazardNotFound }
        return try Self.decodeHazard(row)
    }

    public func hazards(of inspectionID: UUID, by caller: Caller) async throws -> [Hazard] {
        try await hazards.select(database.reader, for: caller).column("*").where(
            "inspection_id", .equal, SQLBind.id(inspectionID)
        )
        .orderBy("created_at").orderBy("id").all().map(Self.decodeHazard)
    }

    public struct HazardFilter: Sendable {
        public var enterpriseID: UUID?
        public var status: HazardStatus?
        /// Not closed (any of found, ordered, submitted).
        public var open: Bool?
        public var overdue: Bool?
        public var major: Bool?
        public var escalated: Bool?
        public var owner: String?
        /// 挂牌督办 to this leader.
        public var supervisingLeader: String?
        public var divisionCode: DivisionCode?
        public var sector: String?
        public var campaignID: UUID?
        public var foundFrom: String?
        public var foundTo: String?
        public var closedFrom: String?
        public var closedTo: String?
        /// Words each found in the description, the place or the enterprise's name.
        public var query: String?
        /// Awaiting re-inspection with its limit running from before this day: submitted, or past the deadline, whichever
        /// came first (`HazardState.reinspectionFrom`). Today minus the re-inspection limit gives the late ones.
        public var reinspectionFromBefore: String?
        /// One site's hazards; or only sites' (true) or only enterprises' (false).
        public var siteID: UUID?
        public var onSites: Bool?
        public init(
            siteID: UUID? = nil, onSites: Bool? = nil, enterpriseID: UUID? = nil, status: HazardStatus? = nil, open: Bool? = nil,
            overdue: Bool? = nil, major: Bool? = nil,
            escalated: Bool? = nil,
            owner: String? = nil, supervisingLeader: String? = nil, divisionCode: DivisionCode? = nil, sector: String? = nil,
            campaignID: UUID? = nil, foundFrom: String? = nil,
            foundTo: String? = nil, closedFrom: String? = nil, closedTo: String? = nil, reinspectionFromBefore: String? = nil,
            query: String? = nil
        ) {
            self.siteID = siteID
            self.onSites = onSites
            self.query = query
            self.supervisingLeader = supervisingLeader
            self.reinspectionFromBefore = reinspectionFromBefore
            self.enterpriseID = enterpriseID
            self.status = status
            self.open = open
            self.overdue = overdue
            self.major = major
            self.escalated = escalated
            self.owner = owner
            self.divisionCode = divisionCode
            self.sector = sector
            self.campaignID = campaignID
            self.foundFrom = foundFrom
            self.foundTo = foundTo
            self.closedFrom = closedFrom
            self.closedTo = closedTo
        }
    }

    func applyFilter(_ f: HazardFilter, to s: SQLSelectBuilder, today: String) -> SQLSelectBuilder {
        var s = s
        if let id = f.enterpriseID { s = s.where("enterprise_id", .equal, SQLBind.id(id)) }
        if let id = f.siteID { s = s.where("site_id", .equal, SQLBind.id(id)) }
        if let onSites = f.onSites { s = s.where("site_id", onSites ? .isNot : .is, SQLLiteral.null) }
        if let status = f.status { s = s.where("status", .equal, SQLBind(status.rawValue)) }
        if f.open == true { s = s.where("status", .notEqual, SQLBind(HazardStatus.closed.rawValue)) }
        if f.open == false { s = s.where("status", .equal, SQLBind(HazardStatus.closed.rawValue)) }
        if let overdue = f.overdue {
            if overdue {
                s = s.where(Self.mayBeOverdue).where("due_date", .lessThan, SQLBind(today))
            } else {
                s = s.where {
                    $0.where(SQLRaw("NOT \(Self.mayBeOverdue.sql)")).orWhere("due_date", .is, SQLLiteral.null)
                        .orWhere("due_date", .greaterThanOrEqual, SQLBind(today))
                }
            }
        }
        if let major = f.major { s = s.where("is_major", .equal, SQLBind(major ? 1 : 0)) }
        if f.escalated == true { s = s.where("supervising_leader", .isNot, SQLLiteral.null) }
        // By login name or by the person's name (what people type).
        if let owner = f.owner {
            s = s.where(
                SQLQueryString("owner IN (SELECT username FROM users WHERE username = \(bind: owner) OR display_name = \(bind: owner))"))
        }
        if let leader = f.supervisingLeader { s = s.where("supervising_leader", .equal, SQLBind(leader)) }
        if let code = f.divisionCode { s = s.where(SQLColumn("division_code"), .like, SQLLiteral.divisionPrefix(code.jurisdictionPrefix)) }
        if let sector = f.sector { s = Self.inSector(sector, s) }
        if let id = f.campaignID { s = s.where("campaign_id", .equal, SQLBind.id(id)) }
        if let from = f.foundFrom { s = s.where("found_on", .greaterThanOrEqual, SQLBind(from)) }
        if let to = f.foundTo { s = s.where("found_on", .lessThanOrEqual, SQLBind(to)) }
        if let from = f.closedFrom { s = s.where("closed_on", .greaterThanOrEqual, SQLBind(from)) }
        if let to = f.closedTo { s = s.where("closed_on", .lessThanOrEqual, SQLBind(to)) }
        s = TextSearch.apply(f.query, columns: ["description", "location"], to: s)
        if let day = f.reinspectionFromBefore {
            s = s.where(
                SQLQueryString(
                    "(status IN ('ordered', 'submitted') AND (due_date < \(bind: day) OR (status = 'submitted' AND submitted_on < \(bind: day))))"
                ))
        }
        return s
    }

    /// Hazards, overdue and major ones first, then by deadline.
    public func hazards(_ filter: HazardFilter, page: PageRequest, by caller: Caller) async throws -> Page<Hazard> {
        try caller.require(.readBusinessData)
        let today = self.today
        let total = try await hazards.count(database.reader, for: caller) { applyFilter(filter, to: $0, today: today) }
        let rows = try await applyFilter(filter, to: hazards.select(database.reader, for: caller).column("*"), today: today)
            .orderBy(SQLRaw("CASE WHEN \(Self.mayBeOverdue.sql) AND due_date < '\(today)' THEN 0 ELSE 1 END"))
            .orderBy("is_major", .descending).orderBy("due_date").orderBy("id")
            .limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map(Self.decodeHazard), total: total, request: page)
    }

    /// A count of hazards per value of a column (owner, division_code prefix, sector).
    public func overdueCounts(by column: String, divisionLength: Int? = nil, caller: Caller) async throws -> [(key: String, count: Int)] {
        try caller.require(.readBusinessData)
        let rows = try await applyFilter(
            HazardFilter(overdue: true), to: hazards.select(database.reader, for: caller).columns(column), today: today
        ).all()
        var counts: [String: Int] = [:]
        for row in rows {
            var key = try row.decode(column: column, as: String?.self) ?? "—"
            if let length = divisionLength { key = String(key.prefix(length)) }
            counts[key, default: 0] += 1
        }
        return counts.map { ($0.key, $0.value) }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.key < $1.key }
    }

    /// `HazardStatus.mayBeOverdue` in SQL: what an overdue filter, order or count looks at.
    static let mayBeOverdue = SQLRaw(
        "(status NOT IN (\(HazardStatus.neverOverdue.map { "'\($0.rawValue)'" }.joined(separator: ", "))))")

    static let eventLifecycleOrder = SQLRaw(
        """
        CASE event WHEN 'found' THEN 0 WHEN 'order' THEN 1 WHEN 'escalate' THEN 2 WHEN 'request_extension' THEN 3 \
        WHEN 'decide_extension' THEN 4 WHEN 'submit' THEN 5 WHEN 'reinspect' THEN 6 WHEN 'sign_off' THEN 7 ELSE 8 END
        """)

    public struct EventRecord: Sendable, Hashable {
        public let event: String
        public let detail: String
        public let note: String?
        public let by: String?
        public let at: Date

        /// The event's own fields, as stored (`{"<case>": {field: value}}`).
        private var fields: [String: Any] {
            guard let object = try? JSONSerialization.jsonObject(with: Data(detail.utf8)) as? [String: Any] else { return [:] }
            return object.values.first as? [String: Any] ?? [:]
        }

        /// A rectification a bureau user recorded on the enterprise's behalf.
        public var onBehalf: Bool { event == HazardEventKind.submit.rawValue && fields["onBehalf"] as? Bool == true }

        /// Why a hazard the enterprise never submitted was closed on re-inspection.
        public var reason: String? { event == HazardEventKind.reinspect.rawValue ? fields["reason"] as? String : nil }

        /// The category an extension was asked for under.
        public var extensionReason: ExtensionReason? {
            event == HazardEventKind.requestExtension.rawValue ? (fields["reason"] as? String).flatMap(ExtensionReason.init) : nil
        }
    }

    public func events(of id: UUID, by caller: Caller) async throws -> [EventRecord] {
        _ = try await hazard(id, by: caller)
        return try await database.reader.select().column("*").from("hazard_events").where(
            "hazard_id", .equal, SQLBind.id(id)
        )
        // Events of one instant (an inspection that orders as it finds, a request decided at once) in the order a
        // hazard lives them, not in the order of their random IDs.
        .orderBy("at").orderBy(Self.eventLifecycleOrder).orderBy("id").all().map { row in
            EventRecord(
                event: try row.decode(column: "event", as: String.self), detail: try row.decode(column: "detail", as: String.self),
                note: try row.decode(column: "note", as: String?.self), by: try row.decode(column: "by_user", as: String?.self),
                at: Timestamp.date(try row.decode(column: "at", as: String.self)) ?? Date(timeIntervalSince1970: 0))
        }
    }

    static func decodeHazard(_ row: any SQLRow) throws -> Hazard {
        try row.decode(model: HazardRow.self, keyDecodingStrategy: .convertFromSnakeCase).hazard
    }
}

extension InspectionRepository {
    /// Rows of a report sector (their stored `sector`), or of a detail row: its parent sector, and an enterprise that has
    /// the detail's sector (`ReportSector.details`).
    static func inSector(_ sector: String, _ s: SQLSelectBuilder) -> SQLSelectBuilder {
        guard let parent = ReportSector.parent(of: sector) else { return s.where("sector", .equal, SQLBind(sector)) }
        return s.where("sector", .equal, SQLBind(parent)).where(
            SQLColumn("enterprise_id"), .in,
            SQLGroupExpression(SQLQueryString("SELECT enterprise_id FROM enterprise_sectors WHERE sector = \(bind: sector)")))
    }
}
