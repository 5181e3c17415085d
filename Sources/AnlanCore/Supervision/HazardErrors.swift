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
        "hazard.due_date_required", "复查未通过时须重新下达整改期限。", field: "newDueDate")

    public static let extensionNotLater = AnlanError.invalid("hazard.extension_not_later", "延期后的期限须晚于现期限。", field: "to")

    public static func extensionTooLate(dueDate: Day, leadDays: Int) -> AnlanError {
        AnlanError(
            .conflict, code: "hazard.extension_too_late",
            message: leadDays > 0 ? "延期申请须在整改期限（\(dueDate)）届满 \(leadDays) 日前提出。" : "整改期限（\(dueDate)）已过，不能申请延期。")
    }

    public static let reasonRequired = AnlanError.invalid("hazard.reason_required", "申请延期须说明理由。", field: "note")

    /// The codes a hazard move may answer with, for the API document.
    public static let moveCodes: [String] = [
        "hazard.not_found", "hazard.field_required", "hazard.event_unknown", "hazard.due_date_invalid", "hazard.passed_invalid",
        "hazard.granted_invalid", "hazard.note_too_long", "hazard.note_invalid", "hazard.due_date_past", "hazard.due_date_required",
        "hazard.extension_not_later", "hazard.extension_too_late", "hazard.reason_required", "hazard.transition_invalid",
        "auth.forbidden",
    ]
}
