import AnlanCore
import Foundation
import SQLKit

/// Enterprise files (一企一档), read and written within the caller's jurisdiction; an enterprise
/// officer sees only their own enterprise and changes only its contacts.
public struct EnterpriseRepository: Sendable {
    let database: Database
    let environment: AnlanCore.Environment
    let audit: AuditLog
    let divisions: DivisionRepository
    let settings: SettingsRepository
    let table = ScopedTable(name: "enterprises", divisionColumn: "division_code", enterpriseColumn: "id")
    /// The lists' counts, reused while the enterprise tables are unchanged (one per repository, so per process).
    let counts = VersionedCounts()
    /// A search naming at most this many rows reads them by rowid; one naming more reads in list order (SQLite).
    static let searchLookupLimit = 1000
    /// From this offset on, a page in the second half of its list is read backwards from the end.
    public static let backwardsFrom = 1000

    func write<T: Sendable>(by caller: Caller, _ body: @Sendable (Transaction) async throws -> T) async throws -> T {
        try await database.write(by: caller, at: environment.now(), audit: audit, body)
    }

    /// The sectors a profile may name: the bureau's list (a setting).
    public func sectors() async throws -> [String] { try await settings.sectors(now: environment.now()) }

    // MARK: - Writing

    /// Creates an enterprise file; returns it with any warnings about its data.
    public func create(_ profile: EnterpriseProfile, riskLevel: RiskLevel? = nil, by caller: Caller) async throws
        -> (enterprise: Enterprise, warnings: [String])
    {
        try caller.require(.editEnterprises)
        let (profile, warnings) = try profile.validated(sectors: try await sectors())
        try table.requireWritable(try DivisionCode(profile.divisionCode), by: caller)
        let id = environment.newID()
        let enterprise = try await write(by: caller) { tx in
            try await requireVillage(profile.divisionCode, on: tx.sql)
            try await requireUniqueCreditCode(profile.creditCode, except: nil, on: tx.sql)
            let now = Timestamp.string(tx.now)
            try await tx.sql.insert(into: "enterprises")
                .columns(Self.profileColumns + ["id", "risk_level", "search_text", "archived_at", "created_at", "updated_at"])
                .values(
                    Self.profileBinds(profile) + [
                        SQLBind.id(id), SQLBind(riskLevel?.rawValue), SQLBind(Self.searchText(profile)),
                        SQLBind(String?.none), SQLBind(now), SQLBind(now),
                    ]
                )
                .run()
            try await replaceDetails(of: id, profile, on: tx)
            if let riskLevel {
                try await recordRiskChange(id, from: nil, to: riskLevel, reason: "建档时评定", on: tx)
            }
            let enterprise = Enterprise(
                id: id, profile: profile, riskLevel: riskLevel, archivedAt: nil, createdAt: tx.now, updatedAt: tx.now)
            try await tx.record(
                AuditEvent(
                    action: "enterprise.create", targetType: "enterprise", targetID: id.key, after: auditJSON(profile)))
            return enterprise
        }
        return (enterprise, warnings)
    }

    /// Replaces the whole profile (the bureau's staff).
    public func update(id: UUID, _ profile: EnterpriseProfile, by caller: Caller) async throws -> (
        enterprise: Enterprise, warnings: [String]
    ) {
        try caller.require(.editEnterprises)
        let (profile, warnings) = try profile.validated(sectors: try await sectors())
        try table.requireWritable(try DivisionCode(profile.divisionCode), by: caller)
        let enterprise = try await write(by: caller) { tx in
            let before = try await fetch(id, for: caller, on: tx.sql)
            guard before.archivedAt == nil else {
                throw EnterpriseErrors.archived
            }
            try await requireVillage(profile.divisionCode, on: tx.sql)
            try await requireUniqueCreditCode(profile.creditCode, except: id, on: tx.sql)
            var update = table.update(tx.sql, for: caller)
            for (column, bind) in zip(Self.profileColumns, Self.profileBinds(profile)) {
                update = update.set(SQLIdentifier(column), to: bind)
            }
            try await update.set("search_text", to: SQLBind(Self.searchText(profile)))
                .set("updated_at", to: SQLBind(Timestamp.string(tx.now)))
                .where("id", .equal, SQLBind.id(id)).run()
            try await replaceDetails(of: id, profile, on: tx)
            try await tx.record(
                AuditEvent(
                    action: "enterprise.update", targetType: "enterprise", targetID: id.key,
                    before: auditJSON(before.profile), after: auditJSON(profile)))
            var after = before
            after.profile = profile
            after.updatedAt = tx.now
            return after
        }
        return (enterprise, warnings)
    }

    /// Changes only the contacts: what an enterprise officer may do for their own enterprise.
    public func updateContacts(id: UUID, principal: String?, safetyOfficerName: String?, safetyOfficerPhone: String?, by caller: Caller)
        async throws -> Enterprise
    {
        guard caller.role?.can(.editEnterprises) == true || (caller.role == .enterpriseOfficer && caller.enterpriseID == id) else {
            throw AnlanError.forbidden
        }
        return try await write(by: caller) { tx in
            let before = try await fetch(id, for: caller, on: tx.sql)
            var profile = before.profile
            profile.principal = principal
            profile.safetyOfficerName = safetyOfficerName
            profile.safetyOfficerPhone = safetyOfficerPhone
            let (validated, _) = try profile.validated(sectors: before.profile.sectors)
            try await table.update(tx.sql, for: caller)
                .set("principal", to: SQLBind(validated.principal)).set("safety_officer_name", to: SQLBind(validated.safetyOfficerName))
                .set("safety_officer_phone", to: SQLBind(validated.safetyOfficerPhone))
                .set("updated_at", to: SQLBind(Timestamp.string(tx.now)))
                .where("id", .equal, SQLBind.id(id)).run()
            try await tx.record(
                AuditEvent(
                    action: "enterprise.contacts_update", targetType: "enterprise", targetID: id.key,
                    before: auditJSON(Contacts(before.profile)), after: auditJSON(Contacts(validated))))
            var after = before
            after.profile = validated
            after.updatedAt = tx.now
            return after
        }
    }

    /// Sets the risk level, keeping who changed it, when and why.
    public func setRiskLevel(id: UUID, to level: RiskLevel, reason: String, by caller: Caller) async throws -> Enterprise {
        try caller.require(.editEnterprises)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...500).contains(reason.codePoints) else {
            throw EnterpriseErrors.riskReasonRequired
        }
        return try await write(by: caller) { tx in
            var enterprise = try await fetch(id, for: caller, on: tx.sql)
            guard enterprise.archivedAt == nil else {
                throw EnterpriseErrors.archived
            }
            try await table.update(tx.sql, for: caller).set("risk_level", to: SQLBind(level.rawValue))
                .set("updated_at", to: SQLBind(Timestamp.string(tx.now)))
                .where("id", .equal, SQLBind.id(id)).run()
            try await recordRiskChange(id, from: enterprise.riskLevel, to: level, reason: reason, on: tx)
            try await tx.record(
                AuditEvent(
                    action: "enterprise.risk_level", targetType: "enterprise", targetID: id.key,
                    before: auditJSON(["riskLevel": enterprise.riskLevel?.rawValue]),
                    after: auditJSON(["riskLevel": level.rawValue, "reason": reason])))
            enterprise.riskLevel = level
            enterprise.updatedAt = tx.now
            return enterprise
        }
    }

    /// Archives a file: it leaves the lists, keeps its history, and frees its credit code.
    public func archive(id: UUID, reason: String, by caller: Caller) async throws {
        try caller.require(.editEnterprises)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...500).contains(reason.codePoints) else {
            throw EnterpriseErrors.archiveReasonRequired
        }
        try await write(by: caller) { tx in
            let enterprise = try await fetch(id, for: caller, on: tx.sql)
            guard enterprise.archivedAt == nil else {
                throw EnterpriseErrors.archived
            }
            try await table.update(tx.sql, for: caller).set("archived_at", to: SQLBind(Timestamp.string(tx.now)))
                .set("updated_at", to: SQLBind(Timestamp.string(tx.now)))
                .where("id", .equal, SQLBind.id(id)).run()
            try await tx.record(
                AuditEvent(
                    action: "enterprise.archive", targetType: "enterprise", targetID: id.key,
                    after: auditJSON(["reason": reason])))
        }
    }

    // MARK: - Reading

    public func get(_ id: UUID, by caller: Caller) async throws -> Enterprise {
        try caller.require(.readBusinessData)
        return try await fetch(id, for: caller, on: database.reader)
    }

    /// Every enterprise matching the filter that the caller may see, read page by page: for work over a
    /// whole county (a draw's pool, a plan, the demo), which holds thousands of enterprises, not millions.
    public func all(_ filter: Filter, by caller: Caller) async throws -> [Enterprise] {
        var result: [Enterprise] = []
        var number = 1
        while true {
            let page = try await list(filter, page: try PageRequest(page: number, pageSize: PageRequest.maximumPageSize), by: caller)
            result += page.items
            if number >= page.pageCount { return result }
            number += 1
        }
    }

    /// Names of enterprises by ID (lower-case text), for records that list them (draw results, ledgers).
    /// Names only, and not limited by jurisdiction: a published draw names its enterprises to the public.
    public func names(of ids: [UUID]) async throws -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        var names: [String: String] = [:]
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            for row in try await database.reader.select().columns("id", "name").from("enterprises")
                .where("id", .in, SQLBind.group(chunk.map { $0.key })).all()
            {
                names[try row.decode(column: "id", as: String.self)] = try row.decode(column: "name", as: String.self)
            }
        }
        return names
    }

    public func riskHistory(_ id: UUID, by caller: Caller) async throws -> [RiskLevelChange] {
        _ = try await get(id, by: caller)
        let rows = try await database.reader.select().column("*").from("enterprise_risk_changes")
            .where("enterprise_id", .equal, SQLBind.id(id)).orderBy("changed_at", .descending).all()
        return try rows.compactMap { row in
            guard let to = RiskLevel(rawValue: try row.decode(column: "to_level", as: String.self)),
                let at = Timestamp.date(try row.decode(column: "changed_at", as: String.self))
            else { return nil }
            return RiskLevelChange(
                from: try row.decode(column: "from_level", as: String?.self).flatMap(RiskLevel.init(rawValue:)), to: to,
                reason: try row.decode(column: "reason", as: String.self),
                changedBy: try row.decode(column: "changed_by", as: String?.self),
                changedAt: at)
        }
    }

    /// What to list. Every field narrows the list; nil leaves it open.
    public struct Filter: Sendable, Hashable {
        public var query: String?
        public var sector: String?
        public var riskLevel: RiskLevel?
        public var division: DivisionCode?
        public var standardizationGrade: StandardizationGrade?
        public var operatingStatus: OperatingStatus?
        /// Only enterprises with a licence expiring within this many days from today (or already expired).
        public var licenceExpiringWithinDays: Int?
        public var includeArchived = false
        /// Only enterprises inspected in a period (and, optionally, whose inspections count in a report sector): the
        /// list behind the statistics' 检查企业 figure.
        public var inspected: Inspected?
        /// Only enterprises with (true) or without (false) a major hazard installation (重大危险源) in force.
        public var majorHazard: Bool?

        public struct Inspected: Sendable, Hashable {
            public var from: String
            public var to: String
            public var reportSector: String?
            public init(from: String, to: String, reportSector: String? = nil) {
                self.from = from
                self.to = to
                self.reportSector = reportSector
            }
        }

        public init(
            query: String? = nil, sector: String? = nil, riskLevel: RiskLevel? = nil, division: DivisionCode? = nil,
            standardizationGrade: StandardizationGrade? = nil, operatingStatus: OperatingStatus? = nil,
            licenceExpiringWithinDays: Int? = nil, includeArchived: Bool = false, inspected: Inspected? = nil, majorHazard: Bool? = nil
        ) {
            self.majorHazard = majorHazard
            self.inspected = inspected
            self.query = query
            self.sector = sector
            self.riskLevel = riskLevel
            self.division = division
            self.standardizationGrade = standardizationGrade
            self.operatingStatus = operatingStatus
            self.licenceExpiringWithinDays = licenceExpiringWithinDays
            self.includeArchived = includeArchived
        }
    }

    /// What a list's count depends on besides the tables' version: the filter (every field of it, as it is Hashable),
    /// who is asking, and the day a licence filter counts from. Hashed as it is, instead of serialising the count's SQL
    /// for a key on every page.
    private struct CountKey: Hashable, Sendable {
        let filter: Filter
        let jurisdiction: Jurisdiction
        let role: Role?
        let enterpriseID: UUID?
        let licenceLimit: String?
    }

    /// List orders.
    public enum Sort: String, Sendable, CaseIterable {
        case name, updated, riskLevel
    }

    /// One page of the enterprises matching `filter`. `backwardsFrom` is the offset from which a page in the second
    /// half is read from the end (tests set it low to compare both ways of reading).
    public func list(
        _ filter: Filter, sort: Sort = .name, page: PageRequest, by caller: Caller, backwardsFrom: Int = EnterpriseRepository.backwardsFrom
    ) async throws -> Page<Enterprise> {
        try caller.require(.readBusinessData)
        let engine = database.engine
        // Words are ANDed ("青山 化工"); the longest one is looked up first, the others narrow what it finds.
        let words = TextSearch.words(filter.query)
        let text = words.max { $0.count < $1.count } ?? ""
        let otherWords = words.filter { $0 != text }
        let pattern = "%" + text + "%"
        // On SQLite a search of three characters or more first asks the trigram index for a few matches: when it names
        // no more than `searchLookupLimit` rows, the list reads just those (by rowid); when it names more, reading the
        // text in the list's order fills a page sooner than the index can list every match.
        var searchRows: [Int64]? = nil
        if engine == .sqlite && text.count >= 3 {
            let found = try await database.reader.raw(
                "SELECT rowid FROM search_enterprises WHERE search_text LIKE \(bind: pattern) LIMIT \(literal: Self.searchLookupLimit + 1)"
            ).all()
            if found.count <= Self.searchLookupLimit { searchRows = try found.map { try $0.decode(column: "rowid", as: Int64.self) } }
        }
        let matches = searchRows
        let licenceLimit = filter.licenceExpiringWithinDays.map {
            Timestamp.day(environment.now().addingTimeInterval(TimeInterval($0) * 86_400))
        }
        // The expression of the index enterprises_list_risk (migration 8), in the order of `RiskLevel.allCases`.
        let riskOrder = SQLRaw("CASE risk_level WHEN 'major' THEN 0 WHEN 'high' THEN 1 WHEN 'moderate' THEN 2 WHEN 'low' THEN 3 ELSE 4 END")
        func apply(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            var query = query
            if !filter.includeArchived {
                // With a few rows named, the unary plus keeps SQLite from walking the list index instead of reading them.
                query = matches == nil ? query.where("archived_at", .is, SQLLiteral.null) : query.where(SQLRaw("+archived_at IS NULL"))
            }
            // EXISTS probes the enterprise's own rows as the list is read, and stops with the page.
            if let sector = filter.sector {
                query = query.where(
                    SQLQueryString(
                        "EXISTS (SELECT 1 FROM enterprise_sectors s WHERE s.enterprise_id = enterprises.id AND s.sector = \(bind: sector))")
                )
            }
            if let major = filter.majorHazard {
                query = query.where(
                    SQLRaw(
                        (major ? "" : "NOT ")
                            + "EXISTS (SELECT 1 FROM hazard_installations h WHERE h.enterprise_id = enterprises.id AND h.is_major = 1 AND h.removed_at IS NULL)"
                    ))
            }
            if let level = filter.riskLevel {
                // As the risk index's own expression (migration 8): the index then holds one level's rows in name order,
                // and a page reads just them, where `risk_level = ?` let the planner sort a whole level by name.
                query = query.where(riskOrder, .equal, SQLLiteral.numeric(String(RiskLevel.allCases.firstIndex(of: level) ?? 4)))
            }
            if let division = filter.division {
                query = query.where(SQLColumn("division_code"), .like, SQLLiteral.divisionPrefix(division.jurisdictionPrefix))
            }
            if let grade = filter.standardizationGrade { query = query.where("standardization_grade", .equal, SQLBind(grade.rawValue)) }
            if let status = filter.operatingStatus { query = query.where("operating_status", .equal, SQLBind(status.rawValue)) }
            if let inspected = filter.inspected {
                // The inspections the statistics count: in the period, of the report sector (a detail row's parent, with
                // the enterprise in the detail's sector).
                let parent = inspected.reportSector.map { ReportSector.parent(of: $0) ?? $0 }
                let detail = inspected.reportSector.flatMap { ReportSector.parent(of: $0) == nil ? nil : $0 }
                query = query.where(
                    SQLQueryString(
                        "EXISTS (SELECT 1 FROM inspections i WHERE i.enterprise_id = enterprises.id AND i.inspected_on >= \(bind: inspected.from) AND i.inspected_on <= \(bind: inspected.to) AND (\(bind: parent ?? "") = '' OR i.sector = \(bind: parent ?? "")))"
                    ))
                if let detail {
                    query = query.where(
                        SQLQueryString(
                            "EXISTS (SELECT 1 FROM enterprise_sectors d WHERE d.enterprise_id = enterprises.id AND d.sector = \(bind: detail))"
                        ))
                }
            }
            if let limit = licenceLimit {
                query = query.where(
                    SQLQueryString(
                        "EXISTS (SELECT 1 FROM enterprise_licences l WHERE l.enterprise_id = enterprises.id AND l.expires_on <= \(bind: limit))"
                    ))
            }
            if !text.isEmpty {
                if let matches {
                    query = query.where(SQLColumn("rowid"), .in, SQLGroupExpression(matches.map { SQLBind($0) }))
                } else if engine == .sqlite {
                    // Two characters (两字 words such as 机械, 化工 are the commonest search) the trigram index cannot narrow
                    // at all; a broad match is found sooner in the list's own order, which stops once a page is full.
                    query = query.where(
                        SQLFunction("instr", args: SQLColumn("search_text"), SQLBind(text)), .greaterThan, SQLLiteral.numeric("0"))
                } else {
                    query = query.where("search_text", .like, SQLBind(pattern))
                }
                for word in otherWords {
                    query =
                        engine == .sqlite
                        ? query.where(
                            SQLFunction("instr", args: SQLColumn("search_text"), SQLBind(word)), .greaterThan, SQLLiteral.numeric("0"))
                        : query.where("search_text", .like, SQLBind("%" + word + "%"))
                }
            }
            return query
        }
        let order: [(any SQLExpression, SQLDirection)]
        switch sort {
        case .name: order = [(SQLColumn("name"), .ascending), (SQLColumn("id"), .ascending)]
        case .updated: order = [(SQLColumn("updated_at"), .descending), (SQLColumn("id"), .descending)]
        case .riskLevel where filter.riskLevel != nil:
            // One level only: its name order is the risk order (and its rows stand in name order in the risk index).
            order = [(SQLColumn("name"), .ascending), (SQLColumn("id"), .ascending)]
        case .riskLevel:
            // The expression of the index enterprises_list_risk (migration 8), so the index serves the order.
            order = [(riskOrder, .ascending), (SQLColumn("name"), .ascending), (SQLColumn("id"), .ascending)]
        }
        /// The list's size at `version` (known, or counted now), with the version it was counted at.
        func count(knownAt version: Int64?) async throws -> (total: Int, version: Int64?) {
            let countKey = CountKey(
                filter: filter, jurisdiction: caller.jurisdiction, role: caller.role, enterpriseID: caller.enterpriseID,
                licenceLimit: licenceLimit)
            // The version counts the enterprise tables only: a filter that reads other tables (inspections, installations)
            // is counted afresh each time.
            let cacheable = filter.inspected == nil && filter.majorHazard == nil
            if cacheable, let version, let known = counts.count(for: countKey, at: version) { return (known, version) }
            // The count's query is built only when it is asked (not on a page whose count is known).
            let row = try await apply(table.select(database.reader, for: caller))
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").column(VersionedCounts.enterprisesVersion, as: "v")
                .first()
            let total = try row?.decode(column: "n", as: Int.self) ?? 0
            let counted = try row?.decode(column: "v", as: Int64.self)
            if cacheable, let counted { counts.store(total, for: countKey, at: counted) }
            return (total, counted)
        }
        func pageQuery(reversed: Bool, limit: Int, offset: Int) -> SQLSelectBuilder {
            var query = Self.selectColumns(apply(table.select(database.reader, for: caller)), engine: engine)
                .column(VersionedCounts.enterprisesVersion, as: "list_version")
            for (term, direction) in order {
                let flipped: SQLDirection = direction == .ascending ? .descending : .ascending
                query = query.orderBy(term, reversed ? flipped : direction)
            }
            return query.limit(limit).offset(offset)
        }
        // A page past the middle of a long list is read from its end, backwards: OFFSET walks the index from the start,
        // so page 5,000 of 5,010 costs what page 10 does. Only when the count and the page see the same version.
        if page.offset >= backwardsFrom {
            let version = try await database.reader.raw("SELECT version FROM table_versions WHERE name = 'enterprises'").first()?
                .decode(column: "version", as: Int64.self)
            let (total, counted) = try await count(knownAt: version)
            if page.offset > total / 2 {
                let size = min(page.pageSize, total - page.offset)
                guard size > 0 else { return Page(items: [], total: total, request: page) }
                let rows = try await database.read(
                    pageQuery(reversed: true, limit: size, offset: total - page.offset - size), columns: Self.listColumnNames)
                if let counted, rows.count == size,
                    try rows.allSatisfy({ try $0.integer(Self.listVersionColumn).map(Int64.init) == counted })
                {
                    return Page(items: try rows.reversed().map(Self.decode), total: total, request: page)
                }
            }
        }
        let rows = try await database.read(
            pageQuery(reversed: false, limit: page.pageSize, offset: page.offset), columns: Self.listColumnNames)
        let enterprises = try rows.map(Self.decode)
        let total: Int
        if !rows.isEmpty && rows.count < page.pageSize {
            // The last page says how many there are.
            total = page.offset + rows.count
        } else {
            total = try await count(knownAt: try rows.first?.integer(Self.listVersionColumn).map(Int64.init)).total
        }
        return Page(items: enterprises, total: total, request: page)
    }

    // MARK: - Internals

    private func fetch(_ id: UUID, for caller: Caller, on sql: any SQLDatabase) async throws -> Enterprise {
        guard
            let row = try await Self.selectColumns(table.select(sql, for: caller), engine: database.engine)
                .where("id", .equal, SQLBind.id(id)).first()
        else { throw EnterpriseErrors.notFound }
        return try Self.decode(row)
    }

    /// The columns an enterprise is read from, in this order: `decode` reads them by position. The last two are its
    /// sectors and licences, aggregated into its own row so that a page of enterprises is one query (a second query
    /// for the details cost a prepare, a step and a row decoder per page). Items are split by U+001F and a licence's
    /// fields by U+001E: validation refuses control characters in sectors and licences.
    enum Column: String, CaseIterable {
        case id, name
        case creditCode = "credit_code", legalRepresentative = "legal_representative", principal
        case safetyOfficerName = "safety_officer_name", safetyOfficerPhone = "safety_officer_phone", address
        case divisionCode = "division_code", latitude, longitude, employees, aboveScale = "above_scale"
        case standardizationGrade = "standardization_grade", standardizationExpiresOn = "standardization_expires_on"
        case operatingStatus = "operating_status", riskLevel = "risk_level", archivedAt = "archived_at"
        case createdAt = "created_at", updatedAt = "updated_at", sectorList = "sector_list", licenceList = "licence_list"

        /// Its place in the selected columns (`columnNames`), by which `decode` reads it.
        var position: Int { Self.allCases.firstIndex(of: self)! }
    }
    static let columnNames = Column.allCases.map(\.rawValue)
    /// A list page's columns: an enterprise's and the version of the tables it was read at.
    static let listColumnNames = columnNames + ["list_version"]
    static let listVersionColumn = columnNames.count

    /// The stored columns as one fragment: SQLKit escapes each identifier anew on every query (a string replace per
    /// name), which cost more than SQLite took to parse them. The names are constants and need no quoting.
    private static let storedColumnList = SQLRaw(
        Column.allCases.filter { $0 != .sectorList && $0 != .licenceList }.map(\.rawValue).joined(separator: ", "))

    /// Selects `columnNames`.
    static func selectColumns(_ query: SQLSelectBuilder, engine: Engine) -> SQLSelectBuilder {
        let (aggregate, char) = engine == .sqlite ? ("group_concat", "char") : ("string_agg", "chr")
        return query.column(storedColumnList).column(
            SQLRaw(
                "(SELECT \(aggregate)(sector, \(char)(31) ORDER BY sector) FROM enterprise_sectors s WHERE s.enterprise_id = enterprises.id)"
            ), as: "sector_list"
        ).column(
            SQLRaw(
                """
                (SELECT \(aggregate)(kind || \(char)(30) || number || \(char)(30) || expires_on, \(char)(31) \
                ORDER BY expires_on, kind, number) FROM enterprise_licences l WHERE l.enterprise_id = enterprises.id)
                """), as: "licence_list")
    }

    func replaceDetails(of id: UUID, _ profile: EnterpriseProfile, on tx: Transaction) async throws {
        let key = id.key
        try await tx.sql.delete(from: "enterprise_sectors").where("enterprise_id", .equal, SQLBind(key)).run()
        try await tx.sql.delete(from: "enterprise_licences").where("enterprise_id", .equal, SQLBind(key)).run()
        for sector in profile.sectors {
            try await tx.sql.insert(into: "enterprise_sectors").columns("enterprise_id", "sector").values(SQLBind(key), SQLBind(sector))
                .run()
        }
        for licence in profile.licences {
            try await tx.sql.insert(into: "enterprise_licences").columns("id", "enterprise_id", "kind", "number", "expires_on")
                .values(
                    SQLBind.id(environment.newID()), SQLBind(key), SQLBind(licence.kind), SQLBind(licence.number),
                    SQLBind(licence.expiresOn)
                ).run()
        }
    }

    func recordRiskChange(_ id: UUID, from: RiskLevel?, to: RiskLevel, reason: String, on tx: Transaction) async throws {
        try await tx.sql.insert(into: "enterprise_risk_changes")
            .columns("id", "enterprise_id", "from_level", "to_level", "reason", "changed_by", "changed_at")
            .values(
                SQLBind.id(environment.newID()), SQLBind.id(id), SQLBind(from?.rawValue),
                SQLBind(to.rawValue), SQLBind(reason), SQLBind(tx.caller.username), SQLBind(Timestamp.string(tx.now))
            ).run()
    }

    private func requireVillage(_ code: String, on sql: any SQLDatabase) async throws {
        guard try await divisions.lookup(try DivisionCode(code), on: sql) != nil else {
            throw EnterpriseErrors.divisionUnknown(code)
        }
    }

    private func requireUniqueCreditCode(_ code: String?, except id: UUID?, on sql: any SQLDatabase) async throws {
        guard let code else { return }
        var query = sql.select().columns("id", "name").from("enterprises").where("credit_code", .equal, SQLBind(code))
            .where("archived_at", .is, SQLLiteral.null)
        if let id { query = query.where("id", .notEqual, SQLBind.id(id)) }
        // Checked across the whole database, not the caller's jurisdiction: a code belongs to one enterprise.
        if let existing = try await query.first() {
            let name = try existing.decode(column: "name", as: String.self)
            throw EnterpriseErrors.creditCodeDuplicate(code, heldBy: name)
        }
    }

    static let profileColumns = [
        "name", "credit_code", "legal_representative", "principal", "safety_officer_name", "safety_officer_phone", "address",
        "division_code", "latitude", "longitude", "employees", "above_scale", "standardization_grade", "standardization_expires_on",
        "operating_status",
    ]

    static func profileBinds(_ p: EnterpriseProfile) -> [SQLBind] {
        [
            SQLBind(p.name), SQLBind(p.creditCode), SQLBind(p.legalRepresentative), SQLBind(p.principal), SQLBind(p.safetyOfficerName),
            SQLBind(p.safetyOfficerPhone), SQLBind(p.address), SQLBind(p.divisionCode), SQLBind(p.latitude), SQLBind(p.longitude),
            SQLBind(p.employees), SQLBind(p.aboveScale ? 1 : 0), SQLBind(p.standardizationGrade?.rawValue),
            SQLBind(p.standardizationExpiresOn), SQLBind(p.operatingStatus.rawValue),
        ]
    }

    static func searchText(_ p: EnterpriseProfile) -> String {
        [p.name, p.address ?? "", p.creditCode ?? ""].joined(separator: " ").lowercased()
    }

    static func decode(_ row: any SQLRow) throws -> Enterprise {
        try decode(NamedRowColumns(row: row, names: columnNames))
    }

    /// An enterprise from the columns `selectColumns` selects, by position.
    static func decode(_ c: any RowColumns) throws -> Enterprise {
        func text(_ column: Column) throws -> String? { try c.text(column.position) }
        func required(_ column: Column) throws -> String { try c.requiredText(column.position) }
        let corrupt = EnterpriseErrors.corrupt
        let separator: Character = "\u{1F}"
        let licences = try text(.licenceList)?.split(separator: separator).map { item in
            let fields = item.split(separator: "\u{1E}", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else { throw corrupt }
            return Licence(kind: fields[0], number: fields[1], expiresOn: fields[2])
        }
        guard let id = try c.id(Column.id.position), let status = OperatingStatus(rawValue: try required(.operatingStatus)) else {
            throw corrupt
        }
        let profile = EnterpriseProfile(
            name: try required(.name), creditCode: try text(.creditCode), legalRepresentative: try text(.legalRepresentative),
            principal: try text(.principal), safetyOfficerName: try text(.safetyOfficerName),
            safetyOfficerPhone: try text(.safetyOfficerPhone), address: try text(.address), divisionCode: try required(.divisionCode),
            latitude: try c.real(Column.latitude.position), longitude: try c.real(Column.longitude.position),
            sectors: try text(.sectorList)?.split(separator: separator).map(String.init) ?? [],
            employees: try c.integer(Column.employees.position), aboveScale: try c.integer(Column.aboveScale.position) ?? 0 != 0,
            standardizationGrade: try text(.standardizationGrade).flatMap(StandardizationGrade.init(rawValue:)),
            standardizationExpiresOn: try text(.standardizationExpiresOn), operatingStatus: status, licences: licences ?? [])
        return Enterprise(
            id: id, profile: profile, riskLevel: try text(.riskLevel).flatMap(RiskLevel.init(rawValue:)),
            archivedAt: try text(.archivedAt).flatMap(Timestamp.date),
            createdAt: Timestamp.date(try required(.createdAt)) ?? Date(timeIntervalSince1970: 0),
            updatedAt: Timestamp.date(try required(.updatedAt)) ?? Date(timeIntervalSince1970: 0))
    }
}

/// The contacts an enterprise officer may change, as the audit log records them.
private struct Contacts: Encodable {
    let principal: String?
    let safetyOfficerName: String?
    let safetyOfficerPhone: String?
    init(_ p: EnterpriseProfile) {
        principal = p.principal
        safetyOfficerName = p.safetyOfficerName
        safetyOfficerPhone = p.safetyOfficerPhone
    }
}
