import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// Supervision and enforcement: checklists, the working-day calendar, inspections, hazards, documents,
/// cases, random draws, campaigns and statistics.
/// Checklists, the working-day calendar, enforcement settings, numbering and conflicts of interest.
extension SupervisionAPI {
    func registerCatalogs(_ api: APIRoutes) {
        let catalogs = store.catalogs
        api.add(
            APIOperation(
                method: .get, path: "enforcement-settings", operationID: "getEnforcementSettings",
                summary: "执法设置：文书所载复议机关、人民法院、罚款缴纳方式，以及复查、延期申请与审批的期限（RULES §6 未核实，按设置执行）", tag: "监管执法",
                access: .permission(.readBusinessData),
                responses: [(200, "执法设置", Schemas.ref("EnforcementSettings"))])
        ) { _, context in
            return try JSONResponse.make(try await catalogs.enforcementSettings())
        }
        api.add(
            APIOperation(
                method: .put, path: "enforcement-settings", operationID: "setEnforcementSettings",
                summary: "修改执法设置（未给出的项保持不变）；已出具的文书不变", tag: "监管执法", access: .permission(.configureCatalogs),
                requestSchema: SupervisionSchemas.enforcementSettings(required: []),
                responses: [(200, "执法设置", Schemas.ref("EnforcementSettings"))]
            )
            .explaining("ST202", "the earliest extension request may not come after the latest one: a rule across two fields")
        ) { request, context in
            struct Body: Decodable {
                let reviewAuthority: String?, court: String?, paymentAccount: String?, reinspectionDays: Int?, extensionEarliestDays: Int?,
                    extensionLatestDays: Int?,
                    extensionAnswerDays: Int?, statementDays: Int?, hearingFineThresholdFen: Int?, caseLimitDays: Int?, paymentDays: Int?,
                    appealMonths: Int?
            }
            let b = try await request.decodeJSON(Body.self, context: context)
            var s = try await catalogs.enforcementSettings()
            s.reviewAuthority = b.reviewAuthority ?? s.reviewAuthority
            s.court = b.court ?? s.court
            s.paymentAccount = b.paymentAccount ?? s.paymentAccount
            s.reinspectionDays = b.reinspectionDays ?? s.reinspectionDays
            s.extensionEarliestDays = b.extensionEarliestDays ?? s.extensionEarliestDays
            s.extensionLatestDays = b.extensionLatestDays ?? s.extensionLatestDays
            s.extensionAnswerDays = b.extensionAnswerDays ?? s.extensionAnswerDays
            s.statementDays = b.statementDays ?? s.statementDays
            s.hearingFineThresholdFen = b.hearingFineThresholdFen ?? s.hearingFineThresholdFen
            s.caseLimitDays = b.caseLimitDays ?? s.caseLimitDays
            s.paymentDays = b.paymentDays ?? s.paymentDays
            s.appealMonths = b.appealMonths ?? s.appealMonths
            try await catalogs.setEnforcementSettings(s, by: context.caller)
            return try JSONResponse.make(try await catalogs.enforcementSettings())
        }
        api.add(
            APIOperation(
                method: .get, path: "document-numbering", operationID: "getDocumentNumbering", summary: "执法文书编号格式与代字", tag: "监管执法",
                access: .permission(.readBusinessData),
                responses: [(200, "编号设置", Schemas.ref("DocumentNumbering"))])
        ) { _, context in
            return try JSONResponse.make(NumberingDTO(try await catalogs.numbering()))
        }
        api.add(
            APIOperation(
                method: .put, path: "document-numbering", operationID: "setDocumentNumbering",
                summary: "修改文书编号格式（含 {county} {code} {year} {n}）、县简称和各类文书代字；已出具的文号不变", tag: "监管执法", access: .permission(.configureCatalogs),
                requestSchema: Schemas.ref("DocumentNumberingRequest"), responses: [(200, "编号设置", Schemas.ref("DocumentNumbering"))],
                errorCodes: ["numbering.pattern_invalid", "numbering.county_invalid", "numbering.code_invalid"]
            )
            .explaining(
                "ST202",
                "the pattern must contain both {year} and {n}; OpenAPI 3.0 patterns have no portable way to require two substrings in any order"
            )
        ) { request, context in
            struct Body: Decodable { let pattern: String?; let countyShortName: String?; let codes: [String: String]? }
            let b = try await request.decodeJSON(Body.self, context: context)
            try await catalogs.setNumbering(
                DocumentNumbering(
                    pattern: b.pattern ?? DocumentNumbering.defaultPattern, countyShortName: b.countyShortName ?? "", codes: b.codes ?? [:]),
                by: context.caller)
            return try JSONResponse.make(NumberingDTO(try await catalogs.numbering()))
        }
        api.add(
            APIOperation(
                method: .post, path: "conflicts-of-interest", operationID: "addConflictOfInterest",
                summary: "登记执法人员对某企业的回避关系（抽查时排除）", tag: "监管执法", access: .permission(.configureCatalogs),
                requestSchema: SupervisionSchemas.object(
                    ["username", "enterpriseId", "reason"],
                    [
                        "username": ["type": "string", "maxLength": 40], "enterpriseId": SupervisionSchemas.uuid,
                        "reason": Schemas.text(min: 2, max: 200),
                    ]),
                responses: [
                    (
                        201, "已登记",
                        SupervisionSchemas.object(
                            ["id", "username", "enterpriseId", "reason"],
                            [
                                "id": SupervisionSchemas.uuid, "username": SupervisionSchemas.string,
                                "enterpriseId": SupervisionSchemas.uuid, "reason": SupervisionSchemas.string,
                            ])
                    ), Self.notFound, (409, "已登记", Schemas.ref("Error")),
                ],
                errorCodes: [
                    "conflict.field_required", "enterprise.not_found", "conflict.inspector_unknown", "conflict.reason_required",
                    "conflict.exists",
                ]
            )
            .explaining(
                "ST202",
                "username must be an active inspector of the county holding an enforcement certificate, which depends on stored accounts")
        ) { request, context in
            struct Body: Decodable { let username: String?; let enterpriseId: UUID?; let reason: String? }
            struct Out: Encodable { let id: String; let username: String; let enterpriseId: String; let reason: String }
            let b = try await request.decodeJSON(Body.self, context: context)
            guard let enterpriseID = b.enterpriseId else { throw InputField("enterpriseId", label: "企业", context: "conflict").missing }
            let username = b.username ?? ""
            let enterprise = try await store.enterprises.get(enterpriseID, by: context.caller)
            guard
                try await store.accounts.certifiedInspectors(county: enterprise.profile.divisionCode).contains(where: {
                    $0.username == username
                })
            else {
                throw AnlanError.invalid("conflict.inspector_unknown", "“\(username)”不是本县持证执法人员。", field: "username")
            }
            let c = try await catalogs.addConflict(
                username: username, enterpriseID: enterpriseID, reason: b.reason ?? "", enterprise: enterprise, by: context.caller)
            return try JSONResponse.make(
                Out(id: c.id.key, username: c.username, enterpriseId: c.enterpriseID.key, reason: c.reason), status: .created)
        }
        api.add(
            APIOperation(
                method: .get, path: "checklists", operationID: "listChecklists", summary: "检查清单（内置的重大事故隐患判定标准与本局自定义清单，各取最新版本）",
                tag: "监管执法", access: .permission(.readBusinessData),
                responses: [(200, "清单", ["type": "array", "items": Schemas.ref("Checklist")])])
        ) { _, context in
            return try JSONResponse.make(try await catalogs.checklists())
        }
        api.add(
            APIOperation(
                method: .put, path: "checklists/{key}", operationID: "saveChecklist", summary: "保存检查清单的新版本（已有检查仍显示其当时的版本）",
                tag: "监管执法", access: .permission(.configureCatalogs),
                parameters: [
                    .init(
                        name: "key", location: .path, required: true, description: "清单标识",
                        schema: ["type": "string", "pattern": "^[A-Za-z0-9-]{2,40}$"])
                ],
                requestSchema: Schemas.ref("ChecklistRequest"), responses: [(200, "新版本", Schemas.ref("Checklist"))],
                errorCodes: [
                    "checklist.key_invalid", "checklist.name_required", "checklist.items_count", "checklist.item_code_invalid",
                    "checklist.item_incomplete",
                ]
            )
            .explaining("ST202", "item codes must be distinct within the list, which OpenAPI 3.0 cannot say of objects' fields")
        ) { request, context in
            struct Body: Decodable { let name: String?; let sectors: [String]?; let items: [ChecklistItem]? }
            let body = try await request.decodeJSON(Body.self, context: context)
            let list = Checklist(
                key: try context.pathParameter("key"), version: 0, name: body.name ?? "", sectors: body.sectors ?? [],
                items: body.items ?? [])
            return try JSONResponse.make(try await catalogs.saveChecklist(list, by: context.caller))
        }
        api.add(
            APIOperation(
                method: .get, path: "work-calendar", operationID: "getWorkCalendar", summary: "工作日历：法定节假日与调休上班日（数据，可维护）", tag: "监管执法",
                access: .permission(.readBusinessData),
                parameters: [Self.query("year", "年份", ["type": "integer", "minimum": 2000, "maximum": 2100])],
                responses: [(200, "日期", ["type": "array", "items": Schemas.ref("CalendarDay")])])
        ) { request, context in
            let year = try Query(request).int("year")
            // The range the document declares (a year the calendar can hold), as for PUT work-calendar/{year}.
            if let year, !(2000...2100).contains(year) {
                throw AnlanError.invalid("calendar.year_invalid", "年份须在 2000–2100 之间。", field: "year")
            }
            let days = try await catalogs.calendarDays().filter { year == nil || $0.date.hasPrefix("\(year!)-") }
            return try JSONResponse.make(days)
        }
        api.add(
            APIOperation(
                method: .put, path: "work-calendar/{year}", operationID: "setWorkCalendarYear", summary: "替换某一年的节假日与调休上班日", tag: "监管执法",
                access: .permission(.configureCatalogs),
                parameters: [
                    .init(
                        name: "year", location: .path, required: true, description: "年份",
                        schema: ["type": "integer", "minimum": 2000, "maximum": 2100])
                ],
                requestSchema: ["type": "array", "maxItems": 100, "items": Schemas.ref("CalendarDay")],
                responses: [(200, "该年的日期", ["type": "array", "items": Schemas.ref("CalendarDay")])],
                errorCodes: ["calendar.year_invalid", "calendar.day_invalid", "calendar.day_duplicate", "calendar.name_invalid"]
            )
            .explaining("ST202", "each date must fall in the year named in the path")
        ) { request, context in
            guard let year = Int(try context.pathParameter("year")) else {
                throw AnlanError.invalid("calendar.year_invalid", "年份须为整数。", field: "year")
            }
            let days = try await request.decodeJSON([WorkCalendar.Entry].self, context: context)
            try await catalogs.setCalendar(year: year, days: days, by: context.caller)
            return try JSONResponse.make(try await catalogs.calendarDays().filter { $0.date.hasPrefix("\(year)-") })
        }
    }
}
