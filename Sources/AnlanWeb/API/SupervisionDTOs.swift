import AnlanCore
import AnlanStore
import Foundation

/// JSON shapes of the supervision API, and their OpenAPI schemas side by side.
enum SupervisionSchemas {
    static let uuid: JSONValue = ["type": "string", "format": "uuid"]
    static let string: JSONValue = ["type": "string"]
    static let integer: JSONValue = ["type": "integer"]
    static let boolean: JSONValue = ["type": "boolean"]
    static let stringArray: JSONValue = ["type": "array", "items": ["type": "string"]]
    static let hazardStatus: JSONValue = ["type": "string", "enum": .array(HazardStatus.allCases.map { .string($0.rawValue) })]
    static func enforcementSettings(required: [String]) -> JSONValue {
        let days: JSONValue = ["type": "integer", "minimum": 0, "maximum": 90]
        return object(
            required,
            [
                "reviewAuthority": ["type": "string", "minLength": 2, "maxLength": 60, "description": "行政复议机关"],
                "court": ["type": "string", "minLength": 2, "maxLength": 60, "description": "提起行政诉讼的人民法院"],
                "paymentAccount": ["type": "string", "maxLength": 200, "description": "罚款缴纳银行、账号或缴款平台"],
                "reinspectionDays": ["type": "integer", "minimum": 1, "maximum": 90, "description": "收到复查申请后须在几日内复查（默认 10）"],
                "extensionLeadDays": days, "extensionAnswerDays": ["type": "integer", "minimum": 1, "maximum": 90],
            ])
    }

    static let enterpriseClass: JSONValue = object(
        ["name", "inspectionsPerYear"],
        [
            "name": ["type": "string", "minLength": 1, "maxLength": 20],
            "riskLevels": ["type": "array", "items": Schemas.riskLevel, "description": "空为不限"],
            "sectors": [
                "type": "array", "maxItems": 50, "items": ["type": "string", "minLength": 1, "maxLength": 20], "description": "空为不限",
            ],
            "grades": [
                "type": "array", "items": ["type": "string", "enum": .array(EnterpriseClass.gradeKeys.map { .string($0) })],
                "description": "标准化等级，none 为未定级；空为不限",
            ],
            "inspectionsPerYear": ["type": "integer", "minimum": 0, "maximum": 12, "description": "每家每年计划检查次数；0 为纳入双随机抽查"],
            "maxPerYear": ["type": "integer", "minimum": 1, "maximum": 52, "description": "每家每年检查上限（省级公布的频次上限）；不填为不限"],
        ])

    static let documentKind: JSONValue = ["type": "string", "enum": .array(DocumentKind.allCases.map { .string($0.rawValue) })]
    static let source: JSONValue = ["type": "string", "enum": .array(InspectionSource.allCases.map { .string($0.rawValue) })]
    /// An object schema; OpenAPI 3.0 wants `required` left out rather than empty.
    static func object(_ required: [String], _ properties: [String: JSONValue]) -> JSONValue {
        let props: JSONValue = .object(properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        return required.isEmpty
            ? ["type": "object", "properties": props]
            : ["type": "object", "required": .array(required.map { .string($0) }), "properties": props]
    }
    static let figures = object(
        [
            "inspections", "enterprisesInspected", "hazardsFound", "majorHazardsFound", "hazardsRectified", "hazardsOverdue", "documents",
            "cases", "finesFen", "enterprisesSuspended",
        ],
        [
            "inspections": integer, "enterprisesInspected": integer, "hazardsFound": integer, "majorHazardsFound": integer,
            "hazardsRectified": integer,
            "hazardsOverdue": integer, "documents": ["type": "object", "additionalProperties": integer], "cases": integer,
            "finesFen": ["type": "integer", "description": "罚款（分）"], "enterprisesSuspended": integer,
            "rectificationRate": ["type": "number", "description": "期间发现隐患的整改率（%）"],
        ])

    static let all: [(String, JSONValue)] = [
        (
            "ChecklistItem",
            object(["code", "text", "basis", "isMajor"], ["code": string, "text": string, "basis": string, "isMajor": boolean])
        ),
        (
            "Checklist",
            object(
                ["key", "version", "name", "sectors", "items"],
                [
                    "key": string, "version": integer, "name": string, "sectors": stringArray,
                    "items": ["type": "array", "items": Schemas.ref("ChecklistItem")],
                ])
        ),
        (
            "ChecklistRequest",
            object(
                ["name", "items"],
                [
                    "name": ["type": "string", "maxLength": 100], "sectors": stringArray,
                    "items": ["type": "array", "maxItems": 300, "items": Schemas.ref("ChecklistItem")],
                ])
        ),
        (
            "CalendarDay",
            object(
                ["date", "kind", "name"],
                [
                    "date": Schemas.day, "kind": ["type": "string", "enum": ["holiday", "workday"]],
                    "name": ["type": "string", "maxLength": 20],
                ])
        ),
        (
            "Inspector",
            object(["username", "name", "certificateNumber"], ["username": string, "name": string, "certificateNumber": string])
        ),
        (
            "InspectionRequest",
            object(
                ["id", "enterpriseId", "source", "inspectedOn", "inspectors"],
                [
                    "id": ["type": "string", "format": "uuid", "description": "客户端生成；重复提交同一 ID 只保存一次"], "enterpriseId": uuid,
                    "source": source,
                    "drawId": uuid, "campaignId": uuid, "jointDepartments": ["type": "string", "maxLength": 200],
                    "inspectedOn": Schemas.day,
                    "inspectors": ["type": "array", "minItems": 2, "maxItems": 10, "items": ["type": "string", "maxLength": 40]],
                    "checklistKey": ["type": "string", "maxLength": 40],
                    "answers": [
                        "type": "array", "maxItems": 300,
                        "items": object(
                            ["code", "result"],
                            [
                                "code": string, "result": ["type": "string", "enum": ["pass", "fail", "notApplicable"]],
                                "note": ["type": "string", "maxLength": 500],
                            ]),
                    ],
                    "findings": [
                        "type": "array", "maxItems": 100,
                        "items": object(
                            ["description", "isMajor"],
                            [
                                "description": ["type": "string", "maxLength": 1000], "location": ["type": "string", "maxLength": 200],
                                "basis": ["type": "string", "maxLength": 300],
                                "checklistItem": ["type": "string", "maxLength": 20], "isMajor": boolean, "dueDate": Schemas.day,
                            ]),
                    ],
                    "summary": ["type": "string", "maxLength": 4000],
                ])
        ),
        (
            "Inspection",
            object(
                ["id", "enterpriseId", "divisionCode", "source", "sector", "inspectedOn", "inspectors", "answers", "summary", "createdAt"],
                [
                    "id": uuid, "enterpriseId": uuid, "divisionCode": Schemas.divisionCode, "source": source, "drawId": uuid,
                    "campaignId": uuid,
                    "sector": string, "jointDepartments": string, "inspectedOn": Schemas.day,
                    "inspectors": ["type": "array", "items": Schemas.ref("Inspector")],
                    "checklist": Schemas.ref("Checklist"),
                    "answers": [
                        "type": "array", "items": object(["code", "result"], ["code": string, "result": string, "note": string]),
                    ],
                    "summary": string, "createdBy": string, "createdAt": Schemas.timestamp, "replayed": boolean,
                    "hazards": ["type": "array", "items": Schemas.ref("Hazard")],
                ])
        ),
        (
            "Hazard",
            object(
                ["id", "enterpriseId", "divisionCode", "sector", "description", "isMajor", "status", "overdue", "foundOn", "updatedAt"],
                [
                    "id": uuid, "inspectionId": uuid, "enterpriseId": uuid, "divisionCode": Schemas.divisionCode, "campaignId": uuid,
                    "sector": string,
                    "description": string, "location": string, "basis": string, "checklistItem": string, "isMajor": boolean,
                    "status": hazardStatus,
                    "dueDate": Schemas.day, "extensionRequestedTo": Schemas.day, "supervisingLeader": string, "owner": string,
                    "overdue": boolean,
                    "foundOn": Schemas.day, "closedOn": Schemas.day, "updatedAt": Schemas.timestamp,
                    "events": [
                        "type": "array",
                        "items": object(
                            ["event", "at"], ["event": string, "detail": string, "note": string, "by": string, "at": Schemas.timestamp]),
                    ],
                ])
        ),
        (
            "HazardEventRequest", HazardOperations.moveRequestSchema
        ),
        (
            "Document",
            object(
                ["id", "kind", "title", "year", "sequence", "number", "enterpriseId", "fields", "issuedAt", "printUrl", "docxUrl"],
                [
                    "id": uuid, "kind": documentKind, "title": string, "year": integer, "sequence": integer, "number": string,
                    "enterpriseId": uuid,
                    "inspectionId": uuid, "caseId": uuid, "correctsId": uuid,
                    "fields": ["type": "array", "items": object(["label", "value"], ["label": string, "value": string])],
                    "issuedBy": string, "issuedAt": Schemas.timestamp, "voidedAt": Schemas.timestamp, "voidReason": string,
                    "printUrl": string, "docxUrl": string,
                ])
        ),
        (
            "DocumentRequest",
            object(
                ["kind"],
                [
                    "kind": documentKind, "inspectionId": uuid, "caseId": uuid, "measures": ["type": "string", "maxLength": 2000],
                    "correcting": uuid,
                    "inquiryAt": ["type": "string", "description": "询问时间 yyyy-MM-ddTHH:mm（询问通知书）"],
                    "inquiryPlace": ["type": "string", "maxLength": 100],
                    "inquiryMaterials": ["type": "string", "maxLength": 500],
                ])
        ),
        (
            "Case",
            object(
                ["id", "enterpriseId", "divisionCode", "title", "violation", "status", "paidFen", "openedOn"],
                [
                    "id": uuid, "enterpriseId": uuid, "divisionCode": Schemas.divisionCode, "inspectionId": uuid, "title": string,
                    "violation": string,
                    "status": ["type": "string", "enum": ["open", "decided", "closed"]], "fineFen": integer, "paidFen": integer,
                    "paymentStatus": string,
                    "fineDueOn": Schemas.day, "suspensionUntil": Schemas.day, "openedOn": Schemas.day, "closedOn": Schemas.day,
                    "provisions": string, "penaltyBasis": string, "decidedOn": Schemas.day,
                ])
        ),
        (
            "EnforcementSettings",
            enforcementSettings(required: [
                "reviewAuthority", "court", "paymentAccount", "reinspectionDays", "extensionLeadDays", "extensionAnswerDays",
            ])
        ),
        (
            "Draw",
            object(
                ["id", "title", "algorithm", "seed", "candidateCount", "result", "drawnOn", "publishBy"],
                [
                    "id": uuid, "title": string, "algorithm": string, "seed": ["type": "string", "description": "抽取前确定的种子（十进制 UInt64）"],
                    "candidateCount": integer, "inspectorsPerEnterprise": integer,
                    "result": [
                        "type": "array",
                        "items": object(
                            ["enterpriseId", "inspectors"], ["enterpriseId": uuid, "enterpriseName": string, "inspectors": stringArray]),
                    ],
                    "drawnOn": Schemas.day, "publishBy": Schemas.day, "publishedAt": Schemas.timestamp, "publicUrl": string,
                ])
        ),
        (
            "DrawVerification",
            object(
                ["matches", "algorithm", "seed", "candidates", "inspectors", "stored", "recomputed"],
                [
                    "matches": boolean, "algorithm": string, "seed": string,
                    "candidates": [
                        "type": "array",
                        "items": object(["enterpriseId", "weight"], ["enterpriseId": uuid, "weight": ["type": "number"]]),
                    ],
                    "count": integer, "inspectors": stringArray, "inspectorsPerEnterprise": integer,
                    "conflicts": ["type": "object", "additionalProperties": stringArray],
                    "previous": ["type": "object", "additionalProperties": stringArray],
                    "stored": [
                        "type": "array",
                        "items": object(["enterpriseId", "inspectors"], ["enterpriseId": string, "inspectors": stringArray]),
                    ],
                    "recomputed": [
                        "type": "array",
                        "items": object(["enterpriseId", "inspectors"], ["enterpriseId": string, "inspectors": stringArray]),
                    ],
                ])
        ),
        (
            "DrawRequest",
            object(
                ["title"],
                [
                    "title": ["type": "string", "maxLength": 100], "sector": ["type": "string", "maxLength": 20],
                    "divisionCode": Schemas.divisionCode,
                    "riskLevels": ["type": "array", "items": Schemas.riskLevel], "excludeKeyEnterprises": boolean,
                    "count": ["type": "integer", "minimum": 1, "maximum": 10000],
                    "ratio": ["type": "number", "exclusiveMinimum": true, "minimum": 0, "maximum": 1],
                    "weighted": boolean, "inspectorsPerEnterprise": ["type": "integer", "minimum": 2, "maximum": 5],
                    "seed": ["type": "string", "pattern": "^[0-9]{1,20}$", "description": "事先公布的种子；省略时随机生成"],
                ])
        ),
        (
            "Campaign",
            object(
                ["id", "name", "sectors", "startsOn", "endsOn", "problems", "measures"],
                [
                    "id": uuid, "name": string, "sectors": stringArray, "startsOn": Schemas.day, "endsOn": Schemas.day, "problems": string,
                    "measures": string,
                ])
        ),
        (
            "CampaignRequest",
            object(
                ["name", "startsOn", "endsOn"],
                [
                    "name": ["type": "string", "maxLength": 100],
                    "sectors": ["type": "array", "maxItems": 30, "items": ["type": "string", "maxLength": 20]],
                    "startsOn": Schemas.day, "endsOn": Schemas.day, "problems": ["type": "string", "maxLength": 20000],
                    "measures": ["type": "string", "maxLength": 20000],
                ])
        ),
        ("StatisticsFigures", figures),
        (
            "DocumentNumbering",
            object(
                ["pattern", "countyShortName", "codes", "example"],
                [
                    "pattern": string, "countyShortName": string, "codes": ["type": "object", "additionalProperties": string],
                    "example": string,
                ])
        ),
        (
            "DocumentNumberingRequest",
            object(
                ["countyShortName"],
                [
                    "pattern": ["type": "string", "maxLength": 60], "countyShortName": ["type": "string", "maxLength": 4],
                    "codes": ["type": "object", "additionalProperties": ["type": "string", "maxLength": 6]],
                ])
        ),
        (
            "InspectionPlan",
            object(
                [
                    "year", "legalWorkingDays", "supervisionDays", "capacity", "keyEnterprises", "keyInspections", "generalEnterprises",
                    "drawInspections", "required", "withinCapacity", "months", "classes",
                ],
                [
                    "year": integer, "legalWorkingDays": integer, "supervisionDays": integer, "capacity": integer,
                    "keyEnterprises": integer, "keyInspections": integer,
                    "classes": [
                        "type": "array",
                        "items": object(
                            ["class", "enterprises"],
                            ["class": enterpriseClass, "enterprises": ["type": "integer", "description": "本年度归入该类的企业数"]]),
                    ],
                    "generalEnterprises": integer, "drawInspections": integer, "required": integer, "withinCapacity": boolean,
                    "months": [
                        "type": "array",
                        "items": object(
                            ["month", "workingDays", "weight", "keyInspections", "drawInspections", "total"],
                            [
                                "month": integer, "workingDays": integer, "weight": ["type": "number"], "keyInspections": integer,
                                "drawInspections": integer, "total": integer, "done": integer,
                            ]),
                    ],
                    "keyEnterpriseIds": ["type": "array", "items": uuid],
                ])
        ),
        (
            "Statistics",
            object(
                ["from", "to", "total", "bySector", "byMonth"],
                [
                    "from": Schemas.day, "to": Schemas.day, "divisionCode": Schemas.divisionCode, "sector": string,
                    "total": Schemas.ref("StatisticsFigures"),
                    "bySector": [
                        "type": "array",
                        "items": object(["sector", "figures"], ["sector": string, "figures": Schemas.ref("StatisticsFigures")]),
                    ],
                    "byMonth": [
                        "type": "array",
                        "items": object(["month", "figures"], ["month": string, "figures": Schemas.ref("StatisticsFigures")]),
                    ],
                ])
        ),
    ]
}

func key(_ id: UUID) -> String { id.uuidString.lowercased() }

struct InspectionDTO: Encodable {
    struct Answer: Encodable { let code: String; let result: String; let note: String? }
    let id: String, enterpriseId: String, divisionCode: String, source: String, drawId: String?, campaignId: String?, sector: String
    let jointDepartments: String?, inspectedOn: String, inspectors: [InspectorOnRecord], checklist: Checklist?, answers: [Answer],
        summary: String
    let createdBy: String?, createdAt: Date, replayed: Bool?, hazards: [HazardDTO]?

    init(_ i: Inspection, hazards: [Hazard]? = nil, replayed: Bool? = nil, today: Day = Day(ordinal: 0)) {
        id = key(i.id)
        enterpriseId = key(i.enterpriseID)
        divisionCode = i.divisionCode
        source = i.source.rawValue
        drawId = i.drawID.map(key)
        campaignId = i.campaignID.map(key)
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
        id = key(d.id)
        kind = d.kind.rawValue
        title = d.kind.title
        year = d.year
        sequence = d.sequence
        number = d.number
        enterpriseId = key(d.enterpriseID)
        inspectionId = d.inspectionID.map(key)
        caseId = d.caseID.map(key)
        correctsId = d.correctsID.map(key)
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
    let provisions: String?, penaltyBasis: String?, decidedOn: String?
    init(_ c: EnforcementCase) {
        provisions = c.provisions
        penaltyBasis = c.penaltyBasis
        decidedOn = c.decidedOn
        id = key(c.id)
        enterpriseId = key(c.enterpriseID)
        divisionCode = c.divisionCode
        inspectionId = c.inspectionID.map(key)
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

struct DrawDTO: Encodable {
    struct Row: Encodable { let enterpriseId: String; let enterpriseName: String?; let inspectors: [String] }
    let id: String, title: String, algorithm: String, seed: String, candidateCount: Int, inspectorsPerEnterprise: Int, result: [Row]
    let drawnOn: String, publishBy: String, publishedAt: Date?, publicUrl: String?
    init(_ d: DrawRepository.Draw, names: [String: String] = [:]) {
        id = key(d.id)
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
        id = key(c.id)
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
    init(_ f: StatisticsRepository.Figures) {
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
        keyEnterpriseIds = Array(Set(p.assignments.map { key($0.enterpriseID) })).sorted()
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
