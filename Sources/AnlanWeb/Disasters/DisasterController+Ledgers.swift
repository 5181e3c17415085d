import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

extension DisasterController {
    @Sendable func entriesPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try eventID(context)
        let q = try Query(request)
        let event = try await disasters.get(id, by: context.caller)
        let page = try await disasters.entries(of: id, try Self.entryFilter(q), page: try q.page(), by: context.caller)
        let names = try await allNames(event, context: context)
        let people = try await store.accounts.displayNames(of: page.items.flatMap { [$0.enteredBy] + ($0.reviewedBy.map { [$0] } ?? []) })
        let body = DisasterViews.entries(
            event, page.items, total: page.total, names: names, people: people, query: q.values,
            mayReview: context.user.role.can(.reviewDisasterReports) && context.caller.jurisdiction.root?.level != .village,
            csrf: context.csrfToken ?? "",
            pager: Layout.pager(page, base: "/disasters/\(id.key)/entries", query: q.values(except: ["page"])))
        return Layout.page(title: "灾情填报记录", context: context, active: "/disasters", body: body).response()
    }

    @Sendable func entryFormPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try eventID(context)
        var values: [String: [String]] = [:]
        for (k, v) in try Query(request).values { values[k] = [v] }
        return try await entryForm(id, values: values, refusal: nil, context: context).response()
    }

    /// The divisions the caller may enter figures for: the affected townships (and their villages) within their jurisdiction.
    func enterable(_ event: DisasterEvent, context: UserContext) async throws -> [(String, String)] {
        try await store.divisions.names(within: context.caller.jurisdiction).filter { d in
            d.code.level != .county && event.township(of: d.code) != nil
        }.map { ($0.code.rawValue, $0.name) }
    }

    func entryForm(_ id: UUID, values: [String: [String]], refusal: AnlanError?, context: UserContext) async throws -> HTML {
        let d = try await disasters.detail(id, by: context.caller)
        let places = try await enterable(d.event, context: context)
        var values = values
        let chosen = values["divisionCode"]?.first ?? places.first?.0 ?? ""
        let previous = d.divisions.first { $0.divisionCode == chosen }
        // A new form starts from the division's latest figures (accepted, waiting or returned): totals are cumulative.
        if values["id"] == nil, let code = try? DivisionCode(chosen),
            let latest = try await disasters.entries(
                of: id, .init(divisionCode: code), page: try PageRequest(pageSize: 5), by: context.caller
            ).items.first(where: { $0.divisionCode == chosen && $0.status != .superseded })
        {
            for i in DisasterIndicator.allCases { values[i.rawValue] = [latest.figures.text(i)] }
        }
        if values["id"] == nil { values["id"] = [store.environment.newID().key] }
        let body = DisasterViews.entryForm(
            d.event, values: values, places: places, chosen: chosen, previous: previous?.figures, csrf: context.csrfToken ?? "",
            refusal: refusal)
        return Layout.page(title: "填报灾情", context: context, active: "/disasters", body: body)
    }

    @Sendable func enterFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try eventID(context)
        let form = try await FormData.read(request, context: context)
        do {
            let result = try await enter(id, form, context: context)
            return Response.redirect(
                to: "/disasters/\(id.key)/entries?saved=\(result.entry.status.rawValue)&divisionCode=\(result.entry.divisionCode)",
                type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await entryForm(id, values: form.allValues, refusal: error, context: context).response(status: Failure(error).status)
        }
    }

    @Sendable func reviewFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: DisasterErrors.entryNotFound)
        let form = try await FormData.read(request, context: context)
        let entry = try await disasters.entry(id, by: context.caller)
        // Back to the list the reviewer came from: the entries still waiting in the entry's township.
        let township = (try? DivisionCode(entry.divisionCode)).flatMap { $0.level == .village ? $0.parent : $0 }?.rawValue ?? ""
        let back = "/disasters/\(entry.eventID.key)/entries?status=submitted&divisionCode=\(township)"
        do {
            _ = try await review(id, form, context: context)
            return Response.redirect(to: back + "&reviewed=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return Response.redirect(to: back + "&refused=\(error.code)", type: .found)
        }
    }

    @Sendable func casualtiesPage(_ request: Request, context: UserContext) async throws -> Response {
        try await ledgerPage(try eventID(context), request: request, values: [:], refusal: nil, kind: .casualties, context: context)
            .response()
    }

    @Sendable func housesPage(_ request: Request, context: UserContext) async throws -> Response {
        try await ledgerPage(try eventID(context), request: request, values: [:], refusal: nil, kind: .houses, context: context).response()
    }

    enum Ledger { case casualties, houses }

    func ledgerPage(
        _ id: UUID, request: Request, values: [String: [String]], refusal: AnlanError?, kind: Ledger, context: UserContext
    ) async throws -> HTML {
        let q = try Query(request)
        let event = try await disasters.get(id, by: context.caller)
        let names = try await allNames(event, context: context)
        let places = try await enterable(event, context: context)
        let mayAdd = context.user.role.can(.reportDisasters) && event.state != .closed
        let notice: HTML = q.values["saved"] != nil ? Layout.alert(UIText.saved, kind: "success") : .empty
        let body: HTML
        switch kind {
        case .casualties:
            let page = try await disasters.casualties(of: id, page: try q.page(), by: context.caller)
            body = DisasterViews.casualties(
                event, page.items, total: page.total, names: names, places: places, values: values, mayAdd: mayAdd, today: today,
                csrf: context.csrfToken ?? "", refusal: refusal,
                pager: Layout.pager(page, base: "/disasters/\(id.key)/casualties", query: q.values(except: ["page"])))
        case .houses:
            let page = try await disasters.houses(of: id, page: try q.page(), by: context.caller)
            body = DisasterViews.houses(
                event, page.items, total: page.total, names: names, places: places, values: values, mayAdd: mayAdd,
                csrf: context.csrfToken ?? "", refusal: refusal,
                pager: Layout.pager(page, base: "/disasters/\(id.key)/houses", query: q.values(except: ["page"])))
        }
        return Layout.page(
            title: kind == .casualties ? "因灾死亡失踪人口台账" : "因灾倒塌损坏住房户台账", context: context, active: "/disasters", notice: notice,
            body: body)
    }

    @Sendable func addCasualtyFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try eventID(context)
        let form = try await FormData.read(request, context: context)
        do {
            _ = try await addCasualty(id, form, context: context)
            return Response.redirect(to: "/disasters/\(id.key)/casualties?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await ledgerPage(id, request: request, values: form.allValues, refusal: error, kind: .casualties, context: context)
                .response(status: Failure(error).status)
        }
    }

    @Sendable func setCasualtyFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: AnlanError.notFound("disaster.casualty_not_found", "台账记录不存在或不在您的辖区内。"))
        let form = try await FormData.read(request, context: context)
        guard let event = UUID(key: form["eventId"]) else { throw AnlanError.invalid("disaster.event_id_invalid", "缺少灾害过程。") }
        try await setCasualty(id, form, context: context)
        return Response.redirect(to: "/disasters/\(event.key)/casualties?saved=1", type: .found)
    }

    @Sendable func addHouseFromPage(_ request: Request, context: UserContext) async throws -> Response {
        let id = try eventID(context)
        let form = try await FormData.read(request, context: context)
        do {
            _ = try await addHouse(id, form, context: context)
            return Response.redirect(to: "/disasters/\(id.key)/houses?saved=1", type: .found)
        } catch let error as AnlanError where error.kind != .forbidden {
            return try await ledgerPage(id, request: request, values: form.allValues, refusal: error, kind: .houses, context: context)
                .response(status: Failure(error).status)
        }
    }

    @Sendable func casualtiesXLSX(_ request: Request, context: UserContext) async throws -> Response {
        let id = try eventID(context)
        let event = try await disasters.get(id, by: context.caller)
        let names = try await allNames(event, context: context)
        let writer = try XLSXWriter(
            header: ["序号", "乡镇（街道）", "村（社区）", "姓名", "性别", "出生日期", "身份证号码", "死亡或失踪", "日期", "地点", "原因"],
            title: "\(event.number) \(event.name) 因灾死亡失踪人口台账", sheetName: "因灾死亡失踪人口台账")
        for (n, c) in try await Page.all({ try await disasters.casualties(of: id, page: $0, by: context.caller) }).enumerated() {
            let code = try DivisionCode(c.divisionCode)
            try writer.append([
                String(n + 1), names[event.township(of: code) ?? ""] ?? "",
                code.level == .village ? names[c.divisionCode] ?? c.divisionCode : "",
                c.name, c.sex.label, c.birthDate.description, c.idNumber, c.status.label, c.occurredOn.description, c.place ?? "", c.cause,
            ])
        }
        return try Download.xlsx(writer, fileName: "disaster-\(event.number)-casualties.xlsx")
    }

    @Sendable func housesXLSX(_ request: Request, context: UserContext) async throws -> Response {
        let id = try eventID(context)
        let event = try await disasters.get(id, by: context.caller)
        let names = try await allNames(event, context: context)
        let writer = try XLSXWriter(
            header: ["序号", "乡镇（街道）", "村（社区）", "户主姓名", "身份证号码", "损坏程度", "间数", "住址", "联系电话"],
            title: "\(event.number) \(event.name) 因灾倒塌损坏住房户台账", sheetName: "倒损住房户台账")
        for (n, h) in try await Page.all({ try await disasters.houses(of: id, page: $0, by: context.caller) }).enumerated() {
            let code = try DivisionCode(h.divisionCode)
            try writer.append([
                String(n + 1), names[event.township(of: code) ?? ""] ?? "",
                code.level == .village ? names[h.divisionCode] ?? h.divisionCode : "",
                h.householder, h.idNumber, h.damage.label, String(h.rooms), h.address, h.phone ?? "",
            ])
        }
        return try Download.xlsx(writer, fileName: "disaster-\(event.number)-houses.xlsx")
    }

    // MARK: - The year's figures

    func statisticsYear(_ q: Query) throws -> Int { try Self.year(q) ?? today.year }

    @Sendable func statisticsPage(_ request: Request, context: UserContext) async throws -> Response {
        let year = try statisticsYear(try Query(request))
        let result = try await disasters.year(year, by: context.caller)
        let body = DisasterViews.statistics(year: year, rows: result.rows, byType: result.byType, total: result.total)
        return Layout.page(title: "\(year) 年自然灾害统计", context: context, active: "/disasters", body: body).response()
    }

    @Sendable func statisticsXLSX(_ request: Request, context: UserContext) async throws -> Response {
        let year = try statisticsYear(try Query(request))
        let result = try await disasters.year(year, by: context.caller)
        let writer = try XLSXWriter(
            header: ["灾害过程", "灾种", "发生时间", "数据依据"] + DisasterIndicator.allCases.map { "\($0.shortLabel)（\($0.unit)）" } + ["直接经济损失合计（万元）"],
            title: "\(year) 年自然灾害损失统计（按灾害过程）", sheetName: "\(year)年自然灾害")
        func cells(_ f: DisasterFigures) -> [XLSXWriter.Cell] { DisasterIndicator.allCases.map { .number(f[$0]) } + [.number(f.lossTotal)] }
        for row in result.rows {
            try writer.append(
                cells: [
                    .text("\(row.event.number) \(row.event.name)"), .text(row.event.type.label), .text(Moment.minutes(row.event.startedAt)),
                    .text(DisasterViews.basis(row.basis)),
                ] + cells(row.figures))
        }
        for t in result.byType {
            try writer.append(cells: [.text("\(t.type.label)小计（\(t.events) 次）"), .text(""), .text(""), .text("")] + cells(t.figures))
        }
        try writer.append(cells: [.text("合计（\(result.rows.count) 次）"), .text(""), .text(""), .text("")] + cells(result.total))
        return try Download.xlsx(writer, fileName: "disasters-\(year).xlsx")
    }

    @Sendable func statisticsAPI(_ request: Request, context: UserContext) async throws -> Response {
        let year = try statisticsYear(try Query(request))
        let result = try await disasters.year(year, by: context.caller)
        return try JSONResponse.make(
            DisasterYearDTO(
                year: year,
                events: result.rows.map {
                    .init(
                        id: $0.event.id.key, number: $0.event.number, type: $0.event.type.rawValue, state: $0.event.state.rawValue,
                        basis: $0.basis?.stage.rawValue, figures: DisasterFiguresDTO($0.figures))
                },
                byType: result.byType.map { .init(type: $0.type.rawValue, events: $0.events, figures: DisasterFiguresDTO($0.figures)) },
                total: DisasterFiguresDTO(result.total)))
    }

}
