import AnlanCore
import AnlanTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import ZIPFoundation

/// Given/When/Then tests of the stock slip through its two faces: the slip form (lines as parallel "lines.*" fields) and
/// the API (lines as JSON objects).
@Suite("Stock slips: the page and the API answer the same input the same way")
struct StockFacesTests {
    struct Given {
        let warehouse: String
        let other: String
        let tent: String
        let token: String
    }

    /// The first worksheet's XML of an XLSX file.
    static func firstSheet(_ data: Data) throws -> String {
        let archive = try Archive(data: data, accessMode: .read)
        let entry = try #require(archive["xl/worksheets/sheet1.xml"])
        var xml = Data()
        _ = try archive.extract(entry) { xml.append($0) }
        return String(decoding: xml, as: UTF8.self)
    }

    /// Given: a county warehouse holding 5 tents of an expired batch and 3 of a current one, and a second warehouse.
    static func given(_ client: any TestClientProtocol) async throws -> Given {
        let token = try await client.token("staff")
        func create(_ path: String, _ body: String) async throws -> String {
            let (status, text) = try await client.send(.post, path, token: token, json: body)
            #expect(status == .created, "\(path): \(text)")
            return try #require(json(text)["id"] as? String)
        }
        let warehouse = try await create(
            "/api/v1/warehouses",
            #"{"name":"县储备库","kind":"countyReserve","divisionCode":"330529000000","address":"工业路 8 号","manager":"陈静","phone":"0572-5551234"}"#
        )
        let other = try await create(
            "/api/v1/warehouses",
            #"{"name":"青山镇储备点","kind":"townshipPoint","divisionCode":"330529101000","address":"镇政府","manager":"刘洋","phone":"13800000002","serves":["330529101000"]}"#
        )
        let tent = try await create("/api/v1/supplies", #"{"majorClass":1,"name":"救灾帐篷","specification":"12平方米","unit":"顶"}"#)
        let receipt = """
            {"kind":"receipt","warehouseId":"\(warehouse)","source":"purchase","lines":[
             {"itemId":"\(tent)","quantity":5,"batchNo":"OLD","expiresOn":"2025-12-31"},{"itemId":"\(tent)","quantity":3,"batchNo":"NEW","expiresOn":"2030-12-31"}]}
            """
        let (status, text) = try await client.send(.post, "/api/v1/stock/movements", token: token, json: receipt)
        #expect(status == .created, "\(text)")
        return Given(warehouse: warehouse, other: other, tent: tent, token: token)
    }

    @Test("each refusal has the same status, code and message on the page as on the API, and nothing moves")
    func sameRefusals() async throws {
        try await withApp { _, _, client in
            let g = try await Self.given(client)
            let issue = [
                ("kind", "issue"), ("warehouseId", g.warehouse), ("recipientKind", "township"), ("party", "青山镇"), ("receiver", "刘洋"),
            ]
            let cases: [(header: [(String, String)], lines: [[(String, String)]])] = [
                ([("kind", "issue"), ("warehouseId", g.warehouse)], [[("itemId", g.tent), ("quantity", "1")]]),
                (issue, [[("itemId", g.tent), ("quantity", "100")]]),
                (issue, [[("itemId", g.tent), ("quantity", "6")]]),
                (issue, [[("itemId", g.tent), ("quantity", "1"), ("batchNo", "OLD")]]),
                (issue, [[("itemId", g.tent), ("quantity", "1"), ("batchNo", "NONE")]]),
                (issue, [[("itemId", g.tent), ("quantity", "abc")]]),
                (issue, [[("itemId", g.tent), ("quantity", "0")]]),
                (issue, [[("itemId", UUID().uuidString.lowercased()), ("quantity", "1")]]),
                (issue, []),
                ([("kind", "scrap"), ("warehouseId", g.warehouse)], [[("itemId", g.tent), ("quantity", "1")]]),
                (
                    [("kind", "transfer"), ("warehouseId", g.warehouse), ("toWarehouseId", g.warehouse)],
                    [[("itemId", g.tent), ("quantity", "1")]]
                ),
                ([("kind", "receipt"), ("warehouseId", g.warehouse), ("source", "gift")], [[("itemId", g.tent), ("quantity", "1")]]),
                (
                    [("kind", "receipt"), ("warehouseId", g.warehouse), ("source", "purchase"), ("occurredOn", "2030-01-01")],
                    [[("itemId", g.tent), ("quantity", "1")]]
                ),
                (
                    [("kind", "receipt"), ("warehouseId", g.warehouse), ("source", "purchase")],
                    [[("itemId", g.tent), ("quantity", "1"), ("batchNo", "NEW"), ("expiresOn", "2031-01-01")]]
                ),
                ([("kind", "stocktake"), ("warehouseId", g.warehouse)], [[("itemId", g.tent), ("counted", "2")]]),
            ]
            let session = try #require(try await client.browserLogin("staff").1)
            for c in cases {
                // When the same slip goes through both faces
                let form = c.header + c.lines.flatMap { $0.map { ("lines.\($0.0)", $0.1) } }
                let page = try await postForm(
                    client, session: session, csrfFrom: "/stock/new?kind=issue&warehouseId=\(g.warehouse)", to: "/stock/movements",
                    form: form)
                var body: [String: Any] = Dictionary(uniqueKeysWithValues: c.header)
                body["lines"] = c.lines.map { Dictionary(uniqueKeysWithValues: $0) }
                let data = try JSONSerialization.data(withJSONObject: body)
                let api = try await client.send(
                    .post, "/api/v1/stock/movements", token: g.token, json: String(decoding: data, as: UTF8.self))
                // Then both refuse it alike
                expectSame(page, api, "\(form)")
            }
            // Nothing refused moved: the receipt is the only slip and the 8 tents are all there.
            let slips = json(try await client.get("/api/v1/stock/movements", token: g.token).1)
            #expect(slips["total"] as? Int == 1)
            let balances = json(try await client.get("/api/v1/stock/balances?itemId=\(g.tent)", token: g.token).1)
            #expect((balances["items"] as? [[String: Any]])?.first?["quantity"] as? Int == 8)
        }
    }

    @Test(
        "a slip recorded on the page is the slip the API shows, numbered, awaiting its receiver's confirmation; the printed slip has its lines"
    )
    func sameEffect() async throws {
        try await withApp { _, _, client in
            let g = try await Self.given(client)
            let session = try #require(try await client.browserLogin("staff").1)
            let (status, _, _) = try await postForm(
                client, session: session, csrfFrom: "/stock/new?kind=issue&warehouseId=\(g.warehouse)", to: "/stock/movements",
                form: [
                    ("kind", "issue"), ("warehouseId", g.warehouse), ("recipientKind", "township"), ("party", "青山镇人民政府"),
                    ("receiver", "刘洋"),
                    ("allowExpired", "true"), ("lines.itemId", g.tent), ("lines.quantity", "4"), ("lines.batchNo", ""),
                    ("lines.itemId", ""),
                    ("lines.quantity", ""), ("lines.batchNo", ""),
                ])
            #expect(status == .found)
            let page = json(try await client.get("/api/v1/stock/movements?kind=issue", token: g.token).1)
            let slip = try #require((page["items"] as? [[String: Any]])?.first)
            #expect(
                (slip["number"] as? String)?.hasPrefix("CK") == true && slip["confirmedAt"] == nil
                    && slip["expiredConfirmed"] as? Bool == true)
            #expect((slip["lines"] as? [[String: Any]])?.map { $0["delta"] as? Int } == [-4])
            let id = try #require(slip["id"] as? String)
            let printed = try await client.get("/stock/movements/\(id)/print", cookie: session).1
            #expect(printed.contains("应急物资出库单") && printed.contains("领用人（签收）") && printed.contains("救灾帐篷（12平方米）"))
            // The receipt from the paper: a day before the slip is refused on both faces and nothing is stored; by
            // default the receiver the slip names signed today.
            let early = try await client.send(
                .post, "/api/v1/stock/movements/\(id)/confirm", token: g.token, json: #"{"signedOn":"2020-01-01"}"#)
            #expect(early.0 == .unprocessableContent && json(early.1)["code"] as? String == "stock.signed_on_invalid")
            let earlyPage = try await postForm(
                client, session: session, csrfFrom: "/stock/movements/\(id)", to: "/stock/movements/\(id)/confirm",
                form: [("signedBy", "刘洋"), ("signedOn", "2020-01-01")])
            #expect(earlyPage.0 == .unprocessableContent && earlyPage.1 == "stock.signed_on_invalid")
            #expect(json(try await client.get("/api/v1/stock/movements/\(id)", token: g.token).1)["confirmedAt"] == nil)
            let confirmed = try await client.send(.post, "/api/v1/stock/movements/\(id)/confirm", token: g.token, json: "{}")
            let receipt = json(confirmed.1)
            #expect(confirmed.0 == .ok && receipt["confirmedBy"] as? String == "staff" && receipt["signedBy"] as? String == "刘洋")
            #expect((receipt["signedOn"] as? String) == (slip["occurredOn"] as? String))
            let shown = try await client.get("/stock/movements/\(id)", cookie: session).1
            #expect(shown.contains("刘洋 签收于"))
            let again = try await client.send(.post, "/api/v1/stock/movements/\(id)/confirm", token: g.token, json: "{}")
            #expect(again.0 == .conflict && json(again.1)["code"] as? String == "stock.already_confirmed")
            // The exports write quantities as number cells (a keeper sums them in Excel or WPS), text as text.
            for (path, number) in [("/stock/movements/export.xlsx", "-4"), ("/stock/export.xlsx", "4"), ("/stock/reserves.xlsx", "4")] {
                let workbook = try await client.execute(uri: path, method: .get, headers: [.cookie: session], body: nil)
                #expect(workbook.status == .ok, "\(path)")
                let sheet = try Self.firstSheet(Data(buffer: workbook.body))
                #expect(sheet.contains("<v>\(number)</v>") && !sheet.contains(">\(number)</t>"), "\(path): \(sheet.prefix(800))")
            }
        }
    }

    @Test("every figure on the readiness overview equals the list it links to")
    func overviewFigures() async throws {
        try await withApp { _, _, client in
            let g = try await Self.given(client)
            _ = try await client.send(
                .put, "/api/v1/stock/minimum", token: g.token,
                json: #"{"warehouseId":"\#(g.warehouse)","itemId":"\#(g.tent)","minimum":50}"#)
            let session = try #require(try await client.browserLogin("staff").1)
            let overview = try await client.get("/resources", cookie: session).1
            func figure(_ id: String) -> Int? {
                overview.firstMatch(of: try! Regex("data-testid=\"\(id)\">.*?fs-3 fw-bold\">([0-9,]+)<").dotMatchesNewlines()).flatMap {
                    Int(String($0.output[1].substring ?? "").replacingOccurrences(of: ",", with: ""))
                }
            }
            func total(_ path: String) async throws -> Int? { json(try await client.get(path, token: g.token).1)["total"] as? Int }
            let warehouses = try await total("/api/v1/warehouses"), items = try await total("/api/v1/supplies")
            let lowTotal = try await total("/api/v1/stock/balances?low=true"), expiring = try await total("/api/v1/stock/expiring")
            #expect(figure("count-warehouses") == 2 && figure("count-warehouses") == warehouses)
            #expect(figure("count-items") == items)
            #expect(figure("count-low") == 1 && figure("count-low") == lowTotal)
            #expect(figure("count-expiring") == 1 && figure("count-expiring") == expiring)
            let low = try await client.get("/stock?low=true", cookie: session).1
            #expect(low.matches(of: #/data-testid="low"/#).count == 1)
        }
    }
}
