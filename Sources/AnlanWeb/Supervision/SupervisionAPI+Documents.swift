import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// Supervision and enforcement: checklists, the working-day calendar, inspections, hazards, documents,
/// cases, random draws, campaigns and statistics.
/// Enforcement documents (执法文书) and cases (案件).
extension SupervisionAPI {
    // MARK: - Documents

    func registerDocuments(_ api: APIRoutes) {
        let documents = store.documents
        api.add(
            APIOperation(
                method: .post, path: "documents", operationID: "issueDocument",
                summary:
                    "出具执法文书：检查类（inspectionId）或案件类（caseId），内容取自记录，文号按种类和年度连续编号；correcting 指向被更正的文书；询问通知书须 inquiryAt、inquiryPlace、inquiryMaterials",
                tag: "监管执法", access: .permission(.inspect), requestSchema: Schemas.ref("DocumentRequest"),
                responses: [(201, "已出具", Schemas.ref("Document")), Self.notFound, Self.conflict],
                errorCodes: DocumentErrors.orderCodes
            )
            .explaining(
                "ST202", "which fields are required, and their formats (seized items, inquiry time and place), depend on the document kind")
        ) { request, context in
            let order = try DocumentOrder.parse(try await JSONInput.read(request, context: context))
            let document = try await documents.issue(order, by: context.caller)
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
                    Self.query(
                        "measure", "现场处理措施决定书中的措施",
                        ["type": "string", "enum": .array(OnSiteMeasure.allCases.map { .string($0.rawValue) })]),
                    Self.query("seizure", "只列查封扣押的现场处理措施决定书", ["type": "boolean"]),
                    Self.query("q", "搜索文号或企业名称（空格分隔的词须同时出现）", ["type": "string", "maxLength": 100]),
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
                requestSchema: ["type": "object", "required": ["reason"], "properties": ["reason": Schemas.text(min: 2, max: 500)]],
                responses: [(200, "已作废", Schemas.ref("Document")), Self.notFound, Self.conflict],
                errorCodes: ["document.not_found", "document.void_reason_required", "document.already_void"])
        ) { request, context in
            struct Body: Decodable { let reason: String? }
            let id = try context.uuidParameter("id", notFound: AnlanError.documentNotFound)
            let b = try await request.decodeJSON(Body.self, context: context)
            return try JSONResponse.make(DocumentDTO(try await documents.void(id, reason: b.reason ?? "", by: context.caller)))
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
                        "title": Schemas.text(min: 2, max: 100),
                        "violation": Schemas.text(min: 2, max: EnforcementCase.violationLimit),
                    ]),
                responses: [(201, "已立案", Schemas.ref("Case")), Self.notFound],
                errorCodes: [
                    "case.field_required", "case.inspection_mismatch", "case.title_required", "case.violation_required",
                    "enterprise.not_found",
                ]
            )
            .explaining("ST202", "inspectionId must name an inspection of the same enterprise: a rule across two fields")
        ) { request, context in
            struct Body: Decodable { let enterpriseId: UUID?; let inspectionId: UUID?; let title: String?; let violation: String? }
            let b = try await request.decodeJSON(Body.self, context: context)
            guard let enterpriseID = b.enterpriseId else { throw InputField("enterpriseId", label: "当事企业", context: "case").missing }
            let c = try await documents.openCase(
                enterpriseID: enterpriseID, inspectionID: b.inspectionId, title: b.title ?? "", violation: b.violation ?? "",
                by: context.caller)
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
                    Self.reportSectorParameter, Self.query("openedBy", "立案人（登录名或姓名）", ["type": "string", "maxLength": 64]),
                    Self.query("byDeadline", "按办案期限先后排序（默认按立案日期倒序）", ["type": "boolean"]),
                    Self.query("q", "搜索案由或企业名称（空格分隔的词须同时出现）", ["type": "string", "maxLength": 100]),
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
                method: .get, path: "cases/{id}/steps", operationID: "getCaseProcedure",
                summary: "案件的办案步骤、当前阶段、各项期限（陈述申辩期、办案期限、缴纳期限、申请强制执行的期间）和现在可以办理的步骤", tag: "监管执法",
                access: .permission(.readBusinessData),
                parameters: [Self.path("id", "案件 ID")], responses: [(200, "办案程序", Schemas.ref("CaseProcedure")), Self.notFound])
        ) { _, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.caseNotFound)
            let c = try await documents.case(id, by: context.caller)
            let procedure = try await documents.procedure(of: c, by: context.caller)
            return try JSONResponse.make(CaseProcedureDTO(procedure, today: Timestamp.day(store.environment.now())))
        }
        api.add(
            APIOperation(
                method: .post, path: "cases/{id}/steps", operationID: "recordCaseStep",
                summary: "办理一个案件步骤（按《行政处罚法》规定的顺序；顺序不对时 409 并说明缺少的步骤），同时出具该步骤的文书", tag: "监管执法",
                access: .permission(.inspect),
                parameters: [Self.path("id", "案件 ID")],
                requestSchema: SupervisionSchemas.object(
                    ["step"],
                    [
                        "step": ["type": "string", "enum": .array(CaseStep.allCases.map { .string($0.rawValue) })],
                        "day": Schemas.day, "text": ["type": "string", "maxLength": 4000], "answer": ["type": "string", "maxLength": 2000],
                        "person": ["type": "string", "maxLength": 100], "method": ["type": "string", "maxLength": 40],
                        "servedTo": [
                            "type": "string", "maxLength": 100,
                            "description": "听证通知（hearingNotice）和催告（reminder）：受送达人（签收人）；填写即同时出具该文书的送达回执",
                        ],
                        "fineFen": ["type": "integer", "minimum": 0, "maximum": 1_000_000_000], "suspensionUntil": Schemas.day,
                        "provisions": ["type": "string", "maxLength": 1000], "penaltyBasis": ["type": "string", "maxLength": 1000],
                        "adopted": ["type": "boolean", "description": "陈述申辩：是否采纳；法制审核（legalReview）：是否通过"],
                        "at": ["type": "string", "description": "yyyy-MM-ddTHH:mm"],
                        "place": ["type": "string", "maxLength": 100],
                        "principalFen": ["type": "integer", "minimum": 0, "maximum": 1_000_000_000],
                        "surchargeFen": ["type": "integer", "minimum": 0, "maximum": 1_000_000_000], "dueOn": Schemas.day,
                        "days": ["type": "integer", "minimum": 1, "maximum": 90],
                        "instalments": [
                            "type": "array", "minItems": 2, "maxItems": 12,
                            "items": SupervisionSchemas.object(
                                ["dueOn", "amountFen"],
                                ["dueOn": Schemas.day, "amountFen": ["type": "integer", "minimum": 1, "maximum": 1_000_000_000]]),
                            "description": "延期（分期）缴纳（deferral）的分期安排：各期期限按先后、不早于批准日，合计等于未缴罚款；最后一期即缴纳期限（此时不填 dueOn）",
                        ],
                        "officers": [
                            "type": "array", "maxItems": .number(Double(CaseStepInput.officersMaximum)),
                            "items": ["type": "string", "maxLength": 64],
                            "description": "调查取证（investigation）：参加询问或勘验的执法人员用户名，至少两名、持有本县执法证（《行政处罚法》第四十二条）",
                        ],
                    ]),
                responses: [(201, "已办理", Schemas.ref("CaseStepResult")), Self.notFound, Self.conflict],
                errorCodes: CaseErrors.codes
            )
            .explaining(
                "ST202",
                "which step is allowed depends on the steps already taken (the law's order); an investigation's officers must be certified inspectors of the county, which depends on stored accounts"
            )
        ) { request, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.caseNotFound)
            let (step, input) = try CaseStepInput.parse(try await JSONInput.read(request, context: context))
            let result = try await documents.record(step, input, case: id, by: context.caller)
            return try JSONResponse.make(
                CaseStepResultDTO(
                    case: CaseDTO(result.case), step: CaseStepDTO(result.record), document: result.document.map { DocumentDTO($0) }),
                status: .created)
        }
    }
}
