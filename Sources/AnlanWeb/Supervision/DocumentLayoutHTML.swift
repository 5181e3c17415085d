import AnlanCore

/// The A4 page of a `DocumentLayout`: the same blocks the Word writer reads, printed by the browser.
enum DocumentLayoutHTML {
    static func render(_ layout: DocumentLayout, notice: HTML = .empty) -> HTML {
        let blocks: [HTML] = layout.blocks.map { block in
            switch block {
            case .addressee(let text): return "<p class=\"doc-addressee\">\(text)</p>"
            case .paragraph(let text):
                return HTML(
                    unsafe: text.split(separator: "\n", omittingEmptySubsequences: false).map {
                        "<p class=\"doc-paragraph\">\(HTML.escape(String($0)))</p>"
                    }.joined())
            case .lines(let lines): return HTML(unsafe: lines.map { "<p class=\"doc-line\">\(HTML.escape($0))</p>" }.joined())
            case .table(let rows): return table(rows)
            case .signatures(let lines): return HTML(unsafe: lines.map { "<p class=\"doc-signature\">\(HTML.escape($0))</p>" }.joined())
            case .seal(let authority, let date): return "<div class=\"doc-seal\"><p>\(authority)</p><p>\(date)</p></div>"
            case .footnote(let text): return "<p class=\"doc-footnote\">\(text)</p>"
            }
        }
        return """
            <article class="a4" data-testid="document">
              <div class="text-center fw-bold fs-5" data-testid="document-authority">\(layout.authority)</div>
              <h1 class="text-center fw-bold my-2" style="font-size: 1.6rem">\(layout.title)</h1>
              <div class="text-end mb-2" data-testid="document-number">\(layout.number)</div>
              \(notice)
              \(blocks)
            </article>
            """
    }

    static func table(_ rows: [[DocumentCell]]) -> HTML {
        let body = rows.map { row in
            "<tr>"
                + row.map { cell in
                    let tag = cell.isLabel ? "th" : "td"
                    let span = cell.span > 1 ? " colspan=\"\(cell.span)\"" : ""
                    let height = cell.minLines > 1 ? " style=\"height: \(Double(cell.minLines) * 1.8)em; vertical-align: top\"" : ""
                    return "<\(tag)\(span)\(height)>\(HTML.escape(cell.text))</\(tag)>"
                }.joined() + "</tr>"
        }.joined()
        return HTML(
            unsafe:
                "<table class=\"table table-bordered doc-table\"><colgroup><col style=\"width: 21%\"><col style=\"width: 29%\"><col style=\"width: 21%\"><col style=\"width: 29%\"></colgroup><tbody>\(body)</tbody></table>"
        )
    }
}
