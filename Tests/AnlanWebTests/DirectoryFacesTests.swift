import AnlanCore
import AnlanTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Teams, experts, equipment and shelters through their two faces, their states, a team's roster and training, the
/// township's own view and the resource map.
@Suite("Emergency resources: teams, experts, equipment, shelters")
struct DirectoryFacesTests {
    static let team =
        #"{"kind":"team","name":"县综合性应急救援队","category":"professional","divisionCode":"330529000000","contact":"梁志刚","phone":"0572-5110119","tags":["水上救援","破拆"],"latitude":30.6,"longitude":119.7,"members":"张伟|13900000001|应急救援员\n李强|13900000002"}"#

    @Test("each refusal has the same status, code and message on the page as on the API")
    func sameRefusals() async throws {
        try await withApp { _, _, client in
            let token = try await client.token("staff")
            let session = try #require(try await client.browserLogin("staff").1)
            let base: [(String, String)] = [
                ("kind", "shelter"), ("name", "人民广场"), ("category", "central"), ("divisionCode", "330529000000"), ("contact", "应急办"),
                ("phone", "0572-5120000"),
            ]
            let cases: [[(String, String)]] = [
                changed(base, [("kind", "tank")]), changed(base, [("category", "professional")]), changed(base, [("phone", "call me")]),
                changed(base, [("name", "")]),
                changed(base, [("capacity", "100"), ("occupancy", "101")]), changed(base, [("latitude", "30.6")]),
                changed(base, [("state", "onTask")]),
                changed(base, [("divisionCode", "110101000000")]), changed(base, [("capacity", "-1")]),
                changed(base, [("tags", String(repeating: "长", count: 21))]),
                changed(base, [("kind", "team"), ("category", "fire"), ("members", "张伟")]),
                changed(base, [("boundary", "30.60,119.70 30.61,119.71")]),
                changed(base, [("boundary", Self.square), ("latitude", "31.0"), ("longitude", "119.71")]),
                changed(base, [("kind", "equipment"), ("category", "pump"), ("teamId", "not-an-id")]),
                changed(base, [("kind", "equipment"), ("category", "pump"), ("teamId", "7f000000-0000-4000-8000-000000000001")]),
            ]
            for form in cases {
                let page = try await postForm(
                    client, session: session, csrfFrom: "/directory/new?kind=shelter", to: "/directory", form: form)
                let body = try JSONSerialization.data(withJSONObject: Dictionary(form, uniquingKeysWith: { _, b in b }))
                let api = try await client.send(.post, "/api/v1/resources", token: token, json: String(decoding: body, as: UTF8.self))
                expectSame(page, api, "\(form)")
            }
            #expect(json(try await client.get("/api/v1/resources", token: token).1)["total"] as? Int == 0)
        }
    }

    @Test("a team keeps its roster and training record; a shelter opens and fills; only callable ones are listed as such")
    func states() async throws {
        try await withApp { _, _, client in
            let token = try await client.token("staff")
            let (status, text) = try await client.send(.post, "/api/v1/resources", token: token, json: Self.team)
            #expect(status == .created, "\(text)")
            let team = json(text)
            let id = try #require(team["id"] as? String)
            #expect(team["capacity"] as? Int == 2 && team["callable"] as? Bool == true && team["stateLabel"] as? String == "待命")
            let training = try await client.send(
                .post, "/api/v1/resources/\(id)/trainings", token: token,
                json: #"{"on":"2026-10-12","subject":"水上救援实训","hours":6,"participants":2}"#)
            #expect(training.0 == .created)
            let future = try await client.send(
                .post, "/api/v1/resources/\(id)/trainings", token: token,
                json: #"{"on":"2030-01-01","subject":"x","hours":6,"participants":2}"#)
            #expect(json(future.1)["code"] as? String == "resource.training_date_invalid")
            let full = json(try await client.get("/api/v1/resources/\(id)", token: token).1)
            #expect((full["members"] as? [[String: Any]])?.map { $0["name"] as? String } == ["张伟", "李强"])
            #expect((full["trainings"] as? [[String: Any]])?.first?["subject"] as? String == "水上救援实训")

            let onTask = try await client.send(.post, "/api/v1/resources/\(id)/state", token: token, json: #"{"state":"onTask"}"#)
            #expect(json(onTask.1)["callable"] as? Bool == false)
            let shelter = json(
                try await client.send(
                    .post, "/api/v1/resources", token: token,
                    json:
                        #"{"kind":"shelter","name":"人民广场","category":"central","divisionCode":"330529000000","contact":"应急办","phone":"0572-5120000","capacity":100,"latitude":30.61,"longitude":119.71}"#
                ).1)
            let shelterID = try #require(shelter["id"] as? String)
            let crowded = try await client.send(
                .post, "/api/v1/resources/\(shelterID)/state", token: token, json: #"{"state":"open","occupancy":101}"#)
            #expect(crowded.0 == .unprocessableContent && json(crowded.1)["code"] as? String == "resource.occupancy_invalid")
            _ = try await client.send(
                .post, "/api/v1/resources/\(shelterID)/state", token: token, json: #"{"state":"open","occupancy":40}"#)
            let callable = json(try await client.get("/api/v1/resources?callable=true", token: token).1)
            #expect((callable["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [shelterID])

            // The township officer sees none of the county's; the map carries both points for staff.
            let township = try await client.token("township")
            #expect(json(try await client.get("/api/v1/resources", token: township).1)["total"] as? Int == 0)
            #expect(try await client.get("/api/v1/resources/\(id)", token: township).0 == .notFound)
            let session = try #require(try await client.browserLogin("staff").1)
            let map = try await client.get("/resources/map.geojson", cookie: session).1
            let layers = (json(map)["features"] as? [[String: Any]])?.compactMap {
                ($0["properties"] as? [String: Any])?["layer"] as? String
            }
            #expect(layers?.sorted() == ["shelter", "team"])
            let enterprise = try await client.token("enterprise")
            #expect(try await client.get("/api/v1/resources", token: enterprise).0 == .forbidden)
            // The map page queries nothing itself, and still refuses those who may not read readiness records.
            let officer = try #require(try await client.browserLogin("enterprise").1)
            #expect(try await client.get("/resources/map", cookie: officer).0 == .forbidden)
        }
    }

    /// A shelter's site: a closed ring around (30.61, 119.71).
    static let square = "30.6,119.7 30.6,119.72 30.62,119.72 30.62,119.7 30.6,119.7"

    @Test("equipment is assigned to a team and listed on it; a shelter's boundary is kept and drawn on the map")
    func links() async throws {
        try await withApp { _, _, client in
            let token = try await client.token("staff")
            let team = json(try await client.send(.post, "/api/v1/resources", token: token, json: Self.team).1)
            let teamID = try #require(team["id"] as? String)
            let expert = json(
                try await client.send(
                    .post, "/api/v1/resources", token: token,
                    json:
                        #"{"kind":"expert","name":"钱正华","category":"mining","divisionCode":"330529000000","contact":"钱正华","phone":"13800000001"}"#
                ).1)
            let expertID = try #require(expert["id"] as? String)
            func pump(_ team: String) -> String {
                #"{"kind":"equipment","name":"移动泵站","category":"pump","divisionCode":"330529000000","contact":"周建国","phone":"13905721190","capacity":2,"teamId":"\#(team)"}"#
            }
            // Only a listed team can keep equipment: an expert cannot.
            let refused = try await client.send(.post, "/api/v1/resources", token: token, json: pump(expertID))
            #expect(refused.0 == .unprocessableContent && json(refused.1)["code"] as? String == "resource.team_invalid", "\(refused.1)")
            let created = try await client.send(.post, "/api/v1/resources", token: token, json: pump(teamID))
            #expect(created.0 == .created && json(created.1)["teamId"] as? String == teamID, "\(created.1)")
            let pumpID = try #require(json(created.1)["id"] as? String)
            let full = json(try await client.get("/api/v1/resources/\(teamID)", token: token).1)
            #expect((full["equipment"] as? [[String: Any]])?.map { $0["id"] as? String } == [pumpID])
            let session = try #require(try await client.browserLogin("staff").1)
            let teamPage = try await client.get("/directory/\(teamID)", cookie: session).1
            #expect(teamPage.contains("配属装备（1 项）") && teamPage.contains("/directory/\(pumpID)"))
            let pumpPage = try await client.get("/directory/\(pumpID)", cookie: session).1
            #expect(pumpPage.contains("data-testid=\"resource-team\"") && pumpPage.contains("/directory/\(teamID)"))
            // An archived team keeps no new equipment.
            _ = try await client.send(.post, "/api/v1/resources/\(teamID)/archive", token: token, json: "{}")
            #expect(
                json(try await client.send(.post, "/api/v1/resources", token: token, json: pump(teamID)).1)["code"] as? String
                    == "resource.team_invalid")

            let shelter = try await client.send(
                .post, "/api/v1/resources", token: token,
                json:
                    #"{"kind":"shelter","name":"人民广场","category":"central","divisionCode":"330529000000","contact":"应急办","phone":"0572-5120000","capacity":100,"latitude":30.61,"longitude":119.71,"boundary":"\#(Self.square)"}"#
            )
            #expect(shelter.0 == .created && json(shelter.1)["boundary"] as? String == Self.square, "\(shelter.1)")
            let shelterID = try #require(json(shelter.1)["id"] as? String)
            let map = json(try await client.get("/resources/map.geojson", cookie: session).1)["features"] as? [[String: Any]] ?? []
            let areas = map.filter { (($0["geometry"] as? [String: Any])?["type"] as? String) == "Polygon" }
            #expect(areas.count == 1 && (areas.first?["properties"] as? [String: Any])?["id"] as? String == shelterID)
            let ring = ((areas.first?["geometry"] as? [String: Any])?["coordinates"] as? [[[Double]]])?.first
            #expect(ring?.first == [119.7, 30.6] && ring?.count == 5)
        }
    }

    @Test("an import is checked row by row first; with any faulty row nothing is imported; a clean sheet is imported whole")
    func importSheet() async throws {
        try await withApp { _, _, client in
            let token = try await client.token("staff")
            func upload(_ csv: String, dryRun: Bool) async throws -> (HTTPResponse.Status, [String: Any]) {
                try await client.execute(
                    uri: "/api/v1/resources/import?kind=expert" + (dryRun ? "&dryRun=true" : ""), method: .post,
                    headers: [.authorization: "Bearer \(token)", .contentType: "application/octet-stream"], body: ByteBuffer(string: csv)
                ) { ($0.status, json(String(buffer: $0.body))) }
            }
            let faulty = "姓名,专业领域,乡镇（街道）,联系人,联系电话,职称\n钱正华,危险化学品,青山镇,钱正华,13800000001,正高级工程师\n孙立平,矿山,火星镇,孙立平,13800000002,\n"
            let checked = try await upload(faulty, dryRun: true)
            #expect(checked.0 == .ok && checked.1["valid"] as? Int == 1 && checked.1["created"] as? Int == 0)
            #expect((checked.1["errors"] as? [[String: Any]])?.map { $0["row"] as? Int } == [3])
            let refused = try await upload(faulty, dryRun: false)
            #expect(refused.0 == .unprocessableContent && refused.1["code"] as? String == "import.rows_invalid")
            #expect(json(try await client.get("/api/v1/resources", token: token).1)["total"] as? Int == 0)
            let clean = faulty.replacingOccurrences(of: "火星镇", with: "330529101000")
            let imported = try await upload(clean, dryRun: false)
            #expect(imported.0 == .created && imported.1["created"] as? Int == 2)
            let experts = json(try await client.get("/api/v1/resources?kind=expert&category=mining", token: token).1)
            #expect((experts["items"] as? [[String: Any]])?.map { $0["name"] as? String } == ["孙立平"])
            // The same list again lists nobody twice: each row already in the directory, or repeated in the file, is
            // reported, and nothing is imported.
            let again = try await upload(clean + "钱正华,危险化学品,青山镇,钱正华,13800000001,\n", dryRun: true)
            let errors = again.1["errors"] as? [[String: Any]] ?? []
            #expect(errors.map { $0["row"] as? Int } == [2, 3, 4] && errors.allSatisfy { $0["code"] as? String == "import.duplicate" })
            #expect(errors.last?["message"] as? String == "第 4 行：“钱正华”已在名录中（同一乡镇），请在其页面修改，不要重复导入。")
            #expect(try await upload(clean, dryRun: false).0 == .unprocessableContent)
            #expect(json(try await client.get("/api/v1/resources", token: token).1)["total"] as? Int == 2)
            let twice = "姓名,专业领域,乡镇（街道）,联系人,联系电话,职称\n王建,危险化学品,青山镇,王建,13800000003,\n王建,危险化学品,青山镇,王建,13800000003,\n"
            let repeated = try await upload(twice, dryRun: true).1["errors"] as? [[String: Any]] ?? []
            #expect(repeated.map { $0["message"] as? String } == ["第 3 行：“王建”与第 2 行重复。"])
        }
    }
}
