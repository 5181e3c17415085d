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
        return object(
            required,
            [
                "reviewAuthority": ["type": "string", "minLength": 2, "maxLength": 60, "description": "行政复议机关"],
                "court": ["type": "string", "minLength": 2, "maxLength": 60, "description": "提起行政诉讼的人民法院"],
                "paymentAccount": ["type": "string", "maxLength": 200, "description": "罚款缴纳银行、账号或缴款平台"],
                "reinspectionDays": ["type": "integer", "minimum": 1, "maximum": 90, "description": "收到复查申请后须在几日内复查（默认 10）"],
                "extensionEarliestDays": ["type": "integer", "minimum": 0, "maximum": 90, "description": "延期申请最早可在期限届满前几日提出（0 为不限；默认 10）"],
                "extensionLatestDays": ["type": "integer", "minimum": 0, "maximum": 90, "description": "延期申请最迟须在期限届满前几日提出（0 为届满当日；默认 0）"],
                "extensionAnswerDays": ["type": "integer", "minimum": 1, "maximum": 90],
                "statementDays": ["type": "integer", "minimum": 1, "maximum": 30, "description": "陈述申辩期限（工作日，默认 5）"],
                "hearingFineThresholdFen": [
                    "type": "integer", "minimum": 100_000, "maximum": 100_000_000, "description": "可要求听证的较大数额罚款（分，单位；默认 3 万元，以本省规定为准）",
                ],
                "caseLimitDays": ["type": "integer", "minimum": 30, "maximum": 365, "description": "办案期限（自立案之日起，默认 90 日）"],
                "paymentDays": ["type": "integer", "minimum": 1, "maximum": 90, "description": "自收到决定书之日起缴纳罚款的期限（默认 15 日）"],
                "appealMonths": ["type": "integer", "minimum": 1, "maximum": 12, "description": "提起行政诉讼的期限（月，默认 6）"],
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
            "cases", "finesFen", "enterprisesSuspended", "onSiteSuspensions", "seizures",
        ],
        [
            "inspections": integer, "enterprisesInspected": integer, "hazardsFound": integer, "majorHazardsFound": integer,
            "hazardsRectified": integer,
            "hazardsOverdue": integer, "documents": ["type": "object", "additionalProperties": integer], "cases": integer,
            "finesFen": ["type": "integer", "description": "罚款（分）"], "enterprisesSuspended": integer,
            "onSiteSuspensions": ["type": "integer", "description": "责令暂时停产停业的现场处理措施决定书"],
            "seizures": ["type": "integer", "description": "查封扣押的现场处理措施决定书"],
            "casesSuspended": ["type": "integer", "description": "处罚决定责令停产停业整顿的案件"],
            "rectificationRate": ["type": "number", "description": "期间发现隐患的整改率（%）"],
        ])

}
