import AnlanCore
import Foundation
import SQLKit

/// Enforcement documents and cases. Numbers come from a per-kind, per-year sequence row updated in the
/// issuing transaction: on SQLite the single writer serialises issues; on PostgreSQL the row lock does,
/// and a rolled-back issue gives its number back. So numbers neither skip nor repeat.
public struct DocumentRepository: Sendable {
    let database: Database
    let environment: AnlanCore.Environment
    let audit: AuditLog
    let enterprises: EnterpriseRepository
    let inspections: InspectionRepository
    let accounts: AccountService
    let catalogs: SupervisionCatalogs
    let documents = ScopedTable(name: "enforcement_documents", divisionColumn: "division_code", enterpriseColumn: "enterprise_id")
    let cases = ScopedTable(name: "cases", divisionColumn: "division_code", enterpriseColumn: "enterprise_id")

    var today: String { Timestamp.day(environment.now()) }

    /// Issues the document an order asks for, on its inspection or case: the one operation behind the pages and the API.
    public func issue(_ order: DocumentOrder, by caller: Caller) async throws -> EnforcementDocument {
        switch order.subject {
        case .inspection(let id):
            try await issue(order.kind, inspection: id, measures: order.measures, correcting: order.correcting, by: caller)
        case .case(let id): try await issue(order.kind, case: id, inquiry: order.inquiry, correcting: order.correcting, by: caller)
        }
    }

    /// Issues a document of an inspection's chain, its fields taken from the inspection and its hazards.
    public func issue(
        _ kind: DocumentKind, inspection inspectionID: UUID, measures: String? = nil, correcting: UUID? = nil, by caller: Caller
    )
        async throws -> EnforcementDocument
    {
        try caller.require(.inspect)
        let inspection = try await inspections.get(inspectionID, by: caller)
        let enterprise = try await enterprises.get(inspection.enterpriseID, by: caller)
        let hazards = try await inspections.hazards(of: inspectionID, by: caller)
        var reinspected = Set<UUID>()
        if kind == .reinspectionOpinion {
            for hazard in hazards where try await inspections.events(of: hazard.id, by: caller).contains(where: { $0.event == "reinspect" })
            {
                reinspected.insert(hazard.id)
            }
        }
        var context = try await context()
        if kind == .reinspectionOpinion,
            let order = try await latest(.rectificationOrder, DocumentFilter(inspectionID: inspectionID), by: caller)
        {
            context.referencedNumber = order.number
            context.referencedDay = Timestamp.day(order.issuedAt)
        }
        let fields = try DocumentContent.inspectionFields(
            kind: kind, enterprise: enterprise, inspection: inspection, hazards: hazards, reinspected: reinspected, measures: measures,
            context: context)
        return try await store(
            kind, enterprise: enterprise, inspectionID: inspectionID, caseID: nil, fields: fields, correcting: correcting, by: caller)
    }

    /// Issues a document of a case's chain; an inquiry notice (询问通知书) needs `inquiry`.
    public func issue(_ kind: DocumentKind, case caseID: UUID, inquiry: InquiryRequest? = nil, correcting: UUID? = nil, by caller: Caller)
        async throws -> EnforcementDocument
    {
        try caller.require(.inspect)
        let c = try await self.case(caseID, by: caller)
        let enterprise = try await enterprises.get(c.enterpriseID, by: caller)
        var context = try await context()
        context.inquiry = inquiry
        if let username = caller.username, let user = try await accounts.find(username: username) {
            context.contact = user.displayName + (user.phone.map { "，联系电话 \($0)" } ?? "")
        }
        if kind == .fineReminder, let decision = try await latest(.penaltyDecision, DocumentFilter(caseID: caseID), by: caller) {
            context.referencedNumber = decision.number
            context.referencedDay = Timestamp.day(decision.issuedAt)
        }
        let fields = try DocumentContent.caseFields(kind: kind, enterprise: enterprise, case: c, context: context)
        return try await store(
            kind, enterprise: enterprise, inspectionID: c.inspectionID, caseID: caseID, fields: fields, correcting: correcting, by: caller)
    }

    /// What a document says beyond its records, as the settings stand today.
    func context() async throws -> DocumentContext {
        DocumentContext(authority: try await catalogs.authority(), settings: try await catalogs.enforcementSettings(), today: today)
    }

    /// The document of a kind in force among those `filter` selects: not voided, not replaced by a correction, the newest.
    func latest(_ kind: DocumentKind, _ filter: DocumentFilter, by caller: Caller) async throws -> EnforcementDocument? {
        var filter = filter
        filter.kind = kind
        filter.includeVoided = false
        let candidates = try await documents(filter, page: try PageRequest(pageSize: 100), by: caller).items
        let corrected = Set(candidates.compactMap(\.correctsID))
        return candidates.filter { !corrected.contains($0.id) }.max { ($0.issuedAt, $0.sequence) < ($1.issuedAt, $1.sequence) }
    }

    private func store(
        _ kind: DocumentKind, enterprise: Enterprise, inspectionID: UUID?, caseID: UUID?, fields: [DocumentField], correcting: UUID?,
        by caller: Caller
    ) async throws -> EnforcementDocument {
        if let correcting {
            let old = try await document(correcting, by: caller)
            guard old.kind == kind, old.enterpriseID == enterprise.id else {
                throw AnlanError.invalid("document.correction_mismatch", "更正文书须与原文书种类、企业相同。", field: "correcting")
            }
        }
        let numbering = try await catalogs.numbering()
        let now = environment.now()
        let year = Timestamp.shanghai.component(.year, from: now)
        let id = environment.newID()
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            let sequence = try await nextSequence(kind: kind, year: year, on: tx.sql)
            let document = EnforcementDocument(
                id: id, kind: kind, year: year, sequence: sequence, number: numbering.number(kind: kind, year: year, sequence: sequence),
                enterpriseID: enterprise.id, divisionCode: enterprise.profile.divisionCode, inspectionID: inspectionID, caseID: caseID,
                correctsID: correcting, fields: fields, issuedBy: caller.username, issuedAt: now)
            try await tx.sql.insert(into: "enforcement_documents")
                .columns(
                    "id", "kind", "year", "sequence", "number", "enterprise_id", "division_code", "inspection_id", "case_id", "corrects_id",
                    "fields",
                    "issued_by", "issued_at", "voided_at", "voided_by", "void_reason"
                )
                .values(
                    SQLBind.id(id), SQLBind(kind.rawValue), SQLBind(year), SQLBind(sequence), SQLBind(document.number),
                    SQLBind.id(enterprise.id), SQLBind(document.divisionCode),
                    SQLBind.id(inspectionID),
                    SQLBind.id(caseID), SQLBind.id(correcting), SQLBind(auditJSON(fields)),
                    SQLBind(caller.username), SQLBind(Timestamp.string(now)), SQLBind(String?.none), SQLBind(String?.none),
                    SQLBind(String?.none)
                ).run()
            try await tx.record(
                AuditEvent(
                    action: "document.issue", targetType: "enforcement_document", targetID: id.key,
                    after: auditJSON([
                        "kind": kind.rawValue, "number": document.number, "corrects": correcting?.key ?? "",
                    ])))
            return document
        }
    }

    /// The next number of a kind and year, taken inside the caller's transaction.
    func nextSequence(kind: DocumentKind, year: Int, on sql: any SQLDatabase) async throws -> Int {
        try await sql.raw(
            "INSERT INTO document_sequences (kind, year, last) VALUES (\(bind: kind.rawValue), \(bind: year), 0) ON CONFLICT (kind, year) DO NOTHING"
        ).run()
        guard
            let row = try await sql.raw(
                "UPDATE document_sequences SET last = last + 1 WHERE kind = \(bind: kind.rawValue) AND year = \(bind: year) RETURNING last"
            )
            .first(), let next = try? row.decode(column: "last", as: Int.self)
        else { throw AnlanError(.conflict, code: "document.sequence_failed", message: "文书编号分配失败，请重试。") }
        return next
    }

    /// Voids a document: it stays, marked void with who, when and why; its number is not reused.
    public func void(_ id: UUID, reason: String, by caller: Caller) async throws -> EnforcementDocument {
        try caller.require(.inspect)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...500).contains(reason.count) else {
            throw AnlanError.invalid("document.void_reason_required", "作废须说明理由（2–500 字）。", field: "reason")
        }
        let document = try await self.document(id, by: caller)
        let now = environment.now()
        try await database.write(by: caller, at: now, audit: audit) { tx in
            // Checked under the row lock, so two people voiding at once leave one record.
            let voided = try await documents.select(tx.sql, for: caller).column("voided_at").where(
                "id", .equal, SQLBind.id(id)
            )
            .for(.update).first(decodingColumn: "voided_at", as: String?.self)
            guard voided == .some(nil) else { throw AnlanError(.conflict, code: "document.already_void", message: "该文书已作废。") }
            try await documents.update(tx.sql, for: caller).set("voided_at", to: SQLBind(Timestamp.string(now))).set(
                "voided_by", to: SQLBind(caller.username)
            )
            .set("void_reason", to: SQLBind(reason)).where("id", .equal, SQLBind.id(id)).where(
                "voided_at", .is, SQLLiteral.null
            ).run()
            try await tx.record(
                AuditEvent(
                    action: "document.void", targetType: "enforcement_document", targetID: id.key,
                    before: auditJSON(["number": document.number]), after: auditJSON(["reason": reason])))
        }
        var voided = document
        voided.voidedAt = now
        voided.voidReason = reason
        return voided
    }

    public func document(_ id: UUID, by caller: Caller) async throws -> EnforcementDocument {
        try caller.require(.readBusinessData)
        guard
            let row = try await documents.select(database.reader, for: caller).column("*").where(
                "id", .equal, SQLBind.id(id)
            ).first()
        else { throw AnlanError.documentNotFound }
        return try Self.decodeDocument(row)
    }

    public struct DocumentFilter: Sendable {
        public var enterpriseID: UUID?
        public var inspectionID: UUID?
        public var caseID: UUID?
        public var kind: DocumentKind?
        public var from: String?
        public var to: String?
        public var divisionCode: DivisionCode?
        /// The annual report's sector (`ReportSector.all`) of the document's enterprise.
        public var reportSector: String?
        public var includeVoided: Bool
        public init(
            enterpriseID: UUID? = nil, inspectionID: UUID? = nil, caseID: UUID? = nil, kind: DocumentKind? = nil, from: String? = nil,
            to: String? = nil,
            divisionCode: DivisionCode? = nil, reportSector: String? = nil, includeVoided: Bool = true
        ) {
            self.reportSector = reportSector
            self.enterpriseID = enterpriseID
            self.inspectionID = inspectionID
            self.caseID = caseID
            self.kind = kind
            self.from = from
            self.to = to
            self.divisionCode = divisionCode
            self.includeVoided = includeVoided
        }
    }

    public func documents(_ f: DocumentFilter, page: PageRequest, by caller: Caller) async throws -> Page<EnforcementDocument> {
        try caller.require(.readBusinessData)
        func apply(_ s: SQLSelectBuilder) -> SQLSelectBuilder {
            var s = s
            if let id = f.enterpriseID { s = s.where("enterprise_id", .equal, SQLBind.id(id)) }
            if let id = f.inspectionID { s = s.where("inspection_id", .equal, SQLBind.id(id)) }
            if let id = f.caseID { s = s.where("case_id", .equal, SQLBind.id(id)) }
            if let kind = f.kind { s = s.where("kind", .equal, SQLBind(kind.rawValue)) }
            if let from = f.from { s = s.where("issued_at", .greaterThanOrEqual, SQLBind(Self.startOfDay(from))) }
            if let to = f.to, let next = Timestamp.day(to, adding: 1) {
                s = s.where("issued_at", .lessThan, SQLBind(Self.startOfDay(next)))
            }
            if let code = f.divisionCode {
                s = s.where(SQLColumn("division_code"), .like, SQLLiteral.divisionPrefix(code.jurisdictionPrefix))
            }
            if let sector = f.reportSector { s = StatisticsRepository.inReportSector(sector, s) }
            if !f.includeVoided { s = s.where("voided_at", .is, SQLLiteral.null) }
            return s
        }
        let total = try await documents.count(database.reader, for: caller, apply)
        let rows = try await apply(documents.select(database.reader, for: caller).column("*")).orderBy("issued_at", .descending).orderBy(
            "id"
        )
        .limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map(Self.decodeDocument), total: total, request: page)
    }

    /// The UTC timestamp text at which a Shanghai day starts, for comparing with stored times.
    static func startOfDay(_ day: String) -> String {
        let p = day.split(separator: "-").compactMap { Int($0) }
        guard p.count == 3, let date = Timestamp.shanghai.date(from: DateComponents(year: p[0], month: p[1], day: p[2])) else { return day }
        return Timestamp.string(date)
    }

    static func decodeDocument(_ row: any SQLRow) throws -> EnforcementDocument {
        EnforcementDocument(
            id: try row.decodeID("id"),
            kind: DocumentKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .inspectionRecord,
            year: try row.decode(column: "year", as: Int.self), sequence: try row.decode(column: "sequence", as: Int.self),
            number: try row.decode(column: "number", as: String.self),
            enterpriseID: try row.decodeID("enterprise_id"),
            divisionCode: try row.decode(column: "division_code", as: String.self),
            inspectionID: try row.decodeOptionalID("inspection_id"),
            caseID: try row.decodeOptionalID("case_id"),
            correctsID: try row.decodeOptionalID("corrects_id"),
            fields: try JSONDecoder().decode([DocumentField].self, from: Data(try row.decode(column: "fields", as: String.self).utf8)),
            issuedBy: try row.decode(column: "issued_by", as: String?.self),
            issuedAt: Timestamp.date(try row.decode(column: "issued_at", as: String.self)) ?? Date(timeIntervalSince1970: 0),
            voidedAt: try row.decode(column: "voided_at", as: String?.self).flatMap(Timestamp.date),
            voidReason: try row.decode(column: "void_reason", as: String?.self))
    }

    // MARK: - Cases

    /// Opens a case (立案) against an enterprise, optionally from an inspection.
    public func openCase(enterpriseID: UUID, inspectionID: UUID?, title: String, violation: String, by caller: Caller) async throws
        -> EnforcementCase
    {
        try caller.require(.inspect)
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let violation = violation.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...100).contains(title.count) else { throw AnlanError.invalid("case.title_required", "请填写案由（2–100 字）。", field: "title") }
        guard (2...EnforcementCase.violationLimit).contains(violation.count) else {
            throw AnlanError.invalid(
                "case.violation_required", "请填写违法事实（2–\(EnforcementCase.violationLimit) 字）。", field: "violation")
        }
        let enterprise = try await enterprises.get(enterpriseID, by: caller)
        if let inspectionID {
            let inspection = try await inspections.get(inspectionID, by: caller)
            guard inspection.enterpriseID == enterpriseID else {
                throw AnlanError.invalid("case.inspection_mismatch", "检查记录不属于该企业。", field: "inspectionId")
            }
        }
        let c = EnforcementCase(
            id: environment.newID(), enterpriseID: enterpriseID, divisionCode: enterprise.profile.divisionCode, inspectionID: inspectionID,
            title: title,
            violation: violation, status: .open, fineFen: nil, paidFen: 0, fineDueOn: nil, suspensionUntil: nil, openedOn: today,
            closedOn: nil)
        try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            try await tx.sql.insert(into: "cases")
                .columns(
                    "id", "enterprise_id", "division_code", "inspection_id", "title", "violation", "status", "fine_fen", "paid_fen",
                    "fine_due_on",
                    "suspension_until", "opened_on", "closed_on", "created_by", "created_at"
                )
                .values(
                    SQLBind.id(c.id), SQLBind.id(enterpriseID), SQLBind(c.divisionCode),
                    SQLBind.id(inspectionID), SQLBind(title), SQLBind(violation), SQLBind(c.status.rawValue),
                    SQLBind(Int?.none),
                    SQLBind(0), SQLBind(String?.none), SQLBind(String?.none), SQLBind(c.openedOn), SQLBind(String?.none),
                    SQLBind(caller.username),
                    SQLBind(Timestamp.string(tx.now))
                ).run()
            try await tx.record(
                AuditEvent(
                    action: "case.open", targetType: "case", targetID: c.id.key, after: auditJSON(["title": title])))
        }
        return c
    }

    /// Records the decision: the fine in 分 (0 for none), its payment deadline, and any suspension.
    public func decide(
        _ id: UUID, fineFen: Int, fineDueOn: String?, suspensionUntil: String?, provisions: String? = nil, penaltyBasis: String? = nil,
        by caller: Caller
    ) async throws -> EnforcementCase {
        try caller.require(.inspect)
        func legal(_ text: String?, field: String, label: String) throws -> String? {
            guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
            guard text.count <= 1000 else { throw AnlanError.invalid("case.legal_basis_too_long", "\(label)不能超过 1000 字。", field: field) }
            return text
        }
        let provisions = try legal(provisions, field: "provisions", label: "违反的规定")
        let penaltyBasis = try legal(penaltyBasis, field: "penaltyBasis", label: "处罚依据")
        let today = self.today
        guard (0...1_000_000_000).contains(fineFen) else {
            throw AnlanError.invalid("case.fine_invalid", "罚款金额须为 0 到 1000 万元之间。", field: "fineFen")
        }
        for (day, field) in [(fineDueOn, "fineDueOn"), (suspensionUntil, "suspensionUntil")] {
            if let day, !Timestamp.isDay(day) { throw AnlanError.invalid("case.date_invalid", "日期须为 yyyy-MM-dd。", field: field) }
        }
        if fineFen > 0 && fineDueOn == nil { throw AnlanError.invalid("case.due_required", "有罚款时须填写缴纳期限。", field: "fineDueOn") }
        return try await change(id, action: "case.decide", by: caller) { c in
            guard c.status == .open else { throw AnlanError(.conflict, code: "case.not_open", message: "案件已作出决定或已结案。") }
            c.status = .decided
            c.fineFen = fineFen
            c.fineDueOn = fineDueOn
            c.suspensionUntil = suspensionUntil
            c.provisions = provisions
            c.penaltyBasis = penaltyBasis
            c.decidedOn = today
        }
    }

    /// Records a payment towards the fine.
    public func recordPayment(_ id: UUID, amountFen: Int, by caller: Caller) async throws -> EnforcementCase {
        try caller.require(.inspect)
        guard amountFen > 0 else { throw AnlanError.invalid("case.payment_invalid", "缴款金额须大于 0。", field: "amountFen") }
        return try await change(id, action: "case.payment", by: caller) { c in
            guard c.status == .decided, let fine = c.fineFen else {
                throw AnlanError(.conflict, code: "case.not_decided", message: "案件尚未作出处罚决定或已结案。")
            }
            guard c.paidFen + amountFen <= fine else {
                throw AnlanError.invalid("case.overpaid", "缴款合计不能超过罚款金额（\(Money.yuan(fine)) 元）。", field: "amountFen")
            }
            c.paidFen += amountFen
        }
    }

    public func close(_ id: UUID, by caller: Caller) async throws -> EnforcementCase {
        try caller.require(.inspect)
        let today = self.today
        return try await change(id, action: "case.close", by: caller) { c in
            guard c.status == .decided else { throw AnlanError(.conflict, code: "case.not_decided", message: "案件尚未作出处罚决定或已结案。") }
            c.status = .closed
            c.closedOn = today
        }
    }

    private func change(_ id: UUID, action: String, by caller: Caller, _ edit: @Sendable (inout EnforcementCase) throws -> Void)
        async throws -> EnforcementCase
    {
        try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            guard
                let row = try await cases.select(tx.sql, for: caller).column("*").where("id", .equal, SQLBind.id(id))
                    .for(.update).first()
            else {
                throw AnlanError.caseNotFound
            }
            let before = try Self.decodeCase(row)
            var after = before
            try edit(&after)
            try await cases.update(tx.sql, for: caller).set("status", to: SQLBind(after.status.rawValue)).set(
                "fine_fen", to: SQLBind(after.fineFen)
            )
            .set("paid_fen", to: SQLBind(after.paidFen)).set("fine_due_on", to: SQLBind(after.fineDueOn))
            .set("suspension_until", to: SQLBind(after.suspensionUntil)).set("closed_on", to: SQLBind(after.closedOn))
            .set("provisions", to: SQLBind(after.provisions)).set("penalty_basis", to: SQLBind(after.penaltyBasis)).set(
                "decided_on", to: SQLBind(after.decidedOn)
            )
            .where("id", .equal, SQLBind.id(id)).run()
            try await tx.record(
                AuditEvent(
                    action: action, targetType: "case", targetID: id.key,
                    before: auditJSON([
                        "status": before.status.rawValue, "fineFen": String(before.fineFen ?? -1), "paidFen": String(before.paidFen),
                    ]),
                    after: auditJSON([
                        "status": after.status.rawValue, "fineFen": String(after.fineFen ?? -1), "paidFen": String(after.paidFen),
                        "suspensionUntil": after.suspensionUntil ?? "", "provisions": after.provisions ?? "",
                        "penaltyBasis": after.penaltyBasis ?? "",
                    ])))
            return after
        }
    }

    public func `case`(_ id: UUID, by caller: Caller) async throws -> EnforcementCase {
        try caller.require(.readBusinessData)
        guard
            let row = try await cases.select(database.reader, for: caller).column("*").where(
                "id", .equal, SQLBind.id(id)
            ).first()
        else { throw AnlanError.caseNotFound }
        return try Self.decodeCase(row)
    }

    public struct CaseFilter: Sendable {
        public var enterpriseID: UUID?
        public var status: EnforcementCase.Status?
        /// Filing day from and to.
        public var openedFrom: String?
        public var openedTo: String?
        /// Only those with a suspension order.
        public var suspended: Bool?
        public var divisionCode: DivisionCode?
        /// The annual report's sector (`ReportSector.all`) of the case's enterprise.
        public var reportSector: String?
        public init(
            enterpriseID: UUID? = nil, status: EnforcementCase.Status? = nil, openedFrom: String? = nil, openedTo: String? = nil,
            suspended: Bool? = nil,
            divisionCode: DivisionCode? = nil, reportSector: String? = nil
        ) {
            self.enterpriseID = enterpriseID
            self.status = status
            self.openedFrom = openedFrom
            self.openedTo = openedTo
            self.suspended = suspended
            self.divisionCode = divisionCode
            self.reportSector = reportSector
        }
    }

    /// Cases, newest first.
    public func cases(_ f: CaseFilter, page: PageRequest, by caller: Caller) async throws -> Page<EnforcementCase> {
        try caller.require(.readBusinessData)
        func apply(_ s: SQLSelectBuilder) -> SQLSelectBuilder {
            var s = s
            if let id = f.enterpriseID { s = s.where("enterprise_id", .equal, SQLBind.id(id)) }
            if let status = f.status { s = s.where("status", .equal, SQLBind(status.rawValue)) }
            if let day = f.openedFrom { s = s.where("opened_on", .greaterThanOrEqual, SQLBind(day)) }
            if let day = f.openedTo { s = s.where("opened_on", .lessThanOrEqual, SQLBind(day)) }
            if f.suspended == true { s = s.where("suspension_until", .isNot, SQLLiteral.null) }
            if let code = f.divisionCode {
                s = s.where(SQLColumn("division_code"), .like, SQLLiteral.divisionPrefix(code.jurisdictionPrefix))
            }
            if let sector = f.reportSector { s = StatisticsRepository.inReportSector(sector, s) }
            return s
        }
        let total = try await cases.count(database.reader, for: caller, apply)
        let rows = try await apply(cases.select(database.reader, for: caller).column("*")).orderBy("opened_on", .descending).orderBy("id")
            .limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map(Self.decodeCase), total: total, request: page)
    }

    static func decodeCase(_ row: any SQLRow) throws -> EnforcementCase {
        EnforcementCase(
            id: try row.decodeID("id"),
            enterpriseID: try row.decodeID("enterprise_id"),
            divisionCode: try row.decode(column: "division_code", as: String.self),
            inspectionID: try row.decodeOptionalID("inspection_id"),
            title: try row.decode(column: "title", as: String.self), violation: try row.decode(column: "violation", as: String.self),
            status: EnforcementCase.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .open,
            fineFen: try row.decode(column: "fine_fen", as: Int?.self), paidFen: try row.decode(column: "paid_fen", as: Int.self),
            fineDueOn: try row.decode(column: "fine_due_on", as: String?.self),
            suspensionUntil: try row.decode(column: "suspension_until", as: String?.self),
            openedOn: try row.decode(column: "opened_on", as: String.self), closedOn: try row.decode(column: "closed_on", as: String?.self),
            provisions: try row.decode(column: "provisions", as: String?.self),
            penaltyBasis: try row.decode(column: "penalty_basis", as: String?.self),
            decidedOn: try row.decode(column: "decided_on", as: String?.self))
    }
}
