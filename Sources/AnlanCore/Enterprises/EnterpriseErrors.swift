/// Every refusal of the enterprise file (一企一档), declared once: stable code, kind and Chinese message. The profile's
/// validation, the repositories, the pages and the API take them from here, and the OpenAPI document lists them for each
/// enterprise operation (`profileCodes`, `contactCodes`, `agreementCodes`).
public enum EnterpriseErrors {
    public static let notFound = AnlanError.notFound("enterprise.not_found", "企业不存在或不在您的辖区内。")
    public static func notFound(creditCode: String) -> AnlanError {
        AnlanError.notFound("enterprise.not_found", "统一社会信用代码 \(creditCode) 的企业不存在或不在您的辖区内。")
    }
    /// An archived file is read-only: nothing is added to it or changed in it (inspections included).
    public static let archived = AnlanError(.conflict, code: "enterprise.archived", message: "该企业档案已归档，不能修改或新增记录。")
    public static let corrupt = AnlanError(.conflict, code: "enterprise.corrupt", message: "企业记录已损坏。")

    public static func fieldInvalid(_ label: String, max: Int, field: String) -> AnlanError {
        AnlanError.invalid("enterprise.field_invalid", "\(label)不能超过 \(max) 个字符，且不能含控制字符。", field: field)
    }
    public static let nameRequired = AnlanError.invalid("enterprise.name_required", "请填写企业名称。", field: "name")
    public static func phoneInvalid(field: String) -> AnlanError {
        AnlanError.invalid("enterprise.phone_invalid", "联系电话只能包含数字、空格和 - + ( )。", field: field)
    }
    public static let divisionNotVillage = AnlanError.invalid(
        "enterprise.division_not_village", "企业所在区划须为村（社区）级。", field: "divisionCode")
    public static func divisionUnknown(_ code: String) -> AnlanError {
        AnlanError.invalid("enterprise.division_unknown", "区划 \(code) 不存在。", field: "divisionCode")
    }
    public static let coordinatesInvalid = AnlanError.invalid("enterprise.coordinates_invalid", "经纬度超出范围。", field: "latitude")
    public static let coordinatesIncomplete = AnlanError.invalid(
        "enterprise.coordinates_incomplete", "经度和纬度须同时填写。", field: "latitude")
    public static let sectorRequired = AnlanError.invalid("enterprise.sector_required", "请至少选择一个行业领域。", field: "sectors")
    public static func sectorUnknown(_ sector: String) -> AnlanError {
        AnlanError.invalid("enterprise.sector_unknown", "行业领域“\(sector)”不在配置的行业列表中。", field: "sectors")
    }
    /// The number of employees a file may state (`EnterpriseProfile.employees`).
    public static let employeesRange = 0...1_000_000
    public static let employeesInvalid = AnlanError.invalid(
        "enterprise.employees_invalid", "从业人数须为 \(employeesRange.lowerBound) 到 \(employeesRange.upperBound) 之间的整数。", field: "employees")
    public static func numberInvalid(_ label: String, field: String) -> AnlanError {
        AnlanError.invalid("enterprise.number_invalid", "\(label)必须是数字。", field: field)
    }
    /// The most licences one file lists.
    public static let licencesLimit = 50
    public static let licencesInvalid = AnlanError.invalid(
        "enterprise.licences_invalid", "许可证最多 \(licencesLimit) 项。", field: "licences")
    public static func licenceIncomplete(_ index: Int) -> AnlanError {
        AnlanError.invalid("enterprise.licence_incomplete", "许可证须填写种类和编号。", field: "licences[\(index)]")
    }
    public static func dateInvalid(_ text: String, field: String) -> AnlanError {
        AnlanError.invalid("enterprise.date_invalid", "日期 \(text) 不是 2026-01-31 格式的有效日期。", field: field)
    }
    public static func creditCodeDuplicate(_ code: String, heldBy name: String) -> AnlanError {
        AnlanError(
            .conflict, code: "enterprise.credit_code_duplicate", message: "统一社会信用代码 \(code) 已属于在册企业“\(name)”。",
            details: ["field": "creditCode"])
    }
    public static let riskLevelInvalid = AnlanError.invalid(
        "enterprise.risk_level_invalid", "风险等级须为 major（红，重大）、high（橙，较大）、moderate（黄，一般）或 low（蓝，低）。", field: "riskLevel")
    /// A risk level by its code; nil or empty is none, anything else unknown is `riskLevelInvalid`.
    public static func riskLevel(_ text: String?) throws -> RiskLevel? {
        guard let text, !text.isEmpty else { return nil }
        guard let level = RiskLevel(rawValue: text) else { throw riskLevelInvalid }
        return level
    }
    public static let riskReasonRequired = AnlanError.invalid(
        "enterprise.risk_reason_required", "请填写变更风险等级的理由（2–500 字）。", field: "reason")
    public static let archiveReasonRequired = AnlanError.invalid(
        "enterprise.archive_reason_required", "请填写归档理由（2–500 字）。", field: "reason")

    // MARK: - The file's records: contact people and the yearly 目标责任书

    public static let contactNameRequired = AnlanError.invalid("contact.name_required", "请填写联系人姓名（1–50 字）。", field: "name")
    public static let contactTitleTooLong = AnlanError.invalid("contact.title_too_long", "职务不能超过 50 字。", field: "title")
    public static let contactPhoneInvalid = AnlanError.invalid(
        "contact.phone_invalid", "电话号码只能包含数字、+、- 和空格（5–20 位）。", field: "phone")
    public static let contactNoteTooLong = AnlanError.invalid("contact.note_too_long", "备注不能超过 200 字。", field: "note")
    /// The years a 目标责任书 may be for.
    public static let agreementYears = 2000...2100
    public static let agreementYearInvalid = AnlanError.invalid(
        "agreement.year_invalid", "年度必须是 \(agreementYears.lowerBound)–\(agreementYears.upperBound) 之间的整数。", field: "year")
    public static let agreementSignedOnInvalid = AnlanError.invalid(
        "agreement.signed_on_invalid", "签订日期必须是 yyyy-MM-dd 格式的日期。", field: "signedOn")
    public static let agreementSignatoryRequired = AnlanError.invalid(
        "agreement.signatory_required", "请填写双方签订人（各 1–50 字）。", field: "bureauSignatory")
    public static let agreementTargetsRequired = AnlanError.invalid(
        "agreement.targets_required", "请填写责任目标（1–2000 字）。", field: "targets")
    public static func agreementYearExists(_ year: Int) -> AnlanError {
        AnlanError(.conflict, code: "agreement.year_exists", message: "\(year) 年度的目标责任书已登记。", details: ["field": "year"])
    }

    public static let contactCodes = [
        "enterprise.not_found", "enterprise.archived", "contact.name_required", "contact.title_too_long", "contact.phone_invalid",
        "contact.note_too_long",
    ]
    public static let agreementCodes = [
        "enterprise.not_found", "enterprise.archived", "agreement.year_invalid", "agreement.signed_on_invalid",
        "agreement.signatory_required", "agreement.targets_required", "agreement.year_exists",
    ]

    /// What creating or replacing a profile can answer besides the record lookups (`EnterpriseProfile.validated` and
    /// the repository's checks against stored records).
    public static let profileCodes = [
        "enterprise.field_invalid", "enterprise.name_required", "enterprise.credit_code_invalid", "enterprise.phone_invalid",
        "enterprise.division_not_village", "enterprise.division_unknown", "enterprise.coordinates_invalid",
        "enterprise.coordinates_incomplete", "enterprise.sector_required", "enterprise.sector_unknown", "enterprise.employees_invalid",
        "enterprise.licences_invalid", "enterprise.licence_incomplete", "enterprise.date_invalid", "enterprise.credit_code_duplicate",
        "division.code_invalid",
    ]
}
