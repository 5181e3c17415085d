import AnlanCore
import AnlanTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Enterprise pages and API")
struct EnterpriseWebTests {
    static let body =
        #"{"name":"示例县青山精细化工有限公司","creditCode":"91330106MA2H3K5P39","divisionCode":"330529101201","sectors":["危险化学品"],"latitude":30.66,"longitude":119.82,"riskLevel":"high","licences":[{"kind":"安全生产许可证","number":"WH-1","expiresOn":"2026-12-01"}]}"#

    @Test("staff create through the API; a bad code names the check character; a duplicate is a conflict")
    func api() async throws {
        try await withApp { _, _, client in
            let staff = try await client.token("staff")
            let bad = try await client.send(
                .post, "/api/v1/enterprises", token: staff, json: Self.body.replacingOccurrences(of: "P39", with: "P38"))
            #expect(bad.0 == .unprocessableContent)
            #expect(json(bad.1)["code"] as? String == "enterprise.credit_code_invalid")
            let (created, body) = try await client.send(.post, "/api/v1/enterprises", token: staff, json: Self.body)
            #expect(created == .created)
            #expect(json(body)["riskLevel"] as? String == "high")
            let duplicate = try await client.send(.post, "/api/v1/enterprises", token: staff, json: Self.body)
            #expect(duplicate.0 == .conflict)
            #expect(json(duplicate.1)["code"] as? String == "enterprise.credit_code_duplicate")
            let found = json(try await client.get("/api/v1/enterprises?q=%E7%B2%BE%E7%BB%86", token: staff).1)  // 精细
            #expect(found["total"] as? Int == 1)
            let township = try await client.token("township")
            #expect(json(try await client.get("/api/v1/enterprises", token: township).1)["total"] as? Int == 1)
            let duty = try await client.token("duty")
            #expect(try await client.send(.post, "/api/v1/enterprises", token: duty, json: Self.body).0 == .forbidden)
        }
    }

    @Test("the list page searches by fragment; the file shows risk, licences and history")
    func pages() async throws {
        try await withApp { fixtures, _, client in
            let staff = try await fixtures.caller("staff")
            let profile = EnterpriseProfile(
                name: "示例县梅溪竹木家具有限公司", creditCode: "91330106MA2H3K5P39", address: "梅溪镇某村 1 号", divisionCode: "330529102201",
                latitude: 30.7, longitude: 119.7, sectors: ["轻工"],
                licences: [Licence(kind: "排污许可证", number: "P-7", expiresOn: "2020-01-01")])
            let id = try await fixtures.store.enterprises.create(profile, riskLevel: .moderate, by: staff).enterprise.id
            let session = try #require(try await client.browserLogin("leader").1)
            let list = try await client.get("/enterprises?q=%E7%AB%B9%E6%9C%A8", cookie: session)  // 竹木
            #expect(list.0 == .ok)
            #expect(list.1.contains("示例县梅溪竹木家具有限公司"))
            let none = try await client.get("/enterprises?q=%E4%B8%8D%E5%AD%98%E5%9C%A8", cookie: session)  // 不存在
            #expect(!none.1.contains("示例县梅溪竹木家具有限公司"))
            let file = try await client.get("/enterprises/\(id.uuidString.lowercased())", cookie: session)
            #expect(file.1.contains("黄（一般）"))
            #expect(file.1.contains("排污许可证"))
            #expect(file.1.contains("已过期"))
            #expect(file.1.contains("建档时评定"))
            #expect(try await client.get("/enterprises?licenceExpiringWithinDays=abc", cookie: session).0 == .unprocessableContent)
            let governance = try await client.get("/enterprises/governance", cookie: session)
            #expect(governance.0 == .ok)
            #expect(governance.1.contains("data-testid=\"active-count\">1<"))
            #expect(governance.1.contains("字段完整率"))
        }
    }

    @Test("the form refuses a bad code with the reason and keeps what was typed")
    func form() async throws {
        try await withApp { _, _, client in
            let session = try #require(try await client.browserLogin("staff").1)
            let page = try await client.get("/enterprises/new", cookie: session)
            let csrf = try #require(page.1.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1)
            let fields =
                "_csrf=\(csrf)&name=%E7%94%B2%E5%8E%82&creditCode=91330106MA2H3K5P38&divisionCode=330529101201&sectors=%E6%9C%BA%E6%A2%B0&operatingStatus=operating"
            let (status, body) = try await client.execute(
                uri: "/enterprises", method: .post, headers: [.cookie: session, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: fields)
            ) { ($0.status, String(buffer: $0.body)) }
            #expect(status == .unprocessableContent)
            #expect(body.contains("应为“9”"))
            #expect(body.contains("value=\"甲厂\""))
            let good = fields.replacingOccurrences(of: "P38", with: "P39")
            let created = try await client.execute(
                uri: "/enterprises", method: .post, headers: [.cookie: session, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: good)
            ) { ($0.status, $0.headers[.location] ?? "") }
            #expect(created.0 == .found)
            #expect(created.1.hasPrefix("/enterprises/"))
        }
    }
}

@Suite("Enterprise map")
struct EnterpriseMapTests {
    @Test("map points follow the filters and the caller's jurisdiction")
    func points() async throws {
        try await withApp(enterprises: 1) { fixtures, _, client in
            let leader = try #require(try await client.browserLogin("leader").1)
            let township = try #require(try await client.browserLogin("township").1)
            #expect(try await client.get("/enterprises/map", cookie: leader).0 == .ok)
            let all = json(try await client.get("/enterprises/points.geojson", cookie: leader).1)["features"] as? [[String: Any]] ?? []
            // One generated enterprise and the three featured ones, all with coordinates.
            #expect(all.count == 4)
            let red =
                json(try await client.get("/enterprises/points.geojson?riskLevel=major", cookie: leader).1)["features"] as? [[String: Any]]
                ?? []
            #expect(red.count >= 2)
            #expect(red.allSatisfy { ($0["properties"] as? [String: Any])?["risk"] as? String == "major" })
            let mine = json(try await client.get("/enterprises/points.geojson", cookie: township).1)["features"] as? [[String: Any]] ?? []
            let codes = Set(mine.compactMap { ($0["properties"] as? [String: Any])?["name"] as? String })
            #expect(codes.contains("示例县青山氯碱化工有限公司"))
            #expect(!codes.contains("示例县城关液化石油气供应站"))
            _ = fixtures
        }
    }
}

@Suite("Enterprise export")
struct EnterpriseExportTests {
    @Test("the filtered list downloads as CSV with Chinese headers, every row, across pages; the export is audited")
    func export() async throws {
        try await withApp(enterprises: 450) { fixtures, _, client in
            let leader = try #require(try await client.browserLogin("leader").1)
            let (status, body, headers) = try await client.get("/enterprises/export.csv", cookie: leader)
            #expect(status == .ok)
            #expect(headers[.contentType] == "text/csv; charset=utf-8")
            let lines = body.split(separator: "\r\n")
            #expect(lines.first?.hasPrefix("\u{FEFF}企业名称,统一社会信用代码") == true)
            #expect(lines.count == 1 + 453)  // more than two pages of 200
            let red = try await client.get("/enterprises/export.csv?riskLevel=major", cookie: leader).1
            let redCount = try await fixtures.store.enterprises.list(
                .init(riskLevel: .major), page: try PageRequest(), by: try await fixtures.caller("leader")
            ).total
            #expect(red.split(separator: "\r\n").count == 1 + redCount)
            let audit = try await fixtures.store.audit.search(
                .init(action: "enterprise.export"), page: try PageRequest(), by: try await fixtures.caller("auditadmin"))
            #expect(audit.total == 2)
        }
    }
}

@Suite("Enterprise file records through the API and pages")
struct EnterpriseRecordWebTests {
    @Test("upload a photo, list it, download it with its Chinese name; contacts and agreements through the API; the sector page")
    func records() async throws {
        try await withApp { _, _, client in
            let staff = try await client.token("staff")
            let (created, body) = try await client.send(.post, "/api/v1/enterprises", token: staff, json: EnterpriseWebTests.body)
            #expect(created == .created)
            let id = try #require(json(body)["id"] as? String)
            let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 1, count: 64))
            let name = "现场照片.jpg".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let (status, uploaded) = try await client.execute(
                uri: "/api/v1/enterprises/\(id)/attachments?fileName=\(name)", method: .post,
                headers: [.authorization: "Bearer \(staff)", .contentType: "application/octet-stream"], body: ByteBuffer(bytes: jpeg)
            ) { ($0.status, json(String(buffer: $0.body))) }
            #expect(status == .created)
            #expect(uploaded["contentType"] as? String == "image/jpeg")
            let url = try #require(uploaded["url"] as? String)
            let listed = try await client.get("/api/v1/enterprises/\(id)/attachments", token: staff)
            #expect(listed.1.contains("现场照片.jpg"))
            let download = try await client.get(url, token: staff)
            #expect(download.0 == .ok)
            #expect(download.2[.contentType] == "image/jpeg")
            #expect(download.2[.contentDisposition]?.contains("filename*=UTF-8''%E7%8E%B0") == true)
            let officer = try await client.token("enterprise")  // another enterprise's officer
            #expect(try await client.get(url, token: officer).0 == .notFound)
            #expect(try await client.get(url, token: try await client.token("township")).0 == .ok)  // 青山镇 holds the village

            let contact = try await client.send(
                .post, "/api/v1/enterprises/\(id)/contact-people", token: staff, json: #"{"name":"值班室","phone":"0572-5550000"}"#)
            #expect(contact.0 == .created)
            let agreement = #"{"year":2026,"signedOn":"2026-02-28","bureauSignatory":"李明","enterpriseSignatory":"张总","targets":"杜绝较大以上事故"}"#
            #expect(
                try await client.send(.post, "/api/v1/enterprises/\(id)/target-agreements", token: staff, json: agreement).0 == .created)
            let again = try await client.send(.post, "/api/v1/enterprises/\(id)/target-agreements", token: staff, json: agreement)
            #expect(again.0 == .conflict && json(again.1)["code"] as? String == "agreement.year_exists")

            let session = try #require(try await client.browserLogin("staff").1)
            let file = try await client.get("/enterprises/\(id)", cookie: session).1
            #expect(file.contains("值班室") && file.contains("杜绝较大以上事故") && file.contains("现场照片.jpg"))

            #expect(try await client.get("/settings/sectors", cookie: session).0 == .ok)
            let inspector = try #require(try await client.browserLogin("inspector").1)
            #expect(try await client.get("/settings/sectors", cookie: inspector).0 == .forbidden)
            let sectors = json(try await client.get("/api/v1/sectors", token: staff).1)["sectors"] as? [String]
            #expect(sectors?.first == "危险化学品")
            let inUse = try await client.send(.put, "/api/v1/sectors", token: staff, json: #"{"sectors":["机械"]}"#)
            #expect(inUse.0 == .conflict && json(inUse.1)["code"] as? String == "settings.sector_in_use")
        }
    }
}
