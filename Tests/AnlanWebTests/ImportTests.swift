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
                EnterpriseProfile(name: "旧名称", creditCode: "91330106MA2H3K5P39", divisionCode: "330529101201", sectors: ["机械"]),
                by: staffCaller)
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

@Suite("Enterprise import apply")
struct ImportApplyTests {
    @Test("good rows go in, bad rows go to the error report, a second run changes nothing, an update keeps unfilled fields")
    func applyTwice() async throws {
        let f = try await Fixtures.demo()
        let staff = try await f.caller("staff")
        let file = """
            企业名称,统一社会信用代码,所在村,行业领域,联系电话,风险等级
            甲化工,91330106MA2H3K5P39,330529101201,危险化学品,0572-1,橙
            乙机械,,330529101202,机械,,蓝
            丙坏行,91330106MA2H3K5P38,330529101201,机械,,蓝
            """
        let rows = file.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = rows[0], data = Array(rows.dropFirst())
        let plan = try await f.store.enterprises.planImport(header: header, rows: data, encoding: "UTF-8", by: staff)
        let run = try await f.store.enterprises.startImport(plan, cells: data, fileName: "list.csv", by: staff)
        let first = try await f.store.enterprises.apply(plan, run: run, by: staff)
        #expect(first.status == .done)
        #expect((first.created, first.updated, first.unchanged, first.invalid) == (2, 0, 0, 1))
        let errors = try await f.store.enterprises.importErrors(run.id, by: staff)
        #expect(errors.map(\.line) == [4])
        #expect(errors[0].cells.first == "丙坏行")
        #expect(errors[0].problems.joined().contains("应为“9”"))
        // The same file again: nothing changes.
        let again = try await f.store.enterprises.planImport(header: header, rows: data, encoding: "UTF-8", by: staff)
        #expect(again.count(.update) == 1)
        let second = try await f.store.enterprises.apply(
            again, run: try await f.store.enterprises.startImport(again, cells: data, fileName: "list.csv", by: staff), by: staff)
        #expect(second.unchanged == 1)
        #expect(second.created == 1)  // 乙 has no code: it cannot be matched, so it comes in again; governance finds the pair
        // An update fills what the file has and keeps what it leaves blank.
        let changed = [["甲化工（新名）", "91330106MA2H3K5P39", "330529101201", "危险化学品", "", "橙"]]
        let update = try await f.store.enterprises.planImport(header: header, rows: changed, encoding: "UTF-8", by: staff)
        _ = try await f.store.enterprises.apply(
            update, run: try await f.store.enterprises.startImport(update, cells: changed, fileName: "u.csv", by: staff), by: staff)
        let stored = try #require(try await f.store.enterprises.list(.init(query: "新名"), page: try PageRequest(), by: staff).items.first)
        #expect(stored.profile.safetyOfficerPhone == "0572-1")
        #expect(stored.riskLevel == .high)
        guard case .intact = try await f.store.audit.verify() else { Issue.record("audit chain broken by an import"); return }
        await f.close()
    }

    @Test("an inspector posted to one township cannot import enterprises into another; a township officer cannot import at all")
    func jurisdiction() async throws {
        let f = try await Fixtures.demo()
        let header = ["企业名称", "所在村", "行业领域"]
        let outside = [["外镇企业", "330529102201", "机械"]]
        let plan = try await f.store.enterprises.planImport(header: header, rows: outside, encoding: nil, by: try await f.caller("leader"))
        #expect(plan.count(.create) == 1)
        _ = try await f.store.accounts.create(
            .init(
                username: "qs.inspector", displayName: "青山执法", role: .inspector, divisionCode: try DivisionCode("330529101000"),
                password: "Qingshan-2026"),
            by: .console("test"))
        let local = try await f.caller("qs.inspector")
        let refused = try await f.store.enterprises.planImport(header: header, rows: outside, encoding: nil, by: local)
        #expect(refused.count(.invalid) == 1)
        #expect(refused.rows[0].problems.joined().contains("不是本辖区的村"))
        let inside = try await f.store.enterprises.planImport(
            header: header, rows: [["本镇企业", "330529101201", "机械"]], encoding: nil, by: local)
        #expect(inside.count(.create) == 1)
        await #expect(throws: AnlanError.forbidden) {
            try await f.store.enterprises.planImport(header: header, rows: outside, encoding: nil, by: try await f.caller("township"))
        }
        await f.close()
    }
}

@Suite("Import pages")
struct ImportPageTests {
    @Test("staff open the import page, start an import through the API, follow it, and download the error report")
    func pages() async throws {
        try await withApp { fixtures, _, client in
            let staffSession = try #require(try await client.browserLogin("staff").1)
            let dutySession = try #require(try await client.browserLogin("duty").1)
            #expect(try await client.get("/enterprise-imports/new", cookie: staffSession).0 == .ok)
            #expect(try await client.get("/enterprise-imports/new", cookie: dutySession).0 == .forbidden)
            let token = try await client.token("staff")
            let file = "企业名称,所在村,行业领域\n好企业,330529101201,机械\n坏企业,不存在村,机械\n"
            let (status, started) = try await client.execute(
                uri: "/api/v1/enterprise-imports?fileName=list.csv", method: .post,
                headers: [.authorization: "Bearer \(token)", .contentType: "application/octet-stream"], body: ByteBuffer(string: file)
            ) { ($0.status, json(String(buffer: $0.body))) }
            #expect(status == .accepted)
            let id = try #require(started["id"] as? String)
            // The batches run after the answer; wait for the stored status to say done.
            var state: [String: Any] = [:]
            for _ in 0..<100 {
                state = json(try await client.get("/api/v1/enterprise-imports/\(id)", token: token).1)
                if state["status"] as? String != "running" { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(state["status"] as? String == "done")
            #expect(state["created"] as? Int == 1)
            #expect(state["invalid"] as? Int == 1)
            let page = try await client.get("/enterprise-imports/\(id)", cookie: staffSession)
            #expect(page.1.contains("list.csv"))
            let report = try await client.get("/enterprise-imports/\(id)/errors.xlsx", cookie: staffSession)
            #expect(report.0 == .ok)
            #expect(report.2[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            let otherTownship = try #require(try await client.browserLogin("township").1)  // 青山镇: the import belongs to the county
            #expect(try await client.get("/enterprise-imports/\(id)", cookie: otherTownship).0 == .notFound)
            _ = fixtures
        }
    }
}

@Suite("Enterprise import column mapping")
struct ImportMappingTests {
    func post(_ client: some TestClientProtocol, _ uri: String, token: String, _ file: String) async throws -> (
        HTTPResponse.Status, [String: Any]
    ) {
        try await client.execute(
            uri: uri, method: .post, headers: [.authorization: "Bearer \(token)", .contentType: "application/octet-stream"],
            body: ByteBuffer(string: file)
        ) { ($0.status, json(String(buffer: $0.body))) }
    }

    @Test("unusual headers are mapped by hand; the mapping is checked, and remembered for the next file with the same header")
    func mappedByHand() async throws {
        try await withApp { fixtures, _, client in
            let token = try await client.token("staff")
            let file = "单位全称,地点编码,类别\n手工映射企业,330529101201,机械\n"
            // The headers are not recognised: no suggestion for the required fields, and the dry run says which are missing.
            let (_, columns) = try await post(client, "/api/v1/enterprise-imports/columns", token: token, file)
            #expect(columns["header"] as? [String] == ["单位全称", "地点编码", "类别"])
            #expect((columns["mapping"] as? [String: Int])?.isEmpty == true)
            #expect(columns["remembered"] as? Bool == false)
            #expect(
                (columns["fields"] as? [[String: Any]])?.contains { $0["field"] as? String == "name" && $0["required"] as? Bool == true }
                    == true)
            let missing = try await post(client, "/api/v1/enterprise-imports/dry-run", token: token, file)
            #expect(missing.0 == .unprocessableContent && missing.1["code"] as? String == "import.columns_missing")

            // Bad mappings are refused with their own code.
            for bad in [#"{"name":7}"#, #"{"name":0,"village":0}"#, #"{"nom":0}"#, "not json"] {
                let query = bad.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                let refused = try await post(client, "/api/v1/enterprise-imports/dry-run?mapping=\(query)", token: token, file)
                #expect(refused.0 == .unprocessableContent && refused.1["code"] as? String == "import.mapping_invalid", "\(bad)")
            }

            let mapping = #"{"name":0,"village":1,"sectors":2}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let (status, plan) = try await post(client, "/api/v1/enterprise-imports/dry-run?mapping=\(mapping)", token: token, file)
            #expect(status == .ok)
            #expect((plan["counts"] as? [String: Int])?["create"] == 1)
            // A dry run remembers nothing; the import does.
            #expect(try await post(client, "/api/v1/enterprise-imports/columns", token: token, file).1["remembered"] as? Bool == false)
            let (started, run) = try await post(client, "/api/v1/enterprise-imports?fileName=a.csv&mapping=\(mapping)", token: token, file)
            #expect(started == .accepted)
            let id = try #require(run["id"] as? String)
            for _ in 0..<100 {
                if json(try await client.get("/api/v1/enterprise-imports/\(id)", token: token).1)["status"] as? String != "running" {
                    break
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            let next = "单位全称,地点编码,类别\n第二家手工映射企业,330529101201,轻工\n"
            let (_, again) = try await post(client, "/api/v1/enterprise-imports/columns", token: token, next)
            #expect(again["remembered"] as? Bool == true)
            #expect(again["mapping"] as? [String: Int] == ["name": 0, "village": 1, "sectors": 2])
            // And the dry run of the next file uses it without being told.
            let (_, replan) = try await post(client, "/api/v1/enterprise-imports/dry-run", token: token, next)
            #expect((replan["counts"] as? [String: Int])?["create"] == 1)
            _ = fixtures
        }
    }

    @Test("an import left running by a stopped process is marked failed at start-up")
    func interrupted() async throws {
        try await Fixtures.with { f in
            let staff = try await f.caller("staff")
            let plan = try await f.store.enterprises.planImport(
                header: ["企业名称", "所在村", "行业领域"], rows: [["甲", "330529101201", "机械"]], encoding: "UTF-8", by: staff)
            // Started, but its batches never run: the process "died".
            let run = try await f.store.enterprises.startImport(plan, cells: [["甲", "330529101201", "机械"]], fileName: "a.csv", by: staff)
            #expect(try await f.store.enterprises.importRun(run.id, by: staff).status == .running)
            f.clock.advance(seconds: 3600)
            #expect(try await f.store.enterprises.markInterruptedImports() == 1)
            let after = try await f.store.enterprises.importRun(run.id, by: staff)
            #expect(after.status == .failed)
            #expect(after.failure?.contains("重新导入") == true)
            #expect(try await f.store.enterprises.markInterruptedImports() == 0)
        }
    }
}
