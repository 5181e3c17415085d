import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import Testing

@Suite("Supervision: inspections, hazards, documents, draws, cases")
struct SupervisionTests {
    static let photo = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 64))

    static func draft(
        _ enterprise: UUID, id: UUID = UUID(), inspectors: [String] = ["inspector", "inspector2"], day: String = "2026-11-16"
    ) -> InspectionDraft {
        InspectionDraft(
            id: id, enterpriseID: enterprise, source: .adHoc, inspectedOn: day, inspectors: inspectors, checklistKey: "gm-confined",
            answers: [.init(code: "S1", result: .fail, note: "污水池无警示标志"), .init(code: "S2", result: .pass)],
            findings: [Finding(description: "配电箱未接地", location: "二号车间", basis: "GB 50054", isMajor: false, dueDate: "2026-12-10")],
            summary: "检查有限空间作业管理")
    }

    @Test(
        "an inspection needs two certified inspectors, stores one hazard per finding and failed item, and the same submission twice is one inspection"
    )
    func inspections() async throws {
        try await Fixtures.with(enterprises: 600) { f in
            let inspector = try await f.caller("inspector")
            let officer = try await f.caller("enterprise")
            let target = try #require(officer.enterpriseID)
            for inspectors in [["inspector"], ["inspector", "inspector"], ["inspector", "staff"]] {
                do {
                    _ = try await f.store.inspections.submit(Self.draft(target, inspectors: inspectors), by: inspector)
                    Issue.record("accepted \(inspectors)")
                } catch let error as AnlanError { #expect(error.code == "inspection.too_few_inspectors", "\(inspectors)") }
            }
            await #expect(throws: AnlanError.self) {
                _ = try await f.store.inspections.submit(Self.draft(target), by: try await f.caller("staff"))
            }

            let draft = Self.draft(target)
            let first = try await f.store.inspections.submit(draft, by: inspector)
            #expect(!first.replayed)
            #expect(first.hazards.count == 2)
            let fromChecklist = try #require(first.hazards.first { $0.checklistItem == "S1" })
            #expect(fromChecklist.state.isMajor && fromChecklist.state.status == .found)
            #expect(fromChecklist.description.contains("污水池无警示标志"))
            let ordered = try #require(first.hazards.first { $0.checklistItem == nil })
            #expect(ordered.state.status == .ordered && ordered.state.dueDate == "2026-12-10")
            #expect(first.inspection.inspectors.map(\.certificateNumber) == ["33052900001", "33052900002"])
            #expect(first.inspection.checklist?.items.count == 2)

            let again = try await f.store.inspections.submit(draft, by: inspector)
            #expect(again.replayed && again.inspection.id == draft.id && again.hazards.count == 2)
            var changed = draft
            changed.summary = "另一份内容"
            do {
                _ = try await f.store.inspections.submit(changed, by: inspector)
                Issue.record("reused an ID")
            } catch let error as AnlanError { #expect(error.code == "inspection.id_reused") }
            #expect(try await f.store.inspections.list(.init(enterpriseID: target), page: try PageRequest(), by: inspector).total == 1)
            // The officer sees their own inspection; the township officer of another township sees nothing.
            #expect(try await f.store.inspections.list(.init(), page: try PageRequest(), by: officer).total == 1)
            #expect(try await f.store.inspections.list(.init(), page: try PageRequest(), by: try await f.caller("township")).total == 0)
            await #expect(throws: AnlanError.self) { _ = try await f.store.inspections.get(draft.id, by: try await f.caller("township")) }
        }
    }

    @Test("the hazard loop: the enterprise submits its fix, the inspector re-inspects and closes; overdue and escalation")
    func hazardLoop() async throws {
        try await Fixtures.with(enterprises: 600) { f in
            let inspector = try await f.caller("inspector")
            let officer = try await f.caller("enterprise")
            let leader = try await f.caller("leader")
            let target = try #require(officer.enterpriseID)
            let submitted = try await f.store.inspections.submit(Self.draft(target), by: inspector)
            let major = try #require(submitted.hazards.first { $0.state.isMajor })
            let general = try #require(submitted.hazards.first { !$0.state.isMajor })
            let h = f.store.inspections

            await #expect(throws: AnlanError.self) { _ = try await h.transition(major.id, .order(dueDate: "2026-11-25"), by: officer) }
            // Due within ten days: an extension may be asked for at once (the default window).
            _ = try await h.transition(major.id, .order(dueDate: "2026-11-25"), by: inspector)
            await #expect(throws: AnlanError.self) { _ = try await h.transition(major.id, .escalate(leader: "leader"), by: inspector) }
            let escalated = try await h.transition(major.id, .escalate(leader: "leader"), by: leader)
            #expect(escalated.state.supervisingLeader == "leader")
            await #expect(throws: AnlanError.self) {
                _ = try await h.transition(major.id, .requestExtension(to: "2027-01-15", reason: .construction), note: nil, by: officer)
            }
            _ = try await h.transition(major.id, .requestExtension(to: "2027-01-15", reason: .construction), note: "设备到货延迟", by: officer)
            #expect(try await h.transition(major.id, .decideExtension(granted: true), by: inspector).state.dueDate == "2027-01-15")
            _ = try await f.store.records.attach(
                Self.photo, fileName: "整改后.png", to: target, ownerType: "hazard", ownerID: major.id.key, by: officer)
            _ = try await h.transition(major.id, .submitRectification(onBehalf: false), note: "已设置警示标志并建立台账", by: officer)
            await #expect(throws: AnlanError.self) {
                _ = try await h.transition(major.id, .reinspect(passed: true, newDueDate: nil, reason: nil), note: "复查合格", by: officer)
            }
            // Under 挂牌督办 a passed re-inspection does not close it: the supervising leader signs off.
            let passed = try await h.transition(
                major.id, .reinspect(passed: true, newDueDate: nil, reason: nil), note: "复查合格", by: inspector)
            #expect(passed.state.status == .awaitingSignOff && passed.closedOn == nil)
            await #expect(throws: AnlanError.self) {
                _ = try await h.transition(major.id, .signOff(approved: true, newDueDate: nil), by: inspector)
            }
            let closed = try await h.transition(major.id, .signOff(approved: true, newDueDate: nil), note: "同意销号", by: leader)
            #expect(closed.state.status == .closed && closed.closedOn == "2026-11-18")
            let events = try await h.events(of: major.id, by: inspector).map(\.event)
            #expect(events == ["found", "order", "escalate", "request_extension", "decide_extension", "submit", "reinspect", "sign_off"])

            // The general hazard's deadline (2026-12-10) passes: it is overdue, first in the list, counted for its owner.
            f.clock.advance(seconds: 25 * 86_400)
            let overdue = try await h.hazards(.init(overdue: true), page: try PageRequest(), by: leader)
            #expect(overdue.items.map(\.id) == [general.id])
            #expect(try await h.overdueCounts(by: "owner", caller: leader).first?.key == "inspector")
            #expect(try await h.hazards(.init(overdue: true), page: try PageRequest(), by: try await f.caller("township")).total == 0)
        }
    }

    @Test("document numbers per kind and year neither skip nor repeat under many concurrent issues; voiding keeps the number")
    func numbering() async throws {
        try await Fixtures.with(enterprises: 600) { f in
            let inspector = try await f.caller("inspector")
            let officer = try await f.caller("enterprise")
            let target = try #require(officer.enterpriseID)
            let submitted = try await f.store.inspections.submit(Self.draft(target), by: inspector)
            let inspection = submitted.inspection
            // The failed checklist item was given no deadline on site: ordered now, or the order could not list it.
            for hazard in submitted.hazards where hazard.state.status == .found {
                _ = try await f.store.inspections.transition(hazard.id, .order(dueDate: "2026-12-10"), by: inspector)
            }
            let documents = f.store.documents
            let issued = try await withThrowingTaskGroup(of: EnforcementDocument.self) { group in
                for _ in 0..<24 {
                    group.addTask { try await documents.issue(.inspectionRecord, inspection: inspection.id, by: inspector) }
                }
                for _ in 0..<6 {
                    group.addTask { try await documents.issue(.rectificationOrder, inspection: inspection.id, by: inspector) }
                }
                var all: [EnforcementDocument] = []
                for try await d in group { all.append(d) }
                return all
            }
            let records = issued.filter { $0.kind == .inspectionRecord }.map(\.sequence).sorted()
            let orders = issued.filter { $0.kind == .rectificationOrder }.map(\.sequence).sorted()
            #expect(records == Array(1...24))
            #expect(orders == Array(1...6))
            let order = try #require(issued.first { $0.kind == .rectificationOrder && $0.sequence == 1 })
            #expect(order.number == "（示）应急责改〔2026〕1号")
            #expect(order.fields.contains { $0.label == "责令整改事项" && $0.value.contains("2026年12月10日") })
            // A reinspection opinion needs a re-inspected hazard.
            do {
                _ = try await documents.issue(.reinspectionOpinion, inspection: inspection.id, by: inspector)
                Issue.record("issued an opinion with nothing re-inspected")
            } catch let error as AnlanError { #expect(error.code == "document.nothing_reinspected") }
            let voided = try await documents.void(order.id, reason: "当事人名称有误", by: inspector)
            #expect(voided.voidedAt != nil)
            let correction = try await documents.issue(.rectificationOrder, inspection: inspection.id, correcting: order.id, by: inspector)
            #expect(correction.sequence == 7 && correction.correctsID == order.id)
            await #expect(throws: AnlanError.self) { _ = try await documents.void(order.id, reason: "再次作废", by: inspector) }
            await #expect(throws: AnlanError.self) {
                _ = try await documents.issue(.inspectionRecord, inspection: inspection.id, by: officer)
            }
        }
    }

    @Test("extension requests respect the lead-time setting; re-inspection and answer deadlines are counted from the recorded days")
    func hazardDeadlines() async throws {
        try await Fixtures.with(enterprises: 600) { f in
            let inspector = try await f.caller("inspector")
            let officer = try await f.caller("enterprise")
            let staff = try await f.caller("staff")
            let target = try #require(officer.enterpriseID)
            let general = try #require(
                try await f.store.inspections.submit(Self.draft(target), by: inspector).hazards.first { !$0.state.isMajor })
            let h = f.store.inspections
            // Ordered on the spot until 2026-12-10; today is 2026-11-18. By default a request is taken within the last ten
            // days (from 2026-11-30): today is too early.
            do {
                _ = try await h.transition(
                    general.id, .requestExtension(to: "2026-12-31", reason: .construction), note: "设备到货延迟", by: officer)
                Issue.record("an early extension request was accepted")
            } catch let error as AnlanError { #expect(error.code == "hazard.extension_too_early") }
            f.clock.advance(seconds: 13 * 86_400)  // 2026-12-01
            var settings = try await f.store.catalogs.enforcementSettings()
            settings.extensionEarliestDays = 10
            settings.extensionLatestDays = 5
            #expect(settings.extensionWindow.refusal(today: "2026-12-06", dueDate: "2026-12-10")?.code == "hazard.extension_too_late")
            settings.extensionAnswerDays = 3
            settings.reinspectionDays = 7
            try await f.store.catalogs.setEnforcementSettings(settings, by: staff)
            let asked = try await h.transition(
                general.id, .requestExtension(to: "2026-12-31", reason: .construction), note: "设备到货延迟", by: officer)
            #expect(asked.state.extensionRequestedOn == "2026-12-01" && asked.state.extensionAnswerDue(within: 3) == "2026-12-04")
            _ = try await h.transition(general.id, .decideExtension(granted: true), by: inspector)
            _ = try await f.store.records.attach(
                Self.photo, fileName: "整改后.png", to: try #require(general.enterpriseID), ownerType: "hazard", ownerID: general.id.key,
                by: officer)
            let submitted = try await h.transition(general.id, .submitRectification(onBehalf: false), note: "已整改", by: officer)
            #expect(submitted.state.reinspectionDue(within: settings.reinspectionDays) == "2026-12-08")
            #expect(try await h.hazard(general.id, by: inspector).state.submittedOn == "2026-12-01")
            // Late re-inspections are those whose limit started before today minus the limit.
            #expect(
                try await h.hazards(.init(reinspectionFromBefore: "2026-12-02"), page: try PageRequest(), by: inspector).items.map(\.id)
                    == [
                        general.id
                    ])
            #expect(try await h.hazards(.init(reinspectionFromBefore: "2026-12-01"), page: try PageRequest(), by: inspector).total == 0)
            // An ordered hazard never submitted counts from its deadline: the failed checklist item, ordered until 12-05.
            let item = try #require(
                try await h.hazards(.init(enterpriseID: target, status: .found), page: try PageRequest(), by: inspector).items.first)
            _ = try await h.transition(item.id, .order(dueDate: "2026-12-05"), by: inspector)
            #expect(try await h.hazards(.init(reinspectionFromBefore: "2026-12-05"), page: try PageRequest(), by: inspector).total == 1)
            #expect(
                Set(
                    try await h.hazards(.init(reinspectionFromBefore: "2026-12-06"), page: try PageRequest(), by: inspector).items.map(\.id)
                )
                    == [general.id, item.id])
            let invalid = EnforcementSettings(reviewAuthority: "示例县人民政府", court: "示例县人民法院", reinspectionDays: 0)
            await #expect(throws: AnlanError.self) { try await f.store.catalogs.setEnforcementSettings(invalid, by: staff) }
        }
    }

    @Test("a class's yearly cap refuses one inspection too many (not complaint-led ones) and keeps the enterprise out of draws")
    func frequencyCap() async throws {
        try await Fixtures.with(enterprises: 600) { f in
            let inspector = try await f.caller("inspector")
            let staff = try await f.caller("staff")
            let target = try #require(try await f.caller("enterprise").enterpriseID)
            let enterprise = try await f.store.enterprises.get(target, by: staff)
            // A table whose only class takes exactly this enterprise's sectors, capped at one inspection a year.
            let table = [EnterpriseClass(name: "本企业所在行业", sectors: enterprise.profile.sectors, inspectionsPerYear: 1, maxPerYear: 1)]
            _ = try await f.store.plans.generate(InspectionPlanParameters(year: 2026, inspectors: 4, classes: table), by: staff)
            #expect(try await f.store.inspections.frequencyCap(for: enterprise, year: 2026)?.count == 0)
            _ = try await f.store.inspections.submit(Self.draft(target), by: inspector)
            do {
                _ = try await f.store.inspections.submit(Self.draft(target), confirmingSameDay: true, by: inspector)
                Issue.record("a second inspection passed a cap of one")
            } catch let error as AnlanError { #expect(error.code == "inspection.frequency_cap") }
            var complaint = Self.draft(target)
            complaint.source = .complaint
            _ = try await f.store.inspections.submit(complaint, confirmingSameDay: true, by: inspector)
            #expect(try await f.store.inspections.frequencyCap(for: enterprise, year: 2026)?.count == 1)
            let draw = try await f.store.draws.draw(
                title: "全县抽查", pool: .init(), count: nil, ratio: 1, weighted: false, seed: 7, by: inspector)
            #expect(!draw.input.candidates.contains { $0.enterpriseID == target.uuidString.lowercased() })
        }
    }

    @Test("a draw is stored with its whole input, verifies, carries a 20-working-day deadline, and is public once published")
    func draws() async throws {
        try await Fixtures.with(enterprises: 600) { f in
            let inspector = try await f.caller("inspector")
            let draw = try await f.store.draws.draw(
                title: "2026年12月双随机抽查", pool: .init(sector: "机械"), count: nil, ratio: 0.1, weighted: true, seed: 20261129, by: inspector)
            #expect(draw.result.count == Int((Double(draw.input.candidates.count) * 0.1).rounded(.up)))
            #expect(draw.result.allSatisfy { $0.inspectors.count == 2 })
            #expect(draw.input.inspectors == ["inspector", "inspector2", "inspector3", "inspector4"])
            #expect(draw.publishBy > draw.drawnOn)
            let stored = try await f.store.draws.get(draw.id, by: inspector)
            #expect(stored.input.seed == 20261129)
            #expect(DrawRepository.verify(stored).matches)
            #expect(try await f.store.draws.published(draw.id) == nil)
            _ = try await f.store.draws.publish(draw.id, by: inspector)
            #expect(try await f.store.draws.published(draw.id)?.result == draw.result)
            await #expect(throws: AnlanError.self) {
                _ = try await f.store.draws.draw(
                    title: "x", pool: .init(), count: 1, ratio: nil, weighted: false, by: try await f.caller("staff"))
            }
        }
    }
}
