import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import Testing

/// Closing a hazard cannot skip a step: the rectification is the enterprise's (or recorded for it, marked so) with what
/// was done and evidence since the order; a re-inspection states its findings, and a reason where nothing was
/// submitted; a 挂牌督办 hazard closes only with its supervising leader's sign-off.
@Suite("Hazard close-out integrity")
struct HazardCloseOutTests {
    /// An ordered general hazard and an ordered, escalated major one of the officer's enterprise.
    static func ordered(_ f: Fixtures) async throws -> (general: Hazard, major: Hazard, enterprise: UUID) {
        let inspector = try await f.caller("inspector")
        let target = try #require(try await f.caller("enterprise").enterpriseID)
        let submitted = try await f.store.inspections.submit(SupervisionTests.draft(target), by: inspector)
        var general = try #require(submitted.hazards.first { !$0.state.isMajor })
        var major = try #require(submitted.hazards.first { $0.state.isMajor })
        // A finding with a deadline is ordered as the inspection is stored; a failed checklist item is ordered now.
        if general.state.status == .found {
            general = try await f.store.inspections.transition(general.id, .order(dueDate: "2026-12-10"), by: inspector)
        }
        if major.state.status == .found {
            major = try await f.store.inspections.transition(major.id, .order(dueDate: "2026-12-10"), by: inspector)
        }
        major = try await f.store.inspections.transition(major.id, .escalate(leader: "leader"), by: try await f.caller("leader"))
        return (general, major, target)
    }

    func expectRefusal(_ code: String, _ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async {
        do {
            try await body()
            Issue.record("accepted; expected \(code)", sourceLocation: sourceLocation)
        } catch let error as AnlanError {
            #expect(error.code == code, sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test(
        "a rectification needs what was done and evidence attached since the order; a bureau user records it only on the enterprise's behalf"
    )
    func submission() async throws {
        try await Fixtures.with(enterprises: 600) { f in
            let inspector = try await f.caller("inspector")
            let officer = try await f.caller("enterprise")
            let leader = try await f.caller("leader")
            let (general, _, enterprise) = try await Self.ordered(f)
            let h = f.store.inspections
            await expectRefusal("hazard.rectification_required") {
                _ = try await h.transition(general.id, .submitRectification(onBehalf: false), note: " ", by: officer)
            }
            await expectRefusal("hazard.evidence_required") {
                _ = try await h.transition(general.id, .submitRectification(onBehalf: false), note: "已安装接地线", by: officer)
            }
            // A bureau user, even the leader, may not submit as if they were the enterprise.
            for caller in [inspector, leader] {
                await expectRefusal("hazard.on_behalf_required") {
                    _ = try await h.transition(general.id, .submitRectification(onBehalf: false), note: "已安装接地线", by: caller)
                }
            }
            #expect(try await h.hazard(general.id, by: inspector).state.status == .ordered)
            _ = try await f.store.records.attach(
                SupervisionTests.photo, fileName: "接地.png", to: enterprise, ownerType: "hazard", ownerID: general.id.key, by: inspector)
            let submitted = try await h.transition(general.id, .submitRectification(onBehalf: true), note: "企业报送纸质材料：已安装接地线", by: inspector)
            #expect(submitted.state.status == .submitted)
            let event = try #require(try await h.events(of: general.id, by: leader).last)
            #expect(event.event == "submit" && event.onBehalf && event.by == "inspector")
        }
    }

    @Test("evidence attached before the hazard was (last) ordered does not count")
    func oldEvidence() async throws {
        try await Fixtures.with(enterprises: 600) { f in
            let inspector = try await f.caller("inspector")
            let officer = try await f.caller("enterprise")
            let target = try #require(officer.enterpriseID)
            let submitted = try await f.store.inspections.submit(SupervisionTests.draft(target), by: inspector)
            let hazard = try #require(submitted.hazards.first { !$0.state.isMajor })
            _ = try await f.store.records.attach(
                SupervisionTests.photo, fileName: "发现时.png", to: target, ownerType: "hazard", ownerID: hazard.id.key, by: inspector)
            f.clock.advance(seconds: 60)
            // Ordered again after a failed re-inspection: the evidence must be newer than that.
            _ = try await f.store.inspections.transition(
                hazard.id, .reinspect(passed: false, newDueDate: "2026-12-20", reason: nil), note: "未整改", by: inspector)
            await expectRefusal("hazard.evidence_required") {
                _ = try await f.store.inspections.transition(hazard.id, .submitRectification(onBehalf: false), note: "已整改", by: officer)
            }
        }
    }

    @Test("a re-inspection states its findings; closing a hazard the enterprise never submitted needs a reason, kept on its record")
    func reinspection() async throws {
        try await Fixtures.with(enterprises: 600) { f in
            let inspector = try await f.caller("inspector")
            let (general, _, _) = try await Self.ordered(f)
            let h = f.store.inspections
            await expectRefusal("hazard.findings_required") {
                _ = try await h.transition(general.id, .reinspect(passed: true, newDueDate: nil, reason: "现场已整改"), by: inspector)
            }
            await expectRefusal("hazard.close_reason_required") {
                _ = try await h.transition(
                    general.id, .reinspect(passed: true, newDueDate: nil, reason: nil), note: "接地线已安装", by: inspector)
            }
            #expect(try await h.hazard(general.id, by: inspector).state.status == .ordered)
            let closed = try await h.transition(
                general.id, .reinspect(passed: true, newDueDate: nil, reason: "企业未报送，现场复查确认已整改"), note: "接地线已安装，测试合格", by: inspector)
            #expect(closed.state.status == .closed)
            #expect(try await h.events(of: general.id, by: inspector).last?.reason == "企业未报送，现场复查确认已整改")
        }
    }

    @Test("a 挂牌督办 hazard waits for its supervising leader, who signs off or orders it again with a reason and a deadline")
    func signOff() async throws {
        try await Fixtures.with(enterprises: 600) { f in
            let inspector = try await f.caller("inspector")
            let leader = try await f.caller("leader")
            let (_, major, _) = try await Self.ordered(f)
            let h = f.store.inspections
            let passed = try await h.transition(
                major.id, .reinspect(passed: true, newDueDate: nil, reason: "现场复查确认已整改"), note: "复查合格", by: inspector)
            #expect(passed.state.status == .awaitingSignOff && passed.closedOn == nil)
            #expect(!passed.state.isOverdue(today: "2027-01-01"))
            let queue = try await h.hazards(
                .init(status: .awaitingSignOff, supervisingLeader: "leader"), page: try PageRequest(), by: leader)
            #expect(queue.items.map(\.id) == [major.id])
            await expectRefusal("auth.forbidden") {
                _ = try await h.transition(major.id, .signOff(approved: true, newDueDate: nil), by: inspector)
            }
            await expectRefusal("hazard.sign_off_reason_required") {
                _ = try await h.transition(major.id, .signOff(approved: false, newDueDate: "2026-12-20"), by: leader)
            }
            await expectRefusal("hazard.due_date_required") {
                _ = try await h.transition(major.id, .signOff(approved: false, newDueDate: nil), note: "整改资料不全", by: leader)
            }
            let again = try await h.transition(major.id, .signOff(approved: false, newDueDate: "2026-12-20"), note: "整改资料不全", by: leader)
            #expect(again.state.status == .ordered && again.state.dueDate == "2026-12-20")
        }
    }
}
