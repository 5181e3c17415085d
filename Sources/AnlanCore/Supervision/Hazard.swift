import Foundation

/// Where a hazard (隐患) stands on its way from discovery to close-out (销号).
public enum HazardStatus: String, Sendable, Codable, CaseIterable {
    /// 发现: recorded, no order yet.
    case found
    /// 责令整改: ordered with a deadline.
    case ordered
    /// 整改完成待复查: the enterprise reports it fixed and asks for re-inspection.
    case submitted
    /// 销号: re-inspected and closed.
    case closed
}

/// The facts of a hazard that its state machine looks at.
public struct HazardState: Sendable, Hashable, Codable {
    public var status: HazardStatus
    public var isMajor: Bool
    /// yyyy-MM-dd, the rectification deadline in force.
    public var dueDate: String?
    /// A requested new deadline awaiting decision.
    public var extensionRequestedTo: String?
    /// 挂牌督办: the supervising leader's username, once escalated.
    public var supervisingLeader: String?
    /// The day the enterprise reported the rectification done (while awaiting re-inspection).
    public var submittedOn: String?
    /// The day the pending extension was asked for.
    public var extensionRequestedOn: String?

    public init(
        status: HazardStatus, isMajor: Bool, dueDate: String? = nil, extensionRequestedTo: String? = nil, supervisingLeader: String? = nil,
        submittedOn: String? = nil, extensionRequestedOn: String? = nil
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
    public func reinspectionDue(within days: Int) -> String? {
        guard status == .submitted, let submittedOn else { return nil }
        return Timestamp.day(submittedOn, adding: days)
    }

    /// The day by which the pending extension request is to be answered.
    public func extensionAnswerDue(within days: Int) -> String? {
        guard extensionRequestedTo != nil, let extensionRequestedOn else { return nil }
        return Timestamp.day(extensionRequestedOn, adding: days)
    }

    /// Overdue: not closed and its deadline has passed.
    public func isOverdue(today: String) -> Bool {
        guard status != .closed, let dueDate else { return false }
        return dueDate < today
    }
}

/// Something that happens to a hazard. `HazardState.apply` allows only the legal moves.
public enum HazardEvent: Sendable, Hashable, Codable {
    /// 责令限期整改 with a deadline.
    case order(dueDate: String)
    /// The enterprise reports the rectification done (with evidence attached) and asks for re-inspection.
    case submitRectification
    /// 复查: passed closes the hazard; failed orders it again with a new deadline.
    case reinspect(passed: Bool, newDueDate: String?)
    /// The enterprise asks for a later deadline.
    case requestExtension(to: String)
    /// The bureau grants or refuses the pending request.
    case decideExtension(granted: Bool)
    /// 挂牌督办 by a leader (major hazards only).
    case escalate(leader: String)

    public var name: String {
        switch self {
        case .order: "order"
        case .submitRectification: "submit"
        case .reinspect: "reinspect"
        case .requestExtension: "request_extension"
        case .decideExtension: "decide_extension"
        case .escalate: "escalate"
        }
    }
}

extension HazardState {
    /// The state after `event` on `today`, or a 409 `hazard.transition_invalid` naming why not. An extension must be
    /// asked for at least `extensionLeadDays` days before the deadline in force (0: any time before it passes).
    public func apply(_ event: HazardEvent, today: String, extensionLeadDays: Int = 0) throws -> HazardState {
        func refuse(_ message: String) -> AnlanError { AnlanError(.conflict, code: "hazard.transition_invalid", message: message) }
        func deadline(_ day: String, field: String) throws -> String {
            guard Timestamp.isDay(day) else {
                throw AnlanError.invalid("hazard.due_date_invalid", "整改期限须为 yyyy-MM-dd 格式的日期。", field: field)
            }
            guard day >= today else { throw AnlanError.invalid("hazard.due_date_past", "整改期限不能早于今天（\(today)）。", field: field) }
            return day
        }
        var next = self
        switch event {
        case .order(let due):
            guard status == .found else { throw refuse("只有刚发现的隐患才能下达整改指令。") }
            next.status = .ordered
            next.dueDate = try deadline(due, field: "dueDate")
        case .submitRectification:
            guard status == .ordered else { throw refuse("只有已责令整改、尚未复查的隐患才能提交整改结果。") }
            next.status = .submitted
            next.submittedOn = today
            next.extensionRequestedTo = nil
            next.extensionRequestedOn = nil
        case .reinspect(let passed, let newDue):
            guard status == .ordered || status == .submitted else { throw refuse("只有已责令整改的隐患才能复查。") }
            next.submittedOn = nil
            next.extensionRequestedOn = nil
            if passed {
                next.status = .closed
                next.extensionRequestedTo = nil
            } else {
                guard let newDue else { throw AnlanError.invalid("hazard.due_date_required", "复查未通过时须重新下达整改期限。", field: "newDueDate") }
                next.status = .ordered
                next.dueDate = try deadline(newDue, field: "newDueDate")
                next.extensionRequestedTo = nil
            }
        case .requestExtension(let to):
            guard status == .ordered else { throw refuse("只有整改期间的隐患才能申请延期。") }
            guard extensionRequestedTo == nil else { throw refuse("已有待审批的延期申请。") }
            let day = try deadline(to, field: "to")
            guard let dueDate, day > dueDate else {
                throw AnlanError.invalid("hazard.extension_not_later", "延期后的期限须晚于现期限。", field: "to")
            }
            if let latest = Timestamp.day(dueDate, adding: -extensionLeadDays), today > latest {
                throw AnlanError(
                    .conflict, code: "hazard.extension_too_late",
                    message: extensionLeadDays > 0 ? "延期申请须在整改期限（\(dueDate)）届满 \(extensionLeadDays) 日前提出。" : "整改期限（\(dueDate)）已过，不能申请延期。")
            }
            next.extensionRequestedTo = day
            next.extensionRequestedOn = today
        case .decideExtension(let granted):
            guard let requested = extensionRequestedTo, status == .ordered else { throw refuse("没有待审批的延期申请。") }
            if granted { next.dueDate = requested }
            next.extensionRequestedTo = nil
            next.extensionRequestedOn = nil
        case .escalate(let leader):
            guard isMajor else { throw refuse("只有重大事故隐患才能挂牌督办。") }
            guard status != .closed else { throw refuse("已销号的隐患不能挂牌督办。") }
            guard supervisingLeader == nil else { throw refuse("该隐患已挂牌督办。") }
            next.supervisingLeader = leader
        }
        return next
    }
}
