import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

/// 年度工作数据: the year's figures of every module on one page, each linked to the list or statistics page it equals;
/// printable on A4, as Word and as a workbook, and as JSON for the city's systems.
struct AnnualReportController {
    let store: Store

    var today: Day { Day(store.environment.now()) }

    func registerPages(_ pages: PageRoutes) {
        pages.get("/reports/annual", .permission(.readBusinessData), use: page)
        pages.get("/reports/annual/print", .permission(.readBusinessData), use: printPage)
        pages.get("/reports/annual.docx", .permission(.readBusinessData), use: docx)
        pages.get("/reports/annual.xlsx", .permission(.readBusinessData), use: xlsx)
    }

    func registerAPI(_ api: APIRoutes) {
        api.add(AnnualReportOperations.get, get)
    }

    func report(_ request: Request, context: UserContext) async throws -> AnnualReport {
        let q = try Query(request)
        let year = try q.int("year") ?? today.year
        guard AnnualReport.years.contains(year) else { throw Store.annualYearInvalid }
        return try await store.annualReport(year, by: context.caller)
    }

    @Sendable func page(_ request: Request, context: UserContext) async throws -> Response {
        let report = try await report(request, context: context)
        return Layout.page(
            title: "\(report.year) 年度工作数据", context: context, active: "/home",
            body: AnnualReportViews.page(report, thisYear: today.year)
        ).response()
    }

    @Sendable func printPage(_ request: Request, context: UserContext) async throws -> Response {
        let report = try await report(request, context: context)
        let layout = report.layout(authority: try await store.catalogs.authority(), printedOn: today)
        let body: HTML = """
            <div class="d-print-none d-flex gap-2 mb-3 flex-wrap">
              <button class="btn btn-sm btn-outline-primary" type="button" data-print>\(UIText.print)</button>
              <a class="btn btn-sm btn-outline-primary" href="/reports/annual.docx?year=\(report.year)">\(UIText.downloadWord)</a>
              <a class="btn btn-sm btn-link" href="/reports/annual?year=\(report.year)">返回</a>
            </div>
            \(DocumentLayoutHTML.render(layout))
            """
        return Layout.page(
            title: "\(report.year) 年度工作数据", context: context, active: "/home", body: body,
            scripts: "<script src=\"/static/js/print.js\"></script>"
        ).response()
    }

    @Sendable func docx(_ request: Request, context: UserContext) async throws -> Response {
        let report = try await report(request, context: context)
        let layout = report.layout(authority: try await store.catalogs.authority(), printedOn: today)
        return Download.response(
            fileName: "\(report.year)年度工作数据.docx", contentType: FileType.docx.contentType,
            body: .init(byteBuffer: ByteBuffer(bytes: try DOCXDocument(layout: layout).data())))
    }

    @Sendable func xlsx(_ request: Request, context: UserContext) async throws -> Response {
        let report = try await report(request, context: context)
        let writer = try XLSXWriter(
            header: ["类别", "项目", "数量", "单位"], title: "\(report.year) 年度工作数据（\(report.from) 至 \(report.to)）",
            sheetName: "\(report.year)年度")
        for section in report.sections {
            for figure in section.figures {
                try writer.append(cells: [.text(section.title), .text(figure.label), .number(figure.value), .text(figure.unit)])
            }
        }
        return try Download.xlsx(writer, fileName: "\(report.year)年度工作数据.xlsx")
    }

    @Sendable func get(_ request: Request, context: UserContext) async throws -> Response {
        try JSONResponse.make(AnnualReportDTO(try await report(request, context: context)))
    }
}

enum AnnualReportViews {
    /// The page a figure equals, for the report's period: its section's page, or for site hazards the ledger filtered to it.
    static func link(_ section: AnnualReport.Section, _ figure: AnnualReport.Figure?, _ report: AnnualReport) -> String {
        let period = "from=\(report.from)&to=\(report.to)"
        switch section.source {
        case .siteHazards:
            let found = "/hazards?onSites=true&foundFrom=\(report.from)&foundTo=\(report.to)"
            switch figure?.key {
            case "major": return found + "&major=true"
            case "closed": return "/hazards?onSites=true&closedFrom=\(report.from)&closedTo=\(report.to)"
            default: return found
            }
        case .supervision: return "/statistics?\(period)"
        case .accidents: return "/accidents/statistics?\(period)&by=grade"
        case .disasters: return "/disasters/statistics?year=\(report.year)"
        case .publicity: return "/publicity?\(period)"
        case .drills: return "/plans/drills?\(period)"
        case .infoOfficers: return "/info-officers/coverage"
        case .relief(let id): return "/relief/\(id.key)"
        }
    }

    static func page(_ report: AnnualReport, thisYear: Int) -> HTML {
        let years = (max(AnnualReport.years.lowerBound, thisYear - 5)...thisYear).reversed().map { year in
            HTML("<option value=\"\(year)\"\(year == report.year ? " selected" : "")>\(year) 年</option>")
        }
        let sections: [HTML] = report.sections.map { section in
            let link = link(section, nil, report)
            let rows: [HTML] = section.figures.map { f in
                """
                <tr><td data-label="项目">\(f.label)</td>\
                <td data-label="数量" class="text-end"><a href="\(Self.link(section, f, report))" data-testid="figure-\(section.key)-\(f.key)">\(f.text)</a></td>\
                <td data-label="单位">\(f.unit)</td></tr>
                """
            }
            return """
                <section class="col-lg-6" data-testid="annual-\(section.key)">
                  <div class="card h-100"><div class="card-header d-flex flex-wrap gap-2 align-items-baseline">
                    <h2 class="h6 mb-0">\(section.title)</h2>\(section.note.map { HTML("<span class=\"text-muted small\">\($0)</span>") } ?? .empty)
                    <a class="ms-auto small" href="\(link)">查看台账</a>
                  </div>
                  \(Components.table(testID: "annual-table-\(section.key)", header: ["项目", "数量", "单位"], rows: rows))
                  </div>
                </section>
                """
        }
        return """
            <div class="d-flex flex-wrap align-items-baseline gap-2 mb-3">
              <h1 class="h4 mb-0">\(report.year) 年度工作数据</h1>
              <span class="text-muted small">\(report.from) 至 \(report.to)</span>
              <form class="ms-auto d-flex gap-2 d-print-none" method="get" action="/reports/annual" data-testid="annual-year">
                <select class="form-select form-select-sm w-auto" name="year" aria-label="年度">\(years)</select>
                <button class="btn btn-sm btn-primary text-nowrap" type="submit">查看</button>
              </form>
            </div>
            <div class="d-flex flex-wrap gap-2 mb-3 d-print-none">
              <a class="btn btn-sm btn-outline-primary" href="/reports/annual/print?year=\(report.year)" data-testid="annual-print">打印（A4）</a>
              <a class="btn btn-sm btn-outline-primary" href="/reports/annual.docx?year=\(report.year)" data-testid="annual-docx">\(UIText.downloadWord)</a>
              <a class="btn btn-sm btn-outline-success" href="/reports/annual.xlsx?year=\(report.year)" data-testid="annual-xlsx">导出 XLSX</a>
            </div>
            <p class="small text-muted">每个数字由平台台账汇总生成，点击即打开与之相等的台账或统计页；本页只含您辖区内、您有权查看的业务。</p>
            <div class="row g-3">\(sections)</div>
            """
    }
}

struct AnnualReportDTO: Encodable, Sendable {
    struct Figure: Encodable, Sendable {
        let key, label, unit: String
        let value: Double
    }
    struct Section: Encodable, Sendable {
        let key, title: String
        let note: String?
        let recordId: String?
        let figures: [Figure]
    }
    let year: Int
    let from, to: String
    let sections: [Section]

    init(_ r: AnnualReport) {
        year = r.year
        from = r.from.description
        to = r.to.description
        sections = r.sections.map { s in
            let record: String? = if case .relief(let id) = s.source { id.key } else { nil }
            return Section(
                key: s.key, title: s.title, note: s.note, recordId: record,
                figures: s.figures.map { Figure(key: $0.key, label: $0.label, unit: $0.unit, value: $0.value) })
        }
    }
}

enum AnnualReportOperations {
    static let get = APIOperation(
        method: .get, path: "annual-report", operationID: "annualReport",
        summary: "年度工作数据：执法、事故、自然灾害、冬春救助、灾害信息员、宣传培训、演练的全年数字（本辖区、有权查看的业务）", tag: "统计",
        access: .permission(.readBusinessData),
        parameters: [DutyOperations.query("year", "年份（缺省为今年）", ["type": "integer", "minimum": 2000, "maximum": 2100])],
        responses: [(200, "年度数据", Schemas.ref("AnnualReport"))],
        errorCodes: ["report.year_invalid", "query.not_integer"]
    )
    .explaining("ST202", "a year that has not begun yet has no figures and is refused: the upper bound is relative to today")
}

enum AnnualReportSchemas {
    typealias S = SupervisionSchemas
    static let all: [(String, JSONValue)] = [
        (
            "AnnualReport",
            S.object(
                ["year", "from", "to", "sections"],
                [
                    "year": S.integer, "from": Schemas.day, "to": Schemas.day,
                    "sections": [
                        "type": "array",
                        "items": S.object(
                            ["key", "title", "figures"],
                            [
                                "key": [
                                    "type": "string",
                                    "enum": [
                                        "supervision", "accidents", "disasters", "siteHazards", "relief", "infoOfficers", "publicity",
                                        "drills",
                                    ],
                                ],
                                "title": S.string, "note": S.string, "recordId": S.uuid,
                                "figures": [
                                    "type": "array",
                                    "items": S.object(
                                        ["key", "label", "unit", "value"],
                                        ["key": S.string, "label": S.string, "unit": S.string, "value": ["type": "number"]]),
                                ],
                            ]),
                    ],
                ])
        )
    ]
}
