import AnlanCore
import Foundation
import SQLKit

/// The duty desk: the roster of the county bureau's shifts (带班领导 and 值班员) with its swaps, the handover from one shift
/// to the next, and the reports the desk receives. The roster keeper (`arrangeDuty`) arranges shifts; the people on a
/// shift swap their own places and hand over; the desk (`keepDuty`) logs reports.
public struct DutyRepository: Sendable {
    let database: Database
    let environment: AnlanCore.Environment
    let audit: AuditLog
    let divisions: DivisionRepository
    let incidents: IncidentRepository
    let reports = ScopedTable(name: "incoming_reports", divisionColumn: "division_code")

    /// The roles that stand duty (those that keep the desk); the 带班领导 is one of the bureau's leaders.
    public static let officerRoles = Set(Role.allCases.filter { $0.can(.keepDuty) })
    /// The longest stretch of roster read at once (a month and a bit on either side).
    public static let maximumRangeDays = 62

    /// Bureau roles read the roster and the duty desk; enterprise officers do not.
    static func requireReader(_ caller: Caller) throws {
        if caller.isConsole { return }
        guard let role = caller.role, role.can(.readBusinessData), role != .enterpriseOfficer else { throw AnlanError.forbidden }
    }

    var now: Date { environment.now() }

    // MARK: - Roster

    /// The shifts from `from` through `to` (at most `maximumRangeDays`), in order.
    public func shifts(from: Day, to: Day, by caller: Caller) async throws -> [DutyShift] {
        try Self.requireReader(caller)
        guard from <= to, to.ordinal - from.ordinal < Self.maximumRangeDays else {
            throw AnlanError.invalid("duty.range_invalid", "值班表一次最多查看 \(Self.maximumRangeDays) 天，且起始日期不能晚于结束日期。", field: "from")
        }
        let rows = try await database.reader.select().column("*").from("duty_shifts")
            .where("day", .greaterThanOrEqual, SQLBind(from.description)).where("day", .lessThanOrEqual, SQLBind(to.description))
            .orderBy("starts_at").all()
        return try await decode(rows, on: database.reader)
    }

    public func shift(_ id: UUID, by caller: Caller) async throws -> DutyShift {
        try Self.requireReader(caller)
        guard let shift = try await shift(id, on: database.reader) else { throw DutyErrors.shiftNotFound }
        return shift
    }

    /// The shift on duty at `moment`, and the one after it.
    public func onDuty(at moment: Date, by caller: Caller) async throws -> (current: DutyShift?, next: DutyShift?) {
        try Self.requireReader(caller)
        let at = Timestamp.string(moment)
        let current = try await decode(
            try await database.reader.select().column("*").from("duty_shifts").where("starts_at", .lessThanOrEqual, SQLBind(at))
                .where("ends_at", .greaterThan, SQLBind(at)).orderBy("starts_at").limit(1).all(), on: database.reader
        ).first
        let after = current.map { Timestamp.string($0.endsAt) } ?? at
        let next = try await decode(
            try await database.reader.select().column("*").from("duty_shifts").where("starts_at", .greaterThanOrEqual, SQLBind(after))
                .orderBy("starts_at").limit(1).all(), on: database.reader
        ).first
        return (current, next)
    }

    /// Who may stand duty, for the roster form: the county bureau's active leaders, duty officers, staff and inspectors.
    public func candidates(by caller: Caller) async throws -> [(username: String, name: String, role: Role)] {
        try Self.requireReader(caller)
        return try await database.reader.select().columns("username", "display_name", "role").from("users")
            .where("role", .in, SQLBind.group(Self.officerRoles.map(\.rawValue).sorted())).where("is_active", .equal, SQLBind(1))
            .where("division_code", .like, SQLBind("%000000")).orderBy("role").orderBy("username").all()
            .compactMap { row in
                guard let role = Role(rawValue: try row.decode(column: "role", as: String.self)) else { return nil }
                return (try row.decode(column: "username", as: String.self), try row.decode(column: "display_name", as: String.self), role)
            }
    }

    public func arrange(_ draft: DutyShiftDraft, by caller: Caller) async throws -> DutyShift {
        try caller.require(.arrangeDuty)
        let home = try await divisions.home(of: caller)
        let shift = DutyShift(
            id: environment.newID(), day: draft.day, period: draft.period, leader: draft.leader, officers: draft.officers, note: draft.note)
        guard shift.endsAt > now else {
            throw AnlanError.invalid("duty.day_invalid", "不能为已经结束的时段排班。", field: DutyShiftDraft.Field.day.name)
        }
        try await database.write(by: caller, at: now, audit: audit) { tx in
            try await Self.checkPeople(shift.people, leader: shift.leader, on: tx.sql)
            // One shift at a time: a day's 24-hour shift and its day or night shift cannot both exist.
            if try await Self.overlapping(shift, on: tx.sql).isEmpty == false { throw DutyErrors.shiftExists(shift.day) }
            try await tx.sql.insert(into: "duty_shifts")
                .columns("id", "day", "period", "starts_at", "ends_at", "division_code", "note", "created_by", "created_at")
                .values(
                    SQLBind.id(shift.id), SQLBind(shift.day.description), SQLBind(shift.period.rawValue),
                    SQLBind(Timestamp.string(shift.startsAt)),
                    SQLBind(Timestamp.string(shift.endsAt)), SQLBind(home.rawValue), SQLBind(shift.note),
                    SQLBind(tx.caller.username ?? "-"),
                    SQLBind(Timestamp.string(tx.now))
                ).run()
            for (position, username) in shift.people.enumerated() {
                try await tx.sql.insert(into: "duty_shift_members").columns("shift_id", "username", "post", "position")
                    .values(SQLBind.id(shift.id), SQLBind(username), SQLBind(position == 0 ? "leader" : "officer"), SQLBind(position)).run()
            }
            try await tx.record(
                AuditEvent(action: "duty.arrange", targetType: "duty_shift", targetID: shift.id.key, after: auditJSON(shift)))
        }
        return shift
    }

    /// 撤销排班: a shift not yet begun, with no swap or handover recorded on it, is taken off the roster (audited).
    public func cancel(_ shiftID: UUID, by caller: Caller) async throws -> DutyShift {
        try caller.require(.arrangeDuty)
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            guard let shift = try await shift(shiftID, on: tx.sql, lock: true) else { throw DutyErrors.shiftNotFound }
            guard shift.startsAt > tx.now else { throw DutyErrors.shiftStarted }
            let key = SQLBind.id(shiftID)
            let swapped = try await tx.sql.select().column("id").from("duty_swaps").where("shift_id", .equal, key).first() != nil
            let handed =
                try await tx.sql.select().column("id").from("duty_handovers").where("from_shift_id", .equal, key)
                .orWhere("to_shift_id", .equal, key).first() != nil
            guard !swapped && !handed else { throw DutyErrors.shiftInUse }
            try await tx.sql.delete(from: "duty_shift_members").where("shift_id", .equal, key).run()
            try await tx.sql.delete(from: "duty_shifts").where("id", .equal, key).run()
            try await tx.record(
                AuditEvent(action: "duty.cancel", targetType: "duty_shift", targetID: shiftID.key, before: auditJSON(shift)))
            return shift
        }
    }

    /// 换班: `to` takes `from`'s place on a shift not yet over. The roster keeper records any swap; a person on the shift
    /// records their own.
    public func swap(_ shiftID: UUID, from: String, to: String, reason: String, by caller: Caller) async throws -> DutyShift {
        try Self.requireReader(caller)
        let keeper = caller.isConsole || caller.role?.can(.arrangeDuty) == true
        guard keeper || (caller.username == from && caller.role?.can(.keepDuty) == true) else { throw AnlanError.forbidden }
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            guard var shift = try await shift(shiftID, on: tx.sql, lock: true) else { throw DutyErrors.shiftNotFound }
            guard shift.endsAt > tx.now else { throw DutyErrors.shiftOver }
            guard shift.people.contains(from) else { throw DutyErrors.notOnShift }
            guard !shift.people.contains(to) else { throw DutyErrors.doubleBooked(to) }
            let before = shift
            if shift.leader == from { shift.leader = to } else { shift.officers = shift.officers.map { $0 == from ? to : $0 } }
            try await Self.checkPeople([to], leader: shift.leader == to ? to : nil, on: tx.sql)
            let clash = try await Self.overlapping(shift, on: tx.sql).filter { $0.id != shift.id && $0.people.contains(to) }
            if !clash.isEmpty { throw DutyErrors.doubleBooked(to) }
            try await tx.sql.update("duty_shift_members").set("username", to: SQLBind(to)).where("shift_id", .equal, SQLBind.id(shiftID))
                .where("username", .equal, SQLBind(from)).run()
            let swap = DutySwap(shiftID: shiftID, from: from, to: to, reason: reason, by: tx.caller.username ?? "-", at: tx.now)
            try await tx.sql.insert(into: "duty_swaps").columns(
                "id", "shift_id", "from_user", "to_user", "reason", "recorded_by", "recorded_at"
            )
            .values(
                SQLBind.id(environment.newID()), SQLBind.id(shiftID), SQLBind(from), SQLBind(to), SQLBind(reason), SQLBind(swap.by),
                SQLBind(Timestamp.string(tx.now))
            ).run()
            try await tx.record(
                AuditEvent(
                    action: "duty.swap", targetType: "duty_shift", targetID: shiftID.key, before: auditJSON(before), after: auditJSON(swap))
            )
            return shift
        }
    }

    public func swaps(of shiftIDs: [UUID]) async throws -> [DutySwap] {
        guard !shiftIDs.isEmpty else { return [] }
        return try await database.reader.select().column("*").from("duty_swaps").where("shift_id", .in, SQLBind.group(shiftIDs.map(\.key)))
            .orderBy("recorded_at").all().map { row in
                DutySwap(
                    shiftID: try row.decodeID("shift_id"), from: try row.decode(column: "from_user", as: String.self),
                    to: try row.decode(column: "to_user", as: String.self), reason: try row.decode(column: "reason", as: String.self),
                    by: try row.decode(column: "recorded_by", as: String.self),
                    at: Timestamp.date(try row.decode(column: "recorded_at", as: String.self)) ?? .distantPast)
            }
    }

    // MARK: - Handover

    /// 交班: someone on the shift writes what the next shift takes over; the next shift must be arranged.
    public func handOver(_ shiftID: UUID, text: String, by caller: Caller) async throws -> DutyHandover {
        try caller.require(.keepDuty)
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            guard let shift = try await shift(shiftID, on: tx.sql, lock: true) else { throw DutyErrors.shiftNotFound }
            guard tx.caller.isConsole || shift.people.contains(tx.caller.username ?? "") else { throw DutyErrors.notOutgoing }
            if try await tx.sql.select().column("id").from("duty_handovers").where("from_shift_id", .equal, SQLBind.id(shiftID)).first()
                != nil
            {
                throw AnlanError(.conflict, code: "duty.handover_exists", message: "本班已交班。")
            }
            guard
                let next = try await decode(
                    try await tx.sql.select().column("*").from("duty_shifts")
                        .where("starts_at", .greaterThanOrEqual, SQLBind(Timestamp.string(shift.endsAt))).orderBy("starts_at").limit(1)
                        .all(),
                    on: tx.sql
                ).first
            else { throw DutyErrors.noNextShift }
            let handover = DutyHandover(
                id: environment.newID(), fromShiftID: shiftID, toShiftID: next.id, text: text, writtenBy: tx.caller.username ?? "-",
                writtenAt: tx.now, acknowledgedBy: nil, acknowledgedAt: nil)
            try await tx.sql.insert(into: "duty_handovers").columns(
                "id", "from_shift_id", "to_shift_id", "text", "written_by", "written_at"
            )
            .values(
                SQLBind.id(handover.id), SQLBind.id(shiftID), SQLBind.id(next.id), SQLBind(text), SQLBind(handover.writtenBy),
                SQLBind(Timestamp.string(tx.now))
            ).run()
            try await tx.record(
                AuditEvent(action: "duty.hand_over", targetType: "duty_handover", targetID: handover.id.key, after: auditJSON(handover)))
            return handover
        }
    }

    /// 接班: someone on the incoming shift acknowledges the handover.
    public func acknowledge(_ handoverID: UUID, by caller: Caller) async throws -> DutyHandover {
        try caller.require(.keepDuty)
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            guard
                var handover = try await handovers(
                    tx.sql.select().column("*").from("duty_handovers").where("id", .equal, SQLBind.id(handoverID))
                ).first
            else { throw DutyErrors.handoverNotFound }
            guard handover.acknowledgedAt == nil else { throw DutyErrors.acknowledged }
            guard let incoming = try await shift(handover.toShiftID, on: tx.sql) else { throw DutyErrors.shiftNotFound }
            guard tx.caller.isConsole || incoming.people.contains(tx.caller.username ?? "") else { throw DutyErrors.notIncoming }
            handover.acknowledgedBy = tx.caller.username ?? "-"
            handover.acknowledgedAt = tx.now
            guard
                try await tx.sql.update("duty_handovers").set("acknowledged_by", to: SQLBind(handover.acknowledgedBy))
                    .set("acknowledged_at", to: SQLBind(Timestamp.string(tx.now))).where("id", .equal, SQLBind.id(handoverID))
                    .where(SQLColumn("acknowledged_at"), .is, SQLLiteral.null).returning("id").first() != nil
            else { throw DutyErrors.acknowledged }
            try await tx.record(
                AuditEvent(action: "duty.acknowledge", targetType: "duty_handover", targetID: handoverID.key, after: auditJSON(handover)))
            return handover
        }
    }

    /// The handovers written from or to any of these shifts.
    public func handovers(of shiftIDs: [UUID], by caller: Caller) async throws -> [DutyHandover] {
        try Self.requireReader(caller)
        guard !shiftIDs.isEmpty else { return [] }
        let keys = SQLBind.group(shiftIDs.map(\.key))
        return try await handovers(
            database.reader.select().column("*").from("duty_handovers").where("from_shift_id", .in, keys).orWhere("to_shift_id", .in, keys)
                .orderBy("written_at"))
    }

    func handovers(_ query: SQLSelectBuilder) async throws -> [DutyHandover] {
        try await query.all().map { row in
            DutyHandover(
                id: try row.decodeID("id"), fromShiftID: try row.decodeID("from_shift_id"), toShiftID: try row.decodeID("to_shift_id"),
                text: try row.decode(column: "text", as: String.self), writtenBy: try row.decode(column: "written_by", as: String.self),
                writtenAt: Timestamp.date(try row.decode(column: "written_at", as: String.self)) ?? .distantPast,
                acknowledgedBy: try row.decodeOptional("acknowledged_by", as: String.self),
                acknowledgedAt: try row.decodeOptional("acknowledged_at", as: String.self).flatMap(Timestamp.date))
        }
    }

    // MARK: - Incoming reports

    /// Logs a report; with an incident named, attaches it to that incident's timeline in the same transaction.
    public func log(_ draft: IncomingReportDraft, by caller: Caller) async throws -> IncomingReport {
        try caller.require(.keepDuty)
        let division: DivisionCode
        if let code = draft.divisionCode { division = code } else { division = try await divisions.home(of: caller) }
        try reports.requireWritable(division, by: caller)
        guard try await divisions.lookup(division, on: database.reader) != nil else {
            throw AnlanError.invalid("report.division_code_invalid", "所涉区划 \(division) 不存在。", field: "divisionCode")
        }
        let report = IncomingReport(
            id: environment.newID(), receivedAt: draft.receivedAt, channel: draft.channel, caller: draft.caller, number: draft.number,
            unit: draft.unit,
            text: draft.text, divisionCode: division.rawValue, place: draft.place, incidentID: nil, loggedBy: caller.username ?? "-")
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            var report = report
            try await tx.sql.insert(into: "incoming_reports")
                .columns(
                    "id", "received_at", "channel", "caller", "number", "unit", "text", "division_code", "place", "incident_id",
                    "logged_by", "logged_at"
                )
                .values(
                    SQLBind.id(report.id), SQLBind(Timestamp.string(report.receivedAt)), SQLBind(report.channel.rawValue),
                    SQLBind(report.caller),
                    SQLBind(report.number), SQLBind(report.unit), SQLBind(report.text), SQLBind(report.divisionCode), SQLBind(report.place),
                    SQLBind(String?.none), SQLBind(report.loggedBy), SQLBind(Timestamp.string(tx.now))
                ).run()
            try await tx.record(
                AuditEvent(action: "report.log", targetType: "incoming_report", targetID: report.id.key, after: auditJSON(report)))
            if let incidentID = draft.incidentID {
                try await incidents.attach(report, to: incidentID, in: tx)
                report.incidentID = incidentID
            }
            return report
        }
    }

    /// 并入: attaches a logged report to an open incident.
    public func attach(_ reportID: UUID, to incidentID: UUID, by caller: Caller) async throws -> IncomingReport {
        try caller.require(.keepDuty)
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            var report = try await report(reportID, on: tx.sql, for: tx.caller)
            guard report.incidentID == nil else { throw IncidentErrors.reportAttached }
            try await incidents.attach(report, to: incidentID, in: tx)
            report.incidentID = incidentID
            return report
        }
    }

    public struct ReportFilter: Sendable {
        public var unattached: Bool
        public var incidentID: UUID?
        public var since: Date?

        public init(unattached: Bool = false, incidentID: UUID? = nil, since: Date? = nil) {
            self.unattached = unattached
            self.incidentID = incidentID
            self.since = since
        }
    }

    public func reports(_ filter: ReportFilter, page: PageRequest, by caller: Caller) async throws -> Page<IncomingReport> {
        try Self.requireReader(caller)
        func apply(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = q
            if filter.unattached { q = q.where(SQLColumn("incident_id"), .is, SQLLiteral.null) }
            if let id = filter.incidentID { q = q.where("incident_id", .equal, SQLBind.id(id)) }
            if let since = filter.since { q = q.where("received_at", .greaterThanOrEqual, SQLBind(Timestamp.string(since))) }
            return q
        }
        let total = try await reports.count(database.reader, for: caller, apply)
        let rows = try await apply(reports.select(database.reader, for: caller).column("*")).orderBy("received_at", .descending).orderBy(
            "id"
        )
        .limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map(Self.decodeReport), total: total, request: page)
    }

    public func report(_ id: UUID, by caller: Caller) async throws -> IncomingReport {
        try Self.requireReader(caller)
        return try await report(id, on: database.reader, for: caller)
    }

    func report(_ id: UUID, on sql: any SQLDatabase, for caller: Caller) async throws -> IncomingReport {
        guard let row = try await reports.select(sql, for: caller).column("*").where("id", .equal, SQLBind.id(id)).first() else {
            throw IncidentErrors.reportNotFound
        }
        return try Self.decodeReport(row)
    }

    static func decodeReport(_ row: any SQLRow) throws -> IncomingReport {
        guard let channel = ReportChannel(rawValue: try row.decode(column: "channel", as: String.self)),
            let received = Timestamp.date(try row.decode(column: "received_at", as: String.self))
        else { throw AnlanError.recordCorrupt("来报记录") }
        return IncomingReport(
            id: try row.decodeID("id"), receivedAt: received, channel: channel, caller: try row.decode(column: "caller", as: String.self),
            number: try row.decodeOptional("number", as: String.self), unit: try row.decodeOptional("unit", as: String.self),
            text: try row.decode(column: "text", as: String.self), divisionCode: try row.decode(column: "division_code", as: String.self),
            place: try row.decodeOptional("place", as: String.self), incidentID: try row.decodeOptionalID("incident_id"),
            loggedBy: try row.decode(column: "logged_by", as: String.self))
    }

    // MARK: - Reading shifts

    func shift(_ id: UUID, on sql: any SQLDatabase, lock: Bool = false) async throws -> DutyShift? {
        var query = sql.select().column("*").from("duty_shifts").where("id", .equal, SQLBind.id(id))
        if lock { query = query.for(.update) }
        return try await decode(try await query.all(), on: sql).first
    }

    /// Shifts whose time overlaps this one's.
    static func overlapping(_ shift: DutyShift, on sql: any SQLDatabase) async throws -> [DutyShift] {
        let rows = try await sql.select().column("*").from("duty_shifts").where(
            "starts_at", .lessThan, SQLBind(Timestamp.string(shift.endsAt))
        )
        .where("ends_at", .greaterThan, SQLBind(Timestamp.string(shift.startsAt))).all()
        return try await DutyRepository.decodeShifts(rows, on: sql)
    }

    func decode(_ rows: [any SQLRow], on sql: any SQLDatabase) async throws -> [DutyShift] { try await Self.decodeShifts(rows, on: sql) }

    static func decodeShifts(_ rows: [any SQLRow], on sql: any SQLDatabase) async throws -> [DutyShift] {
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.decodeID("id") }
        var members: [UUID: [(Int, String)]] = [:]
        for row in try await sql.select().columns("shift_id", "username", "position").from("duty_shift_members")
            .where("shift_id", .in, SQLBind.group(ids.map(\.key))).all()
        {
            members[try row.decodeID("shift_id"), default: []].append(
                (try row.decode(column: "position", as: Int.self), try row.decode(column: "username", as: String.self)))
        }
        return try rows.map { row in
            let id = try row.decodeID("id")
            guard let day = Day(try row.decode(column: "day", as: String.self)),
                let period = DutyPeriod(rawValue: try row.decode(column: "period", as: String.self))
            else { throw AnlanError.recordCorrupt("班次") }
            let people = (members[id] ?? []).sorted { $0.0 < $1.0 }.map(\.1)
            return DutyShift(
                id: id, day: day, period: period, leader: people.first ?? "-", officers: Array(people.dropFirst()),
                note: try row.decodeOptional("note", as: String.self))
        }
    }

    /// Each person is an active account of the county bureau in a role that stands duty; the leader is a bureau leader.
    static func checkPeople(_ usernames: [String], leader: String?, on sql: any SQLDatabase) async throws {
        let rows = try await sql.select().columns("username", "role", "is_active", "division_code").from("users")
            .where("username", .in, SQLBind.group(usernames)).all()
        var found: [String: (Role?, Bool, String)] = [:]
        for row in rows {
            found[try row.decode(column: "username", as: String.self)] = (
                Role(rawValue: try row.decode(column: "role", as: String.self)), try row.decode(column: "is_active", as: Int.self) != 0,
                try row.decode(column: "division_code", as: String.self)
            )
        }
        for name in usernames {
            guard let (role, active, division) = found[name] else { throw DutyErrors.person(name, "不是本系统的账号") }
            guard active else { throw DutyErrors.person(name, "的账号已停用") }
            guard let role, officerRoles.contains(role), division.hasSuffix("000000") else { throw DutyErrors.person(name, "不是县局值班人员") }
            if name == leader && role != .bureauLeader {
                throw AnlanError.invalid("duty.leader_invalid", "带班领导须为局领导（“\(name)”不是）。", field: "leader")
            }
        }
    }
}
