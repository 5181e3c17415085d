import AnlanCore
import Foundation
import Hummingbird

/// One documented operation of the JSON API.
struct APIOperation: Sendable {
    struct Parameter: Sendable {
        enum Location: String, Sendable { case path, query }
        let name: String
        let location: Location
        let required: Bool
        let description: String
        let schema: JSONValue
    }

    let method: HTTPRequest.Method
    /// Relative to /api/v1, with `{name}` captures, as Hummingbird and OpenAPI both write them.
    let path: String
    let operationID: String
    let summary: String
    let tag: String
    /// Who may call it: enforced by `APIRoutes` before the handler runs, and documented from the same value.
    let access: Access
    var parameters: [Parameter] = []
    var requestSchema: JSONValue? = nil
    /// The request body's media type; a file upload is "application/octet-stream".
    var requestContentType = "application/json"
    /// The media type of a successful answer's body: JSON, or a document such as application/cap+xml.
    var responseContentType = "application/json"
    /// Status code → (description, schema of the JSON body or nil for none).
    var responses: [(Int, String, JSONValue?)]
    /// The stable error codes it may answer with, from its context's catalog (listed in the document).
    var errorCodes: [String] = []
    /// Findings of `make fuzz` (schemathesis `--checks all`) that are the intended behaviour, by check code
    /// (e.g. "ST202"), each with why; published as `x-anlan-fuzz-explained`, where scripts/fuzz reads them, so that
    /// only an unexplained finding fails the long run (issue 15, item 13).
    var fuzzExplained: [(check: String, reason: String)] = []

    var requiresAuthentication: Bool { access != .open }

    /// The operation with a fuzz finding explained: `check` is schemathesis's code (ST202: a schema-valid request
    /// refused, because the rule cannot be said in an OpenAPI 3.0 schema), `reason` says which rule.
    func explaining(_ check: String, _ reason: String) -> APIOperation {
        var copy = self
        copy.fuzzExplained.append((check, reason))
        return copy
    }
}

/// Registers API routes together with their OpenAPI description, so the document cannot drift from the code:
/// the declared `access` is what the router enforces, and what the document says.
final class APIRoutes: @unchecked Sendable {
    // Filled only while the application is built, on one task, then only read.
    private(set) var operations: [APIOperation] = []
    private let openGroup: RouterGroup<AppContext>
    private let userGroup: any RouterMethods<UserContext>

    init(group: RouterGroup<AppContext>) {
        self.openGroup = group
        self.userGroup = group.group(context: UserContext.self)
    }

    /// An operation for signed-in users: 401 without a valid session or token, 403 when the role lacks the
    /// declared permission, both before the handler (and its body parsing) runs.
    func add(_ operation: APIOperation, _ handler: @escaping @Sendable (Request, UserContext) async throws -> Response) {
        precondition(operation.access != .open, "\(operation.operationID): an open operation is added with addOpen")
        let access = operation.access
        let contract = QueryContract(operation.parameters)
        document(operation)
        userGroup.on(RouterPath(operation.path), method: operation.method) { request, context in
            try access.check(context.user)
            if !contract.isEmpty { try contract.check(request) }
            return try await handler(request, context)
        }
    }

    /// An operation anyone may call (sign-in, this document).
    func addOpen(_ operation: APIOperation, _ handler: @escaping @Sendable (Request, AppContext) async throws -> Response) {
        precondition(operation.access == .open, "\(operation.operationID): a protected operation is added with add")
        let contract = QueryContract(operation.parameters)
        document(operation)
        openGroup.on(RouterPath(operation.path), method: operation.method) { request, context in
            if !contract.isEmpty { try contract.check(request) }
            return try await handler(request, context)
        }
    }

    private func document(_ operation: APIOperation) {
        var operation = operation
        operation.responses += Self.commonErrors(for: operation)
        operations.append(operation)
    }

    /// Errors any operation may answer with, added unless the operation lists the status itself.
    private static func commonErrors(for operation: APIOperation) -> [(Int, String, JSONValue?)] {
        var errors: [(Int, String, JSONValue?)] = [(400, "请求格式不正确", Schemas.ref("Error"))]
        if operation.requiresAuthentication {
            errors.append((401, "未登录或令牌无效", Schemas.ref("Error")))
            errors.append((403, "无权执行此操作", Schemas.ref("Error")))
        }
        if !operation.parameters.isEmpty || operation.requestSchema != nil {
            errors.append((422, "参数校验失败", Schemas.ref("Error")))
        }
        if operation.requestSchema != nil {
            // A body over the operation's limit (1 MB of JSON; an upload's own limit).
            errors.append((413, "请求内容过大", Schemas.ref("Error")))
        }
        if operation.errorCodes.contains(where: { $0.hasSuffix(".not_found") }) {
            // A record the request names (in the path or the body) that does not exist, or is outside the caller's
            // jurisdiction: the two answers are the same.
            errors.append((404, "所指记录不存在或不在本人辖区", Schemas.ref("Error")))
        }
        return errors.filter { error in !operation.responses.contains { $0.0 == error.0 } }
    }
}

// MARK: - Request and response helpers

extension Request {
    /// Decodes a JSON body; anything that is not the expected JSON is a 400 with a Chinese message.
    func decodeJSON<T: Decodable>(_ type: T.Type, context: some RequestContext) async throws -> T {
        let buffer = try await body.collect(upTo: 1 << 20)
        let data = Data(buffer: buffer)
        do {
            let value = try JSONDecoder().decode(T.self, from: data)
            // A NUL cannot be stored (PostgreSQL refuses it in text): refused in any text the operation reads. One in a
            // property the operation does not read is ignored with the property (the document declares the difference:
            // its strings exclude NUL). A JSON object read field by field (`JSONInput`) checks each field as it reads it.
            if !(value is JSONValue), String(decoding: data, as: UTF8.self).range(of: "\\u0000", options: .caseInsensitive) != nil,
                Self.containsNUL(value)
            {
                throw AnlanError(.badRequest, code: "request.invalid_character", message: "请求内容包含不允许的控制字符。")
            }
            return value
        } catch let error as AnlanError {
            throw error
        } catch {
            throw AnlanError(
                .badRequest, code: "request.invalid_body", message: "请求内容不是有效的 JSON，或字段缺失、类型不符。")
        }
    }
}

extension Request {
    /// Whether any text in a decoded value holds a NUL character.
    static func containsNUL(_ value: Any, depth: Int = 0) -> Bool {
        if let text = value as? String { return text.unicodeScalars.contains("\u{0}") }
        guard depth < 32 else { return false }
        return Mirror(reflecting: value).children.contains { containsNUL($0.value, depth: depth + 1) }
    }
}

/// Query-string access with validation: a present but malformed value is a 422, never ignored.
struct Query {
    let values: [String: String]

    init(_ request: Request) throws {
        var values: [String: String] = [:]
        // Read as a form encodes it: "+" is a space (a GET form's "青山 化工" arrives as 青山+化工), then percent-decoding.
        for pair in (request.uri.query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            let k = decode(parts[0]), v = parts.count > 1 ? decode(parts[1]) : ""
            if v.unicodeScalars.contains(where: { $0.value == 0 }) || k.unicodeScalars.contains(where: { $0.value == 0 }) {
                throw AnlanError(.badRequest, code: "request.invalid_character", message: "查询参数包含不允许的控制字符。")
            }
            values[k] = v
        }
        self.values = values
    }

    /// The query's values, sorted, without the named ones: what a pager or an export link carries on.
    func values(except names: Set<String>) -> [(String, String)] {
        values.filter { !names.contains($0.key) }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    func string(_ name: String) -> String? {
        guard let v = values[name], !v.isEmpty else { return nil }
        return v
    }

    func int(_ name: String) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let n = Int(text) else {
            throw AnlanError.invalid("query.not_integer", "参数 \(name) 必须是整数。", field: name)
        }
        return n
    }

    func page() throws -> PageRequest {
        try PageRequest(page: try int("page"), pageSize: try int("pageSize"))
    }

    func bool(_ name: String) throws -> Bool? {
        guard let text = string(name) else { return nil }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw AnlanError.invalid("query.not_boolean", "参数 \(name) 必须是 true 或 false。", field: name)
        }
    }

    /// A calendar day, yyyy-MM-dd.
    func day(_ name: String) throws -> String? {
        guard let text = string(name) else { return nil }
        guard Timestamp.isDay(text) else { throw AnlanError.invalid("query.not_day", "参数 \(name) 必须是 yyyy-MM-dd 格式的日期。", field: name) }
        return text
    }

    func uuid(_ name: String) throws -> UUID? {
        guard let text = string(name) else { return nil }
        guard let id = UUID(key: text) else { throw AnlanError.invalid("query.not_uuid", "参数 \(name) 必须是 UUID。", field: name) }
        return id
    }

    func divisionCode(_ name: String) throws -> DivisionCode? {
        try string(name).map { try DivisionCode($0) }
    }

    func date(_ name: String) throws -> Date? {
        guard let text = string(name) else { return nil }
        if let date = Timestamp.date(text) ?? (try? Date.ISO8601FormatStyle().parse(text)) { return date }
        if text.count == 10, let date = try? Date.ISO8601FormatStyle().parse(text + "T00:00:00+08:00") { return date }
        throw AnlanError.invalid("query.not_datetime", "参数 \(name) 必须是日期（2026-01-31）或 ISO 8601 时间。", field: name)
    }

    func `enum`<E: RawRepresentable>(_ name: String, _ type: E.Type, label: String) throws -> E? where E.RawValue == String {
        guard let text = string(name) else { return nil }
        guard let value = E(rawValue: text) else {
            throw AnlanError.invalid("query.unknown_value", "参数 \(name) 不是有效的\(label)。", field: name)
        }
        return value
    }
}

enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.string(date))
        }
        return encoder
    }()

    /// A hand-written body (see `JSONWritable`): the same bytes as the encoder's, without its intermediate dictionaries.
    static func make<T: JSONWritable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        var json = JSONWriter()
        value.write(to: &json)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: json.buffer))
    }

    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A map layer: the features as a GeoJSON FeatureCollection, served as `application/geo+json`.
    static func featureCollection(_ features: [JSONValue]) throws -> Response {
        var response = try make(["type": "FeatureCollection", "features": .array(features)] as JSONValue)
        response.headers[.contentType] = "application/geo+json; charset=utf-8"
        return response
    }
}
