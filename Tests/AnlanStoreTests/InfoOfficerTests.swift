import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import Testing

/// The 灾害信息员 roster: one officer per post and place, the coverage of villages and townships, training that lapsed,
/// and accounts made from the roster by the system administrator only.
@Suite("Information officers")
struct InfoOfficerTests {
    static func draft(_ code: String, _ post: InfoOfficerPost, _ name: String, trained: Day?) -> InfoOfficerDraft {
        InfoOfficerDraft(divisionCode: try! DivisionCode(code), post: post, name: name, phone: "13865720001", trainedOn: trained)
    }

    @Test("one officer per post and place; coverage lists what is missing; lapsed training is counted and listed")
    func rosterAndCoverage() async throws {
        try await Fixtures.with { f in
            let staff = try await f.caller("staff")
            let roster = f.store.infoOfficers
            let today = Day(f.store.environment.now())
            let a = try await roster.create(Self.draft("330529101201", .a, "孙丽", trained: today.adding(days: -30)), by: staff)
            _ = try await roster.create(Self.draft("330529101201", .b, "王芳", trained: today.adding(days: -400)), by: staff)
            do {
                _ = try await roster.create(Self.draft("330529101201", .a, "李娜", trained: nil), by: staff)
                Issue.record("a second A-post was accepted")
            } catch let e as AnlanError { #expect(e.code == "info_officer.post_taken" && e.message.contains("孙丽")) }
            let coverage = try await roster.coverage(by: staff)
            let village = try #require(coverage.divisions.first { $0.code.rawValue == "330529101201" })
            #expect(village.complete && coverage.lapsed == 1)
            #expect(coverage.divisions.filter { !$0.complete }.count == coverage.divisions.count - 1)
            #expect(try await roster.list(.init(lapsed: true), page: PageRequest(), by: staff).items.map(\.name) == ["王芳"])
            // Archived, the post is free again.
            _ = try await roster.archive(a.id, reason: "调离", by: staff)
            _ = try await roster.create(Self.draft("330529101201", .a, "李娜", trained: today), by: staff)
            // A township officer keeps the roster of its own township only.
            let township = try await f.caller("township")
            await #expect(throws: AnlanError.self) {
                _ = try await roster.create(Self.draft("330529102201", .a, "周敏", trained: nil), by: township)
            }
        }
    }

    @Test("accounts from the roster: only the system administrator makes them, each scoped to its officer's place, once")
    func accounts() async throws {
        try await Fixtures.with { f in
            let staff = try await f.caller("staff")
            let roster = f.store.infoOfficers
            _ = try await roster.create(Self.draft("330529101201", .a, "孙丽", trained: nil), by: staff)
            _ = try await roster.create(Self.draft("330529101000", .b, "钱明", trained: nil), by: staff)
            await #expect(throws: AnlanError.self) { _ = try await roster.makeAccounts(by: staff) }
            let admin = try await f.caller("sysadmin")
            let made = try await roster.makeAccounts(by: admin)
            #expect(made.map(\.username).sorted() == ["xxy101000b", "xxy101201a"])
            let user = try #require(try await f.store.accounts.find(username: "xxy101201a"))
            #expect(user.role == .infoOfficer && user.divisionCode.rawValue == "330529101201" && user.displayName == "孙丽")
            #expect(try await roster.makeAccounts(by: admin).isEmpty)
            #expect(try await roster.list(.init(withoutAccount: true), page: PageRequest(), by: staff).total == 0)
        }
    }
}
