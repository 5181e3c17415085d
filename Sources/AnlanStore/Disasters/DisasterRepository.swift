import AnlanCore
import Crypto
import Foundation
import SQLKit

/// Disaster processes and their reports (自然灾害情况统计调查制度): the county opens a process naming the affected
/// townships; villages and townships enter cumulative figures (the township accepts or returns a village's); the county
/// sends 初报, 续报 and 核报 built from the accepted figures; the two 台账 stand behind the deaths, the missing and the
/// damaged houses. The report clock (`DisasterClock`) is worked out on each reading, never stored.
public struct DisasterRepository: Sendable {
    let database: Database
    let environment: AnlanCore.Environment
    let audit: AuditLog
    let divisions: DivisionRepository
    let catalogs: SupervisionCatalogs
    let notifications: NotificationRepository
    let entries = ScopedTable(name: "disaster_entries", divisionColumn: "division_code")
    let casualties = ScopedTable(name: "disaster_casualties", divisionColumn: "division_code")
    static let housesTable = ScopedTable(name: "disaster_houses", divisionColumn: "division_code")
    var houses: ScopedTable { Self.housesTable }

    var now: Date { environment.now() }

    public static let settingsKey = "disaster_report_settings"
    static var figureColumns: [String] { DisasterIndicator.allCases.map(\.column) }

    // MARK: - Settings

    public func settings() async throws -> DisasterReportSettings {
        try await catalogs.stored(Self.settingsKey, as: DisasterReportSettings.self) ?? .standard
    }

    public func setSettings(_ settings: DisasterReportSettings, by caller: Caller) async throws {
        try caller.require(.configureCatalogs)
        guard (0...23).contains(settings.progressHour) else {
            throw AnlanError.invalid("disaster.setting_invalid", "续报时刻须为 0 到 23 时。", field: "progressHour")
        }
        guard (1...30).contains(settings.droughtProgressDays) else {
            throw AnlanError.invalid("disaster.setting_invalid", "干旱续报间隔须为 1 到 30 日。", field: "droughtProgressDays")
        }
        guard (1...30).contains(settings.finalWorkingDays) else {
            throw AnlanError.invalid("disaster.setting_invalid", "核报时限须为 1 到 30 个工作日。", field: "finalWorkingDays")
        }
        try await catalogs.save(
            settings, key: Self.settingsKey, before: try await self.settings(), action: "disaster_settings.update", by: caller)
    }

    // MARK: - Events

    /// A caller at county level (or the console): only they report up and decide a process has stabilised.
    static func requireCounty(_ caller: Caller) throws {
        if caller.isConsole { return }
        guard let root = caller.jurisdiction.root, root.level == .county else { throw DisasterErrors.countyOnly }
    }

    public func open(_ draft: DisasterEventDraft, by caller: Caller) async throws -> DisasterEvent {
        try caller.require(.keepDuty)
        try Self.requireCounty(caller)
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            for code in draft.townships {
                guard tx.caller.jurisdiction.contains(code), try await divisions.lookup(code, on: tx.sql) != nil else {
                    throw AnlanError.notFound("division.not_found", "区划 \(code) 不存在或不在您的辖区内。")
                }
            }
            let year = String(Timestamp.day(draft.startedAt).prefix(4))
            let seq = try await Sequences.next(
                "disaster_sequences", key: [("year", SQLBind(year))], on: tx.sql,
                failure: AnlanError(.conflict, code: "disaster.sequence_failed", message: "灾害过程编号分配失败，请重试。"))
            let event = DisasterEvent(
                id: environment.newID(), number: "ZH\(year)-" + String(format: "%03d", seq), type: draft.type, name: draft.name,
                startedAt: draft.startedAt, learnedAt: draft.learnedAt, townships: draft.townships.map(\.rawValue),
                description: draft.description, state: .responding, createdBy: tx.caller.username ?? "-", createdAt: tx.now)
            try await tx.sql.insert(into: "disaster_events")
                .columns(
                    "id", "number", "county_code", "type", "name", "started_at", "learned_at", "description", "state", "created_by",
                    "created_at", "updated_at"
                )
                .values(
                    SQLBind.id(event.id), SQLBind(event.number), SQLBind(String(event.townships[0].prefix(6)) + "000000"),
                    SQLBind(event.type.rawValue), SQLBind(event.name), SQLBind(Timestamp.string(event.startedAt)),
                    SQLBind(Timestamp.string(event.learnedAt)), SQLBind(event.description), SQLBind(event.state.rawValue),
                    SQLBind(event.createdBy), SQLBind(Timestamp.string(tx.now)), SQLBind(Timestamp.string(tx.now))
                ).run()
            try await insertTownships(event.id, event.townships, on: tx.sql)
            try await tx.record(
                AuditEvent(action: "disaster.open", targetType: "disaster", targetID: event.id.key, after: auditJSON(event)))
            return event
        }
    }

    private func insertTownships(_ id: UUID, _ codes: [String], on sql: any SQLDatabase) async throws {
        for code in codes {
            try await sql.insert(into: "disaster_event_townships").columns("event_id", "division_code")
                .values(SQLBind.id(id), SQLBind(code)).run()
        }
    }

    /// Declares the process stabilised (the 核报 falls due), resumes 续报 when it flared up again, or adds townships the
    /// disaster reached later.
    public func move(_ id: UUID, _ move: DisasterEventMove, townships added: [DivisionCode] = [], by caller: Caller) async throws
        -> DisasterEvent
    {
        try caller.require(.keepDuty)
        try Self.requireCounty(caller)
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            let before = try await lock(id, in: tx)
            guard before.state != .closed else { throw DisasterErrors.closed }
            var after = before
            switch move {
            case .stabilise:
                guard before.state == .responding else { throw DisasterErrors.notResponding }
                let initial = try await tx.sql.select().column("id").from("disaster_reports").where("event_id", .equal, SQLBind.id(id))
                    .where("stage", .equal, SQLBind(DisasterStage.initial.rawValue)).first()
                guard initial != nil else { throw DisasterErrors.noInitial }
                after.state = .stabilised
                after.stabilisedAt = tx.now
            case .resume:
                guard before.state == .stabilised else {
                    throw AnlanError(.conflict, code: "disaster.not_stabilised", message: "灾情仍在发展中，无需恢复续报。")
                }
                after.state = .responding
                after.stabilisedAt = nil
            case .addTownships:
                // A township named twice in the request is added once (the fuzz run found the second insert's 500).
                var new: [String] = []
                for code in added.map(\.rawValue) where !before.townships.contains(code) && !new.contains(code) { new.append(code) }
                guard !new.isEmpty else {
                    throw AnlanError.invalid("disaster.townships_invalid", "请选择尚未列入的受灾乡镇。", field: "townships")
                }
                for code in added where !before.townships.contains(code.rawValue) {
                    guard code.level == .township, tx.caller.jurisdiction.contains(code),
                        try await divisions.lookup(code, on: tx.sql) != nil
                    else { throw AnlanError.notFound("division.not_found", "区划 \(code) 不存在或不在您的辖区内。") }
                }
                try await insertTownships(id, new, on: tx.sql)
                after.townships = (before.townships + new).sorted()
            }
            try await tx.sql.update("disaster_events").set("state", to: SQLBind(after.state.rawValue))
                .set("stabilised_at", to: SQLBind(after.stabilisedAt.map(Timestamp.string)))
                .set("updated_at", to: SQLBind(Timestamp.string(tx.now))).where("id", .equal, SQLBind.id(id)).run()
            try await tx.record(
                AuditEvent(
                    action: "disaster.\(move.rawValue)", targetType: "disaster", targetID: id.key, before: auditJSON(before),
                    after: auditJSON(after)))
            return after
        }
    }

    /// Events the caller may see: a county caller those of the county; a township's or village's caller those naming
    /// their township.
    func visible(_ q: SQLSelectBuilder, for caller: Caller) -> SQLSelectBuilder {
        let prefix = caller.jurisdiction.codePrefix
        if prefix.count <= 6 { return q.where(SQLColumn("county_code"), .like, SQLLiteral.divisionPrefix(prefix)) }
        let township = String(prefix.prefix(9)) + "000"
        return q.where(
            SQLRaw(
                "EXISTS (SELECT 1 FROM disaster_event_townships t WHERE t.event_id = disaster_events.id AND t.division_code = '\(township.filter(\.isNumber))')"
            ))
    }

    func lock(_ id: UUID, in tx: Transaction) async throws -> DisasterEvent {
        guard
            let row = try await visible(tx.sql.select().column("*").from("disaster_events"), for: tx.caller)
                .where("id", .equal, SQLBind.id(id)).for(.update).first()
        else { throw DisasterErrors.notFound }
        return try Self.decodeEvent(row, townships: try await Self.townships(of: [id], on: tx.sql)[id] ?? [])
    }

    public struct Filter: Sendable {
        public var state: DisasterEventState?
        public var open: Bool?
        public var type: DisasterType?
        public var year: Int?

        public init(state: DisasterEventState? = nil, open: Bool? = nil, type: DisasterType? = nil, year: Int? = nil) {
            self.state = state
            self.open = open
            self.type = type
            self.year = year
        }
    }

    private func apply(_ f: Filter, to q: SQLSelectBuilder) -> SQLSelectBuilder {
        var q = q
        if let state = f.state { q = q.where("state", .equal, SQLBind(state.rawValue)) }
        if f.open == true { q = q.where("state", .notEqual, SQLBind(DisasterEventState.closed.rawValue)) }
        if let type = f.type { q = q.where("type", .equal, SQLBind(type.rawValue)) }
        if let year = f.year, let first = Day(year: year, month: 1, day: 1), let next = Day(year: year + 1, month: 1, day: 1) {
            q = q.where("started_at", .greaterThanOrEqual, SQLBind(Timestamp.string(Moment.at(first, minute: 0))))
                .where("started_at", .lessThan, SQLBind(Timestamp.string(Moment.at(next, minute: 0))))
        }
        return q
    }

    public func list(_ filter: Filter, page: PageRequest, by caller: Caller) async throws -> Page<DisasterEvent> {
        try caller.require(.readBusinessData)
        let total =
            try await apply(filter, to: visible(database.reader.select().from("disaster_events"), for: caller))
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").first(decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await apply(filter, to: visible(database.reader.select().column("*").from("disaster_events"), for: caller))
            .orderBy("started_at", .descending).orderBy("id").limit(page.pageSize).offset(page.offset).all()
        let ids = try rows.map { try $0.decodeID("id") }
        let townships = try await Self.townships(of: ids, on: database.reader)
        return Page(
            items: try rows.map { try Self.decodeEvent($0, townships: townships[try $0.decodeID("id")] ?? []) }, total: total, request: page
        )
    }

    public func get(_ id: UUID, by caller: Caller) async throws -> DisasterEvent {
        try caller.require(.readBusinessData)
        guard
            let row = try await visible(database.reader.select().column("*").from("disaster_events"), for: caller)
                .where("id", .equal, SQLBind.id(id)).first()
        else { throw DisasterErrors.notFound }
        return try Self.decodeEvent(row, townships: try await Self.townships(of: [id], on: database.reader)[id] ?? [])
    }

    // MARK: - Entries

    /// Stores a village's or township's figures. The client's ID makes it idempotent: the same entry again returns the
    /// stored one (`replayed`); other content under a used ID is refused. A township's own entry (or the county's on
    /// its behalf) is accepted at once; a village's waits for the township. An earlier entry of the division still
    /// waiting is superseded. Refused, with nothing stored: inconsistent figures, cumulative figures that fell without a
    /// correction reason, deaths, missing persons or damaged houses beyond their 台账 rows.
    public func enter(_ eventID: UUID, _ draft: DisasterEntryDraft, by caller: Caller) async throws -> (
        entry: DisasterEntry, replayed: Bool
    ) {
        try caller.require(.reportDisasters)
        try draft.figures.check()
        let hash = SHA256.hash(
            data: Data(
                auditJSON(
                    EntryContent(
                        event: eventID.key, division: draft.divisionCode.rawValue, figures: draft.figures,
                        correctionReason: draft.correctionReason, note: draft.note)
                ).utf8)
        ).hexString
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            // The event's row lock orders every entry of the process, so the replay check and the cumulative check
            // below read what the entries before this one wrote, on both engines.
            let event = try await lock(eventID, in: tx)
            if try await Resend.isStored(
                in: "disaster_entries", id: draft.id.key, hash: hash, on: tx.sql, reused: DisasterErrors.idReused)
            {
                guard
                    let stored = try await entries.select(tx.sql, for: tx.caller).column("*").where("id", .equal, SQLBind.id(draft.id))
                        .first()
                else { throw DisasterErrors.idReused }
                return (try Self.decodeEntry(stored), true)
            }
            guard event.state != .closed else { throw DisasterErrors.closed }
            try entries.requireWritable(draft.divisionCode, by: tx.caller)
            guard event.township(of: draft.divisionCode) != nil else { throw DisasterErrors.divisionOutside }
            guard try await divisions.lookup(draft.divisionCode, on: tx.sql) != nil else {
                throw AnlanError.notFound("division.not_found", "区划 \(draft.divisionCode) 不存在或不在您的辖区内。")
            }
            let previous = try await latestAccepted(eventID, division: draft.divisionCode.rawValue, excluding: nil, on: tx.sql)
            try draft.figures.checkCumulative(from: previous?.figures, correctionReason: draft.correctionReason)
            try await checkLedgers(eventID, division: draft.divisionCode.rawValue, figures: draft.figures, on: tx.sql)
            let stage: DisasterStage =
                event.state != .responding ? .final : (previous == nil ? .initial : .progress)
            let reviewer =
                tx.caller.isConsole
                || (tx.caller.role?.can(.reviewDisasterReports) == true && tx.caller.jurisdiction.root?.level != .village)
            let entry = DisasterEntry(
                id: draft.id, eventID: eventID, divisionCode: draft.divisionCode.rawValue, stage: stage, figures: draft.figures,
                correctionReason: draft.correctionReason, note: draft.note, status: reviewer ? .accepted : .submitted,
                enteredBy: tx.caller.username ?? "-", enteredAt: tx.now, reviewedBy: reviewer ? tx.caller.username ?? "-" : nil,
                reviewedAt: reviewer ? tx.now : nil)
            try await tx.sql.update("disaster_entries").set("status", to: SQLBind(DisasterEntryStatus.superseded.rawValue))
                .where("event_id", .equal, SQLBind.id(eventID)).where("division_code", .equal, SQLBind(entry.divisionCode))
                .where("status", .equal, SQLBind(DisasterEntryStatus.submitted.rawValue)).run()
            try await tx.sql.insert(into: "disaster_entries")
                .columns(
                    ["id", "event_id", "division_code", "stage"] + Self.figureColumns + [
                        "correction_reason", "note", "content_hash", "status", "entered_by", "entered_at", "reviewed_by", "reviewed_at",
                    ]
                )
                .values(
                    [SQLBind.id(entry.id), SQLBind.id(eventID), SQLBind(entry.divisionCode), SQLBind(stage.rawValue)]
                        + DisasterIndicator.allCases.map { SQLBind(entry.figures[$0]) } + [
                            SQLBind(entry.correctionReason), SQLBind(entry.note), SQLBind(hash), SQLBind(entry.status.rawValue),
                            SQLBind(entry.enteredBy), SQLBind(Timestamp.string(tx.now)), SQLBind(entry.reviewedBy),
                            SQLBind(entry.reviewedAt.map(Timestamp.string)),
                        ]
                ).run()
            try await tx.record(
                AuditEvent(action: "disaster_entry.submit", targetType: "disaster_entry", targetID: entry.id.key, after: auditJSON(entry)))
            return (entry, false)
        }
    }

    struct EntryContent: Encodable {
        let event, division: String
        let figures: DisasterFigures
        let correctionReason, note: String?
    }

    /// The township accepts a village's figures (they become the village's figures now) or returns them with a note.
    public func review(_ entryID: UUID, accept: Bool, note: String?, by caller: Caller) async throws -> DisasterEntry {
        try caller.require(.reviewDisasterReports)
        if !accept && note == nil { throw DisasterErrors.returnNeedsNote }
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            guard
                let row = try await entries.select(tx.sql, for: tx.caller).column("event_id").where("id", .equal, SQLBind.id(entryID))
                    .first()
            else { throw DisasterErrors.entryNotFound }
            let event = try await lock(try row.decodeID("event_id"), in: tx)
            guard event.state != .closed else { throw DisasterErrors.closed }
            guard
                let current = try await entries.select(tx.sql, for: tx.caller).column("*").where("id", .equal, SQLBind.id(entryID)).first()
            else { throw DisasterErrors.entryNotFound }
            let before = try Self.decodeEntry(current)
            guard before.status == .submitted else { throw DisasterErrors.notPending }
            if accept {
                let previous = try await latestAccepted(event.id, division: before.divisionCode, excluding: entryID, on: tx.sql)
                try before.figures.checkCumulative(from: previous?.figures, correctionReason: before.correctionReason)
                try await checkLedgers(event.id, division: before.divisionCode, figures: before.figures, on: tx.sql)
            }
            var after = before
            after.status = accept ? .accepted : .returned
            after.reviewedBy = tx.caller.username ?? "-"
            after.reviewedAt = tx.now
            after.reviewNote = note
            try await tx.sql.update("disaster_entries").set("status", to: SQLBind(after.status.rawValue))
                .set("reviewed_by", to: SQLBind(after.reviewedBy)).set("reviewed_at", to: SQLBind(Timestamp.string(tx.now)))
                .set("review_note", to: SQLBind(note)).where("id", .equal, SQLBind.id(entryID)).run()
            // Whoever entered returned figures hears of it in their inbox, in the same transaction.
            if !accept, before.enteredBy != tx.caller.username {
                _ = try await notifications.enqueue(
                    NotificationDraft(
                        subject: "灾情填报被退回",
                        text: "\(event.number) \(event.name)：您 \(Moment.minutes(before.enteredAt)) 填报的灾情被乡镇退回。意见：\(note ?? "")。请核实后重新填报。",
                        channels: [.inApp], audience: .accounts([before.enteredBy])), in: tx)
            }
            try await tx.record(
                AuditEvent(
                    action: accept ? "disaster_entry.accept" : "disaster_entry.return", targetType: "disaster_entry",
                    targetID: entryID.key, before: auditJSON(before), after: auditJSON(after)))
            return after
        }
    }

    /// The division's figures now: its latest accepted entry (by when it was entered).
    func latestAccepted(_ eventID: UUID, division: String, excluding: UUID?, on sql: any SQLDatabase) async throws -> DisasterEntry? {
        var q = sql.select().column("*").from("disaster_entries").where("event_id", .equal, SQLBind.id(eventID))
            .where("division_code", .equal, SQLBind(division)).where("status", .equal, SQLBind(DisasterEntryStatus.accepted.rawValue))
        if let excluding { q = q.where("id", .notEqual, SQLBind.id(excluding)) }
        return try await q.orderBy("entered_at", .descending).orderBy("id", .descending).first().map(Self.decodeEntry)
    }

    /// Each death and missing person reported must have its row in the 因灾死亡失踪人口台账, and each damaged
    /// household its row in the 倒损住房户台账 (RULES §2), for the same division.
    func checkLedgers(_ eventID: UUID, division: String, figures: DisasterFigures, on sql: any SQLDatabase) async throws {
        let people = try await sql.select().column("status").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("disaster_casualties").where("event_id", .equal, SQLBind.id(eventID)).where("division_code", .equal, SQLBind(division))
            .groupBy("status").all()
        var listed: [String: Int] = [:]
        for row in people { listed[try row.decode(column: "status", as: String.self)] = try row.decode(column: "n", as: Int.self) }
        for (status, indicator) in [(DisasterCasualtyStatus.dead, DisasterIndicator.deaths), (.missing, .missing)] {
            let have = listed[status.rawValue] ?? 0
            if figures.count(indicator) > have {
                throw AnlanError(
                    .unprocessable, code: "disaster.casualty_ledger_short",
                    message:
                        "填报\(indicator.label) \(figures.count(indicator)) 人，但因灾死亡失踪人口台账中本区划仅登记\(status.label) \(have) 人。请先在台账中逐人登记姓名和身份证号码。",
                    details: ["field": indicator.rawValue, "listed": String(have)])
            }
        }
        let rows = try await sql.select().column("damage").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .column(SQLFunction("SUM", args: SQLColumn("rooms")), as: "rooms").from("disaster_houses")
            .where("event_id", .equal, SQLBind.id(eventID)).where("division_code", .equal, SQLBind(division)).groupBy("damage").all()
        var households: [String: (Int, Int)] = [:]
        for row in rows {
            households[try row.decode(column: "damage", as: String.self)] = (
                try row.decode(column: "n", as: Int.self), try row.decodeOptional("rooms", as: Int.self) ?? 0
            )
        }
        for damage in HouseDamage.allCases {
            let (count, rooms) = households[damage.rawValue] ?? (0, 0)
            if figures.count(damage.households) > count || figures.count(damage.rooms) > rooms {
                throw AnlanError(
                    .unprocessable, code: "disaster.house_ledger_short",
                    message:
                        "填报\(damage.label)房屋 \(figures.count(damage.households)) 户 \(figures.count(damage.rooms)) 间，但倒损住房户台账中本区划仅登记\(damage.label) \(count) 户 \(rooms) 间。请先在台账中逐户登记。",
                    details: ["field": figures.count(damage.households) > count ? damage.households.rawValue : damage.rooms.rawValue])
            }
        }
    }

    public struct EntryFilter: Sendable {
        public var status: DisasterEntryStatus?
        public var divisionCode: DivisionCode?

        public init(status: DisasterEntryStatus? = nil, divisionCode: DivisionCode? = nil) {
            self.status = status
            self.divisionCode = divisionCode
        }
    }

    /// The entries of a process the caller may see (a village's officer their village's), latest first.
    public func entries(of eventID: UUID, _ filter: EntryFilter, page: PageRequest, by caller: Caller) async throws -> Page<DisasterEntry> {
        _ = try await get(eventID, by: caller)
        func narrowed(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = q.where("event_id", .equal, SQLBind.id(eventID))
            if let status = filter.status { q = q.where("status", .equal, SQLBind(status.rawValue)) }
            if let code = filter.divisionCode {
                q = q.where(SQLColumn("division_code"), .like, SQLLiteral.divisionPrefix(code.jurisdictionPrefix))
            }
            return q
        }
        let total = try await entries.count(database.reader, for: caller, narrowed)
        let rows = try await narrowed(entries.select(database.reader, for: caller).column("*")).orderBy("entered_at", .descending)
            .orderBy("id").limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map(Self.decodeEntry), total: total, request: page)
    }

    public func entry(_ id: UUID, by caller: Caller) async throws -> DisasterEntry {
        try caller.require(.readBusinessData)
        guard let row = try await entries.select(database.reader, for: caller).column("*").where("id", .equal, SQLBind.id(id)).first()
        else { throw DisasterErrors.entryNotFound }
        return try Self.decodeEntry(row)
    }

    // MARK: - The county's reports

    /// Sends the next report up: the 初报 while none went, 续报 while the disaster lasts, the 核报 once it stabilised
    /// (which closes the process). Its figures are the accepted figures by township at this moment. A late report is
    /// stored and marked late, never refused. Figures lower than the last report's need a correction reason.
    public func report(
        _ eventID: UUID, forDay requested: Day? = nil, correctionReason: String?, note: String?, by caller: Caller
    ) async throws -> DisasterReport {
        try caller.require(.keepDuty)
        try Self.requireCounty(caller)
        let settings = try await settings()
        let calendar = try await catalogs.calendar()
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            let event = try await lock(eventID, in: tx)
            let reports = try await Self.reports(of: eventID, on: tx.sql)
            let stage: DisasterStage
            switch event.state {
            case .closed: throw DisasterErrors.closed
            case .stabilised: stage = reports.contains { $0.stage == .initial } ? .final : .initial
            case .responding: stage = reports.contains { $0.stage == .initial } ? .progress : .initial
            }
            let today = Day(tx.now)
            let forDay = requested ?? today
            guard stage == .progress || requested == nil || requested == today, forDay >= today.adding(days: -1),
                forDay <= today.adding(days: 1)
            else {
                throw AnlanError.invalid("disaster.for_day_invalid", "续报所属日期须为昨天、今天或明天。", field: "forDay")
            }
            let current = Self.townshipFigures(event, try await currentEntries(eventID, on: tx.sql).values)
            guard stage != .initial || current.values.contains(where: { !$0.isZero }) else { throw DisasterErrors.noFigures }
            let lines = event.townships.map { DisasterReport.Line(township: $0, figures: current[$0] ?? .zero) }
            let previous = reports.last
            if let previous, correctionReason == nil {
                for line in lines {
                    let before = previous.lines.first { $0.township == line.township }?.figures ?? .zero
                    let fallen = line.figures.fallen(from: before)
                    if let first = fallen.first {
                        let name = try await divisions.name(of: try DivisionCode(line.township)) ?? line.township
                        throw AnlanError(
                            .unprocessable, code: "disaster.figures_fell",
                            message:
                                "\(name)的累计数比上次报送减少：\(fallen.map { "\($0.label) \(before.text($0)) → \(line.figures.text($0))" }.joined(separator: "；"))。确属更正的，请填写更正原因。",
                            details: ["field": "correctionReason", "fallen": first.rawValue, "township": line.township])
                    }
                }
            }
            let zero =
                stage == .progress
                && previous.map { p in
                    lines.allSatisfy { l in (p.lines.first { $0.township == l.township }?.figures ?? .zero) == l.figures }
                } == true
            let report = DisasterReport(
                id: environment.newID(), eventID: eventID, stage: stage, sequence: (reports.map(\.sequence).max() ?? 0) + 1,
                forDay: forDay, submittedAt: tx.now,
                due: DisasterClock.due(of: stage, forDay: forDay, event: event, settings: settings, calendar: calendar), lines: lines,
                zeroReport: zero, correctionReason: correctionReason, note: note, submittedBy: tx.caller.username ?? "-")
            try await tx.sql.insert(into: "disaster_reports")
                .columns(
                    "id", "event_id", "stage", "sequence", "for_day", "submitted_at", "due_at", "zero_report", "correction_reason", "note",
                    "submitted_by"
                )
                .values(
                    SQLBind.id(report.id), SQLBind.id(eventID), SQLBind(stage.rawValue), SQLBind(report.sequence),
                    SQLBind(forDay.description), SQLBind(Timestamp.string(tx.now)), SQLBind(report.due.map(Timestamp.string)),
                    SQLBind(zero ? 1 : 0), SQLBind(correctionReason), SQLBind(note), SQLBind(report.submittedBy)
                ).run()
            for line in lines {
                try await tx.sql.insert(into: "disaster_report_lines").columns(["report_id", "division_code"] + Self.figureColumns)
                    .values([SQLBind.id(report.id), SQLBind(line.township)] + DisasterIndicator.allCases.map { SQLBind(line.figures[$0]) })
                    .run()
            }
            if stage == .final {
                try await tx.sql.update("disaster_events").set("state", to: SQLBind(DisasterEventState.closed.rawValue))
                    .set("closed_at", to: SQLBind(Timestamp.string(tx.now))).set("updated_at", to: SQLBind(Timestamp.string(tx.now)))
                    .where("id", .equal, SQLBind.id(eventID)).run()
            }
            try await tx.record(
                AuditEvent(
                    action: "disaster.report", targetType: "disaster", targetID: eventID.key,
                    after: auditJSON(
                        ReportAudit(stage: stage.rawValue, sequence: report.sequence, late: report.isLate, zero: zero, total: report.total))
                ))
            return report
        }
    }

    struct ReportAudit: Encodable {
        let stage: String
        let sequence: Int
        let late, zero: Bool
        let total: DisasterFigures
    }

    /// Each affected township's figures now: the sum of its divisions' latest accepted entries (the township's own
    /// entry counts for the part not entered village by village).
    static func townshipFigures(_ event: DisasterEvent, _ entries: some Sequence<DisasterEntry>) -> [String: DisasterFigures] {
        var out: [String: DisasterFigures] = [:]
        for entry in entries {
            guard let division = try? DivisionCode(entry.divisionCode), let township = event.township(of: division) else { continue }
            out[township] = (out[township] ?? .zero) + entry.figures
        }
        return out
    }

    /// The latest accepted entry of each division.
    func currentEntries(_ eventID: UUID, on sql: any SQLDatabase) async throws -> [String: DisasterEntry] {
        var out: [String: DisasterEntry] = [:]
        for row in try await sql.select().column("*").from("disaster_entries").where("event_id", .equal, SQLBind.id(eventID))
            .where("status", .equal, SQLBind(DisasterEntryStatus.accepted.rawValue)).orderBy("entered_at").orderBy("id").all()
        {
            let entry = try Self.decodeEntry(row)
            out[entry.divisionCode] = entry
        }
        return out
    }

    // MARK: - The whole picture

    /// One process as its page and `GET /disaster-events/{id}` show it.
    public struct Detail: Sendable {
        public let event: DisasterEvent
        /// Per affected township: its figures now (accepted), when its first figures were accepted, entries waiting.
        public let townships: [Township]
        public let reports: [DisasterReport]
        public let clock: [DisasterClock.Obligation]
        /// The divisions' current figures within the caller's jurisdiction (villages and townships' own).
        public let divisions: [DisasterEntry]

        public struct Township: Sendable {
            public let code: String
            public let figures: DisasterFigures
            public let firstAcceptedAt: Date?
            public let pending: Int
        }

        public var total: DisasterFigures { townships.reduce(DisasterFigures.zero) { $0 + $1.figures } }
    }

    /// Whether the caller sees the whole county's figures (the county's own users and the console); a township's or a
    /// village's user sees their own area's only (the figures, the entries waiting, and of each report the lines of the
    /// townships they cover).
    public static func seesCounty(_ caller: Caller) -> Bool {
        caller.isConsole || caller.jurisdiction.root == nil || caller.jurisdiction.root?.level == .county
    }

    public func detail(_ id: UUID, by caller: Caller) async throws -> Detail {
        try await detail(id, by: caller, settings: try await settings(), calendar: try await catalogs.calendar())
    }

    func detail(_ id: UUID, by caller: Caller, settings: DisasterReportSettings, calendar: WorkCalendar) async throws -> Detail {
        let event = try await get(id, by: caller)
        let sql = database.reader
        let county = Self.seesCounty(caller)
        func visible(_ code: String) -> Bool { county || ((try? DivisionCode(code)).map(caller.jurisdiction.contains) ?? false) }
        let mine = try await currentEntries(id, on: sql).values.filter { visible($0.divisionCode) }.sorted {
            $0.divisionCode < $1.divisionCode
        }
        let figures = Self.townshipFigures(event, mine)
        var first: [String: Date] = [:]
        var pending: [String: Int] = [:]
        for row in try await sql.select().columns("division_code", "status", "reviewed_at").from("disaster_entries")
            .where("event_id", .equal, SQLBind.id(id)).where("status", .in, SQLBind.group(["accepted", "submitted"])).all()
        {
            let code = try row.decode(column: "division_code", as: String.self)
            guard let division = try? DivisionCode(code), let township = event.township(of: division) else { continue }
            if try row.decode(column: "status", as: String.self) == "submitted" {
                if visible(code) { pending[township, default: 0] += 1 }
            } else if let at = try row.decodeOptional("reviewed_at", as: String.self).flatMap(Timestamp.date) {
                first[township] = min(first[township] ?? at, at)
            }
        }
        let reports = try await Self.reports(of: id, on: sql)
        let clock = DisasterClock.obligations(
            event, reports: reports, townshipsFirst: first, settings: settings, calendar: calendar, now: now)
        // A township's or village's user has the row of their own township; the county all.
        let shown = event.townships.filter { code in
            county
                || (try? DivisionCode(code)).map { $0.contains(caller.jurisdiction.root ?? $0) || caller.jurisdiction.contains($0) }
                    ?? false
        }
        return Detail(
            event: event,
            townships: shown.map {
                Detail.Township(code: $0, figures: figures[$0] ?? .zero, firstAcceptedAt: first[$0], pending: pending[$0] ?? 0)
            },
            reports: county ? reports : reports.map { Self.scoped($0, to: caller) }, clock: clock, divisions: mine)
    }

    /// A report as a caller below the county sees it: the lines of the townships they cover whole (a village's user:
    /// none).
    static func scoped(_ r: DisasterReport, to caller: Caller) -> DisasterReport {
        DisasterReport(
            id: r.id, eventID: r.eventID, stage: r.stage, sequence: r.sequence, forDay: r.forDay, submittedAt: r.submittedAt, due: r.due,
            lines: r.lines.filter { (try? DivisionCode($0.township)).map(caller.jurisdiction.contains) ?? false }, zeroReport: r.zeroReport,
            correctionReason: r.correctionReason, note: r.note, submittedBy: r.submittedBy)
    }

    /// What is owed now across the caller's open processes (the duty desk): townships without figures, the 初报, today's
    /// 续报, the 核报; soonest first.
    public func owed(by caller: Caller) async throws -> [(event: DisasterEvent, obligation: DisasterClock.Obligation)] {
        let open = try await list(.init(open: true), page: try PageRequest(pageSize: PageRequest.maximumPageSize), by: caller).items
        let settings = try await settings(), calendar = try await catalogs.calendar()
        var out: [(DisasterEvent, DisasterClock.Obligation)] = []
        for event in open {
            for o in try await detail(event.id, by: caller, settings: settings, calendar: calendar).clock where o.isOpen {
                out.append((event, o))
            }
        }
        // Soonest first; at the same moment the townships (what the county waits on) before the county's own, by code.
        return out.sorted {
            $0.1.due != $1.1.due
                ? $0.1.due < $1.1.due
                : ($0.1.kind == .township ? 0 : 1, $0.1.township ?? "") < ($1.1.kind == .township ? 0 : 1, $1.1.township ?? "")
        }
    }

    // MARK: - The year's figures

    /// One process in the year's statistics: its figures as last reported up (the 核报 once sent), or, never reported,
    /// the townships' accepted figures now.
    public struct YearRow: Sendable {
        public let event: DisasterEvent
        public let figures: DisasterFigures
        /// What the figures are: the stage and number of the last report, or nil when nothing went up yet.
        public let basis: DisasterReport?
    }

    /// The disasters of a year (by when they started) with the figures the annual report counts, and totals by kind.
    public func year(_ year: Int, by caller: Caller) async throws -> (
        rows: [YearRow], byType: [(type: DisasterType, events: Int, figures: DisasterFigures)], total: DisasterFigures
    ) {
        var rows: [YearRow] = []
        let county = Self.seesCounty(caller)
        for event in try await Page.all({ try await list(.init(year: year), page: $0, by: caller) }) {
            let reports = try await Self.reports(of: event.id, on: database.reader)
            if county, let last = reports.last {
                rows.append(YearRow(event: event, figures: last.total, basis: last))
            } else {
                // Below the county (or nothing reported yet): the accepted figures of the caller's own area.
                let current = try await currentEntries(event.id, on: database.reader).values.filter { entry in
                    county || ((try? DivisionCode(entry.divisionCode)).map(caller.jurisdiction.contains) ?? false)
                }.reduce(DisasterFigures.zero) { $0 + $1.figures }
                rows.append(YearRow(event: event, figures: current, basis: nil))
            }
        }
        rows.sort { $0.event.startedAt < $1.event.startedAt }
        var byType: [(DisasterType, Int, DisasterFigures)] = []
        for type in DisasterType.allCases {
            let of = rows.filter { $0.event.type == type }
            if !of.isEmpty { byType.append((type, of.count, of.reduce(DisasterFigures.zero) { $0 + $1.figures })) }
        }
        return (rows, byType, rows.reduce(DisasterFigures.zero) { $0 + $1.figures })
    }

    // MARK: - 台账

    public func addCasualty(_ eventID: UUID, _ draft: DisasterCasualtyDraft, by caller: Caller) async throws -> DisasterCasualty {
        try caller.require(.reportDisasters)
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            let event = try await lock(eventID, in: tx)
            guard event.state != .closed else { throw DisasterErrors.closed }
            try casualties.requireWritable(draft.divisionCode, by: tx.caller)
            guard event.township(of: draft.divisionCode) != nil else { throw DisasterErrors.divisionOutside }
            guard
                try await tx.sql.select().column("id").from("disaster_casualties").where("event_id", .equal, SQLBind.id(eventID))
                    .where("id_number", .equal, SQLBind(draft.idCheck.normalized)).first() == nil
            else { throw DisasterErrors.personListed }
            guard let birth = draft.idCheck.birthDate, let sex = draft.idCheck.sex else {
                throw AnlanError.invalid("disaster.id_number_invalid", "身份证号码无效。", field: "idNumber")
            }
            let row = DisasterCasualty(
                id: environment.newID(), eventID: eventID, divisionCode: draft.divisionCode.rawValue, name: draft.name,
                idNumber: draft.idCheck.normalized, sex: sex, birthDate: birth, status: draft.status, occurredOn: draft.occurredOn,
                cause: draft.cause, place: draft.place, recordedBy: tx.caller.username ?? "-", recordedAt: tx.now)
            try await tx.sql.insert(into: "disaster_casualties")
                .columns(
                    "id", "event_id", "division_code", "name", "id_number", "sex", "birth_date", "status", "occurred_on", "cause", "place",
                    "recorded_by", "recorded_at"
                )
                .values(
                    SQLBind.id(row.id), SQLBind.id(eventID), SQLBind(row.divisionCode), SQLBind(row.name), SQLBind(row.idNumber),
                    SQLBind(sex.rawValue), SQLBind(birth.description), SQLBind(row.status.rawValue), SQLBind(row.occurredOn.description),
                    SQLBind(row.cause), SQLBind(row.place), SQLBind(row.recordedBy), SQLBind(Timestamp.string(tx.now))
                ).run()
            try await tx.record(
                AuditEvent(action: "disaster_casualty.add", targetType: "disaster_casualty", targetID: row.id.key, after: auditJSON(row)))
            return row
        }
    }

    /// A missing person found dead is moved to the dead; one found alive is taken off the 台账 (the reported figures must
    /// follow, with a correction reason).
    public func setCasualty(_ id: UUID, status: DisasterCasualtyStatus?, by caller: Caller) async throws {
        try caller.require(.reportDisasters)
        try await database.write(by: caller, at: now, audit: audit) { tx in
            guard let row = try await casualties.select(tx.sql, for: tx.caller).column("*").where("id", .equal, SQLBind.id(id)).first()
            else {
                throw AnlanError.notFound("disaster.casualty_not_found", "台账记录不存在或不在您的辖区内。")
            }
            let before = try Self.decodeCasualty(row)
            let event = try await lock(before.eventID, in: tx)
            guard event.state != .closed else { throw DisasterErrors.closed }
            if let status {
                guard before.status == .missing, status == .dead else {
                    throw AnlanError(.conflict, code: "disaster.casualty_status_invalid", message: "只有失踪人员可改为死亡。")
                }
                try await tx.sql.update("disaster_casualties").set("status", to: SQLBind(status.rawValue)).where(
                    "id", .equal, SQLBind.id(id)
                )
                .run()
            } else {
                guard before.status == .missing else {
                    throw AnlanError(.conflict, code: "disaster.casualty_status_invalid", message: "只有失踪人员找到后可从台账中移出。")
                }
                try await tx.sql.delete(from: "disaster_casualties").where("id", .equal, SQLBind.id(id)).run()
            }
            try await tx.record(
                AuditEvent(
                    action: status == nil ? "disaster_casualty.found" : "disaster_casualty.dead", targetType: "disaster_casualty",
                    targetID: id.key, before: auditJSON(before)))
        }
    }

    public func addHouse(_ eventID: UUID, _ draft: DamagedHouseDraft, by caller: Caller) async throws -> DamagedHouse {
        try caller.require(.reportDisasters)
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            let event = try await lock(eventID, in: tx)
            guard event.state != .closed else { throw DisasterErrors.closed }
            try houses.requireWritable(draft.divisionCode, by: tx.caller)
            guard event.township(of: draft.divisionCode) != nil else { throw DisasterErrors.divisionOutside }
            guard
                try await tx.sql.select().column("id").from("disaster_houses").where("event_id", .equal, SQLBind.id(eventID))
                    .where("id_number", .equal, SQLBind(draft.idCheck.normalized)).first() == nil
            else { throw DisasterErrors.householdListed }
            let row = DamagedHouse(
                id: environment.newID(), eventID: eventID, divisionCode: draft.divisionCode.rawValue, householder: draft.householder,
                idNumber: draft.idCheck.normalized, damage: draft.damage, rooms: draft.rooms, address: draft.address, phone: draft.phone,
                recordedBy: tx.caller.username ?? "-", recordedAt: tx.now)
            try await tx.sql.insert(into: "disaster_houses")
                .columns(
                    "id", "event_id", "division_code", "householder", "id_number", "damage", "rooms", "address", "phone", "recorded_by",
                    "recorded_at"
                )
                .values(
                    SQLBind.id(row.id), SQLBind.id(eventID), SQLBind(row.divisionCode), SQLBind(row.householder), SQLBind(row.idNumber),
                    SQLBind(row.damage.rawValue), SQLBind(row.rooms), SQLBind(row.address), SQLBind(row.phone), SQLBind(row.recordedBy),
                    SQLBind(Timestamp.string(tx.now))
                ).run()
            try await tx.record(
                AuditEvent(action: "disaster_house.add", targetType: "disaster_house", targetID: row.id.key, after: auditJSON(row)))
            return row
        }
    }

    public func casualties(of eventID: UUID, page: PageRequest, by caller: Caller) async throws -> Page<DisasterCasualty> {
        _ = try await get(eventID, by: caller)
        let narrowed: (SQLSelectBuilder) -> SQLSelectBuilder = { $0.where("event_id", .equal, SQLBind.id(eventID)) }
        let total = try await casualties.count(database.reader, for: caller, narrowed)
        let rows = try await narrowed(casualties.select(database.reader, for: caller).column("*")).orderBy("division_code")
            .orderBy("recorded_at").orderBy("id").limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map(Self.decodeCasualty), total: total, request: page)
    }

    public func houses(of eventID: UUID, page: PageRequest, by caller: Caller) async throws -> Page<DamagedHouse> {
        _ = try await get(eventID, by: caller)
        let narrowed: (SQLSelectBuilder) -> SQLSelectBuilder = { $0.where("event_id", .equal, SQLBind.id(eventID)) }
        let total = try await houses.count(database.reader, for: caller, narrowed)
        let rows = try await narrowed(houses.select(database.reader, for: caller).column("*")).orderBy("division_code")
            .orderBy("recorded_at").orderBy("id").limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map(Self.decodeHouse), total: total, request: page)
    }

    // MARK: - Rows

    static func townships(of ids: [UUID], on sql: any SQLDatabase) async throws -> [UUID: [String]] {
        guard !ids.isEmpty else { return [:] }
        var out: [UUID: [String]] = [:]
        for row in try await sql.select().columns("event_id", "division_code").from("disaster_event_townships")
            .where("event_id", .in, SQLBind.group(ids.map(\.key))).orderBy("division_code").all()
        {
            out[try row.decodeID("event_id"), default: []].append(try row.decode(column: "division_code", as: String.self))
        }
        return out
    }

    static func reports(of eventID: UUID, on sql: any SQLDatabase) async throws -> [DisasterReport] {
        var lines: [String: [DisasterReport.Line]] = [:]
        for row in try await sql.select().column(SQLRaw("l.*")).from(
            SQLAlias(SQLIdentifier("disaster_report_lines"), as: SQLIdentifier("l"))
        )
        .join(
            SQLAlias(SQLIdentifier("disaster_reports"), as: SQLIdentifier("r")), method: SQLJoinMethod.inner,
            on: SQLColumn("report_id", table: "l"), .equal, SQLColumn("id", table: "r")
        )
        .where(SQLColumn("event_id", table: "r"), .equal, SQLBind.id(eventID)).orderBy(SQLColumn("division_code", table: "l")).all() {
            lines[try row.decode(column: "report_id", as: String.self), default: []].append(
                DisasterReport.Line(township: try row.decode(column: "division_code", as: String.self), figures: try figures(row)))
        }
        return try await sql.select().column("*").from("disaster_reports").where("event_id", .equal, SQLBind.id(eventID))
            .orderBy("sequence").all().map { row in
                guard let stage = DisasterStage(rawValue: try row.decode(column: "stage", as: String.self)),
                    let day = Day(try row.decode(column: "for_day", as: String.self)),
                    let at = Timestamp.date(try row.decode(column: "submitted_at", as: String.self))
                else { throw AnlanError.recordCorrupt("灾情报告") }
                let id = try row.decode(column: "id", as: String.self)
                return DisasterReport(
                    id: try row.decodeID("id"), eventID: eventID, stage: stage, sequence: try row.decode(column: "sequence", as: Int.self),
                    forDay: day, submittedAt: at, due: try row.decodeOptional("due_at", as: String.self).flatMap(Timestamp.date),
                    lines: lines[id] ?? [], zeroReport: try row.decode(column: "zero_report", as: Int.self) != 0,
                    correctionReason: try row.decodeOptional("correction_reason", as: String.self),
                    note: try row.decodeOptional("note", as: String.self),
                    submittedBy: try row.decode(column: "submitted_by", as: String.self))
            }
    }

    static func figures(_ row: any SQLRow) throws -> DisasterFigures {
        var out = DisasterFigures()
        for indicator in DisasterIndicator.allCases { out[indicator] = try row.decode(column: indicator.column, as: Double.self) }
        return out
    }

    static func decodeEvent(_ row: any SQLRow, townships: [String]) throws -> DisasterEvent {
        guard let type = DisasterType(rawValue: try row.decode(column: "type", as: String.self)),
            let state = DisasterEventState(rawValue: try row.decode(column: "state", as: String.self)),
            let started = Timestamp.date(try row.decode(column: "started_at", as: String.self)),
            let learned = Timestamp.date(try row.decode(column: "learned_at", as: String.self)),
            let created = Timestamp.date(try row.decode(column: "created_at", as: String.self))
        else { throw AnlanError.recordCorrupt("灾害过程") }
        return DisasterEvent(
            id: try row.decodeID("id"), number: try row.decode(column: "number", as: String.self), type: type,
            name: try row.decode(column: "name", as: String.self), startedAt: started, learnedAt: learned, townships: townships,
            description: try row.decode(column: "description", as: String.self), state: state,
            stabilisedAt: try row.decodeOptional("stabilised_at", as: String.self).flatMap(Timestamp.date),
            closedAt: try row.decodeOptional("closed_at", as: String.self).flatMap(Timestamp.date),
            createdBy: try row.decode(column: "created_by", as: String.self), createdAt: created)
    }

    static func decodeEntry(_ row: any SQLRow) throws -> DisasterEntry {
        guard let stage = DisasterStage(rawValue: try row.decode(column: "stage", as: String.self)),
            let status = DisasterEntryStatus(rawValue: try row.decode(column: "status", as: String.self)),
            let at = Timestamp.date(try row.decode(column: "entered_at", as: String.self))
        else { throw AnlanError.recordCorrupt("灾情填报") }
        return DisasterEntry(
            id: try row.decodeID("id"), eventID: try row.decodeID("event_id"),
            divisionCode: try row.decode(column: "division_code", as: String.self),
            stage: stage, figures: try figures(row), correctionReason: try row.decodeOptional("correction_reason", as: String.self),
            note: try row.decodeOptional("note", as: String.self), status: status,
            enteredBy: try row.decode(column: "entered_by", as: String.self),
            enteredAt: at, reviewedBy: try row.decodeOptional("reviewed_by", as: String.self),
            reviewedAt: try row.decodeOptional("reviewed_at", as: String.self).flatMap(Timestamp.date),
            reviewNote: try row.decodeOptional("review_note", as: String.self))
    }

    static func decodeCasualty(_ row: any SQLRow) throws -> DisasterCasualty {
        guard let sex = IDNumber.Sex(rawValue: try row.decode(column: "sex", as: String.self)),
            let birth = Day(try row.decode(column: "birth_date", as: String.self)),
            let status = DisasterCasualtyStatus(rawValue: try row.decode(column: "status", as: String.self)),
            let day = Day(try row.decode(column: "occurred_on", as: String.self)),
            let at = Timestamp.date(try row.decode(column: "recorded_at", as: String.self))
        else { throw AnlanError.recordCorrupt("因灾死亡失踪人口台账") }
        return DisasterCasualty(
            id: try row.decodeID("id"), eventID: try row.decodeID("event_id"),
            divisionCode: try row.decode(column: "division_code", as: String.self),
            name: try row.decode(column: "name", as: String.self), idNumber: try row.decode(column: "id_number", as: String.self), sex: sex,
            birthDate: birth, status: status, occurredOn: day, cause: try row.decode(column: "cause", as: String.self),
            place: try row.decodeOptional("place", as: String.self), recordedBy: try row.decode(column: "recorded_by", as: String.self),
            recordedAt: at)
    }

    static func decodeHouse(_ row: any SQLRow) throws -> DamagedHouse {
        guard let damage = HouseDamage(rawValue: try row.decode(column: "damage", as: String.self)),
            let at = Timestamp.date(try row.decode(column: "recorded_at", as: String.self))
        else { throw AnlanError.recordCorrupt("倒损住房户台账") }
        return DamagedHouse(
            id: try row.decodeID("id"), eventID: try row.decodeID("event_id"),
            divisionCode: try row.decode(column: "division_code", as: String.self),
            householder: try row.decode(column: "householder", as: String.self),
            idNumber: try row.decode(column: "id_number", as: String.self),
            damage: damage, rooms: try row.decode(column: "rooms", as: Int.self),
            address: try row.decode(column: "address", as: String.self),
            phone: try row.decodeOptional("phone", as: String.self), recordedBy: try row.decode(column: "recorded_by", as: String.self),
            recordedAt: at)
    }
}
