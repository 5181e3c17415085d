import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import SQLKit
import Testing

@Suite("Demo supervision data")
struct DemoSupervisionTests {
    @Test("two years of records, consistent: hazards in every state, overdue and escalated ones, gapless numbers, verifiable draws")
    func consistent() async throws {
        try await Fixtures.with(enterprises: 600, supervision: true) { f in
            let leader = try await f.caller("leader")
            let any = try PageRequest(pageSize: 1)
            let h = f.store.inspections
            for status in HazardStatus.allCases {
                #expect(try await h.hazards(.init(status: status == .found ? nil : status), page: any, by: leader).total > 0, "\(status)")
            }
            #expect(try await h.hazards(.init(overdue: true), page: any, by: leader).total > 0)
            #expect(try await h.hazards(.init(escalated: true), page: any, by: leader).total > 0)
            // The demo enterprise officer's firm has hazards under an order, for that account to fix.
            let officer = try await f.caller("enterprise")
            let own = try await h.hazards(.init(status: .ordered), page: try PageRequest(pageSize: 20), by: officer).items
            #expect(own.count >= 2 && own.allSatisfy { $0.enterpriseID == officer.enterpriseID })
            // Each signed receipt was entered after the slip it signs for; one still waits for its paper receipt.
            let slips = try await f.store.stock.movements(.init(), page: try PageRequest(pageSize: 200), by: leader).items
            let signed = slips.filter { $0.confirmedAt != nil }
            #expect(!signed.isEmpty && slips.contains { $0.awaitsConfirmation })
            for m in signed { #expect(Timestamp.day(m.confirmedAt!) > m.occurredOn.description, "\(m.number)") }
            // No hazard is left merely "found": each was ordered on the spot.
            #expect(try await h.hazards(.init(status: .found), page: any, by: leader).total == 0)
            let inspections = try await f.store.inspections.list(.init(), page: any, by: leader).total
            #expect(inspections > 300)
            // Every inspection has its on-site record; numbers run 1…n per kind and year without gaps.
            let rows = try await f.store.database.reader.select().columns("kind", "year", "sequence").from("enforcement_documents").all()
            var sequences: [String: [Int]] = [:]
            for row in rows {
                sequences["\(try row.decode(column: "kind", as: String.self))-\(try row.decode(column: "year", as: Int.self))", default: []]
                    .append(try row.decode(column: "sequence", as: Int.self))
            }
            for (kindYear, numbers) in sequences { #expect(numbers.sorted() == Array(1...numbers.count), "\(kindYear)") }
            let records = try await f.store.documents.documents(.init(kind: .inspectionRecord), page: any, by: leader).total
            #expect(records == inspections)
            // Every closed hazard went through a passed re-inspection.
            for hazard in try await h.hazards(.init(status: .closed), page: try PageRequest(pageSize: 50), by: leader).items {
                let events = try await h.events(of: hazard.id, by: leader).map(\.event)
                #expect(events.contains("reinspect"))
                if hazard.state.supervisingLeader != nil { #expect(events.last == "sign_off", "\(events)") }
            }
            for hazard in try await h.hazards(.init(status: .closed, escalated: true), page: try PageRequest(pageSize: 50), by: leader)
                .items
            {
                #expect(try await h.events(of: hazard.id, by: leader).last?.event == "sign_off")
            }
            for draw in try await f.store.draws.list(page: try PageRequest(), by: leader).items {
                #expect(DrawRepository.verify(draw).matches)
                #expect(draw.publishedAt != nil)
                // Titled by the year and calendar quarter of the day it was drawn.
                let month = Int(draw.drawnOn.dropFirst(5).prefix(2)) ?? 0
                #expect(draw.title.hasPrefix("\(draw.drawnOn.prefix(4))年第\((month - 1) / 3 + 1)季度"), "\(draw.title) on \(draw.drawnOn)")
            }
            #expect(try await f.store.documents.cases(.init(status: .closed), page: any, by: leader).total > 0)
            // Every case follows the law's order: replayed step by step on the day each was taken, none is refused; the
            // decision is never on the day of the notice; some went to a hearing, some paid late with the surcharge.
            let cases = try await f.store.documents.cases(.init(), page: try PageRequest(pageSize: 200), by: leader).items
            var hearings = 0, surcharges = 0
            for c in cases {
                let full = try await f.store.documents.procedure(of: c, by: leader)
                var replay = CaseProcedure(openedOn: c.openedOn, steps: [], settings: full.settings, calendar: full.calendar)
                for r in full.steps {
                    _ = try replay.validate(r.step, r.input, today: r.day)
                    replay = CaseProcedure(
                        openedOn: c.openedOn, steps: replay.steps + [r], settings: full.settings, calendar: full.calendar)
                }
                if let notice = full.last(.notice), let decision = full.last(.decision) { #expect(decision.day > notice.day) }
                if full.last(.hearingReport) != nil { hearings += 1 }
                if full.paidSurchargeFen > 0 { surcharges += 1 }
            }
            #expect(hearings > 0 && surcharges > 0, "hearings \(hearings), surcharges \(surcharges) of \(cases.count) cases")
            // The case chain's other documents: inquiry notices for every case, reminders where fines were paid late.
            #expect(try await f.store.documents.documents(.init(kind: .inquiryNotice), page: any, by: leader).total > 0)
            #expect(try await f.store.documents.documents(.init(kind: .fineReminder), page: any, by: leader).total > 0)
            // Every figure of every row is exactly the length of the list its link opens (issue 11 item 9).
            let (from, to) = ("2025-01-01", "2026-12-31")
            let report = try await f.store.statistics.report(.init(from: from, to: to), by: leader)
            var documentsSeen = 0, casesSeen = 0
            for (sector, figures) in [(nil, report.total)] + report.bySector.map({ (Optional($0.sector), $0.figures) }) {
                let label = sector ?? "合计"
                let docs = { (m: OnSiteMeasure?, seizure: Bool) in
                    try await f.store.documents.documents(
                        .init(from: from, to: to, reportSector: sector, includeVoided: false, measure: m, seizure: seizure), page: any,
                        by: leader
                    ).total
                }
                let cases = { (suspended: Bool?) in
                    try await f.store.documents.cases(
                        .init(openedFrom: from, openedTo: to, suspended: suspended, reportSector: sector), page: any, by: leader
                    ).total
                }
                let inspections = try await f.store.inspections.list(.init(from: from, to: to, sector: sector), page: any, by: leader).total
                let enterprises = try await f.store.enterprises.list(
                    .init(includeArchived: true, inspected: .init(from: from, to: to, reportSector: sector)), page: any, by: leader
                ).total
                let hazards = { (filter: InspectionRepository.HazardFilter) in
                    var filter = filter
                    filter.sector = sector
                    // The statistics count enterprises' hazards, as their links to the ledger ask (onSites=false).
                    filter.onSites = false
                    return try await h.hazards(filter, page: any, by: leader).total
                }
                #expect(inspections == figures.inspections, "\(label) inspections")
                #expect(enterprises == figures.enterprisesInspected, "\(label) enterprises inspected")
                #expect(try await hazards(.init(foundFrom: from, foundTo: to)) == figures.hazardsFound, "\(label) found")
                #expect(try await hazards(.init(major: true, foundFrom: from, foundTo: to)) == figures.majorHazardsFound, "\(label) major")
                #expect(try await hazards(.init(closedFrom: from, closedTo: to)) == figures.hazardsRectified, "\(label) rectified")
                #expect(try await hazards(.init(overdue: true)) == figures.hazardsOverdue, "\(label) overdue")
                #expect(try await docs(nil, false) == figures.documents.values.reduce(0, +), "\(label) documents")
                #expect(try await docs(.suspend, false) == figures.onSiteSuspensions, "\(label) on-site suspensions")
                #expect(try await docs(nil, true) == figures.seizures, "\(label) seizures")
                #expect(try await cases(nil) == figures.cases, "\(label) cases")
                #expect(try await cases(true) == figures.casesSuspended, "\(label) suspended")
                // Detail rows (其中：烟花爆竹, 冶金) are inside their sector's figures: the sectors alone add up to the total.
                if let sector, ReportSector.parent(of: sector) == nil {
                    documentsSeen += figures.documents.values.reduce(0, +)
                    casesSeen += figures.cases
                }
            }
            #expect(report.total.seizures > 0 && report.total.onSiteSuspensions > 0 && report.total.enterprisesInspected > 0)
            #expect(documentsSeen == report.total.documents.values.reduce(0, +) && casesSeen == report.total.cases && casesSeen > 0)
            if case .broken(let seq, let reason) = try await f.store.audit.verify() {
                Issue.record("audit chain broken at \(seq): \(reason)")
            }
        }
    }
}
