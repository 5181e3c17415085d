import AnlanCore
import AnlanStore
import Foundation

extension IncidentViews {
    /// The incident's plans started and their tasks, and the form that starts one.
    struct PlanPanel {
        let activations: [PlanActivation]
        let tasks: [IncidentTask]
        /// Published plans with levels that may be started here, and their levels.
        let startable: [(plan: EmergencyPlan, levels: [ResponseLevel])]
        let now: Date

        static let taskHeader = ["牵头", "任务", "时限", "进展"]

        func render(_ i: Incident, role: Role, csrf: String) -> HTML {
            guard !activations.isEmpty else { return .empty }
            let desk = role.can(.keepDuty) && i.state.isOpen
            let blocks: [HTML] = activations.map { a in
                let rows: [HTML] = tasks.filter { $0.activationID == a.id }.map { t in
                    let overdue = t.isOverdue(at: now)
                    let progress: HTML =
                        switch t.state {
                        case .open, .acknowledged:
                            """
                            \(IncidentViews.taskBadge(t.state)) \(overdue ? Components.badge("逾期", tone: .danger) : .empty)\
                            \(desk && t.state == .open ? Components.form(action: "/incidents/\(i.id.key)/tasks/\(t.id.key)/acknowledge", csrf: csrf, classes: "d-inline ms-1", content: "<button class=\"btn btn-sm btn-outline-secondary\">接收</button>") : .empty)\
                            \(desk ? Components.form(action: "/incidents/\(i.id.key)/tasks/\(t.id.key)/complete", csrf: csrf, classes: "d-flex gap-1 mt-1", content: "<input class=\"form-control form-control-sm\" name=\"note\" maxlength=\"2000\" required placeholder=\"完成情况（必填）\"><button class=\"btn btn-sm btn-outline-success text-nowrap\">完成</button>") : .empty)
                            """
                        case .done:
                            """
                            \(IncidentViews.taskBadge(t.state)) \((t.doneAt ?? t.due) > t.due ? Components.badge("逾期完成", tone: .danger) : .empty) \
                            \(t.doneAt.map(Moment.minutes) ?? "")\(t.note.map { "：\($0)" } ?? "")
                            """
                        case .cancelled: "\(IncidentViews.taskBadge(t.state))\(t.note.map { "（\($0)）" } ?? "")"
                        }
                    return """
                        <tr><td data-label="\(Self.taskHeader[0])">\(t.who)</td><td data-label="\(Self.taskHeader[1])">\(t.what)</td>\
                        <td data-label="\(Self.taskHeader[2])">\(Moment.minutes(t.due))</td><td data-label="\(Self.taskHeader[3])">\(progress)</td></tr>
                        """
                }
                let controls: HTML =
                    desk && a.isActive
                    ? """
                    <details class="mb-2"><summary class="small">调整响应级别或终止响应</summary>\
                    \(Components.form(action: "/incidents/\(i.id.key)/activations/\(a.id.key)/level", csrf: csrf, classes: "d-flex gap-1 flex-wrap mt-1", content: """
                        <select class="form-select form-select-sm w-auto" name="level" aria-label="新的响应级别">\(levelOptions(for: a.planID, selected: a.level))</select>\
                        <input class="form-control form-control-sm w-auto flex-grow-1" name="reason" maxlength="500" required placeholder="调整理由">\
                        <button class="btn btn-sm btn-outline-primary">调整级别</button>
                        """))\
                    \(Components.form(action: "/incidents/\(i.id.key)/activations/\(a.id.key)/stand-down", csrf: csrf, classes: "d-flex gap-1 mt-1", confirm: "终止《\(a.planTitle)》响应？未完成的任务将撤销。", content: """
                        <input class="form-control form-control-sm" name="reason" maxlength="500" required placeholder="终止理由"><button class="btn btn-sm btn-outline-danger text-nowrap">终止响应</button>
                        """))</details>
                    """ : .empty
                let state: HTML =
                    a.isActive
                    ? Components.badge("响应中", tone: .dark)
                    : Components.badge("已终止 \(a.endedAt.map(Moment.minutes) ?? "")", tone: .neutral)
                return """
                    <div class="border rounded p-2 mb-2 bg-white" data-testid="activation"><div><strong>《\(a.planTitle)》\(a.level.label)</strong> \(state) \
                    <span class="small text-muted">启动于 \(Moment.minutes(a.activatedAt))</span></div>\(controls)\
                    \(Components.table(testID: "tasks", header: Self.taskHeader, rows: rows, cards: true))</div>
                    """
            }
            let open = tasks.filter { $0.state.isOpen }.count
            return """
                <h2 class="h5 mt-3" id="plans">预案启动与任务 <span class="small text-muted" data-testid="tasks-open">未完成 \(open) 项</span></h2>
                \(blocks)
                """
        }

        func levelOptions(for planID: UUID, selected: ResponseLevel?) -> [HTML] {
            (startable.first { $0.plan.id == planID }?.levels ?? ResponseLevel.allCases).map {
                "<option value=\"\($0.rawValue)\"\(HTML(unsafe: $0 == selected ? " selected" : ""))>\($0.label)</option>"
            }
        }

        /// The form that starts a plan: offered to the desk on a verified or responding incident.
        func startForm(_ i: Incident, role: Role, csrf: String) -> HTML {
            guard role.can(.keepDuty), i.state == .verified || i.state == .responding else { return .empty }
            guard !startable.isEmpty else {
                return "<p class=\"small text-muted\">没有已发布并设有响应级别的预案可启动。</p>"
            }
            let running = Set(activations.filter(\.isActive).map(\.planID))
            let plans: [HTML] = startable.filter { !running.contains($0.plan.id) }.map { p in
                "<option value=\"\(p.plan.id.key)\" data-levels=\"\(p.levels.map { String($0.rawValue) }.joined(separator: ","))\">\(p.plan.title)（设有 \(p.levels.map(\.label).joined(separator: "、"))）</option>"
            }
            guard !plans.isEmpty else { return .empty }
            let suggested = i.level.map { ResponseLevel.allCases[IncidentLevel.allCases.firstIndex(of: $0)!] } ?? .four
            let levels: [HTML] = ResponseLevel.allCases.map {
                "<option value=\"\($0.rawValue)\"\(HTML(unsafe: $0 == suggested ? " selected" : ""))>\($0.label)</option>"
            }
            return Components.form(
                action: "/incidents/\(i.id.key)/activations", csrf: csrf, testID: "activate", classes: "card card-body mb-2",
                content: """
                    <h3 class="h6">启动预案</h3>
                    <label class="small" for="a-plan">预案</label><select class="form-select" id="a-plan" name="planId">\(plans)</select>
                    <label class="small mt-1" for="a-level">响应级别</label><select class="form-select" id="a-level" name="level">\(levels)</select>
                    <div class="mt-2"><button class="btn btn-sm btn-danger">启动预案，下达任务</button></div>
                    """)
        }
    }

    static func taskBadge(_ s: IncidentTaskState) -> HTML {
        let tone: Components.Tone =
            switch s {
            case .open: .warning
            case .acknowledged: .dark
            case .done: .success
            case .cancelled: .neutral
            }
        return Components.badge(s.label, tone: tone)
    }
}
