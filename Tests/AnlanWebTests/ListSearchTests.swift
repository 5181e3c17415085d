import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AnlanWeb

/// Lists as bureau users search them (issue 11 item 14): words ANDed, text search on the hazard, inspection, document
/// and case lists, the filters a link set shown as removable chips, page numbers with a total.
@Suite("List search, chips and pages")
struct ListSearchTests {
    @Test("multi-word searches AND their words on every list; chips show and remove a link's filters; pages are numbered")
    func lists() async throws {
        try await withApp(enterprises: 600, supervision: true) { fixtures, _, client in
            let leader = try await fixtures.caller("leader")
            let store = fixtures.store
            let any = try PageRequest(pageSize: 100)

            // Enterprises: two words of one name, in either order, find it; every result has both words.
            let sample = try #require(try await store.enterprises.list(.init(), page: try PageRequest(pageSize: 1), by: leader).items.first)
            let name = Array(sample.profile.name)
            let (first, second) = (String(name.prefix(2)), String(name.suffix(2)))
            for query in ["\(first) \(second)", "\(second)　\(first)"] {
                let found = try await store.enterprises.list(.init(query: query), page: any, by: leader).items
                #expect(found.contains { $0.id == sample.id }, "\(query)")
                #expect(found.allSatisfy { $0.profile.name.contains(first) || ($0.profile.address ?? "").contains(first) }, "\(query)")
            }
            #expect(try await store.enterprises.list(.init(query: "\(first) 不存在的词"), page: any, by: leader).total == 0)

            // Hazards by words of their description and their enterprise's name.
            let hazard = try #require(try await store.inspections.hazards(.init(open: true), page: any, by: leader).items.first)
            let enterpriseName = try await store.enterprises.get(try #require(hazard.enterpriseID), by: leader).profile.name
            let words = "\(hazard.description.prefix(2)) \(enterpriseName.prefix(3))"
            let hits = try await store.inspections.hazards(.init(query: words), page: any, by: leader)
            #expect(hits.items.contains { $0.id == hazard.id })
            #expect(
                try await store.inspections.hazards(.init(query: "\(hazard.description.prefix(2)) 不存在的词"), page: any, by: leader).total == 0
            )

            // Documents by their number; cases by title words.
            let document = try #require(
                try await store.documents.documents(.init(kind: .penaltyDecision), page: any, by: leader).items.first)
            let byNumber = try await store.documents.documents(.init(query: document.number), page: any, by: leader)
            #expect(byNumber.items.map(\.id) == [document.id])
            let c = try #require(try await store.documents.cases(.init(), page: any, by: leader).items.first)
            #expect(
                try await store.documents.cases(.init(query: String(c.title.prefix(4))), page: any, by: leader).items.contains {
                    $0.id == c.id
                })

            // Pages: a statistics link's filters show as chips, each removable; the search keeps them.
            let session = try #require(try await client.browserLogin("leader").1)
            let page = try await client.get("/hazards?overdue=true&sector=%E5%B7%A5%E8%B4%B8&q=%E9%85%8D%E7%94%B5", cookie: session).1
            #expect(
                page.contains("data-testid=\"filter-chips\"") && page.contains("逾期：是") && page.contains("行业：工贸") && page.contains("查询：配电"))
            // The 行业 chip links to the same list without the sector.
            let sectorChip = try #require(page.firstMatch(of: #/href="([^"]+)"[^>]*data-filter="sector"/#)?.1)
            #expect(sectorChip.contains("overdue=true") && sectorChip.contains("q=") && !sectorChip.contains("sector="), "\(sectorChip)")
            // A GET form sends the space as "+": the same hazards as with %20, and the chip reads the words.
            let w1 = String(hazard.description.prefix(2)), w2 = String(enterpriseName.prefix(3))
            func encoded(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s }
            let plus = try await client.get("/hazards?q=\(encoded(w1))+\(encoded(w2))", cookie: session).1
            let space = try await client.get("/hazards?q=\(encoded(w1))%20\(encoded(w2))", cookie: session).1
            let total = #/共 (\d+) 条/#
            #expect(plus.firstMatch(of: total)?.1 == space.firstMatch(of: total)?.1 && plus.contains("查询：\(w1) \(w2)"))
            #expect(plus.firstMatch(of: total).map { Int($0.1)! > 0 } == true)
            let documents = try await client.get("/documents?kind=onSiteMeasures&seizure=true&from=2025-01-01", cookie: session).1
            #expect(
                documents.contains("查封扣押：是") && documents.contains("name=\"seizure\" value=\"true\""),
                "the search form keeps the link's filters")
            let numbered = try await client.get("/documents?page=2", cookie: session).1
            #expect(numbered.contains("aria-current=\"page\">2<") && numbered.contains("data-testid=\"pager\""))
            let pastEnd = try await client.get("/cases?page=99", cookie: session).1
            #expect(!pastEnd.contains("第 99 /"))
            let api = try await client.get(
                "/api/v1/hazards?q=" + String(repeating: "x", count: 101), token: try await client.token("leader"))
            #expect(api.0 == .unprocessableContent && json(api.1)["code"] as? String == "query.q_too_long")
        }
    }
}

@Suite("People by name on lists")
struct ListPeopleByNameTests {
    @Test("inspections and cases filter by a person's name or login; the chip shows the name; risk history names who changed it")
    func names() async throws {
        try await withApp(enterprises: 600, supervision: true) { fixtures, _, client in
            let leader = try await fixtures.caller("leader")
            let store = fixtures.store
            let any = try PageRequest(pageSize: 1)
            // 王强 is the demo's `inspector`: by name and by login the same inspections and cases.
            let byLogin = try await store.inspections.list(.init(inspector: "inspector"), page: any, by: leader).total
            let byName = try await store.inspections.list(.init(inspector: "王强"), page: any, by: leader).total
            #expect(byLogin > 0 && byName == byLogin)
            #expect(try await store.inspections.list(.init(inspector: "无此人"), page: any, by: leader).total == 0)
            let casesByLogin = try await store.documents.cases(.init(openedBy: "inspector"), page: any, by: leader).total
            let casesByName = try await store.documents.cases(.init(openedBy: "王强"), page: any, by: leader).total
            #expect(casesByLogin > 0 && casesByName == casesByLogin)

            let session = try #require(try await client.browserLogin("leader").1)
            for uri in ["/inspections?inspector=inspector", "/cases?openedBy=inspector"] {
                let chips = try #require(
                    try await client.get(uri, cookie: session).1.firstMatch(
                        of: /data-testid="filter-chips"(.*?)<\/div>/.dotMatchesNewlines())?.1)
                #expect(chips.contains("王强") && !chips.contains("：inspector"), "\(uri)")
            }
            // Risk history: who changed the grade, by name.
            let enterprise = try #require(try await store.enterprises.list(.init(), page: any, by: leader).items.first)
            let staff = try await fixtures.caller("staff")
            let staffName = try #require(try await store.accounts.find(username: "staff")).displayName
            _ = try await store.enterprises.setRiskLevel(
                id: enterprise.id, to: enterprise.riskLevel == .major ? .low : .major, reason: "年度评估调整", by: staff)
            let file = try await client.get("/enterprises/\(enterprise.id.key)", cookie: session).1
            let changers = file.matches(of: /data-testid="risk-changed-by">([^<]*)</).map { String($0.1) }
            #expect(changers.contains(staffName) && !changers.contains("staff"))
        }
    }
}

@Suite("Amounts on pages")
struct GroupedAmountTests {
    @Test(
        "amounts read with thousands separators",
        arguments: [
            ("0.00", "0.00"), ("999.50", "999.50"), ("1000.00", "1,000.00"), ("1234567.89", "1,234,567.89"), ("-2500.00", "-2,500.00"),
        ])
    func grouped(_ plain: String, _ shown: String) {
        #expect(SupervisionPages.grouped(plain) == shown)
    }
}
