import AnlanCore
import AnlanStore
import Foundation

struct InspectionDTO: Encodable {
    struct Answer: Encodable { let code: String; let result: String; let note: String? }
    let id: String, enterpriseId: String, divisionCode: String, source: String, drawId: String?, campaignId: String?, sector: String
    let jointDepartments: String?, inspectedOn: Day, inspectors: [InspectorOnRecord], checklist: Checklist?, answers: [Answer],
        summary: String
    let createdBy: String?, createdAt: Date, replayed: Bool?, hazards: [HazardDTO]?

    init(_ i: Inspection, hazards: [Hazard]? = nil, replayed: Bool? = nil, today: Day = Day(ordinal: 0)) {
        id = i.id.key
        enterpriseId = i.enterpriseID.key
        divisionCode = i.divisionCode
        source = i.source.rawValue
        drawId = i.drawID.map(\.key)
        campaignId = i.campaignID.map(\.key)
        sector = i.sector
        jointDepartments = i.jointDepartments
        inspectedOn = i.inspectedOn
        inspectors = i.inspectors
        checklist = i.checklist
        answers = i.answers.map { Answer(code: $0.code, result: $0.result.rawValue, note: $0.note) }
        summary = i.summary
        createdBy = i.createdBy
        createdAt = i.createdAt
        self.replayed = replayed
        self.hazards = hazards?.map { HazardDTO($0, today: today) }
    }
}

struct DocumentDTO: Encodable {
    let id: String, kind: String, title: String, year: Int, sequence: Int, number: String, enterpriseId: String, inspectionId: String?,
        caseId: String?
    let correctsId: String?, fields: [DocumentField], issuedBy: String?, issuedAt: Date, voidedAt: Date?, voidReason: String?,
        printUrl: String, docxUrl: String
    init(_ d: EnforcementDocument) {
        id = d.id.key
        kind = d.kind.rawValue
        title = d.kind.title
        year = d.year
        sequence = d.sequence
        number = d.number
        enterpriseId = d.enterpriseID.key
        inspectionId = d.inspectionID.map(\.key)
        caseId = d.caseID.map(\.key)
        correctsId = d.correctsID.map(\.key)
        fields = d.fields
        issuedBy = d.issuedBy
        issuedAt = d.issuedAt
        voidedAt = d.voidedAt
        voidReason = d.voidReason
        printUrl = "/documents/\(id)"
        docxUrl = "/documents/\(id)/docx"
    }
}

struct CaseDTO: Encodable {
    let id: String, enterpriseId: String, divisionCode: String, inspectionId: String?, title: String, violation: String, status: String
    let fineFen: Int?, paidFen: Int, paymentStatus: String?, fineDueOn: String?, suspensionUntil: String?, openedOn: String,
        closedOn: String?
    let provisions: String?, penaltyBasis: String?, decidedOn: String?, surchargePaidFen: Int, deadlineOn: String?
    init(_ c: EnforcementCase) {
        surchargePaidFen = c.surchargePaidFen
        deadlineOn = c.deadlineOn
        provisions = c.provisions
        penaltyBasis = c.penaltyBasis
        decidedOn = c.decidedOn
        id = c.id.key
        enterpriseId = c.enterpriseID.key
        divisionCode = c.divisionCode
        inspectionId = c.inspectionID.map(\.key)
        title = c.title
        violation = c.violation
        status = c.status.rawValue
        fineFen = c.fineFen
        paidFen = c.paidFen
        paymentStatus = c.paymentStatus
        fineDueOn = c.fineDueOn
        suspensionUntil = c.suspensionUntil
        openedOn = c.openedOn
        closedOn = c.closedOn
    }
}

struct CaseStepDTO: Encodable {
    let id: String, step: String, title: String, day: String, documentId: String?, recordedBy: String?, recordedAt: Date
    let input: CaseStepInput
    init(_ r: CaseStepRecord) {
        id = r.id.key
        step = r.step.rawValue
        title = r.step.title
        day = r.day
        documentId = r.documentID?.key
        recordedBy = r.recordedBy
        recordedAt = r.recordedAt
        input = r.input
    }
}

struct CaseProcedureDTO: Encodable {
    let stage: String, deadline: String, noticePeriodEnds: String?, hearingEligible: Bool, discussionRequired: Bool, dueOn: String?
    /// 法制审核 required before the decision (行政处罚法 Art. 58), and whether the latest review passed.
    let legalReviewRequired: Bool, legalReviewPassed: Bool
    let outstandingPrincipalFen: Int, outstandingSurchargeFen: Int, courtWindowOpens: String?, courtWindowCloses: String?
    let allowedSteps: [String], steps: [CaseStepDTO]
    init(_ p: CaseProcedure, today: String) {
        stage = p.stage(today: today)
        deadline = p.deadline
        noticePeriodEnds = p.noticePeriodEnds
        hearingEligible = p.hearingEligible
        discussionRequired = p.discussionRequired
        legalReviewRequired = p.legalReviewRequired
        legalReviewPassed = p.legalReviewPassed
        dueOn = p.dueOn
        outstandingPrincipalFen = p.outstandingPrincipalFen
        outstandingSurchargeFen = p.outstandingSurchargeFen(on: today)
        courtWindowOpens = p.courtWindow?.opens
        courtWindowCloses = p.courtWindow?.closes
        allowedSteps = p.allowed(today: today).map(\.rawValue)
        steps = p.steps.map(CaseStepDTO.init)
    }
}

struct CaseStepResultDTO: Encodable {
    let `case`: CaseDTO, step: CaseStepDTO, document: DocumentDTO?
}

struct DrawDTO: Encodable {
    struct Row: Encodable { let enterpriseId: String; let enterpriseName: String?; let inspectors: [String] }
    let id: String, title: String, algorithm: String, seed: String, candidateCount: Int, inspectorsPerEnterprise: Int, result: [Row]
    let drawnOn: String, publishBy: String, publishedAt: Date?, publicUrl: String?
    init(_ d: DrawRepository.Draw, names: [String: String] = [:]) {
        id = d.id.key
        title = d.title
        algorithm = d.algorithm
        seed = String(d.input.seed)
        candidateCount = d.input.candidates.count
        inspectorsPerEnterprise = d.input.inspectorsPerEnterprise
        result = d.result.map { Row(enterpriseId: $0.enterpriseID, enterpriseName: names[$0.enterpriseID], inspectors: $0.inspectors) }
        drawnOn = d.drawnOn
        publishBy = d.publishBy
        publishedAt = d.publishedAt
        publicUrl = d.publishedAt == nil ? nil : "/public/draws/\(id)"
    }
}

struct DrawVerificationDTO: Encodable {
    struct Candidate: Encodable { let enterpriseId: String; let weight: Double }
    struct Row: Encodable { let enterpriseId: String; let inspectors: [String] }
    let matches: Bool, algorithm: String, seed: String, candidates: [Candidate], count: Int, inspectors: [String]
    let inspectorsPerEnterprise: Int, conflicts: [String: [String]], previous: [String: [String]]
    let stored: [Row], recomputed: [Row]
    init(_ d: DrawRepository.Draw) {
        let check = DrawRepository.verify(d)
        matches = check.matches
        algorithm = d.algorithm
        seed = String(d.input.seed)
        candidates = d.input.candidates.map { Candidate(enterpriseId: $0.enterpriseID, weight: $0.weight) }
        count = d.input.count
        inspectors = d.input.inspectors
        inspectorsPerEnterprise = d.input.inspectorsPerEnterprise
        conflicts = d.input.conflicts
        previous = d.input.previous
        stored = d.result.map { Row(enterpriseId: $0.enterpriseID, inspectors: $0.inspectors) }
        recomputed = check.recomputed.map { Row(enterpriseId: $0.enterpriseID, inspectors: $0.inspectors) }
    }
}

struct CampaignDTO: Encodable {
    let id: String, name: String, sectors: [String], startsOn: String, endsOn: String, problems: String, measures: String
    init(_ c: CampaignRepository.Campaign) {
        id = c.id.key
        name = c.name
        sectors = c.sectors
        startsOn = c.startsOn
        endsOn = c.endsOn
        problems = c.problems
        measures = c.measures
    }
}

struct FiguresDTO: Encodable {
    let inspections: Int, enterprisesInspected: Int, hazardsFound: Int, majorHazardsFound: Int, hazardsRectified: Int, hazardsOverdue: Int
    let documents: [String: Int], cases: Int, finesFen: Int, enterprisesSuspended: Int, rectificationRate: Double?
    let onSiteSuspensions: Int, seizures: Int, casesSuspended: Int
    init(_ f: StatisticsRepository.Figures) {
        casesSuspended = f.casesSuspended
        onSiteSuspensions = f.onSiteSuspensions
        seizures = f.seizures
        inspections = f.inspections
        enterprisesInspected = f.enterprisesInspected
        hazardsFound = f.hazardsFound
        majorHazardsFound = f.majorHazardsFound
        hazardsRectified = f.hazardsRectified
        hazardsOverdue = f.hazardsOverdue
        documents = f.documents
        cases = f.cases
        finesFen = f.finesFen
        enterprisesSuspended = f.enterprisesSuspended
        rectificationRate = f.rectificationRate
    }
}

struct StatisticsDTO: Encodable {
    struct SectorRow: Encodable { let sector: String; let figures: FiguresDTO }
    struct MonthRow: Encodable { let month: String; let figures: FiguresDTO }
    let from: String, to: String, divisionCode: String?, sector: String?, total: FiguresDTO, bySector: [SectorRow], byMonth: [MonthRow]
    init(_ r: StatisticsRepository.Report) {
        from = r.query.from
        to = r.query.to
        divisionCode = r.query.divisionCode?.rawValue
        sector = r.query.sector
        total = FiguresDTO(r.total)
        bySector = r.bySector.map { SectorRow(sector: $0.sector, figures: FiguresDTO($0.figures)) }
        byMonth = r.byMonth.map { MonthRow(month: $0.month, figures: FiguresDTO($0.figures)) }
    }
}

struct PlanDTO: Encodable {
    struct MonthRow: Encodable {
        let month: Int; let workingDays: Int; let weight: Double; let keyInspections: Int; let drawInspections: Int; let total: Int;
        let done: Int?
    }
    struct ClassRow: Encodable { let `class`: EnterpriseClass; let enterprises: Int }
    let year: Int, legalWorkingDays: Int, supervisionDays: Int, capacity: Int, keyEnterprises: Int, keyInspections: Int,
        generalEnterprises: Int
    let drawInspections: Int, required: Int, withinCapacity: Bool, months: [MonthRow], keyEnterpriseIds: [String], classes: [ClassRow]
    init(_ p: InspectionPlan, done: [Int]? = nil) {
        keyInspections = p.keyInspections
        classes = p.parameters.classes.enumerated().map { index, c in
            ClassRow(class: c, enterprises: p.classCounts.indices.contains(index) ? p.classCounts[index].enterprises : 0)
        }
        year = p.parameters.year
        legalWorkingDays = p.legalWorkingDays
        supervisionDays = p.supervisionDays
        capacity = p.capacity
        keyEnterprises = p.keyEnterprises
        generalEnterprises = p.generalEnterprises
        drawInspections = p.drawInspections
        required = p.required
        withinCapacity = p.withinCapacity
        months = p.months.map {
            MonthRow(
                month: $0.month, workingDays: $0.workingDays, weight: $0.weight, keyInspections: $0.keyInspections,
                drawInspections: $0.drawInspections, total: $0.total, done: done?[$0.month - 1])
        }
        keyEnterpriseIds = Array(Set(p.assignments.map { $0.enterpriseID.key })).sorted()
    }
}

struct NumberingDTO: Encodable {
    let pattern: String, countyShortName: String, codes: [String: String], example: String
    init(_ n: DocumentNumbering) {
        pattern = n.pattern
        countyShortName = n.countyShortName
        codes = Dictionary(uniqueKeysWithValues: DocumentKind.allCases.map { ($0.rawValue, n.code(for: $0)) })
        example = n.number(kind: .rectificationOrder, year: 2026, sequence: 12)
    }
}
