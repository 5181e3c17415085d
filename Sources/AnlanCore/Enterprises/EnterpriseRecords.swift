import Foundation

/// A further contact person of an enterprise (duty phone, emergency contact, deputy …).
public struct EnterpriseContact: Sendable, Hashable, Codable {
    public let id: UUID
    public var name: String
    public var title: String?
    public var phone: String?
    public var note: String?

    public init(id: UUID, name: String, title: String?, phone: String?, note: String?) {
        self.id = id
        self.name = name
        self.title = title
        self.phone = phone
        self.note = note
    }

    /// Trims and checks the fields; a phone is digits with optional +, - and spaces.
    public func validated() throws -> EnterpriseContact {
        func clean(_ s: String?) -> String? {
            let t = s?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return t.isEmpty ? nil : t
        }
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...50).contains(name.codePoints) else {
            throw EnterpriseErrors.contactNameRequired
        }
        let title = clean(title), phone = clean(phone), note = clean(note)
        if let title, title.count > 50 { throw EnterpriseErrors.contactTitleTooLong }
        if let phone, !(5...20).contains(phone.codePoints) || !phone.allSatisfy({ $0.isASCII && ($0.isNumber || "+- ".contains($0)) }) {
            throw EnterpriseErrors.contactPhoneInvalid
        }
        if let note, note.count > 200 { throw EnterpriseErrors.contactNoteTooLong }
        return EnterpriseContact(id: id, name: name, title: title, phone: phone, note: note)
    }
}

/// 安全生产目标责任书: the yearly agreement between the bureau (or township) and an enterprise.
public struct TargetAgreement: Sendable, Hashable, Codable {
    public let id: UUID
    public var year: Int
    /// yyyy-MM-dd.
    public var signedOn: String
    public var bureauSignatory: String
    public var enterpriseSignatory: String
    /// The targets, one per line (e.g. 杜绝较大以上事故; 隐患整改率 100%).
    public var targets: String

    public init(id: UUID, year: Int, signedOn: String, bureauSignatory: String, enterpriseSignatory: String, targets: String) {
        self.id = id
        self.year = year
        self.signedOn = signedOn
        self.bureauSignatory = bureauSignatory
        self.enterpriseSignatory = enterpriseSignatory
        self.targets = targets
    }

    public func validated() throws -> TargetAgreement {
        guard EnterpriseErrors.agreementYears.contains(year) else { throw EnterpriseErrors.agreementYearInvalid }
        guard Timestamp.isDay(signedOn) else {
            throw EnterpriseErrors.agreementSignedOnInvalid
        }
        let bureau = bureauSignatory.trimmingCharacters(in: .whitespacesAndNewlines)
        let enterprise = enterpriseSignatory.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...50).contains(bureau.codePoints), (1...50).contains(enterprise.codePoints) else {
            throw EnterpriseErrors.agreementSignatoryRequired
        }
        let targets = targets.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...2000).contains(targets.codePoints) else {
            throw EnterpriseErrors.agreementTargetsRequired
        }
        return TargetAgreement(
            id: id, year: year, signedOn: signedOn, bureauSignatory: bureau, enterpriseSignatory: enterprise, targets: targets)
    }
}

/// A file attached to a record, stored once by its SHA-256.
public struct Attachment: Sendable, Hashable, Codable {
    public let id: UUID
    public let sha256: String
    public let fileName: String
    public let contentType: String
    public let size: Int
    public let ownerType: String
    public let ownerID: String
    public let enterpriseID: UUID?
    public let createdBy: String?
    public let createdAt: Date

    public init(
        id: UUID, sha256: String, fileName: String, contentType: String, size: Int, ownerType: String, ownerID: String, enterpriseID: UUID?,
        createdBy: String?, createdAt: Date
    ) {
        self.id = id
        self.sha256 = sha256
        self.fileName = fileName
        self.contentType = contentType
        self.size = size
        self.ownerType = ownerType
        self.ownerID = ownerID
        self.enterpriseID = enterpriseID
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    /// Largest file accepted.
    public static let maximumSize = 20 * 1024 * 1024
}
