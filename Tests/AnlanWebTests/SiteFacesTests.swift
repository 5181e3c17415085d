import AnlanCore
import AnlanTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Flood and forest-fire sites through both faces: refusals alike, the township's own sites only, the 责任人 list and the
/// board's layer agreeing with the register.
@Suite("Sites: the page and the API answer the same input the same way")
struct SiteFacesTests {
    static let base: [(String, String)] = [
        ("kind", "reservoir"), ("name", "石门坞水库"), ("divisionCode", "330529101201"), ("grade", "小(1)型"), ("threatenedPeople", "1850"),
        ("latitude", "30.61"), ("longitude", "119.62"), ("administrativeName", "王建国"), ("administrativeUnit", "副镇长"),
        ("administrativePhone", "13957206100"), ("technicalName", "李志强"), ("technicalPhone", "0572-5012345"), ("patrolName", "张海峰"),
        ("patrolPhone", "13757206300"),
    ]

    static func body(_ form: [(String, String)]) throws -> String {
        var fields: [String: Any] = [:]
        for (k, v) in form {
            if k == "threatenedPeople", let n = Int(v) {
                fields[k] = n
            } else if k == "latitude" || k == "longitude", let d = Double(v) {
                fields[k] = d
            } else {
                fields[k] = v
            }
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: fields), as: UTF8.self)
    }

    @Test("refusals alike on both faces; a township keeps only its own; the 责任人 list and the map layer follow the register")
    func faces() async throws {
        try await withApp { _, _, client in
            let staff = try await client.token("staff")
            let session = try #require(try await client.browserLogin("staff").1)
            for change in [
                [("patrolPhone", "")], [("technicalPhone", "电话号码")], [("kind", "lake")], [("divisionCode", "330529000000")],
                [("latitude", "")], [("threatenedPeople", "-5")], [("administrativeName", "")],
            ] {
                let form = changed(Self.base, change)
                let page = try await postForm(client, session: session, csrfFrom: "/sites/new", to: "/sites", form: form)
                let api = try await client.send(.post, "/api/v1/sites", token: staff, json: try Self.body(form))
                expectSame(page, api, "\(change)")
            }
            let made = try await client.send(.post, "/api/v1/sites", token: staff, json: try Self.body(Self.base))
            #expect(made.0 == .created && (json(made.1)["keepers"] as? [Any])?.count == 3)
            let forest = changed(Self.base, [("kind", "forestArea"), ("name", "九龙山林区"), ("divisionCode", "330529102201")])
            #expect(try await client.send(.post, "/api/v1/sites", token: staff, json: try Self.body(forest)).0 == .created)
            // The township of 330529101000 keeps its own, not its neighbour's.
            let township = try await client.token("township")
            #expect(json(try await client.get("/api/v1/sites", token: township).1)["total"] as? Int == 1)
            let outside = changed(Self.base, [("divisionCode", "330529102201")])
            #expect(try await client.send(.post, "/api/v1/sites", token: township, json: try Self.body(outside)).0 == .notFound)
            // The published lists: flood sites and forest areas apart; the layer has every located site.
            let list = try await client.get("/sites/keepers", cookie: session).1
            #expect(list.contains("石门坞水库") && list.contains("王建国") && !list.contains("九龙山林区") && list.contains("共 1 处"))
            let forestList = try await client.get("/sites/keepers?flood=false", cookie: session).1
            #expect(forestList.contains("九龙山林区") && !forestList.contains("石门坞水库"))
            let (status, _, headers) = try await client.get("/sites/keepers.xlsx", cookie: session)
            #expect(status == .ok && headers[.contentType]?.contains("spreadsheetml") == true)
            let layer = json(try await client.get("/sites/map.geojson", cookie: session).1)
            #expect((layer["features"] as? [Any])?.count == 2)
            // Archived: gone from the register, the list and the layer.
            let id = try #require(json(made.1)["id"] as? String)
            #expect(try await client.send(.post, "/api/v1/sites/\(id)/archive", token: staff, json: "{}").0 == .noContent)
            #expect(json(try await client.get("/api/v1/sites", token: staff).1)["total"] as? Int == 1)
            #expect((json(try await client.get("/sites/map.geojson", cookie: session).1)["features"] as? [Any])?.count == 1)
            #expect(try await client.send(.put, "/api/v1/sites/\(id)", token: staff, json: try Self.body(Self.base)).0 == .conflict)
        }
    }
}
