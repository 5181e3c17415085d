import AnlanCore
import AnlanStore
import Foundation

extension SupervisionSchemas {
    static let all: [(String, JSONValue)] = [
        (
            "ChecklistItem",
            // Checklist.validated: a code of 1–20 characters, the text 2–500 and the basis 2–300 once trimmed.
            object(
                ["code", "text", "basis", "isMajor"],
                [
                    "code": Schemas.text(min: 1, max: 20), "text": Schemas.text(min: 2, max: 500), "basis": Schemas.text(min: 2, max: 300),
                    "isMajor": boolean,
                ])
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
                    "name": Schemas.text(min: 2, max: 100), "sectors": stringArray,
                    "items": ["type": "array", "minItems": 1, "maxItems": 300, "items": Schemas.ref("ChecklistItem")],
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
                                "note": ["type": "string", "maxLength": 500], "dueDate": Schemas.day,
                            ]),
                    ],
                    "confirmSameDay": ["type": "boolean", "description": "同一企业当天已有检查记录时，确认确需再次检查"],
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
                    "summary": [
                        "type": "string", "minLength": .number(Double(InspectionDraft.summaryMinimum)),
                        "maxLength": .number(Double(InspectionDraft.summaryLimit)),
                    ],
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
                ["id", "divisionCode", "sector", "description", "isMajor", "status", "overdue", "foundOn", "updatedAt"],
                [
                    "id": uuid, "inspectionId": uuid, "enterpriseId": uuid, "siteId": uuid, "siteCheckId": uuid,
                    "divisionCode": Schemas.divisionCode, "campaignId": uuid,
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
            {
                typealias F = DocumentOrder.Field
                func text(_ field: InputField) -> JSONValue {
                    field.maxLength.map { ["type": "string", "maxLength": .number(Double($0))] } ?? ["type": "string"]
                }
                return object(
                    [F.kind.name],
                    [
                        F.kind.name: documentKind, F.inspectionID.name: uuid, F.caseID.name: uuid, F.measures.name: text(F.measures),
                        F.onSiteMeasures.name: [
                            "type": "array", "maxItems": .number(Double(OnSiteMeasure.allCases.count)),
                            "items": ["type": "string", "enum": .array(OnSiteMeasure.allCases.map { .string($0.rawValue) })],
                            "description": "现场处理措施（现场处理措施决定书必填）",
                        ],
                        F.seizedItems.name: [
                            "type": "array", "maxItems": 200, "items": ["type": "string", "maxLength": 120],
                            "description": "查封扣押物品，每项“名称|规格|数量|单位”",
                        ],
                        F.correcting.name: uuid,
                        F.inquiryAt.name: ["type": "string", "description": "询问时间 yyyy-MM-ddTHH:mm（询问通知书）"],
                        F.inquiryPlace.name: text(F.inquiryPlace), F.inquiryMaterials.name: text(F.inquiryMaterials),
                    ])
            }()
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
                    "surchargePaidFen": integer, "deadlineOn": Schemas.day,
                ])
        ),
        (
            "CaseStep",
            object(
                ["id", "step", "title", "day", "recordedAt"],
                [
                    "id": uuid, "step": ["type": "string", "enum": .array(CaseStep.allCases.map { .string($0.rawValue) })], "title": string,
                    "day": Schemas.day, "documentId": uuid, "recordedBy": string, "recordedAt": ["type": "string", "format": "date-time"],
                    "input": ["type": "object", "description": "该步骤记录的内容（见 CaseStepRequest）"],
                ])
        ),
        (
            "CaseProcedure",
            object(
                [
                    "stage", "deadline", "hearingEligible", "discussionRequired", "legalReviewRequired", "legalReviewPassed",
                    "allowedSteps", "steps",
                ],
                [
                    "stage": string, "deadline": Schemas.day, "noticePeriodEnds": Schemas.day, "hearingEligible": ["type": "boolean"],
                    "discussionRequired": ["type": "boolean"],
                    "legalReviewRequired": ["type": "boolean", "description": "须经法制审核（《行政处罚法》第五十八条）"],
                    "legalReviewPassed": ["type": "boolean", "description": "最近一次法制审核是否通过"], "dueOn": Schemas.day,
                    "outstandingPrincipalFen": integer,
                    "outstandingSurchargeFen": integer, "courtWindowOpens": Schemas.day, "courtWindowCloses": Schemas.day,
                    "allowedSteps": stringArray, "steps": ["type": "array", "items": Schemas.ref("CaseStep")],
                ])
        ),
        (
            "CaseStepResult",
            object(["case", "step"], ["case": Schemas.ref("Case"), "step": Schemas.ref("CaseStep"), "document": Schemas.ref("Document")])
        ),
        (
            "EnforcementSettings",
            enforcementSettings(required: [
                "reviewAuthority", "court", "paymentAccount", "reinspectionDays", "extensionEarliestDays", "extensionLatestDays",
                "extensionAnswerDays",
                "statementDays", "hearingFineThresholdFen", "caseLimitDays", "paymentDays", "appealMonths",
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
            {
                typealias F = DrawOrder.Field
                return object(
                    [F.title.name],
                    [
                        F.title.name: Schemas.text(min: 2, max: 100), F.sector.name: ["type": "string", "maxLength": 20],
                        F.divisionCode.name: Schemas.divisionCode,
                        F.riskLevels.name: ["type": "array", "items": Schemas.riskLevel], F.excludeKeyEnterprises.name: boolean,
                        F.count.name: ["type": "integer", "minimum": 1, "maximum": 10000],
                        F.ratio.name: ["type": "number", "exclusiveMinimum": true, "minimum": 0, "maximum": 1],
                        F.weighted.name: boolean, F.inspectorsPerEnterprise.name: ["type": "integer", "minimum": 2, "maximum": 5],
                        F.seed.name: ["type": "string", "pattern": "^[0-9]{1,20}$", "description": "事先公布的种子；省略时随机生成"],
                    ])
            }()
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
                    "name": Schemas.text(min: 2, max: 100),
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
