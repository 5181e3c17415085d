import AnlanCore
import Foundation
import SQLKit

/// The parts of the enterprise file kept as lists: further contacts, yearly target agreements and
/// attachments. Scoped like the enterprise they belong to; an enterprise officer keeps the contacts and
/// attachments of their own enterprise, the bureau's staff everything.
public struct EnterpriseRecordsRepository: Sendable {
    let database: Database
    let environment: AnlanCore.Environment
    let audit: AuditLog
    let enterprises: EnterpriseRepository
    let files: FileStore
    let contacts = ScopedTable(name: "enterprise_contacts", divisionColumn: "division_code", enterpriseColumn: "enterprise_id")
    let agreements = ScopedTable(name: "target_agreements", divisionColumn: "division_code", enterpriseColumn: "enterprise_id")
    let attachments = ScopedTable(name: "attachments", divisionColumn: "division_code", enterpriseColumn: "enterprise_id")

    func write<T: Sendable>(by caller: Caller, _ body: @Sendable (Transaction) async throws -> T) async throws -> T {
        try await database.write(by: caller, at: environment.now(), audit: audit, body)
    }

    /// The enterprise, if the caller may change its contact records: staff, or its own officer.
    private func editableByOwner(_ id: UUID, by caller: Caller) async throws -> Enterprise {
        let enterprise = try await enterprises.get(id, by: caller)
        guard caller.role?.can(.editEnterprises) == true || (caller.role == .enterpriseOfficer && caller.enterpriseID == id) else {
            throw AnlanError.forbidden
        }
        guard enterprise.archivedAt == nil else {
            throw EnterpriseErrors.archived
        }
        return enterprise
    }

    // MARK: - Contacts

    public func addContact(to enterpriseID: UUID, _ contact: EnterpriseContact, by caller: Caller) async throws -> EnterpriseContact {
        let contact = try contact.validated()
        let enterprise = try await editableByOwner(enterpriseID, by: caller)
        try await write(by: caller) { tx in
            try await tx.sql.insert(into: "enterprise_contacts")
                .columns("id", "enterprise_id", "division_code", "name", "title", "phone", "note", "created_at", "removed_at")
                .values(
                    SQLBind.id(contact.id), SQLBind.id(enterpriseID),
                    SQLBind(enterprise.profile.divisionCode), SQLBind(contact.name), SQLBind(contact.title), SQLBind(contact.phone),
                    SQLBind(contact.note), SQLBind(Timestamp.string(tx.now)), SQLBind(String?.none)
                ).run()
            try await tx.record(
                AuditEvent(
                    action: "enterprise.contact_add", targetType: "enterprise", targetID: enterpriseID.key,
                    after: auditJSON(contact)))
        }
        return contact
    }

    public func removeContact(_ id: UUID, from enterpriseID: UUID, by caller: Caller) async throws {
        _ = try await editableByOwner(enterpriseID, by: caller)
        try await write(by: caller) { tx in
            let key = id.key
            guard
                let row = try await contacts.select(tx.sql, for: caller).column("*").where("id", .equal, SQLBind(key))
                    .where("enterprise_id", .equal, SQLBind.id(enterpriseID)).where("removed_at", .is, SQLLiteral.null)
                    .first()
            else { throw AnlanError.contactNotFound }
            try await contacts.update(tx.sql, for: caller).set("removed_at", to: SQLBind(Timestamp.string(tx.now))).where(
                "id", .equal, SQLBind(key)
            ).run()
            try await tx.record(
                AuditEvent(
                    action: "enterprise.contact_remove", targetType: "enterprise", targetID: enterpriseID.key,
                    before: auditJSON(try Self.contact(row))))
        }
    }

    public func contacts(of enterpriseID: UUID, by caller: Caller) async throws -> [EnterpriseContact] {
        _ = try await enterprises.get(enterpriseID, by: caller)
        return try await contacts.select(database.reader, for: caller).column("*")
            .where("enterprise_id", .equal, SQLBind.id(enterpriseID)).where("removed_at", .is, SQLLiteral.null)
            .orderBy("created_at").orderBy("id").all().map(Self.contact)
    }

    static func contact(_ row: any SQLRow) throws -> EnterpriseContact {
        EnterpriseContact(
            id: try row.decodeID("id"),
            name: try row.decode(column: "name", as: String.self),
            title: try row.decode(column: "title", as: String?.self), phone: try row.decode(column: "phone", as: String?.self),
            note: try row.decode(column: "note", as: String?.self))
    }

    // MARK: - Target agreements

    /// Records the year's agreement; one per enterprise and year (`agreement.year_exists`).
    public func addAgreement(to enterpriseID: UUID, _ agreement: TargetAgreement, by caller: Caller) async throws -> TargetAgreement {
        try caller.require(.editEnterprises)
        let agreement = try agreement.validated()
        let enterprise = try await enterprises.get(enterpriseID, by: caller)
        guard enterprise.archivedAt == nil else {
            throw EnterpriseErrors.archived
        }
        try await write(by: caller) { tx in
            let exists = try await agreements.select(tx.sql, for: caller).column("id")
                .where("enterprise_id", .equal, SQLBind.id(enterpriseID)).where(
                    "year", .equal, SQLBind(agreement.year)
                ).first()
            guard exists == nil else {
                throw EnterpriseErrors.agreementYearExists(agreement.year)
            }
            try await tx.sql.insert(into: "target_agreements")
                .columns(
                    "id", "enterprise_id", "division_code", "year", "signed_on", "bureau_signatory", "enterprise_signatory", "targets",
                    "created_by",
                    "created_at"
                )
                .values(
                    SQLBind.id(agreement.id), SQLBind.id(enterpriseID),
                    SQLBind(enterprise.profile.divisionCode), SQLBind(agreement.year), SQLBind(agreement.signedOn),
                    SQLBind(agreement.bureauSignatory), SQLBind(agreement.enterpriseSignatory), SQLBind(agreement.targets),
                    SQLBind(caller.username), SQLBind(Timestamp.string(tx.now))
                ).run()
            try await tx.record(
                AuditEvent(
                    action: "enterprise.agreement_add", targetType: "enterprise", targetID: enterpriseID.key,
                    after: auditJSON(agreement)))
        }
        return agreement
    }

    public func agreements(of enterpriseID: UUID, by caller: Caller) async throws -> [TargetAgreement] {
        _ = try await enterprises.get(enterpriseID, by: caller)
        return try await agreements.select(database.reader, for: caller).column("*")
            .where("enterprise_id", .equal, SQLBind.id(enterpriseID)).orderBy("year", .descending).all()
            .map { row in
                TargetAgreement(
                    id: try row.decodeID("id"),
                    year: try row.decode(column: "year", as: Int.self),
                    signedOn: try row.decode(column: "signed_on", as: String.self),
                    bureauSignatory: try row.decode(column: "bureau_signatory", as: String.self),
                    enterpriseSignatory: try row.decode(column: "enterprise_signatory", as: String.self),
                    targets: try row.decode(column: "targets", as: String.self))
            }
    }

    // MARK: - Attachments

    /// Stores a file and attaches it to an enterprise's file (owner "enterprise") or to one of its
    /// records. The type is told from the bytes: photos, PDF, DOCX, XLSX; anything else is refused.
    public func attach(
        _ data: Data, fileName: String, to enterpriseID: UUID, ownerType: String = "enterprise", ownerID: String? = nil, by caller: Caller
    ) async throws -> Attachment {
        let enterprise = try await editableByOwner(enterpriseID, by: caller)
        let (name, type) = try Self.checkedFile(data, fileName: fileName)
        let digest = try files.put(data)
        let attachment = Attachment(
            id: environment.newID(), sha256: digest, fileName: name, contentType: type.contentType, size: data.count, ownerType: ownerType,
            ownerID: ownerID ?? enterpriseID.key, enterpriseID: enterpriseID, createdBy: caller.username,
            createdAt: environment.now())
        try await write(by: caller) { tx in
            try await tx.sql.insert(into: "attachments")
                .columns(
                    "id", "sha256", "file_name", "content_type", "size", "division_code", "enterprise_id", "owner_type", "owner_id",
                    "created_by",
                    "created_at", "removed_at", "removal_reason"
                )
                .values(
                    SQLBind.id(attachment.id), SQLBind(digest), SQLBind(name), SQLBind(type.contentType),
                    SQLBind(data.count),
                    SQLBind(enterprise.profile.divisionCode), SQLBind.id(enterpriseID), SQLBind(ownerType),
                    SQLBind(attachment.ownerID), SQLBind(caller.username), SQLBind(Timestamp.string(tx.now)), SQLBind(String?.none),
                    SQLBind(String?.none)
                ).run()
            try await tx.record(
                AuditEvent(
                    action: "attachment.add", targetType: ownerType, targetID: attachment.ownerID,
                    after: auditJSON([
                        "id": attachment.id.key, "fileName": name, "sha256": digest, "size": String(data.count),
                    ])))
        }
        return attachment
    }

    /// Evidence on a hazard: filed with its enterprise (the enterprise's own officer or the bureau), or, for a site's
    /// hazard, with the site's division by those who keep the sites. Who may add evidence at all is the caller's
    /// `HazardActor.mayAddEvidence`.
    public func attachEvidence(_ data: Data, fileName: String, to hazard: Hazard, by caller: Caller) async throws -> Attachment {
        if let enterpriseID = hazard.enterpriseID {
            return try await attach(data, fileName: fileName, to: enterpriseID, ownerType: "hazard", ownerID: hazard.id.key, by: caller)
        }
        try caller.require(.manageResources)
        try attachments.requireWritable(try DivisionCode(hazard.divisionCode), by: caller)
        let (name, type) = try Self.checkedFile(data, fileName: fileName)
        let digest = try files.put(data)
        let attachment = Attachment(
            id: environment.newID(), sha256: digest, fileName: name, contentType: type.contentType, size: data.count, ownerType: "hazard",
            ownerID: hazard.id.key, enterpriseID: nil, createdBy: caller.username, createdAt: environment.now())
        try await write(by: caller) { tx in
            try await tx.sql.insert(into: "attachments")
                .columns(
                    "id", "sha256", "file_name", "content_type", "size", "division_code", "enterprise_id", "owner_type", "owner_id",
                    "created_by", "created_at"
                )
                .values(
                    SQLBind.id(attachment.id), SQLBind(digest), SQLBind(name), SQLBind(type.contentType), SQLBind(data.count),
                    SQLBind(hazard.divisionCode), SQLBind(String?.none), SQLBind("hazard"), SQLBind(hazard.id.key),
                    SQLBind(caller.username),
                    SQLBind(Timestamp.string(tx.now))
                ).run()
            try await tx.record(
                AuditEvent(
                    action: "attachment.add", targetType: "hazard", targetID: hazard.id.key,
                    after: auditJSON(["id": attachment.id.key, "fileName": name, "sha256": digest, "size": String(data.count)])))
        }
        return attachment
    }

    /// Attachments of a record, newest first.
    public func attachments(ownerType: String, ownerID: String, by caller: Caller) async throws -> [Attachment] {
        try caller.require(.readBusinessData)
        return try await attachments.select(database.reader, for: caller).column("*").where("owner_type", .equal, SQLBind(ownerType))
            .where("owner_id", .equal, SQLBind(ownerID)).where("removed_at", .is, SQLLiteral.null).orderBy("created_at", .descending).all()
            .map(Self.attachment)
    }

    /// One attachment and its bytes, if the caller may see it.
    public func download(_ id: UUID, by caller: Caller) async throws -> (Attachment, Data) {
        try caller.require(.readBusinessData)
        guard
            let row = try await attachments.select(database.reader, for: caller).column("*").where(
                "id", .equal, SQLBind.id(id)
            )
            .where("removed_at", .is, SQLLiteral.null).first()
        else { throw AnlanError.attachmentNotFound }
        let attachment = try Self.attachment(row)
        return (attachment, try files.get(attachment.sha256))
    }

    /// Takes an attachment off its record, with a reason; the row and the file stay for the audit trail.
    public func removeAttachment(_ id: UUID, reason: String, by caller: Caller) async throws {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...200).contains(reason.codePoints) else {
            throw AnlanError.invalid("attachment.reason_required", "请填写移除附件的理由（2–200 字）。", field: "reason")
        }
        let key = id.key
        guard
            let row = try await attachments.select(database.reader, for: caller).column("*").where("id", .equal, SQLBind(key))
                .where("removed_at", .is, SQLLiteral.null).first()
        else { throw AnlanError.attachmentNotFound }
        let attachment = try Self.attachment(row)
        guard let enterpriseID = attachment.enterpriseID else { throw AnlanError.forbidden }
        _ = try await editableByOwner(enterpriseID, by: caller)
        try await write(by: caller) { tx in
            try await attachments.update(tx.sql, for: caller).set("removed_at", to: SQLBind(Timestamp.string(tx.now)))
                .set("removal_reason", to: SQLBind(reason)).where("id", .equal, SQLBind(key)).run()
            try await tx.record(
                AuditEvent(
                    action: "attachment.remove", targetType: attachment.ownerType, targetID: attachment.ownerID,
                    before: auditJSON(["id": key, "fileName": attachment.fileName, "sha256": attachment.sha256]),
                    after: auditJSON(["reason": reason])))
        }
    }

    static func attachment(_ row: any SQLRow) throws -> Attachment {
        Attachment(
            id: try row.decodeID("id"),
            sha256: try row.decode(column: "sha256", as: String.self),
            fileName: try row.decode(column: "file_name", as: String.self),
            contentType: try row.decode(column: "content_type", as: String.self),
            size: try row.decode(column: "size", as: Int.self), ownerType: try row.decode(column: "owner_type", as: String.self),
            ownerID: try row.decode(column: "owner_id", as: String.self),
            enterpriseID: try row.decodeOptionalID("enterprise_id"),
            createdBy: try row.decode(column: "created_by", as: String?.self),
            createdAt: Timestamp.date(try row.decode(column: "created_at", as: String.self)) ?? Date(timeIntervalSince1970: 0))
    }

    /// An upload's kept name and its type by content: not empty, at most 20 MB, a photo, a PDF or a DOCX/XLSX document.
    static func checkedFile(_ data: Data, fileName: String) throws -> (name: String, type: FileType) {
        let name = cleanFileName(fileName)
        guard !data.isEmpty else { throw AnlanError.invalid("attachment.empty", "文件是空的。", field: "file") }
        guard data.count <= Attachment.maximumSize else {
            throw AnlanError(.tooLarge, code: "attachment.too_large", message: "附件不能超过 20 MB。")
        }
        guard let type = FileType.detect(data, fileName: name) else {
            throw AnlanError(
                .unprocessable, code: "attachment.type_not_allowed", message: "只接受 JPEG/PNG 照片、PDF 扫描件和 DOCX/XLSX 文档。")
        }
        return (name, type)
    }

    /// The last path component, without control characters, at most 120 characters.
    static func cleanFileName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) && $0 != "\"" }.map(Character.init))
            .trimmingCharacters(in: .whitespaces)
        return clean.isEmpty ? "file" : String(clean.suffix(120))
    }
}
