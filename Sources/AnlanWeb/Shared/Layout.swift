import AnlanCore
import AnlanFormats
import Foundation
import Hummingbird

/// The frame of every signed-in page: top bar, navigation by role, content.
enum Layout {
    /// A query string of the non-empty values, percent-encoded: what pagers and export links carry on.
    static func queryString(_ values: [(String, String)]) -> String {
        var components = URLComponents()
        components.queryItems = values.filter { !$0.1.isEmpty }.map { URLQueryItem(name: $0.0, value: $0.1) }
        return components.percentEncodedQuery ?? ""
    }

    static func page(
        title: String, context: some PageContext, active: String, notice: HTML = .empty, body: HTML, head: HTML = .empty,
        scripts: HTML = .empty
    ) -> HTML {
        let user = context.signedInUser
        let navigation: [(String, String)]
        if let user, user.role.isAdministrator {
            // One's own password and second factor are in the account menu under one's name, for every role.
            navigation = adminLinks(for: user.role)
        } else {
            // Each role sees what it can open: the modules its permissions reach, the map for those who read business
            // data, and its own password (the administrators run 系统管理, not the business roles).
            let role = user?.role
            navigation =
                [("/home", UIText.home)]
                + WebContexts.all.flatMap { $0.navigation }.filter { $0.isShown(to: role) }.map { ($0.path, $0.title) }
                + (role?.can(.readBusinessData) == true ? [("/map", UIText.map)] : [])
        }
        let links: [HTML] = navigation.map { path, label in
            let current = path == active
            return """
                <li class="nav-item"><a class="nav-link\(HTML(unsafe: current ? " active" : ""))"\(HTML(unsafe: current ? " aria-current=\"page\"" : "")) href="\(path)">\(label)</a></li>
                """
        }
        // One's name opens the account menu (password, second factor): a <details> disclosure, as Debian's Bootstrap
        // bundle has no Popper for a scripted dropdown.
        // Bureau users' pages show their unacknowledged in-app messages, pushed live over /inbox/live.
        let inbox = user.map { $0.role.can(.readBusinessData) && $0.role != .enterpriseOfficer && !$0.role.isAdministrator } ?? false
        let userBox: HTML =
            if let user {
                """
                <details class="position-relative me-2" data-testid="account-menu">
                  <summary class="nav-link dropdown-toggle text-white small text-nowrap" data-testid="current-user" title="\(UIText.roleName(user.role))">\(user.displayName)<span class="d-xl-none"> · \(UIText.roleName(user.role))</span></summary>
                  <ul class="dropdown-menu show mt-1">
                    <li><a class="dropdown-item\(HTML(unsafe: active == "/account/password" ? " active" : ""))" href="/account/password">\(UIText.changePassword)</a></li>
                    <li><a class="dropdown-item\(HTML(unsafe: active == "/account/second-factor" ? " active" : ""))" href="/account/second-factor">\(UIText.secondFactor)</a></li>
                  </ul>
                </details>
                <form method="post" action="/logout" class="d-inline">
                  <input type="hidden" name="_csrf" value="\(context.csrfToken ?? "")">
                  <button class="btn btn-sm btn-outline-light text-nowrap" type="submit" data-testid="logout">\(UIText.logout)</button>
                </form>
                """
            } else { .empty }
        // Inspectors' pages carry the outbox: inspections kept on the device while offline are sent from any page.
        let outbox = context.signedInUser?.role.can(.inspect) == true
        let outboxBox: HTML =
            outbox
            ? """
            <div id="outbox" class="alert d-none" role="status" data-testid="outbox" data-csrf="\(context.csrfToken ?? "")" data-waiting="\(UIText.outboxWaiting)"
                 data-failed="\(UIText.outboxFailed)" data-sent="\(UIText.outboxSent)" data-discard="\(UIText.outboxDiscard)"></div>
            """ : .empty
        return document(
            title: title,
            head: head,
            body: """
                <nav class="navbar navbar-expand-xl navbar-dark bg-primary">
                  <div class="container-fluid">
                    <a class="navbar-brand" href="/">\(UIText.appName)</a>
                    \(inbox ? HTML("<a class=\"btn btn-sm btn-warning ms-auto me-2 d-none order-xl-last text-nowrap flex-shrink-0\" href=\"/inbox?unacknowledged=true\" data-role=\"inbox-badge\" data-testid=\"inbox-badge\">\(UIText.inboxBadge) <span class=\"badge bg-danger\" data-role=\"unread\"></span></a>") : .empty)
                    <button class="navbar-toggler" type="button" data-bs-toggle="collapse" data-bs-target="#main-nav" aria-controls="main-nav" aria-expanded="false" aria-label="\(UIText.navigation)"><span class="navbar-toggler-icon"></span></button>
                    <div class="collapse navbar-collapse" id="main-nav">
                      <ul class="navbar-nav me-auto">\(links)</ul>
                      <div class="d-flex align-items-center flex-wrap">\(userBox)</div>
                    </div>
                  </div>
                </nav>
                \(outboxBox)
                <main class="container-fluid py-3">
                  \(notice)
                  \(body)
                </main>
                """,
            scripts: """
                \(outbox ? HTML("<script src=\"/static/js/outbox.js\"></script>") : .empty)\
                \(inbox ? HTML("<script src=\"/static/js/inbox-live.js\"></script>") : .empty)\(scripts)
                """)
    }

    static func adminLinks(for role: Role) -> [(String, String)] {
        switch role {
        case .systemAdmin:
            [("/admin/users", UIText.accounts), ("/admin/applications", "企业账户申请"), ("/admin/info-officer-accounts", "信息员账户")]
        case .securityAdmin: [("/security/policy", UIText.securityPolicy)]
        case .auditAdmin: [("/audit", UIText.auditLog)]
        default: []
        }
    }

    /// A whole HTML document; pages without the signed-in frame (login, errors) use it directly.
    static func document(title: String, head: HTML = .empty, body: HTML, scripts: HTML = .empty) -> HTML {
        """
        <!doctype html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title) · \(UIText.appShortName)</title>
        <link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">
        <link rel="stylesheet" href="/static/vendor/bootstrap5/bootstrap.min.css">
        <link rel="stylesheet" href="/static/css/app.css">
        \(head)
        </head>
        <body>
        \(body)
        <script src="/static/vendor/bootstrap5/bootstrap.bundle.min.js"></script>
        <script src="/static/js/confirm.js"></script>
        \(scripts)
        </body>
        </html>
        """
    }

    static func alert(_ message: String, kind: String = "danger") -> HTML {
        """
        <div class="alert alert-\(kind)" role="alert" data-testid="alert">\(message)</div>
        """
    }

    /// Page links for a paginated list; `query` carries the filters (without page).
    static func pager<T>(_ page: Page<T>, base: String, query: [(String, String)]) -> HTML {
        func link(_ number: Int) -> String {
            var components = URLComponents()
            components.queryItems =
                query.filter { !$0.1.isEmpty }.map { URLQueryItem(name: $0.0, value: $0.1) } + [
                    URLQueryItem(name: "page", value: String(number))
                ]
            return base + "?" + (components.percentEncodedQuery ?? "")
        }
        // A page past the end (an old link) reads as the last page's number, not "第 99 / 1 页".
        let current = min(page.request.page, max(1, page.pageCount))
        let summary = String(format: UIText.pageOf, current, max(1, page.pageCount), page.total)
        let previous: HTML =
            current > 1 ? "<a class=\"btn btn-sm btn-outline-secondary\" href=\"\(link(current - 1))\">\(UIText.previousPage)</a>" : .empty
        let next: HTML =
            current < page.pageCount
            ? "<a class=\"btn btn-sm btn-outline-secondary\" href=\"\(link(current + 1))\">\(UIText.nextPage)</a>" : .empty
        // Page numbers: the first, the last, and two either side of the current one.
        let shown = Set([1, page.pageCount] + Array(max(1, current - 2)...max(1, min(page.pageCount, current + 2)))).filter { $0 >= 1 }
            .sorted()
        var numbers: [HTML] = []
        for (index, number) in shown.enumerated() {
            if index > 0 && number - shown[index - 1] > 1 { numbers.append("<span class=\"text-muted\">…</span>") }
            numbers.append(
                number == current
                    ? "<span class=\"btn btn-sm btn-secondary disabled\" aria-current=\"page\">\(number)</span>"
                    : "<a class=\"btn btn-sm btn-outline-secondary\" href=\"\(link(number))\">\(number)</a>")
        }
        return """
            <nav class="d-flex flex-wrap gap-1 align-items-center my-2" data-testid="pager" aria-label="分页"><span class="text-muted small me-1">\(summary)</span>\(previous)\(page.pageCount > 1 ? HTML("\(numbers)") : .empty)\(next)</nav>
            """
    }
}

extension Layout {
    /// The query's other filters as hidden inputs, so a list's search form keeps what a link set (and its chips show).
    static func hiddenInputs(_ query: [(String, String)]) -> HTML {
        let kept: [HTML] = query.filter { $0.0 != "page" && !$0.1.isEmpty }.map {
            "<input type=\"hidden\" name=\"\($0.0)\" value=\"\($0.1)\">"
        }
        return "\(kept)"
    }

    /// Labels of the filters the supervision lists share, for their chips.
    static let listFilterLabels: [String: String] = [
        "q": UIText.search, "kind": UIText.documents, "from": "日期起", "to": "日期止", "sector": UIText.sector, "divisionCode": "区划",
        "enterpriseId": UIText.enterprise, "inspectionId": UIText.inspections, "caseId": UIText.cases, "status": UIText.status,
        "suspended": "停产停业整顿", "measure": "现场处理措施", "seizure": "查封扣押", "openedBy": "立案人", "inspector": "执法人员",
        "source": UIText.source, "campaignId": "专项整治", "drawId": "抽查", "byDeadline": "按办案期限排序",
    ]

    /// How the shared filters' values read on a chip.
    static let listFilterValues: [String: @Sendable (String) -> String] = [
        "kind": { DocumentKind(rawValue: $0)?.title ?? $0 }, "sector": ReportSector.label,
        "status": { EnforcementCase.Status(rawValue: $0).map(UIText.caseStatusName) ?? $0 },
        "measure": { OnSiteMeasure(rawValue: $0)?.title ?? $0 }, "seizure": { $0 == "true" ? UIText.yes : $0 },
        "suspended": { $0 == "true" ? UIText.yes : $0 }, "byDeadline": { $0 == "true" ? UIText.yes : $0 },
        "source": { InspectionSource(rawValue: $0).map(UIText.sourceName) ?? $0 }, "enterpriseId": { _ in "指定企业" },
        "inspectionId": { _ in "指定检查" }, "caseId": { _ in "指定案件" }, "campaignId": { _ in "指定专项" }, "drawId": { _ in "指定抽查" },
    ]

    /// The filters a list was opened with, as removable chips: each links to the same list without that filter (a
    /// statistics link's filters are then visible on the list it opens). `labels` names the filters people set; others
    /// (page, sorting) are not shown.
    static func chips(
        base: String, query: [(String, String)], labels: [String: String], values: [String: @Sendable (String) -> String] = [:]
    )
        -> HTML
    {
        let active = query.filter { !$0.1.isEmpty && labels[$0.0] != nil }
        guard !active.isEmpty else { return .empty }
        func without(_ name: String) -> String {
            var components = URLComponents()
            components.queryItems = query.filter { $0.0 != name && $0.0 != "page" && !$0.1.isEmpty }.map {
                URLQueryItem(name: $0.0, value: $0.1)
            }
            let q = components.percentEncodedQuery ?? ""
            return q.isEmpty ? base : base + "?" + q
        }
        let chips: [HTML] = active.map { name, value in
            let shown = values[name]?(value) ?? value
            return
                "<a class=\"badge rounded-pill text-bg-light border text-decoration-none me-1\" href=\"\(without(name))\" title=\"去掉此条件\" data-filter=\"\(name)\">\(labels[name] ?? name)：\(shown) ✕</a>"
        }
        return
            "<div class=\"mb-2\" data-testid=\"filter-chips\"><span class=\"small text-muted me-1\">筛选条件</span>\(chips)<a class=\"small ms-1\" href=\"\(base)\">清除全部</a></div>"
    }
}

extension HTML {
    /// An HTML response that is never cached (pages carry personal data and CSRF tokens).
    func response(status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: rendered)))
    }
}

/// A file to download: its type, an attachment name, and never cached (exports carry personal data).
enum Download {
    static let csv = "text/csv; charset=utf-8"
    static let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    static func response(fileName: String, contentType: String, body: ResponseBody, inline: Bool = false) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: contentType, .contentDisposition: disposition(fileName, inline: inline), .cacheControl: "no-store"],
            body: body)
    }

    /// A finished workbook as a download (workbooks of one record's size: ledgers page into the writer first).
    static func xlsx(_ writer: XLSXWriter, fileName: String) throws -> Response {
        let data = try Data(contentsOf: try writer.finish())
        return response(fileName: fileName, contentType: Self.xlsx, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A Content-Disposition value for any file name: an ASCII fallback and the UTF-8 name (RFC 6266/5987),
    /// so Chinese names survive and no quote or line break reaches the header.
    static func disposition(_ fileName: String, inline: Bool) -> String {
        let ascii = String(fileName.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        let encoded = fileName.addingPercentEncoding(withAllowedCharacters: allowed) ?? ascii
        return "\(inline ? "inline" : "attachment"); filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }
}

/// A submitted form: fields of an `application/x-www-form-urlencoded` body.
struct FormData {
    let fields: [String: String]
    /// Every value of each field, in order: a multiple select sends one pair per choice.
    let allValues: [String: [String]]

    /// Reads the form and checks its CSRF token against the session's.
    static func read(_ request: Request, context: some PageContext, expectedCSRF: String? = nil) async throws -> FormData {
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        let form = FormData(urlEncoded: String(buffer: buffer))
        let expected = expectedCSRF ?? context.csrfToken
        guard let expected, let sent = form.fields["_csrf"], constantTimeEqual(sent, expected) else {
            throw AnlanError(.forbidden, code: "auth.csrf_invalid", message: "表单已过期或来源不明，请刷新页面后重试。")
        }
        return form
    }

    init(urlEncoded text: String) {
        var fields: [String: String] = [:]
        var allValues: [String: [String]] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            let key = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            let clean = value.unicodeScalars.contains { $0.value == 0 } ? "" : value
            fields[key] = clean
            allValues[key, default: []].append(clean)
        }
        self.fields = fields
        self.allValues = allValues
    }

    func all(_ name: String) -> [String] { allValues[name] ?? [] }

    subscript(_ name: String) -> String { fields[name] ?? "" }

    func optional(_ name: String) -> String? {
        let v = self[name].trimmingCharacters(in: .whitespaces)
        return v.isEmpty ? nil : v
    }
}

func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var difference: UInt8 = 0
    for i in 0..<x.count { difference |= x[i] ^ y[i] }
    return difference == 0
}
