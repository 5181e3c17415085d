import AnlanCore
import Foundation
import Hummingbird

/// The regulations as read-only services: forms check as the user types, other systems reuse them.
struct RulesAPI {
    func register(_ api: APIRoutes) {
        api.add(
            APIOperation(
                method: .get, path: "rules/credit-codes/{code}", operationID: "checkCreditCode",
                summary: "校验统一社会信用代码（GB 32100，先做全角、空格、大小写规范化）", tag: "规则", access: .authenticated,
                parameters: [
                    .init(
                        name: "code", location: .path, required: true, description: "待校验的代码", schema: ["type": "string", "maxLength": 64])
                ],
                responses: [(200, "校验结果（无效时 valid 为 false 并附 error）", Schemas.ref("CreditCodeCheck"))])
        ) { _, context in
            let text = try context.pathParameter("code")
            // Counted as the document's maxLength counts: in Unicode code points.
            guard text.unicodeScalars.count <= 64 else {
                throw AnlanError.invalid("enterprise.credit_code_invalid", "代码过长。", field: "code")
            }
            return try JSONResponse.make(CreditCodeCheckDTO(CreditCode.check(text)))
        }

        api.add(
            APIOperation(
                method: .post, path: "rules/major-hazard-assessments", operationID: "assessMajorHazard",
                summary: "按 GB 18218-2018 辨识并分级一个生产或储存单元", tag: "规则", access: .authenticated,
                requestSchema: Schemas.ref("MajorHazardRequest"),
                responses: [(200, "辨识与分级结果", Schemas.ref("MajorHazardAssessment"))]
            )
            .explaining(
                "ST202", "each substance must be named in GB 18218-2018 table 1 (name, alias or CAS number) or be a class of table 2")
        ) { request, context in
            struct Item: Decodable { let name: String?; let cas: String?; let hazardClass: String?; let quantityTonnes: Double }
            struct Body: Decodable { let exposedPopulation: Int; let substances: [Item] }
            let body = try await request.decodeJSON(Body.self, context: context)
            let holdings: [MajorHazardRule.Holding] = try body.substances.enumerated().map { index, item in
                if let name = item.name ?? item.cas { return .substance(name, quantityTonnes: item.quantityTonnes) }
                if let hazardClass = item.hazardClass { return .hazardClass(hazardClass, quantityTonnes: item.quantityTonnes) }
                throw AnlanError.invalid(
                    "hazard.substance_missing", "第 \(index + 1) 项须给出 name（名称或 CAS 号）、cas 或 hazardClass。", field: "substances[\(index)]")
            }
            let result = try MajorHazardRule.assess(exposedPopulation: body.exposedPopulation, holdings: holdings)
            return try JSONResponse.make(MajorHazardAssessmentDTO(result))
        }
    }
}

struct CreditCodeCheckDTO: Encodable {
    struct Problem: Encodable { let code: String; let message: String }
    let valid: Bool
    let normalized: String
    let expectedCheckCharacter: String?
    let warnings: [String]
    let error: Problem?

    init(_ check: CreditCode.Check) {
        valid = check.isValid
        normalized = check.normalized
        expectedCheckCharacter = check.expectedCheckCharacter.map(String.init)
        warnings = check.warnings
        error = check.error.map { Problem(code: $0.code, message: $0.message) }
    }
}

struct MajorHazardAssessmentDTO: Encodable {
    struct Line: Encodable {
        let substance: String; let quantityTonnes: Double; let criticalQuantityTonnes: Double; let beta: Double; let ratio: Double
    }
    let s: Double
    let isMajorHazard: Bool
    let alpha: Double
    let r: Double
    let grade: Int?
    let ruleVersion: String
    let lines: [Line]

    init(_ a: MajorHazardAssessment) {
        s = a.s
        isMajorHazard = a.isMajorHazard
        alpha = a.alpha
        r = a.r
        grade = a.grade
        ruleVersion = a.ruleVersion
        lines = a.lines.map {
            Line(
                substance: $0.label, quantityTonnes: $0.quantityTonnes, criticalQuantityTonnes: $0.criticalQuantity, beta: $0.beta,
                ratio: $0.ratio)
        }
    }

    enum CodingKeys: String, CodingKey { case s, isMajorHazard, alpha, r, grade, ruleVersion, lines }

    /// `grade` is always present: a number, or null when the unit is not a major hazard installation.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(s, forKey: .s)
        try c.encode(isMajorHazard, forKey: .isMajorHazard)
        try c.encode(alpha, forKey: .alpha)
        try c.encode(r, forKey: .r)
        if let grade { try c.encode(grade, forKey: .grade) } else { try c.encodeNil(forKey: .grade) }
        try c.encode(ruleVersion, forKey: .ruleVersion)
        try c.encode(lines, forKey: .lines)
    }
}
