import Foundation

/// Why a flood or forest-fire site was checked: 汛前检查 before the flood season, 汛期巡查 during it, 森林防火检查 in the
/// fire season.
public enum SiteCheckKind: String, Sendable, Codable, CaseIterable {
    case floodSeason, floodPatrol, forestFire

    public var label: String {
        switch self {
        case .floodSeason: "汛前检查"
        case .floodPatrol: "汛期巡查"
        case .forestFire: "森林防火检查"
        }
    }

    /// The sector its hazards are counted under (not an enforcement sector: a site is no enterprise).
    public var sector: String { self == .forestFire ? "森林防火" : "防汛" }
}

/// A check of a site: the checklist walked (if any) and its answers, what was found, who checked. Each finding becomes a
/// hazard of the site, followed through the same loop as an enterprise's (ordered, rectified, re-checked, closed).
public struct SiteCheck: Sendable, Equatable {
    public let id: UUID
    public let siteID: UUID
    public let divisionCode: String
    public let kind: SiteCheckKind
    public let checkedOn: Day
    /// Who checked, as written (镇水利站、村监测员、县应急局 …): site checks are not enforcement and need no certificate.
    public let inspectors: String
    public let checklist: Checklist?
    public let answers: [ChecklistAnswer]
    public let summary: String
    public let createdBy: String
    public let createdAt: Date

    public init(
        id: UUID, siteID: UUID, divisionCode: String, kind: SiteCheckKind, checkedOn: Day, inspectors: String, checklist: Checklist?,
        answers: [ChecklistAnswer], summary: String, createdBy: String, createdAt: Date
    ) {
        self.id = id
        self.siteID = siteID
        self.divisionCode = divisionCode
        self.kind = kind
        self.checkedOn = checkedOn
        self.inspectors = inspectors
        self.checklist = checklist
        self.answers = answers
        self.summary = summary
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// A site check as the page's form or the API's body gives it. `id` may be made by the client (a phone on a poor
/// network): sending the same check twice stores one.
public struct SiteCheckDraft: Sendable, Equatable {
    public enum Field {
        public static let id = InputField("id", label: "检查编号", context: "site_check")
        public static let kind = InputField("kind", label: "检查类别", context: "site_check")
        public static let checkedOn = InputField("checkedOn", label: "检查日期", context: "site_check", codeStem: "date")
        public static let inspectors = InputField("inspectors", label: "检查人员", context: "site_check", maxLength: 200)
        public static let checklistKey = InputField("checklistKey", label: "检查表", context: "site_check", codeStem: "checklist")
        public static let summary = InputField("summary", label: "检查情况", context: "site_check", maxLength: InspectionDraft.summaryLimit)
        public static let answers = InputField(
            "answers", label: "检查项", context: "site_check", codeStem: "answer",
            invalidMessage: "检查项的作答须有项目编号和结论（pass 符合、fail 不符合、notApplicable 不适用）。")
        public static let findings = InputField(
            "findings", label: "发现的问题", context: "site_check", codeStem: "finding",
            invalidMessage: "每个问题须有描述（2–1000 字）；整改期限为 yyyy-MM-dd 日期。")
    }

    public var id: UUID?
    public var kind: SiteCheckKind
    public var checkedOn: Day
    public var inspectors: String
    public var checklistKey: String?
    public var answers: [ChecklistAnswer]
    public var findings: [Finding]
    public var summary: String

    public init(
        id: UUID? = nil, kind: SiteCheckKind, checkedOn: Day, inspectors: String, checklistKey: String? = nil,
        answers: [ChecklistAnswer] = [],
        findings: [Finding] = [], summary: String
    ) {
        self.id = id
        self.kind = kind
        self.checkedOn = checkedOn
        self.inspectors = inspectors
        self.checklistKey = checklistKey
        self.answers = answers
        self.findings = findings
        self.summary = summary
    }

    /// Reads a check; the day is not after `today` nor more than a year before it.
    public static func parse(_ input: some CommandInput, today: Day) throws -> SiteCheckDraft {
        typealias F = Field
        guard let kind = SiteCheckKind(rawValue: try input.requiredText(F.kind)) else { throw F.kind.invalid }
        let day = try input.day(F.checkedOn) ?? today
        guard day <= today, day >= today.adding(days: -366) else {
            throw AnlanError.invalid("site_check.date_invalid", "检查日期不能晚于今天，也不能早于一年前。", field: F.checkedOn.name)
        }
        let inspectors = try input.requiredText(F.inspectors)
        guard inspectors.count >= 2 else { throw F.inspectors.missing }
        guard let answerRows = input.records(F.answers.name, fields: ["code", "result", "note", "dueDate"]) else { throw F.answers.invalid }
        let answers: [ChecklistAnswer] = try answerRows.map { r in
            let code = InputField(
                "code", label: "检查项编号", context: "site_check", codeStem: "answer", invalidMessage: F.answers.invalidMessage)
            let result = InputField(
                "result", label: "结论", context: "site_check", codeStem: "answer", invalidMessage: F.answers.invalidMessage)
            let note = InputField("note", label: "说明", context: "site_check", codeStem: "answer", maxLength: 500)
            let due = InputField(
                "dueDate", label: "整改期限", context: "site_check", codeStem: "answer", invalidMessage: F.answers.invalidMessage)
            guard let c = try? r.requiredText(code), let res = ChecklistAnswer.Result(rawValue: (try? r.requiredText(result)) ?? "") else {
                throw F.answers.invalid
            }
            let d: Day?
            do { d = try r.day(due) } catch { throw F.answers.invalid }
            return ChecklistAnswer(code: c, result: res, note: try r.text(note), dueDate: d?.description)
        }
        guard let findingRows = input.records(F.findings.name, fields: ["description", "location", "isMajor", "dueDate"]) else {
            throw F.findings.invalid
        }
        let findings: [Finding] = try findingRows.map { r in
            let description = InputField("description", label: "问题描述", context: "site_check", codeStem: "finding")
            let location = InputField("location", label: "部位", context: "site_check", codeStem: "finding", maxLength: 200)
            let major = InputField("isMajor", label: "重大隐患", context: "site_check", codeStem: "finding")
            let due = InputField(
                "dueDate", label: "整改期限", context: "site_check", codeStem: "finding", invalidMessage: F.findings.invalidMessage)
            guard let text = try? r.requiredText(description) else { throw F.findings.invalid }
            let d: Day?
            do { d = try r.day(due) } catch { throw F.findings.invalid }
            return Finding(
                description: text, location: try r.text(location), isMajor: (try? r.bool(major)) == true, dueDate: d?.description)
        }
        return SiteCheckDraft(
            id: try input.uuid(F.id), kind: kind, checkedOn: day, inspectors: inspectors, checklistKey: try input.text(F.checklistKey),
            answers: answers, findings: findings, summary: try input.requiredText(F.summary))
    }

    /// The findings the check stores as hazards: those written and one per failed item, checked as an inspection's are.
    public func checkedFindings(checklist: Checklist?) throws -> [Finding] {
        guard summary.count >= InspectionDraft.summaryMinimum else {
            throw AnlanError.invalid(
                "site_check.summary_required", "请填写检查情况：检查了哪些部位、发现了什么问题（未发现问题的，写明未发现）。至少 \(InspectionDraft.summaryMinimum) 字。",
                field: Field.summary.name)
        }
        return try Finding.checked(
            answers: answers, findings: findings, checklist: checklist, on: checkedOn.description, context: "site_check")
    }
}

public enum SiteCheckErrors {
    public static let notFound = AnlanError.notFound("site_check.not_found", "检查记录不存在或不在您的辖区内。")
    public static let idReused = AnlanError(.conflict, code: "site_check.id_reused", message: "该检查编号已用于另一份不同内容的检查记录。")
    public static let siteArchived = AnlanError(.conflict, code: "site_check.site_archived", message: "该部位已撤销，不能再检查。")
    public static let checklistUnknown = AnlanError.invalid("site_check.checklist_unknown", "所选检查表不存在。", field: "checklistKey")
}
