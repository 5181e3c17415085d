import AnlanCore
import Foundation
import SQLKit

/// The roster of 灾害信息员: an A-post and a B-post per village and township, their phones, training and certificate;
/// the coverage (divisions without one, training lapsed); and the accounts made from the roster by the system
/// administrator (role 灾害信息员, scoped to the officer's division), not one by one.
public struct InfoOfficerRepository: Sendable {
    let database: Database
    let environment: AnlanCore.Environment
    let audit: AuditLog
    let divisions: DivisionRepository
    let catalogs: SupervisionCatalogs
    let accounts: AccountService
    let officers = ScopedTable(name: "info_officers", divisionColumn: "division_code")

    var now: Date { environment.now() }

    public static let refresherKey = "info_officer_refresher_months"

    /// The refresher interval in months: stored, or the default (`InfoOfficerRules.refresherSource` says why a setting).
    public func refresherMonths() async throws -> Int {
        try await catalogs.stored(Self.refresherKey, as: Int.self) ?? InfoOfficerRules.defaultRefresherMonths
    }

    public func setRefresherMonths(_ months: Int, by caller: Caller) async throws {
        try caller.require(.configureCatalogs)
        guard (1...60).contains(months) else {
            throw AnlanError.invalid("info_officer.refresher_invalid", "复训间隔须为 1 到 60 个月。", field: "refresherMonths")
        }
        try await catalogs.save(
            months, key: Self.refresherKey, before: try await refresherMonths(), action: "info_officer_settings.update", by: caller)
    }

    // MARK: - Writing

    public func create(_ draft: InfoOfficerDraft, by caller: Caller) async throws -> InfoOfficer {
        try caller.require(.manageResources)
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            try officers.requireWritable(draft.divisionCode, by: tx.caller)
            guard try await divisions.lookup(draft.divisionCode, on: tx.sql) != nil else {
                throw AnlanError.notFound("division.not_found", "区划 \(draft.divisionCode) 不存在或不在您的辖区内。")
            }
            try await requireFree(draft.divisionCode, draft.post, except: nil, in: tx)
            let officer = InfoOfficer(
                id: environment.newID(), divisionCode: draft.divisionCode.rawValue, post: draft.post, name: draft.name, phone: draft.phone,
                trainedOn: draft.trainedOn, certificateNumber: draft.certificateNumber, username: nil, archivedAt: nil, createdAt: tx.now,
                updatedAt: tx.now)
            try await tx.sql.insert(into: "info_officers")
                .columns(
                    "id", "division_code", "post", "name", "phone", "trained_on", "certificate_number", "username", "archived_at",
                    "created_at",
                    "updated_at"
                )
                .values(
                    SQLBind.id(officer.id), SQLBind(officer.divisionCode), SQLBind(officer.post.rawValue), SQLBind(officer.name),
                    SQLBind(officer.phone), SQLBind(officer.trainedOn?.description), SQLBind(officer.certificateNumber),
                    SQLBind(String?.none), SQLBind(String?.none), SQLBind(Timestamp.string(tx.now)), SQLBind(Timestamp.string(tx.now))
                ).run()
            try await tx.record(
                AuditEvent(action: "info_officer.create", targetType: "info_officer", targetID: officer.id.key, after: auditJSON(officer)))
            return officer
        }
    }

    /// Changes an entry (a new phone, a training attended, the post moved); the division and post stay unique.
    public func update(_ id: UUID, _ draft: InfoOfficerDraft, by caller: Caller) async throws -> InfoOfficer {
        try caller.require(.manageResources)
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            let before = try await lock(id, in: tx)
            guard before.archivedAt == nil else { throw InfoOfficerErrors.archived }
            try officers.requireWritable(draft.divisionCode, by: tx.caller)
            guard try await divisions.lookup(draft.divisionCode, on: tx.sql) != nil else {
                throw AnlanError.notFound("division.not_found", "区划 \(draft.divisionCode) 不存在或不在您的辖区内。")
            }
            try await requireFree(draft.divisionCode, draft.post, except: id, in: tx)
            var after = before
            after.divisionCode = draft.divisionCode.rawValue
            after.post = draft.post
            after.name = draft.name
            after.phone = draft.phone
            after.trainedOn = draft.trainedOn
            after.certificateNumber = draft.certificateNumber
            after.updatedAt = tx.now
            try await tx.sql.update("info_officers").set("division_code", to: SQLBind(after.divisionCode))
                .set("post", to: SQLBind(after.post.rawValue)).set("name", to: SQLBind(after.name)).set("phone", to: SQLBind(after.phone))
                .set("trained_on", to: SQLBind(after.trainedOn?.description)).set(
                    "certificate_number", to: SQLBind(after.certificateNumber)
                )
                .set("updated_at", to: SQLBind(Timestamp.string(tx.now))).where("id", .equal, SQLBind.id(id)).run()
            try await tx.record(
                AuditEvent(
                    action: "info_officer.update", targetType: "info_officer", targetID: id.key, before: auditJSON(before),
                    after: auditJSON(after)))
            return after
        }
    }

    /// Takes an officer off the roster (the account, if any, is the system administrator's to deactivate).
    public func archive(_ id: UUID, reason: String, by caller: Caller) async throws -> InfoOfficer {
        try caller.require(.manageResources)
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            var officer = try await lock(id, in: tx)
            guard officer.archivedAt == nil else { throw InfoOfficerErrors.archived }
            officer.archivedAt = tx.now
            try await tx.sql.update("info_officers").set("archived_at", to: SQLBind(Timestamp.string(tx.now)))
                .set("updated_at", to: SQLBind(Timestamp.string(tx.now))).where("id", .equal, SQLBind.id(id)).run()
            try await tx.record(
                AuditEvent(
                    action: "info_officer.archive", targetType: "info_officer", targetID: id.key, after: auditJSON(["reason": reason])))
            return officer
        }
    }

    private func requireFree(_ code: DivisionCode, _ post: InfoOfficerPost, except id: UUID?, in tx: Transaction) async throws {
        var q = tx.sql.select().column("name").from("info_officers").where("division_code", .equal, SQLBind(code.rawValue))
            .where("post", .equal, SQLBind(post.rawValue)).where("archived_at", .is, SQLLiteral.null)
        if let id { q = q.where("id", .notEqual, SQLBind.id(id)) }
        if let holder = try await q.first(decodingColumn: "name", as: String.self) { throw InfoOfficerErrors.postTaken(post, holder) }
    }

    func lock(_ id: UUID, in tx: Transaction) async throws -> InfoOfficer {
        guard
            let row = try await officers.select(tx.sql, for: tx.caller).column("*").where("id", .equal, SQLBind.id(id)).for(.update).first()
        else { throw InfoOfficerErrors.notFound }
        return try Self.decode(row)
    }

    // MARK: - Accounts from the roster

    /// One account made: who, its login name and its first password (shown once, to hand over in person).
    public struct MadeAccount: Sendable {
        public let officer: InfoOfficer
        public let username: String
        public let password: String
    }

    /// Makes an account for every active officer of the caller's jurisdiction who has none: role 灾害信息员, scoped to the
    /// officer's division, the officer's phone, a login name from the division code and post (xxy101201a), a random first
    /// password. Only the system administrator makes accounts (三权分立); each account is audited as any other.
    public func makeAccounts(by caller: Caller) async throws -> [MadeAccount] {
        try caller.require(.manageAccounts)
        let waiting = try await officers.select(database.reader, within: caller.jurisdiction).column("*").where(
            "archived_at", .is, SQLLiteral.null
        )
        .where("username", .is, SQLLiteral.null).orderBy("division_code").orderBy("post").all().map(Self.decode)
        var made: [MadeAccount] = []
        for officer in waiting {
            let code = try DivisionCode(officer.divisionCode)
            let base = "xxy" + String(officer.divisionCode.dropFirst(6).prefix(6)) + officer.post.rawValue
            var username = base
            var n = 1
            while try await accounts.find(username: username) != nil {
                n += 1
                username = base + "\(n)"
            }
            let password = DemoLoader.randomPassword()
            _ = try await accounts.create(
                .init(
                    username: username, displayName: officer.name, role: .infoOfficer, divisionCode: code, password: password,
                    phone: officer.phone),
                by: caller)
            let name = username
            try await database.write(by: caller, at: now, audit: audit) { tx in
                try await tx.sql.update("info_officers").set("username", to: SQLBind(name)).set(
                    "updated_at", to: SQLBind(Timestamp.string(tx.now))
                )
                .where("id", .equal, SQLBind.id(officer.id)).run()
                try await tx.record(
                    AuditEvent(
                        action: "info_officer.account", targetType: "info_officer", targetID: officer.id.key,
                        after: auditJSON(["username": name])))
            }
            var linked = officer
            linked.username = username
            made.append(MadeAccount(officer: linked, username: username, password: password))
        }
        return made
    }

    // MARK: - Reading

    public struct Filter: Sendable {
        public var divisionCode: DivisionCode?
        public var post: InfoOfficerPost?
        /// Only those whose training lapsed (or who were never trained).
        public var lapsed: Bool?
        /// Only those without an account yet.
        public var withoutAccount: Bool?
        public var includeArchived: Bool
        public var query: String?

        public init(
            divisionCode: DivisionCode? = nil, post: InfoOfficerPost? = nil, lapsed: Bool? = nil, withoutAccount: Bool? = nil,
            includeArchived: Bool = false, query: String? = nil
        ) {
            self.divisionCode = divisionCode
            self.post = post
            self.lapsed = lapsed
            self.withoutAccount = withoutAccount
            self.includeArchived = includeArchived
            self.query = query
        }
    }

    /// The day before which a last training counts as lapsed.
    func lapseLimit() async throws -> Day {
        InfoOfficerRules.lapsedBefore(today: Day(now), months: try await refresherMonths())
    }

    public func list(_ filter: Filter, page: PageRequest, by caller: Caller) async throws -> Page<InfoOfficer> {
        try caller.require(.readBusinessData)
        let limit = try await lapseLimit().description
        func apply(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = q
            if !filter.includeArchived { q = q.where("archived_at", .is, SQLLiteral.null) }
            if let code = filter.divisionCode {
                q = q.where(SQLColumn("division_code"), .like, SQLLiteral.divisionPrefix(code.jurisdictionPrefix))
            }
            if let post = filter.post { q = q.where("post", .equal, SQLBind(post.rawValue)) }
            if filter.lapsed == true {
                q = q.where { $0.where("trained_on", .is, SQLLiteral.null).orWhere("trained_on", .lessThan, SQLBind(limit)) }
            }
            if filter.withoutAccount == true { q = q.where("username", .is, SQLLiteral.null) }
            return TextSearch.apply(filter.query, columns: ["name", "phone", "certificate_number"], enterpriseColumn: nil, to: q)
        }
        let total = try await officers.count(database.reader, for: caller) { apply($0) }
        let rows = try await apply(officers.select(database.reader, for: caller).column("*")).orderBy("division_code").orderBy("post")
            .limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map(Self.decode), total: total, request: page)
    }

    public func get(_ id: UUID, by caller: Caller) async throws -> InfoOfficer {
        try caller.require(.readBusinessData)
        guard let row = try await officers.select(database.reader, for: caller).column("*").where("id", .equal, SQLBind.id(id)).first()
        else { throw InfoOfficerErrors.notFound }
        return try Self.decode(row)
    }

    /// One village or township of the coverage: its A and B officers (nil where the post is empty).
    public struct Coverage: Sendable {
        public let code: DivisionCode
        public let name: String
        public let a: InfoOfficer?
        public let b: InfoOfficer?
        public var complete: Bool { a != nil && b != nil }
    }

    /// Every village and township of the caller's jurisdiction with its posts, and how many officers' training lapsed.
    public func coverage(by caller: Caller) async throws -> (divisions: [Coverage], lapsed: Int, refresherMonths: Int) {
        try caller.require(.readBusinessData)
        var officers: [InfoOfficer] = []
        var number = 1
        while true {
            let page = try await list(.init(), page: try PageRequest(page: number, pageSize: PageRequest.maximumPageSize), by: caller)
            officers += page.items
            if number >= page.pageCount { break }
            number += 1
        }
        var byPost: [String: InfoOfficer] = [:]
        for o in officers { byPost["\(o.divisionCode)|\(o.post.rawValue)"] = o }
        let divisions = try await divisions.names(within: caller.jurisdiction).filter { $0.code.level != .county }
        let months = try await refresherMonths()
        let today = Day(now)
        return (
            divisions.map {
                Coverage(code: $0.code, name: $0.name, a: byPost["\($0.code.rawValue)|a"], b: byPost["\($0.code.rawValue)|b"])
            },
            officers.filter { $0.trainingLapsed(today: today, months: months) }.count, months
        )
    }

    static func decode(_ row: any SQLRow) throws -> InfoOfficer {
        guard let post = InfoOfficerPost(rawValue: try row.decode(column: "post", as: String.self)),
            let created = Timestamp.date(try row.decode(column: "created_at", as: String.self)),
            let updated = Timestamp.date(try row.decode(column: "updated_at", as: String.self))
        else { throw AnlanError.recordCorrupt("灾害信息员") }
        return InfoOfficer(
            id: try row.decodeID("id"), divisionCode: try row.decode(column: "division_code", as: String.self), post: post,
            name: try row.decode(column: "name", as: String.self), phone: try row.decode(column: "phone", as: String.self),
            trainedOn: try row.decodeOptional("trained_on", as: String.self).flatMap(Day.init),
            certificateNumber: try row.decodeOptional("certificate_number", as: String.self),
            username: try row.decodeOptional("username", as: String.self),
            archivedAt: try row.decodeOptional("archived_at", as: String.self).flatMap(Timestamp.date), createdAt: created,
            updatedAt: updated)
    }
}
