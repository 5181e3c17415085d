import AnlanCore
import Foundation
import Testing

@Suite("Hazard moves: who may do what, and one parser for both faces")
struct HazardMoveTests {
    let today: Day = "2026-11-29"

    /// Every state a hazard can be in that matters to its moves.
    static var states: [HazardState] {
        var states: [HazardState] = []
        for status in HazardStatus.allCases {
            for isMajor in [false, true] {
                for pending in [false, true] where !pending || status == .ordered {
                    for leader in [nil, "leader"] {
                        states.append(
                            HazardState(
                                status: status, isMajor: isMajor, dueDate: status == .found ? nil : "2026-12-31",
                                extensionRequestedTo: pending ? "2027-01-31" : nil, supervisingLeader: leader,
                                submittedOn: status == .submitted ? "2026-11-20" : nil, extensionRequestedOn: pending ? "2026-11-20" : nil))
                    }
                }
            }
        }
        return states
    }

    static var actors: [HazardActor] {
        [false, true].flatMap { inspect in
            [false, true].flatMap { escalate in
                [false, true].flatMap { own in
                    [false, true].map {
                        HazardActor(mayInspect: inspect, mayEscalate: escalate, isOwnEnterprise: own, isSupervisingLeader: $0)
                    }
                }
            }
        }
    }

    /// A well-formed event of each kind, so only the state and the actor decide.
    func sample(_ kind: HazardEventKind) -> HazardEvent {
        switch kind {
        case .order: .order(dueDate: "2026-12-20")
        case .submit: .submitRectification(onBehalf: false)
        case .reinspect: .reinspect(passed: true, newDueDate: nil, reason: "现场复查确认已整改")
        case .signOff: .signOff(approved: true, newDueDate: nil)
        case .requestExtension: .requestExtension(to: "2027-02-28", reason: .construction)
        case .decideExtension: .decideExtension(granted: true)
        case .escalate: .escalate(leader: "leader")
        }
    }

    @Test("allowedEvents lists exactly the moves that the actor may make and the state machine accepts, in every state, on any day")
    func allowedEventsAgreeWithApply() {
        // Before the extension window, inside it, on the deadline, after it.
        let window = ExtensionWindow(earliest: 10, latest: 0)
        for day in [today, "2026-12-25", "2026-12-31", "2027-01-05"] as [Day] {
            for state in Self.states {
                for actor in Self.actors {
                    let allowed = Set(state.allowedEvents(for: actor, today: day, extensionWindow: window))
                    for kind in HazardEventKind.allCases {
                        var event = sample(kind)
                        // A deadline later than `day`, so only the state, the actor and the lead time decide.
                        if case .order = event { event = .order(dueDate: day.adding(days: 30)) }
                        if case .requestExtension = event { event = .requestExtension(to: day.adding(days: 60), reason: .construction) }
                        let accepted =
                            kind.isPermitted(for: actor) && (try? state.apply(event, today: day, extensionWindow: window)) != nil
                        #expect(allowed.contains(kind) == accepted, "\(kind) for \(actor) in \(state) on \(day)")
                    }
                }
            }
        }
    }

    @Test("roles: the enterprise's own officer submits and asks for extensions only; leaders escalate; nobody else acts")
    func roles() {
        let ordered = HazardState(status: .ordered, isMajor: true, dueDate: "2026-12-31")
        func actor(_ role: Role, _ username: String, enterprise: UUID? = nil, of hazardEnterprise: UUID = UUID(), leader: String? = nil)
            -> HazardActor
        {
            HazardActor(
                role: role, username: username, enterpriseID: enterprise,
                hazard: Hazard(
                    id: UUID(), inspectionID: nil, enterpriseID: hazardEnterprise, divisionCode: "330529101201", campaignID: nil,
                    sector: "工贸",
                    description: "x", location: nil, basis: nil, checklistItem: nil,
                    state: HazardState(status: .ordered, isMajor: true, dueDate: "2026-12-31", supervisingLeader: leader), owner: nil,
                    foundOn: "2026-11-01", closedOn: nil, createdAt: Date(), updatedAt: Date()))
        }
        #expect(ordered.allowedEvents(for: actor(.enterpriseOfficer, "enterprise", enterprise: UUID())).isEmpty)  // another enterprise's
        let own = UUID()
        #expect(
            ordered.allowedEvents(for: actor(.enterpriseOfficer, "enterprise", enterprise: own, of: own)) == [.submit, .requestExtension])
        // A bureau user's submission is recorded on the enterprise's behalf (`HazardMove.checked`).
        #expect(ordered.allowedEvents(for: actor(.bureauLeader, "leader", of: own)) == [.submit, .requestExtension, .reinspect, .escalate])
        #expect(ordered.allowedEvents(for: actor(.staff, "staff", of: own)).isEmpty)
        #expect(ordered.allowedEvents(for: actor(.auditAdmin, "audit", of: own)).isEmpty)
        // Awaiting sign-off: only the supervising leader acts, and only to sign off.
        let passed = HazardState(status: .awaitingSignOff, isMajor: true, dueDate: "2026-12-31", supervisingLeader: "leader")
        #expect(passed.allowedEvents(for: actor(.bureauLeader, "leader", leader: "leader")) == [.signOff])
        #expect(passed.allowedEvents(for: actor(.bureauLeader, "leader2", leader: "leader")).isEmpty)
        #expect(passed.allowedEvents(for: actor(.inspector, "inspector", leader: "leader")).isEmpty)
    }

    func code(_ fields: [String: String]) -> String? {
        do {
            _ = try HazardMove.parse(TextInput(fields), actingUser: "leader")
            return nil
        } catch let error as AnlanError { return error.code } catch { return "\(error)" }
    }

    @Test("the parser's refusals: each missing or malformed field has its own stable code")
    func parseRefusals() {
        #expect(code([:]) == "hazard.field_required")
        #expect(code(["event": "close"]) == "hazard.event_unknown")
        #expect(code(["event": "order"]) == "hazard.field_required")
        #expect(code(["event": "order", "dueDate": "2026-02-30"]) == "hazard.due_date_invalid")
        #expect(code(["event": "order", "dueDate": "30/12/2026"]) == "hazard.due_date_invalid")
        #expect(code(["event": "reinspect"]) == "hazard.field_required")
        #expect(code(["event": "reinspect", "passed": "maybe"]) == "hazard.passed_invalid")
        #expect(code(["event": "request_extension", "to": "2027-01-31"]) == "hazard.reason_required")
        #expect(code(["event": "request_extension", "to": "2027-01-31", "note": "设备到货延迟"]) == "hazard.field_required")
        #expect(
            code(["event": "request_extension", "to": "2027-01-31", "note": "设备到货延迟", "extensionReason": "weather"])
                == "hazard.extension_reason_invalid")
        #expect(code(["event": "decide_extension"]) == "hazard.field_required")
        #expect(code(["event": "submit"]) == "hazard.rectification_required")
        #expect(code(["event": "submit", "onBehalf": "yes", "note": "已整改"]) == "hazard.on_behalf_invalid")
        #expect(code(["event": "reinspect", "passed": "true"]) == "hazard.findings_required")
        #expect(
            code(["event": "reinspect", "passed": "true", "note": "合格", "reason": String(repeating: "字", count: 1001)])
                == "hazard.reason_too_long")
        #expect(code(["event": "sign_off"]) == "hazard.field_required")
        #expect(code(["event": "sign_off", "approved": "false", "newDueDate": "2026-12-20"]) == "hazard.sign_off_reason_required")
        #expect(code(["event": "sign_off", "approved": "true"]) == nil)
        #expect(code(["event": "submit", "note": String(repeating: "字", count: HazardMove.noteLimit + 1)]) == "hazard.note_too_long")
        #expect(code(["event": "submit", "note": String(repeating: "字", count: HazardMove.noteLimit)]) == nil)
    }

    @Test("parsed moves: a passed re-inspection ignores a new deadline; the escalating leader supervises; blank notes are none")
    func parsed() throws {
        let pass = try HazardMove.parse(
            TextInput(["event": "reinspect", "passed": "true", "newDueDate": "x", "note": "合格", "reason": " 企业未报送 "]), actingUser: "leader")
        #expect(pass.event == .reinspect(passed: true, newDueDate: nil, reason: "企业未报送"))
        let fail = try HazardMove.parse(
            TextInput(["event": "reinspect", "passed": "false", "newDueDate": "2026-12-20", "note": "未整改", "reason": "x"]), actingUser: "l")
        #expect(fail.event == .reinspect(passed: false, newDueDate: "2026-12-20", reason: nil))
        let onBehalf = try HazardMove.parse(TextInput(["event": "submit", "onBehalf": "true", "note": "已整改"]), actingUser: "l")
        #expect(onBehalf.event == .submitRectification(onBehalf: true))
        // The enterprise's own officer never submits "on behalf"; a bureau user must.
        let officer = HazardActor(mayInspect: false, mayEscalate: false, isOwnEnterprise: true)
        #expect(try onBehalf.checked(for: officer).event == .submitRectification(onBehalf: false))
        let inspector = HazardActor(mayInspect: true, mayEscalate: false, isOwnEnterprise: false)
        #expect(throws: HazardErrors.onBehalfRequired) {
            try HazardMove(event: .submitRectification(onBehalf: false), note: "已整改").checked(for: inspector)
        }
        let escalate = try HazardMove.parse(TextInput(["event": "escalate", "leader": "someone-else", "note": "  "]), actingUser: "leader")
        #expect(escalate.event == .escalate(leader: "leader") && escalate.note == nil)
    }

    /// A JSON body's fields, with their JSON types.
    struct Typed: CommandInput {
        let values: [String: InputValue]
        func value(_ name: String) -> InputValue? { values[name] }
    }

    @Test("JSON types: booleans as true/false, text where text belongs; a number or an object where a day belongs is invalid")
    func typedInput() throws {
        let move = try HazardMove.parse(
            Typed(values: ["event": .text("reinspect"), "passed": .flag(true), "note": .text("合格")]), actingUser: "l")
        #expect(move.event == .reinspect(passed: true, newDueDate: nil, reason: nil))
        for wrong: InputValue in [.number(20261210), .unreadable, .flag(true)] {
            #expect(throws: AnlanError.self) {
                _ = try HazardMove.parse(Typed(values: ["event": .text("order"), "dueDate": wrong]), actingUser: "l")
            }
        }
    }
}
