import AnlanCore
import Foundation
import SQLKit

/// 生产安全事故: recorded by the desk, their casualty figures kept as a history (each change with its reason; the
/// grade follows the latest figures), every report sent with its time, and the investigation to its close. The report
/// clock (`AccidentClock`) is worked out from these on each reading, never stored.
public struct AccidentRepository: Sendable {
    let database: Database
    let environment: AnlanCore.Environment
    let audit: AuditLog
    let divisions: DivisionRepository
    let enterprises: EnterpriseRepository
    let catalogs: SupervisionCatalogs
    let accidents = ScopedTable(name: "accidents", divisionColumn: "division_code", enterpriseColumn: "enterprise_id")

    var now: Date { environment.now() }

    public static let settingsKey = "accident_report_settings"

    // MARK: - Settings

    /// The reporting limits that are settings, stored or the defaults (`AccidentReportSettings.source` says where from).
    public func settings() async throws -> AccidentReportSettings {
        try await catalogs.stored(Self.settingsKey, as: AccidentReportSettings.self) ?? .standard
    }

    public func setSettings(_ settings: AccidentReportSettings, by caller: Caller) async throws {
        try caller.require(.configureCatalogs)
        for (value, field) in [
            (settings.followUpHoursOrdinary, "followUpHoursOrdinary"), (settings.followUpHoursMajor, "followUpHoursMajor"),
            (settings.supplementHours, "supplementHours"),
        ] where !(1...168).contains(value) {
            throw AnlanError.invalid("accident.setting_invalid", "报告间隔和时限须为 1 到 168 小时。", field: field)
        }
        try await catalogs.save(
            settings, key: Self.settingsKey, before: try await self.settings(), action: "accident_settings.update", by: caller)
    }

    // MARK: - Recording

    public func record(_ draft: AccidentDraft, by caller: Caller) async throws -> Accident {
        try caller.require(.keepDuty)
        var party = draft.party ?? ""
        if let id = draft.enterpriseID {
            guard let enterprise = try? await enterprises.get(id, by: caller) else { throw AccidentErrors.enterpriseNotFound }
            party = enterprise.profile.name
        }
        let named = party
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            try accidents.requireWritable(draft.divisionCode, by: tx.caller)
            guard try await divisions.lookup(draft.divisionCode, on: tx.sql) != nil else {
                throw AnlanError.notFound("division.not_found", "区划 \(draft.divisionCode) 不存在或不在您的辖区内。")
            }
            let year = String(Timestamp.day(draft.occurredAt).prefix(4))
            let seq = try await Sequences.next(
                "accident_sequences", key: [("year", SQLBind(year))], on: tx.sql,
                failure: AnlanError(.conflict, code: "accident.sequence_failed", message: "事故编号分配失败，请重试。"))
            let accident = Accident(
                id: environment.newID(), number: "SG\(year)-" + String(format: "%03d", seq), occurredAt: draft.occurredAt,
                learnedAt: draft.learnedAt, divisionCode: draft.divisionCode.rawValue, place: draft.place, location: draft.location,
                enterpriseID: draft.enterpriseID, party: named, sector: draft.sector, type: draft.type, figures: draft.figures,
                description: draft.description, state: .reported, recordedBy: tx.caller.username ?? "-", recordedAt: tx.now)
            try await tx.sql.insert(into: "accidents")
                .columns(
                    "id", "number", "occurred_at", "learned_at", "division_code", "place", "latitude", "longitude", "enterprise_id",
                    "party", "sector", "type", "deaths", "serious_injuries", "missing", "loss_wan_yuan", "grade", "description", "state",
                    "recorded_by", "recorded_at", "updated_at"
                )
                .values(
                    SQLBind.id(accident.id), SQLBind(accident.number), SQLBind(Timestamp.string(accident.occurredAt)),
                    SQLBind(Timestamp.string(accident.learnedAt)), SQLBind(accident.divisionCode), SQLBind(accident.place),
                    SQLBind(accident.location?.latitude), SQLBind(accident.location?.longitude), SQLBind.id(accident.enterpriseID),
                    SQLBind(accident.party), SQLBind(accident.sector), SQLBind(accident.type.rawValue), SQLBind(accident.figures.deaths),
                    SQLBind(accident.figures.seriousInjuries), SQLBind(accident.figures.missing), SQLBind(accident.figures.lossWanYuan),
                    SQLBind(accident.grade.rawValue), SQLBind(accident.description), SQLBind(accident.state.rawValue),
                    SQLBind(accident.recordedBy), SQLBind(Timestamp.string(tx.now)), SQLBind(Timestamp.string(tx.now))
                ).run()
            try await appendFigures(accident.id, accident.figures, reason: "首次记录", at: tx.now, in: tx)
            try await tx.record(
                AuditEvent(action: "accident.record", targetType: "accident", targetID: accident.id.key, after: auditJSON(accident)))
            return accident
        }
    }

    /// Applies a move; refusals change nothing.
    public func move(_ id: UUID, _ move: AccidentMove, by caller: Caller) async throws -> Accident {
        try caller.require(.keepDuty)
        let cases = move.caseIDs
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            let before = try await lock(id, in: tx)
            guard before.state != .closed || move.allowedWhenClosed else { throw AccidentErrors.closed }
            var after = before
            switch move {
            case .figures(let figures, let reason):
                guard figures != before.figures else { throw AccidentErrors.sameFigures }
                after.figures = figures
                try await appendFigures(id, figures, reason: reason, at: tx.now, in: tx)
            case .report(let kind, let recipient, let sentAt, let note):
                guard sentAt >= before.learnedAt else { throw AccidentErrors.reportBeforeLearned }
                try await tx.sql.insert(into: "accident_reports")
                    .columns(
                        "id", "accident_id", "kind", "recipient", "sent_at", "note", "deaths", "serious_injuries", "missing",
                        "loss_wan_yuan",
                        "sent_by", "recorded_at"
                    )
                    .values(
                        SQLBind.id(environment.newID()), SQLBind.id(id), SQLBind(kind.rawValue), SQLBind(recipient.rawValue),
                        SQLBind(Timestamp.string(sentAt)), SQLBind(note), SQLBind(before.figures.deaths),
                        SQLBind(before.figures.seriousInjuries), SQLBind(before.figures.missing), SQLBind(before.figures.lossWanYuan),
                        SQLBind(tx.caller.username ?? "-"), SQLBind(Timestamp.string(tx.now))
                    ).run()
            case .investigate(let team):
                after.team = team
                after.state = .investigating
            case .extend(let day, let reason):
                guard before.state == .investigating else { throw AccidentErrors.notInvestigating }
                guard before.extendedTo == nil else { throw AccidentErrors.alreadyExtended }
                let original = before.investigationDue
                guard day > original, day <= original.adding(days: Accident.maximumExtensionDays) else {
                    throw AccidentErrors.extensionTooLong
                }
                after.extendedTo = day
                after.extensionReason = reason
            case .close(let report, let findings, _):
                guard before.state == .investigating else { throw AccidentErrors.notInvestigating }
                after.caseIDs = try await link(cases, to: before, in: tx)
                after.investigationReport = report
                after.findings = findings
                after.state = .closed
                after.closedOn = Day(tx.now)
            case .linkCases:
                guard cases.contains(where: { !before.caseIDs.contains($0) }) else { throw AccidentErrors.casesUnchanged }
                after.caseIDs = try await link(cases, to: before, in: tx)
            }
            try await tx.sql.update("accidents")
                .set("deaths", to: SQLBind(after.figures.deaths)).set("serious_injuries", to: SQLBind(after.figures.seriousInjuries))
                .set("missing", to: SQLBind(after.figures.missing)).set("loss_wan_yuan", to: SQLBind(after.figures.lossWanYuan))
                .set("grade", to: SQLBind(after.grade.rawValue)).set("state", to: SQLBind(after.state.rawValue))
                .set("team", to: SQLBind(after.team)).set("extended_to", to: SQLBind(after.extendedTo?.description))
                .set("extension_reason", to: SQLBind(after.extensionReason))
                .set("investigation_report", to: SQLBind(after.investigationReport)).set("findings", to: SQLBind(after.findings))
                .set("closed_on", to: SQLBind(after.closedOn?.description)).set("updated_at", to: SQLBind(Timestamp.string(tx.now)))
                .where("id", .equal, SQLBind.id(id)).run()
            try await tx.record(
                AuditEvent(
                    action: "accident.\(move.name)", targetType: "accident", targetID: id.key, before: auditJSON(before),
                    after: auditJSON(after)))
            return after
        }
    }

    /// Links the cases not yet linked (each must be a case of the caller's jurisdiction) and returns all linked, in order.
    private func link(_ cases: [UUID], to accident: Accident, in tx: Transaction) async throws -> [UUID] {
        let new = cases.filter { !accident.caseIDs.contains($0) }
        guard !new.isEmpty else { return accident.caseIDs }
        let found = try await tx.sql.select().column("id").from("cases").where("id", .in, SQLBind.group(new.map(\.key)))
            .where(SQLColumn("division_code"), .like, SQLLiteral.divisionPrefix(tx.caller.jurisdiction.codePrefix)).all()
        guard found.count == new.count else { throw AccidentErrors.caseNotFound }
        for caseID in new {
            try await tx.sql.insert(into: "accident_cases").columns("accident_id", "case_id").values(
                SQLBind.id(accident.id), SQLBind.id(caseID)
            )
            .run()
        }
        return (accident.caseIDs + new).sorted { $0.key < $1.key }
    }

    private func appendFigures(_ id: UUID, _ figures: IncidentFigures, reason: String, at: Date, in tx: Transaction) async throws {
        let next =
            (try await tx.sql.raw("SELECT COALESCE(MAX(seq), 0) AS n FROM accident_figures WHERE accident_id = \(bind: id.key)")
                .first(decodingColumn: "n", as: Int.self) ?? 0) + 1
        try await tx.sql.insert(into: "accident_figures")
            .columns("accident_id", "seq", "at", "deaths", "serious_injuries", "missing", "loss_wan_yuan", "reason", "recorded_by")
            .values(
                SQLBind.id(id), SQLBind(next), SQLBind(Timestamp.string(at)), SQLBind(figures.deaths), SQLBind(figures.seriousInjuries),
                SQLBind(figures.missing), SQLBind(figures.lossWanYuan), SQLBind(reason), SQLBind(tx.caller.username ?? "-")
            ).run()
    }

    /// The accident's row, locked for the rest of the transaction; one the caller may not see does not exist.
    func lock(_ id: UUID, in tx: Transaction) async throws -> Accident {
        guard
            let row = try await accidents.select(tx.sql, for: tx.caller).column("*").where("id", .equal, SQLBind.id(id)).for(.update)
                .first()
        else { throw AccidentErrors.notFound }
        var accident = try Self.decode(row)
        accident.caseIDs = try await caseIDs(of: id, on: tx.sql)
        return accident
    }

    // MARK: - Reading

    public struct Filter: Sendable {
        public var state: AccidentState?
        /// Not yet closed.
        public var open: Bool?
        public var grade: AccidentGrade?
        public var type: AccidentType?
        public var sector: String?
        public var enterpriseID: UUID?
        public var divisionCode: DivisionCode?
        /// Occurred on or after / on or before these days (Beijing).
        public var from: Day?
        public var to: Day?
        public var query: String?

        public init(
            state: AccidentState? = nil, open: Bool? = nil, grade: AccidentGrade? = nil, type: AccidentType? = nil, sector: String? = nil,
            enterpriseID: UUID? = nil, divisionCode: DivisionCode? = nil, from: Day? = nil, to: Day? = nil, query: String? = nil
        ) {
            self.state = state
            self.open = open
            self.grade = grade
            self.type = type
            self.sector = sector
            self.enterpriseID = enterpriseID
            self.divisionCode = divisionCode
            self.from = from
            self.to = to
            self.query = query
        }
    }

    private func apply(_ f: Filter, to q: SQLSelectBuilder) -> SQLSelectBuilder {
        var q = q
        if let state = f.state { q = q.where("state", .equal, SQLBind(state.rawValue)) }
        if f.open == true { q = q.where("state", .notEqual, SQLBind(AccidentState.closed.rawValue)) }
        if let grade = f.grade { q = q.where("grade", .equal, SQLBind(grade.rawValue)) }
        if let type = f.type { q = q.where("type", .equal, SQLBind(type.rawValue)) }
        if let sector = f.sector { q = q.where("sector", .equal, SQLBind(sector)) }
        if let id = f.enterpriseID { q = q.where("enterprise_id", .equal, SQLBind.id(id)) }
        if let code = f.divisionCode { q = q.where(SQLColumn("division_code"), .like, SQLLiteral.divisionPrefix(code.jurisdictionPrefix)) }
        // Days are Beijing days; stored moments are UTC: the day's bounds are its first and last moments.
        if let from = f.from { q = q.where("occurred_at", .greaterThanOrEqual, SQLBind(Timestamp.string(Moment.at(from, minute: 0)))) }
        if let to = f.to { q = q.where("occurred_at", .lessThan, SQLBind(Timestamp.string(Moment.at(to.adding(days: 1), minute: 0)))) }
        return TextSearch.apply(f.query, columns: ["number", "party", "place", "description"], enterpriseColumn: nil, to: q)
    }

    /// Accidents, latest first.
    public func list(_ filter: Filter, page: PageRequest, by caller: Caller) async throws -> Page<Accident> {
        try caller.require(.readBusinessData)
        let total = try await accidents.count(database.reader, for: caller) { apply(filter, to: $0) }
        let rows = try await apply(filter, to: accidents.select(database.reader, for: caller).column("*"))
            .orderBy("occurred_at", .descending).orderBy("id").limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map(Self.decode), total: total, request: page)
    }

    public func get(_ id: UUID, by caller: Caller) async throws -> Accident {
        try caller.require(.readBusinessData)
        guard let row = try await accidents.select(database.reader, for: caller).column("*").where("id", .equal, SQLBind.id(id)).first()
        else { throw AccidentErrors.notFound }
        var accident = try Self.decode(row)
        accident.caseIDs = try await caseIDs(of: id, on: database.reader)
        return accident
    }

    /// The casualty history, oldest first.
    public func history(of id: UUID, by caller: Caller) async throws -> [AccidentFiguresChange] {
        _ = try await get(id, by: caller)
        return try await Self.history(of: [id], on: database.reader)[id] ?? []
    }

    public func reports(of id: UUID, by caller: Caller) async throws -> [AccidentReport] {
        _ = try await get(id, by: caller)
        return try await Self.reports(of: [id], on: database.reader)[id] ?? []
    }

    /// One accident as its page and `GET /accidents/{id}` show it: the record, its casualty history, the reports sent and
    /// its clock now (worked out from those two, not read again).
    public struct Detail: Sendable {
        public let accident: Accident
        public let history: [AccidentFiguresChange]
        public let reports: [AccidentReport]
        public let clock: [AccidentClock.Obligation]
    }

    public func detail(_ id: UUID, by caller: Caller) async throws -> Detail {
        let accident = try await get(id, by: caller)
        let history = try await Self.history(of: [id], on: database.reader)[id] ?? []
        let reports = try await Self.reports(of: [id], on: database.reader)[id] ?? []
        return Detail(
            accident: accident, history: history, reports: reports,
            clock: AccidentClock.obligations(accident, history: history, reports: reports, settings: try await settings()))
    }

    /// An accident's report clock now.
    public func clock(of id: UUID, by caller: Caller) async throws -> [AccidentClock.Obligation] {
        try await detail(id, by: caller).clock
    }

    /// What is owed now across the caller's open accidents (the duty desk's 报告时限): each open obligation, soonest first.
    public func owed(by caller: Caller) async throws -> [(accident: Accident, obligation: AccidentClock.Obligation)] {
        let open = try await list(.init(open: true), page: try PageRequest(pageSize: PageRequest.maximumPageSize), by: caller).items
        guard !open.isEmpty else { return [] }
        let ids = open.map(\.id)
        let histories = try await Self.history(of: ids, on: database.reader)
        let reports = try await Self.reports(of: ids, on: database.reader)
        let settings = try await settings()
        var out: [(Accident, AccidentClock.Obligation)] = []
        for accident in open {
            for o in AccidentClock.obligations(
                accident, history: histories[accident.id] ?? [], reports: reports[accident.id] ?? [], settings: settings)
            where o.isOpen {
                out.append((accident, o))
            }
        }
        return out.sorted { $0.1.due < $1.1.due }
    }

    /// Counts and casualties by a key (grade, type, sector, township) over the filtered accidents: the statistics table.
    public struct Tally: Sendable, Equatable {
        public var accidents = 0
        public var deaths = 0
        public var seriousInjuries = 0
        public var missing = 0
        public var lossWanYuan = 0.0

        mutating func add(_ a: Accident) {
            accidents += 1
            deaths += a.figures.deaths
            seriousInjuries += a.figures.seriousInjuries
            missing += a.figures.missing
            lossWanYuan += a.figures.lossWanYuan
        }
    }

    public enum Grouping: String, Sendable, CaseIterable {
        case grade, type, sector, township, month
    }

    public func statistics(_ filter: Filter, by grouping: Grouping, caller: Caller) async throws -> (
        rows: [(key: String, tally: Tally)], total: Tally
    ) {
        try caller.require(.readBusinessData)
        var rows: [String: Tally] = [:]
        var total = Tally()
        var number = 1
        while true {
            let page = try await list(filter, page: try PageRequest(page: number, pageSize: PageRequest.maximumPageSize), by: caller)
            for a in page.items {
                let key: String =
                    switch grouping {
                    case .grade: a.grade.rawValue
                    case .type: a.type.rawValue
                    case .sector: a.sector
                    case .township: String(a.divisionCode.prefix(9)) + "000"
                    case .month: String(Timestamp.day(a.occurredAt).prefix(7))
                    }
                rows[key, default: Tally()].add(a)
                total.add(a)
            }
            if number >= page.pageCount { break }
            number += 1
        }
        // Months in calendar order (the monthly table); the others with the most deaths first.
        return (
            rows.map { ($0.key, $0.value) }.sorted {
                grouping == .month
                    ? $0.key < $1.key : $0.tally.deaths != $1.tally.deaths ? $0.tally.deaths > $1.tally.deaths : $0.key < $1.key
            }, total
        )
    }

    // MARK: - Rows

    private func caseIDs(of id: UUID, on sql: any SQLDatabase) async throws -> [UUID] {
        try await sql.select().column("case_id").from("accident_cases").where("accident_id", .equal, SQLBind.id(id)).orderBy("case_id")
            .all()
            .map { try $0.decodeID("case_id") }
    }

    static func history(of ids: [UUID], on sql: any SQLDatabase) async throws -> [UUID: [AccidentFiguresChange]] {
        guard !ids.isEmpty else { return [:] }
        var out: [UUID: [AccidentFiguresChange]] = [:]
        for row in try await sql.select().column("*").from("accident_figures").where("accident_id", .in, SQLBind.group(ids.map(\.key)))
            .orderBy("accident_id").orderBy("seq").all()
        {
            guard let at = Timestamp.date(try row.decode(column: "at", as: String.self)) else { throw AnlanError.recordCorrupt("伤亡记录") }
            out[try row.decodeID("accident_id"), default: []].append(
                AccidentFiguresChange(
                    at: at, figures: try figures(row), reason: try row.decode(column: "reason", as: String.self),
                    by: try row.decode(column: "recorded_by", as: String.self)))
        }
        return out
    }

    static func reports(of ids: [UUID], on sql: any SQLDatabase) async throws -> [UUID: [AccidentReport]] {
        guard !ids.isEmpty else { return [:] }
        var out: [UUID: [AccidentReport]] = [:]
        for row in try await sql.select().column("*").from("accident_reports").where("accident_id", .in, SQLBind.group(ids.map(\.key)))
            .orderBy("sent_at").orderBy("id").all()
        {
            guard let kind = AccidentReportKind(rawValue: try row.decode(column: "kind", as: String.self)),
                let recipient = AccidentRecipient(rawValue: try row.decode(column: "recipient", as: String.self)),
                let sent = Timestamp.date(try row.decode(column: "sent_at", as: String.self))
            else { throw AnlanError.recordCorrupt("事故报告记录") }
            let accident = try row.decodeID("accident_id")
            out[accident, default: []].append(
                AccidentReport(
                    id: try row.decodeID("id"), accidentID: accident, kind: kind, recipient: recipient, sentAt: sent,
                    note: try row.decodeOptional("note", as: String.self), figures: try figures(row),
                    sentBy: try row.decode(column: "sent_by", as: String.self)))
        }
        return out
    }

    static func figures(_ row: any SQLRow) throws -> IncidentFigures {
        IncidentFigures(
            deaths: try row.decode(column: "deaths", as: Int.self),
            seriousInjuries: try row.decode(column: "serious_injuries", as: Int.self),
            missing: try row.decode(column: "missing", as: Int.self), lossWanYuan: try row.decode(column: "loss_wan_yuan", as: Double.self))
    }

    static func decode(_ row: any SQLRow) throws -> Accident {
        guard let type = AccidentType(rawValue: try row.decode(column: "type", as: String.self)),
            let state = AccidentState(rawValue: try row.decode(column: "state", as: String.self)),
            let occurred = Timestamp.date(try row.decode(column: "occurred_at", as: String.self)),
            let learned = Timestamp.date(try row.decode(column: "learned_at", as: String.self)),
            let recorded = Timestamp.date(try row.decode(column: "recorded_at", as: String.self))
        else { throw AnlanError.recordCorrupt("事故") }
        let lat = try row.decodeOptional("latitude", as: Double.self), lon = try row.decodeOptional("longitude", as: Double.self)
        return Accident(
            id: try row.decodeID("id"), number: try row.decode(column: "number", as: String.self), occurredAt: occurred, learnedAt: learned,
            divisionCode: try row.decode(column: "division_code", as: String.self), place: try row.decode(column: "place", as: String.self),
            location: lat.flatMap { la in lon.map { GeoPoint(latitude: la, longitude: $0) } },
            enterpriseID: try row.decodeOptionalID("enterprise_id"), party: try row.decode(column: "party", as: String.self),
            sector: try row.decode(column: "sector", as: String.self), type: type, figures: try figures(row),
            description: try row.decode(column: "description", as: String.self), state: state,
            team: try row.decodeOptional("team", as: String.self),
            extendedTo: try row.decodeOptional("extended_to", as: String.self).flatMap(Day.init),
            extensionReason: try row.decodeOptional("extension_reason", as: String.self),
            investigationReport: try row.decodeOptional("investigation_report", as: String.self),
            findings: try row.decodeOptional("findings", as: String.self),
            closedOn: try row.decodeOptional("closed_on", as: String.self).flatMap(Day.init),
            recordedBy: try row.decode(column: "recorded_by", as: String.self), recordedAt: recorded)
    }
}
