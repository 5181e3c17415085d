import AnlanCore
import Foundation
import SQLKit

/// Enforcement figures for a period, division and sector, counted from the records (never typed in),
/// by report sector and by month. Each figure names the filter that lists the records behind it.
public struct StatisticsRepository: Sendable {
    let database: Database
    let environment: AnlanCore.Environment
    let inspections: InspectionRepository
    let documents: DocumentRepository

    public struct Query: Sendable, Hashable {
        public var from: String
        public var to: String
        public var divisionCode: DivisionCode?
        public var sector: String?
        public init(from: String, to: String, divisionCode: DivisionCode? = nil, sector: String? = nil) {
            self.from = from
            self.to = to
            self.divisionCode = divisionCode
            self.sector = sector
        }
    }

    public struct Figures: Sendable, Hashable, Codable {
        public var inspections = 0
        public var enterprisesInspected = 0
        public var hazardsFound = 0
        public var majorHazardsFound = 0
        public var hazardsRectified = 0
        public var hazardsOverdue = 0
        public var documents: [String: Int] = [:]
        public var cases = 0
        public var finesFen = 0
        public var enterprisesSuspended = 0
        /// Cases whose decision suspends production (the list the figure links to).
        public var casesSuspended = 0
        /// 现场处理措施决定书 (not voided) that ordered 暂时停产停业, and that seized or sealed (查封扣押).
        public var onSiteSuspensions = 0
        public var seizures = 0
        /// Rectified of those found in the period, in percent with one decimal; nil when none were found.
        public var rectificationRate: Double? {
            hazardsFound == 0 ? nil : (Double(hazardsFoundAndRectified) * 1000 / Double(hazardsFound)).rounded() / 10
        }
        public var hazardsFoundAndRectified = 0
        public init() {}
    }

    public struct Report: Sendable, Hashable {
        public let query: Query
        public let total: Figures
        public let bySector: [(sector: String, figures: Figures)]
        public let byMonth: [(month: String, figures: Figures)]
        public static func == (a: Report, b: Report) -> Bool { a.query == b.query && a.total == b.total }
        public func hash(into hasher: inout Hasher) { hasher.combine(query) }
    }

    public func report(_ q: Query, by caller: Caller) async throws -> Report {
        try caller.require(.readBusinessData)
        guard Timestamp.isDay(q.from), Timestamp.isDay(q.to), q.from <= q.to else {
            throw AnlanError.invalid("statistics.period_invalid", "统计期间须为 yyyy-MM-dd，且开始不晚于结束。", field: "from")
        }
        let today = Timestamp.day(environment.now())
        let sql = database.reader
        func scoped(_ table: ScopedTable, _ s: SQLSelectBuilder) -> SQLSelectBuilder {
            var s = s
            if let code = q.divisionCode {
                s = s.where(SQLColumn("division_code"), .like, SQLLiteral.divisionPrefix(code.jurisdictionPrefix))
            }
            return s
        }
        // Inspections in the period.
        var inspectionRows = scoped(
            inspections.inspections, inspections.inspections.select(sql, for: caller).columns("enterprise_id", "sector", "inspected_on")
        )
        .where("inspected_on", .greaterThanOrEqual, SQLBind(q.from)).where("inspected_on", .lessThanOrEqual, SQLBind(q.to))
        if let sector = q.sector { inspectionRows = InspectionRepository.inSector(sector, inspectionRows) }
        let inspected = try await inspectionRows.all().map {
            (
                enterprise: try $0.decode(column: "enterprise_id", as: String.self),
                sector: try $0.decode(column: "sector", as: String.self),
                day: try $0.decode(column: "inspected_on", as: String.self)
            )
        }
        // Enterprises' hazards found in the period, and those rectified (closed) in it (a flood or forest-fire site's
        // hazards are no enforcement matter: the site checks count them).
        var hazardRows = scoped(
            inspections.hazards,
            inspections.hazards.select(sql, for: caller).columns(
                "enterprise_id", "sector", "found_on", "closed_on", "is_major", "status", "due_date")
        )
        .where("enterprise_id", .isNot, SQLLiteral.null)
        .where {
            $0.where { $0.where("found_on", .greaterThanOrEqual, SQLBind(q.from)).where("found_on", .lessThanOrEqual, SQLBind(q.to)) }
                .orWhere { $0.where("closed_on", .greaterThanOrEqual, SQLBind(q.from)).where("closed_on", .lessThanOrEqual, SQLBind(q.to)) }
                .orWhere { $0.where(InspectionRepository.mayBeOverdue).where("due_date", .lessThan, SQLBind(today)) }
        }
        if let sector = q.sector { hazardRows = InspectionRepository.inSector(sector, hazardRows) }
        let hazards = try await hazardRows.all().map {
            (
                enterprise: try $0.decode(column: "enterprise_id", as: String.self),
                sector: try $0.decode(column: "sector", as: String.self), found: try $0.decode(column: "found_on", as: String.self),
                closed: try $0.decode(column: "closed_on", as: String?.self), major: try $0.decode(column: "is_major", as: Int.self) != 0,
                // Still the enterprise's to rectify (or the bureau's to re-inspect): what can be overdue, as `HazardState.isOverdue`.
                rectifying: HazardStatus(rawValue: try $0.decode(column: "status", as: String.self))?.mayBeOverdue ?? true,
                due: try $0.decode(column: "due_date", as: String?.self)
            )
        }
        // Documents issued (not voided) and cases opened in the period, with their enterprises' sectors.
        let (sectors, details) = try await enterpriseSectors(by: caller)
        /// Whether a record of an enterprise, counted in `recordSector`, counts in a row (a sector or a detail row).
        func counts(_ recordSector: String, _ enterprise: String, in row: String?) -> Bool {
            guard let row else { return true }
            guard let parent = ReportSector.parent(of: row) else { return recordSector == row }
            return recordSector == parent && details[enterprise, default: []].contains(row)
        }
        let docs = try await scoped(
            documents.documents, documents.documents.select(sql, for: caller).columns("id", "kind", "enterprise_id", "issued_at")
        )
        .where("issued_at", .greaterThanOrEqual, SQLBind(DocumentRepository.startOfDay(q.from)))
        .where("issued_at", .lessThan, SQLBind(DocumentRepository.startOfDay(Timestamp.day(q.to, adding: 1) ?? q.to)))
        .where("voided_at", .is, SQLLiteral.null).all().map {
            (
                id: try $0.decode(column: "id", as: String.self),
                kind: try $0.decode(column: "kind", as: String.self), enterprise: try $0.decode(column: "enterprise_id", as: String.self),
                sector: sectors[try $0.decode(column: "enterprise_id", as: String.self)] ?? "其他",
                day: Timestamp.day(Timestamp.date(try $0.decode(column: "issued_at", as: String.self)) ?? Date())
            )
        }.filter { counts($0.sector, $0.enterprise, in: q.sector) }
        let caseRows = try await scoped(
            documents.cases, documents.cases.select(sql, for: caller).columns("enterprise_id", "opened_on", "fine_fen", "suspension_until")
        )
        .where("opened_on", .greaterThanOrEqual, SQLBind(q.from)).where("opened_on", .lessThanOrEqual, SQLBind(q.to)).all().map {
            (
                enterprise: try $0.decode(column: "enterprise_id", as: String.self),
                sector: sectors[try $0.decode(column: "enterprise_id", as: String.self)] ?? "其他",
                day: try $0.decode(column: "opened_on", as: String.self), fine: try $0.decode(column: "fine_fen", as: Int?.self) ?? 0,
                suspended: try $0.decode(column: "suspension_until", as: String?.self) != nil
            )
        }.filter { counts($0.sector, $0.enterprise, in: q.sector) }

        // The coded measures of the on-site measure documents among them.
        var measures: [String: Set<OnSiteMeasure>] = [:]
        for row in try await sql.select().columns("document_id", "measure").from("on_site_measures").all() {
            guard let m = OnSiteMeasure(rawValue: try row.decode(column: "measure", as: String.self)) else { continue }
            measures[try row.decode(column: "document_id", as: String.self), default: []].insert(m)
        }
        func figures(sector: String?, month: String?) -> Figures {
            func inPeriod(_ day: String?) -> Bool {
                guard let day, day >= q.from, day <= q.to else { return false }
                return month == nil || day.hasPrefix(month!)
            }
            var f = Figures()
            let ins = inspected.filter { counts($0.sector, $0.enterprise, in: sector) && inPeriod($0.day) }
            f.inspections = ins.count
            f.enterprisesInspected = Set(ins.map(\.enterprise)).count
            let hz = hazards.filter { counts($0.sector, $0.enterprise, in: sector) }
            let found = hz.filter { inPeriod($0.found) }
            f.hazardsFound = found.count
            f.majorHazardsFound = found.filter(\.major).count
            f.hazardsFoundAndRectified = found.filter { $0.closed != nil }.count
            f.hazardsRectified = hz.filter { inPeriod($0.closed) }.count
            f.hazardsOverdue = month == nil ? hz.filter { $0.rectifying && ($0.due ?? "9999") < today }.count : 0
            for d in docs where counts(d.sector, d.enterprise, in: sector) && inPeriod(d.day) {
                f.documents[d.kind, default: 0] += 1
                let ordered = measures[d.id] ?? []
                if ordered.contains(.suspend) { f.onSiteSuspensions += 1 }
                if ordered.contains(where: \.isSeizure) { f.seizures += 1 }
            }
            let cs = caseRows.filter { counts($0.sector, $0.enterprise, in: sector) && inPeriod($0.day) }
            f.cases = cs.count
            f.finesFen = cs.map(\.fine).reduce(0, +)
            f.enterprisesSuspended = Set(cs.filter(\.suspended).map(\.enterprise)).count
            f.casesSuspended = cs.filter(\.suspended).count
            return f
        }
        var months: [String] = []
        var cursor = String(q.from.prefix(7))
        while cursor <= String(q.to.prefix(7)), months.count < 240 {
            months.append(cursor)
            cursor = Timestamp.month(after: cursor)
        }
        return Report(
            query: q, total: figures(sector: nil, month: nil),
            bySector: ReportSector.rows.filter { q.sector == nil || $0 == q.sector }.map { ($0, figures(sector: $0, month: nil)) },
            byMonth: months.map { ($0, figures(sector: nil, month: $0)) })
    }

    /// Keeps the rows whose enterprise counts in a report sector, decided as `ReportSector.of` decides it: one of its
    /// sectors maps there and none maps to a report sector earlier in the list ("其他": none maps anywhere).
    public static func inReportSector(_ sector: String, _ query: SQLSelectBuilder, column: String = "enterprise_id") -> SQLSelectBuilder {
        func having(_ sectors: [String]) -> SQLGroupExpression {
            SQLGroupExpression(
                SQLQueryString("SELECT enterprise_id FROM enterprise_sectors WHERE sector IN (\(binds: sectors.isEmpty ? [""] : sectors))"))
        }
        let earlier = ReportSector.preceding(sector).flatMap(ReportSector.sources)
        var query = query
        if sector != "其他" { query = query.where(SQLColumn(column), .in, having(ReportSector.sources(of: sector))) }
        if !earlier.isEmpty { query = query.where(SQLColumn(column), .notIn, having(earlier)) }
        return query
    }

    /// enterprise ID → report sector, for records that do not carry one; and → the detail rows it counts in.
    private func enterpriseSectors(by caller: Caller) async throws -> ([String: String], [String: Set<String>]) {
        let rows = try await database.reader.select().columns("enterprise_id", "sector").from("enterprise_sectors").all()
        var sectors: [String: [String]] = [:]
        for row in rows {
            sectors[try row.decode(column: "enterprise_id", as: String.self), default: []].append(
                try row.decode(column: "sector", as: String.self))
        }
        return (sectors.mapValues { ReportSector.of($0) }, sectors.mapValues { Set($0.filter(ReportSector.details.contains)) })
    }
}
