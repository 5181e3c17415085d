import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// 我的待办 as JSON: the same model (`Store.myWork`) the page renders, so the two list the same work.
struct MyWorkDTO: Encodable {
    struct Hazards: Encodable {
        let total: Int
        let items: [HazardDTO]
    }
    struct Assignment: Encodable {
        let enterpriseId, enterpriseName, drawId, drawTitle, publishBy: String
    }
    struct Planned: Encodable {
        let enterpriseId, enterpriseName: String
    }
    struct MissingDocument: Encodable {
        let inspectionId, inspectedOn, enterpriseId, enterpriseName, kind, title: String
    }
    struct Cases: Encodable {
        let total: Int
        let items: [CaseDTO]
    }
    let ownHazards: Hazards?
    let toSignOff: Hazards?
    let overdue: Hazards?
    let awaitingReinspection: Hazards?
    let reinspectionDays: Int
    let assigned: [Assignment]?
    let planned: [Planned]?
    let toIssue: [MissingDocument]
    let openCases: Cases?

    init(_ w: MyWork, today: Day) {
        func hazards(_ page: Page<Hazard>?) -> Hazards? {
            page.map { Hazards(total: $0.total, items: $0.items.map { HazardDTO($0, today: today) }) }
        }
        let names = w.names
        ownHazards = hazards(w.ownHazards)
        toSignOff = hazards(w.toSignOff)
        overdue = hazards(w.overdue)
        awaitingReinspection = hazards(w.awaitingReinspection)
        reinspectionDays = w.reinspectionDays
        assigned = w.assigned?.map {
            Assignment(
                enterpriseId: $0.enterpriseID.key, enterpriseName: names[$0.enterpriseID.key] ?? "", drawId: $0.drawID.key,
                drawTitle: $0.drawTitle, publishBy: $0.publishBy)
        }
        planned = w.planned?.map { Planned(enterpriseId: $0.key, enterpriseName: names[$0.key] ?? "") }
        toIssue = w.toIssue.map {
            MissingDocument(
                inspectionId: $0.inspection.id.key, inspectedOn: $0.inspection.inspectedOn.description,
                enterpriseId: $0.inspection.enterpriseID.key,
                enterpriseName: names[$0.inspection.enterpriseID.key] ?? "", kind: $0.kind.rawValue, title: $0.kind.title)
        }
        openCases = w.openCases.map { Cases(total: $0.total, items: $0.items.map(CaseDTO.init)) }
    }
}

extension SupervisionAPI {
    func registerMyWork(_ api: APIRoutes) {
        api.add(
            APIOperation(
                method: .get, path: "my-work", operationID: "myWork",
                summary: "我的待办：企业安全员为本企业未销号隐患；局内人员为待我销号、我负责的逾期隐患、抽中和本月计划待检企业、待复查隐患、本月检查缺少的文书、未作出决定的案件（各列表至多 50 条，total 为全部）",
                tag: "监管执法", access: .permission(.readBusinessData), responses: [(200, "待办", Schemas.ref("MyWork"))])
        ) { _, context in
            let work = try await store.myWork(by: context.caller)
            return try JSONResponse.make(MyWorkDTO(work, today: Day(store.environment.now())))
        }
    }
}

enum MyWorkSchemas {
    typealias S = SupervisionSchemas
    static let hazards = S.object(["total", "items"], ["total": S.integer, "items": ["type": "array", "items": Schemas.ref("Hazard")]])
    static let all: [(String, JSONValue)] = [
        (
            "MyWork",
            S.object(
                ["reinspectionDays", "toIssue"],
                [
                    "ownHazards": hazards, "toSignOff": hazards, "overdue": hazards, "awaitingReinspection": hazards,
                    "reinspectionDays": S.integer,
                    "assigned": [
                        "type": "array",
                        "items": S.object(
                            ["enterpriseId", "enterpriseName", "drawId", "drawTitle", "publishBy"],
                            [
                                "enterpriseId": S.uuid, "enterpriseName": S.string, "drawId": S.uuid, "drawTitle": S.string,
                                "publishBy": Schemas.day,
                            ]),
                    ],
                    "planned": [
                        "type": "array",
                        "items": S.object(["enterpriseId", "enterpriseName"], ["enterpriseId": S.uuid, "enterpriseName": S.string]),
                    ],
                    "toIssue": [
                        "type": "array",
                        "items": S.object(
                            ["inspectionId", "inspectedOn", "enterpriseId", "enterpriseName", "kind", "title"],
                            [
                                "inspectionId": S.uuid, "inspectedOn": Schemas.day, "enterpriseId": S.uuid, "enterpriseName": S.string,
                                "kind": S.string, "title": S.string,
                            ]),
                    ],
                    "openCases": S.object(
                        ["total", "items"], ["total": S.integer, "items": ["type": "array", "items": Schemas.ref("Case")]]),
                ])
        )
    ]
}
