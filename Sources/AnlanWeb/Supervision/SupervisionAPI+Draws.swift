import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// Supervision and enforcement: checklists, the working-day calendar, inspections, hazards, documents,
/// cases, random draws, campaigns and statistics.
/// Random draws (双随机), campaigns (专项整治) and statistics.
extension SupervisionAPI {
    // MARK: - Random draws

    func registerDraws(_ api: APIRoutes) {
        let draws = store.draws
        api.add(
            APIOperation(
                method: .post, path: "random-draws", operationID: "createRandomDraw",
                summary: "双随机抽查：从名录库抽取企业（数量或比例，可按风险加权）并为每家指派至少两名执法人员，排除回避关系；记录候选名单、算法版本与事先确定的种子",
                tag: "监管执法", access: .permission(.inspect), requestSchema: Schemas.ref("DrawRequest"),
                responses: [(201, "抽查结果", Schemas.ref("Draw"))],
                errorCodes: [
                    "draw.title_required", "draw.title_too_long", "draw.sector_too_long", "draw.division_code_invalid",
                    "draw.risk_levels_invalid", "draw.count_invalid", "draw.ratio_invalid", "draw.weighted_invalid",
                    "draw.inspectors_per_enterprise_invalid", "draw.seed_invalid", "draw.weight_invalid", "draw.pool_empty",
                    "draw.too_few_inspectors", "draw.calendar_invalid",
                ]
            )
            .explaining(
                "ST201",
                "an empty text in an optional field (seed, sector) is read as not given, as the page's form sends it: one parser serves both faces"
            )
            .explaining("ST202", "either count or ratio is given: a rule across two fields")
        ) { request, context in
            let draw = try await draws.draw(try DrawOrder.parse(try await JSONInput.read(request, context: context)), by: context.caller)
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
                responses: [(200, "已公示", Schemas.ref("Draw")), Self.notFound, Self.conflict],
                errorCodes: ["draw.not_found", "draw.already_published"])
        ) { _, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.drawNotFound)
            let draw = try await draws.publish(id, by: context.caller)
            return try JSONResponse.make(DrawDTO(draw, names: try await names(draw)))
        }
    }

    /// Enterprise names of a draw's result, for people reading it.
    func names(_ draw: DrawRepository.Draw) async throws -> [String: String] {
        try await store.enterprises.names(of: draw.result.compactMap { UUID(key: $0.enterpriseID) })
    }

    // MARK: - Campaigns and statistics

    func registerCampaigns(_ api: APIRoutes) {
        let campaigns = store.campaigns
        api.add(
            APIOperation(
                method: .post, path: "campaigns", operationID: "createCampaign", summary: "新建专项整治（行业范围、期间、两个清单）", tag: "监管执法",
                access: .permission(.configureCatalogs),
                requestSchema: Schemas.ref("CampaignRequest"), responses: [(201, "已建立", Schemas.ref("Campaign"))],
                errorCodes: ["campaign.name_required", "campaign.period_invalid", "campaign.too_long"]
            )
            .explaining("ST202", "startsOn must not be after endsOn: a rule across two fields")
        ) { request, context in
            struct Body: Decodable {
                let name: String?; let sectors: [String]?; let startsOn: String?; let endsOn: String?; let problems: String?;
                let measures: String?
            }
            let b = try await request.decodeJSON(Body.self, context: context)
            let c = try await campaigns.create(
                .init(
                    id: store.environment.newID(), name: b.name ?? "", sectors: b.sectors ?? [], startsOn: b.startsOn ?? "",
                    endsOn: b.endsOn ?? "",
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
                responses: [(200, "专项", Schemas.ref("Campaign")), Self.notFound],
                errorCodes: ["campaign.not_found", "campaign.too_long"]
            )
            .explaining("ST201", "an empty text clears the list, as the page's form sends it")
        ) { request, context in
            // A missing list reads as the form's empty field: it clears that list.
            struct Body: Decodable { let problems: String?; let measures: String? }
            let id = try context.uuidParameter("id", notFound: AnlanError.campaignNotFound)
            let b = try await request.decodeJSON(Body.self, context: context)
            return try JSONResponse.make(
                CampaignDTO(try await campaigns.updateLists(id, problems: b.problems ?? "", measures: b.measures ?? "", by: context.caller))
            )
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
                responses: [(200, "统计", Schemas.ref("Statistics"))]
            )
            .explaining("ST202", "from must not be after to: a rule across two parameters")
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
