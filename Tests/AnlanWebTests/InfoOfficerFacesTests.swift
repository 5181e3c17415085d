import AnlanCore
import AnlanTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The roster through both faces, the coverage page's figures against the lists they link to, and the accounts page.
@Suite("Information officers: the page and the API answer the same input the same way")
struct InfoOfficerFacesTests {
    static let base: [(String, String)] = [
        ("divisionCode", "330529101201"), ("post", "a"), ("name", "孙丽"), ("phone", "13957201201"), ("trainedOn", "2026-03-12"),
    ]

    @Test("refusals alike on both faces; the coverage counts equal the roster; the system administrator makes the accounts")
    func faces() async throws {
        try await withApp { fixtures, _, client in
            let staff = try await client.token("staff")
            let session = try #require(try await client.browserLogin("staff").1)
            let first = try await postForm(client, session: session, csrfFrom: "/info-officers/new", to: "/info-officers", form: Self.base)
            #expect(first.0 == .found)
            for change in [
                [("post", "c")], [("phone", "12345")], [("name", "")], [("divisionCode", "330529000000")], [("trainedOn", "2099-01-01")],
                [],
            ] {
                let form = changed(Self.base, change)
                let page = try await postForm(client, session: session, csrfFrom: "/info-officers/new", to: "/info-officers", form: form)
                let api = try await client.send(
                    .post, "/api/v1/info-officers", token: staff,
                    json: String(
                        decoding: try JSONSerialization.data(withJSONObject: Dictionary(uniqueKeysWithValues: form)), as: UTF8.self))
                expectSame(page, api, "\(change)")
            }
            let coverage = json(try await client.get("/api/v1/info-officers/coverage", token: staff).1)
            let divisions = coverage["divisions"] as? [[String: Any]] ?? []
            #expect(coverage["missing"] as? Int == divisions.count - 0 - divisions.filter { $0["complete"] as? Bool == true }.count)
            let lapsed = json(try await client.get("/api/v1/info-officers?lapsed=true", token: staff).1)["total"] as? Int
            #expect(coverage["lapsed"] as? Int == lapsed)
            let page = try await client.get("/info-officers/coverage", cookie: session).1
            #expect(page.contains("需复训 \(lapsed ?? -1) 人"))
            // Staff cannot make accounts; the system administrator can, once.
            #expect(try await client.send(.post, "/api/v1/info-officers/accounts", token: staff, json: "{}").0 == .forbidden)
            let admin = try await client.token("sysadmin", authenticator: fixtures)
            let made =
                json(try await client.send(.post, "/api/v1/info-officers/accounts", token: admin, json: "{}").1)["items"]
                as? [[String: Any]]
            #expect(made?.first?["username"] as? String == "xxy101201a" && (made?.first?["password"] as? String)?.isEmpty == false)
            let again = json(try await client.send(.post, "/api/v1/info-officers/accounts", token: admin, json: "{}").1)["items"] as? [Any]
            #expect(again?.isEmpty == true)
        }
    }

    @Test("publicity: refusals alike on both faces; the totals equal the list they link to")
    func publicity() async throws {
        try await withApp { _, _, client in
            let staff = try await client.token("staff")
            let session = try #require(try await client.browserLogin("staff").1)
            let base: [(String, String)] = [
                ("kind", "fiveInto"), ("target", "schools"), ("theme", "防溺水宣传"), ("on", "2026-11-10"), ("divisionCode", "330529101000"),
                ("place", "青山镇中心小学"), ("organiser", "青山镇人民政府"), ("audience", "320"), ("leaflets", "400"),
            ]
            for change in [[("kind", "party")], [("target", "")], [("on", "2026-12-30")], [("audience", "abc")], [("theme", "")]] {
                let form = changed(base, change)
                let page = try await postForm(client, session: session, csrfFrom: "/publicity/new", to: "/publicity", form: form)
                let api = try await client.send(
                    .post, "/api/v1/publicity-events", token: staff,
                    json: String(
                        decoding: try JSONSerialization.data(withJSONObject: Dictionary(uniqueKeysWithValues: form)), as: UTF8.self))
                expectSame(page, api, "\(change)")
            }
            #expect(try await postForm(client, session: session, csrfFrom: "/publicity/new", to: "/publicity", form: base).0 == .found)
            let totals = json(try await client.get("/api/v1/publicity-events/totals?kind=fiveInto", token: staff).1)
            let listed = json(try await client.get("/api/v1/publicity-events?kind=fiveInto", token: staff).1)
            #expect((totals["total"] as? [String: Any])?["events"] as? Int == listed["total"] as? Int)
            #expect((totals["total"] as? [String: Any])?["audience"] as? Int == 320)
        }
    }
}

@Suite("Information officers: the coverage map")
struct CoverageMapTests {
    @Test("each village on the map is coloured by the posts the coverage API lists for it; the page carries the map")
    func layer() async throws {
        try await withApp { _, _, client in
            let staff = try await client.token("staff")
            let session = try #require(try await client.browserLogin("staff").1)
            let coverage = json(try await client.get("/api/v1/info-officers/coverage", token: staff).1)
            var posts: [String: (Bool, Bool)] = [:]
            for row in coverage["divisions"] as? [[String: Any]] ?? [] {
                posts[row["divisionCode"] as? String ?? ""] = (row["postA"] is String, row["postB"] is String)
            }
            let (status, body, headers) = try await client.get("/info-officers/coverage.geojson", cookie: session)
            #expect(status == .ok && headers[.contentType]?.hasPrefix("application/geo+json") == true)
            let features = json(body)["features"] as? [[String: Any]] ?? []
            #expect(!features.isEmpty)
            var mapLapsed = 0
            for feature in features {
                let p = feature["properties"] as? [String: Any] ?? [:]
                let code = p["code"] as? String ?? ""
                let (a, b) = try #require(posts[code], "\(code) is not in the coverage")
                #expect(p["status"] as? String == (a && b ? "complete" : !a && !b ? "none" : "partial"), "\(code)")
                mapLapsed += (p["lapsed"] as? String ?? "").split(separator: "、").count
                #expect(code.hasSuffix("000") == false)
            }
            // The lapsed posts the map outlines are the village officers the roster lists as needing a refresher.
            let lapsedList = json(try await client.get("/api/v1/info-officers?lapsed=true&pageSize=200", token: staff).1)
            let lapsedVillages = (lapsedList["items"] as? [[String: Any]] ?? []).filter {
                ($0["divisionCode"] as? String).map { !$0.hasSuffix("000") } ?? false
            }
            #expect(mapLapsed == lapsedVillages.count && (lapsedList["total"] as? Int ?? 0) <= 200)
            // Filling a village's A post turns it from none to partial on the map.
            let empty = try #require(features.first { ($0["properties"] as? [String: Any])?["status"] as? String == "none" })
            let code = try #require((empty["properties"] as? [String: Any])?["code"] as? String)
            do {
                let made = try await client.send(
                    .post, "/api/v1/info-officers", token: staff,
                    json: #"{"divisionCode":"\#(code)","post":"a","name":"王小明","phone":"13900001111"}"#)
                #expect(made.0 == .created, "\(made.1)")
                let after =
                    json(try await client.get("/info-officers/coverage.geojson", cookie: session).1)["features"] as? [[String: Any]] ?? []
                let now = after.first { ($0["properties"] as? [String: Any])?["code"] as? String == code }
                #expect((now?["properties"] as? [String: Any])?["status"] as? String == "partial")
            }
            let page = try await client.get("/info-officers/coverage", cookie: session).1
            #expect(page.contains("data-testid=\"coverage-map\"") && page.contains("/static/js/coverage-map.js"))
        }
    }
}

@Suite("Publicity: an event's photos")
struct PublicityPhotoTests {
    @Test("photos are kept with the event (images only, twelve at most), shown on its page and served to its readers")
    func photos() async throws {
        try await withApp { _, _, client in
            let staff = try await client.token("staff")
            let made = try await client.send(
                .post, "/api/v1/publicity-events", token: staff,
                json:
                    #"{"kind":"lecture","theme":"防汛知识讲座","on":"2026-11-10","divisionCode":"330529101000","place":"镇文化礼堂","organiser":"青山镇","audience":80}"#
            )
            #expect(made.0 == .created)
            let id = try #require(json(made.1)["id"] as? String)
            let png = Fixtures.png
            func upload(_ data: Data, _ name: String, token: String) async throws -> (HTTPResponse.Status, String) {
                try await client.execute(
                    uri: "/api/v1/publicity-events/\(id)/photos?fileName=\(name)", method: .post,
                    headers: [.authorization: "Bearer \(token)", .contentType: "application/octet-stream"], body: ByteBuffer(bytes: data)
                ) { ($0.status, String(buffer: $0.body)) }
            }
            // A malformed 五进 target is refused even where the kind does not keep one.
            let odd = try await client.send(
                .post, "/api/v1/publicity-events", token: staff,
                json:
                    #"{"kind":"lecture","target":{},"theme":"防汛知识讲座","on":"2026-11-10","divisionCode":"330529101000","place":"镇文化礼堂","organiser":"青山镇","audience":80}"#
            )
            #expect(odd.0 == .unprocessableContent && json(odd.1)["code"] as? String == "publicity.target_invalid", "\(odd.1)")
            let pdf = try await upload(Data("%PDF-1.4 x".utf8), "a.pdf", token: staff)
            #expect(pdf.0 == .unprocessableContent && json(pdf.1)["code"] as? String == "publicity.photo_type")
            #expect(try await upload(png, "a.png", token: staff).0 == .created)
            let second = try await upload(png, "b.png", token: staff)
            #expect(second.0 == .created && (json(second.1)["photos"] as? [Any])?.count == 2)
            // An inspector (no manageResources) cannot add one.
            #expect(try await upload(png, "c.png", token: try await client.token("inspector")).0 == .forbidden)
            let session = try #require(try await client.browserLogin("staff").1)
            let page = try await client.get("/publicity/\(id)", cookie: session).1
            #expect(page.contains("data-testid=\"publicity-photo-count\">2 张") && page.contains("/publicity/\(id)/photos/2"))
            let (status, _, headers) = try await client.get("/publicity/\(id)/photos/1", cookie: session)
            #expect(status == .ok && headers[.contentType] == "image/png")
            #expect(try await client.get("/publicity/\(id)/photos/9", cookie: session).0 == .notFound)
        }
    }
}
