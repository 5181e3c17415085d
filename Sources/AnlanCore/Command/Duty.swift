import Foundation

/// A shift of the duty roster (值班表): a 24-hour shift, or a day or night shift where the bureau splits the day.
/// The change-over times are the bureau's practice (08:30 and 17:30 by default), not a rule.
public enum DutyPeriod: String, Sendable, Codable, CaseIterable {
    case fullDay, day, night

    public var label: String {
        switch self {
        case .fullDay: "24 小时班"
        case .day: "白班"
        case .night: "夜班"
        }
    }

    /// Start and end as minutes after midnight of the shift's day, Beijing time (the end may pass into the next day).
    public var minutes: (start: Int, end: Int) {
        switch self {
        case .fullDay: (8 * 60 + 30, 32 * 60 + 30)
        case .day: (8 * 60 + 30, 17 * 60 + 30)
        case .night: (17 * 60 + 30, 32 * 60 + 30)
        }
    }

    public func span(on day: Day) -> (start: Date, end: Date) {
        (Moment.at(day, minute: minutes.start), Moment.at(day, minute: minutes.end))
    }
}

/// One shift: the leader in charge (带班领导) and the officers on duty (值班员).
public struct DutyShift: Sendable, Codable, Equatable {
    public let id: UUID
    public let day: Day
    public let period: DutyPeriod
    public let startsAt: Date
    public let endsAt: Date
    public var leader: String
    public var officers: [String]
    public var note: String?

    public init(id: UUID, day: Day, period: DutyPeriod, leader: String, officers: [String], note: String?) {
        self.id = id
        self.day = day
        self.period = period
        (startsAt, endsAt) = period.span(on: day)
        self.leader = leader
        self.officers = officers
        self.note = note
    }

    public var people: [String] { [leader] + officers }
    public func isOn(at moment: Date) -> Bool { startsAt <= moment && moment < endsAt }
    public func overlaps(_ other: DutyShift) -> Bool { startsAt < other.endsAt && other.startsAt < endsAt }
}

/// A shift as the roster keeper enters it.
public struct DutyShiftDraft: Sendable, Equatable {
    public static let officerLimit = 6

    public enum Field {
        public static let day = InputField("day", label: "值班日期", context: "duty")
        public static let period = InputField("period", label: "班次", context: "duty")
        public static let leader = InputField("leader", label: "带班领导", context: "duty")
        public static let officers = InputField(
            "officers", label: "值班员", context: "duty", invalidMessage: "值班员须为 1 到 6 个账号名，不能重复，也不能与带班领导相同。")
        public static let note = InputField("note", label: "备注", context: "duty", maxLength: 200)
    }

    public var day: Day
    public var period: DutyPeriod
    public var leader: String
    public var officers: [String]
    public var note: String?

    public init(day: Day, period: DutyPeriod, leader: String, officers: [String], note: String? = nil) {
        self.day = day
        self.period = period
        self.leader = leader
        self.officers = officers
        self.note = note
    }

    public static func parse(_ input: some CommandInput) throws -> DutyShiftDraft {
        typealias F = Field
        let day = try input.requiredDay(F.day)
        guard let period = DutyPeriod(rawValue: try input.text(F.period) ?? DutyPeriod.fullDay.rawValue) else { throw F.period.invalid }
        let leader = try input.requiredText(F.leader)
        // A form sends one name per box, or names separated by commas; JSON an array.
        let officers = try input.texts(F.officers).flatMap { $0.split(whereSeparator: { ",，、 ".contains($0) }).map(String.init) }
        guard !officers.isEmpty else { throw F.officers.missing }
        guard officers.count <= officerLimit, Set(officers).count == officers.count, !officers.contains(leader) else {
            throw F.officers.invalid
        }
        return DutyShiftDraft(day: day, period: period, leader: leader, officers: officers, note: try input.text(F.note))
    }
}

/// A swap on a shift (换班): one person replaces another, with the reason; the roster keeps both.
public struct DutySwap: Sendable, Codable, Equatable {
    public let shiftID: UUID
    public let from: String
    public let to: String
    public let reason: String
    public let by: String
    public let at: Date

    public init(shiftID: UUID, from: String, to: String, reason: String, by: String, at: Date) {
        self.shiftID = shiftID
        self.from = from
        self.to = to
        self.reason = reason
        self.by = by
        self.at = at
    }

    public enum Field {
        public static let from = InputField("from", label: "换出人", context: "duty")
        public static let to = InputField("to", label: "换入人", context: "duty")
        public static let reason = InputField("reason", label: "换班理由", context: "duty", maxLength: 200)
    }

    public static func parse(_ input: some CommandInput) throws -> (from: String, to: String, reason: String) {
        let from = try input.requiredText(Field.from), to = try input.requiredText(Field.to)
        guard from != to else { throw AnlanError.invalid("duty.swap_same_person", "换入人与换出人不能是同一人。", field: Field.to.name) }
        return (from, to, try input.requiredText(Field.reason))
    }
}

/// The handover (交接班) from one shift to the next: what the outgoing shift leaves open, acknowledged by the incoming one.
public struct DutyHandover: Sendable, Codable, Equatable {
    public let id: UUID
    public let fromShiftID: UUID
    public let toShiftID: UUID
    public let text: String
    public let writtenBy: String
    public let writtenAt: Date
    public var acknowledgedBy: String?
    public var acknowledgedAt: Date?

    public init(
        id: UUID, fromShiftID: UUID, toShiftID: UUID, text: String, writtenBy: String, writtenAt: Date, acknowledgedBy: String?,
        acknowledgedAt: Date?
    ) {
        self.id = id
        self.fromShiftID = fromShiftID
        self.toShiftID = toShiftID
        self.text = text
        self.writtenBy = writtenBy
        self.writtenAt = writtenAt
        self.acknowledgedBy = acknowledgedBy
        self.acknowledgedAt = acknowledgedAt
    }

    public static let text = InputField("text", label: "交班事项", context: "duty", codeStem: "handover_text", maxLength: 2000)
}

/// How a report reached the duty desk.
public enum ReportChannel: String, Sendable, Codable, CaseIterable {
    case phone, message, upstream, infoOfficer, township, other

    public var label: String {
        switch self {
        case .phone: "电话"
        case .message: "短信或即时消息"
        case .upstream: "上级通知"
        case .infoOfficer: "灾害信息员报告"
        case .township: "乡镇（部门）报告"
        case .other: "其他"
        }
    }
}

/// A report received at the duty desk (接报记录): logged in seconds, then made an incident or attached to one.
public struct IncomingReport: Sendable, Codable, Equatable {
    public let id: UUID
    public let receivedAt: Date
    public let channel: ReportChannel
    public let caller: String
    public let number: String?
    public let unit: String?
    public let text: String
    public let divisionCode: String
    public let place: String?
    public var incidentID: UUID?
    public let loggedBy: String

    public init(
        id: UUID, receivedAt: Date, channel: ReportChannel, caller: String, number: String?, unit: String?, text: String,
        divisionCode: String,
        place: String?, incidentID: UUID?, loggedBy: String
    ) {
        self.id = id
        self.receivedAt = receivedAt
        self.channel = channel
        self.caller = caller
        self.number = number
        self.unit = unit
        self.text = text
        self.divisionCode = divisionCode
        self.place = place
        self.incidentID = incidentID
        self.loggedBy = loggedBy
    }
}

public struct IncomingReportDraft: Sendable, Equatable {
    public enum Field {
        public static let receivedAt = InputField("receivedAt", label: "接报时间", context: "report")
        public static let channel = InputField("channel", label: "来报方式", context: "report")
        public static let caller = InputField("caller", label: "报告人", context: "report", maxLength: 40)
        public static let number = InputField(
            "number", label: "联系电话", context: "report", maxLength: 30, invalidMessage: "联系电话只能含数字、空格、加号和连字符。")
        public static let unit = InputField("unit", label: "报告单位", context: "report", maxLength: 60)
        public static let text = InputField("text", label: "来报内容", context: "report", maxLength: 2000)
        public static let divisionCode = InputField("divisionCode", label: "所涉区划", context: "report", invalidMessage: "所涉区划须为 12 位行政区划代码。")
        public static let place = InputField("place", label: "地点", context: "report", maxLength: 200)
        public static let incident = InputField("incidentId", label: "并入事件", context: "report", codeStem: "incident")
    }

    public var receivedAt: Date
    public var channel: ReportChannel
    public var caller: String
    public var number: String?
    public var unit: String?
    public var text: String
    public var divisionCode: DivisionCode?
    public var place: String?
    public var incidentID: UUID?

    public init(
        receivedAt: Date, channel: ReportChannel, caller: String, number: String? = nil, unit: String? = nil, text: String,
        divisionCode: DivisionCode? = nil, place: String? = nil, incidentID: UUID? = nil
    ) {
        self.receivedAt = receivedAt
        self.channel = channel
        self.caller = caller
        self.number = number
        self.unit = unit
        self.text = text
        self.divisionCode = divisionCode
        self.place = place
        self.incidentID = incidentID
    }

    /// The time received defaults to now; it may be entered later, but not in the future nor more than a week back.
    public static func parse(_ input: some CommandInput, now: Date) throws -> IncomingReportDraft {
        typealias F = Field
        let received = try input.moment(F.receivedAt) ?? now
        guard received <= now.addingTimeInterval(120), received >= now.addingTimeInterval(-7 * 86_400) else {
            throw AnlanError.invalid("report.received_at_invalid", "接报时间不能晚于现在，也不能早于 7 天前。", field: F.receivedAt.name)
        }
        guard let channel = ReportChannel(rawValue: try input.text(F.channel) ?? ReportChannel.phone.rawValue) else {
            throw F.channel.invalid
        }
        let number = try input.text(F.number)
        if let number, !number.allSatisfy({ $0.isASCII && ($0.isNumber || " +-".contains($0)) }) { throw F.number.invalid }
        var division: DivisionCode?
        if let code = try input.text(F.divisionCode) {
            guard let d = try? DivisionCode(code) else { throw F.divisionCode.invalid }
            division = d
        }
        return IncomingReportDraft(
            receivedAt: received, channel: channel, caller: try input.requiredText(F.caller), number: number, unit: try input.text(F.unit),
            text: try input.requiredText(F.text), divisionCode: division, place: try input.text(F.place),
            incidentID: try input.uuid(F.incident))
    }
}

public enum DutyErrors {
    public static let shiftNotFound = AnlanError.notFound("duty.shift_not_found", "班次不存在。")
    public static let handoverNotFound = AnlanError.notFound("duty.handover_not_found", "交接班记录不存在。")
    public static func shiftExists(_ day: Day) -> AnlanError {
        AnlanError(.conflict, code: "duty.shift_exists", message: "\(day) 已排有与之重叠的班次；请在该日的值班表上换班，或撤销后重排。")
    }
    public static let shiftStarted = AnlanError(.conflict, code: "duty.shift_started", message: "已开始的班次不能撤销；请换班。")
    public static let shiftInUse = AnlanError(.conflict, code: "duty.shift_in_use", message: "该班次已有换班或交接班记录，不能撤销；请换班。")
    public static let shiftOver = AnlanError(.conflict, code: "duty.shift_over", message: "该班次已结束，不能再换班。")
    public static let notOnShift = AnlanError(.conflict, code: "duty.not_on_shift", message: "换出人不在该班次上。")
    public static let acknowledged = AnlanError(.conflict, code: "duty.handover_acknowledged", message: "该交接班已签收。")
    public static let notIncoming = AnlanError(.forbidden, code: "duty.not_incoming", message: "只有接班的带班领导或值班员可以签收交接班。")
    public static let noNextShift = AnlanError(.conflict, code: "duty.no_next_shift", message: "尚未排下一班，无法交班；请先排班。")
    public static let notOutgoing = AnlanError(.forbidden, code: "duty.not_outgoing", message: "只有本班带班领导或值班员可以交班。")
    public static func person(_ username: String, _ why: String) -> AnlanError {
        AnlanError.invalid("duty.person_invalid", "“\(username)”\(why)。", field: "officers")
    }
    public static func doubleBooked(_ name: String) -> AnlanError {
        AnlanError(.conflict, code: "duty.person_double_booked", message: "\(name)在该时段已有值班。")
    }
}
