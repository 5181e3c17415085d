import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

/// Supervision settings: how documents are numbered, and who must withdraw from which enterprise.
extension SupervisionPages {
    func registerSettings(_ router: PageRoutes) {
        router.get("/supervision/settings", .permission(.readBusinessData)) { _, context in
            return try await settingsPage(context: context, notice: .empty).response()
        }
        router.post("/supervision/settings/numbering", .permission(.configureCatalogs)) { request, context in
            let form = try await FormData.read(request, context: context)
            var codes: [String: String] = [:]
            for kind in DocumentKind.allCases { if let v = form.optional("code-\(kind.rawValue)") { codes[kind.rawValue] = v } }
            do {
                try await store.catalogs.setNumbering(
                    DocumentNumbering(pattern: form["pattern"], countyShortName: form["countyShortName"], codes: codes), by: context.caller)
                return try await settingsPage(context: context, notice: Layout.alert(UIText.saved, kind: "success")).response()
            } catch let error as AnlanError where error.kind == .unprocessable {
                return try await settingsPage(context: context, notice: Components.refusal(error)).response(status: Failure(error).status)
            }
        }
        router.post("/supervision/settings/enforcement", .permission(.configureCatalogs)) { request, context in
            let form = try await FormData.read(request, context: context)
            do {
                let current = try await store.catalogs.enforcementSettings()
                // A field the form did not send keeps its value (a page saved before the field existed).
                func days(_ name: String, _ kept: Int) throws -> Int {
                    guard form.optional(name) != nil else { return kept }
                    guard let v = Int(form[name].trimmingCharacters(in: .whitespaces)) else {
                        throw AnlanError.invalid("enforcement.days_invalid", UIText.daysInvalid, field: name)
                    }
                    return v
                }
                guard let threshold = form.optional("hearingFineThreshold").map(Money.fen(fromYuan:)) ?? current.hearingFineThresholdFen
                else {
                    throw AnlanError.invalid("enforcement.hearing_threshold_invalid", "听证的较大数额罚款须为元，至多两位小数。", field: "hearingFineThreshold")
                }
                let settings = EnforcementSettings(
                    reviewAuthority: form["reviewAuthority"], court: form["court"], paymentAccount: form["paymentAccount"],
                    reinspectionDays: try days("reinspectionDays", current.reinspectionDays),
                    extensionEarliestDays: try days("extensionEarliestDays", current.extensionEarliestDays),
                    extensionLatestDays: try days("extensionLatestDays", current.extensionLatestDays),
                    extensionAnswerDays: try days("extensionAnswerDays", current.extensionAnswerDays),
                    statementDays: try days("statementDays", current.statementDays), hearingFineThresholdFen: threshold,
                    caseLimitDays: try days("caseLimitDays", current.caseLimitDays),
                    paymentDays: try days("paymentDays", current.paymentDays),
                    appealMonths: try days("appealMonths", current.appealMonths))
                try await store.catalogs.setEnforcementSettings(settings, by: context.caller)
                return try await settingsPage(context: context, notice: Layout.alert(UIText.saved, kind: "success")).response()
            } catch let error as AnlanError where error.kind == .unprocessable {
                return try await settingsPage(context: context, notice: Components.refusal(error)).response(status: Failure(error).status)
            }
        }
        router.post("/supervision/settings/conflicts", .permission(.configureCatalogs)) { request, context in
            let form = try await FormData.read(request, context: context)
            do {
                guard let id = UUID(key: form["enterpriseId"]) else {
                    throw AnlanError.invalid("conflict.enterprise_required", UIText.chooseEnterprise, field: "enterpriseId")
                }
                let enterprise = try await store.enterprises.get(id, by: context.caller)
                _ = try await store.catalogs.addConflict(
                    username: form["username"], enterpriseID: id, reason: form["reason"], enterprise: enterprise, by: context.caller)
                return Response.redirect(to: "/supervision/settings#conflicts", type: .found)
            } catch let error as AnlanError where error.kind == .unprocessable || error.kind == .conflict {
                return try await settingsPage(context: context, notice: Components.refusal(error)).response(status: Failure(error).status)
            }
        }
    }

    /// The enforcement limits on the settings page, each with the text its default was taken from and whether that
    /// text was confirmed; 应急管理部令第18号 (in force 2026-02-01) could not be read here, so none cites it.
    static func limitSettings(_ e: EnforcementSettings) -> [(String, String, String, String)] {
        let unconfirmed = "应急管理部令第18号条文尚未核实"
        return [
            ("reinspectionDays", UIText.reinspectionDays, String(e.reinspectionDays), "默认值取自2015年《安全生产违法行为行政处罚办法》常见引用（10日）；\(unconfirmed)"),
            (
                "extensionEarliestDays", UIText.extensionEarliestDays, String(e.extensionEarliestDays),
                "默认值取自2015年办法“因不可抗力……于限期届满前10日内提出书面延期申请”：届满前10日起；\(unconfirmed)"
            ),
            ("extensionLatestDays", UIText.extensionLatestDays, String(e.extensionLatestDays), "同上：至届满当日（0）；\(unconfirmed)"),
            ("extensionAnswerDays", UIText.extensionAnswerDays, String(e.extensionAnswerDays), "默认值取自2015年办法常见引用（5日内书面答复）；\(unconfirmed)"),
            ("statementDays", "陈述申辩期限（告知书送达后，工作日）", String(e.statementDays), "《行政处罚法》未规定天数；默认与第六十四条听证申请期限（五日，第八十五条：工作日）一致；\(unconfirmed)"),
            (
                "hearingFineThreshold", "可要求听证的较大数额罚款（单位，元）", Money.yuan(e.hearingFineThresholdFen),
                "《行政处罚法》第六十三条：数额由省级规定；默认3万元取自2015年办法第三十三条，以本省规定为准"
            ),
            ("caseLimitDays", "办案期限（自立案之日起，日）", String(e.caseLimitDays), "《行政处罚法》第六十条：九十日，法律、法规、规章另有规定的从其规定（已核实）"),
            ("paymentDays", "罚款缴纳期限（收到决定书之日起，日）", String(e.paymentDays), "《行政处罚法》第六十七条第三款：十五日"),
            ("appealMonths", "提起行政诉讼的期限（月）", String(e.appealMonths), "《行政诉讼法》第四十六条：六个月；期满后方可申请人民法院强制执行（《行政强制法》第五十三条）"),
        ]
    }

    /// Settings as a reader sees them: label and value, no inputs.
    static func readOnly(_ pairs: [(String, String)], testID: String) -> HTML {
        let rows: [HTML] = pairs.map {
            "<tr><th class=\"fw-normal text-muted\" style=\"width: 40%\">\($0.0)</th><td>\($0.1.isEmpty ? "—" : $0.1)</td></tr>"
        }
        return "<table class=\"table table-sm mb-2\" data-testid=\"\(testID)\"><tbody>\(rows)</tbody></table>"
    }

    func settingsPage(context: UserContext, notice: HTML) async throws -> HTML {
        let numbering = try await store.catalogs.numbering()
        let enforcement = try await store.catalogs.enforcementSettings()
        let conflicts = try await store.catalogs.conflicts(by: context.caller)
        let names = try await store.enterprises.names(of: conflicts.map(\.enterpriseID))
        let inspectors = try await store.accounts.certifiedInspectors(county: try await store.divisions.home(of: context.caller).rawValue)
        let editable = context.caller.role?.can(.configureCatalogs) == true
        let csrf = context.csrfToken ?? ""
        let codeInputs: [HTML] = DocumentKind.allCases.map { k in
            "<div class=\"col-md-3\"><label class=\"form-label small\" for=\"code-\(k.rawValue)\">\(k.title)</label><input class=\"form-control form-control-sm\" id=\"code-\(k.rawValue)\" name=\"code-\(k.rawValue)\" value=\"\(numbering.code(for: k))\" maxlength=\"6\"></div>"
        }
        let rows: [HTML] = conflicts.map { c in
            "<tr><td>\(inspectors.first { $0.username == c.username }?.displayName ?? c.username)</td><td>\(Self.link(c.enterpriseID, "enterprises", names[c.enterpriseID.key] ?? ""))</td><td>\(c.reason)</td></tr>"
        }
        let addConflict: HTML =
            editable
            ? """
            <form method="post" action="/supervision/settings/conflicts" class="row g-2 mt-2" data-testid="conflict-form">
              <input type="hidden" name="_csrf" value="\(csrf)">
              <div class="col-md-3"><select class="form-select form-select-sm" name="username">\(inspectors.map { HTML("<option value=\"\($0.username)\">\($0.displayName)</option>") })</select></div>
              <div class="col-md-2"><input class="form-control form-control-sm" id="conflict-search" placeholder="\(UIText.searchPlaceholder)" autocomplete="off" data-enterprise-picker="conflict-enterprise" aria-label="\(UIText.enterprise)"></div>
              <div class="col-md-2"><select class="form-select form-select-sm" id="conflict-enterprise" name="enterpriseId" required aria-label="\(UIText.enterprise)"></select></div>
              <div class="col-md-3"><input class="form-control form-control-sm" name="reason" placeholder="\(UIText.reason)" required maxlength="200"></div>
              <div class="col-md-2"><button class="btn btn-sm btn-outline-primary w-100">\(UIText.add)</button></div>
            </form>
            """ : .empty
        // Those who may change the settings get the forms and each limit's source, with what could not be confirmed;
        // everyone else reads the values in force (issue 11, item 15: the caveat is for those who can act on it).
        let numberingCard: HTML =
            editable
            ? """
            <form method="post" action="/supervision/settings/numbering" class="row g-2" data-testid="numbering-form">
              <input type="hidden" name="_csrf" value="\(csrf)">
              <div class="col-md-6"><label class="form-label small" for="pattern">\(UIText.numberingPattern)</label><input class="form-control form-control-sm" id="pattern" name="pattern" value="\(numbering.pattern)" maxlength="60"></div>
              <div class="col-md-2"><label class="form-label small" for="countyShortName">\(UIText.countyShortName)</label><input class="form-control form-control-sm" id="countyShortName" name="countyShortName" value="\(numbering.countyShortName)" maxlength="4"></div>
              \(codeInputs)
              <div class="col-12"><button class="btn btn-sm btn-primary">\(UIText.save)</button></div>
            </form>
            """
            : Self.readOnly(
                [(UIText.numberingPattern, numbering.pattern), (UIText.countyShortName, numbering.countyShortName)]
                    + DocumentKind.allCases.map { ($0.title, numbering.code(for: $0)) }, testID: "numbering-values")
        let texts = [
            ("reviewAuthority", UIText.reviewAuthority, enforcement.reviewAuthority, 60), ("court", UIText.court, enforcement.court, 60),
            ("paymentAccount", UIText.paymentAccount, enforcement.paymentAccount, 200),
        ]
        let enforcementCard: HTML =
            editable
            ? """
            <form method="post" action="/supervision/settings/enforcement" class="row g-2" data-testid="enforcement-form">
              <input type="hidden" name="_csrf" value="\(csrf)">
              \(texts.map { name, label, value, max in
                  HTML("<div class=\"col-md-4\"><label class=\"form-label small\" for=\"\(name)\">\(label)</label><input class=\"form-control form-control-sm\" id=\"\(name)\" name=\"\(name)\" value=\"\(value)\" maxlength=\"\(String(max))\"></div>")
              })
              \(Self.limitSettings(enforcement).map { name, label, value, source in
                  HTML("<div class=\"col-md-4\"><label class=\"form-label small\" for=\"\(name)\">\(label)</label><input class=\"form-control form-control-sm\" inputmode=\"numeric\" id=\"\(name)\" name=\"\(name)\" value=\"\(value)\" required><div class=\"form-text\" data-testid=\"source-\(name)\">\(source)</div></div>")
              })
              <div class="col-12 small text-muted">\(UIText.enforcementDaysNote)</div>
              <div class="col-12"><button class="btn btn-sm btn-primary">\(UIText.save)</button></div>
            </form>
            """
            : """
            \(Self.readOnly(texts.map { ($0.1, $0.2) } + Self.limitSettings(enforcement).map { ($0.1, $0.2) }, testID: "enforcement-values"))
            <p class="small text-muted mb-0" data-testid="settings-reader-note">\(UIText.settingsReadOnlyNote)</p>
            """
        let body: HTML = """
            <h1 class="h4">\(UIText.supervisionSettings)</h1>
            <div class="card mb-3"><div class="card-header">\(UIText.documentNumbering)：\(numbering.number(kind: .rectificationOrder, year: 2026, sequence: 12))</div><div class="card-body">
              \(numberingCard)</div></div>
            <div class="card mb-3" id="enforcement"><div class="card-header">\(UIText.enforcementSettings)</div><div class="card-body">
              \(enforcementCard)</div></div>
            <div class="card" id="conflicts"><div class="card-header">\(UIText.conflictsOfInterest)</div><div class="card-body">
              <table class="table table-sm" data-testid="conflicts"><tbody>\(rows)</tbody></table>\(addConflict)</div></div>
            """
        return Layout.page(
            title: UIText.supervisionSettings, context: context, active: "/supervision", notice: notice, body: body,
            scripts: "<script src=\"/static/js/enterprise-picker.js\"></script>")
    }
}
