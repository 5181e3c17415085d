/// Every refusal of the hazard slice, declared once: stable code, kind and Chinese message. The store, the pages
/// and the API take them from here, and the OpenAPI document lists them for each hazard operation.
public enum HazardErrors {
    public static let notFound = AnlanError.hazardNotFound

    public static func eventUnknown(_ name: String) -> AnlanError {
        AnlanError.invalid("hazard.event_unknown", "未知的隐患操作：\(name)。", field: "event")
    }

    public static func transitionInvalid(_ reason: String) -> AnlanError {
        AnlanError(.conflict, code: "hazard.transition_invalid", message: reason)
    }

    public static func dueDatePast(_ today: Day, field: String) -> AnlanError {
        AnlanError.invalid("hazard.due_date_past", "整改期限不能早于今天（\(today)）。", field: field)
    }

    public static let newDueDateRequired = AnlanError.invalid(
        "hazard.due_date_required", "复查未通过或不同意销号时，须重新下达整改期限。", field: "newDueDate")

    public static let extensionNotLater = AnlanError.invalid("hazard.extension_not_later", "延期后的期限须晚于现期限。", field: "to")

    public static func extensionTooLate(dueDate: Day, closes: Day) -> AnlanError {
        AnlanError(
            .conflict, code: "hazard.extension_too_late",
            message: closes == dueDate ? "整改期限（\(dueDate)）已过，不能申请延期。" : "延期申请最迟须在\(closes)提出（整改期限 \(dueDate)）。")
    }

    public static func extensionTooEarly(opens: Day, dueDate: Day) -> AnlanError {
        AnlanError(
            .conflict, code: "hazard.extension_too_early",
            message: "延期申请须在整改期限届满前的规定期间内提出：自\(opens)起可以申请（整改期限 \(dueDate)）。")
    }

    public static let reasonRequired = AnlanError.invalid("hazard.reason_required", "申请延期须说明理由。", field: "note")

    public static let rectificationRequired = AnlanError.invalid(
        "hazard.rectification_required", "提交整改结果须说明采取了哪些整改措施、结果如何。", field: "note")

    /// Evidence means a photo or scan attached since the hazard was (last) ordered, not the one taken when it was found.
    public static let evidenceRequired = AnlanError(
        .conflict, code: "hazard.evidence_required", message: "提交整改结果前，请先上传至少一份整改后的照片或材料。",
        details: ["field": "evidence"])

    public static let onBehalfRequired = AnlanError.invalid(
        "hazard.on_behalf_required", "整改结果由企业提交；局内人员只能依企业的纸质材料代为录入，须勾选“代企业录入”并上传材料。", field: "onBehalf")

    public static let findingsRequired = AnlanError.invalid("hazard.findings_required", "复查须写明复查情况（现场核查了什么、结果如何）。", field: "note")

    public static let closeReasonRequired = AnlanError.invalid(
        "hazard.close_reason_required", "企业尚未提交整改结果，复查销号须说明理由。", field: "reason")

    public static let signOffReasonRequired = AnlanError.invalid("hazard.sign_off_reason_required", "不同意销号须说明理由。", field: "note")

    /// The codes a hazard move may answer with, for the API document.
    public static let moveCodes: [String] = [
        "hazard.not_found", "hazard.field_required", "hazard.event_unknown", "hazard.due_date_invalid", "hazard.passed_invalid",
        "hazard.granted_invalid", "hazard.note_too_long", "hazard.note_invalid", "hazard.due_date_past", "hazard.due_date_required",
        "hazard.extension_not_later", "hazard.extension_too_late", "hazard.extension_too_early",
        "hazard.extension_reason_invalid", "hazard.reason_required", "hazard.transition_invalid",
        "hazard.rectification_required", "hazard.evidence_required", "hazard.on_behalf_required", "hazard.on_behalf_invalid",
        "hazard.findings_required", "hazard.close_reason_required", "hazard.sign_off_reason_required", "hazard.approved_invalid",
        "hazard.reason_too_long", "hazard.reason_invalid", "auth.forbidden",
    ]
}
