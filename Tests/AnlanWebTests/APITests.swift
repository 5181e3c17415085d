import AnlanCore
import AnlanTesting
import AnlanWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("JSON API")
struct APITests {
    @Test("a token is issued for good credentials and reads the caller's jurisdiction")
    func tokenAndRead() async throws {
        try await withApp { _, _, client in
            let token = try await client.token("leader")
            let (status, body, _) = try await client.get("/api/v1/divisions?level=township", token: token)
            #expect(status == .ok)
            let page = json(body)
            #expect(page["total"] as? Int == 10)
            let names = (page["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(names.contains("城关镇"))
        }
    }

    @Test("errors carry a stable code, a Chinese message and the request ID")
    func errorShape() async throws {
        try await withApp { _, _, client in
            let (status, body, headers) = try await client.get("/api/v1/divisions")
            #expect(status == .unauthorized)
            let error = json(body)
            #expect(error["code"] as? String == "auth.required")
            #expect((error["message"] as? String)?.contains("登录") == true)
            #expect(error["requestId"] as? String == headers[.init("X-Request-ID")!])
            let (bad, badBody) = try await client.send(.post, "/api/v1/auth/token", json: #"{"username":"leader","password":"wrong"}"#)
            #expect(bad == .unauthorized)
            #expect(json(badBody)["code"] as? String == "auth.invalid_credentials")
            let (malformed, malformedBody) = try await client.send(.post, "/api/v1/auth/token", json: "{not json")
            #expect(malformed == .badRequest)
            #expect(json(malformedBody)["code"] as? String == "request.invalid_body")
        }
    }

    @Test("a body over the limit is refused with 413 and the error body, also on the unauthenticated token and login routes")
    func bodyTooLarge() async throws {
        try await withApp { _, _, client in
            let padding = String(repeating: "a", count: 1_100_000)
            let (token, tokenBody) = try await client.send(
                .post, "/api/v1/auth/token", json: #"{"username":"leader","password":"\#(padding)"}"#)
            #expect(token == .contentTooLarge)
            #expect(json(tokenBody)["code"] as? String == "request.too_large")
            let bearer = try await client.token("staff")
            let (api, apiBody) = try await client.send(.post, "/api/v1/sites", token: bearer, json: #"{"name":"\#(padding)"}"#)
            #expect(api == .contentTooLarge)
            #expect(json(apiBody)["code"] as? String == "request.too_large")
            let (form, _, page) = try await client.browserLogin("leader", password: padding)
            #expect(form == .contentTooLarge)
            #expect(page.contains("请求内容过大"))
        }
    }

    @Test("a township user cannot read another township through any route")
    func isolation() async throws {
        try await withApp { fixtures, _, client in
            let token = try await client.token("township")  // 青山镇 330529101000
            let other = "330529102000"  // 梅溪镇
            #expect(try await client.get("/api/v1/divisions/\(other)", token: token).0 == .notFound)
            #expect(try await client.get("/api/v1/divisions/330529102201", token: token).0 == .notFound)
            #expect(try await client.get("/api/v1/divisions/330529000000", token: token).0 == .notFound)
            #expect(try await client.get("/api/v1/divisions/330529101201", token: token).0 == .ok)
            let list = json(try await client.get("/api/v1/divisions?pageSize=200", token: token).1)
            let codes = (list["items"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            #expect(codes.count == 13)
            #expect(codes.allSatisfy { $0.hasPrefix("330529101") })
            let children = json(try await client.get("/api/v1/divisions?parentCode=\(other)", token: token).1)
            #expect(children["total"] as? Int == 0)
            // The map's data and the home page obey the same rule.
            let (cookieStatus, cookie, _) = try await client.browserLogin("township")
            #expect(cookieStatus == .found)
            let geojson = try await client.get("/map/boundaries.geojson?level=village", cookie: cookie)
            #expect(geojson.0 == .ok)
            #expect(!geojson.1.contains("330529102"))
            #expect(geojson.1.contains("330529101201"))
            let home = try await client.get("/home", cookie: cookie)
            #expect(home.1.contains("青山镇"))
            #expect(!home.1.contains("梅溪镇"))
            _ = fixtures
        }
    }

    @Test("administrators do no business work and business users do not administer")
    func separationOfDuties() async throws {
        try await withApp { fixtures, _, client in
            let sysadmin = try await client.token("sysadmin", authenticator: fixtures)
            let leader = try await client.token("leader")
            let auditor = try await client.token("auditadmin", authenticator: fixtures)
            #expect(try await client.get("/api/v1/divisions", token: sysadmin).0 == .forbidden)
            #expect(try await client.get("/api/v1/users", token: leader).0 == .forbidden)
            #expect(try await client.get("/api/v1/audit", token: leader).0 == .forbidden)
            #expect(try await client.get("/api/v1/audit", token: sysadmin).0 == .forbidden)
            #expect(try await client.get("/api/v1/audit", token: auditor).0 == .ok)
            #expect(try await client.get("/api/v1/users", token: sysadmin).0 == .ok)
            // The system administrator cannot make an administrator.
            let (status, body) = try await client.send(
                .post, "/api/v1/users", token: sysadmin,
                json:
                    #"{"username":"auditor2","displayName":"x","role":"auditAdmin","divisionCode":"330529000000","password":"Abcdefgh12-x"}"#
            )
            #expect(status == .forbidden)
            #expect(json(body)["code"] as? String == "user.admin_role_console_only")
            let policy =
                #"{"passwordMinLength":12,"passwordMinClasses":3,"maxFailedLogins":5,"lockoutMinutes":15,"sessionIdleMinutes":30,"sessionAbsoluteHours":12,"tokenLifetimeHours":12}"#
            #expect(try await client.send(.put, "/api/v1/security-policy", token: sysadmin, json: policy).0 == .forbidden)
            let secadmin = try await client.token("secadmin", authenticator: fixtures)
            #expect(try await client.send(.put, "/api/v1/security-policy", token: secadmin, json: policy).0 == .ok)
        }
    }

    @Test("the system administrator creates, changes and locks out accounts, all audited")
    func accountLifecycle() async throws {
        try await withApp { fixtures, _, client in
            let sysadmin = try await client.token("sysadmin", authenticator: fixtures)
            let (created, body) = try await client.send(
                .post, "/api/v1/users", token: sysadmin,
                json:
                    #"{"username":"wang.wu","displayName":"王五","role":"inspector","divisionCode":"330529101000","password":"Qingshan-2026","certificateNumber":"33052900077"}"#
            )
            #expect(created == .created)
            let id = try #require(json(body)["id"] as? String)
            #expect(
                try await client.send(
                    .post, "/api/v1/users", token: sysadmin,
                    json:
                        #"{"username":"wang.wu","displayName":"王五","role":"inspector","divisionCode":"330529101000","password":"Qingshan-2026"}"#
                ).0 == .conflict)
            let weak = try await client.send(
                .post, "/api/v1/users", token: sysadmin,
                json: #"{"username":"weak","displayName":"弱","role":"staff","divisionCode":"330529000000","password":"short"}"#)
            #expect(weak.0 == .unprocessableContent)
            #expect(json(weak.1)["code"] as? String == "password.too_short")
            // A token works until the account is deactivated.
            let token = try await client.token("wang.wu", password: "Qingshan-2026")
            #expect(try await client.get("/api/v1/me", token: token).0 == .ok)
            #expect(try await client.send(.patch, "/api/v1/users/\(id)", token: sysadmin, json: #"{"role":"staff"}"#).0 == .ok)
            #expect(try await client.get("/api/v1/me", token: token).0 == .unauthorized)
            let auditor = try await client.token("auditadmin", authenticator: fixtures)
            let audit = json(try await client.get("/api/v1/audit?action=user.permission_change", token: auditor).1)
            let record = try #require((audit["items"] as? [[String: Any]])?.first)
            #expect((record["before"] as? String)?.contains("inspector") == true)
            #expect((record["after"] as? String)?.contains("staff") == true)
            #expect(record["username"] as? String == "sysadmin")
            _ = fixtures
        }
    }

    @Test("a refused request is audited under the caller, once a minute however often it is repeated")
    func refusalsAudited() async throws {
        try await withApp { fixtures, _, client in
            let staff = try await client.token("staff")
            for _ in 0..<3 { #expect(try await client.get("/api/v1/audit", token: staff).0 == .forbidden) }
            // A token that does not work, presented: a rejected credential, recorded by address.
            #expect(try await client.get("/api/v1/divisions", token: "not-a-token").0 == .unauthorized)
            let auditor = try await fixtures.caller("auditadmin")
            let denied = try await fixtures.store.audit.search(.init(action: "access.denied"), page: try PageRequest(), by: auditor)
            #expect(denied.total == 1 && denied.items.first?.username == "staff" && denied.items.first?.targetID == "GET /api/v1/audit")
            #expect(try await fixtures.store.audit.search(.init(action: "auth.rejected"), page: try PageRequest(), by: auditor).total == 1)
        }
    }

    @Test("five wrong passwords lock out the source: every failure answers alike, then 429 with Retry-After")
    func lockout() async throws {
        try await withApp { _, _, client in
            var bodies: Set<String> = []
            for _ in 1...5 {
                let (status, body) = try await client.send(
                    .post, "/api/v1/auth/token", json: #"{"username":"staff","password":"Wrong-pass-1"}"#)
                #expect(status == .unauthorized)
                var error = json(body)
                error["requestId"] = nil
                bodies.insert("\(error["code"] ?? "") \(error["message"] ?? "")")
            }
            #expect(bodies == ["auth.invalid_credentials 用户名或密码错误。"])
            // Even the right password is refused from this source while it is locked out, with the wait.
            let right = try await client.execute(
                uri: "/api/v1/auth/token", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"username":"staff","password":"\#(Fixtures.password)"}"#)
            ) { ($0.status, String(buffer: $0.body), $0.headers[.retryAfter]) }
            #expect(right.0 == .tooManyRequests)
            #expect(json(right.1)["code"] as? String == "auth.throttled")
            #expect(right.2 == "900")
        }
    }

    @Test("every /api/v1 route is documented and every documented path is routed")
    func openAPIMatchesRoutes() async throws {
        try await withApp { _, web, client in
            let routed = Set(web.all.filter { $0.split(separator: " ")[1].hasPrefix("/api/v1/") })
            let (status, body, _) = try await client.get("/api/v1/openapi.json")
            #expect(status == .ok)
            let document = json(body)
            let paths = document["paths"] as? [String: [String: Any]] ?? [:]
            let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0) \(path)" } })
            #expect(routed.count >= 15)
            #expect(routed == documented)
            #expect(document["openapi"] as? String == "3.0.3")
            let schemes = (document["components"] as? [String: Any])?["securitySchemes"] as? [String: Any]
            #expect(schemes?["bearerAuth"] != nil)
            // OpenAPI 3.0 refuses an empty `required` list (openapi-spec-validator catches it too, but later).
            func emptyRequired(_ value: Any, at path: String) -> [String] {
                if let object = value as? [String: Any] {
                    let here = (object["required"] as? [Any]).map { $0.isEmpty ? [path] : [] } ?? []
                    return here + object.flatMap { emptyRequired($0.value, at: path + "/" + $0.key) }
                }
                if let array = value as? [Any] {
                    return array.enumerated().flatMap { emptyRequired($0.element, at: path + "/\($0.offset)") }
                }
                return []
            }
            #expect(emptyRequired(document, at: "").isEmpty, "empty required lists at \(emptyRequired(document, at: ""))")
        }
    }

    @Test("health, readiness and metrics (metrics only with the scraper's token)")
    func operations() async throws {
        try await withApp { _, _, client in
            #expect(try await client.get("/healthz").0 == .ok)
            #expect(try await client.get("/readyz").0 == .ok)
            _ = try await client.get("/api/v1/divisions/330529000000")
            // Metrics answer the scraper's token (or the loopback address), no one else.
            #expect(try await client.get("/metrics").0 == .notFound)
            #expect(try await client.get("/metrics", token: "wrong-token-0123456789").0 == .notFound)
            let metrics = try await client.get("/metrics", token: WebTestGateway.metricsToken).1
            #expect(metrics.contains(#"anlan_http_requests_total{method="GET",route="/healthz",status="200"} 1"#))
            #expect(metrics.contains(#"route="/api/v1/divisions/{code}",status="401""#))
            #expect(metrics.contains("anlan_http_request_duration_seconds_bucket"))
        }
    }
}

@Suite("Rules API")
struct RulesAPITests {
    @Test("credit codes are checked after normalization, with the expected check character")
    func creditCode() async throws {
        try await withApp { _, _, client in
            let token = try await client.token("inspector")
            let good = json(try await client.get("/api/v1/rules/credit-codes/91330106ma2h3k5p39", token: token).1)
            #expect(good["valid"] as? Bool == true)
            #expect(good["normalized"] as? String == "91330106MA2H3K5P39")
            let bad = json(try await client.get("/api/v1/rules/credit-codes/91330106MA2H3K5P38", token: token).1)
            #expect(bad["valid"] as? Bool == false)
            #expect(bad["expectedCheckCharacter"] as? String == "9")
            #expect((bad["error"] as? [String: Any])?["code"] as? String == "enterprise.credit_code_invalid")
        }
    }

    @Test("a unit is identified and graded; unknown substances are a 422 naming them")
    func majorHazard() async throws {
        try await withApp { _, _, client in
            let token = try await client.token("inspector")
            let (status, body) = try await client.send(
                .post, "/api/v1/rules/major-hazard-assessments", token: token,
                json:
                    #"{"exposedPopulation":120,"substances":[{"name":"液氨","quantityTonnes":50},{"hazardClass":"W5.3","quantityTonnes":800}]}"#
            )
            #expect(status == .ok)
            let result = json(body)
            #expect(abs((result["s"] as? Double ?? 0) - 5.8) < 1e-9)
            #expect(result["isMajorHazard"] as? Bool == true)
            #expect(result["alpha"] as? Double == 2)
            #expect(result["grade"] as? Int == 3)
            let small = try await client.send(
                .post, "/api/v1/rules/major-hazard-assessments", token: token,
                json: #"{"exposedPopulation":0,"substances":[{"cas":"7664-41-7","quantityTonnes":1}]}"#)
            #expect(small.1.contains("\"grade\":null"))
            let (unknown, unknownBody) = try await client.send(
                .post, "/api/v1/rules/major-hazard-assessments", token: token,
                json: #"{"exposedPopulation":5,"substances":[{"name":"不存在的物质","quantityTonnes":1}]}"#)
            #expect(unknown == .unprocessableContent)
            #expect(json(unknownBody)["code"] as? String == "hazard.substance_unknown")
            #expect(unknownBody.contains("不存在的物质"))
        }
    }
}

/// Issue 15, item 11: a 404 that hides a record outside the caller's jurisdiction is audited, though the caller's answer
/// is the same as for a record that does not exist.
@Suite("Out-of-jurisdiction requests")
struct OutOfScopeAuditTests {
    @Test("reaching for another township's enterprise answers a plain 404 and is audited once a minute, naming the record")
    func outOfScope() async throws {
        try await withApp(enterprises: 40) { fixtures, _, client in
            let leader = try await client.token("leader")
            let list = json(try await client.get("/api/v1/enterprises?pageSize=200", token: leader).1)
            let items = list["items"] as? [[String: Any]] ?? []
            let own = try await fixtures.caller("enterprise").enterpriseID?.key
            let outside = try #require(
                items.first { !(($0["divisionCode"] as? String) ?? "").hasPrefix("330529101") && $0["id"] as? String != own }?["id"]
                    as? String)
            let inside = items.first { (($0["divisionCode"] as? String) ?? "").hasPrefix("330529101") }?["id"] as? String
            let township = try await client.token("township")  // 青山镇
            let hidden = try await client.get("/api/v1/enterprises/\(outside)", token: township)
            let missing = try await client.get("/api/v1/enterprises/\(UUID().uuidString.lowercased())", token: township)
            #expect(hidden.0 == .notFound && missing.0 == .notFound)
            var a = json(hidden.1), b = json(missing.1)
            a["requestId"] = nil
            b["requestId"] = nil
            #expect(NSDictionary(dictionary: a).isEqual(to: b), "the caller cannot tell a hidden record from a missing one")
            if let inside { #expect(try await client.get("/api/v1/enterprises/\(inside)", token: township).0 == .ok) }
            // Repeated within the minute: counted, not recorded again.
            for _ in 0..<3 { #expect(try await client.get("/api/v1/enterprises/\(outside)", token: township).0 == .notFound) }

            let auditor = try await fixtures.caller("auditadmin")
            let found = try await fixtures.store.audit.search(.init(action: "access.out_of_scope"), page: try PageRequest(), by: auditor)
            #expect(found.total == 1)
            let record = try #require(found.items.first)
            #expect(record.username == "township" && record.targetType == "enterprise" && record.targetID == outside)
            #expect(record.outcome == "failure")
            #expect(record.after?.contains("GET /api/v1/enterprises/\(outside)") == true)
            // The page face is audited the same way, here for the enterprise officer reaching another enterprise.
            let (_, cookie, _) = try await client.browserLogin("enterprise")
            #expect(try await client.get("/enterprises/\(outside)", cookie: cookie).0 == .notFound)
            let both = try await fixtures.store.audit.search(.init(action: "access.out_of_scope"), page: try PageRequest(), by: auditor)
            #expect(both.items.compactMap(\.username).sorted() == ["enterprise", "township"])
        }
    }
}

@Suite("Unrouted methods")
struct UnroutedMethodTests {
    @Test("a path that exists answers a method it does not route with 405 and Allow; a path that does not exist, 404")
    func methodNotAllowed() async throws {
        try await withApp { _, _, client in
            let trace = try await client.execute(uri: "/api/v1/warnings", method: .trace, headers: [:], body: nil)
            #expect(trace.status == .methodNotAllowed)
            #expect(trace.headers[.allow] == "GET, POST")
            #expect(json(String(buffer: trace.body))["code"] as? String == "route.method_not_allowed")
            let delete = try await client.execute(
                uri: "/api/v1/enterprises/\(UUID().uuidString.lowercased())", method: .delete, headers: [:], body: nil)
            #expect(delete.status == .methodNotAllowed)
            #expect(delete.headers[.allow]?.contains("GET") == true && delete.headers[.allow]?.contains("PUT") == true)
            #expect(try await client.execute(uri: "/api/v1/no-such-thing", method: .get, headers: [:], body: nil).status == .notFound)
            #expect(try await client.execute(uri: "/login", method: .delete, headers: [:], body: nil).status == .methodNotAllowed)
            // A literal segment wins over a parameter, as in the router: the receipts path is POST only, although
            // `/notifications/{id}` answers GET; a PUT to the coverage list is 405, not the PUT of `/info-officers/{id}`.
            let receipts = try await client.execute(uri: "/api/v1/notifications/receipts", method: .get, headers: [:], body: nil)
            #expect(receipts.status == .methodNotAllowed && receipts.headers[.allow] == "POST")
            let coverage = try await client.execute(uri: "/api/v1/info-officers/coverage", method: .put, headers: [:], body: nil)
            #expect(coverage.status == .methodNotAllowed && coverage.headers[.allow] == "GET")
        }
    }
}

@Suite("Text rules of request bodies")
struct TextRulesTests {
    @Test("a NUL in a field the operation reads is refused; one in a property it ignores is ignored; the document says both")
    func nul() async throws {
        try await withApp { _, _, client in
            func token(_ body: String) async throws -> (HTTPResponse.Status, [String: Any]) {
                let r = try await client.send(.post, "/api/v1/auth/token", token: nil, json: body)
                return (r.0, json(r.1))
            }
            let refused = try await token(#"{"username":"lea\u0000der","password":"x"}"#)
            #expect(refused.0 == .badRequest && refused.1["code"] as? String == "request.invalid_character")
            let ignored = try await token(#"{"username":"leader","password":"\#(Fixtures.password)","note\u0000":"\u0000"}"#)
            #expect(ignored.0 == .ok || ignored.0 == .created, "\(ignored)")
            // A body read field by field: the field with the NUL is refused as invalid, nothing is stored.
            let staff = try await client.token("staff")
            let before = json(try await client.get("/api/v1/plans", token: staff).1)["total"] as? Int
            let plan = try await client.send(
                .post, "/api/v1/plans", token: staff,
                json: #"{"title":"防汛\u0000预案","scope":"special","topic":"flood","divisionCode":"330529000000"}"#)
            #expect(plan.0 == .unprocessableContent, "\(plan.1)")
            #expect(json(try await client.get("/api/v1/plans", token: staff).1)["total"] as? Int == before)

            let schemas =
                ((json(try await client.get("/api/v1/openapi.json").1)["components"] as? [String: Any])?["schemas"])
                as? [String: [String: Any]] ?? [:]
            func property(_ schema: String, _ name: String) -> [String: Any] {
                (schemas[schema]?["properties"] as? [String: [String: Any]])?[name] ?? [:]
            }
            // A request's required text is not blank; its optional fields may be null; a response's text only excludes NUL.
            #expect(property("TokenRequest", "username")["pattern"] as? String == "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$")
            #expect(property("TokenRequest", "code")["nullable"] as? Bool == true)
            #expect(property("TokenRequest", "code")["pattern"] as? String == "^[^\\u0000]*$")
            // What only responses carry may echo a file's text as it came.
            #expect(property("Error", "message")["pattern"] == nil)
            #expect(property("Error", "details")["nullable"] == nil)
        }
    }
}

@Suite("Division codes in the document")
struct DivisionCodeListingTests {
    @Test("every division-code field refers to a schema listing the county's codes: any level, townships only, or below the county")
    func listed() async throws {
        try await withApp { fixtures, _, client in
            let document = json(try await client.get("/api/v1/openapi.json").1)
            let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]] ?? [:]
            let all = Set(try await fixtures.store.divisions.names(within: .everything).map(\.code.rawValue))
            let any = Set(schemas["DivisionCode"]?["enum"] as? [String] ?? [])
            let townships = Set(schemas["TownshipCode"]?["enum"] as? [String] ?? [])
            let local = Set(schemas["LocalDivisionCode"]?["enum"] as? [String] ?? [])
            #expect(!all.isEmpty && any == all)
            #expect(!townships.isEmpty && townships.allSatisfy { (try? DivisionCode($0))?.level == .township })
            #expect(local == all.filter { (try? DivisionCode($0))?.level != .county } && local.isSuperset(of: townships))
            let officer = (schemas["InfoOfficerRequest"]?["properties"] as? [String: [String: Any]])?["divisionCode"]
            #expect(officer?["$ref"] as? String == "#/components/schemas/LocalDivisionCode")
            // No field is left with the bare 12-digit pattern.
            #expect(
                !String(decoding: try JSONSerialization.data(withJSONObject: document["paths"] ?? [:]), as: UTF8.self).contains(
                    "12 位统计用区划代码\""))
        }
    }
}

@Suite("Query contract")
struct QueryContractTests {
    @Test("an empty value where the declared schema admits none is refused; an empty search is no filter; a long one is refused")
    func emptyValues() async throws {
        try await withApp(enterprises: 5) { _, _, client in
            let leader = try await client.token("leader")
            for uri in ["/api/v1/divisions?parentCode=", "/api/v1/notifications?incidentId=", "/api/v1/duty/reports?pageSize="] {
                let (status, body, _) = try await client.get(uri, token: leader)
                #expect(status == .unprocessableContent, "\(uri)")
                #expect(json(body)["code"] as? String == "query.empty", "\(uri)")
            }
            let all = json(try await client.get("/api/v1/enterprises", token: leader).1)["total"] as? Int
            let blank = json(try await client.get("/api/v1/enterprises?q=", token: leader).1)["total"] as? Int
            #expect((all ?? 0) > 0 && blank == all)
            let long = try await client.get("/api/v1/incidents?q=" + String(repeating: "字", count: 101), token: leader)
            #expect(long.0 == .unprocessableContent && json(long.1)["code"] as? String == "query.q_too_long")
            let notNumber = try await client.get("/api/v1/enterprises?page=x", token: leader)
            #expect(json(notNumber.1)["code"] as? String == "query.not_integer")
            // A year outside the declared range is refused by the operation, as the document says.
            let early = try await client.get("/api/v1/work-calendar?year=1999", token: leader)
            #expect(early.0 == .unprocessableContent && json(early.1)["code"] as? String == "calendar.year_invalid")
            #expect(try await client.get("/api/v1/work-calendar?year=2026", token: leader).0 == .ok)
        }
    }
}
