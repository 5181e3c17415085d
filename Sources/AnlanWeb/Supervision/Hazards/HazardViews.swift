import AnlanCore
import Foundation

/// Renders the hazard pages from their models with the shared components; no queries, no decisions.
enum HazardViews {
    static let tableHeader = [UIText.description, UIText.hazardTarget, UIText.status, UIText.dueDate, UIText.owner, UIText.sector]

    /// Status, major, overdue and escalation badges.
    static func badges(_ state: HazardState, overdue: Bool) -> HTML {
        var parts: [HTML] = [Components.badge(UIText.hazardStatusName(state.status), tone: .neutral)]
        if state.isMajor { parts.append(Components.badge(UIText.majorHazard, tone: .danger)) }
        if overdue { parts.append(Components.badge(UIText.overdue, tone: .warning, testID: "overdue")) }
        if state.supervisingLeader != nil { parts.append(Components.badge(UIText.escalatedHazards, tone: .dark)) }
        return HTML(unsafe: parts.map(\.rendered).joined(separator: " "))
    }

    static func row(_ r: HazardRowModel) -> HTML {
        let due: HTML =
            r.dueIsLate
            ? "\(r.due?.description ?? "—") \(Components.badge(UIText.reinspectionLate, tone: .danger))" : "\(r.due?.description ?? "—")"
        return """
            <tr><td data-label="\(tableHeader[0])"><a href="/hazards/\(r.id)">\(r.description)</a></td><td data-label="\(tableHeader[1])"><a href="\(r.targetPath)">\(r.enterpriseName)</a></td>
            <td data-label="\(tableHeader[2])">\(badges(r.state, overdue: r.overdue))</td><td class="text-nowrap" data-label="\(r.dueLabel)">\(due)</td><td data-label="\(tableHeader[4])">\(r.owner ?? "—")</td><td data-label="\(tableHeader[5])">\(r.sector)</td></tr>
            """
    }

    /// The filters the ledger was opened with (a statistics or home-page link sets several), as removable chips.
    static func chips(_ m: HazardLedgerModel) -> HTML {
        let labels: [(String, String)] = [
            ("q", UIText.search), ("status", UIText.status), ("open", "未销号"), ("overdue", UIText.overdue), ("major", UIText.majorHazard),
            ("escalated", "挂牌督办"), ("sector", UIText.sector), ("divisionCode", UIText.townships), ("owner", UIText.owner),
            ("foundFrom", "发现日期起"), ("foundTo", "发现日期止"), ("closedFrom", "销号日期起"), ("closedTo", "销号日期止"),
            ("reinspectionFromBefore", "复查期限起算早于"), ("enterpriseId", UIText.enterprise), ("campaignId", "专项整治"),
            ("onSites", "对象"), ("siteId", "部位"),
        ]
        let towns = Dictionary(m.townships.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let yesNo: @Sendable (String) -> String = { $0 == "true" ? UIText.yes : $0 == "false" ? UIText.no : $0 }
        return Layout.chips(
            base: "/hazards", query: labels.compactMap { name, _ in m.query[name].map { (name, $0) } },
            labels: Dictionary(uniqueKeysWithValues: labels),
            values: [
                "status": { HazardStatus(rawValue: $0).map(UIText.hazardStatusName) ?? $0 }, "open": yesNo, "overdue": yesNo,
                "major": yesNo,
                "escalated": yesNo, "sector": ReportSector.label, "divisionCode": { towns[$0] ?? $0 }, "enterpriseId": { _ in "指定企业" },
                "campaignId": { _ in "指定专项" }, "onSites": { $0 == "true" ? "防汛、森林防火重点部位" : "企业" }, "siteId": { _ in "指定部位" },
            ])
    }

    static func ledger(_ m: HazardLedgerModel) -> HTML {
        func yesNo(_ name: String, _ label: String) -> Components.Filter {
            .choice(name: name, label: label, options: [("true", UIText.yes), ("false", UIText.no)], selected: m.query[name])
        }
        let filters: [Components.Filter] = [
            .text(name: "q", placeholder: UIText.searchHazards, value: m.query["q"]),
            .choice(
                name: "status", label: UIText.status, options: HazardStatus.allCases.map { ($0.rawValue, UIText.hazardStatusName($0)) },
                selected: m.query["status"]),
            yesNo("overdue", UIText.overdue), yesNo("major", UIText.majorHazard),
            .choice(
                name: "sector", label: UIText.sector,
                options: (ReportSector.rows + Checklist.siteSectors).map { ($0, ReportSector.label($0)) },
                selected: m.query["sector"]),
            .choice(
                name: "divisionCode", label: UIText.townships, options: m.townships.map { ($0.code, $0.name) },
                selected: m.query["divisionCode"]),
            .text(name: "owner", placeholder: UIText.owner, value: m.query["owner"]),
            .hidden(name: "open", value: m.query["open"]), .hidden(name: "escalated", value: m.query["escalated"]),
        ]
        let export: HTML = """
            <div class="col-auto"><a class="btn btn-sm btn-outline-secondary" href="/hazards/export.xlsx?\(m.exportQuery)" data-testid="hazard-export">\(UIText.exportXLSX)</a></div>
            """
        return """
            <h1 class="h4">\(UIText.hazardLedger)</h1>
            \(Components.filterBar(action: "/hazards", testID: "hazard-filters", filters: filters, searchLabel: UIText.search, trailing: export))
            \(chips(m))
            \(Components.table(testID: "hazards", header: tableHeader, rows: m.rows.map(row), cards: true))
            \(m.pager)
            """
    }

    /// The buttons for the moves the model allows, each with the inputs its move reads (`HazardMove.Field`).
    static func actions(_ m: HazardPageModel) -> [HTML] {
        let target = "/hazards/\(m.id)/events"
        func date(_ field: InputField, min: Day?) -> HTML {
            let minimum: HTML = min.map { " min=\"\($0)\"" } ?? .empty
            return """
                <div class="col-auto"><input class="form-control form-control-sm" type="date" name="\(field.name)"\(minimum) required aria-label="\(field.label)"></div>
                """
        }
        func hidden(_ field: InputField, _ value: Bool) -> HTML {
            "<input type=\"hidden\" name=\"\(field.name)\" value=\"\(String(value))\">"
        }
        func text(_ field: InputField, _ label: String) -> HTML {
            """
            <div class="col-md"><input class="form-control form-control-sm" name="\(field.name)" placeholder="\(label)" aria-label="\(label)" \
            maxlength="\(field.maxLength ?? HazardMove.noteLimit)" required minlength="2"></div>
            """
        }
        func button(
            _ kind: HazardEventKind, _ label: String, _ inputs: HTML = .empty, style: String = "btn-outline-primary",
            note: String = UIText.note, noteRequired: Bool = false
        ) -> HTML {
            Components.actionForm(
                action: target, csrf: m.csrf, event: kind.rawValue, label: label, inputs: inputs, noteLabel: note,
                noteLimit: HazardMove.noteLimit, style: style, noteRequired: noteRequired)
        }
        typealias F = HazardMove.Field
        let escalated = m.state.supervisingLeader != nil
        return m.actions.flatMap { kind -> [HTML] in
            switch kind {
            case .order: [button(.order, UIText.actionOrder, date(F.dueDate, min: m.today))]
            case .submit:
                // The enterprise's own act; a bureau user records it from the enterprise's paper, marked as such.
                [
                    "<div class=\"small text-muted mb-1\" data-testid=\"evidence-first\">\(UIText.evidenceFirst)</div>",
                    button(
                        .submit,
                        m.submitsOnBehalf
                            ? (m.siteID == nil ? UIText.actionSubmitOnBehalf : UIText.actionSubmitForKeeper) : UIText.actionSubmit,
                        m.submitsOnBehalf ? hidden(F.onBehalf, true) : .empty, note: UIText.rectificationNote, noteRequired: true),
                ]
            case .requestExtension:
                [
                    button(
                        .requestExtension, UIText.actionRequestExtension(m.extensionWindow),
                        "\(date(F.to, min: m.state.dueDate?.adding(days: 1)))<div class=\"col-auto\"><select class=\"form-select form-select-sm\" name=\"\(F.extensionReason.name)\" required aria-label=\"\(F.extensionReason.label)\">\(ExtensionReason.allCases.map { HTML("<option value=\"\($0.rawValue)\">\($0.title)</option>") })</select></div>",
                        note: UIText.extensionReason, noteRequired: true)
                ]
            case .reinspect:
                // Closing needs what the re-inspection found and, where the enterprise never submitted, why it closes anyway;
                // under 挂牌督办 a passed re-inspection goes to the supervising leader to sign off.
                [
                    button(
                        .reinspect, escalated ? UIText.actionReinspectPassToLeader : UIText.actionReinspectPass,
                        "\(hidden(F.passed, true))\(m.state.status == .ordered ? text(F.reason, m.siteID == nil ? UIText.closeReason : UIText.closeReasonForSite) : .empty)",
                        style: "btn-success",
                        note: UIText.findingsNote, noteRequired: true),
                    button(
                        .reinspect, UIText.actionReinspectFail, "\(hidden(F.passed, false))\(date(F.newDueDate, min: m.today))",
                        style: "btn-outline-danger", note: UIText.findingsNote, noteRequired: true),
                ]
            case .signOff:
                [
                    button(.signOff, UIText.actionSignOff, hidden(F.approved, true), style: "btn-success"),
                    button(
                        .signOff, UIText.actionRefuseSignOff, "\(hidden(F.approved, false))\(date(F.newDueDate, min: m.today))",
                        style: "btn-outline-danger", note: UIText.refuseReason, noteRequired: true),
                ]
            case .decideExtension:
                [
                    button(
                        .decideExtension, UIText.actionGrantExtension(m.state.extensionRequestedTo?.description ?? ""),
                        hidden(F.granted, true)),
                    button(.decideExtension, UIText.actionRefuseExtension, hidden(F.granted, false), style: "btn-outline-secondary"),
                ]
            case .escalate: [button(.escalate, UIText.actionEscalate, style: "btn-outline-dark")]
            }
        }
    }

    static func page(_ m: HazardPageModel) -> HTML {
        let s = m.state
        let due: HTML = "\(s.dueDate?.description ?? "—")\(s.extensionRequestedTo.map { UIText.extensionRequested($0.description) } ?? "")"
        var facts: [(label: String, value: HTML, testID: String?)] = [
            (m.siteID == nil ? UIText.enterprise : "部位", "<a href=\"\(m.targetPath)\">\(m.enterpriseName)</a>", nil)
        ]
        if let check = m.siteCheckID {
            facts.append(("检查记录", "<a href=\"/site-checks/\(check)\" data-testid=\"hazard-site-check\">查看发现该隐患的检查</a>", nil))
        }
        facts += [
            (UIText.location, "\(m.location ?? "—")", nil), (UIText.basis, "\(m.basis ?? "—")", nil),
            (UIText.foundOn, "\(m.foundOn)", nil), (UIText.dueDate, due, "due-date"),
        ]
        if let by = m.reinspectBy {
            facts.append((UIText.reinspectBy, "\(by.description)\(by < m.today ? " " + UIText.reinspectionLate : "")", "reinspect-by"))
        }
        if let by = m.extensionAnswerBy { facts.append((UIText.extensionAnswerBy, "\(by.description)", "extension-answer-by")) }
        facts += [
            (UIText.owner, "\(m.owner ?? "—")", nil),
            (UIText.escalatedHazards, "\(m.supervisingLeaderName ?? s.supervisingLeader ?? "—")", nil),
            (UIText.closedOn, "\(m.closedOn?.description ?? "—")", nil),
        ]
        if let inspection = m.inspectionID {
            facts.append((UIText.inspections, "<a href=\"/inspections/\(inspection)\">\(UIText.inspections)</a>", nil))
        }
        let events: [HTML] = m.events.map { e in
            let mark: HTML = e.onBehalf ? " <span class=\"badge text-bg-secondary\">\(UIText.onBehalfMark)</span>" : .empty
            let reason: HTML =
                e.reason.map { "<div class=\"small text-muted\">\(UIText.closeReasonLabel)：\($0)</div>" }
                ?? e.extensionReason.map { "<div class=\"small text-muted\">\(HazardMove.Field.extensionReason.label)：\($0)</div>" }
                ?? .empty
            return
                "<tr><td class=\"text-nowrap\">\(e.at)</td><td>\(UIText.eventName(e.name))\(mark)</td><td>\(e.note ?? "")\(reason)</td><td class=\"text-nowrap\">\(e.by ?? "")</td></tr>"
        }
        let evidence: [HTML] = m.evidence.map { a in
            "<li><a href=\"/attachments/\(a.id)\">\(a.fileName)</a> <span class=\"text-muted small\">\(a.at) \(a.by ?? "")</span></li>"
        }
        let upload: HTML =
            m.mayUpload
            ? Components.upload(
                target: "/api/v1/hazards/\(m.id)/evidence", csrf: m.csrf, accept: ".jpg,.jpeg,.png,.pdf", testID: "evidence-upload")
            : .empty
        return """
            <h1 class="h4">\(m.description)</h1>
            <div class="mb-2" data-testid="hazard-status">\(badges(s, overdue: s.isOverdue(today: m.today)))</div>
            <div class="row g-3">
              <div class="col-lg-7">
                \(Components.facts(facts))
                <div data-testid="hazard-actions">\(actions(m))</div>
              </div>
              <div class="col-lg-5">
                <div class="card mb-3"><div class="card-header">\(UIText.events)</div><table class="table table-sm mb-0" data-testid="hazard-events"><tbody>\(events)</tbody></table></div>
                <div class="card"><div class="card-header">\(UIText.evidence)</div><div class="card-body"><ul class="mb-0" data-testid="hazard-evidence">\(evidence)</ul>\(upload)</div></div>
              </div>
            </div>
            """
    }

    /// The notice above the record: the refusal with its code, or "saved".
    static func notice(_ m: HazardPageModel) -> HTML {
        if let refusal = m.refusal { return Components.refusal(refusal) }
        return m.saved ? Layout.alert(UIText.saved, kind: "success") : .empty
    }
}
