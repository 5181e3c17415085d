import AnlanCore
import Foundation

/// The small pieces every page is built from, so a change of markup is made once. Views compose these; they never
/// query or decide.
enum Components {
    /// A POST form carrying the session's CSRF token. `confirm`: the question asked before it is sent (`confirm.js`).
    static func form(action: String, csrf: String, testID: String? = nil, classes: String = "", confirm: String? = nil, content: HTML)
        -> HTML
    {
        """
        <form method="post" action="\(action)"\(HTML(unsafe: classes.isEmpty ? "" : " class=\"\(HTML.escape(classes))\""))\(testAttribute(testID))\(HTML(unsafe: confirm.map { " data-confirm=\"\(HTML.escape($0))\"" } ?? ""))>
          <input type="hidden" name="_csrf" value="\(csrf)">
          \(content)
        </form>
        """
    }

    /// A coloured label: status, "major", "overdue".
    static func badge(_ text: String, tone: Tone, testID: String? = nil) -> HTML {
        "<span class=\"badge \(tone.rawValue)\"\(testAttribute(testID))>\(text)</span>"
    }

    enum Tone: String {
        case neutral = "bg-secondary"
        case danger = "bg-danger"
        case warning = "bg-warning text-dark"
        case dark = "bg-dark"
        case success = "bg-success"
    }

    /// A striped table with its header; rows are already rendered.
    /// `cards`: on a phone each row becomes a card of label–value lines (its cells carry `data-label`), instead of
    /// columns squeezed to a character wide.
    static func table(testID: String, header: [String], rows: [HTML], cards: Bool = false) -> HTML {
        let head: [HTML] = header.map { "<th>\($0)</th>" }
        return """
            <div class="table-responsive"><table class="table table-sm table-striped bg-white\(cards ? " table-cards" : "")" data-testid="\(testID)"><thead><tr>\(head)</tr></thead><tbody>\(rows)</tbody></table></div>
            """
    }

    /// A module's tab bar: one line that scrolls sideways on a phone, the current page's tab marked.
    static func tabs(_ tabs: [(path: String, label: String)], active: String, testID: String) -> HTML {
        let items: [HTML] = tabs.map { tab in
            "<li class=\"nav-item\"><a class=\"nav-link text-nowrap\(HTML(unsafe: tab.path == active ? " active" : ""))\" href=\"\(tab.path)\">\(tab.label)</a></li>"
        }
        return "<ul class=\"nav nav-tabs mb-3 nav-scroll d-print-none\" data-testid=\"\(testID)\">\(items)</ul>"
    }

    /// A label–value table, for a record's facts.
    static func facts(_ rows: [(label: String, value: HTML, testID: String?)]) -> HTML {
        let lines: [HTML] = rows.map { row in
            "<tr><th style=\"width: 9rem\">\(row.label)</th><td\(testAttribute(row.testID))>\(row.value)</td></tr>"
        }
        return "<table class=\"table table-sm bg-white\">\(lines)</table>"
    }

    /// One control of a filter bar.
    enum Filter {
        case choice(name: String, label: String, options: [(value: String, label: String)], selected: String?)
        case text(name: String, placeholder: String, value: String?)
        case hidden(name: String, value: String?)
    }

    /// A GET form of filters, a search button, and optional trailing links (an export).
    static func filterBar(action: String, testID: String, filters: [Filter], searchLabel: String, trailing: HTML = .empty) -> HTML {
        let controls: [HTML] = filters.map { filter in
            switch filter {
            case .choice(let name, let label, let options, let selected):
                let items: [HTML] = options.map { option in
                    "<option value=\"\(option.value)\"\(HTML(unsafe: option.value == selected ? " selected" : ""))>\(option.label)</option>"
                }
                return """
                    <div class="col-auto"><select class="form-select form-select-sm" name="\(name)" aria-label="\(label)"><option value="">\(label)</option>\(items)</select></div>
                    """
            case .text(let name, let placeholder, let value):
                return """
                    <div class="col-auto"><input class="form-control form-control-sm" name="\(name)" value="\(value ?? "")" placeholder="\(placeholder)"></div>
                    """
            case .hidden(let name, let value):
                return "<input type=\"hidden\" name=\"\(name)\" value=\"\(value ?? "")\">"
            }
        }
        return """
            <form method="get" action="\(action)" class="row g-2 mb-3" data-testid="\(testID)">
              \(controls)
              <div class="col-auto"><button class="btn btn-sm btn-primary">\(searchLabel)</button></div>
              \(trailing)
            </form>
            """
    }

    /// One action button with its inputs, posting an `event` to a record's events route.
    /// `noteRequired`: the move is refused without a note (at least two characters), so the browser asks for it first.
    static func actionForm(
        action: String, csrf: String, event: String, label: String, inputs: HTML, noteLabel: String, noteLimit: Int, style: String,
        noteRequired: Bool = false
    ) -> HTML {
        let required: HTML = noteRequired ? " required minlength=\"2\"" : .empty
        return form(
            action: action, csrf: csrf, testID: "action-\(event)", classes: "row g-2 mb-2",
            content: """
                <input type="hidden" name="event" value="\(event)">
                \(inputs)
                <div class="col-md"><input class="form-control form-control-sm" name="note" placeholder="\(noteLabel)" aria-label="\(noteLabel)" maxlength="\(noteLimit)"\(required)></div>
                <div class="col-auto"><button class="btn btn-sm \(style)">\(label)</button></div>
                """)
    }

    /// A file picker and button that `upload.js` sends to an API upload route (`target`), with a line for its answer.
    static func upload(target: String, csrf: String, accept: String, testID: String) -> HTML {
        """
        <div class="row g-2 mt-1" data-upload="\(target)" data-csrf="\(csrf)" data-empty="\(UIText.chooseFileFirst)" data-testid="\(testID)">
          <div class="col"><input class="form-control form-control-sm" type="file" accept="\(accept)" aria-label="\(UIText.chooseFile)"></div>
          <div class="col-auto"><button class="btn btn-sm btn-outline-primary" type="button">\(UIText.upload)</button></div>
          <div class="col-12 small text-danger" data-role="message"></div>
        </div>
        """
    }

    /// A refusal shown on the page it came from, with its stable code (the same the API answers).
    static func refusal(_ error: AnlanError) -> HTML {
        """
        <div class="alert alert-danger" role="alert" data-testid="alert" data-error-code="\(error.code)">\(error.message)</div>
        """
    }

    private static func testAttribute(_ testID: String?) -> HTML {
        testID.map { HTML(" data-testid=\"\($0)\"") } ?? .empty
    }
}
