import AnlanCore
import Foundation
import SQLKit

/// Publicity and training events (宣传培训): recorded after they are held, listed by period, kind and division, and
/// added up for the statistics (events, people reached, materials handed out).
public struct PublicityRepository: Sendable {
    let database: Database
    let environment: AnlanCore.Environment
    let audit: AuditLog
    let divisions: DivisionRepository
    let files: FileStore
    let events = ScopedTable(name: "publicity_events", divisionColumn: "division_code")

    /// At most this many photos per event: a record of what was done, not an album.
    public static let maximumPhotos = 12

    public struct Photo: Sendable, Equatable {
        public let seq: Int
        public let contentType: String
        public let fileName: String
        public let uploadedBy: String
        public let uploadedAt: Date
    }

    /// Adds a photo (JPEG or PNG) to an event the caller may keep.
    public func attachPhoto(_ id: UUID, data: Data, fileName: String, by caller: Caller) async throws -> [Photo] {
        try caller.require(.manageResources)
        guard !data.isEmpty else { throw AnlanError.invalid("publicity.photo_empty", "文件是空的。", field: "file") }
        guard let type = FileType.detect(data, fileName: fileName), type.isImage else {
            throw AnlanError(.unprocessable, code: "publicity.photo_type", message: "活动照片须为 JPEG 或 PNG 图片。")
        }
        let digest = try files.put(data)
        let name = String(fileName.filter { !"/\\\u{0}".contains($0) }.prefix(200))
        try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            guard
                let row = try await events.select(tx.sql, for: tx.caller).column("division_code").where("id", .equal, SQLBind.id(id)).for(
                    .update
                )
                .first()
            else { throw PublicityErrors.notFound }
            try events.requireWritable(try DivisionCode(try row.decode(column: "division_code", as: String.self)), by: tx.caller)
            let count =
                try await tx.sql.raw("SELECT COALESCE(MAX(seq), 0) AS n FROM publicity_photos WHERE event_id = \(bind: id.key)")
                .first(decodingColumn: "n", as: Int.self) ?? 0
            guard count < Self.maximumPhotos else {
                throw AnlanError(.conflict, code: "publicity.too_many_photos", message: "每次活动最多保存 \(Self.maximumPhotos) 张照片。")
            }
            try await tx.sql.insert(into: "publicity_photos")
                .columns("event_id", "seq", "sha256", "content_type", "file_name", "uploaded_by", "uploaded_at")
                .values(
                    SQLBind.id(id), SQLBind(count + 1), SQLBind(digest), SQLBind(type.contentType), SQLBind(name),
                    SQLBind(tx.caller.username ?? "-"), SQLBind(Timestamp.string(tx.now))
                ).run()
            try await tx.record(
                AuditEvent(action: "publicity.photo", targetType: "publicity_event", targetID: id.key, after: "\(count + 1): \(name)"))
        }
        return try await photos(of: id, by: caller)
    }

    public func photos(of id: UUID, by caller: Caller) async throws -> [Photo] {
        _ = try await get(id, by: caller)
        return try await database.reader.select().column("*").from("publicity_photos").where("event_id", .equal, SQLBind.id(id))
            .orderBy("seq").all().map { row in
                guard let at = Timestamp.date(try row.decode(column: "uploaded_at", as: String.self)) else {
                    throw AnlanError.recordCorrupt("活动照片")
                }
                return Photo(
                    seq: try row.decode(column: "seq", as: Int.self), contentType: try row.decode(column: "content_type", as: String.self),
                    fileName: try row.decode(column: "file_name", as: String.self),
                    uploadedBy: try row.decode(column: "uploaded_by", as: String.self), uploadedAt: at)
            }
    }

    public func photo(_ id: UUID, seq: Int, by caller: Caller) async throws -> (contentType: String, data: Data) {
        _ = try await get(id, by: caller)
        guard
            let row = try await database.reader.select().column("*").from("publicity_photos").where("event_id", .equal, SQLBind.id(id))
                .where("seq", .equal, SQLBind(seq)).first()
        else { throw AnlanError.notFound("publicity.photo_not_found", "照片不存在。") }
        return (try row.decode(column: "content_type", as: String.self), try files.get(try row.decode(column: "sha256", as: String.self)))
    }

    public func record(_ draft: PublicityDraft, by caller: Caller) async throws -> PublicityEvent {
        try caller.require(.manageResources)
        return try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            try events.requireWritable(draft.divisionCode, by: tx.caller)
            guard try await divisions.lookup(draft.divisionCode, on: tx.sql) != nil else {
                throw AnlanError.notFound("division.not_found", "区划 \(draft.divisionCode) 不存在或不在您的辖区内。")
            }
            let e = PublicityEvent(
                id: environment.newID(), kind: draft.kind, target: draft.target, theme: draft.theme, on: draft.on,
                divisionCode: draft.divisionCode.rawValue, place: draft.place, organiser: draft.organiser, audience: draft.audience,
                leaflets: draft.leaflets, boards: draft.boards, banners: draft.banners, note: draft.note,
                recordedBy: tx.caller.username ?? "-",
                recordedAt: tx.now)
            try await tx.sql.insert(into: "publicity_events")
                .columns(
                    "id", "kind", "target", "theme", "held_on", "division_code", "place", "organiser", "audience", "leaflets", "boards",
                    "banners",
                    "note", "recorded_by", "recorded_at"
                )
                .values(
                    SQLBind.id(e.id), SQLBind(e.kind.rawValue), SQLBind(e.target?.rawValue), SQLBind(e.theme), SQLBind(e.on.description),
                    SQLBind(e.divisionCode), SQLBind(e.place), SQLBind(e.organiser), SQLBind(e.audience), SQLBind(e.leaflets),
                    SQLBind(e.boards),
                    SQLBind(e.banners), SQLBind(e.note), SQLBind(e.recordedBy), SQLBind(Timestamp.string(tx.now))
                ).run()
            try await tx.record(
                AuditEvent(action: "publicity.record", targetType: "publicity_event", targetID: e.id.key, after: auditJSON(e)))
            return e
        }
    }

    public struct Filter: Sendable {
        public var kind: PublicityKind?
        public var divisionCode: DivisionCode?
        public var from: Day?
        public var to: Day?
        public var query: String?

        public init(kind: PublicityKind? = nil, divisionCode: DivisionCode? = nil, from: Day? = nil, to: Day? = nil, query: String? = nil) {
            self.kind = kind
            self.divisionCode = divisionCode
            self.from = from
            self.to = to
            self.query = query
        }
    }

    private func apply(_ f: Filter, to q: SQLSelectBuilder) -> SQLSelectBuilder {
        var q = q
        if let kind = f.kind { q = q.where("kind", .equal, SQLBind(kind.rawValue)) }
        if let code = f.divisionCode { q = q.where(SQLColumn("division_code"), .like, SQLLiteral.divisionPrefix(code.jurisdictionPrefix)) }
        if let from = f.from { q = q.where("held_on", .greaterThanOrEqual, SQLBind(from.description)) }
        if let to = f.to { q = q.where("held_on", .lessThanOrEqual, SQLBind(to.description)) }
        return TextSearch.apply(f.query, columns: ["theme", "place", "organiser"], enterpriseColumn: nil, to: q)
    }

    public func list(_ filter: Filter, page: PageRequest, by caller: Caller) async throws -> Page<PublicityEvent> {
        try caller.require(.readBusinessData)
        let total = try await events.count(database.reader, for: caller) { apply(filter, to: $0) }
        let rows = try await apply(filter, to: events.select(database.reader, for: caller).column("*")).orderBy("held_on", .descending)
            .orderBy("id").limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map(Self.decode), total: total, request: page)
    }

    public func get(_ id: UUID, by caller: Caller) async throws -> PublicityEvent {
        try caller.require(.readBusinessData)
        guard let row = try await events.select(database.reader, for: caller).column("*").where("id", .equal, SQLBind.id(id)).first()
        else { throw PublicityErrors.notFound }
        return try Self.decode(row)
    }

    /// Events, people reached and materials, per kind and in all, over the filtered events (summed in the database).
    public struct Totals: Sendable, Equatable {
        public var events = 0
        public var audience = 0
        public var leaflets = 0
        public var boards = 0
        public var banners = 0
    }

    public func totals(_ filter: Filter, by caller: Caller) async throws -> (byKind: [PublicityKind: Totals], all: Totals) {
        try caller.require(.readBusinessData)
        let rows = try await apply(
            filter,
            to: events.select(database.reader, for: caller).column("kind").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .column(SQLRaw("CAST(SUM(audience) AS BIGINT)"), as: "audience").column(
                    SQLRaw("CAST(SUM(leaflets) AS BIGINT)"), as: "leaflets"
                )
                .column(SQLRaw("CAST(SUM(boards) AS BIGINT)"), as: "boards").column(SQLRaw("CAST(SUM(banners) AS BIGINT)"), as: "banners")
        ).groupBy("kind").all()
        var byKind: [PublicityKind: Totals] = [:]
        var all = Totals()
        for row in rows {
            guard let kind = PublicityKind(rawValue: try row.decode(column: "kind", as: String.self)) else { continue }
            let t = Totals(
                events: try row.decode(column: "n", as: Int.self), audience: try row.decode(column: "audience", as: Int.self),
                leaflets: try row.decode(column: "leaflets", as: Int.self), boards: try row.decode(column: "boards", as: Int.self),
                banners: try row.decode(column: "banners", as: Int.self))
            byKind[kind] = t
            all.events += t.events
            all.audience += t.audience
            all.leaflets += t.leaflets
            all.boards += t.boards
            all.banners += t.banners
        }
        return (byKind, all)
    }

    static func decode(_ row: any SQLRow) throws -> PublicityEvent {
        guard let kind = PublicityKind(rawValue: try row.decode(column: "kind", as: String.self)),
            let on = Day(try row.decode(column: "held_on", as: String.self)),
            let at = Timestamp.date(try row.decode(column: "recorded_at", as: String.self))
        else { throw AnlanError.recordCorrupt("宣传培训记录") }
        return PublicityEvent(
            id: try row.decodeID("id"), kind: kind, target: try row.decodeOptional("target", as: String.self).flatMap(FiveIntoTarget.init),
            theme: try row.decode(column: "theme", as: String.self), on: on,
            divisionCode: try row.decode(column: "division_code", as: String.self),
            place: try row.decode(column: "place", as: String.self), organiser: try row.decode(column: "organiser", as: String.self),
            audience: try row.decode(column: "audience", as: Int.self), leaflets: try row.decode(column: "leaflets", as: Int.self),
            boards: try row.decode(column: "boards", as: Int.self), banners: try row.decode(column: "banners", as: Int.self),
            note: try row.decodeOptional("note", as: String.self), recordedBy: try row.decode(column: "recorded_by", as: String.self),
            recordedAt: at)
    }
}
