import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// The list parts of the enterprise file (contacts, target agreements, attachments) and the sector list.
struct EnterpriseRecordsAPI {
    let store: Store

    static let idParameter = APIOperation.Parameter(
        name: "id", location: .path, required: true, description: "企业 ID", schema: ["type": "string", "format": "uuid"])

    func register(_ api: APIRoutes) {
        let records = store.records
        let idParameter = Self.idParameter

        api.add(
            APIOperation(
                method: .get, path: "enterprises/{id}/contact-people", operationID: "listEnterpriseContactPeople", summary: "企业的其他联系人",
                tag: "企业", access: .permission(.readBusinessData), parameters: [idParameter],
                responses: [
                    (200, "联系人", ["type": "array", "items": Schemas.ref("ContactPerson")]), (404, "不存在或不在辖区内", Schemas.ref("Error")),
                ])
        ) { _, context in
            return try JSONResponse.make(
                try await records.contacts(of: try EnterprisesAPI.enterpriseID(context), by: context.caller).map(ContactDTO.init))
        }

        api.add(
            APIOperation(
                method: .post, path: "enterprises/{id}/contact-people", operationID: "addEnterpriseContactPerson",
                summary: "添加联系人（企业安全管理员可为本企业添加）", tag: "企业", access: .permission(.readBusinessData), parameters: [idParameter],
                requestSchema: Schemas.ref("ContactPersonRequest"),
                responses: [
                    (201, "已添加", Schemas.ref("ContactPerson")), (404, "不存在或不在辖区内", Schemas.ref("Error")),
                    (409, "已归档", Schemas.ref("Error")),
                ],
                errorCodes: EnterpriseErrors.contactCodes)
        ) { request, context in
            // A missing name reads as an empty one: refused by the contact's own rule, as the page's empty field is.
            struct Body: Decodable { let name: String?; let title: String?; let phone: String?; let note: String? }
            let id = try EnterprisesAPI.enterpriseID(context)
            let body = try await request.decodeJSON(Body.self, context: context)
            let contact = try await records.addContact(
                to: id,
                EnterpriseContact(
                    id: store.environment.newID(), name: body.name ?? "", title: body.title, phone: body.phone, note: body.note),
                by: context.caller)
            return try JSONResponse.make(ContactDTO(contact), status: .created)
        }

        api.add(
            APIOperation(
                method: .delete, path: "enterprises/{id}/contact-people/{contactId}", operationID: "removeEnterpriseContactPerson",
                summary: "移除联系人",
                tag: "企业", access: .permission(.readBusinessData),
                parameters: [
                    idParameter,
                    .init(
                        name: "contactId", location: .path, required: true, description: "联系人 ID",
                        schema: ["type": "string", "format": "uuid"]),
                ],
                responses: [(204, "已移除", nil), (404, "不存在或不在辖区内", Schemas.ref("Error")), (409, "已归档", Schemas.ref("Error"))],
                errorCodes: ["enterprise.not_found", "contact.not_found", "enterprise.archived"])
        ) { _, context in
            let id = try EnterprisesAPI.enterpriseID(context)
            let contactID = try context.uuidParameter("contactId", notFound: AnlanError.contactNotFound)
            try await records.removeContact(contactID, from: id, by: context.caller)
            return Response(status: .noContent)
        }

        api.add(
            APIOperation(
                method: .get, path: "enterprises/{id}/target-agreements", operationID: "listTargetAgreements", summary: "企业历年的安全生产目标责任书",
                tag: "企业", access: .permission(.readBusinessData), parameters: [idParameter],
                responses: [
                    (200, "责任书", ["type": "array", "items": Schemas.ref("TargetAgreement")]), (404, "不存在或不在辖区内", Schemas.ref("Error")),
                ])
        ) { _, context in
            return try JSONResponse.make(
                try await records.agreements(of: try EnterprisesAPI.enterpriseID(context), by: context.caller).map(AgreementDTO.init))
        }

        api.add(
            APIOperation(
                method: .post, path: "enterprises/{id}/target-agreements", operationID: "addTargetAgreement", summary: "登记年度目标责任书（每年一份）",
                tag: "企业", access: .permission(.editEnterprises), parameters: [idParameter],
                requestSchema: Schemas.ref("TargetAgreementRequest"),
                responses: [
                    (201, "已登记", Schemas.ref("TargetAgreement")), (404, "不存在或不在辖区内", Schemas.ref("Error")),
                    (409, "该年度已登记或已归档", Schemas.ref("Error")),
                ],
                errorCodes: EnterpriseErrors.agreementCodes)
        ) { request, context in
            // Missing fields read as empty (year 0): each is refused by the agreement's own rule with its code.
            struct Body: Decodable {
                let year: Int?; let signedOn: String?; let bureauSignatory: String?; let enterpriseSignatory: String?; let targets: String?
            }
            let id = try EnterprisesAPI.enterpriseID(context)
            let body = try await request.decodeJSON(Body.self, context: context)
            let agreement = try await records.addAgreement(
                to: id,
                TargetAgreement(
                    id: store.environment.newID(), year: body.year ?? 0, signedOn: body.signedOn ?? "",
                    bureauSignatory: body.bureauSignatory ?? "", enterpriseSignatory: body.enterpriseSignatory ?? "",
                    targets: body.targets ?? ""), by: context.caller)
            return try JSONResponse.make(AgreementDTO(agreement), status: .created)
        }

        api.add(
            APIOperation(
                method: .get, path: "enterprises/{id}/attachments", operationID: "listEnterpriseAttachments",
                summary: "企业档案的附件（下载：GET /attachments/{id}）", tag: "企业", access: .permission(.readBusinessData), parameters: [idParameter],
                responses: [(200, "附件", ["type": "array", "items": Schemas.ref("Attachment")]), (404, "不存在或不在辖区内", Schemas.ref("Error"))])
        ) { _, context in
            let id = try EnterprisesAPI.enterpriseID(context)
            _ = try await store.enterprises.get(id, by: context.caller)
            let list = try await records.attachments(ownerType: "enterprise", ownerID: id.key, by: context.caller)
            return try JSONResponse.make(list.map(AttachmentDTO.init))
        }

        api.add(
            APIOperation(
                method: .post, path: "enterprises/{id}/attachments", operationID: "addEnterpriseAttachment",
                summary: "上传附件到企业档案：JPEG/PNG 照片、PDF、DOCX、XLSX，至多 20 MB（按内容识别类型）", tag: "企业", access: .permission(.readBusinessData),
                parameters: [
                    idParameter,
                    .init(
                        name: "fileName", location: .query, required: true, description: "原文件名",
                        schema: ["type": "string", "minLength": 1, "maxLength": 200]),
                ],
                requestSchema: ["type": "string", "format": "binary"], requestContentType: "application/octet-stream",
                responses: [
                    (201, "已上传", Schemas.ref("Attachment")), (404, "不存在或不在辖区内", Schemas.ref("Error")), (409, "已归档", Schemas.ref("Error")),
                ],
                errorCodes: [
                    "attachment.file_name_required", "attachment.empty", "attachment.too_large", "attachment.type_not_allowed",
                    "enterprise.not_found", "enterprise.archived",
                ]
            )
            .explaining("ST202", "the file must be a JPEG or PNG photo, a PDF scan or a DOCX/XLSX document, recognised by its content")
        ) { request, context in
            let id = try EnterprisesAPI.enterpriseID(context)
            let name = try Query(request).string("fileName") ?? ""
            guard !name.isEmpty else { throw AnlanError.invalid("attachment.file_name_required", "请提供文件名。", field: "fileName") }
            let data = try await Self.upload(request)
            let attachment = try await records.attach(data, fileName: name, to: id, by: context.caller)
            return try JSONResponse.make(AttachmentDTO(attachment), status: .created)
        }

        api.add(
            APIOperation(
                method: .post, path: "attachments/{attachmentId}/removal", operationID: "removeAttachment",
                summary: "移除附件（须说明理由；文件与记录留存备查）",
                tag: "企业", access: .permission(.readBusinessData),
                parameters: [
                    .init(
                        name: "attachmentId", location: .path, required: true, description: "附件 ID",
                        schema: ["type": "string", "format": "uuid"])
                ],
                requestSchema: ["type": "object", "required": ["reason"], "properties": ["reason": Schemas.text(min: 2, max: 200)]],
                responses: [(204, "已移除", nil), (404, "不存在或不在辖区内", Schemas.ref("Error")), (409, "已归档", Schemas.ref("Error"))],
                errorCodes: ["attachment.not_found", "attachment.reason_required", "enterprise.archived"])
        ) { request, context in
            struct Body: Decodable { let reason: String? }
            let id = try context.uuidParameter("attachmentId", notFound: AnlanError.attachmentNotFound)
            let body = try await request.decodeJSON(Body.self, context: context)
            try await records.removeAttachment(id, reason: body.reason ?? "", by: context.caller)
            return Response(status: .noContent)
        }

        api.add(
            APIOperation(
                method: .get, path: "sectors", operationID: "listSectors", summary: "本局的行业领域清单（企业档案可选的行业）", tag: "企业",
                access: .permission(.readBusinessData),
                responses: [(200, "行业清单", Schemas.ref("Sectors"))])
        ) { _, context in
            return try JSONResponse.make(SectorsDTO(sectors: try await store.enterprises.sectors()))
        }

        api.add(
            APIOperation(
                method: .put, path: "sectors", operationID: "replaceSectors", summary: "修改行业清单（在册企业仍在使用的行业不能删除）", tag: "企业",
                access: .permission(.configureCatalogs),
                requestSchema: Schemas.ref("Sectors"),
                responses: [(200, "新的行业清单", Schemas.ref("Sectors")), (409, "要删除的行业仍在使用", Schemas.ref("Error"))],
                errorCodes: ["settings.sector_invalid", "settings.sectors_count", "settings.sector_in_use"])
        ) { request, context in
            struct Body: Decodable { let sectors: [String]? }
            let body = try await request.decodeJSON(Body.self, context: context)
            try await store.write(by: context.caller) { tx in try await store.settings.setSectors(body.sectors ?? [], in: tx) }
            return try JSONResponse.make(SectorsDTO(sectors: try await store.enterprises.sectors()))
        }
    }

    /// Reads an uploaded file's bytes, refusing more than the attachment limit before reading it all.
    static func upload(_ request: Request) async throws -> Data {
        do { return Data(buffer: try await request.body.collect(upTo: Attachment.maximumSize)) } catch {
            throw AnlanError(.tooLarge, code: "attachment.too_large", message: "附件不能超过 20 MB。")
        }
    }
}

struct SectorsDTO: Codable { let sectors: [String] }

struct ContactDTO: Encodable {
    let id: String, name: String, title: String?, phone: String?, note: String?
    init(_ c: EnterpriseContact) {
        id = c.id.key
        name = c.name
        title = c.title
        phone = c.phone
        note = c.note
    }
}

struct AgreementDTO: Encodable {
    let id: String, year: Int, signedOn: String, bureauSignatory: String, enterpriseSignatory: String, targets: String
    init(_ a: TargetAgreement) {
        id = a.id.key
        year = a.year
        signedOn = a.signedOn
        bureauSignatory = a.bureauSignatory
        enterpriseSignatory = a.enterpriseSignatory
        targets = a.targets
    }
}

struct AttachmentDTO: Encodable {
    let id: String, fileName: String, contentType: String, size: Int, sha256: String, createdBy: String?, createdAt: Date, url: String
    init(_ a: Attachment) {
        id = a.id.key
        fileName = a.fileName
        contentType = a.contentType
        size = a.size
        sha256 = a.sha256
        createdBy = a.createdBy
        createdAt = a.createdAt
        url = "/attachments/\(id)"
    }
}
