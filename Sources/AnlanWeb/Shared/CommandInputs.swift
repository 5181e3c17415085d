import AnlanCore
import Foundation
import Hummingbird

/// A page form as a command's input: every value is text, as the browser sent it.
extension FormData: CommandInput {
    func value(_ name: String) -> InputValue? { fields[name].map(InputValue.text) }
    func values(_ name: String) -> [InputValue] { all(name).map(InputValue.text) }
}

/// An API body as a command's input: a JSON object, read field by field with its JSON types kept.
struct JSONInput: CommandInput {
    let members: [String: JSONValue]

    /// Reads the body; anything but a JSON object is `request.invalid_body`, as every other API body.
    static func read(_ request: Request, context: some RequestContext) async throws -> JSONInput {
        let value = try await request.decodeJSON(JSONValue.self, context: context)
        guard case .object(let members) = value else {
            throw AnlanError(.badRequest, code: "request.invalid_body", message: "请求内容须为 JSON 对象。")
        }
        // The last of repeated names wins, as JSONDecoder's would.
        return JSONInput(members: Dictionary(members, uniquingKeysWith: { _, last in last }))
    }

    /// As `read`, but no body at all is an empty object (an operation whose fields all have defaults, called with none).
    static func readOptional(_ request: Request, context: some RequestContext) async throws -> JSONInput {
        var request = request
        guard try await request.collectBody(upTo: 1 << 20).readableBytes > 0 else { return JSONInput(members: [:]) }
        return try await read(request, context: context)
    }

    func value(_ name: String) -> InputValue? {
        switch members[name] {
        case nil, .null: nil
        // A NUL cannot be stored: such a text is refused as the field's invalid value.
        case .string(let text) where text.unicodeScalars.contains("\u{0}"): .unreadable
        case .string(let text): .text(text)
        case .bool(let flag): .flag(flag)
        case .number(let number): .number(number)
        case .array, .object: .unreadable
        }
    }

    func records(_ name: String, fields: [String]) -> [any CommandInput]? {
        switch members[name] {
        case nil, .null: return []
        case .array(let items):
            var records: [any CommandInput] = []
            for item in items {
                guard case .object(let members) = item else { return nil }
                records.append(JSONInput(members: Dictionary(members, uniquingKeysWith: { _, last in last })))
            }
            return records
        case .some: return nil
        }
    }

    func values(_ name: String) -> [InputValue] {
        switch members[name] {
        case nil, .null: []
        case .array(let items):
            items.map { item in
                switch item {
                case .string(let text) where text.unicodeScalars.contains("\u{0}"): .unreadable
                case .string(let text): .text(text)
                case .bool(let flag): .flag(flag)
                case .number(let number): .number(number)
                case .null, .array, .object: .unreadable
                }
            }
        case .some: value(name).map { [$0] } ?? [.unreadable]
        }
    }
}
