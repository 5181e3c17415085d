import Foundation

/// Where a hazard (隐患) stands on its way from discovery to close-out (销号).
public enum HazardStatus: String, Sendable, Codable, CaseIterable {
    /// 发现: recorded, no order yet.
    case found
    /// 责令整改: ordered with a deadline.
    case ordered
    /// 整改完成待复查: the enterprise reports it fixed and asks for re-inspection.
    case submitted
    /// 复查通过待销号: a 挂牌督办 hazard passed its re-inspection and waits for its supervising leader's 销号 approval.
    case awaitingSignOff = "awaiting_sign_off"
    /// 销号: re-inspected and closed.
    case closed

    /// Where the enterprise's part is done, so no deadline can be missed: closed, or passed and awaiting sign-off.
    public static let neverOverdue: [HazardStatus] = [.awaitingSignOff, .closed]

    public var mayBeOverdue: Bool { !Self.neverOverdue.contains(self) }
}

/// The facts of a hazard that its state machine looks at.
public struct HazardState: Sendable, Hashable, Codable {
    public var status: HazardStatus
    public var isMajor: Bool
    /// The rectification deadline in force.
    public var dueDate: Day?
    /// A requested new deadline awaiting decision.
    public var extensionRequestedTo: Day?
    /// 挂牌督办: the supervising leader's username, once escalated.
    public var supervisingLeader: String?
    /// The day the enterprise reported the rectification done (while awaiting re-inspection).
    public var submittedOn: Day?
    /// The day the pending extension was asked for.
    public var extensionRequestedOn: Day?

    public init(
        status: HazardStatus, isMajor: Bool, dueDate: Day? = nil, extensionRequestedTo: Day? = nil, supervisingLeader: String? = nil,
        submittedOn: Day? = nil, extensionRequestedOn: Day? = nil
    ) {
        self.status = status
        self.isMajor = isMajor
        self.dueDate = dueDate
        self.extensionRequestedTo = extensionRequestedTo
        self.supervisingLeader = supervisingLeader
        self.submittedOn = submittedOn
        self.extensionRequestedOn = extensionRequestedOn
    }

    /// The day by which a submitted rectification is to be re-inspected, `days` after the request; nil unless awaiting it
    /// (or submitted before the day was recorded).
    public func reinspectionDue(within days: Int) -> Day? { reinspectionFrom.map { $0.adding(days: days) } }

    /// The day the re-inspection limit runs from: "自申请或者限期届满之日起" — the submission or the deadline, whichever
    /// comes first (2015 办法 as commonly cited; 应急管理部令第18号 unverified). Nil once nothing waits for re-inspection.
    public var reinspectionFrom: Day? {
        guard status == .ordered || status == .submitted, let dueDate else { return nil }
        guard status == .submitted, let submittedOn else { return dueDate }
        return min(submittedOn, dueDate)
    }

    /// The day by which the pending extension request is to be answered.
    public func extensionAnswerDue(within days: Int) -> Day? {
        guard extensionRequestedTo != nil, let extensionRequestedOn else { return nil }
        return extensionRequestedOn.adding(days: days)
    }

    /// Overdue: still to be rectified or re-inspected and its deadline has passed (not once closed, nor while a passed
    /// re-inspection waits for the leader's sign-off: the enterprise's part is done).
    public func isOverdue(today: Day) -> Bool {
        guard status.mayBeOverdue, let dueDate else { return false }
        return dueDate < today
    }
}

/// Something that happens to a hazard. `HazardState.apply` allows only the legal moves.
public enum HazardEvent: Sendable, Hashable, Codable {
    /// 责令限期整改 with a deadline.
    case order(dueDate: Day)
    /// The enterprise reports the rectification done (with evidence attached) and asks for re-inspection; `onBehalf`
    /// when a bureau user records it for the enterprise from its paper submission.
    case submitRectification(onBehalf: Bool)
    /// 复查: passed closes the hazard (or, under 挂牌督办, passes it to the supervising leader's sign-off); failed
    /// orders it again with a new deadline. `reason`: why a hazard the enterprise never submitted is closed.
    case reinspect(passed: Bool, newDueDate: Day?, reason: String?)
    /// 销号审批 by the supervising leader of a 挂牌督办 hazard: approved closes it; refused orders it again.
    case signOff(approved: Bool, newDueDate: Day?)
    /// The enterprise asks for a later deadline, saying why (a category, and the note).
    case requestExtension(to: Day, reason: ExtensionReason)
    /// The bureau grants or refuses the pending request.
    case decideExtension(granted: Bool)
    /// 挂牌督办 by a leader (major hazards only).
    case escalate(leader: String)

    public var kind: HazardEventKind {
        switch self {
        case .order: .order
        case .submitRectification: .submit
        case .reinspect: .reinspect
        case .signOff: .signOff
        case .requestExtension: .requestExtension
        case .decideExtension: .decideExtension
        case .escalate: .escalate
        }
    }

    public var name: String { kind.rawValue }
}

/// The kinds of move, by their wire names: what a page's button and the API's `event` field say.
public enum HazardEventKind: String, Sendable, Codable, CaseIterable {
    // In the order a page shows their buttons.
    case order, submit
    case requestExtension = "request_extension"
    case reinspect
    case signOff = "sign_off"
    case decideExtension = "decide_extension"
    case escalate

    /// Whether someone acting as `actor` may ever make this move, whatever the hazard's state: inspectors order,
    /// re-inspect and decide extensions; the enterprise's own officer submits the rectification and asks for an
    /// extension (an inspector may record either from the enterprise's paper, marked as done on its behalf); leaders
    /// escalate, and the supervising leader alone signs off a 挂牌督办 hazard.
    public func isPermitted(for actor: HazardActor) -> Bool {
        switch self {
        case .order, .reinspect, .decideExtension: actor.mayInspect
        case .submit, .requestExtension: actor.mayInspect || actor.isOwnEnterprise
        case .escalate: actor.mayEscalate
        case .signOff: actor.isSupervisingLeader
        }
    }
}

/// Who is acting on a hazard, as far as its moves care.
public struct HazardActor: Sendable, Hashable {
    public var mayInspect: Bool
    public var mayEscalate: Bool
    /// The enterprise officer of the hazard's own enterprise.
    public var isOwnEnterprise: Bool
    /// The leader the hazard is escalated to (挂牌督办), who signs off its closing.
    public var isSupervisingLeader: Bool

    public init(mayInspect: Bool, mayEscalate: Bool, isOwnEnterprise: Bool, isSupervisingLeader: Bool = false) {
        self.mayInspect = mayInspect
        self.mayEscalate = mayEscalate
        self.isOwnEnterprise = isOwnEnterprise
        self.isSupervisingLeader = isSupervisingLeader
    }

    /// Whether the actor may add photos or proof of rectification to a hazard: an inspector, or the officer of the
    /// hazard's own enterprise (issue 15, item 12: not staff or leaders, who record rectification on the enterprise's
    /// behalf with its paper evidence through an inspector).
    public var mayAddEvidence: Bool { mayInspect || isOwnEnterprise }

    /// The actor a signed-in user is for `hazard`. An enterprise's hazard is ordered and re-inspected by inspectors and
    /// rectified by its officer; a flood or forest-fire site's by those who keep and check the sites (`manageResources`:
    /// the township within its jurisdiction, the bureau's staff), as no enforcement officer acts on a site.
    public init(role: Role?, username: String?, enterpriseID: UUID?, hazard: Hazard) {
        let checks = hazard.siteID == nil ? role?.can(.inspect) == true : role?.can(.manageResources) == true
        self.init(
            mayInspect: checks, mayEscalate: role?.can(.escalateHazards) == true,
            isOwnEnterprise: role == .enterpriseOfficer && hazard.enterpriseID != nil && enterpriseID == hazard.enterpriseID,
            isSupervisingLeader: role?.can(.escalateHazards) == true && username != nil && username == hazard.state.supervisingLeader)
    }
}

extension HazardState {
    /// The moves `actor` may make now: the page shows exactly these buttons, and the store refuses any other
    /// (403 when the actor may never make it, 409 when the state does not allow it now).
    /// With `today`, a request for an extension is left out outside its window before the deadline in force, as
    /// `apply` would refuse it.
    public func allowedEvents(for actor: HazardActor, today: Day? = nil, extensionWindow: ExtensionWindow = .any) -> [HazardEventKind] {
        HazardEventKind.allCases.filter { kind in
            guard kind.isPermitted(for: actor), refusal(of: kind) == nil else { return false }
            if kind == .requestExtension, let today, let dueDate, extensionWindow.refusal(today: today, dueDate: dueDate) != nil {
                return false
            }
            return true
        }
    }

    /// Why the state does not allow a move of this kind now, in words for people; nil when it does.
    public func refusal(of kind: HazardEventKind) -> String? {
        switch kind {
        case .order: status == .found ? nil : "只有刚发现的隐患才能下达整改指令。"
        case .submit: status == .ordered ? nil : "只有已责令整改、尚未复查的隐患才能提交整改结果。"
        case .reinspect: status == .ordered || status == .submitted ? nil : "只有已责令整改的隐患才能复查。"
        case .signOff: status == .awaitingSignOff ? nil : "只有复查通过、等待督办领导销号的隐患才能审批销号。"
        case .requestExtension:
            status != .ordered ? "只有整改期间的隐患才能申请延期。" : extensionRequestedTo != nil ? "已有待审批的延期申请。" : nil
        case .decideExtension: extensionRequestedTo != nil && status == .ordered ? nil : "没有待审批的延期申请。"
        case .escalate:
            !isMajor
                ? "只有重大事故隐患才能挂牌督办。"
                : supervisingLeader != nil ? "该隐患已挂牌督办。" : status == .closed ? "已销号的隐患不能挂牌督办。" : nil
        }
    }

    /// The state after `event` on `today`, or a 409 `hazard.transition_invalid` naming why not. An extension must be
    /// asked for inside `extensionWindow` before the deadline in force.
    public func apply(_ event: HazardEvent, today: Day, extensionWindow: ExtensionWindow = .any) throws -> HazardState {
        if let reason = refusal(of: event.kind) { throw HazardErrors.transitionInvalid(reason) }
        func deadline(_ day: Day, field: String) throws -> Day {
            guard day >= today else { throw HazardErrors.dueDatePast(today, field: field) }
            return day
        }
        var next = self
        switch event {
        case .order(let due):
            next.status = .ordered
            next.dueDate = try deadline(due, field: "dueDate")
        case .submitRectification:
            next.status = .submitted
            next.submittedOn = today
            next.extensionRequestedTo = nil
            next.extensionRequestedOn = nil
        case .reinspect(let passed, let newDue, let reason):
            if passed && status == .ordered && (reason ?? "").codePoints < 2 { throw HazardErrors.closeReasonRequired }
            next.submittedOn = nil
            next.extensionRequestedOn = nil
            next.extensionRequestedTo = nil
            if passed {
                next.status = supervisingLeader == nil ? .closed : .awaitingSignOff
            } else {
                guard let newDue else { throw HazardErrors.newDueDateRequired }
                next.status = .ordered
                next.dueDate = try deadline(newDue, field: "newDueDate")
            }
        case .requestExtension(let to, _):
            let day = try deadline(to, field: "to")
            guard let dueDate, day > dueDate else { throw HazardErrors.extensionNotLater }
            if let refusal = extensionWindow.refusal(today: today, dueDate: dueDate) { throw refusal }
            next.extensionRequestedTo = day
            next.extensionRequestedOn = today
        case .decideExtension(let granted):
            if granted { next.dueDate = extensionRequestedTo }
            next.extensionRequestedTo = nil
            next.extensionRequestedOn = nil
        case .escalate(let leader):
            next.supervisingLeader = leader
        case .signOff(let approved, let newDue):
            if approved {
                next.status = .closed
            } else {
                guard let newDue else { throw HazardErrors.newDueDateRequired }
                next.status = .ordered
                next.dueDate = try deadline(newDue, field: "newDueDate")
            }
        }
        return next
    }
}

/// One move asked of a hazard, parsed once from whichever face carried it (`POST /hazards/{id}/events` as a form,
/// `POST /api/v1/hazards/{id}/events` as JSON): both faces then call the same store operation.
public struct HazardMove: Sendable, Equatable {
    public var event: HazardEvent
    public var note: String?

    /// A move with its note, checked as every move is, however it was made (parsed, or built by the demo): the note
    /// within its limit; an extension request with its reason; a rectification with what was done; a re-inspection
    /// with what it found; a refused sign-off with why.
    public init(event: HazardEvent, note: String? = nil) throws {
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let note, note.count > Self.noteLimit { throw Field.note.tooLong }
        let hasNote = (note ?? "").codePoints >= 2
        var event = event
        switch event {
        case .requestExtension: if !hasNote { throw HazardErrors.reasonRequired }
        case .submitRectification: if !hasNote { throw HazardErrors.rectificationRequired }
        case .reinspect(let passed, let newDue, let reason):
            if !hasNote { throw HazardErrors.findingsRequired }
            let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
            if let reason, reason.count > Self.noteLimit { throw Field.reason.tooLong }
            event = .reinspect(passed: passed, newDueDate: newDue, reason: reason?.isEmpty == true ? nil : reason)
        case .signOff(let approved, _): if !approved && !hasNote { throw HazardErrors.signOffReasonRequired }
        default: break
        }
        self.event = event
        self.note = note?.isEmpty == true ? nil : note
    }

    /// The longest note a move keeps.
    public static let noteLimit = 1000

    /// The fields a move reads; the API schema and the page's inputs take their names and limits from here.
    public enum Field {
        public static let event = InputField("event", label: "隐患操作", context: "hazard")
        public static let dueDate = InputField("dueDate", label: "整改期限", context: "hazard", codeStem: "due_date")
        public static let passed = InputField("passed", label: "复查结论", context: "hazard")
        public static let newDueDate = InputField("newDueDate", label: "新的整改期限", context: "hazard", codeStem: "due_date")
        public static let to = InputField("to", label: "延期后的期限", context: "hazard", codeStem: "due_date")
        public static let granted = InputField("granted", label: "审批结论", context: "hazard")
        public static let note = InputField("note", label: "说明", context: "hazard", maxLength: HazardMove.noteLimit)
        public static let reason = InputField("reason", label: "未经企业提交即销号的理由", context: "hazard", maxLength: HazardMove.noteLimit)
        public static let onBehalf = InputField("onBehalf", label: "代企业录入", context: "hazard", codeStem: "on_behalf")
        public static let approved = InputField("approved", label: "销号审批结论", context: "hazard")
        public static let extensionReason = InputField(
            "extensionReason", label: "延期理由类别", context: "hazard", invalidMessage: "延期理由类别须为 forceMajeure、construction 或 other。")
    }

    /// Reads a move. `actingUser` is who escalates: the escalating leader becomes the supervising leader.
    public static func parse(_ input: some CommandInput, actingUser: String) throws -> HazardMove {
        let name = try input.requiredText(Field.event)
        guard let kind = HazardEventKind(rawValue: name) else { throw HazardErrors.eventUnknown(name) }
        let note = try input.text(Field.note)
        let event: HazardEvent
        switch kind {
        case .order: event = .order(dueDate: try input.requiredDay(Field.dueDate))
        case .submit: event = .submitRectification(onBehalf: try input.bool(Field.onBehalf) ?? false)
        case .reinspect:
            let passed = try input.requiredBool(Field.passed)
            // A failed re-inspection needs its new deadline; a passed one ignores any.
            event = .reinspect(
                passed: passed, newDueDate: passed ? nil : try input.day(Field.newDueDate),
                reason: passed ? try input.text(Field.reason) : nil)
        case .signOff:
            let approved = try input.requiredBool(Field.approved)
            event = .signOff(approved: approved, newDueDate: approved ? nil : try input.day(Field.newDueDate))
        case .requestExtension:
            // The reason in words first (what people write), then its category.
            guard note != nil else { throw HazardErrors.reasonRequired }
            let category = try input.text(Field.extensionReason)
            guard let category else { throw Field.extensionReason.missing }
            guard let reason = ExtensionReason(rawValue: category) else { throw Field.extensionReason.invalid }
            event = .requestExtension(to: try input.requiredDay(Field.to), reason: reason)
        case .decideExtension: event = .decideExtension(granted: try input.requiredBool(Field.granted))
        case .escalate: event = .escalate(leader: actingUser)
        }
        return try HazardMove(event: event, note: note)
    }

    /// The move as `actor` may make it: a rectification is the enterprise's own act, so a bureau user records one only
    /// as done on the enterprise's behalf (from its paper submission), and the enterprise's officer never does.
    public func checked(for actor: HazardActor) throws -> HazardMove {
        guard case .submitRectification(let onBehalf) = event else { return self }
        var move = self
        if actor.isOwnEnterprise {
            move.event = .submitRectification(onBehalf: false)
        } else if !onBehalf {
            throw HazardErrors.onBehalfRequired
        }
        return move
    }
}

/// Why an enterprise cannot finish in time. The 2015 办法 allowed an extension for 不可抗力 (force majeure); the others
/// are what bureaus see in practice, recorded so that a review can tell them apart.
public enum ExtensionReason: String, Sendable, Codable, CaseIterable {
    case forceMajeure, construction, other

    public var title: String {
        switch self {
        case .forceMajeure: "不可抗力（自然灾害、事故灾难等）"
        case .construction: "设备设施采购、安装或施工周期"
        case .other: "其他客观原因（须在说明中写明）"
        }
    }
}

/// When, before a deadline, an extension may be asked for: from `earliest` days before it (0: any time) up to `latest`
/// days before it (0: the deadline day itself). The 2015 办法 read "于限期届满前10日内提出书面延期申请": within the ten
/// days before the deadline, so the defaults are 10 and 0 (应急管理部令第18号 unverified: a setting).
public struct ExtensionWindow: Sendable, Hashable {
    public var earliest: Int
    public var latest: Int

    public init(earliest: Int, latest: Int) {
        self.earliest = earliest
        self.latest = latest
    }

    public static let any = ExtensionWindow(earliest: 0, latest: 0)

    /// The first day a request is taken, nil when there is no earliest day.
    public func opens(dueDate: Day) -> Day? { earliest > 0 ? dueDate.adding(days: -earliest) : nil }
    public func closes(dueDate: Day) -> Day { dueDate.adding(days: -latest) }

    public func refusal(today: Day, dueDate: Day) -> AnlanError? {
        if let opens = opens(dueDate: dueDate), today < opens { return HazardErrors.extensionTooEarly(opens: opens, dueDate: dueDate) }
        if today > closes(dueDate: dueDate) { return HazardErrors.extensionTooLate(dueDate: dueDate, closes: closes(dueDate: dueDate)) }
        return nil
    }
}
