import Foundation

/// Why an inspection happened.
public enum InspectionSource: String, Sendable, Codable, CaseIterable {
    case plan, draw, complaint, campaign, adHoc
}

/// The sectors of a bureau's annual enforcement report, which enterprise sectors roll up into.
public enum ReportSector {
    /// Rows the report shows beneath their sector (其中): 烟花爆竹 within 危险化学品, 冶金 within 工贸. A record counts in
    /// one when it counts in the parent and its enterprise has that sector.
    public static let details = ["烟花爆竹", "冶金"]
    /// What a list or the report may be limited to: the sectors and their detail rows.
    public static let selectable = all + details

    /// The sector a detail row sits beneath; nil for a sector.
    public static func parent(of detail: String) -> String? { details.contains(detail) ? map(detail) : nil }

    /// A row's label: a detail row reads 其中：烟花爆竹.
    public static func label(_ row: String) -> String { parent(of: row) == nil ? row : "其中：" + row }

    /// The report's rows in order: each sector followed by its detail rows.
    public static let rows = all.flatMap { sector in [sector] + details.filter { parent(of: $0) == sector } }

    public static let all = ["危险化学品", "工贸", "消防", "文化", "农业农村", "道路交通", "建筑施工", "油气长输管道", "特种设备", "其他"]

    /// The report sector of an enterprise: of the report sectors its sectors map to, the first in `all`
    /// (so a 危险化学品 enterprise that also uses special equipment counts as 危险化学品, whatever the order).
    public static func of(_ sectors: [String]) -> String {
        let mapped = sectors.compactMap(map)
        return all.first { mapped.contains($0) } ?? "其他"
    }

    /// The enterprise sectors that count towards a report sector ("其他" has none: it is what maps to no other).
    public static func sources(of reportSector: String) -> [String] {
        details.contains(reportSector) ? [reportSector] : known.filter { map($0) == reportSector }
    }

    /// The report sectors before this one in `all`: an enterprise in one of them is counted there instead.
    public static func preceding(_ reportSector: String) -> [String] {
        let sector = parent(of: reportSector) ?? reportSector
        return Array(all.prefix { $0 != sector })
    }

    static let known = [
        "危险化学品", "烟花爆竹", "冶金", "有色", "建材", "机械", "轻工", "纺织", "烟草", "商贸", "消防重点单位", "人员密集场所", "道路运输", "建筑施工",
        "油气长输管道", "特种设备使用单位", "文化", "文化旅游", "农业农村", "农业",
    ]

    static func map(_ sector: String) -> String? {
        switch sector {
        case "危险化学品", "烟花爆竹": "危险化学品"
        // 商贸 is a 工贸 sector of its own (令第10号 第二条).
        case "冶金", "有色", "建材", "机械", "轻工", "纺织", "烟草", "商贸": "工贸"
        case "消防重点单位", "人员密集场所": "消防"
        case "道路运输": "道路交通"
        case "建筑施工": "建筑施工"
        case "油气长输管道": "油气长输管道"
        case "特种设备使用单位": "特种设备"
        case "文化", "文化旅游": "文化"
        case "农业农村", "农业": "农业农村"
        default: nil
        }
    }
}

/// An answer to one checklist item.
public struct ChecklistAnswer: Sendable, Hashable, Codable {
    public enum Result: String, Sendable, Codable, CaseIterable { case pass, fail, notApplicable }
    public let code: String
    public let result: Result
    public let note: String?
    /// A failed item's rectification deadline (责令限期整改), yyyy-MM-dd: its hazard is ordered with it.
    public let dueDate: String?

    public init(code: String, result: Result, note: String? = nil, dueDate: String? = nil) {
        self.code = code
        self.result = result
        self.note = note
        self.dueDate = dueDate
    }
}

/// A problem found on site; each becomes a hazard.
public struct Finding: Sendable, Hashable, Codable {
    public var description: String
    public var location: String?
    public var basis: String?
    public var checklistItem: String?
    public var isMajor: Bool
    /// Set when the inspector orders rectification on the spot (责令限期整改).
    public var dueDate: String?

    public init(
        description: String, location: String? = nil, basis: String? = nil, checklistItem: String? = nil, isMajor: Bool,
        dueDate: String? = nil
    ) {
        self.description = description
        self.location = location
        self.basis = basis
        self.checklistItem = checklistItem
        self.isMajor = isMajor
        self.dueDate = dueDate
    }
}

/// What an inspector submits. `id` is made by the client, so submitting twice stores one inspection.
public struct InspectionDraft: Sendable, Hashable, Codable {
    /// The longest 检查情况 an inspection keeps; the API schema and the form read it.
    public static let summaryLimit = 4000
    /// The shortest: an inspection says what was checked and what was found (or that nothing was).
    public static let summaryMinimum = 5

    public var id: UUID
    public var enterpriseID: UUID
    public var source: InspectionSource
    public var drawID: UUID?
    public var campaignID: UUID?
    public var jointDepartments: String?
    /// yyyy-MM-dd.
    public var inspectedOn: String
    /// Usernames; at least two certified inspectors.
    public var inspectors: [String]
    public var checklistKey: String?
    public var answers: [ChecklistAnswer]
    public var findings: [Finding]
    public var summary: String

    public init(
        id: UUID, enterpriseID: UUID, source: InspectionSource, drawID: UUID? = nil, campaignID: UUID? = nil,
        jointDepartments: String? = nil,
        inspectedOn: String, inspectors: [String], checklistKey: String? = nil, answers: [ChecklistAnswer] = [], findings: [Finding] = [],
        summary: String
    ) {
        self.id = id
        self.enterpriseID = enterpriseID
        self.source = source
        self.drawID = drawID
        self.campaignID = campaignID
        self.jointDepartments = jointDepartments
        self.inspectedOn = inspectedOn
        self.inspectors = inspectors
        self.checklistKey = checklistKey
        self.answers = answers
        self.findings = findings
        self.summary = summary
    }

    /// Checks the draft against the checklist it answers: dates, text lengths, answers to known items,
    /// and one finding for every failed item (made from the item when the inspector wrote none).
    public static let dateInvalid = AnlanError.invalid(
        "inspection.date_invalid", "检查日期须为不晚于今天的 yyyy-MM-dd 日期。", field: "inspectedOn")

    /// The day inspected, once the draft is valid (an invalid one is `dateInvalid`).
    public func inspectedDay() throws -> Day {
        guard let day = Day(inspectedOn) else { throw Self.dateInvalid }
        return day
    }

    public func validated(checklist: Checklist?, today: String) throws -> InspectionDraft {
        var draft = self
        guard Timestamp.isDay(inspectedOn), inspectedOn <= today else { throw Self.dateInvalid }
        draft.summary = summary.trimmingCharacters(in: .whitespacesAndNewlines)
        guard draft.summary.count <= Self.summaryLimit else {
            throw AnlanError.invalid("inspection.summary_too_long", "检查情况不能超过 \(Self.summaryLimit) 字。", field: "summary")
        }
        guard draft.summary.count >= Self.summaryMinimum else {
            throw AnlanError.invalid(
                "inspection.summary_required", "请填写检查情况：检查了哪些场所和事项、发现了什么问题（未发现问题的，写明未发现）。至少 \(Self.summaryMinimum) 字。",
                field: "summary")
        }
        if let joint = jointDepartments?.trimmingCharacters(in: .whitespaces) {
            guard joint.count <= 200 else {
                throw AnlanError.invalid("inspection.joint_too_long", "联合检查部门不能超过 200 字。", field: "jointDepartments")
            }
            draft.jointDepartments = joint.isEmpty ? nil : joint
        }
        let names = inspectors.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard Set(names).count >= 2, Set(names).count == names.count else {
            throw AnlanError.invalid("inspection.too_few_inspectors", "执法检查须由两名以上持证执法人员进行（行政处罚法第四十二条），且不能重复。", field: "inspectors")
        }
        draft.inspectors = names
        draft.findings = try Finding.checked(
            answers: answers, findings: findings, checklist: checklist, on: inspectedOn, context: "inspection")
        return draft
    }
}

extension Finding {
    /// The findings of a checklist walk (an inspection of an enterprise, a check of a site): the answers must be to
    /// items of the checklist, each once; every failed item without a finding written for it becomes one (from the
    /// item's text and the note); each finding's text is 2–1000 characters and its deadline not before `day`.
    /// Codes are `<context>.answer_unknown`, `.checklist_required`, `.too_many_lines`, `.finding_invalid`, `.due_date_invalid`.
    public static func checked(
        answers: [ChecklistAnswer], findings: [Finding], checklist: Checklist?, on day: String, context: String
    ) throws -> [Finding] {
        var out = findings
        guard answers.count <= 300, findings.count <= 100 else {
            throw AnlanError.invalid("\(context).too_many_lines", "检查项至多 300 个、问题至多 100 个。", field: "findings")
        }
        if let checklist {
            let items = Dictionary(uniqueKeysWithValues: checklist.items.map { ($0.code, $0) })
            var seen = Set<String>()
            for answer in answers {
                guard items[answer.code] != nil, seen.insert(answer.code).inserted else {
                    throw AnlanError.invalid("\(context).answer_unknown", "检查项 \(answer.code) 不在清单中或重复作答。", field: "answers")
                }
            }
            let written = Set(findings.compactMap(\.checklistItem))
            for answer in answers where answer.result == .fail && !written.contains(answer.code) {
                let item = items[answer.code]!
                out.append(
                    Finding(
                        description: item.text + (answer.note.map { "：" + $0 } ?? ""), basis: item.basis, checklistItem: item.code,
                        isMajor: item.isMajor, dueDate: answer.dueDate))
            }
        } else if !answers.isEmpty {
            throw AnlanError.invalid("\(context).checklist_required", "作答检查项须指明所用的检查清单。", field: "checklistKey")
        }
        for (index, finding) in out.enumerated() {
            let text = finding.description.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (2...1000).contains(text.codePoints) else {
                throw AnlanError.invalid(
                    "\(context).finding_invalid", "第 \(index + 1) 个问题的描述须为 2–1000 字。", field: "findings[\(index)].description")
            }
            out[index].description = text
            if let due = finding.dueDate, !(Timestamp.isDay(due) && due >= day) {
                throw AnlanError.invalid(
                    "\(context).due_date_invalid", "第 \(index + 1) 个问题的整改期限须为不早于检查日期的日期。", field: "findings[\(index)].dueDate")
            }
        }
        return out
    }
}

/// An inspector as recorded on an inspection: name and certificate as they were that day.
public struct InspectorOnRecord: Sendable, Hashable, Codable {
    public let username: String
    public let name: String
    public let certificateNumber: String

    public init(username: String, name: String, certificateNumber: String) {
        self.username = username
        self.name = name
        self.certificateNumber = certificateNumber
    }
}

/// An inspection as stored.
public struct Inspection: Sendable, Hashable {
    public let id: UUID
    public let enterpriseID: UUID
    public let divisionCode: String
    public let source: InspectionSource
    public let drawID: UUID?
    public let campaignID: UUID?
    public let sector: String
    public let jointDepartments: String?
    public let inspectedOn: Day
    public let inspectors: [InspectorOnRecord]
    public let checklist: Checklist?
    public let answers: [ChecklistAnswer]
    public let summary: String
    public let createdBy: String?
    public let createdAt: Date

    public init(
        id: UUID, enterpriseID: UUID, divisionCode: String, source: InspectionSource, drawID: UUID?, campaignID: UUID?, sector: String,
        jointDepartments: String?, inspectedOn: Day, inspectors: [InspectorOnRecord], checklist: Checklist?, answers: [ChecklistAnswer],
        summary: String, createdBy: String?, createdAt: Date
    ) {
        self.id = id
        self.enterpriseID = enterpriseID
        self.divisionCode = divisionCode
        self.source = source
        self.drawID = drawID
        self.campaignID = campaignID
        self.sector = sector
        self.jointDepartments = jointDepartments
        self.inspectedOn = inspectedOn
        self.inspectors = inspectors
        self.checklist = checklist
        self.answers = answers
        self.summary = summary
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// A hazard as stored, with its state. Its target is an enterprise (found by an inspection) or a flood or forest-fire
/// site (found by a site check): exactly one of `enterpriseID` and `siteID` is set.
public struct Hazard: Sendable, Hashable {
    public let id: UUID
    public let inspectionID: UUID?
    public let enterpriseID: UUID?
    /// The site of a 汛前检查 or 森林防火 check, and that check.
    public let siteID: UUID?
    public let siteCheckID: UUID?
    public let divisionCode: String
    public let campaignID: UUID?
    public let sector: String
    public let description: String
    public let location: String?
    public let basis: String?
    public let checklistItem: String?
    public var state: HazardState
    /// The responsible inspector's username.
    public let owner: String?
    public let foundOn: Day
    public var closedOn: Day?
    public let createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, inspectionID: UUID?, enterpriseID: UUID?, siteID: UUID? = nil, siteCheckID: UUID? = nil, divisionCode: String,
        campaignID: UUID?, sector: String, description: String,
        location: String?, basis: String?, checklistItem: String?, state: HazardState, owner: String?, foundOn: Day, closedOn: Day?,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.inspectionID = inspectionID
        self.enterpriseID = enterpriseID
        self.siteID = siteID
        self.siteCheckID = siteCheckID
        self.divisionCode = divisionCode
        self.campaignID = campaignID
        self.sector = sector
        self.description = description
        self.location = location
        self.basis = basis
        self.checklistItem = checklistItem
        self.state = state
        self.owner = owner
        self.foundOn = foundOn
        self.closedOn = closedOn
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
