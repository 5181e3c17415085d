import AnlanCore
import AnlanTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// 年度工作数据 through its faces: the API's figures equal the statistics and lists each links to, the page shows the
/// same numbers with those links, the A4 page, Word and workbook are served, and refusals carry their codes.
@Suite("Annual report: the page and the API equal the pages they link to")
struct AnnualReportFacesTests {
    @Test("figures equal the accident statistics, publicity totals, drill list and disaster statistics of the same period")
    func faces() async throws {
        try await withApp { _, _, client in
            let staff = try await client.token("staff")
            let duty = try await client.token("duty")
            let session = try #require(try await client.browserLogin("staff").1)
            // A 较大 accident (3 deaths): the annual figures count it, and its clock owes the province a report.
            let recorded = try await client.send(
                .post, "/api/v1/accidents", token: duty,
                json: #"""
                    {"occurredAt":"2026-11-18T16:40","learnedAt":"2026-11-18T17:10","divisionCode":"330529101201","place":"集水井",
                     "party":"某污水处理站","sector":"工贸","type":"poisoning","deaths":3,"description":"有限空间作业中毒"}
                    """#)
            #expect(recorded.0 == .created)
            let clock = json(recorded.1)["clock"] as? [[String: Any]] ?? []
            #expect(clock.contains { $0["recipient"] as? String == "provinceBureau" })
            #expect(!clock.contains { $0["recipient"] as? String == "ministry" })

            let (status, body, _) = try await client.get("/api/v1/annual-report?year=2026", token: staff)
            #expect(status == .ok)
            let report = json(body)
            let from = try #require(report["from"] as? String), to = try #require(report["to"] as? String)
            #expect(from == "2026-01-01")
            let sections = report["sections"] as? [[String: Any]] ?? []
            func figure(_ section: String, _ key: String) -> Double? {
                let s = sections.first { $0["key"] as? String == section }
                return ((s?["figures"] as? [[String: Any]]) ?? []).first { $0["key"] as? String == key }?["value"] as? Double
            }
            let stats = json(try await client.get("/api/v1/accidents/statistics?from=\(from)&to=\(to)&by=grade", token: staff).1)
            let total = stats["total"] as? [String: Any] ?? [:]
            #expect(figure("accidents", "deaths") == (total["deaths"] as? Int).map(Double.init))
            #expect(figure("accidents", "accidents") == (total["accidents"] as? Int).map(Double.init))
            #expect((figure("accidents", "grade.larger") ?? 0) >= 1)
            let publicity = json(try await client.get("/api/v1/publicity-events/totals?from=\(from)&to=\(to)", token: staff).1)
            #expect(figure("publicity", "audience") == ((publicity["total"] as? [String: Any])?["audience"] as? Int).map(Double.init))
            let drills = json(try await client.get("/api/v1/drills?from=\(from)&to=\(to)", token: staff).1)
            #expect(figure("drills", "drills") == (drills["total"] as? Int).map(Double.init))
            for (key, query) in [
                ("found", "foundFrom=\(from)&foundTo=\(to)"), ("major", "major=true&foundFrom=\(from)&foundTo=\(to)"),
                ("closed", "closedFrom=\(from)&closedTo=\(to)"),
            ] {
                let listed = json(try await client.get("/api/v1/hazards?onSites=true&\(query)", token: staff).1)["total"] as? Int
                #expect(figure("siteHazards", key) == listed.map(Double.init), "\(key)")
            }
            let disasters = json(try await client.get("/api/v1/disaster-statistics?year=2026", token: staff).1)
            #expect(figure("disasters", "events") == (disasters["events"] as? [Any]).map { Double($0.count) })

            // The page shows the same numbers, each linking to its statistics page.
            let page = try await client.get("/reports/annual?year=2026", cookie: session).1
            let deaths = Int(figure("accidents", "deaths") ?? -1)
            #expect(
                page.contains(
                    "href=\"/accidents/statistics?from=\(from)&amp;to=\(to)&amp;by=grade\" data-testid=\"figure-accidents-deaths\">\(deaths)</a>"
                )
                    || page.contains(
                        "href=\"/accidents/statistics?from=\(from)&to=\(to)&by=grade\" data-testid=\"figure-accidents-deaths\">\(deaths)</a>"
                    ))
            #expect(try await client.get("/home", cookie: session).1.contains("data-testid=\"open-annual\""))
            let printed = try await client.get("/reports/annual/print?year=2026", cookie: session)
            #expect(printed.0 == .ok && printed.1.contains("2026 年度工作数据"))
            let word = try await client.get("/reports/annual.docx?year=2026", cookie: session)
            #expect(word.0 == .ok && word.2[.contentType]?.contains("wordprocessingml") == true)
            let book = try await client.get("/reports/annual.xlsx?year=2026", cookie: session)
            #expect(book.0 == .ok && book.2[.contentType]?.contains("spreadsheetml") == true)

            // Refusals by name; the enterprise's officer has no county report.
            for (year, code) in [("1999", "report.year_invalid"), ("2027", "report.year_invalid"), ("x", "query.not_integer")] {
                let refused = try await client.get("/api/v1/annual-report?year=\(year)", token: staff)
                #expect(refused.0 == .unprocessableContent || refused.0 == .badRequest, "\(year)")
                #expect(json(refused.1)["code"] as? String == code, "\(year)")
            }
            let officer = try await client.token("enterprise")
            #expect(try await client.get("/api/v1/annual-report", token: officer).0 == .forbidden)
        }
    }
}
