import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import Testing

/// An inspection records what was checked and found; a second one the same day is confirmed; the rectification order
/// lists every hazard of the inspection, and one without a deadline blocks it by name.
@Suite("Inspection and order integrity")
struct InspectionIntegrityTests {
    func code(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch let error as AnlanError { return error.code } catch { return "\(error)" }
    }

    @Test("an inspection without 检查情况 is refused, whatever else it carries; the check is Core's")
    func summaryRequired() async throws {
        try await Fixtures.with(enterprises: 600) { f in
            let inspector = try await f.caller("inspector")
            let target = try #require(try await f.caller("enterprise").enterpriseID)
            for summary in ["", "  ", "检查"] {
                var draft = SupervisionTests.draft(target)
                draft.summary = summary
                #expect(await code { _ = try await f.store.inspections.submit(draft, by: inspector) } == "inspection.summary_required")
            }
            #expect(try await f.store.inspections.list(.init(enterpriseID: target), page: try PageRequest(), by: inspector).total == 0)
        }
    }

    @Test("an inspector submits only inspections that name them among the inspectors")
    func submitterAmongInspectors() async throws {
        try await Fixtures.with(enterprises: 600) { f in
            let target = try #require(try await f.caller("enterprise").enterpriseID)
            let others = SupervisionTests.draft(target, inspectors: ["inspector", "inspector2"])
            #expect(
                await code { _ = try await f.store.inspections.submit(others, by: try await f.caller("inspector3")) }
                    == "inspection.submitter_not_inspector")
            #expect(await code { _ = try await f.store.inspections.submit(others, by: try await f.caller("inspector2")) } == nil)
        }
    }

    @Test("a second inspection of the enterprise on the same day needs confirming; resending the same one does not")
    func sameDay() async throws {
        try await Fixtures.with(enterprises: 600) { f in
            let inspector = try await f.caller("inspector")
            let target = try #require(try await f.caller("enterprise").enterpriseID)
            let first = SupervisionTests.draft(target)
            _ = try await f.store.inspections.submit(first, by: inspector)
            #expect(try await f.store.inspections.submit(first, by: inspector).replayed)
            let second = SupervisionTests.draft(target)
            #expect(await code { _ = try await f.store.inspections.submit(second, by: inspector) } == "inspection.same_day")
            _ = try await f.store.inspections.submit(second, confirmingSameDay: true, by: inspector)
            // Another day is no duplicate.
            #expect(
                await code { _ = try await f.store.inspections.submit(SupervisionTests.draft(target, day: "2026-11-17"), by: inspector) }
                    == nil)
            #expect(try await f.store.inspections.list(.init(enterpriseID: target), page: try PageRequest(), by: inspector).total == 3)
        }
    }

    @Test("a failed checklist item carries its deadline into its hazard; a hazard without one blocks the order, named; no number is spent")
    func orderListsEveryHazard() async throws {
        try await Fixtures.with(enterprises: 600) { f in
            let inspector = try await f.caller("inspector")
            let target = try #require(try await f.caller("enterprise").enterpriseID)
            var draft = SupervisionTests.draft(target)
            let undated = try await f.store.inspections.submit(draft, by: inspector)
            let blocked = try #require(undated.hazards.first { $0.state.status == .found })
            do {
                _ = try await f.store.documents.issue(.rectificationOrder, inspection: undated.inspection.id, by: inspector)
                Issue.record("an order was issued leaving out a hazard without a deadline")
            } catch let error as AnlanError {
                #expect(error.code == "document.hazard_without_deadline")
                #expect(error.message.contains(String(blocked.description.prefix(20))))
            }
            // The same failed item given its deadline on site: ordered at once, and the order lists both hazards.
            draft = SupervisionTests.draft(target, day: "2026-11-17")
            draft.answers = draft.answers.map {
                $0.result == .fail ? ChecklistAnswer(code: $0.code, result: .fail, note: $0.note, dueDate: "2026-12-05") : $0
            }
            let dated = try await f.store.inspections.submit(draft, by: inspector)
            #expect(dated.hazards.allSatisfy { $0.state.status == .ordered })
            #expect(dated.hazards.contains { $0.checklistItem == "S1" && $0.state.dueDate == "2026-12-05" })
            let order = try await f.store.documents.issue(.rectificationOrder, inspection: dated.inspection.id, by: inspector)
            #expect(order.number.hasSuffix("〔2026〕1号"))
            let listed = order.fields.map(\.value).joined()
            for hazard in dated.hazards { #expect(listed.contains(String(hazard.description.prefix(10)))) }
        }
    }
}
