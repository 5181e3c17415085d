import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

enum PublicityViews {
    static let title = "宣传培训"
    static let header = ["日期", "类别", "主题", "地点", "受众（人）", "资料（份）", "展板（块）", "条幅（条）"]

    static func cells(_ t: PublicityRepository.Totals) -> [String] {
        [String(t.events), String(t.audience), String(t.leaflets), String(t.boards), String(t.banners)]
    }

    static func list(
        _ items: [PublicityEvent], total: Int,
        totals: (byKind: [PublicityKind: PublicityRepository.Totals], all: PublicityRepository.Totals),
        query: [String: String], mayRecord: Bool, pager: HTML
    ) -> HTML {
        let rows: [HTML] = items.map { e in
            """
            <tr><td data-label="\(header[0])">\(e.on.description)</td><td data-label="\(header[1])">\(e.kind.label)\(e.target.map { "·\($0.label)" } ?? "")</td>\
            <td data-label="\(header[2])"><a href="/publicity/\(e.id.key)">\(e.theme)</a></td><td data-label="\(header[3])">\(e.place)</td>\
            <td data-label="\(header[4])" class="text-end">\(e.audience)</td><td data-label="\(header[5])" class="text-end">\(e.leaflets)</td>\
            <td data-label="\(header[6])" class="text-end">\(e.boards)</td><td data-label="\(header[7])" class="text-end">\(e.banners)</td></tr>
            """
        }
        let period = [("from", query["from"]), ("to", query["to"])].compactMap { k, v in v.flatMap { $0.isEmpty ? nil : "\(k)=\($0)" } }
        let totalHeader = ["类别", "活动（次）", "受众（人）", "资料（份）", "展板（块）", "条幅（条）"]
        let totalRows: [HTML] =
            PublicityKind.allCases.compactMap { k -> HTML? in
                guard let t = totals.byKind[k] else { return nil }
                let c = cells(t)
                let link = "/publicity?" + (["kind=\(k.rawValue)"] + period).joined(separator: "&")
                return """
                    <tr><td data-label="\(totalHeader[0])">\(k.label)</td><td data-label="\(totalHeader[1])" class="text-end"><a href="\(link)">\(c[0])</a></td>\
                    \(zip(totalHeader.dropFirst(2), c.dropFirst()).map { HTML("<td data-label=\"\($0.0)\" class=\"text-end\">\($0.1)</td>") })</tr>
                    """
            }
            + [
                HTML(
                    """
                    <tr class="fw-bold"><td data-label="\(totalHeader[0])">合计</td><td data-label="\(totalHeader[1])" class="text-end" data-testid="publicity-total-events">\(totals.all.events)</td>\
                    \(zip(totalHeader.dropFirst(2), cells(totals.all).dropFirst()).map { HTML("<td data-label=\"\($0.0)\" class=\"text-end\">\($0.1)</td>") })</tr>
                    """)
            ]
        let add: HTML =
            mayRecord
            ? "<div class=\"col-auto\"><a class=\"btn btn-sm btn-success\" href=\"/publicity/new\" data-testid=\"publicity-new\">登记活动</a></div>"
            : .empty
        return """
            \(InfoOfficerViews.subnav("/publicity"))
            <h1 class="h4">\(title) <span class="small text-muted" data-testid="publicity-count">共 \(total) 次</span></h1>
            \(Components.filterBar(action: "/publicity", testID: "publicity-filters", filters: [
                .choice(name: "kind", label: "类别", options: PublicityKind.allCases.map { ($0.rawValue, $0.label) }, selected: query["kind"]),
                .text(name: "from", placeholder: "日期起 2026-01-01", value: query["from"]), .text(name: "to", placeholder: "日期止", value: query["to"]),
                .text(name: "q", placeholder: "主题、地点、组织单位", value: query["q"]),
            ], searchLabel: UIText.search, trailing: add))
            \(Components.table(testID: "publicity-totals", header: totalHeader, rows: totalRows, cards: true))
            \(Components.table(testID: "publicity", header: header, rows: rows, cards: true))
            \(pager)
            """
    }

    static func form(values: [String: [String]], places: [(String, String)], today: Day, csrf: String, refusal: AnlanError?) -> HTML {
        typealias F = PublicityDraft.Field
        func value(_ f: InputField) -> String { values[f.name]?.first ?? "" }
        func select(_ f: InputField, _ options: [(String, String)], blank: Bool = false) -> HTML {
            let items: [HTML] =
                (blank ? [HTML("<option value=\"\">—</option>")] : [])
                + options.map { "<option value=\"\($0.0)\"\(HTML(unsafe: value(f) == $0.0 ? " selected" : ""))>\($0.1)</option>" }
            return """
                <div class="col-md-4"><label class="form-label" for="f-\(f.name)">\(f.label)</label><select class="form-select" id="f-\(f.name)" name="\(f.name)">\(items)</select></div>
                """
        }
        func input(_ f: InputField, required: Bool = false, type: String = "text", width: String = "col-md-4", fallback: String = "")
            -> HTML
        {
            let shown = value(f).isEmpty ? fallback : value(f)
            return """
                <div class="\(width)"><label class="form-label" for="f-\(f.name)">\(f.label)\(required ? "（必填）" : "")</label><input class="form-control" id="f-\(f.name)" name="\(f.name)" type="\(type)" value="\(shown)"\(type == "number" ? HTML(unsafe: " min=\"0\" max=\"1000000\"") : .empty)\(f.maxLength.map { HTML(unsafe: " maxlength=\"\($0)\"") } ?? .empty)\(HTML(unsafe: required ? " required" : ""))></div>
                """
        }
        return """
            \(InfoOfficerViews.subnav("/publicity"))
            <h1 class="h4">登记宣传培训活动</h1>
            \(refusal.map(Components.refusal) ?? .empty)
            <form method="post" action="/publicity" class="row g-2" style="max-width: 60rem" data-testid="publicity-form">
              <input type="hidden" name="_csrf" value="\(csrf)">
              \(select(F.kind, PublicityKind.allCases.map { ($0.rawValue, $0.label) }))\(select(F.target, FiveIntoTarget.allCases.map { ($0.rawValue, $0.label) }, blank: true))
              \(input(F.on, required: true, type: "date", fallback: today.description))
              \(input(F.theme, required: true, width: "col-md-8"))\(select(F.divisionCode, places))
              \(input(F.place, required: true, width: "col-md-8"))\(input(F.organiser, required: true))
              \(input(F.audience, required: true, type: "number", width: "col-6 col-md-3"))\(input(F.leaflets, type: "number", width: "col-6 col-md-3"))\
              \(input(F.boards, type: "number", width: "col-6 col-md-3"))\(input(F.banners, type: "number", width: "col-6 col-md-3"))
              \(input(F.note, width: "col-12"))
              <div class="col-12"><button class="btn btn-primary">\(UIText.create)</button> <a class="btn btn-link" href="/publicity">\(title)</a></div>
            </form>
            """
    }

    static func detail(
        _ e: PublicityEvent, divisionName: String?, photos: [PublicityRepository.Photo] = [], mayUpload: Bool = false, csrf: String = ""
    ) -> HTML {
        let images: [HTML] = photos.map { p in
            """
            <a class="d-inline-block me-2 mb-2" href="/publicity/\(e.id.key)/photos/\(p.seq)" target="_blank"><img src="/publicity/\(e.id.key)/photos/\(p.seq)" alt="\(p.fileName)" style="max-height: 8rem; max-width: 100%" class="border rounded"></a>
            """
        }
        let upload: HTML =
            mayUpload && photos.count < PublicityRepository.maximumPhotos
            ? Components.upload(
                target: "/api/v1/publicity-events/\(e.id.key)/photos", csrf: csrf, accept: "image/jpeg,image/png", testID: "publicity-photo"
            )
            : .empty
        return """
            \(InfoOfficerViews.subnav("/publicity"))
            <h1 class="h4">\(e.theme)</h1>
            <dl class="row small" data-testid="publicity-detail">
              <dt class="col-sm-3">类别</dt><dd class="col-sm-9">\(e.kind.label)\(e.target.map { "·\($0.label)" } ?? "")</dd>
              <dt class="col-sm-3">日期 / 地点</dt><dd class="col-sm-9">\(e.on.description) \(divisionName ?? e.divisionCode) \(e.place)</dd>
              <dt class="col-sm-3">组织单位</dt><dd class="col-sm-9">\(e.organiser)</dd>
              <dt class="col-sm-3">受众 / 资料 / 展板 / 条幅</dt><dd class="col-sm-9">\(e.audience) 人 / \(e.leaflets) 份 / \(e.boards) 块 / \(e.banners) 条</dd>
              \(e.note.map { HTML("<dt class=\"col-sm-3\">备注</dt><dd class=\"col-sm-9\">\($0)</dd>") } ?? .empty)
            </dl>
            <h2 class="h5">活动照片 <span class="small text-muted" data-testid="publicity-photo-count">\(photos.count) 张</span></h2>
            <div data-testid="publicity-photos">\(images)</div>
            \(upload)
            """
    }
}
