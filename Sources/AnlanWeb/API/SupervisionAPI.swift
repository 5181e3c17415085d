import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// Supervision and enforcement: checklists, the working-day calendar, inspections, hazards, documents,
/// cases, random draws, campaigns and statistics.
struct SupervisionAPI {
    let store: Store

    static func path(_ name: String, _ what: String) -> APIOperation.Parameter {
        .init(name: name, location: .path, required: true, description: what, schema: ["type": "string", "format": "uuid"])
    }
    static func query(_ name: String, _ what: String, _ schema: JSONValue) -> APIOperation.Parameter {
        .init(name: name, location: .query, required: false, description: what, schema: schema)
    }
    static let notFound = (404, "不存在或不在辖区内", Schemas.ref("Error")) as (Int, String, JSONValue?)
    static let conflict = (409, "当前状态不允许此操作", Schemas.ref("Error")) as (Int, String, JSONValue?)

    var today: String { Timestamp.day(store.environment.now()) }

    func register(_ api: APIRoutes) {
        registerCatalogs(api)
        registerInspections(api)
        registerDocuments(api)
        registerCases(api)
        registerDraws(api)
        registerCampaigns(api)
        registerPlans(api)
    }

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
                responses: [(200, "计划", Schemas.ref("InspectionPlan"))])
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

    // MARK: - Checklists and calendar

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
                responses: [(200, "执法设置", Schemas.ref("EnforcementSettings"))])
        ) { request, context in
            struct Body: Decodable {
                let reviewAuthority: String?, court: String?, paymentAccount: String?, reinspectionDays: Int?, extensionLeadDays: Int?,
                    extensionAnswerDays: Int?
            }
            let b = try await request.decodeJSON(Body.self, context: context)
            var s = try await catalogs.enforcementSettings()
            s.reviewAuthority = b.reviewAuthority ?? s.reviewAuthority
            s.court = b.court ?? s.court
            s.paymentAccount = b.paymentAccount ?? s.paymentAccount
            s.reinspectionDays = b.reinspectionDays ?? s.reinspectionDays
            s.extensionLeadDays = b.extensionLeadDays ?? s.extensionLeadDays
            s.extensionAnswerDays = b.extensionAnswerDays ?? s.extensionAnswerDays
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
                requestSchema: Schemas.ref("DocumentNumberingRequest"), responses: [(200, "编号设置", Schemas.ref("DocumentNumbering"))])
        ) { request, context in
            struct Body: Decodable { let pattern: String?; let countyShortName: String; let codes: [String: String]? }
            let b = try await request.decodeJSON(Body.self, context: context)
            try await catalogs.setNumbering(
                DocumentNumbering(
                    pattern: b.pattern ?? DocumentNumbering.defaultPattern, countyShortName: b.countyShortName, codes: b.codes ?? [:]),
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
                        "reason": ["type": "string", "maxLength": 200],
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
                ])
        ) { request, context in
            struct Body: Decodable { let username: String; let enterpriseId: UUID; let reason: String }
            struct Out: Encodable { let id: String; let username: String; let enterpriseId: String; let reason: String }
            let b = try await request.decodeJSON(Body.self, context: context)
            let enterprise = try await store.enterprises.get(b.enterpriseId, by: context.caller)
            guard
                try await store.accounts.certifiedInspectors(county: enterprise.profile.divisionCode).contains(where: {
                    $0.username == b.username
                })
            else {
                throw AnlanError.invalid("conflict.inspector_unknown", "\(b.username) 不是本县持证执法人员。", field: "username")
            }
            let c = try await catalogs.addConflict(
                username: b.username, enterpriseID: b.enterpriseId, reason: b.reason, enterprise: enterprise, by: context.caller)
            return try JSONResponse.make(
                Out(id: key(c.id), username: c.username, enterpriseId: key(c.enterpriseID), reason: c.reason), status: .created)
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
                requestSchema: Schemas.ref("ChecklistRequest"), responses: [(200, "新版本", Schemas.ref("Checklist"))])
        ) { request, context in
            struct Body: Decodable { let name: String; let sectors: [String]?; let items: [ChecklistItem] }
            let body = try await request.decodeJSON(Body.self, context: context)
            let list = Checklist(
                key: try context.pathParameter("key"), version: 0, name: body.name, sectors: body.sectors ?? [], items: body.items)
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
                responses: [(200, "该年的日期", ["type": "array", "items": Schemas.ref("CalendarDay")])])
        ) { request, context in
            guard let year = Int(try context.pathParameter("year")) else {
                throw AnlanError.invalid("calendar.year_invalid", "年份须为整数。", field: "year")
            }
            let days = try await request.decodeJSON([WorkCalendar.Entry].self, context: context)
            try await catalogs.setCalendar(year: year, days: days, by: context.caller)
            return try JSONResponse.make(try await catalogs.calendarDays().filter { $0.date.hasPrefix("\(year)-") })
        }
    }

    // MARK: - Inspections

    func registerInspections(_ api: APIRoutes) {
        let inspections = store.inspections
        api.add(
            APIOperation(
                method: .post, path: "inspections", operationID: "submitInspection",
                summary: "提交检查记录：至少两名持证执法人员；逐项作答清单，不合格项与所列问题各生成一条隐患；按客户端 ID 幂等", tag: "监管执法", access: .permission(.inspect),
                requestSchema: Schemas.ref("InspectionRequest"),
                responses: [
                    (201, "已保存", Schemas.ref("Inspection")), (200, "同一 ID 已提交过，返回原记录", Schemas.ref("Inspection")),
                    (409, "ID 已用于不同内容", Schemas.ref("Error")),
                ])
        ) { request, context in
            let body = try await request.decodeJSON(InspectionBody.self, context: context)
            let result = try await inspections.submit(body.draft, by: context.caller)
            return try JSONResponse.make(
                InspectionDTO(result.inspection, hazards: result.hazards, replayed: result.replayed, today: Day(store.environment.now())),
                status: result.replayed ? .ok : .created)
        }
        api.add(
            APIOperation(
                method: .get, path: "inspections", operationID: "listInspections", summary: "检查记录（辖区内；企业安全员只见本企业）", tag: "监管执法",
                access: .permission(.readBusinessData),
                parameters: AccountsAPI.pageParameters + [
                    Self.query("enterpriseId", "企业", SupervisionSchemas.uuid),
                    Self.query("inspector", "执法人员用户名", ["type": "string", "maxLength": 40]),
                    Self.query("from", "检查日期起", Schemas.day), Self.query("to", "检查日期止", Schemas.day),
                    Self.query("divisionCode", "区划（含下级）", Schemas.divisionCode),
                    Self.query("sector", "统计行业", ["type": "string", "maxLength": 20]),
                    Self.query("campaignId", "专项整治", SupervisionSchemas.uuid), Self.query("drawId", "抽查", SupervisionSchemas.uuid),
                ],
                responses: [(200, "一页检查", Schemas.page(of: "Inspection"))])
        ) { request, context in
            let q = try Query(request)
            let page = try await inspections.list(try Self.inspectionFilter(q), page: try q.page(), by: context.caller)
            return try JSONResponse.make(PageDTO(page) { InspectionDTO($0) })
        }
        api.add(
            APIOperation(
                method: .get, path: "inspections/{id}", operationID: "getInspection", summary: "一次检查及其隐患", tag: "监管执法",
                access: .permission(.readBusinessData),
                parameters: [Self.path("id", "检查 ID")], responses: [(200, "检查", Schemas.ref("Inspection")), Self.notFound])
        ) { _, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.inspectionNotFound)
            let inspection = try await inspections.get(id, by: context.caller)
            return try JSONResponse.make(
                InspectionDTO(
                    inspection, hazards: try await inspections.hazards(of: id, by: context.caller), today: Day(store.environment.now())))
        }
    }

    static func inspectionFilter(_ q: Query) throws -> InspectionRepository.InspectionFilter {
        InspectionRepository.InspectionFilter(
            enterpriseID: try q.uuid("enterpriseId"), inspector: q.string("inspector"), from: try q.day("from"), to: try q.day("to"),
            divisionCode: try q.divisionCode("divisionCode"), sector: q.string("sector"), campaignID: try q.uuid("campaignId"),
            drawID: try q.uuid("drawId"))
    }

    // MARK: - Hazards

    static let hazardParameters: [APIOperation.Parameter] = [
        query("enterpriseId", "企业", SupervisionSchemas.uuid), query("status", "状态", SupervisionSchemas.hazardStatus),
        query("open", "未销号", ["type": "boolean"]), query("overdue", "逾期", ["type": "boolean"]),
        query("major", "重大事故隐患", ["type": "boolean"]),
        query("escalated", "挂牌督办", ["type": "boolean"]), query("owner", "负责执法人员", ["type": "string", "maxLength": 40]),
        query("divisionCode", "区划（含下级）", Schemas.divisionCode), query("sector", "统计行业", ["type": "string", "maxLength": 20]),
        query("campaignId", "专项整治", SupervisionSchemas.uuid), query("foundFrom", "发现日期起", Schemas.day),
        query("foundTo", "发现日期止", Schemas.day),
        query("closedFrom", "销号日期起", Schemas.day), query("closedTo", "销号日期止", Schemas.day),
        query("submittedBefore", "待复查且提交整改早于该日（取今天减复查期限即为复查逾期）", Schemas.day),
    ]

    static let reportSectorParameter = query(
        "sector", "统计行业（年报口径，按企业所属行业归类）", ["type": "string", "enum": .array(ReportSector.all.map { .string($0) })])

    /// The report sector a list is limited to, when asked for; one outside the list is refused.
    static func reportSector(_ q: Query) throws -> String? {
        guard let sector = q.string("sector"), !sector.isEmpty else { return nil }
        guard ReportSector.all.contains(sector) else {
            throw AnlanError.invalid("query.sector_invalid", "统计行业须为：\(ReportSector.all.joined(separator: "、"))。", field: "sector")
        }
        return sector
    }

    static func documentFilter(_ q: Query) throws -> DocumentRepository.DocumentFilter {
        DocumentRepository.DocumentFilter(
            enterpriseID: try q.uuid("enterpriseId"), inspectionID: try q.uuid("inspectionId"), caseID: try q.uuid("caseId"),
            kind: try q.enum("kind", DocumentKind.self, label: "文书种类"), from: try q.day("from"), to: try q.day("to"),
            divisionCode: try q.divisionCode("divisionCode"), reportSector: try reportSector(q))
    }

    static func caseFilter(_ q: Query) throws -> DocumentRepository.CaseFilter {
        DocumentRepository.CaseFilter(
            enterpriseID: try q.uuid("enterpriseId"), status: try q.enum("status", EnforcementCase.Status.self, label: "案件状态"),
            openedFrom: try q.day("from"),
            openedTo: try q.day("to"), suspended: try q.bool("suspended"), divisionCode: try q.divisionCode("divisionCode"),
            reportSector: try reportSector(q))
    }

    // MARK: - Documents

    func registerDocuments(_ api: APIRoutes) {
        let documents = store.documents
        api.add(
            APIOperation(
                method: .post, path: "documents", operationID: "issueDocument",
                summary:
                    "出具执法文书：检查类（inspectionId）或案件类（caseId），内容取自记录，文号按种类和年度连续编号；correcting 指向被更正的文书；询问通知书须 inquiryAt、inquiryPlace、inquiryMaterials",
                tag: "监管执法", access: .permission(.inspect), requestSchema: Schemas.ref("DocumentRequest"),
                responses: [(201, "已出具", Schemas.ref("Document")), Self.notFound, Self.conflict])
        ) { request, context in
            struct Body: Decodable {
                let kind: String, inspectionId: UUID?, caseId: UUID?, measures: String?, correcting: UUID?
                let inquiryAt: String?, inquiryPlace: String?, inquiryMaterials: String?
            }
            let b = try await request.decodeJSON(Body.self, context: context)
            guard let kind = DocumentKind(rawValue: b.kind) else {
                throw AnlanError.invalid("document.kind_invalid", "未知的文书种类。", field: "kind")
            }
            let document: EnforcementDocument
            if kind.isCaseDocument {
                guard let caseID = b.caseId else {
                    throw AnlanError.invalid("document.case_required", "案件文书须指明案件（caseId）。", field: "caseId")
                }
                let inquiry = b.inquiryAt.map { InquiryRequest(at: $0, place: b.inquiryPlace ?? "", materials: b.inquiryMaterials ?? "") }
                document = try await documents.issue(kind, case: caseID, inquiry: inquiry, correcting: b.correcting, by: context.caller)
            } else {
                guard let inspectionID = b.inspectionId else {
                    throw AnlanError.invalid("document.inspection_required", "检查文书须指明检查（inspectionId）。", field: "inspectionId")
                }
                document = try await documents.issue(
                    kind, inspection: inspectionID, measures: b.measures, correcting: b.correcting, by: context.caller)
            }
            return try JSONResponse.make(DocumentDTO(document), status: .created)
        }
        api.add(
            APIOperation(
                method: .get, path: "documents", operationID: "listDocuments", summary: "执法文书", tag: "监管执法",
                access: .permission(.readBusinessData),
                parameters: AccountsAPI.pageParameters + [
                    Self.query("enterpriseId", "企业", SupervisionSchemas.uuid), Self.query("inspectionId", "检查", SupervisionSchemas.uuid),
                    Self.query("caseId", "案件", SupervisionSchemas.uuid), Self.query("kind", "种类", SupervisionSchemas.documentKind),
                    Self.query("from", "出具日期起", Schemas.day), Self.query("to", "出具日期止", Schemas.day),
                    Self.query("divisionCode", "区划（含下级）", Schemas.divisionCode), Self.reportSectorParameter,
                ],
                responses: [(200, "一页文书", Schemas.page(of: "Document"))])
        ) { request, context in
            let q = try Query(request)
            return try JSONResponse.make(
                PageDTO(try await documents.documents(try Self.documentFilter(q), page: try q.page(), by: context.caller)) {
                    DocumentDTO($0)
                })
        }
        api.add(
            APIOperation(
                method: .get, path: "documents/{id}", operationID: "getDocument", summary: "一份文书（打印：printUrl；Word：docxUrl）", tag: "监管执法",
                access: .permission(.readBusinessData),
                parameters: [Self.path("id", "文书 ID")], responses: [(200, "文书", Schemas.ref("Document")), Self.notFound])
        ) { _, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.documentNotFound)
            return try JSONResponse.make(DocumentDTO(try await documents.document(id, by: context.caller)))
        }
        api.add(
            APIOperation(
                method: .post, path: "documents/{id}/void", operationID: "voidDocument", summary: "作废文书（须说明理由；文号不再使用）", tag: "监管执法",
                access: .permission(.inspect),
                parameters: [Self.path("id", "文书 ID")],
                requestSchema: ["type": "object", "required": ["reason"], "properties": ["reason": ["type": "string", "maxLength": 500]]],
                responses: [(200, "已作废", Schemas.ref("Document")), Self.notFound, Self.conflict])
        ) { request, context in
            struct Body: Decodable { let reason: String }
            let id = try context.uuidParameter("id", notFound: AnlanError.documentNotFound)
            let b = try await request.decodeJSON(Body.self, context: context)
            return try JSONResponse.make(DocumentDTO(try await documents.void(id, reason: b.reason, by: context.caller)))
        }
    }

    // MARK: - Cases

    func registerCases(_ api: APIRoutes) {
        let documents = store.documents
        api.add(
            APIOperation(
                method: .post, path: "cases", operationID: "openCase", summary: "立案", tag: "监管执法", access: .permission(.inspect),
                requestSchema: SupervisionSchemas.object(
                    ["enterpriseId", "title", "violation"],
                    [
                        "enterpriseId": SupervisionSchemas.uuid, "inspectionId": SupervisionSchemas.uuid,
                        "title": ["type": "string", "maxLength": 100], "violation": ["type": "string", "maxLength": 4000],
                    ]),
                responses: [(201, "已立案", Schemas.ref("Case")), Self.notFound])
        ) { request, context in
            struct Body: Decodable { let enterpriseId: UUID; let inspectionId: UUID?; let title: String; let violation: String }
            let b = try await request.decodeJSON(Body.self, context: context)
            let c = try await documents.openCase(
                enterpriseID: b.enterpriseId, inspectionID: b.inspectionId, title: b.title, violation: b.violation, by: context.caller)
            return try JSONResponse.make(CaseDTO(c), status: .created)
        }
        api.add(
            APIOperation(
                method: .get, path: "cases", operationID: "listCases", summary: "案件", tag: "监管执法", access: .permission(.readBusinessData),
                parameters: AccountsAPI.pageParameters + [
                    Self.query("enterpriseId", "企业", SupervisionSchemas.uuid),
                    Self.query("status", "状态", ["type": "string", "enum": ["open", "decided", "closed"]]),
                    Self.query("from", "立案日期起", Schemas.day), Self.query("to", "立案日期止", Schemas.day),
                    Self.query("suspended", "有停产停业整顿", ["type": "boolean"]), Self.query("divisionCode", "区划（含下级）", Schemas.divisionCode),
                    Self.reportSectorParameter,
                ],
                responses: [(200, "一页案件", Schemas.page(of: "Case"))])
        ) { request, context in
            let q = try Query(request)
            let page = try await documents.cases(try Self.caseFilter(q), page: try q.page(), by: context.caller)
            return try JSONResponse.make(PageDTO(page) { CaseDTO($0) })
        }
        api.add(
            APIOperation(
                method: .get, path: "cases/{id}", operationID: "getCase", summary: "一个案件", tag: "监管执法",
                access: .permission(.readBusinessData),
                parameters: [Self.path("id", "案件 ID")], responses: [(200, "案件", Schemas.ref("Case")), Self.notFound])
        ) { _, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.caseNotFound)
            return try JSONResponse.make(CaseDTO(try await documents.case(id, by: context.caller)))
        }
        api.add(
            APIOperation(
                method: .post, path: "cases/{id}/decision", operationID: "decideCase", summary: "作出处理决定：罚款（分）、缴纳期限、责令停产停业整顿", tag: "监管执法",
                access: .permission(.inspect),
                parameters: [Self.path("id", "案件 ID")],
                requestSchema: SupervisionSchemas.object(
                    ["fineFen"],
                    [
                        "fineFen": ["type": "integer", "minimum": 0, "maximum": 1_000_000_000], "fineDueOn": Schemas.day,
                        "suspensionUntil": Schemas.day,
                        "provisions": ["type": "string", "maxLength": 1000, "description": "违反的规定"],
                        "penaltyBasis": ["type": "string", "maxLength": 1000, "description": "处罚依据"],
                    ]),
                responses: [(200, "案件", Schemas.ref("Case")), Self.notFound, Self.conflict])
        ) { request, context in
            struct Body: Decodable {
                let fineFen: Int, fineDueOn: String?, suspensionUntil: String?, provisions: String?, penaltyBasis: String?
            }
            let id = try context.uuidParameter("id", notFound: AnlanError.caseNotFound)
            let b = try await request.decodeJSON(Body.self, context: context)
            let decided = try await documents.decide(
                id, fineFen: b.fineFen, fineDueOn: b.fineDueOn, suspensionUntil: b.suspensionUntil, provisions: b.provisions,
                penaltyBasis: b.penaltyBasis,
                by: context.caller)
            return try JSONResponse.make(CaseDTO(decided))
        }
        api.add(
            APIOperation(
                method: .post, path: "cases/{id}/payments", operationID: "recordCasePayment", summary: "登记罚款缴纳（分）", tag: "监管执法",
                access: .permission(.inspect),
                parameters: [Self.path("id", "案件 ID")],
                requestSchema: SupervisionSchemas.object(
                    ["amountFen"], ["amountFen": ["type": "integer", "minimum": 1, "maximum": 1_000_000_000]]),
                responses: [(200, "案件", Schemas.ref("Case")), Self.notFound, Self.conflict])
        ) { request, context in
            struct Body: Decodable { let amountFen: Int }
            let id = try context.uuidParameter("id", notFound: AnlanError.caseNotFound)
            let b = try await request.decodeJSON(Body.self, context: context)
            return try JSONResponse.make(CaseDTO(try await documents.recordPayment(id, amountFen: b.amountFen, by: context.caller)))
        }
        api.add(
            APIOperation(
                method: .post, path: "cases/{id}/closing", operationID: "closeCase", summary: "结案", tag: "监管执法",
                access: .permission(.inspect),
                parameters: [Self.path("id", "案件 ID")], responses: [(200, "案件", Schemas.ref("Case")), Self.notFound, Self.conflict])
        ) { _, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.caseNotFound)
            return try JSONResponse.make(CaseDTO(try await documents.close(id, by: context.caller)))
        }
    }

    // MARK: - Random draws

    func registerDraws(_ api: APIRoutes) {
        let draws = store.draws
        api.add(
            APIOperation(
                method: .post, path: "random-draws", operationID: "createRandomDraw",
                summary: "双随机抽查：从名录库抽取企业（数量或比例，可按风险加权）并为每家指派至少两名执法人员，排除回避关系；记录候选名单、算法版本与事先确定的种子",
                tag: "监管执法", access: .permission(.inspect), requestSchema: Schemas.ref("DrawRequest"),
                responses: [(201, "抽查结果", Schemas.ref("Draw"))])
        ) { request, context in
            struct Body: Decodable {
                let title: String; let sector: String?; let divisionCode: String?; let riskLevels: [RiskLevel]?;
                let excludeKeyEnterprises: Bool?
                let count: Int?; let ratio: Double?; let weighted: Bool?; let inspectorsPerEnterprise: Int?; let seed: String?
            }
            let b = try await request.decodeJSON(Body.self, context: context)
            var seed: UInt64? = nil
            if let text = b.seed {
                guard let value = UInt64(text) else {
                    throw AnlanError.invalid("draw.seed_invalid", "种子须为 0 到 18446744073709551615 之间的整数。", field: "seed")
                }
                seed = value
            }
            if let code = b.divisionCode { _ = try DivisionCode(code) }
            let draw = try await draws.draw(
                title: b.title,
                pool: .init(
                    sector: b.sector, divisionCode: b.divisionCode, riskLevels: b.riskLevels ?? [],
                    excludeKeyEnterprises: b.excludeKeyEnterprises ?? false),
                count: b.count, ratio: b.ratio, weighted: b.weighted ?? false, inspectorsPerEnterprise: b.inspectorsPerEnterprise ?? 2,
                seed: seed,
                by: context.caller)
            return try JSONResponse.make(DrawDTO(draw, names: try await names(draw)), status: .created)
        }
        api.add(
            APIOperation(
                method: .get, path: "random-draws", operationID: "listRandomDraws", summary: "抽查记录", tag: "监管执法",
                access: .permission(.readBusinessData),
                parameters: AccountsAPI.pageParameters, responses: [(200, "一页抽查", Schemas.page(of: "Draw"))])
        ) { request, context in
            return try JSONResponse.make(PageDTO(try await draws.list(page: try Query(request).page(), by: context.caller)) { DrawDTO($0) })
        }
        api.add(
            APIOperation(
                method: .get, path: "random-draws/{id}", operationID: "getRandomDraw", summary: "一次抽查", tag: "监管执法",
                access: .permission(.readBusinessData),
                parameters: [Self.path("id", "抽查 ID")], responses: [(200, "抽查", Schemas.ref("Draw")), Self.notFound])
        ) { _, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.drawNotFound)
            let draw = try await draws.get(id, by: context.caller)
            return try JSONResponse.make(DrawDTO(draw, names: try await names(draw)))
        }
        api.add(
            APIOperation(
                method: .get, path: "random-draws/{id}/verification", operationID: "verifyRandomDraw",
                summary: "按记录的候选名单、种子和算法版本重新计算抽查，并与保存的结果比对", tag: "监管执法", access: .permission(.readBusinessData),
                parameters: [Self.path("id", "抽查 ID")], responses: [(200, "比对结果与全部输入", Schemas.ref("DrawVerification")), Self.notFound])
        ) { _, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.drawNotFound)
            return try JSONResponse.make(DrawVerificationDTO(try await draws.get(id, by: context.caller)))
        }
        api.add(
            APIOperation(
                method: .post, path: "random-draws/{id}/publication", operationID: "publishRandomDraw", summary: "公示抽查结果（之后公众无需登录即可查看）",
                tag: "监管执法", access: .permission(.inspect), parameters: [Self.path("id", "抽查 ID")],
                responses: [(200, "已公示", Schemas.ref("Draw")), Self.notFound, Self.conflict])
        ) { _, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.drawNotFound)
            let draw = try await draws.publish(id, by: context.caller)
            return try JSONResponse.make(DrawDTO(draw, names: try await names(draw)))
        }
    }

    /// Enterprise names of a draw's result, for people reading it.
    func names(_ draw: DrawRepository.Draw) async throws -> [String: String] {
        try await store.enterprises.names(of: draw.result.compactMap { UUID(uuidString: $0.enterpriseID) })
    }

    // MARK: - Campaigns and statistics

    func registerCampaigns(_ api: APIRoutes) {
        let campaigns = store.campaigns
        api.add(
            APIOperation(
                method: .post, path: "campaigns", operationID: "createCampaign", summary: "新建专项整治（行业范围、期间、两个清单）", tag: "监管执法",
                access: .permission(.configureCatalogs),
                requestSchema: Schemas.ref("CampaignRequest"), responses: [(201, "已建立", Schemas.ref("Campaign"))])
        ) { request, context in
            struct Body: Decodable {
                let name: String; let sectors: [String]?; let startsOn: String; let endsOn: String; let problems: String?;
                let measures: String?
            }
            let b = try await request.decodeJSON(Body.self, context: context)
            let c = try await campaigns.create(
                .init(
                    id: store.environment.newID(), name: b.name, sectors: b.sectors ?? [], startsOn: b.startsOn, endsOn: b.endsOn,
                    problems: b.problems ?? "", measures: b.measures ?? ""),
                by: context.caller)
            return try JSONResponse.make(CampaignDTO(c), status: .created)
        }
        api.add(
            APIOperation(
                method: .get, path: "campaigns", operationID: "listCampaigns", summary: "专项整治", tag: "监管执法",
                access: .permission(.readBusinessData),
                parameters: AccountsAPI.pageParameters, responses: [(200, "一页专项", Schemas.page(of: "Campaign"))])
        ) { request, context in
            return try JSONResponse.make(
                PageDTO(try await campaigns.list(page: try Query(request).page(), by: context.caller)) { CampaignDTO($0) })
        }
        api.add(
            APIOperation(
                method: .put, path: "campaigns/{id}/lists", operationID: "updateCampaignLists", summary: "更新问题隐患清单与制度措施清单", tag: "监管执法",
                access: .permission(.configureCatalogs),
                parameters: [Self.path("id", "专项 ID")],
                requestSchema: SupervisionSchemas.object(
                    ["problems", "measures"],
                    ["problems": ["type": "string", "maxLength": 20000], "measures": ["type": "string", "maxLength": 20000]]),
                responses: [(200, "专项", Schemas.ref("Campaign")), Self.notFound])
        ) { request, context in
            struct Body: Decodable { let problems: String; let measures: String }
            let id = try context.uuidParameter("id", notFound: AnlanError.campaignNotFound)
            let b = try await request.decodeJSON(Body.self, context: context)
            return try JSONResponse.make(
                CampaignDTO(try await campaigns.updateLists(id, problems: b.problems, measures: b.measures, by: context.caller)))
        }
        api.add(
            APIOperation(
                method: .get, path: "statistics/enforcement", operationID: "enforcementStatistics",
                summary: "执法统计：检查家次、隐患、整改率、文书、案件、罚款、停产整顿，按行业和月份", tag: "监管执法", access: .permission(.readBusinessData),
                parameters: [
                    .init(name: "from", location: .query, required: true, description: "期间起", schema: Schemas.day),
                    .init(name: "to", location: .query, required: true, description: "期间止", schema: Schemas.day),
                    Self.query("divisionCode", "区划（含下级）", Schemas.divisionCode),
                    Self.query("sector", "统计行业", ["type": "string", "maxLength": 20]),
                ],
                responses: [(200, "统计", Schemas.ref("Statistics"))])
        ) { request, context in
            let q = try Query(request)
            guard let from = try q.day("from"), let to = try q.day("to") else {
                throw AnlanError.invalid("statistics.period_invalid", "请给出统计期间 from 和 to。", field: "from")
            }
            let report = try await store.statistics.report(
                .init(from: from, to: to, divisionCode: try q.divisionCode("divisionCode"), sector: q.string("sector")), by: context.caller)
            return try JSONResponse.make(StatisticsDTO(report))
        }
    }
}

/// The inspection a client submits.
struct InspectionBody: Decodable {
    struct Answer: Decodable { let code: String; let result: String; let note: String? }
    struct FindingBody: Decodable {
        let description: String; let location: String?; let basis: String?; let checklistItem: String?; let isMajor: Bool;
        let dueDate: String?
    }
    let id: UUID, enterpriseId: UUID, source: String, drawId: UUID?, campaignId: UUID?, jointDepartments: String?, inspectedOn: String
    let inspectors: [String], checklistKey: String?, answers: [Answer]?, findings: [FindingBody]?, summary: String?

    var draft: InspectionDraft {
        get throws {
            guard let source = InspectionSource(rawValue: source) else {
                throw AnlanError.invalid("inspection.source_invalid", "检查来源须为 plan、draw、complaint、campaign 或 adHoc。", field: "source")
            }
            let answers = try (answers ?? []).map { a -> ChecklistAnswer in
                guard let result = ChecklistAnswer.Result(rawValue: a.result) else {
                    throw AnlanError.invalid("inspection.answer_invalid", "检查项结果须为 pass、fail 或 notApplicable。", field: "answers")
                }
                return ChecklistAnswer(code: a.code, result: result, note: a.note.flatMap { $0.isEmpty ? nil : String($0.prefix(500)) })
            }
            return InspectionDraft(
                id: id, enterpriseID: enterpriseId, source: source, drawID: drawId, campaignID: campaignId,
                jointDepartments: jointDepartments,
                inspectedOn: inspectedOn, inspectors: inspectors, checklistKey: checklistKey, answers: answers,
                findings: (findings ?? []).map {
                    Finding(
                        description: $0.description, location: $0.location, basis: $0.basis, checklistItem: $0.checklistItem,
                        isMajor: $0.isMajor, dueDate: $0.dueDate)
                },
                summary: summary ?? "")
        }
    }
}
