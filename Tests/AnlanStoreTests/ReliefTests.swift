import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import Testing

/// 冬春救助 in the store: 户报 → 村评 → 公示 → 乡审 → 县定 → 发放, with the checks that keep the list honest.
@Suite("Winter-spring relief")
struct ReliefTests {
    static let village = try! DivisionCode("330529101201")
    static let png = Fixtures.png

    /// A valid ID number for a birth day and sequence (the check character computed).
    static func id(_ born: String, _ seq: Int) -> String {
        let first17 = "330529" + born + String(format: "%03d", seq)
        return first17 + String(IDNumber.checkCharacter(first17)!)
    }

    static func draft(_ ids: [String], village: DivisionCode = village) -> ReliefHouseholdDraft {
        let members = ids.enumerated().map { n, id in
            let c = IDNumber.check(id, today: "2026-11-18")
            return ReliefMember(name: "成员\(n)", idNumber: id, relation: n == 0 ? .head : .child, sex: c.sex!, birthDate: c.birthDate!)
        }
        return ReliefHouseholdDraft(
            divisionCode: village, members: members, phone: "13957200001", account: "6230291000001234567", hardship: .collapsedHouse,
            reason: "住房倒塌")
    }

    static func code(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch let error as AnlanError { return error.code } catch { return "\(error)" }
    }

    @Test("the whole course: no approval before the 公示 ends, the budget holds, a second payment in the season needs a reason")
    func course() async throws {
        try await Fixtures.with { f in
            let r = f.store.relief
            let staff = try await f.caller("staff"), info = try await f.caller("info"), township = try await f.caller("township")
            let program = try await r.open(ReliefProgramDraft(year: 2026, budgetWanYuan: 0.3), by: staff)
            #expect(program.season == "2026-2027" && program.surveyDue == "2026-10-31" && program.publicityDays == 7)
            #expect(
                await Self.code { _ = try await r.open(ReliefProgramDraft(year: 2026, budgetWanYuan: 1), by: township) } == "auth.forbidden"
            )
            let h = try await r.apply(program.id, Self.draft([Self.id("19590204", 222), Self.id("20120212", 224)]), by: info)
            #expect(h.state == .applied && h.members.count == 2)
            // Out of order: the township cannot act before the village.
            #expect(
                await Self.code { _ = try await r.move(h.id, .township(approve: true, note: nil), by: township) } == "relief.state_invalid")
            _ = try await r.move(h.id, .evaluate(on: "2026-11-15", passed: true, minutes: "15 人参加，一致同意"), by: info)
            #expect(await Self.code { _ = try await r.move(h.id, .publicise(from: "2026-11-14"), by: info) } == "relief.day_invalid")
            let posted = try await r.move(h.id, .publicise(from: "2026-11-16"), by: info)
            #expect(posted.publicityTo == "2026-11-22")
            #expect(
                await Self.code { _ = try await r.move(h.id, .township(approve: true, note: nil), by: township) } == "relief.publicity_open"
            )
            // A village's officer may not act as the township.
            #expect(await Self.code { _ = try await r.move(h.id, .township(approve: true, note: nil), by: info) } == "auth.forbidden")
            f.clock.advance(seconds: 5 * 86_400)  // 2026-11-23: the 公示 has ended.
            // The posted list's photo first.
            #expect(
                await Self.code { _ = try await r.move(h.id, .township(approve: true, note: nil), by: township) } == "relief.photo_required"
            )
            #expect(
                await Self.code { _ = try await r.attachPublicityPhoto(h.id, data: Data("%PDF-1.4".utf8), fileName: "a.pdf", by: info) }
                    == "relief.photo_type")
            _ = try await r.attachPublicityPhoto(h.id, data: Self.png, fileName: "公示.png", by: info)
            _ = try await r.move(h.id, .township(approve: true, note: nil), by: township)
            #expect(
                await Self.code { _ = try await r.move(h.id, .decide(amount: 3_500, note: nil), by: staff) } == "relief.budget_exceeded")
            _ = try await r.move(h.id, .decide(amount: 3_000, note: nil), by: staff)
            let paid = try await r.move(h.id, .pay(on: "2026-11-23", reference: "YKT-1", duplicateReason: nil), by: staff)
            #expect(paid.state == .paid)
            // Another program of the season: the same household paid again needs a reason.
            let spring = try await r.open(ReliefProgramDraft(year: 2026, name: "春荒救助", budgetWanYuan: 1), by: staff)
            let again = try await r.apply(spring.id, Self.draft([Self.id("19590204", 222)]), by: info)
            _ = try await r.move(again.id, .evaluate(on: "2026-11-23", passed: true, minutes: "同意"), by: info)
            _ = try await r.move(again.id, .publicise(from: "2026-11-23"), by: info)
            _ = try await r.attachPublicityPhoto(again.id, data: Self.png, fileName: "公示.png", by: info)
            f.clock.advance(seconds: 8 * 86_400)
            // The county may review for the township, but then another person decides (four eyes).
            _ = try await r.move(again.id, .township(approve: true, note: "代乡镇审核"), by: staff)
            #expect(await Self.code { _ = try await r.move(again.id, .decide(amount: 500, note: nil), by: staff) } == "relief.same_person")
            _ = try await r.move(again.id, .decide(amount: 500, note: nil), by: try await f.caller("leader"))
            #expect(
                await Self.code {
                    _ = try await r.move(again.id, .pay(on: "2026-12-01", reference: "YKT-2", duplicateReason: nil), by: staff)
                }
                    == "relief.paid_elsewhere")
            let second = try await r.move(again.id, .pay(on: "2026-12-01", reference: "YKT-2", duplicateReason: "重建未完成，再次救助"), by: staff)
            #expect(second.state == .paid && second.duplicateReason != nil)
            let totals = try await r.totals(of: program.id, by: staff)
            #expect(totals.paidHouseholds == 1 && totals.paidPeople == 2 && totals.paidYuan == 3_000)
            // The course, step by step, with who did each.
            let steps = try await r.steps(of: again.id, by: staff)
            #expect(steps.map(\.action) == ["apply", "evaluate", "publicise", "photo", "township", "decide", "pay"])
            #expect(steps.first { $0.action == "decide" }?.username == "leader")
            // A program whose relief period ended takes no new applications.
            let old = try await r.open(ReliefProgramDraft(year: 2024, budgetWanYuan: 1), by: staff)
            #expect(
                await Self.code { _ = try await r.apply(old.id, Self.draft([Self.id("19700101", 701)]), by: info) }
                    == "relief.program_ended")
        }
    }

    @Test("one person in one household per program, also when four applications naming them arrive at once")
    func onePersonOneHousehold() async throws {
        try await Fixtures.with { f in
            let r = f.store.relief
            let staff = try await f.caller("staff"), info = try await f.caller("info")
            let program = try await r.open(ReliefProgramDraft(year: 2026, budgetWanYuan: 10), by: staff)
            let shared = Self.id("19700315", 428)
            let outcomes = try await withThrowingTaskGroup(of: String?.self) { group in
                for n in 0..<4 {
                    let d = Self.draft([Self.id("19800101", 100 + n * 2), shared])
                    group.addTask { await Self.code { _ = try await r.apply(program.id, d, by: info) } }
                }
                var all: [String?] = []
                for try await o in group { all.append(o) }
                return all
            }
            #expect(outcomes.filter { $0 == nil }.count == 1 && outcomes.filter { $0 == "relief.person_in_household" }.count == 3)
            #expect(try await r.households(of: program.id, .init(), page: PageRequest(), by: staff).total == 1)
        }
    }

    @Test("returns need a note; a village's rejection ends the course; the needs survey adds up")
    func refusals() async throws {
        try await Fixtures.with { f in
            let r = f.store.relief
            let staff = try await f.caller("staff"), info = try await f.caller("info")
            let program = try await r.open(ReliefProgramDraft(year: 2026, budgetWanYuan: 10), by: staff)
            let h = try await r.apply(program.id, Self.draft([Self.id("19650505", 501)]), by: info)
            let rejected = try await r.move(h.id, .evaluate(on: "2026-11-18", passed: false, minutes: "家庭收入较高，未通过"), by: info)
            #expect(rejected.state == .villageRejected)
            #expect(await Self.code { _ = try await r.move(h.id, .publicise(from: "2026-11-18"), by: info) } == "relief.state_invalid")
            func parse(_ fields: [String: String]) async -> String? {
                await Self.code { _ = try ReliefMove.parse(TextInput(fields), today: "2026-11-18") }
            }
            #expect(await parse(["action": "township", "decision": "return"]) == "relief.field_required")
            #expect(await parse(["action": "decide", "decision": "grant", "amount": "0"]) == "relief.amount_invalid")
            #expect(await parse(["action": "evaluate", "passed": "true", "minutes": "x", "on": "2026-11-19"]) == "relief.day_invalid")
            func need(_ fields: [String: String]) async -> String? {
                await Self.code { _ = try ReliefNeed.parse(TextInput(fields)) }
            }
            #expect(
                await need(["township": "330529101000", "households": "5", "people": "4", "other": "4"])
                    == "relief.households_exceed_people")
            #expect(
                await need(["township": "330529101000", "households": "2", "people": "6", "cropFailure": "5"])
                    == "relief.hardship_sum_mismatch")
            #expect(await need(["township": "330529101201", "people": "0"]) == "relief.township_invalid")
            let parsed = try ReliefNeed.parse(
                TextInput(["township": "330529101000", "households": "2", "people": "6", "cropFailure": "5", "injury": "1"]))
            let saved = try await r.setNeed(
                program.id, township: parsed.township, households: parsed.households, people: parsed.people, byHardship: parsed.byHardship,
                funds: 0.5, by: try await f.caller("township"))
            let needs = try await r.needs(of: program.id, by: staff)
            #expect(saved.people == 6 && needs.count == 1)
            // A township's officer cannot file another township's line.
            #expect(
                await Self.code {
                    _ = try await r.setNeed(
                        program.id, township: try DivisionCode("330529102000"), households: 1, people: 1, byHardship: [.other: 1], funds: 0,
                        by: try await f.caller("township"))
                } == "division.not_found")
            // Household input: a bad ID number, two heads, a short account.
            func household(_ fields: [String: InputValue]) -> String? {
                do {
                    _ = try ReliefHouseholdDraft.parse(FieldsInput(fields), today: "2026-11-18")
                    return nil
                } catch let e as AnlanError { return e.code } catch { return "other" }
            }
            let base: [String: InputValue] = [
                "divisionCode": .text("330529101201"), "phone": .text("13957200001"), "account": .text("6230291000001234567"),
                "hardship": .text("cropFailure"), "reason": .text("绝收"),
            ]
            let good = Self.id("19650505", 501)
            let wrong = String(good.dropLast()) + (good.last == "0" ? "1" : "0")
            #expect(
                household(base.merging(["members.name": .text("甲"), "members.idNumber": .text(wrong)]) { $1 }) == "relief.id_number_invalid"
            )
            #expect(
                household(
                    base.merging(["members.name": .text("甲"), "members.idNumber": .text(good), "members.relation": .text("child")]) { $1 })
                    == "relief.head_required")
            #expect(
                household(base.merging(["members.name": .text("甲"), "members.idNumber": .text(good), "account": .text("12345")]) { $1 })
                    == "relief.account_invalid")
            #expect(household(base.merging(["members.name": .text("甲"), "members.idNumber": .text(good)]) { $1 }) == nil)
        }
    }

    @Test("a collapsed house on the year's 台账 whose household is not in the program is listed until it applies")
    func omissions() async throws {
        try await Fixtures.with { f in
            let staff = try await f.caller("staff"), info = try await f.caller("info"), duty = try await f.caller("duty")
            let now = f.store.environment.now()
            let event = try await f.store.disasters.open(
                DisasterEventDraft(
                    type: .flood, name: "暴雨", startedAt: now.addingTimeInterval(-7200), learnedAt: now.addingTimeInterval(-3600),
                    townships: [try DivisionCode("330529101000")]), by: duty)
            let householder = Self.id("19590204", 222)
            _ = try await f.store.disasters.addHouse(
                event.id,
                try DamagedHouseDraft.parse(
                    TextInput([
                        "divisionCode": "330529101201", "householder": "李秀英", "idNumber": householder, "damage": "collapsed", "rooms": "2",
                        "address": "一组",
                    ]), today: "2026-11-18"), by: info)
            let program = try await f.store.relief.open(ReliefProgramDraft(year: 2026, budgetWanYuan: 10), by: staff)
            #expect(try await f.store.relief.omissions(of: program.id, by: staff).map(\.householder) == ["李秀英"])
            // Last year's program does not count this year's disaster.
            let last = try await f.store.relief.open(ReliefProgramDraft(year: 2025, budgetWanYuan: 10), by: staff)
            #expect(try await f.store.relief.omissions(of: last.id, by: staff).isEmpty)
            _ = try await f.store.relief.apply(program.id, Self.draft([householder]), by: info)
            #expect(try await f.store.relief.omissions(of: program.id, by: staff).isEmpty)
        }
    }
}
