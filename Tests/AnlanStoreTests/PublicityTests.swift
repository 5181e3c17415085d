import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import Testing

/// Publicity and training: recorded after the event, a 五进 activity names where it went, and the totals equal the sums of
/// the events listed.
@Suite("Publicity and training")
struct PublicityTests {
    @Test("recording checks the date and the 五进 target; the totals per kind and in all equal the listed events")
    func totals() async throws {
        try await Fixtures.with { f in
            let staff = try await f.caller("staff")
            let today = Day(f.store.environment.now())
            let county = try DivisionCode("330529000000"), town = try DivisionCode("330529101000")
            let p = f.store.publicity
            _ = try await p.record(
                PublicityDraft(
                    kind: .disasterReductionDay, theme: "防灾减灾日", on: today.adding(days: -10), divisionCode: county, place: "广场",
                    organiser: "县减灾委", audience: 500, leaflets: 2000, boards: 10, banners: 4), by: staff)
            _ = try await p.record(
                PublicityDraft(
                    kind: .fiveInto, target: .schools, theme: "防溺水", on: today.adding(days: -3), divisionCode: town, place: "中心小学",
                    organiser: "青山镇", audience: 300, leaflets: 300), by: staff)
            _ = try await p.record(
                PublicityDraft(
                    kind: .fiveInto, target: .families, theme: "防火", on: today.adding(days: -2), divisionCode: town, place: "村委会",
                    organiser: "青山镇", audience: 40, leaflets: 80, banners: 1), by: staff)
            let (byKind, all) = try await p.totals(.init(), by: staff)
            #expect(all.events == 3 && all.audience == 840 && all.leaflets == 2380 && all.boards == 10 && all.banners == 5)
            #expect(byKind[.fiveInto]?.events == 2 && byKind[.fiveInto]?.audience == 340)
            let listed = try await p.list(.init(kind: .fiveInto), page: PageRequest(), by: staff)
            #expect(listed.total == 2 && listed.items.map(\.audience).reduce(0, +) == 340)
            // A township sees its own.
            let township = try await f.caller("township")
            #expect(try await p.totals(.init(), by: township).all.events == 2)
            func code(_ fields: [String: String]) -> String? {
                do { _ = try PublicityDraft.parse(TextInput(fields), today: today) } catch let e as AnlanError { return e.code } catch {
                    return "\(error)"
                }
                return nil
            }
            let base = [
                "kind": "fiveInto", "target": "schools", "theme": "x", "on": today.description, "divisionCode": town.rawValue, "place": "p",
                "organiser": "o", "audience": "10",
            ]
            #expect(code(base) == nil)
            #expect(code(base.merging(["target": ""]) { $1 }) == "publicity.field_required")
            #expect(code(base.merging(["on": today.adding(days: 1).description]) { $1 }) == "publicity.date_invalid")
            #expect(code(base.merging(["audience": "-5"]) { $1 }) == "publicity.count_invalid")
        }
    }
}
