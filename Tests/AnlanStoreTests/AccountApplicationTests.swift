import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import Testing

/// Onboarding a real enterprise (issue 11 item 5): the administrator links an officer by credit code, or the enterprise
/// applies and the administrator approves (the account exists, linked, with the password chosen) or refuses; audited.
@Suite("Enterprise accounts: linking and applications")
struct AccountApplicationTests {
    @Test("apply by credit code, approve into a linked account that logs in, refuse with a reason; links by credit code")
    func onboarding() async throws {
        try await Fixtures.with(enterprises: 600) { f in
            let admin = try await f.caller("sysadmin")
            let staff = try await f.caller("staff")
            let accounts = f.store.accounts
            let enterprise = try #require(
                try await f.store.enterprises.list(.init(), page: try PageRequest(pageSize: 50), by: staff).items.first {
                    $0.profile.creditCode != nil
                })
            let code = try #require(enterprise.profile.creditCode)
            let anonymous = Caller.anonymous(ip: "10.0.0.9", requestID: "t")
            func refusal(_ body: () async throws -> Void) async -> String? {
                do { try await body() } catch let e as AnlanError { return e.code } catch { return "\(error)" }
                return nil
            }
            let form = AccountService.ApplicationForm(
                creditCode: code.lowercased(), contactName: "陈晓", phone: "0571-88886666", username: "chenxiao", password: "Chen-2026-Safe")
            var bad = form
            bad.creditCode = "91330529MA00000000"
            #expect(await refusal { _ = try await accounts.apply(bad, by: anonymous) } != nil)
            bad = form
            bad.username = "enterprise"
            #expect(await refusal { _ = try await accounts.apply(bad, by: anonymous) } == "user.username_taken")
            bad = form
            bad.password = "short"
            #expect(await refusal { _ = try await accounts.apply(bad, by: anonymous) } != nil)

            let application = try await accounts.apply(form, by: anonymous)
            #expect(application.status == .pending && application.enterpriseID == enterprise.id && application.creditCode == code)
            #expect(await refusal { _ = try await accounts.apply(form, by: anonymous) } == "user.username_taken", "the same login twice")
            // Only the system administrator decides; a refusal needs a reason.
            #expect(
                await refusal { _ = try await accounts.decide(application: application.id, approved: true, reason: nil, by: staff) }
                    == "auth.forbidden")
            #expect(
                await refusal { _ = try await accounts.decide(application: application.id, approved: false, reason: nil, by: admin) }
                    == "application.reason_required")
            #expect(
                try await accounts.applications(status: .pending, page: try PageRequest(), by: admin).items.map(\.id) == [application.id])

            let approved = try await accounts.decide(application: application.id, approved: true, reason: nil, by: admin)
            #expect(approved.status == .approved && approved.userID != nil)
            let officer = try await accounts.login(username: "chenxiao", password: "Chen-2026-Safe", caller: anonymous)
            #expect(officer.role == .enterpriseOfficer && officer.enterpriseID == enterprise.id && officer.displayName == "陈晓")
            #expect(
                await refusal { _ = try await accounts.decide(application: application.id, approved: false, reason: "重复", by: admin) }
                    == "application.decided")

            var second = form
            second.username = "chenxiao2"
            let other = try await accounts.apply(second, by: anonymous)
            let refused = try await accounts.decide(application: other.id, approved: false, reason: "联系人非企业员工", by: admin)
            #expect(refused.status == .refused && refused.reason == "联系人非企业员工")
            #expect(
                await refusal { _ = try await accounts.login(username: "chenxiao2", password: "Chen-2026-Safe", caller: anonymous) } != nil)
            let audited = try await f.store.audit.search(
                .init(targetType: "account_application"), page: try PageRequest(), by: .console("t"))
            #expect(Set(audited.items.map(\.action)) == ["application.submit", "application.approve", "application.refuse"])

            // The administrator links an officer by credit code; another role cannot be linked; unknown codes are refused.
            let created = try await accounts.create(
                .init(
                    username: "officer2", displayName: "吴敏", role: .enterpriseOfficer, divisionCode: try DivisionCode("330529000000"),
                    password: "Wu-2026-Safe-1", enterpriseCreditCode: code), by: admin)
            #expect(created.enterpriseID == enterprise.id)
            #expect(
                await refusal {
                    _ = try await accounts.create(
                        .init(
                            username: "inspector9", displayName: "钱峰", role: .inspector, divisionCode: try DivisionCode("330529000000"),
                            password: "Qian-2026-Safe", enterpriseCreditCode: code), by: admin)
                } == "user.not_enterprise_officer")
            #expect(
                await refusal {
                    _ = try await accounts.update(id: created.id, .init(enterpriseCreditCode: "91330529MA0000000X"), by: admin)
                } == "enterprise.not_found")
            let unlinked = try await accounts.update(id: created.id, .init(enterpriseCreditCode: ""), by: admin)
            #expect(unlinked.enterpriseID == nil)
        }
    }
}
