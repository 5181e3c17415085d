import AnlanCore
import AnlanTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Enterprise import dry run")
struct ImportDryRunTests {
    static let messy = """
        单位名称,统一社会信用代码,乡镇,所在村,行业领域,经度,纬度,从业人数,风险等级
        示例县青山精细化工有限公司,91330106MA2H3K5P39,青山镇,330529101201,危险化学品,119.82,30.66,80,橙
        代码错误公司,91330106MA2H3K5P38,青山镇,330529101201,机械,,,10,蓝
        不存在村公司,,青山镇,不存在村,机械,,,5,蓝
        重复代码公司,９１３３０１０６ＭＡ２Ｈ３Ｋ５Ｐ３９,青山镇,330529101201,机械,,,5,蓝
        北京某公司,,青山镇,330529101201,机械,116.4,39.9,5,黄
        ,,青山镇,330529101201,机械,,,5,蓝
        行业未知公司,,青山镇,330529101201,挖矿,,,5,红
        \(String(repeating: "长", count: 2100)),,青山镇,330529101201,机械,,,5,蓝
        """

    func upload(_ client: some TestClientProtocol, token: String, _ data: Data) async throws -> (HTTPResponse.Status, [String: Any]) {
        try await client.execute(
            uri: "/api/v1/enterprise-imports/dry-run", method: .post,
            headers: [.authorization: "Bearer \(token)", .contentType: "application/octet-stream"], body: ByteBuffer(bytes: data)
        ) { ($0.status, json(String(buffer: $0.body))) }
    }

    @Test("each row's problems are reported and nothing is written")
    func messyFile() async throws {
        try await withApp { fixtures, _, client in
            let staff = try await client.token("staff")
            let before = try await fixtures.store.audit.verify()
            let (status, plan) = try await upload(client, token: staff, Data(Self.messy.utf8))
            #expect(status == .ok)
            let rows = plan["rows"] as? [[String: Any]] ?? []
            func row(_ line: Int) -> (action: String, problems: String) {
                let r = rows.first { $0["line"] as? Int == line } ?? [:]
                return (r["action"] as? String ?? "", (r["problems"] as? [String] ?? []).joined(separator: " "))
            }
            #expect(row(2).action == "create")
            #expect(row(3).action == "invalid" && row(3).problems.contains("应为“9”"))
            #expect(row(4).action == "invalid" && row(4).problems.contains("未知的村"))
            #expect(row(5).action == "invalid" && row(5).problems.contains("与第 2 行重复"))
            #expect(row(6).action == "invalid" && row(6).problems.contains("不在本县范围内"))
            #expect(row(7).action == "invalid" && row(7).problems.contains("企业名称"))
            #expect(row(8).action == "invalid" && row(8).problems.contains("挖矿"))
            #expect(row(9).action == "invalid" && row(9).problems.contains("超过 2000 个字符"))
            let counts = plan["counts"] as? [String: Int] ?? [:]
            #expect(counts == ["create": 1, "update": 0, "invalid": 7])
            #expect((plan["mapping"] as? [String: Int])?["name"] == 0)
            // A dry run writes nothing: not an enterprise, not an audit record.
            #expect(try await fixtures.store.audit.verify() == before)
            let leader = try await fixtures.caller("leader")
            #expect(try await fixtures.store.enterprises.list(.init(), page: try PageRequest(), by: leader).total == 0)
        }
    }

    @Test("a row whose code is already on file is an update; missing columns and unreadable files are refused")
    func updatesAndRefusals() async throws {
        try await withApp { fixtures, _, client in
            let staffCaller = try await fixtures.caller("staff")
            _ = try await fixtures.store.enterprises.create(
                EnterpriseProfile(name: "旧名称", creditCode: "91330106MA2H3K5P39", divisionCode: "330529101201", sectors: ["机械"]), by: staffCaller)
            let staff = try await client.token("staff")
            let file = "企业名称,信用代码,村,行业\n新名称,91330106MA2H3K5P39,330529101201,机械\n"
            let (status, plan) = try await upload(client, token: staff, Data(file.utf8))
            #expect(status == .ok)
            #expect((plan["counts"] as? [String: Int])?["update"] == 1)
            let (missing, body) = try await upload(client, token: staff, Data("企业名称,地址\n甲,乙\n".utf8))
            #expect(missing == .unprocessableContent)
            #expect(body["code"] as? String == "import.columns_missing")
            #expect((body["message"] as? String)?.contains("所在村") == true)
            let (garbage, garbageBody) = try await upload(client, token: staff, Data([0xFF, 0xFE, 0xFD, 0x81, 0x30]))
            #expect(garbage == .unprocessableContent)
            #expect(garbageBody["code"] as? String == "import.encoding_unknown")
            let duty = try await client.token("duty")
            #expect(try await upload(client, token: duty, Data(file.utf8)).0 == .forbidden)
        }
    }
}
