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
            try await issue(
                order.kind, inspection: id, measures: order.measures, onSiteMeasures: order.onSiteMeasures, seizedItems: order.seizedItems,
                correcting: order.correcting, by: caller)
        case .case(let id): try await issue(order.kind, case: id, inquiry: order.inquiry, correcting: order.correcting, by: caller)
        }
    }

    /// Issues a document of an inspection's chain, its fields taken from the inspection and its hazards.
    public func issue(
        _ kind: DocumentKind, inspection inspectionID: UUID, measures: String? = nil, onSiteMeasures: [OnSiteMeasure] = [],
        seizedItems: [SeizedItem] = [], correcting: UUID? = nil, by caller: Caller
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
            onSiteMeasures: onSiteMeasures, seizedItems: seizedItems,
            context: context)
        return try await store(
            kind, enterprise: enterprise, inspectionID: inspectionID, caseID: nil, fields: fields, correcting: correcting, by: caller
        ) { tx, document in
            // The measures and seized items as records, in the issuing transaction.
            for measure in onSiteMeasures where kind == .onSiteMeasures {
                try await tx.sql.insert(into: "on_site_measures").columns("document_id", "measure")
                    .values(SQLBind.id(document.id), SQLBind(measure.rawValue)).run()
            }
            for (index, item) in seizedItems.enumerated() where kind == .onSiteMeasures {
                try await tx.sql.insert(into: "seized_items").columns("document_id", "seq", "name", "specification", "quantity", "unit")
                    .values(
                        SQLBind.id(document.id), SQLBind(index + 1), SQLBind(item.name), SQLBind(item.specification),
                        SQLBind(item.quantity),
                        SQLBind(item.unit)
                    ).run()
            }
        }
    }

    /// Issues a document of a case's chain: the filing form or an inquiry notice (询问通知书, with `inquiry`). The other
    /// case documents are issued by the procedure's steps (`record`); one of them may be re-issued here only as a
    /// correction (更正), from the step that issued the original.
    public func issue(_ kind: DocumentKind, case caseID: UUID, inquiry: InquiryRequest? = nil, correcting: UUID? = nil, by caller: Caller)
        async throws -> EnforcementDocument
    {
        try caller.require(.inspect)
        let c = try await self.case(caseID, by: caller)
        let enterprise = try await enterprises.get(c.enterpriseID, by: caller)
        var context = try await context(for: caller)
        context.inquiry = inquiry
        let fields: [DocumentField]
        if kind.isIssuedByStep {
            guard let correcting else { throw DocumentErrors.issuedByStep(kind) }
            let steps = try await self.steps(of: caseID, by: caller)
            var original: UUID? = correcting
            var record: CaseStepRecord?
            while let id = original, record == nil {
                record = steps.first { $0.documentID == id }
                original = record == nil ? try await document(id, by: caller).correctsID : nil
            }
            guard let record else {
                throw AnlanError.invalid("document.correction_mismatch", "更正文书须与原文书种类、企业相同。", field: "correcting")
            }
            // The case as it stood when the step was taken, the step included.
            let through = Array(steps.prefix { $0.id != record.id }) + [record]
            let procedure = CaseProcedure(
                openedOn: c.openedOn, steps: through, settings: context.settings, calendar: try await catalogs.calendar())
            context.referencedNumber = try await latest(.penaltyDecision, DocumentFilter(caseID: caseID), by: caller)?.number
            fields = DocumentContent.stepFields(
                kind: kind, enterprise: enterprise, case: c, procedure: procedure, record: record, context: context)
        } else {
            fields = try DocumentContent.caseFields(kind: kind, enterprise: enterprise, case: c, context: context)
        }
        return try await store(
            kind, enterprise: enterprise, inspectionID: c.inspectionID, caseID: caseID, fields: fields, correcting: correcting, by: caller)
    }

    /// The settings in force, with the caller as the contact and the recording officer.
    /// An officer as a document names them: "王强（执法证号 33052900001）".
    static func officerText(_ user: User) -> String {
        user.displayName + (user.certificateNumber.map { "（执法证号 \($0)）" } ?? "")
    }

    func context(for caller: Caller) async throws -> DocumentContext {
        var context = try await context()
        if let username = caller.username, let user = try await accounts.find(username: username) {
            context.contact = user.displayName + (user.phone.map { "，联系电话 \($0)" } ?? "")
            context.officer = Self.officerText(user)
        }
        return context
    }

    /// Re-issues an inspection document as a correction (更正) from its records; a 现场处理措施决定书 keeps its coded
    /// measures, notes and seized items.
    public func correct(_ old: EnforcementDocument, by caller: Caller) async throws -> EnforcementDocument {
        guard let inspectionID = old.inspectionID, !old.kind.isCaseDocument else {
            throw AnlanError.invalid("document.correction_mismatch", "更正文书须与原文书种类、企业相同。", field: "correcting")
        }
        func field(_ label: String) -> String? { old.fields.first { $0.label == label }?.value }
        let codes = (field(DocumentContent.Label.measureCodes) ?? "").split(separator: ",").compactMap {
            OnSiteMeasure(rawValue: String($0))
        }
        let items = try await database.reader.select().columns("name", "specification", "quantity", "unit").from("seized_items")
            .where("document_id", .equal, SQLBind.id(old.id)).orderBy("seq").all().map {
                SeizedItem(
                    name: try $0.decode(column: "name", as: String.self),
                    specification: try $0.decode(column: "specification", as: String.self),
                    quantity: try $0.decode(column: "quantity", as: Double.self), unit: try $0.decode(column: "unit", as: String.self))
            }
        return try await issue(
            old.kind, inspection: inspectionID, measures: field(DocumentContent.Label.measureNotes), onSiteMeasures: codes,
            seizedItems: items,
            correcting: old.id, by: caller)
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
        by caller: Caller, also: (@Sendable (Transaction, EnforcementDocument) async throws -> Void)? = nil
    ) async throws -> EnforcementDocument {
        if let correcting {
            let old = try await document(correcting, by: caller)
            guard old.kind == kind, old.enterpriseID == enterprise.id else {
                throw AnlanError.invalid("document.correction_mismatch", "更正文书须与原文书种类、企业相同。", field: "correcting")
            }
        }
        let numbering = try await catalogs.numbering()
        let now = environment.now()
        let id = environment.newID()
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            let document = try await insertDocument(
                tx, id: id, kind: kind, enterprise: enterprise, inspectionID: inspectionID, caseID: caseID, fields: fields,
                correcting: correcting, numbering: numbering, by: caller)
            try await also?(tx, document)
            return document
        }
    }

    /// Numbers and stores a document inside the caller's transaction, so a refused step never consumes a number.
    func insertDocument(
        _ tx: Transaction, id: UUID, kind: DocumentKind, enterprise: Enterprise, inspectionID: UUID?, caseID: UUID?,
        fields: [DocumentField],
        correcting: UUID?, numbering: DocumentNumbering, by caller: Caller
    ) async throws -> EnforcementDocument {
        let now = tx.now
        let year = Timestamp.shanghai.component(.year, from: now)
        let sequence = try await nextSequence(kind: kind, year: year, on: tx.sql)
        let document = EnforcementDocument(
            id: id, kind: kind, year: year, sequence: sequence, number: numbering.number(kind: kind, year: year, sequence: sequence),
            enterpriseID: enterprise.id, divisionCode: enterprise.profile.divisionCode, inspectionID: inspectionID, caseID: caseID,
            correctsID: correcting, fields: fields, issuedBy: caller.username, issuedAt: now)
        try await tx.sql.insert(into: "enforcement_documents")
            .columns(
                "id", "kind", "year", "sequence", "number", "enterprise_id", "division_code", "inspection_id", "case_id", "corrects_id",
                "fields", "issued_by", "issued_at", "voided_at", "voided_by", "void_reason"
            )
            .values(
                SQLBind.id(id), SQLBind(kind.rawValue), SQLBind(year), SQLBind(sequence), SQLBind(document.number),
                SQLBind.id(enterprise.id), SQLBind(document.divisionCode), SQLBind.id(inspectionID), SQLBind.id(caseID),
                SQLBind.id(correcting), SQLBind(auditJSON(fields)), SQLBind(caller.username), SQLBind(Timestamp.string(now)),
                SQLBind(String?.none), SQLBind(String?.none), SQLBind(String?.none)
            ).run()
        try await tx.record(
            AuditEvent(
                action: "document.issue", targetType: "enforcement_document", targetID: id.key,
                after: auditJSON(["kind": kind.rawValue, "number": document.number, "corrects": correcting?.key ?? ""])))
        return document
    }

    /// The next number of a kind and year, taken inside the caller's transaction.
    func nextSequence(kind: DocumentKind, year: Int, on sql: any SQLDatabase) async throws -> Int {
        try await Sequences.next(
            "document_sequences", key: [("kind", SQLBind(kind.rawValue)), ("year", SQLBind(year))], on: sql,
            failure: AnlanError(.conflict, code: "document.sequence_failed", message: "文书编号分配失败，请重试。"))
    }

    /// Voids a document: it stays, marked void with who, when and why; its number is not reused.
    public func void(_ id: UUID, reason: String, by caller: Caller) async throws -> EnforcementDocument {
        try caller.require(.inspect)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...500).contains(reason.codePoints) else {
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
        /// Words each found in the number or the enterprise's name.
        public var query: String?
        /// 现场处理措施决定书 that ordered this measure.
        public var measure: OnSiteMeasure?
        /// 现场处理措施决定书 that seized or sealed (查封扣押).
        public var seizure: Bool = false
        public init(
            enterpriseID: UUID? = nil, inspectionID: UUID? = nil, caseID: UUID? = nil, kind: DocumentKind? = nil, from: String? = nil,
            to: String? = nil,
            divisionCode: DivisionCode? = nil, reportSector: String? = nil, includeVoided: Bool = true, measure: OnSiteMeasure? = nil,
            seizure: Bool = false, query: String? = nil
        ) {
            self.query = query
            self.measure = measure
            self.seizure = seizure
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
            s = TextSearch.apply(f.query, columns: ["number"], to: s)
            if let measure = f.measure {
                s = s.where(
                    SQLColumn("id"), .in,
                    SQLGroupExpression(SQLQueryString("SELECT document_id FROM on_site_measures WHERE measure = \(bind: measure.rawValue)"))
                )
            }
            if f.seizure {
                let codes = OnSiteMeasure.allCases.filter(\.isSeizure).map(\.rawValue)
                s = s.where(
                    SQLColumn("id"), .in,
                    SQLGroupExpression(SQLQueryString("SELECT document_id FROM on_site_measures WHERE measure IN (\(binds: codes))")))
            }
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

    /// Opens a case (立案) against an enterprise, optionally from an inspection, and issues its 立案审批表 in the same
    /// transaction: every case file starts with it.
    public func openCase(enterpriseID: UUID, inspectionID: UUID?, title: String, violation: String, by caller: Caller) async throws
        -> EnforcementCase
    {
        try caller.require(.inspect)
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let violation = violation.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...100).contains(title.codePoints) else {
            throw AnlanError.invalid("case.title_required", "请填写案由（2–100 字）。", field: "title")
        }
        guard (2...EnforcementCase.violationLimit).contains(violation.count) else {
            throw AnlanError.invalid(
                "case.violation_required", "请填写违法事实（2–\(EnforcementCase.violationLimit) 字）。", field: "violation")
        }
        let enterprise = try await enterprises.get(enterpriseID, by: caller)
        let context = try await context(for: caller)
        let numbering = try await catalogs.numbering()
        let filingID = environment.newID()
        let limit = context.settings.caseLimitDays
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
            closedOn: nil, deadlineOn: Timestamp.day(today, adding: limit))
        try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            try await tx.sql.insert(into: "cases")
                .columns(
                    "id", "enterprise_id", "division_code", "inspection_id", "title", "violation", "status", "fine_fen", "paid_fen",
                    "fine_due_on",
                    "suspension_until", "opened_on", "closed_on", "created_by", "created_at", "deadline_on"
                )
                .values(
                    SQLBind.id(c.id), SQLBind.id(enterpriseID), SQLBind(c.divisionCode),
                    SQLBind.id(inspectionID), SQLBind(title), SQLBind(violation), SQLBind(c.status.rawValue),
                    SQLBind(Int?.none),
                    SQLBind(0), SQLBind(String?.none), SQLBind(String?.none), SQLBind(c.openedOn), SQLBind(String?.none),
                    SQLBind(caller.username),
                    SQLBind(Timestamp.string(tx.now)), SQLBind(c.deadlineOn)
                ).run()
            try await tx.record(
                AuditEvent(
                    action: "case.open", targetType: "case", targetID: c.id.key, after: auditJSON(["title": title])))
            _ = try await insertDocument(
                tx, id: filingID, kind: .caseFiling, enterprise: enterprise, inspectionID: inspectionID, caseID: c.id,
                fields: try DocumentContent.caseFields(kind: .caseFiling, enterprise: enterprise, case: c, context: context),
                correcting: nil,
                numbering: numbering, by: caller)
        }
        return c
    }

    /// The result of a step: the case as it now stands, the step recorded and the document it issued.
    public struct StepResult: Sendable {
        public let `case`: EnforcementCase
        public let record: CaseStepRecord
        public let document: EnforcementDocument?
    }

    /// Records one step of the case procedure: checked against the steps before it under the case's row lock, its
    /// document numbered in the same transaction (a refused step consumes no number), the case's columns brought up to
    /// date, and the step audited.
    public func record(_ step: CaseStep, _ input: CaseStepInput, case id: UUID, by caller: Caller) async throws -> StepResult {
        try caller.require(.inspect)
        let current = try await self.case(id, by: caller)
        let enterprise = try await enterprises.get(current.enterpriseID, by: caller)
        var stepContext = try await context(for: caller)
        // 询问笔录 and 勘验笔录 name the officers who took them: each must hold the county's enforcement certificate.
        if step == .investigation, let named = input.officers {
            let (officers, uncertified) = try await accounts.certifiedOfficers(named, county: enterprise.profile.divisionCode)
            guard uncertified.isEmpty else {
                throw AnlanError.invalid(
                    "case.officers_invalid", "\(uncertified.joined(separator: "、")) 不是本县持有执法证的执法人员；询问、勘验须由两名以上持证执法人员进行。",
                    field: "officers")
            }
            stepContext.officer = officers.map(Self.officerText).joined(separator: "、")
        }
        let context = stepContext
        let calendar = try await catalogs.calendar()
        let numbering = try await catalogs.numbering()
        let today = self.today
        let stepID = environment.newID(), documentID = environment.newID()
        return try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            guard
                let row = try await cases.select(tx.sql, for: caller).column("*").where("id", .equal, SQLBind.id(id)).for(.update).first()
            else { throw AnlanError.caseNotFound }
            let before = try Self.decodeCase(row)
            let steps = try await Self.steps(of: id, on: tx.sql)
            let procedure = CaseProcedure(openedOn: before.openedOn, steps: steps, settings: context.settings, calendar: calendar)
            let (day, kept) = try procedure.validate(step, input, today: today)
            var document: EnforcementDocument?
            var record = CaseStepRecord(
                id: stepID, step: step, day: day, input: kept, documentID: nil, recordedBy: caller.username, recordedAt: tx.now)
            let after = CaseProcedure(openedOn: before.openedOn, steps: steps + [record], settings: context.settings, calendar: calendar)
            if let kind = procedure.document(for: step, kept) {
                var context = context
                context.referencedNumber = try await Self.decisionNumber(of: id, on: tx.sql)
                let fields = DocumentContent.stepFields(
                    kind: kind, enterprise: enterprise, case: before, procedure: after, record: record, context: context)
                document = try await insertDocument(
                    tx, id: documentID, kind: kind, enterprise: enterprise, inspectionID: before.inspectionID, caseID: id, fields: fields,
                    correcting: nil, numbering: numbering, by: caller)
                record = CaseStepRecord(
                    id: stepID, step: step, day: day, input: kept, documentID: documentID, recordedBy: caller.username, recordedAt: tx.now)
                // A letter signed for by a named person (告知书, 听证通知书, 催告书): its 送达回执 beside it, in the same transaction.
                if CaseProcedure.signedFor(step, kept) != nil, let letter = document {
                    var receiptContext = context
                    receiptContext.referencedNumber = letter.number
                    receiptContext.referencedTitle = letter.kind.title
                    let receiptFields = DocumentContent.stepFields(
                        kind: .serviceReceipt, enterprise: enterprise, case: before, procedure: after, record: record,
                        context: receiptContext)
                    _ = try await insertDocument(
                        tx, id: environment.newID(), kind: .serviceReceipt, enterprise: enterprise, inspectionID: before.inspectionID,
                        caseID: id,
                        fields: receiptFields, correcting: nil, numbering: numbering, by: caller)
                }
            }
            try await tx.sql.insert(into: "case_steps")
                .columns("id", "case_id", "seq", "step", "day", "input", "document_id", "recorded_by", "recorded_at")
                .values(
                    SQLBind.id(stepID), SQLBind.id(id), SQLBind(steps.count + 1), SQLBind(step.rawValue), SQLBind(day),
                    SQLBind(String(decoding: try JSONEncoder().encode(kept), as: UTF8.self)), SQLBind.id(record.documentID),
                    SQLBind(caller.username), SQLBind(Timestamp.string(tx.now))
                ).run()
            let updated = Self.project(before, after)
            try await cases.update(tx.sql, for: caller).set("status", to: SQLBind(updated.status.rawValue))
                .set("fine_fen", to: SQLBind(updated.fineFen)).set("paid_fen", to: SQLBind(updated.paidFen))
                .set("surcharge_paid_fen", to: SQLBind(updated.surchargePaidFen)).set("fine_due_on", to: SQLBind(updated.fineDueOn))
                .set("suspension_until", to: SQLBind(updated.suspensionUntil)).set("closed_on", to: SQLBind(updated.closedOn))
                .set("provisions", to: SQLBind(updated.provisions)).set("penalty_basis", to: SQLBind(updated.penaltyBasis))
                .set("decided_on", to: SQLBind(updated.decidedOn)).set("deadline_on", to: SQLBind(updated.deadlineOn))
                .where("id", .equal, SQLBind.id(id)).run()
            try await tx.record(
                AuditEvent(
                    action: "case.\(step.rawValue)", targetType: "case", targetID: id.key,
                    before: auditJSON(["status": before.status.rawValue, "steps": String(steps.count)]),
                    after: auditJSON(
                        [
                            "step": step.title, "day": day, "document": document?.number ?? "", "status": updated.status.rawValue,
                            "fineFen": updated.fineFen.map(String.init) ?? "", "paidFen": String(updated.paidFen),
                            "surchargePaidFen": String(updated.surchargePaidFen),
                        ])))
            return StepResult(case: updated, record: record, document: document)
        }
    }

    /// The case's columns from its procedure: what lists, statistics and the annual report read.
    static func project(_ c: EnforcementCase, _ p: CaseProcedure) -> EnforcementCase {
        var c = c
        if let d = p.decision {
            c.status = .decided
            c.fineFen = d.fineFen
            c.suspensionUntil = d.suspensionUntil
            c.provisions = d.provisions
            c.penaltyBasis = d.penaltyBasis
            c.decidedOn = p.last(.decision)?.day
        }
        if let closing = p.last(.closing) {
            c.status = .closed
            c.closedOn = closing.day
        }
        c.paidFen = p.paidPrincipalFen
        c.surchargePaidFen = p.paidSurchargeFen
        c.fineDueOn = p.dueOn
        c.deadlineOn = p.deadline
        return c
    }

    /// The number of the case's decision in force (not voided; the newest correction).
    static func decisionNumber(of caseID: UUID, on sql: any SQLDatabase) async throws -> String? {
        try await sql.select().column("number").from("enforcement_documents").where("case_id", .equal, SQLBind.id(caseID))
            .where("kind", .equal, SQLBind(DocumentKind.penaltyDecision.rawValue)).where("voided_at", .is, SQLLiteral.null)
            .orderBy("issued_at", .descending).orderBy("sequence", .descending).limit(1).first(decodingColumn: "number", as: String.self)
    }

    /// A case's steps in the order they were recorded.
    public func steps(of caseID: UUID, by caller: Caller) async throws -> [CaseStepRecord] {
        _ = try await self.case(caseID, by: caller)
        return try await Self.steps(of: caseID, on: database.reader)
    }

    /// A case's procedure as it stands: its steps with the settings and calendar in force.
    public func procedure(of c: EnforcementCase, by caller: Caller) async throws -> CaseProcedure {
        CaseProcedure(
            openedOn: c.openedOn, steps: try await steps(of: c.id, by: caller), settings: try await catalogs.enforcementSettings(),
            calendar: try await catalogs.calendar())
    }

    static func steps(of caseID: UUID, on sql: any SQLDatabase) async throws -> [CaseStepRecord] {
        try await sql.select().column("*").from("case_steps").where("case_id", .equal, SQLBind.id(caseID)).orderBy("seq").all().map { row in
            let name = try row.decode(column: "step", as: String.self)
            guard let step = CaseStep(rawValue: name) else { throw AnlanError.recordCorrupt("case_steps.step \(name)") }
            return CaseStepRecord(
                id: try row.decodeID("id"), step: step, day: try row.decode(column: "day", as: String.self),
                input: try JSONDecoder().decode(CaseStepInput.self, from: Data(try row.decode(column: "input", as: String.self).utf8)),
                documentID: try row.decodeOptionalID("document_id"), recordedBy: try row.decode(column: "recorded_by", as: String?.self),
                recordedAt: Timestamp.date(try row.decode(column: "recorded_at", as: String.self)) ?? Date(timeIntervalSince1970: 0))
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
        /// The officer who opened it (立案人).
        public var openedBy: String?
        /// Nearest 办案期限 first, instead of the newest first.
        public var byDeadline: Bool
        /// Words each found in the title (案由) or the enterprise's name.
        public var query: String?
        public init(
            enterpriseID: UUID? = nil, status: EnforcementCase.Status? = nil, openedFrom: String? = nil, openedTo: String? = nil,
            suspended: Bool? = nil, divisionCode: DivisionCode? = nil, reportSector: String? = nil, openedBy: String? = nil,
            byDeadline: Bool = false, query: String? = nil
        ) {
            self.query = query
            self.openedBy = openedBy
            self.byDeadline = byDeadline
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
            if let who = f.openedBy {
                // By login name or display name, as the hazard owner filter.
                s = s.where(
                    SQLQueryString(
                        "created_by IN (SELECT username FROM users WHERE username = \(bind: who) OR display_name = \(bind: who))"))
            }
            s = TextSearch.apply(f.query, columns: ["title"], to: s)
            return s
        }
        let total = try await cases.count(database.reader, for: caller, apply)
        var query = apply(cases.select(database.reader, for: caller).column("*"))
        // By deadline: the undecided ones first (their limit still runs), nearest first.
        query =
            f.byDeadline
            ? query.orderBy(SQLQueryString("CASE WHEN status = 'open' THEN 0 ELSE 1 END")).orderBy("deadline_on").orderBy("opened_on")
            : query.orderBy("opened_on", .descending)
        let rows = try await query.orderBy("id").limit(page.pageSize).offset(page.offset).all()
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
            decidedOn: try row.decode(column: "decided_on", as: String?.self),
            surchargePaidFen: try row.decode(column: "surcharge_paid_fen", as: Int.self),
            deadlineOn: try row.decode(column: "deadline_on", as: String?.self))
    }
}
