import Foundation

/// 安全风险等级 红/橙/黄/蓝.
public enum RiskLevel: String, Sendable, Codable, CaseIterable {
    case major, high, moderate, low
}

/// 在营 / 停产 / 关闭.
public enum OperatingStatus: String, Sendable, Codable, CaseIterable {
    case operating, suspended, closed
}

/// 安全生产标准化 一级 / 二级 / 三级.
public enum StandardizationGrade: String, Sendable, Codable, CaseIterable {
    case level1, level2, level3
}

/// The sectors an enterprise can belong to. The default list is the issue's; a bureau may extend it.
public enum SectorCatalog {
    public static let defaults = [
        "危险化学品", "烟花爆竹", "冶金", "有色", "建材", "机械", "轻工", "纺织", "烟草", "商贸", "建筑施工", "道路运输", "消防重点单位",
        "油气长输管道", "特种设备使用单位", "非煤矿山", "人员密集场所",
    ]

    /// A bureau's list: 1–100 distinct names of 1–20 characters, without separators (、,;/) that imports split on.
    public static func validated(_ sectors: [String]) throws -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for raw in sectors {
            let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if name.isEmpty { continue }
            guard name.count <= 20, !name.contains(where: { "、,，;；/ \t".contains($0) }) else {
                throw AnlanError.invalid("settings.sector_invalid", "行业名称“\(name)”须为 1–20 个字且不含分隔符（、,;/ 空格）。", field: "sectors")
            }
            if seen.insert(name).inserted { result.append(name) }
        }
        guard (1...100).contains(result.count) else {
            throw AnlanError.invalid("settings.sectors_count", "行业清单须有 1–100 项。", field: "sectors")
        }
        return result
    }
}

/// A licence an enterprise holds (安全生产许可证, 危险化学品经营许可证 …).
public struct Licence: Sendable, Hashable, Codable {
    public var kind: String
    public var number: String
    /// The last day it is valid, yyyy-MM-dd.
    public var expiresOn: String

    public init(kind: String, number: String, expiresOn: String) {
        self.kind = kind
        self.number = number
        self.expiresOn = expiresOn
    }
}

/// The editable facts of an enterprise file, validated by `validated(sectors:)`.
public struct EnterpriseProfile: Sendable, Hashable, Codable {
    public var name: String
    public var creditCode: String?
    public var legalRepresentative: String?
    public var principal: String?
    public var safetyOfficerName: String?
    public var safetyOfficerPhone: String?
    public var address: String?
    public var divisionCode: String
    public var latitude: Double?
    public var longitude: Double?
    public var sectors: [String]
    public var employees: Int?
    /// 规模以上: above the statistical size threshold.
    public var aboveScale: Bool
    public var standardizationGrade: StandardizationGrade?
    public var standardizationExpiresOn: String?
    public var operatingStatus: OperatingStatus
    public var licences: [Licence]

    public init(
        name: String, creditCode: String? = nil, legalRepresentative: String? = nil, principal: String? = nil,
        safetyOfficerName: String? = nil, safetyOfficerPhone: String? = nil, address: String? = nil, divisionCode: String,
        latitude: Double? = nil, longitude: Double? = nil, sectors: [String], employees: Int? = nil, aboveScale: Bool = false,
        standardizationGrade: StandardizationGrade? = nil, standardizationExpiresOn: String? = nil,
        operatingStatus: OperatingStatus = .operating, licences: [Licence] = []
    ) {
        self.name = name
        self.creditCode = creditCode
        self.legalRepresentative = legalRepresentative
        self.principal = principal
        self.safetyOfficerName = safetyOfficerName
        self.safetyOfficerPhone = safetyOfficerPhone
        self.address = address
        self.divisionCode = divisionCode
        self.latitude = latitude
        self.longitude = longitude
        self.sectors = sectors
        self.employees = employees
        self.aboveScale = aboveScale
        self.standardizationGrade = standardizationGrade
        self.standardizationExpiresOn = standardizationExpiresOn
        self.operatingStatus = operatingStatus
        self.licences = licences
    }

    /// Trims, normalizes the credit code and checks every field; the first problem is thrown with its field.
    /// Returns the profile as it should be stored, and any warnings (the GB 11714 check) to show.
    public func validated(sectors allowed: [String]) throws -> (profile: EnterpriseProfile, warnings: [String]) {
        var p = self
        func text(_ value: String?, _ field: String, _ label: String, max: Int) throws -> String? {
            guard let value = value?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
            guard value.count <= max, !value.unicodeScalars.contains(where: { $0.value < 32 }) else {
                throw EnterpriseErrors.fieldInvalid(label, max: max, field: field)
            }
            return value
        }
        guard let name = try text(name, "name", "企业名称", max: 100) else {
            throw EnterpriseErrors.nameRequired
        }
        p.name = name
        var warnings: [String] = []
        if let code = try text(creditCode, "creditCode", "统一社会信用代码", max: 40) {
            let check = CreditCode.check(code)
            if let error = check.error { throw error }
            p.creditCode = check.normalized
            warnings += check.warnings
        } else {
            p.creditCode = nil
        }
        p.legalRepresentative = try text(legalRepresentative, "legalRepresentative", "法定代表人", max: 40)
        p.principal = try text(principal, "principal", "主要负责人", max: 40)
        p.safetyOfficerName = try text(safetyOfficerName, "safetyOfficerName", "安全管理员", max: 40)
        p.safetyOfficerPhone = try text(safetyOfficerPhone, "safetyOfficerPhone", "联系电话", max: 30)
        if let phone = p.safetyOfficerPhone, !phone.allSatisfy({ ("0"..."9").contains($0) || "-+ ()".contains($0) }) {
            throw EnterpriseErrors.phoneInvalid(field: "safetyOfficerPhone")
        }
        p.address = try text(address, "address", "地址", max: 200)
        let code = try DivisionCode(divisionCode)
        guard code.level == .village else {
            throw EnterpriseErrors.divisionNotVillage
        }
        p.divisionCode = code.rawValue
        switch (latitude, longitude) {
        case (nil, nil): break
        case (let lat?, let lon?):
            guard GeoPoint(latitude: lat, longitude: lon).isValid, lat.isFinite, lon.isFinite else {
                throw EnterpriseErrors.coordinatesInvalid
            }
        default:
            throw EnterpriseErrors.coordinatesIncomplete
        }
        let sectorList = Array(Set(sectors.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })).sorted()
        guard !sectorList.isEmpty else {
            throw EnterpriseErrors.sectorRequired
        }
        if let unknown = sectorList.first(where: { !allowed.contains($0) }) {
            throw EnterpriseErrors.sectorUnknown(unknown)
        }
        p.sectors = sectorList
        if let employees, !EnterpriseErrors.employeesRange.contains(employees) {
            throw EnterpriseErrors.employeesInvalid
        }
        p.standardizationExpiresOn = try standardizationExpiresOn.map { try Self.day($0, field: "standardizationExpiresOn") }
        guard licences.count <= EnterpriseErrors.licencesLimit else {
            throw EnterpriseErrors.licencesInvalid
        }
        p.licences = try licences.enumerated().map { index, licence in
            guard let kind = try text(licence.kind, "licences[\(index)].kind", "许可证种类", max: 60),
                let number = try text(licence.number, "licences[\(index)].number", "许可证编号", max: 60)
            else { throw EnterpriseErrors.licenceIncomplete(index) }
            return Licence(kind: kind, number: number, expiresOn: try Self.day(licence.expiresOn, field: "licences[\(index)].expiresOn"))
        }
        return (p, warnings)
    }

    /// A calendar day as yyyy-MM-dd, checked to exist.
    static func day(_ text: String, field: String) throws -> String {
        guard Timestamp.isDay(text) else {
            throw EnterpriseErrors.dateInvalid(text, field: field)
        }
        return text
    }
}

/// An enterprise file as stored: the profile plus what the bureau records about it.
public struct Enterprise: Sendable, Hashable {
    public let id: UUID
    public var profile: EnterpriseProfile
    public var riskLevel: RiskLevel?
    public var archivedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, profile: EnterpriseProfile, riskLevel: RiskLevel?, archivedAt: Date?, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.profile = profile
        self.riskLevel = riskLevel
        self.archivedAt = archivedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One change of risk level: who, when, why.
public struct RiskLevelChange: Sendable, Hashable {
    public let from: RiskLevel?
    public let to: RiskLevel
    public let reason: String
    public let changedBy: String?
    public let changedAt: Date

    public init(from: RiskLevel?, to: RiskLevel, reason: String, changedBy: String?, changedAt: Date) {
        self.from = from
        self.to = to
        self.reason = reason
        self.changedBy = changedBy
        self.changedAt = changedAt
    }
}
