import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

/// The annual inspection plan: parameters, the capacity working, the months, and progress against it.
extension SupervisionPages {
    static let monthNames = (1...12).map { "\($0)月" }

    /// The classes in one line for the Word plan: "重点（红、橙风险）12 家 × 1 次；一般 560 家（双随机）".
    static func classSummary(_ plan: InspectionPlan) -> String {
        (plan.classCounts.map {
            "\($0.name) \($0.enterprises) 家 × \($0.inspectionsPerYear) 次" + ($0.maxPerYear.map { "（上限 \($0) 次）" } ?? "")
        }
            + ["\(UIText.planGeneral) \(plan.generalEnterprises) 家（\(UIText.planByDraw)）"]).joined(separator: "；")
    }

    static let riskTokens: [(String, RiskLevel)] = [("红", .major), ("橙", .high), ("黄", .moderate), ("蓝", .low)]
    static let gradeTokens: [(String, String)] = [("一级", "level1"), ("二级", "level2"), ("三级", "level3"), ("未定级", "none")]

    /// The classification table as the page edits it, a class a line: 名称|风险等级|行业|标准化等级|每年检查次数|每年上限.
    static func classLines(_ classes: [EnterpriseClass]) -> String {
        classes.map { c in
            [
                c.name, c.riskLevels.compactMap { r in riskTokens.first { $0.1 == r }?.0 }.joined(separator: "、"),
                c.sectors.joined(separator: "、"),
                c.grades.compactMap { g in gradeTokens.first { $0.1 == g }?.0 }.joined(separator: "、"), String(c.inspectionsPerYear),
                c.maxPerYear.map(String.init) ?? "",
            ].joined(separator: "|")
        }.joined(separator: "\n")
    }

    static func parseClasses(_ text: String) throws -> [EnterpriseClass] {
        try text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.enumerated().map
        { index, line in
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            func list(_ text: String) -> [String] {
                text.split(whereSeparator: { "、,，".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            func invalid() -> AnlanError {
                AnlanError.invalid("plan.class_line_invalid", UIText.planClassLineInvalid(index + 1), field: "classes")
            }
            guard parts.count == 6, let perYear = Int(parts[4]) else { throw invalid() }
            var levels: [RiskLevel] = []
            for token in list(parts[1]) {
                guard let level = riskTokens.first(where: { $0.0 == token })?.1 else { throw invalid() }
                levels.append(level)
            }
            var grades: [String] = []
            for token in list(parts[3]) {
                guard let grade = gradeTokens.first(where: { $0.0 == token })?.1 else { throw invalid() }
                grades.append(grade)
            }
            var cap: Int? = nil
            if !parts[5].isEmpty {
                guard let v = Int(parts[5]) else { throw invalid() }
                cap = v
            }
            return EnterpriseClass(
                name: parts[0], riskLevels: levels, sectors: list(parts[2]), grades: grades, inspectionsPerYear: perYear, maxPerYear: cap)
        }
    }

    func registerPlans(_ router: PageRoutes) {
        router.get("/inspection-plans", .permission(.readBusinessData)) { request, context in
            let q = try Query(request)
            let year = try q.int("year") ?? Int(today.prefix(4)) ?? 2026
            return try await planPage(year: year, context: context, notice: .empty).response()
        }

        router.post("/inspection-plans", .permission(.configureCatalogs)) { request, context in
            let form = try await FormData.read(request, context: context)
            let year = Int(form["year"]) ?? 0
            do {
                func int(_ name: String, _ label: String) throws -> Int {
                    guard let v = Int(form[name].trimmingCharacters(in: .whitespaces)) else {
                        throw AnlanError.invalid("plan.number_invalid", label + UIText.planMustBeInteger, field: name)
                    }
                    return v
                }
                guard let perInspection = Double(form["daysPerInspection"]) else {
                    throw AnlanError.invalid(
                        "plan.days_per_inspection_invalid", UIText.planDaysPerInspectionInvalid, field: "daysPerInspection")
                }
                guard let ratio = Double(form["drawRatioPerQuarter"]) else {
                    throw AnlanError.invalid("plan.ratio_invalid", UIText.planRatioInvalid, field: "drawRatioPerQuarter")
                }
                var weights: [Double] = []
                for month in 1...12 {
                    guard let w = Double(form["weight-\(month)"].trimmingCharacters(in: .whitespaces)) else {
                        throw AnlanError.invalid("plan.weights_invalid", UIText.planWeightsInvalid, field: "monthWeights")
                    }
                    weights.append(w)
                }
                let classes = try Self.parseClasses(form["classes"])
                let parameters = InspectionPlanParameters(
                    year: year, inspectors: try int("inspectors", UIText.planInspectors),
                    otherEnforcementDays: try int("otherEnforcementDays", UIText.planOtherDays),
                    nonEnforcementDays: try int("nonEnforcementDays", UIText.planNonEnforcementDays),
                    inspectorsPerInspection: try int("inspectorsPerInspection", UIText.planInspectorsPerInspection),
                    daysPerInspection: perInspection,
                    classes: classes, drawRatioPerQuarter: ratio, monthWeights: weights)
                _ = try await store.plans.generate(parameters, by: context.caller)
                return Response.redirect(to: "/inspection-plans?year=\(year)", type: .found)
            } catch let error as AnlanError where error.kind == .unprocessable {
                return try await planPage(year: year, context: context, notice: Components.refusal(error)).response(
                    status: Failure(error).status)
            }
        }

        router.get("/inspection-plans/{year}/export.xlsx", .permission(.readBusinessData)) { _, context in
            guard let year = Int(try context.pathParameter("year")), let plan = try await store.plans.plan(year: year, by: context.caller)
            else {
                throw AnlanError.notFound("plan.not_found", UIText.planNone)
            }
            let writer = try XLSXWriter(header: [
                UIText.month, UIText.legalWorkingDays, UIText.planWeight, UIText.planKeyCount, UIText.planDrawCount, UIText.planTotal,
            ])
            for m in plan.months {
                try writer.append([
                    Self.monthNames[m.month - 1], String(m.workingDays), String(m.weight), String(m.keyInspections),
                    String(m.drawInspections), String(m.total),
                ])
            }
            try writer.append([
                UIText.total, String(plan.legalWorkingDays), "", String(plan.keyEnterprises), String(plan.drawInspections),
                String(plan.required),
            ])
            let names = try await store.enterprises.names(of: plan.assignments.map(\.enterpriseID))
            try writer.append([])
            try writer.append([UIText.planKeyEnterprise, UIText.planMonth])
            for a in plan.assignments { try writer.append([names[a.enterpriseID.key] ?? "", Self.monthNames[a.month - 1]]) }
            return try Download.xlsx(writer, fileName: "\(year)" + UIText.annualPlan + ".xlsx")
        }

        router.get("/inspection-plans/{year}/export.docx", .permission(.readBusinessData)) { _, context in
            guard let year = Int(try context.pathParameter("year")), let plan = try await store.plans.plan(year: year, by: context.caller)
            else {
                throw AnlanError.notFound("plan.not_found", UIText.planNone)
            }
            let p = plan.parameters
            let fields: [(String, String)] = [
                (UIText.planBasisLabel, UIText.planBasis),
                (
                    UIText.planSupervisionDays,
                    "法定工作日 \(plan.legalWorkingDays) 天 × 执法人员 \(p.inspectors) 人 − 其他执法工作日 \(p.otherEnforcementDays) − 非执法工作日 \(p.nonEnforcementDays) = \(plan.supervisionDays) 个工作日"
                ),
                (UIText.planCapacity, "每次检查 \(p.inspectorsPerInspection) 人、每人 \(p.daysPerInspection) 个工作日，全年可检查 \(plan.capacity) 家次"),
                (UIText.planKey, "\(plan.keyEnterprises) 家，全年 \(plan.keyInspections) 家次（\(Self.classSummary(plan))）"),
                (
                    UIText.planDraws,
                    "一般企业 \(plan.generalEnterprises) 家，每季度抽取 \(Int(p.drawRatioPerQuarter * 100))%，全年 \(plan.drawInspections) 家次"
                ),
                (UIText.planTotal, "\(plan.required) 家次（\(plan.withinCapacity ? UIText.planWithin : UIText.planBeyond)）"),
            ]
            let summary = fields.map { [DocumentCell.label($0.0), DocumentCell($0.1, span: 3)] }
            let months =
                [[UIText.month, UIText.legalWorkingDays, UIText.planKeyCount, UIText.planDrawCount].map { DocumentCell.label($0) }]
                + plan.months.map { m in
                    [Self.monthNames[m.month - 1], "\(m.workingDays)", "\(m.keyInspections)", "\(m.drawInspections)"].map {
                        DocumentCell($0)
                    }
                }
            let authority = try await store.catalogs.authority()
            let layout = DocumentLayout(
                authority: authority, title: "\(year)" + UIText.planDocumentTitle, number: "",
                blocks: [
                    .table(summary), .table(months),
                    .seal(authority: authority + UIText.sealMark, date: DocumentContent.chineseDate(today)),
                ])
            let data = try DOCXDocument(layout: layout).data()
            return Download.response(
                fileName: "\(year)" + UIText.annualPlan + ".docx", contentType: FileType.docx.contentType,
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    func planPage(year: Int, context: UserContext, notice: HTML) async throws -> HTML {
        let plan = try await store.plans.plan(year: year, by: context.caller)
        let county = try await store.divisions.home(of: context.caller).rawValue
        let certified = try await store.accounts.certifiedInspectors(county: county).count
        let p = plan?.parameters ?? InspectionPlanParameters(year: year, inspectors: max(1, certified))
        let canEdit = context.caller.role?.can(.configureCatalogs) == true
        let sectors = try await store.enterprises.sectors()
        func number(_ name: String, _ label: String, _ value: String) -> HTML {
            "<div class=\"col-md-2\"><label class=\"form-label small\" for=\"\(name)\">\(label)</label><input class=\"form-control form-control-sm\" id=\"\(name)\" name=\"\(name)\" value=\"\(value)\"></div>"
        }
        let weights: [HTML] = (1...12).map { m in
            "<div class=\"col-3 col-md-1\"><label class=\"form-label small\" for=\"weight-\(m)\">\(Self.monthNames[m - 1])</label><input class=\"form-control form-control-sm\" id=\"weight-\(m)\" name=\"weight-\(m)\" value=\"\(String(p.monthWeights[m - 1]))\"></div>"
        }
        let form: HTML =
            canEdit
            ? """
            <form method="post" action="/inspection-plans" class="row g-2 mb-3 bg-white p-2 rounded" data-testid="plan-form">
              <input type="hidden" name="_csrf" value="\(context.csrfToken ?? "")"><input type="hidden" name="year" value="\(String(year))">
              \(number("inspectors", UIText.planInspectors, String(p.inspectors)))\(number("otherEnforcementDays", UIText.planOtherDays, String(p.otherEnforcementDays)))
              \(number("nonEnforcementDays", UIText.planNonEnforcementDays, String(p.nonEnforcementDays)))\(number("inspectorsPerInspection", UIText.planInspectorsPerInspection, String(p.inspectorsPerInspection)))
              \(number("daysPerInspection", UIText.planDaysPerInspection, String(p.daysPerInspection)))\(number("drawRatioPerQuarter", UIText.planRatio, String(p.drawRatioPerQuarter)))
              <div class="col-12"><label class="form-label small mb-0" for="classes">\(UIText.planClasses)</label>
                <textarea class="form-control form-control-sm font-monospace" id="classes" name="classes" rows="\(String(max(3, p.classes.count + 1)))" data-testid="plan-classes">\(Self.classLines(p.classes))</textarea>
                <div class="form-text">\(UIText.planClassesHint) \(UIText.sectors)：\(sectors.joined(separator: "、"))</div></div>
              <fieldset class="col-12"><legend class="form-label small mb-0">\(UIText.planWeights)</legend><div class="row g-1" data-testid="plan-weights">\(weights)</div></fieldset>
              <div class="col-12"><button class="btn btn-sm btn-primary">\(UIText.planGenerate(year))</button></div>
            </form>
            """ : .empty
        var content: HTML = "<p class=\"text-muted\">\(UIText.planNone)</p>"
        if let plan {
            let progress = try await store.plans.progress(year: year, by: context.caller)
            let rows: [HTML] = plan.months.map { m in
                let done = progress.plan[m.month - 1] + progress.draw[m.month - 1]
                return
                    "<tr><td>\(Self.monthNames[m.month - 1])</td><td>\(m.workingDays)</td><td>\(String(m.weight))</td><td>\(m.keyInspections)</td><td>\(m.drawInspections)</td><td>\(m.total)</td><td><a href=\"/inspections?from=\(String(year))-\(String(format: "%02d", m.month))-01&to=\(Timestamp.lastDay(ofMonth: String(format: "%04d-%02d", year, m.month)))\">\(done)</a></td></tr>"
            }
            content = """
                <div class="alert alert-\(plan.withinCapacity ? "success" : "warning")" data-testid="plan-capacity">
                  \(UIText.planSupervisionDays) = \(UIText.legalWorkingDays) \(plan.legalWorkingDays) × \(UIText.planInspectors) \(plan.parameters.inspectors) − \(UIText.planOtherDays) \(plan.parameters.otherEnforcementDays) − \(UIText.planNonEnforcementDays) \(plan.parameters.nonEnforcementDays) = <strong>\(plan.supervisionDays)</strong>；
                  \(UIText.planCapacity) <strong>\(plan.capacity)</strong>；\(UIText.planTotal) <strong>\(plan.required)</strong>（\(UIText.planKey) \(plan.keyEnterprises)，\(UIText.planKeyCount) \(plan.keyInspections)；\(UIText.planDraws) \(plan.drawInspections)）。\(plan.withinCapacity ? UIText.planWithin : UIText.planBeyond)
                </div>
                <table class="table table-sm table-bordered bg-white" data-testid="plan-class-counts"><thead><tr><th>\(UIText.planClass)</th><th>\(UIText.planClassEnterprises)</th><th>\(UIText.planPerYear)</th><th>\(UIText.planCap)</th></tr></thead><tbody>
                  \(plan.classCounts.map { c in HTML("<tr><td>\(c.name)</td><td>\(c.enterprises)</td><td>\(c.inspectionsPerYear == 0 ? UIText.planByDraw : String(c.inspectionsPerYear))</td><td>\(c.maxPerYear.map(String.init) ?? "—")</td></tr>") })
                  <tr><td>\(UIText.planGeneral)</td><td>\(plan.generalEnterprises)</td><td>\(UIText.planByDraw)</td><td>—</td></tr></tbody></table>
                <a class="btn btn-sm btn-outline-secondary mb-2" href="/inspection-plans/\(String(year))/export.xlsx" data-testid="plan-xlsx">\(UIText.exportXLSX)</a>
                <a class="btn btn-sm btn-outline-secondary mb-2" href="/inspection-plans/\(String(year))/export.docx" data-testid="plan-docx">\(UIText.downloadWord)</a>
                <table class="table table-sm table-bordered bg-white" data-testid="plan-months"><thead><tr><th>\(UIText.month)</th><th>\(UIText.legalWorkingDays)</th><th>\(UIText.planWeight)</th><th>\(UIText.planKeyCount)</th><th>\(UIText.planDrawCount)</th><th>\(UIText.planTotal)</th><th>\(UIText.planDone)</th></tr></thead><tbody>\(rows)</tbody></table>
                """
        }
        let body: HTML = """
            <div class="d-flex align-items-center mb-3"><h1 class="h4 mb-0">\(String(year)) \(UIText.annualPlan)</h1>
              <a class="ms-auto btn btn-sm btn-link" href="/inspection-plans?year=\(String(year - 1))">\(String(year - 1))</a><a class="btn btn-sm btn-link" href="/inspection-plans?year=\(String(year + 1))">\(String(year + 1))</a></div>
            \(try await store.catalogs.calendarDays().contains { $0.date.hasPrefix("\(year)-") } ? .empty : Layout.alert(UIText.calendarYearMissing(year), kind: "warning"))
            \(form)\(content)
            """
        return Layout.page(title: UIText.annualPlan, context: context, active: "/supervision", notice: notice, body: body)
    }
}

/// The working-day calendar, year by year, kept by the bureau's staff.
extension SupervisionPages {
    func registerCalendar(_ router: PageRoutes) {
        router.get("/work-calendar", .permission(.readBusinessData)) { request, context in
            let year = try Query(request).int("year") ?? Int(today.prefix(4)) ?? 2026
            return try await calendarPage(year: year, text: nil, context: context, notice: .empty).response()
        }
        router.post("/work-calendar", .permission(.configureCatalogs)) { request, context in
            let form = try await FormData.read(request, context: context)
            let year = Int(form["year"]) ?? 0
            do {
                var days: [WorkCalendar.Entry] = []
                for (index, line) in form["days"].split(whereSeparator: \.isNewline).enumerated() {
                    let parts = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                    guard parts.count >= 3, parts[1] == "休" || parts[1] == "班" else {
                        throw AnlanError.invalid("calendar.line_invalid", UIText.calendarLineInvalid(index + 1), field: "days")
                    }
                    days.append(
                        .init(date: parts[0], kind: parts[1] == "休" ? .holiday : .workday, name: parts[2...].joined(separator: " ")))
                }
                try await store.catalogs.setCalendar(year: year, days: days, by: context.caller)
                return try await calendarPage(year: year, text: nil, context: context, notice: Layout.alert(UIText.saved, kind: "success"))
                    .response()
            } catch let error as AnlanError where error.kind == .unprocessable {
                return try await calendarPage(year: year, text: form["days"], context: context, notice: Components.refusal(error))
                    .response(status: Failure(error).status)
            }
        }
    }

    func calendarPage(year: Int, text: String?, context: UserContext, notice: HTML) async throws -> HTML {
        let days = try await store.catalogs.calendarDays().filter { $0.date.hasPrefix("\(year)-") }
        let current = days.map { "\($0.date) \($0.kind == .holiday ? "休" : "班") \($0.name)" }.joined(separator: "\n")
        let calendar = try await store.catalogs.calendar()
        let working = calendar.workingDays(from: "\(year)-01-01", through: "\(year)-12-31").count
        let editable = context.caller.role?.can(.configureCatalogs) == true
        let body: HTML = """
            \(days.isEmpty ? Layout.alert(UIText.calendarYearMissing(year), kind: "warning") : .empty)
            <div class="d-flex align-items-center mb-2"><h1 class="h4 mb-0">\(UIText.workCalendar) \(String(year))</h1>
              <a class="ms-auto btn btn-sm btn-link" href="/work-calendar?year=\(String(year - 1))">\(String(year - 1))</a><a class="btn btn-sm btn-link" href="/work-calendar?year=\(String(year + 1))">\(String(year + 1))</a></div>
            <p>\(UIText.legalWorkingDays)：<strong data-testid="working-days">\(working)</strong>。\(UIText.calendarHint)</p>
            <form method="post" action="/work-calendar" style="max-width: 36rem" data-testid="calendar-form">
              <input type="hidden" name="_csrf" value="\(context.csrfToken ?? "")"><input type="hidden" name="year" value="\(String(year))">
              <textarea class="form-control mb-2" name="days" rows="24" aria-label="\(UIText.workCalendar)"\(HTML(unsafe: editable ? "" : " readonly"))>\(text ?? current)</textarea>
              \(editable ? HTML("<button class=\"btn btn-primary\">\(UIText.save)</button>") : .empty)
            </form>
            """
        return Layout.page(title: UIText.workCalendar, context: context, active: "/supervision", notice: notice, body: body)
    }
}
