import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// Supervision and enforcement: checklists, the working-day calendar, inspections, hazards, documents,
/// cases, random draws, campaigns and statistics.
/// The annual inspection plan (年度监督检查计划).
extension SupervisionAPI {
    func registerPlans(_ api: APIRoutes) {
        let plans = store.plans
        let yearParameter = APIOperation.Parameter(
            name: "year", location: .path, required: true, description: "年度", schema: ["type": "integer", "minimum": 2000, "maximum": 2100])
        api.add(
            APIOperation(
                method: .put, path: "inspection-plans/{year}", operationID: "generateInspectionPlan",
                summary: "编制年度监督检查计划：按工作日公式计算检查能力，按分类分级表确定重点企业及每年检查次数、年度上限，按月（跳过节假日、侧重事故易发期）排布", tag: "监管执法",
                access: .permission(.configureCatalogs),
                parameters: [yearParameter],
                requestSchema: SupervisionSchemas.object(
                    ["inspectors"],
                    [
                        "inspectors": ["type": "integer", "minimum": 1, "maximum": 1000],
                        "otherEnforcementDays": ["type": "integer", "minimum": 0],
                        "nonEnforcementDays": ["type": "integer", "minimum": 0],
                        "inspectorsPerInspection": ["type": "integer", "minimum": 2, "maximum": 10],
                        "daysPerInspection": ["type": "number", "minimum": .number(0.1), "maximum": 10],
                        "drawRatioPerQuarter": ["type": "number", "minimum": 0, "maximum": 1],
                        "classes": [
                            "type": "array", "maxItems": 20, "items": SupervisionSchemas.enterpriseClass,
                            "description": "分类分级表：企业归入第一个条件全部满足的类；都不满足的为一般企业（双随机抽查）。默认：红、橙风险及高危行业每年检查 1 次",
                        ],
                        "monthWeights": [
                            "type": "array", "minItems": 12, "maxItems": 12,
                            "items": ["type": "number", "minimum": .number(0.1), "maximum": 10], "description": "1–12 月的权重",
                        ],
                    ]),
                responses: [(200, "计划", Schemas.ref("InspectionPlan"))],
                errorCodes: [
                    "plan.year_invalid", "plan.inspectors_invalid", "plan.days_invalid", "plan.days_per_inspection_invalid",
                    "plan.ratio_invalid", "plan.team_invalid", "plan.class_invalid", "plan.weights_invalid",
                ]
            )
            .explaining("ST202", "each class's yearly maximum must not be below its planned inspections: a rule across two fields")
        ) { request, context in
            struct Body: Decodable {
                let inspectors: Int; let otherEnforcementDays: Int?; let nonEnforcementDays: Int?; let inspectorsPerInspection: Int?
                let daysPerInspection: Double?; let drawRatioPerQuarter: Double?; let classes: [EnterpriseClass]?
                let monthWeights: [Double]?
            }
            guard let year = Int(try context.pathParameter("year")) else {
                throw AnlanError.invalid("plan.year_invalid", "年度须为整数。", field: "year")
            }
            let b = try await request.decodeJSON(Body.self, context: context)
            var parameters = InspectionPlanParameters(year: year, inspectors: b.inspectors)
            parameters.otherEnforcementDays = b.otherEnforcementDays ?? 0
            parameters.nonEnforcementDays = b.nonEnforcementDays ?? 0
            parameters.inspectorsPerInspection = b.inspectorsPerInspection ?? 2
            parameters.daysPerInspection = b.daysPerInspection ?? 0.5
            parameters.drawRatioPerQuarter = b.drawRatioPerQuarter ?? 0.05
            if let v = b.classes { parameters.classes = v }
            if let v = b.monthWeights { parameters.monthWeights = v }
            let plan = try await plans.generate(parameters, by: context.caller)
            return try JSONResponse.make(PlanDTO(plan))
        }
        api.add(
            APIOperation(
                method: .get, path: "inspection-plans/{year}", operationID: "getInspectionPlan", summary: "年度监督检查计划及各月完成情况", tag: "监管执法",
                access: .permission(.readBusinessData),
                parameters: [yearParameter],
                responses: [(200, "计划", Schemas.ref("InspectionPlan")), (404, "该年度尚未编制计划", Schemas.ref("Error"))])
        ) { _, context in
            guard let year = Int(try context.pathParameter("year")) else {
                throw AnlanError.invalid("plan.year_invalid", "年度须为整数。", field: "year")
            }
            guard let plan = try await plans.plan(year: year, by: context.caller) else {
                throw AnlanError.notFound("plan.not_found", "该年度尚未编制计划。")
            }
            let progress = try await plans.progress(year: year, by: context.caller)
            return try JSONResponse.make(PlanDTO(plan, done: zip(progress.plan, progress.draw).map { $0 + $1 }))
        }
    }
}
