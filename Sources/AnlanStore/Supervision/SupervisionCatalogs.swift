import AnlanCore
import Foundation
import SQLKit

/// The bureau's supervision lists: the working-day calendar, checklists (built in and its own,
/// versioned), document numbering, and recorded conflicts of interest.
public struct SupervisionCatalogs: Sendable {
    let database: Database
    let environment: AnlanCore.Environment
    let audit: AuditLog
    let divisions: DivisionRepository
    let conflicts = ScopedTable(name: "conflicts_of_interest", divisionColumn: "division_code")

    func write<T: Sendable>(by caller: Caller, _ body: @Sendable (Transaction) async throws -> T) async throws -> T {
        try await database.write(by: caller, at: environment.now(), audit: audit, body)
    }

    // MARK: - Working-day calendar

    /// The calendar in force: the stored days, or the built-in seed while none are stored.
    public func calendar() async throws -> WorkCalendar {
        WorkCalendar(days: try await calendarDays())
    }

    public func calendarDays() async throws -> [WorkCalendar.Entry] {
        let rows = try await database.reader.select().columns("day", "kind", "name").from("work_calendar_days").orderBy("day").all()
        if rows.isEmpty { return WorkCalendar.defaults }
        return try rows.map {
            WorkCalendar.Entry(
                date: try $0.decode(column: "day", as: String.self),
                kind: WorkCalendar.Entry.Kind(rawValue: try $0.decode(column: "kind", as: String.self)) ?? .holiday,
                name: try $0.decode(column: "name", as: String.self))
        }
    }

    /// Replaces the holidays and make-up workdays of one year.
    public func setCalendar(year: Int, days: [WorkCalendar.Entry], by caller: Caller) async throws {
        try caller.require(.configureCatalogs)
        guard (2000...2100).contains(year) else { throw AnlanError.invalid("calendar.year_invalid", "年份须在 2000–2100 之间。", field: "year") }
        var seen = Set<String>()
        for day in days {
            guard Timestamp.isDay(day.date), day.date.hasPrefix("\(year)-") else {
                throw AnlanError.invalid("calendar.day_invalid", "日期 \(day.date) 不是 \(year) 年的有效日期。", field: "days")
            }
            guard seen.insert(day.date).inserted else {
                throw AnlanError.invalid("calendar.day_duplicate", "日期 \(day.date) 重复。", field: "days")
            }
            guard (1...20).contains(day.name.codePoints) else {
                throw AnlanError.invalid("calendar.name_invalid", "节日名称须为 1–20 个字（\(day.date)）。", field: "days")
            }
        }
        let before = try await calendarDays()
        try await write(by: caller) { tx in
            // The first change stores the seed, so other years keep their days.
            let stored = try await tx.sql.select().column("day").from("work_calendar_days").limit(1).all()
            if stored.isEmpty {
                for day in before where !day.date.hasPrefix("\(year)-") { try await insert(day, on: tx.sql) }
            } else {
                try await tx.sql.delete(from: "work_calendar_days").where("day", .like, SQLBind("\(year)-%")).run()
            }
            for day in days { try await insert(day, on: tx.sql) }
            try await tx.record(
                AuditEvent(
                    action: "calendar.update", targetType: "work_calendar", targetID: String(year),
                    before: auditJSON(before.filter { $0.date.hasPrefix("\(year)-") }), after: auditJSON(days)))
        }
    }

    private func insert(_ day: WorkCalendar.Entry, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "work_calendar_days").columns("day", "kind", "name")
            .values(SQLBind(day.date), SQLBind(day.kind.rawValue), SQLBind(day.name)).run()
    }

    // MARK: - Checklists

    /// Every checklist at its latest version: the built-in ones and the bureau's.
    public func checklists() async throws -> [Checklist] {
        let stored = try await database.reader.select().column("*").from("checklists").orderBy("key").orderBy("version", .descending).all()
            .map(Self.decodeChecklist)
        var latest: [String: Checklist] = [:]
        for list in stored where latest[list.key] == nil { latest[list.key] = list }
        return BuiltInChecklists.all.filter { latest[$0.key] == nil } + latest.values.sorted { $0.key < $1.key }
    }

    public func checklist(key: String) async throws -> Checklist {
        guard let list = try await checklists().first(where: { $0.key == key }) else {
            throw AnlanError.notFound("checklist.not_found", "检查清单 \(key) 不存在。")
        }
        return list
    }

    /// Saves a new version of a checklist (a built-in one too): inspections keep the version they used.
    public func saveChecklist(_ checklist: Checklist, by caller: Caller) async throws -> Checklist {
        try caller.require(.configureCatalogs)
        let draft = try checklist.validated()
        return try await write(by: caller) { tx in
            // The next version is numbered inside the transaction, after any other save of the same list commits.
            try await tx.serialize(on: "checklist:\(draft.key)")
            let current =
                try await tx.sql.raw("SELECT MAX(version) AS v FROM checklists WHERE key = \(bind: draft.key)")
                .first(decodingColumn: "v", as: Int?.self) ?? nil
            let saved = Checklist(
                key: draft.key, version: (current ?? BuiltInChecklists.all.first { $0.key == draft.key }?.version ?? 0) + 1,
                name: draft.name, sectors: draft.sectors, items: draft.items)
            try await tx.sql.insert(into: "checklists").columns("key", "version", "name", "sectors", "items", "created_by", "created_at")
                .values(
                    SQLBind(saved.key), SQLBind(saved.version), SQLBind(saved.name), SQLBind(auditJSON(saved.sectors)),
                    SQLBind(auditJSON(saved.items)),
                    SQLBind(caller.username), SQLBind(Timestamp.string(tx.now))
                ).run()
            try await tx.record(
                AuditEvent(
                    action: "checklist.save", targetType: "checklist", targetID: "\(saved.key)@\(saved.version)", after: auditJSON(saved)))
            return saved
        }
    }

    static func decodeChecklist(_ row: any SQLRow) throws -> Checklist {
        Checklist(
            key: try row.decode(column: "key", as: String.self), version: try row.decode(column: "version", as: Int.self),
            name: try row.decode(column: "name", as: String.self),
            sectors: try JSONDecoder().decode([String].self, from: Data(try row.decode(column: "sectors", as: String.self).utf8)),
            items: try JSONDecoder().decode([ChecklistItem].self, from: Data(try row.decode(column: "items", as: String.self).utf8)))
    }

    // MARK: - Document numbering and enforcement settings

    static let numberingKey = "document_numbering"
    static let enforcementKey = "enforcement_settings"

    func stored<T: Decodable>(_ key: String, as type: T.Type) async throws -> T? {
        guard
            let text = try await database.reader.select().column("value").from("settings").where("key", .equal, SQLBind(key))
                .first(decodingColumn: "value", as: String.self)
        else { return nil }
        return try? JSONDecoder().decode(T.self, from: Data(text.utf8))
    }

    func save<T: Encodable & Sendable>(_ value: T, key: String, before: T, action: String, by caller: Caller) async throws {
        try await write(by: caller) { tx in
            try await tx.sql.delete(from: "settings").where("key", .equal, SQLBind(key)).run()
            try await tx.sql.insert(into: "settings").columns("key", "value", "updated_at")
                .values(SQLBind(key), SQLBind(auditJSON(value)), SQLBind(Timestamp.string(tx.now))).run()
            try await tx.record(
                AuditEvent(action: action, targetType: "settings", targetID: key, before: auditJSON(before), after: auditJSON(value)))
        }
    }

    func countyName() async throws -> String? { try await divisions.names(within: .everything).first { $0.code.level == .county }?.name }

    /// The numbering in force: stored, or the default pattern with the county's first character.
    public func numbering() async throws -> DocumentNumbering {
        if let stored = try await stored(Self.numberingKey, as: DocumentNumbering.self) { return stored }
        return DocumentNumbering(countyShortName: String((try await countyName() ?? "县").prefix(1)))
    }

    public func setNumbering(_ numbering: DocumentNumbering, by caller: Caller) async throws {
        try caller.require(.configureCatalogs)
        try await save(
            try numbering.validated(), key: Self.numberingKey, before: try await self.numbering(), action: "numbering.update", by: caller)
    }

    /// The enforcement settings in force: stored, or the county's defaults.
    public func enforcementSettings() async throws -> EnforcementSettings {
        if let stored = try await stored(Self.enforcementKey, as: EnforcementSettings.self) { return stored }
        return .defaults(county: try await countyName() ?? "本县")
    }

    public func setEnforcementSettings(_ settings: EnforcementSettings, by caller: Caller) async throws {
        try caller.require(.configureCatalogs)
        try await save(
            try settings.validated(), key: Self.enforcementKey, before: try await enforcementSettings(),
            action: "enforcement_settings.update", by: caller)
    }

    /// The issuing authority's name: the county's name and 应急管理局.
    public func authority() async throws -> String { (try await countyName() ?? "") + "应急管理局" }

    // MARK: - Conflicts of interest

    public struct Conflict: Sendable, Hashable {
        public let id: UUID
        public let username: String
        public let enterpriseID: UUID
        public let reason: String
    }

    /// Records that an inspector must withdraw (回避) from an enterprise.
    public func addConflict(username: String, enterpriseID: UUID, reason: String, enterprise: Enterprise, by caller: Caller) async throws
        -> Conflict
    {
        try caller.require(.configureCatalogs)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...200).contains(reason.codePoints) else {
            throw AnlanError.invalid("conflict.reason_required", "请填写回避理由（2–200 字）。", field: "reason")
        }
        let conflict = Conflict(id: environment.newID(), username: username, enterpriseID: enterpriseID, reason: reason)
        try await write(by: caller) { tx in
            let exists = try await tx.sql.select().column("id").from("conflicts_of_interest").where("username", .equal, SQLBind(username))
                .where("enterprise_id", .equal, SQLBind.id(enterpriseID)).first()
            guard exists == nil else { throw AnlanError(.conflict, code: "conflict.exists", message: "该回避关系已登记。") }
            try await tx.sql.insert(into: "conflicts_of_interest")
                .columns("id", "username", "enterprise_id", "division_code", "reason", "created_by", "created_at")
                .values(
                    SQLBind.id(conflict.id), SQLBind(username), SQLBind.id(enterpriseID),
                    SQLBind(enterprise.profile.divisionCode), SQLBind(reason), SQLBind(caller.username), SQLBind(Timestamp.string(tx.now))
                ).run()
            try await tx.record(
                AuditEvent(
                    action: "conflict.add", targetType: "enterprise", targetID: enterpriseID.key,
                    after: auditJSON(["username": username, "reason": reason])))
        }
        return conflict
    }

    /// Recorded conflicts within the caller's jurisdiction, newest first.
    public func conflicts(by caller: Caller) async throws -> [Conflict] {
        try caller.require(.readBusinessData)
        return try await conflicts.select(database.reader, for: caller).column("*").orderBy("created_at", .descending).limit(500).all().map
        { row in
            Conflict(
                id: try row.decodeID("id"),
                username: try row.decode(column: "username", as: String.self),
                enterpriseID: try row.decodeID("enterprise_id"),
                reason: try row.decode(column: "reason", as: String.self))
        }
    }

    /// enterprise ID → usernames who must withdraw, within the caller's jurisdiction.
    public func conflictMap(by caller: Caller) async throws -> [String: [String]] {
        let rows = try await conflicts.select(database.reader, for: caller).columns("enterprise_id", "username").all()
        var map: [String: [String]] = [:]
        for row in rows {
            map[try row.decode(column: "enterprise_id", as: String.self), default: []].append(
                try row.decode(column: "username", as: String.self))
        }
        return map.mapValues { $0.sorted() }
    }
}
