import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// Enterprise files (一企一档).
struct EnterprisesAPI {
    let store: Store

    func register(_ api: APIRoutes) {
        let enterprises = store.enterprises
        let idParameter = APIOperation.Parameter(
            name: "id", location: .path, required: true, description: "企业 ID", schema: ["type": "string", "format": "uuid"])

        api.add(
            APIOperation(
                method: .get, path: "enterprises", operationID: "listEnterprises", summary: "辖区内的企业：筛选、全文检索（名称、地址、信用代码的任意片段）、排序、分页",
                tag: "企业", access: .permission(.readBusinessData),
                parameters: AccountsAPI.pageParameters + [
                    .init(
                        name: "q", location: .query, required: false, description: "名称、地址或信用代码片段",
                        schema: ["type": "string", "maxLength": 100]),
                    .init(
                        name: "sector", location: .query, required: false, description: "行业领域", schema: ["type": "string", "maxLength": 40]),
                    .init(name: "riskLevel", location: .query, required: false, description: "风险等级", schema: Schemas.riskLevel),
                    .init(name: "divisionCode", location: .query, required: false, description: "区划（含下级）", schema: Schemas.divisionCode),
                    .init(
                        name: "standardizationGrade", location: .query, required: false, description: "标准化等级",
                        schema: Schemas.standardizationGrade),
                    .init(name: "operatingStatus", location: .query, required: false, description: "经营状态", schema: Schemas.operatingStatus),
                    .init(
                        name: "licenceExpiringWithinDays", location: .query, required: false, description: "许可证在若干天内到期（含已过期）",
                        schema: ["type": "integer", "minimum": 0, "maximum": 3650]),
                    .init(name: "includeArchived", location: .query, required: false, description: "包含已归档", schema: ["type": "boolean"]),
                    .init(
                        name: "majorHazard", location: .query, required: false, description: "有（true）或无（false）在册的重大危险源",
                        schema: ["type": "boolean"]),
                    .init(
                        name: "inspectedFrom", location: .query, required: false, description: "期间内受检企业：检查日期起（须与止日期同给）", schema: Schemas.day
                    ),
                    .init(name: "inspectedTo", location: .query, required: false, description: "期间内受检企业：检查日期止", schema: Schemas.day),
                    .init(
                        name: "inspectedSector", location: .query, required: false, description: "期间内受检企业：检查所计统计行业",
                        schema: ["type": "string", "enum": .array(ReportSector.selectable.map { .string($0) })]),
                    .init(
                        name: "sort", location: .query, required: false, description: "排序",
                        schema: ["type": "string", "enum": .array(EnterpriseRepository.Sort.allCases.map { .string($0.rawValue) })]),
                ],
                responses: [(200, "一页企业", Schemas.ref("EnterprisePage"))]
            )
            .explaining("ST202", "inspectedFrom and inspectedTo are given together, from not after to: a rule across two parameters")
        ) { request, context in
            let query = try Query(request)
            let (filter, sort) = try EnterprisePages.filter(query)
            let page = try await enterprises.list(filter, sort: sort, page: try query.page(), by: context.caller)
            return try JSONResponse.make(PageDTO(page) { EnterpriseDTO($0) })
        }

        api.add(
            APIOperation(
                method: .post, path: "enterprises", operationID: "createEnterprise", summary: "新建企业档案", tag: "企业",
                access: .permission(.editEnterprises),
                requestSchema: Schemas.ref("EnterpriseProfile"),
                responses: [(201, "已建档（warnings 列出需核对的数据）", Schemas.ref("Enterprise")), (409, "信用代码已属于在册企业", Schemas.ref("Error"))],
                errorCodes: EnterpriseErrors.profileCodes + ["enterprise.risk_level_invalid"]
            )
            .explaining(
                "ST202",
                "each sector must be one of the bureau's sector list (GET /api/v1/sectors), a setting that changes; the credit code's check character and the licences' dates are checked by rule"
            )
        ) { request, context in
            let body = try await request.decodeJSON(EnterpriseProfileRequest.self, context: context)
            let (enterprise, warnings) = try await enterprises.create(body.profile, riskLevel: try body.risk(), by: context.caller)
            return try JSONResponse.make(EnterpriseDTO(enterprise, warnings: warnings), status: .created)
        }

        api.add(
            APIOperation(
                method: .get, path: "enterprises/{id}", operationID: "getEnterprise", summary: "一个企业档案", tag: "企业",
                access: .permission(.readBusinessData),
                parameters: [idParameter], responses: [(200, "企业", Schemas.ref("Enterprise")), (404, "不存在或不在辖区内", Schemas.ref("Error"))])
        ) { _, context in
            return try JSONResponse.make(EnterpriseDTO(try await enterprises.get(try Self.enterpriseID(context), by: context.caller)))
        }

        api.add(
            APIOperation(
                method: .put, path: "enterprises/{id}", operationID: "updateEnterprise", summary: "修改企业档案（整份替换）", tag: "企业",
                access: .permission(.editEnterprises),
                parameters: [idParameter], requestSchema: Schemas.ref("EnterpriseProfile"),
                responses: [
                    (200, "修改后的企业", Schemas.ref("Enterprise")), (404, "不存在或不在辖区内", Schemas.ref("Error")),
                    (409, "已归档或信用代码重复", Schemas.ref("Error")),
                ],
                errorCodes: ["enterprise.not_found", "enterprise.archived"] + EnterpriseErrors.profileCodes
            )
            .explaining(
                "ST202",
                "each sector must be one of the bureau's sector list (GET /api/v1/sectors), a setting that changes; the credit code's check character and the licences' dates are checked by rule"
            )
        ) { request, context in
            let id = try Self.enterpriseID(context)
            let body = try await request.decodeJSON(EnterpriseProfileRequest.self, context: context)
            let (enterprise, warnings) = try await enterprises.update(id: id, body.profile, by: context.caller)
            return try JSONResponse.make(EnterpriseDTO(enterprise, warnings: warnings))
        }

        api.add(
            APIOperation(
                method: .put, path: "enterprises/{id}/contacts", operationID: "updateEnterpriseContacts",
                summary: "修改企业联系人（企业安全管理员可改本企业）", tag: "企业", access: .permission(.readBusinessData), parameters: [idParameter],
                requestSchema: Schemas.ref("EnterpriseContacts"),
                responses: [(200, "修改后的企业", Schemas.ref("Enterprise")), (404, "不存在或不在辖区内", Schemas.ref("Error"))],
                errorCodes: ["enterprise.not_found", "enterprise.archived", "enterprise.phone_invalid", "enterprise.field_invalid"])
        ) { request, context in
            struct Body: Decodable { let principal: String?; let safetyOfficerName: String?; let safetyOfficerPhone: String? }
            let id = try Self.enterpriseID(context)
            let body = try await request.decodeJSON(Body.self, context: context)
            let enterprise = try await enterprises.updateContacts(
                id: id, principal: body.principal, safetyOfficerName: body.safetyOfficerName, safetyOfficerPhone: body.safetyOfficerPhone,
                by: context.caller)
            return try JSONResponse.make(EnterpriseDTO(enterprise))
        }

        api.add(
            APIOperation(
                method: .put, path: "enterprises/{id}/risk-level", operationID: "setEnterpriseRiskLevel", summary: "评定风险等级（留存理由与历史）",
                tag: "企业", access: .permission(.editEnterprises), parameters: [idParameter],
                requestSchema: Schemas.ref("RiskLevelChangeRequest"),
                responses: [
                    (200, "修改后的企业", Schemas.ref("Enterprise")), (404, "不存在或不在辖区内", Schemas.ref("Error")),
                    (409, "已归档", Schemas.ref("Error")),
                ],
                errorCodes: [
                    "enterprise.not_found", "enterprise.archived", "enterprise.risk_level_invalid", "enterprise.risk_reason_required",
                ])
        ) { request, context in
            struct Body: Decodable { let riskLevel: String?; let reason: String? }
            let id = try Self.enterpriseID(context)
            let body = try await request.decodeJSON(Body.self, context: context)
            guard let level = try EnterpriseErrors.riskLevel(body.riskLevel) else { throw EnterpriseErrors.riskLevelInvalid }
            return try JSONResponse.make(
                EnterpriseDTO(try await enterprises.setRiskLevel(id: id, to: level, reason: body.reason ?? "", by: context.caller)))
        }

        api.add(
            APIOperation(
                method: .get, path: "enterprises/{id}/risk-history", operationID: "getEnterpriseRiskHistory", summary: "风险等级变更历史",
                tag: "企业", access: .permission(.readBusinessData),
                parameters: [idParameter],
                responses: [
                    (200, "变更记录，新的在前", ["type": "array", "items": Schemas.ref("RiskLevelChange")]),
                    (404, "不存在或不在辖区内", Schemas.ref("Error")),
                ])
        ) { _, context in
            struct Change: Encodable { let from: String?; let to: String; let reason: String; let changedBy: String?; let changedAt: Date }
            let history = try await enterprises.riskHistory(try Self.enterpriseID(context), by: context.caller)
            return try JSONResponse.make(
                history.map {
                    Change(from: $0.from?.rawValue, to: $0.to.rawValue, reason: $0.reason, changedBy: $0.changedBy, changedAt: $0.changedAt)
                })
        }

        api.add(
            APIOperation(
                method: .post, path: "enterprises/{id}/archive", operationID: "archiveEnterprise", summary: "归档企业档案（须说明理由）", tag: "企业",
                access: .permission(.editEnterprises),
                parameters: [idParameter], requestSchema: Schemas.ref("ArchiveRequest"),
                responses: [(204, "已归档", nil), (404, "不存在或不在辖区内", Schemas.ref("Error")), (409, "已归档", Schemas.ref("Error"))],
                errorCodes: ["enterprise.not_found", "enterprise.archived", "enterprise.archive_reason_required"])
        ) { request, context in
            struct Body: Decodable { let reason: String? }
            let id = try Self.enterpriseID(context)
            let body = try await request.decodeJSON(Body.self, context: context)
            try await enterprises.archive(id: id, reason: body.reason ?? "", by: context.caller)
            return Response(status: .noContent)
        }
    }

    func registerInstallations(_ api: APIRoutes) {
        let installations = store.installations
        let idParameter = APIOperation.Parameter(
            name: "id", location: .path, required: true, description: "企业 ID", schema: ["type": "string", "format": "uuid"])
        api.add(
            APIOperation(
                method: .get, path: "enterprises/{id}/installations", operationID: "listHazardInstallations",
                summary: "企业的重大危险源单元及其辨识、分级结果", tag: "企业", access: .permission(.readBusinessData), parameters: [idParameter],
                responses: [
                    (200, "单元列表", ["type": "array", "items": Schemas.ref("HazardInstallation")]), (404, "不存在或不在辖区内", Schemas.ref("Error")),
                ])
        ) { _, context in
            let list = try await installations.list(for: try Self.enterpriseID(context), by: context.caller)
            return try JSONResponse.make(list.map(InstallationDTO.init))
        }
        api.add(
            APIOperation(
                method: .post, path: "enterprises/{id}/installations", operationID: "addHazardInstallation",
                summary: "登记一个生产或储存单元并按 GB 18218-2018 辨识分级", tag: "企业", access: .permission(.editEnterprises), parameters: [idParameter],
                requestSchema: Schemas.ref("HazardInstallationRequest"),
                responses: [
                    (201, "已登记", Schemas.ref("HazardInstallation")), (404, "不存在或不在辖区内", Schemas.ref("Error")),
                    (409, "已归档", Schemas.ref("Error")),
                ],
                errorCodes: [
                    "enterprise.not_found", "enterprise.archived", "installation.unit_kind_invalid", "installation.name_required",
                ] + MajorHazardRule.codes
            )
            .explaining(
                "ST202", "each substance must be named in GB 18218-2018 table 1 (name, alias or CAS number) or be a class of table 2")
        ) { request, context in
            struct Item: Decodable { let name: String?; let cas: String?; let hazardClass: String?; let quantityTonnes: Double }
            // Missing fields read as the form's empty ones: each is refused by its own rule with its code.
            struct Body: Decodable { let name: String?; let unitKind: String?; let exposedPopulation: Int?; let substances: [Item]? }
            let id = try Self.enterpriseID(context)
            let body = try await request.decodeJSON(Body.self, context: context)
            guard let kind = body.unitKind.flatMap(UnitKind.init(rawValue:)) else {
                throw AnlanError.invalid("installation.unit_kind_invalid", "单元类型须为 production 或 storage。", field: "unitKind")
            }
            guard let population = body.exposedPopulation else { throw MajorHazardRule.populationInvalid }
            let holdings = (body.substances ?? []).map {
                HazardInstallation.Holding(substance: $0.name ?? $0.cas, hazardClass: $0.hazardClass, quantityTonnes: $0.quantityTonnes)
            }
            let installation = try await installations.add(
                to: id, name: body.name ?? "", unitKind: kind, exposedPopulation: population, holdings: holdings, by: context.caller)
            return try JSONResponse.make(InstallationDTO(installation), status: .created)
        }
        api.add(
            APIOperation(
                method: .delete, path: "enterprises/{id}/installations/{installationId}", operationID: "removeHazardInstallation",
                summary: "从档案中移除一个单元（留存记录）", tag: "企业", access: .permission(.editEnterprises),
                parameters: [
                    idParameter,
                    .init(
                        name: "installationId", location: .path, required: true, description: "单元 ID",
                        schema: ["type": "string", "format": "uuid"]),
                ],
                responses: [(204, "已移除", nil), (404, "不存在或不在辖区内", Schemas.ref("Error"))],
                errorCodes: ["installation.not_found", "enterprise.not_found"])
        ) { _, context in
            let installationID = try context.uuidParameter(
                "installationId", notFound: AnlanError.notFound("installation.not_found", "危险源单元不存在或不在您的辖区内。"))
            try await installations.remove(installationID, from: try Self.enterpriseID(context), by: context.caller)
            return Response(status: .noContent)
        }
    }

    static func enterpriseID(_ context: some RequestContext) throws -> UUID {
        try context.uuidParameter("id", notFound: EnterpriseErrors.notFound)
    }
}

/// The JSON body that creates or replaces a profile: optional fields default as a form would, and a missing name,
/// division or sector list reads as an empty one, so it is refused by the profile's own rule with its code
/// (`enterprise.name_required` …) as the page's empty field is.
struct EnterpriseProfileRequest: Decodable {
    let name: String?
    let creditCode: String?
    let legalRepresentative: String?
    let principal: String?
    let safetyOfficerName: String?
    let safetyOfficerPhone: String?
    let address: String?
    let divisionCode: String?
    let latitude: Double?
    let longitude: Double?
    let sectors: [String]?
    let employees: Int?
    let aboveScale: Bool?
    let standardizationGrade: StandardizationGrade?
    let standardizationExpiresOn: String?
    let operatingStatus: OperatingStatus?
    let licences: [Licence]?
    /// Only on creation; later changes go through the risk-level operation, which keeps the reason.
    let riskLevel: String?

    /// The initial risk level, if one is given (an unknown one is `enterprise.risk_level_invalid`, as on the page).
    func risk() throws -> RiskLevel? { try EnterpriseErrors.riskLevel(riskLevel) }

    var profile: EnterpriseProfile {
        EnterpriseProfile(
            name: name ?? "", creditCode: creditCode, legalRepresentative: legalRepresentative, principal: principal,
            safetyOfficerName: safetyOfficerName, safetyOfficerPhone: safetyOfficerPhone, address: address,
            divisionCode: divisionCode ?? "", latitude: latitude, longitude: longitude, sectors: sectors ?? [], employees: employees,
            aboveScale: aboveScale ?? false,
            standardizationGrade: standardizationGrade, standardizationExpiresOn: standardizationExpiresOn,
            operatingStatus: operatingStatus ?? .operating, licences: licences ?? [])
    }
}

struct InstallationDTO: Encodable {
    let id: String
    let name: String
    let unitKind: String
    let exposedPopulation: Int
    let substances: [HazardInstallation.Holding]
    let assessment: MajorHazardAssessmentDTO
    let assessedAt: Date

    init(_ i: HazardInstallation) {
        id = i.id.key
        name = i.name
        unitKind = i.unitKind.rawValue
        exposedPopulation = i.exposedPopulation
        substances = i.holdings
        assessment = MajorHazardAssessmentDTO(i.assessment)
        assessedAt = i.assessedAt
    }
}

struct EnterpriseDTO: Encodable, Sendable {
    let id: String
    let name: String
    let creditCode: String?
    let legalRepresentative: String?
    let principal: String?
    let safetyOfficerName: String?
    let safetyOfficerPhone: String?
    let address: String?
    let divisionCode: String
    let latitude: Double?
    let longitude: Double?
    let sectors: [String]
    let employees: Int?
    let aboveScale: Bool
    let standardizationGrade: String?
    let standardizationExpiresOn: String?
    let operatingStatus: String
    let licences: [Licence]
    let riskLevel: String?
    let archived: Bool
    let createdAt: Date
    let updatedAt: Date
    let warnings: [String]?

    init(_ e: Enterprise, warnings: [String]? = nil) {
        let p = e.profile
        id = e.id.key
        name = p.name
        creditCode = p.creditCode
        legalRepresentative = p.legalRepresentative
        principal = p.principal
        safetyOfficerName = p.safetyOfficerName
        safetyOfficerPhone = p.safetyOfficerPhone
        address = p.address
        divisionCode = p.divisionCode
        latitude = p.latitude
        longitude = p.longitude
        sectors = p.sectors
        employees = p.employees
        aboveScale = p.aboveScale
        standardizationGrade = p.standardizationGrade?.rawValue
        standardizationExpiresOn = p.standardizationExpiresOn
        operatingStatus = p.operatingStatus.rawValue
        licences = p.licences
        riskLevel = e.riskLevel?.rawValue
        archived = e.archivedAt != nil
        createdAt = e.createdAt
        updatedAt = e.updatedAt
        self.warnings = warnings
    }
}

extension EnterpriseDTO: JSONWritable {
    /// The members in byte order of their keys (see `JSONWritable`).
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.member("aboveScale", aboveScale)
            json.member("address", address)
            json.member("archived", archived)
            json.member("createdAt", createdAt)
            json.member("creditCode", creditCode)
            json.member("divisionCode", divisionCode)
            json.member("employees", employees)
            json.member("id", id)
            json.member("latitude", latitude)
            json.member("legalRepresentative", legalRepresentative)
            json.member("licences", licences)
            json.member("longitude", longitude)
            json.member("name", name)
            json.member("operatingStatus", operatingStatus)
            json.member("principal", principal)
            json.member("riskLevel", riskLevel)
            json.member("safetyOfficerName", safetyOfficerName)
            json.member("safetyOfficerPhone", safetyOfficerPhone)
            json.member("sectors", sectors)
            json.member("standardizationExpiresOn", standardizationExpiresOn)
            json.member("standardizationGrade", standardizationGrade)
            json.member("updatedAt", updatedAt)
            json.member("warnings", warnings)
        }
    }
}

extension Licence: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.member("expiresOn", expiresOn)
            json.member("kind", kind)
            json.member("number", number)
        }
    }
}
