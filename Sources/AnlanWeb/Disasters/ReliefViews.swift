import AnlanCore
import AnlanStore
import Foundation

/// 冬春救助 pages: the programs, one program with its needs survey and counts, the households, one household's course,
/// and the published payment list.
enum ReliefViews {
    static let title = "冬春救助"

    static func subnav(_ active: String) -> HTML { InfoOfficerViews.subnav(active) }

    static func yuan(_ v: Double) -> String { AccidentGrade.wan(v) }

    static func stateBadge(_ s: ReliefState) -> HTML {
        let tone: Components.Tone =
            switch s {
            case .paid: .success
            case .villageRejected, .rejected, .returned: .danger
            case .decided, .townshipApproved: .dark
            default: .warning
            }
        return Components.badge(s.label, tone: tone)
    }

    static func programs(
        _ items: [ReliefProgram], total: Int, mayOpen: Bool, year: Int, values: [String: [String]], csrf: String, refusal: AnlanError?,
        pager: HTML
    ) -> HTML {
        func value(_ name: String) -> String { values[name]?.first ?? "" }
        let header = ["年度", "项目", "预算（万元）", "需求调查截止", "救助期"]
        let rows: [HTML] = items.map { p in
            """
            <tr><td data-label="年度">\(p.season)</td><td data-label="项目"><a href="/relief/\(p.id.key)">\(p.name)</a></td>\
            <td data-label="预算（万元）" class="text-end">\(yuan(p.budgetWanYuan))</td><td data-label="需求调查截止">\(p.surveyDue.description)</td>\
            <td data-label="救助期">\(p.startsOn.description) 至 \(p.endsOn.description)</td></tr>
            """
        }
        let form: HTML =
            mayOpen
            ? Components.form(
                action: "/relief", csrf: csrf, testID: "relief-open", classes: "card card-body row g-2 flex-row mt-3",
                content: """
                    <h2 class="h6 col-12">新建冬春救助项目</h2>
                    <div class="col-6 col-md-2"><label class="form-label small" for="p-year">年度（冬季所在年）</label><input class="form-control" id="p-year" name="year" type="number" min="2000" max="2100" required value="\(value("year").isEmpty ? String(year) : value("year"))"></div>
                    <div class="col-md-5"><label class="form-label small" for="p-name">名称（可不填）</label><input class="form-control" id="p-name" name="name" maxlength="60" value="\(value("name"))"></div>
                    <div class="col-6 col-md-2"><label class="form-label small" for="p-budget">预算（万元）</label><input class="form-control" id="p-budget" name="budgetWanYuan" type="number" min="0" step="0.01" required value="\(value("budgetWanYuan"))"></div>
                    <div class="col-6 col-md-2"><label class="form-label small" for="p-days">公示天数</label><input class="form-control" id="p-days" name="publicityDays" type="number" min="1" max="30" value="\(value("publicityDays").isEmpty ? String(ReliefRules.defaultPublicityDays) : value("publicityDays"))"></div>
                    <div class="col-12"><button class="btn btn-sm btn-primary">建立</button></div>
                    """) : .empty
        return """
            \(subnav("/relief"))
            <h1 class="h4">\(title) <span class="small text-muted" data-testid="relief-total">共 \(total) 个项目</span></h1>
            \(refusal.map(Components.refusal) ?? .empty)
            \(items.isEmpty ? HTML("<p class=\"text-muted\">尚无冬春救助项目。</p>") : Components.table(testID: "relief-programs", header: header, rows: rows, cards: true))
            \(pager)
            \(form)
            <p class="small text-muted mt-2">\(ReliefRules.source)</p>
            """
    }

    static let needsHeader =
        ["乡镇（街道）", "需救助户数", "需救助人数"] + ReliefHardship.allCases.map { "其中\($0.label)" } + ["需救助资金（万元）"]

    static func needCells(_ name: String, _ n: ReliefNeed) -> [String] {
        [name, String(n.households), String(n.people)] + ReliefHardship.allCases.map { String(n.byHardship[$0] ?? 0) } + [
            yuan(n.fundsWanYuan)
        ]
    }

    static func sum(_ needs: [ReliefNeed]) -> ReliefNeed {
        var by: [ReliefHardship: Int] = [:]
        for n in needs { for (k, v) in n.byHardship { by[k, default: 0] += v } }
        return ReliefNeed(
            township: "", households: needs.reduce(0) { $0 + $1.households }, people: needs.reduce(0) { $0 + $1.people }, byHardship: by,
            fundsWanYuan: needs.reduce(0) { $0 + $1.fundsWanYuan }, updatedBy: "", updatedAt: Date(timeIntervalSince1970: 0))
    }

    static func program(
        _ p: ReliefProgram, totals: ReliefRepository.Totals, needs: [ReliefNeed], omissions: [ReliefRepository.Omission],
        names: [String: String], townships: [(String, String)], county: Bool, mayFileNeeds: Bool, mayApply: Bool, today: Day,
        values: [String: [String]],
        csrf: String, refusal: AnlanError?
    ) -> HTML {
        func value(_ name: String) -> String { values[name]?.first ?? "" }
        let base = "/relief/\(p.id.key)"
        let stateRows: [HTML] = ReliefState.allCases.map { s in
            """
            <tr><td data-label="状态">\(s.label)</td><td data-label="户数" class="text-end"><a href="\(base)/households?state=\(s.rawValue)" data-testid="relief-state-\(s.rawValue)">\(totals.households[s] ?? 0)</a></td></tr>
            """
        }
        let allHouseholds = totals.households.values.reduce(0, +)
        let needRows: [HTML] = needs.map { n in
            let cells = needCells(names[n.township] ?? n.township, n)
            return "<tr>\(zip(needsHeader, cells).map { HTML("<td data-label=\"\($0.0)\">\($0.1)</td>") })</tr>"
        }
        let total = sum(needs)
        let totalRow: HTML =
            "<tr class=\"fw-bold\">\(zip(needsHeader, needCells("合计", total)).map { HTML("<td data-label=\"\($0.0)\">\($0.1)</td>") })</tr>"
        let surveyState: HTML =
            today > p.surveyDue
            ? Components.badge("需求调查已截止", tone: .neutral)
            : Components.badge("需求调查 \(p.surveyDue.description) 截止，还有 \(today.days(until: p.surveyDue)) 天", tone: .warning)
        let needForm: HTML =
            mayFileNeeds && !townships.isEmpty
            ? Components.form(
                action: "\(base)/needs", csrf: csrf, testID: "relief-need", classes: "card card-body row g-2 flex-row mt-2",
                content: """
                    <h3 class="h6 col-12">填报乡镇需救助情况（整行替换）</h3>
                    <div class="col-md-3"><label class="form-label small" for="n-township">乡镇（街道）</label><select class="form-select" id="n-township" name="township">\(DisasterViews.placeOptions(townships, selected: value("township")))</select></div>
                    <div class="col-4 col-md-2"><label class="form-label small" for="n-households">户数</label><input class="form-control" id="n-households" name="households" type="number" min="0" value="\(value("households"))"></div>
                    <div class="col-4 col-md-2"><label class="form-label small" for="n-people">人数</label><input class="form-control" id="n-people" name="people" type="number" min="0" value="\(value("people"))"></div>
                    \(ReliefHardship.allCases.map { h in HTML("<div class=\"col-4 col-md-2\"><label class=\"form-label small\" for=\"n-\(h.rawValue)\">\(h.label)人数</label><input class=\"form-control\" id=\"n-\(h.rawValue)\" name=\"\(h.rawValue)\" type=\"number\" min=\"0\" value=\"\(value(h.rawValue))\"></div>") })
                    <div class="col-4 col-md-2"><label class="form-label small" for="n-funds">资金（万元）</label><input class="form-control" id="n-funds" name="fundsWanYuan" type="number" min="0" step="0.01" value="\(value("fundsWanYuan"))"></div>
                    <div class="col-12"><button class="btn btn-sm btn-primary">保存</button></div>
                    """) : .empty
        let omissionRows: [HTML] = omissions.map { o in
            """
            <tr><td data-label="灾害过程">\(o.eventNumber)</td><td data-label="区划">\(names[o.divisionCode] ?? o.divisionCode)</td><td data-label="户主">\(o.householder)</td>\
            <td data-label="身份证号码">\(ReliefHousehold.masked(o.idNumber))</td><td data-label="损坏">\(o.damage.label)</td></tr>
            """
        }
        let budgetYuan = p.budgetWanYuan * 10_000
        return """
            \(subnav("/relief"))
            <h1 class="h4">\(p.name)</h1>
            \(refusal.map(Components.refusal) ?? .empty)
            <dl class="row small mb-2" data-testid="relief-facts">
              <dt class="col-sm-3">预算</dt><dd class="col-sm-9">\(yuan(p.budgetWanYuan)) 万元；\(county ? "" : "本辖区")已核定 <span data-testid="relief-decided">\(yuan(totals.decidedYuan))</span> 元，已发放 <span data-testid="relief-paid">\(yuan(totals.paidYuan))</span> 元（\(totals.paidHouseholds) 户 \(totals.paidPeople) 人）\(county ? "，预算余 \(yuan(budgetYuan - totals.decidedYuan)) 元" : "")</dd>
              <dt class="col-sm-3">需求调查</dt><dd class="col-sm-9">\(surveyState)</dd>
              <dt class="col-sm-3">救助期</dt><dd class="col-sm-9">\(p.startsOn.description) 至 \(p.endsOn.description)；公示 \(p.publicityDays) 天</dd>
            </dl>
            <div class="d-flex flex-wrap gap-1 mb-3 d-print-none">
              \(mayApply ? HTML("<a class=\"btn btn-sm btn-primary\" href=\"\(base)/households/new\" data-testid=\"relief-apply\">登记申请（户报）</a>") : .empty)
              <a class="btn btn-sm btn-outline-primary" href="\(base)/households" data-testid="relief-all">全部申请 \(allHouseholds) 户</a>
              <a class="btn btn-sm btn-outline-success" href="\(base)/list.xlsx">导出救助人口一览表 XLSX</a>
              <a class="btn btn-sm btn-outline-success" href="\(base)/needs.xlsx">导出需救助情况统计表 XLSX</a>
              <a class="btn btn-sm btn-outline-secondary" href="\(base)/publication">发放公示（打印）</a>
            </div>
            <div class="row g-3">
              <div class="col-lg-4"><h2 class="h5">申请进度</h2>\(Components.table(testID: "relief-states", header: ["状态", "户数"], rows: stateRows, cards: true))</div>
              <div class="col-lg-8"><h2 class="h5">受灾人员冬春生活需救助情况</h2>
              \(needs.isEmpty ? HTML("<p class=\"text-muted small\">尚无乡镇填报。</p>") : Components.table(testID: "relief-needs", header: needsHeader, rows: needRows + [totalRow], cards: true))
              \(needForm)</div>
            </div>
            <h2 class="h5 mt-3">倒损住房户未纳入本项目 <span class="small text-muted" data-testid="relief-omissions">\(omissions.count) 户</span></h2>
            <p class="small text-muted">\(p.disasterYear) 年灾害中房屋倒塌或严重损坏、但家庭成员不在本项目申请中的住户（来自倒损住房户台账），请乡镇核实是否需要救助。</p>
            \(omissionRows.isEmpty ? HTML("<p class=\"small text-success\">没有遗漏。</p>") : Components.table(testID: "relief-omission-list", header: ["灾害过程", "区划", "户主", "身份证号码", "损坏"], rows: omissionRows, cards: true))
            """
    }

    static func households(
        _ p: ReliefProgram, _ items: [ReliefHousehold], total: Int, names: [String: String], query: [String: String], mayApply: Bool,
        pager: HTML
    ) -> HTML {
        let base = "/relief/\(p.id.key)"
        let header = ["村（社区）", "户主", "人口", "困难类型", "状态", "核定金额（元）"]
        let rows: [HTML] = items.map { h in
            """
            <tr><td data-label="村（社区）">\(names[h.divisionCode] ?? h.divisionCode)</td><td data-label="户主"><a href="/relief-households/\(h.id.key)">\(h.head?.name ?? "")</a></td>\
            <td data-label="人口" class="text-end">\(h.members.count)</td><td data-label="困难类型">\(h.hardship.label)</td><td data-label="状态">\(stateBadge(h.state))</td>\
            <td data-label="核定金额（元）" class="text-end">\(h.decidedAmount.map(yuan) ?? "")</td></tr>
            """
        }
        return """
            \(subnav("/relief"))
            <h1 class="h4"><a href="\(base)">\(p.name)</a>：救助申请 <span class="small text-muted" data-testid="relief-household-total">共 \(total) 户</span></h1>
            \(Components.filterBar(action: "\(base)/households", testID: "relief-filters", filters: [
                .choice(name: "state", label: "状态", options: ReliefState.allCases.map { ($0.rawValue, $0.label) }, selected: query["state"]),
                .text(name: "q", placeholder: "户主姓名、身份证号码、电话", value: query["q"]), .hidden(name: "divisionCode", value: query["divisionCode"]),
            ], searchLabel: UIText.search, trailing: mayApply ? HTML("<div class=\"col-auto\"><a class=\"btn btn-sm btn-primary\" href=\"\(base)/households/new\">登记申请</a></div>") : .empty))
            \(items.isEmpty ? HTML("<p class=\"text-muted\">没有符合条件的申请。</p>") : Components.table(testID: "relief-households", header: header, rows: rows, cards: true))
            \(pager)
            """
    }

    static func applyForm(
        _ p: ReliefProgram, places: [(String, String)], townships: [String: String], values: [String: [String]], csrf: String,
        refusal: AnlanError?
    ) -> HTML {
        func value(_ name: String) -> String { values[name]?.first ?? "" }
        let names = values["members.name"] ?? [], ids = values["members.idNumber"] ?? [], relations = values["members.relation"] ?? []
        let memberRows: [HTML] = (0..<max(6, names.count)).map { i in
            let relation = i < relations.count ? relations[i] : (i == 0 ? "head" : "")
            // Rows after the first start without a relation: an unused row stays empty and is not counted.
            let options: [HTML] =
                (i == 0 ? [] : [HTML("<option value=\"\"\(HTML(unsafe: relation.isEmpty ? " selected" : ""))>（关系）</option>")])
                + ReliefRelation.allCases.map {
                    "<option value=\"\($0.rawValue)\"\(HTML(unsafe: relation == $0.rawValue ? " selected" : ""))>\($0.label)</option>"
                }
            return """
                <div class="row g-1 mb-1"><div class="col-4 col-md-3"><input class="form-control form-control-sm" name="members.name" maxlength="40" placeholder="姓名" aria-label="成员\(i + 1)姓名" value="\(i < names.count ? names[i] : "")"></div>\
                <div class="col-8 col-md-5"><input class="form-control form-control-sm" name="members.idNumber" maxlength="24" placeholder="18 位身份证号码" aria-label="成员\(i + 1)身份证号码" value="\(i < ids.count ? ids[i] : "")"></div>\
                <div class="col-6 col-md-3"><select class="form-select form-select-sm" name="members.relation" aria-label="成员\(i + 1)与户主关系">\(options)</select></div></div>
                """
        }
        let hardships: [HTML] = ReliefHardship.allCases.map {
            "<option value=\"\($0.rawValue)\"\(HTML(unsafe: value("hardship") == $0.rawValue ? " selected" : ""))>\($0.label)</option>"
        }
        return """
            \(subnav("/relief"))
            <h1 class="h5"><a href="/relief/\(p.id.key)">\(p.name)</a>：登记救助申请（户报）</h1>
            \(refusal.map(Components.refusal) ?? .empty)
            \(Components.form(action: "/relief/\(p.id.key)/households", csrf: csrf, testID: "relief-apply-form", content: """
              <div class="row g-2">
              <div class="col-md-4"><label class="form-label" for="a-division">所在村（社区）</label><select class="form-select" id="a-division" name="divisionCode">\(DisasterViews.placeOptions(places, selected: value("divisionCode"), townships: townships))</select></div>
              <div class="col-md-4"><label class="form-label" for="a-hardship">困难类型</label><select class="form-select" id="a-hardship" name="hardship">\(hardships)</select></div>
              <div class="col-md-4"><label class="form-label" for="a-phone">联系电话</label><input class="form-control" id="a-phone" name="phone" maxlength="20" required value="\(value("phone"))"></div>
              <div class="col-md-6"><label class="form-label" for="a-account">一卡通账号</label><input class="form-control" id="a-account" name="account" inputmode="numeric" maxlength="40" required value="\(value("account"))"></div>
              <div class="col-12"><label class="form-label" for="a-reason">申请理由</label><textarea class="form-control" id="a-reason" name="reason" rows="2" maxlength="500" required>\(value("reason"))</textarea></div>
              </div>
              <fieldset class="mt-2"><legend class="fs-6">家庭成员（第一行为户主；空行不计）</legend>\(memberRows)</fieldset>
              <button class="btn btn-primary mt-2">提交申请</button>
              """))
            """
    }

    static func household(
        _ h: ReliefHousehold, program p: ReliefProgram, steps: [ReliefStep], people: [String: String], remainingYuan: Double?,
        names: [String: String], role: Role, county: Bool, village: Bool, today: Day, csrf: String, refusal: AnlanError?
    ) -> HTML {
        let action = "/relief-households/\(h.id.key)/moves"
        let memberRows: [HTML] = h.members.map { m in
            """
            <tr><td data-label="姓名">\(m.name)</td><td data-label="关系">\(m.relation.label)</td><td data-label="性别">\(m.sex.label)</td><td data-label="出生日期">\(m.birthDate.description)</td><td data-label="身份证号码">\(m.idNumber)</td></tr>
            """
        }
        var forms: [HTML] = []
        let dayField: (String) -> HTML = { label in
            "<label class=\"small\" for=\"m-on\">\(label)</label><input class=\"form-control\" id=\"m-on\" name=\"on\" type=\"date\" value=\"\(today.description)\">"
        }
        if role.can(.reportDisasters) && (h.state == .applied || h.state == .returned) {
            forms.append(
                Components.form(
                    action: action, csrf: csrf, testID: "relief-evaluate", classes: "card card-body",
                    content: """
                        <h3 class="h6">村民主评议</h3><input type="hidden" name="action" value="evaluate">\(dayField("评议日期"))
                        <label class="small mt-1" for="m-minutes">评议记录（参加人员、表决情况）</label><textarea class="form-control" id="m-minutes" name="minutes" rows="2" maxlength="1000" required></textarea>
                        <div class="mt-2"><button class="btn btn-sm btn-success" name="passed" value="true">评议通过</button> <button class="btn btn-sm btn-outline-danger" name="passed" value="false">评议未通过</button></div>
                        """))
        }
        if role.can(.reportDisasters) && h.state == .evaluated {
            forms.append(
                Components.form(
                    action: action, csrf: csrf, testID: "relief-publicise", classes: "card card-body",
                    content: """
                        <h3 class="h6">张榜公示（\(p.publicityDays) 天）</h3><input type="hidden" name="action" value="publicise">\(dayField("公示起始日"))
                        <div class="mt-2"><button class="btn btn-sm btn-primary">登记公示</button></div>
                        """))
        }
        if role.can(.reportDisasters) && (h.state == .evaluated || h.state == .publicised) {
            let current: HTML =
                h.publicityPhoto != nil
                ? HTML(
                    "<p class=\"small mb-1\">已上传：<a href=\"/relief-households/\(h.id.key)/photo\" target=\"_blank\">查看公示照片</a>。再次上传将替换。</p>"
                )
                : HTML("<p class=\"small text-danger mb-1\">尚未上传。乡镇审核通过前须有公示照片。</p>")
            forms.append(
                HTML(
                    "<div class=\"card card-body\"><h3 class=\"h6\">公示照片</h3>\(current)\(Components.upload(target: "/api/v1/relief-households/\(h.id.key)/photo", csrf: csrf, accept: "image/jpeg,image/png", testID: "relief-photo"))</div>"
                ))
        }
        if role.can(.reviewDisasterReports) && !village && h.state == .publicised {
            let open = h.publicityTo.map { today <= $0 } ?? true
            forms.append(
                Components.form(
                    action: action, csrf: csrf, testID: "relief-township", classes: "card card-body",
                    content: """
                        <h3 class="h6">乡镇审核\(county ? "（县局代乡镇审核；审核人不能再作县级核定）" : "")</h3><input type="hidden" name="action" value="township">
                        \(open ? HTML("<p class=\"small text-danger\">公示期至 \(h.publicityTo?.description ?? "")，期满后方可审核通过。</p>") : .empty)
                        <label class="small" for="m-note">意见（退回时必填）</label><input class="form-control" id="m-note" name="note" maxlength="500">
                        <div class="mt-2"><button class="btn btn-sm btn-success" name="decision" value="approve">审核通过</button> <button class="btn btn-sm btn-outline-danger" name="decision" value="return">退回村</button></div>
                        """))
        }
        if role.can(.decideRelief) && county && h.state == .townshipApproved {
            forms.append(
                Components.form(
                    action: action, csrf: csrf, testID: "relief-decide", classes: "card card-body",
                    content: """
                        <h3 class="h6">县级核定</h3><input type="hidden" name="action" value="decide">
                        \(remainingYuan.map { HTML("<p class=\"small mb-1\">项目预算余 \(yuan($0)) 元。</p>") } ?? .empty)
                        <label class="small" for="m-amount">救助金额（元）</label><input class="form-control" id="m-amount" name="amount" type="number" min="1" step="0.01">
                        <label class="small mt-1" for="m-dnote">意见（不予救助时必填）</label><input class="form-control" id="m-dnote" name="note" maxlength="500">
                        <div class="mt-2"><button class="btn btn-sm btn-success" name="decision" value="grant">核定救助</button> <button class="btn btn-sm btn-outline-danger" name="decision" value="refuse">不予救助</button></div>
                        """))
        }
        if role.can(.decideRelief) && county && h.state == .decided {
            forms.append(
                Components.form(
                    action: action, csrf: csrf, testID: "relief-pay", classes: "card card-body",
                    content: """
                        <h3 class="h6">发放到一卡通（\(h.account)）</h3><input type="hidden" name="action" value="pay">\(dayField("发放日期"))
                        <label class="small mt-1" for="m-ref">发放凭证号</label><input class="form-control" id="m-ref" name="reference" maxlength="60" required>
                        <label class="small mt-1" for="m-dup">重复救助的理由（本季其他项目已发放时必填）</label><input class="form-control" id="m-dup" name="duplicateReason" maxlength="500">
                        <div class="mt-2"><button class="btn btn-sm btn-success">登记发放</button></div>
                        """))
        }
        let township = (try? DivisionCode(h.divisionCode))?.parent?.rawValue ?? ""
        return """
            \(subnav("/relief"))
            <h1 class="h4"><a href="/relief/\(p.id.key)">\(p.name)</a>：\(h.head?.name ?? "") 户 \(stateBadge(h.state))</h1>
            \(refusal.map(Components.refusal) ?? .empty)
            <dl class="row small mb-2" data-testid="relief-household-facts">
              <dt class="col-sm-3">所在地</dt><dd class="col-sm-9">\(names[township] ?? "") \(names[h.divisionCode] ?? h.divisionCode)</dd>
              <dt class="col-sm-3">困难类型和理由</dt><dd class="col-sm-9">\(h.hardship.label)：\(h.reason)</dd>
              <dt class="col-sm-3">联系电话 / 一卡通</dt><dd class="col-sm-9">\(h.phone) / \(h.account)</dd>
              \(h.evaluatedOn.map { HTML("<dt class=\"col-sm-3\">村评议</dt><dd class=\"col-sm-9\">\($0.description)：\(h.evaluationMinutes ?? "")</dd>") } ?? .empty)
              \(h.publicityFrom.map { HTML("<dt class=\"col-sm-3\">公示</dt><dd class=\"col-sm-9\">\($0.description) 至 \(h.publicityTo?.description ?? "")\(h.publicityPhoto != nil ? HTML("，<a href=\"/relief-households/\(h.id.key)/photo\" target=\"_blank\">公示照片</a>") : "，尚无照片")</dd>") } ?? .empty)
              \(h.townshipNote.map { HTML("<dt class=\"col-sm-3\">乡镇意见</dt><dd class=\"col-sm-9\">\($0)</dd>") } ?? .empty)
              \(h.decidedAmount.map { HTML("<dt class=\"col-sm-3\">核定金额</dt><dd class=\"col-sm-9\">\(yuan($0)) 元</dd>") } ?? .empty)
              \(h.decisionNote.map { HTML("<dt class=\"col-sm-3\">县级意见</dt><dd class=\"col-sm-9\">\($0)</dd>") } ?? .empty)
              \(h.paidOn.map { HTML("<dt class=\"col-sm-3\">发放</dt><dd class=\"col-sm-9\">\($0.description)，凭证 \(h.paymentReference ?? "")\(h.duplicateReason.map { "；重复救助理由：\($0)" } ?? "")</dd>") } ?? .empty)
            </dl>
            <h2 class="h5">办理记录</h2>
            \(Components.table(testID: "relief-steps", header: ["时间", "环节", "结果", "办理人", "说明"], rows: steps.map { st in
                HTML("<tr><td data-label=\"时间\">\(Moment.minutes(st.at))</td><td data-label=\"环节\">\(st.label)</td><td data-label=\"结果\">\(st.state.label)</td><td data-label=\"办理人\">\(people[st.username] ?? st.username)</td><td data-label=\"说明\">\(st.note ?? "")</td></tr>")
            }, cards: true))
            <h2 class="h5">家庭成员 \(h.members.count) 人</h2>
            \(Components.table(testID: "relief-members", header: ["姓名", "关系", "性别", "出生日期", "身份证号码"], rows: memberRows, cards: true))
            <div class="row g-2 mt-2">\(forms.map { HTML("<div class=\"col-lg-6\">\($0)</div>") })</div>
            """
    }

    /// The 张榜公布 of payments: township, village, names, household size and amounts, ID numbers masked, the posting
    /// period and where to object; printable on A4.
    static func publication(_ p: ReliefProgram, _ paid: [ReliefHousehold], names: [String: String], from today: Day) -> HTML {
        let rows: [HTML] = paid.enumerated().map { n, h in
            let township = (try? DivisionCode(h.divisionCode))?.parent?.rawValue ?? ""
            return """
                <tr><td>\(n + 1)</td><td>\(names[township] ?? "")</td><td>\(names[h.divisionCode] ?? h.divisionCode)</td><td>\(h.head?.name ?? "")</td>\
                <td>\(ReliefHousehold.masked(h.head?.idNumber ?? ""))</td><td class="text-end">\(h.members.count)</td><td>\(h.hardship.label)</td>\
                <td class="text-end">\(yuan(h.decidedAmount ?? 0))</td><td>\(h.paidOn?.description ?? "")</td></tr>
                """
        }
        let total = paid.reduce(0.0) { $0 + ($1.decidedAmount ?? 0) }
        let people = paid.reduce(0) { $0 + $1.members.count }
        let totalRow: HTML = """
            <tr class="fw-bold"><td colspan="5">合计 \(paid.count) 户</td><td class="text-end">\(people)</td><td></td><td class="text-end">\(yuan(total))</td><td></td></tr>
            """
        let until = today.adding(days: p.publicityDays - 1)
        return """
            <div class="d-print-none mb-2">\(subnav("/relief"))
              <form class="row g-2 align-items-end" method="get" action="/relief/\(p.id.key)/publication">
                <div class="col-auto"><label class="form-label small" for="pub-from">公示起始日（张贴之日）</label><input class="form-control form-control-sm" id="pub-from" name="from" type="date" value="\(today.description)"></div>
                <div class="col-auto"><button class="btn btn-sm btn-outline-primary">更新</button> <button class="btn btn-sm btn-outline-secondary" type="button" data-print>打印</button> <a class="btn btn-sm btn-link" href="/relief/\(p.id.key)">返回项目</a></div>
              </form>
            </div>
            <h1 class="h4 text-center">\(p.name)发放公示</h1>
            \(paid.isEmpty ? HTML("<p class=\"text-muted\">本项目尚未发放救助资金，暂无可公示的名单。</p>") : HTML("""
            <p class="small">以下 \(paid.count) 户 \(people) 人已经民主评议、张榜公示、乡镇审核和县级核定，救助资金共 \(yuan(total)) 元已发放至“一卡通”账户。现予公示，公示期 \(today.description) 至 \(until.description)。如有异议，请在公示期内向所在乡镇人民政府或县应急管理局书面反映。</p>
            \(Components.table(testID: "relief-publication", header: ["序号", "乡镇（街道）", "村（社区）", "户主", "身份证号码", "人口", "困难类型", "金额（元）", "发放日期"], rows: rows + [totalRow]))
            """))
            <p class="text-end small">县应急管理局　\(today.description)</p>
            """
    }
}
