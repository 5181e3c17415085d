import AnlanCore
import AnlanTesting
import Foundation
import HTTPTypes
import Testing

@testable import AnlanWeb

/// Every link a role is shown opens for that role: the menu, the supervision page's list, the home and work pages
/// offer nothing that answers 403, and nothing that is not the role's to use.
@Suite("Links by role")
struct RoleLinksTests {
    static let businessRoles = ["leader", "inspector", "duty", "staff", "township", "info", "enterprise", "department"]

    /// The site's own links of a page (not assets, not log-out, not downloads).
    func links(_ html: String) -> [String] {
        html.matches(of: /href="(\/[^"#?]*)(?:\?[^"]*)?"/).map { String($0.1) }
            .filter {
                !$0.hasPrefix("/static") && !$0.hasSuffix(".xlsx") && !$0.hasSuffix(".csv") && !$0.hasSuffix("/docx") && $0 != "/logout"
            }
    }

    @Test("no role is shown a link that refuses it, over the demo's two years of plans, draws, inspections and cases")
    func everyLinkOpens() async throws {
        try await withApp(enterprises: 600, supervision: true) { _, _, client in
            var checked = 0
            for who in Self.businessRoles {
                let session = try #require(try await client.browserLogin(who).1, "\(who)")
                var seen = Set<String>()
                for start in ["/home", "/supervision", "/my-work"] {
                    let (status, page, _) = try await client.get(start, cookie: session)
                    if status == .forbidden { continue }  // a page the role does not reach is not linked (checked below)
                    for link in links(page) where seen.insert(link).inserted {
                        let opened = try await client.get(link, cookie: session).0
                        checked += 1
                        #expect(opened != .forbidden, "\(who) is offered \(link) from \(start) but refused it")
                    }
                }
            }
            #expect(checked > 60)  // the pages' links were found (8 roles, a dozen links or more each)
        }
    }

    @Test("business roles are not offered 系统管理; an enterprise officer sees its own work, not the bureau's")
    func onlyWhatTheRoleUses() async throws {
        try await withApp(enterprises: 600) { _, _, client in
            for who in Self.businessRoles {
                let session = try #require(try await client.browserLogin(who).1)
                let home = try await client.get("/home", cookie: session).1
                #expect(!home.contains(">\(UIText.administration)<"), "\(who)")
            }
            let officer = try #require(try await client.browserLogin("enterprise").1)
            let supervision = try await client.get("/supervision", cookie: officer).1
            // 执法统计 is in the bureau's menu, not the enterprise's.
            let leader = try #require(try await client.browserLogin("leader").1)
            #expect(links(try await client.get("/home", cookie: leader).1).contains("/statistics"))
            #expect(!links(try await client.get("/home", cookie: officer).1).contains("/statistics"))
            for bureauOnly in ["/inspections/new", "/cases", "/supervision/settings", "/inspection-plans", "/draws"] {
                #expect(!links(supervision).contains(bureauOnly), "\(bureauOnly)")
            }
            let work = try await client.get("/my-work", cookie: officer).1
            #expect(work.contains("my-own-hazards") && !work.contains("my-reinspections") && !work.contains("my-documents"))
            #expect(!(try await client.get("/home", cookie: officer).1.contains("child-divisions")))
            // The inspector is offered a new inspection; the staff member, who cannot inspect, is not.
            let inspector = try #require(try await client.browserLogin("inspector").1)
            #expect(links(try await client.get("/supervision", cookie: inspector).1).contains("/inspections/new"))
            let staff = try #require(try await client.browserLogin("staff").1)
            #expect(!links(try await client.get("/supervision", cookie: staff).1).contains("/inspections/new"))
        }
    }
}
