import Foundation

/// Rules every request body follows, declared in the document once instead of next to each field (issue 15, item 13:
/// the document states what the server enforces):
/// - no text holds a NUL (it cannot be stored; the server refuses it);
/// - a required text field of a request is not blank (the operations refuse an empty or all-space value);
/// - an optional field of a request may be `null`, read as absent.
/// The last two apply to the schemas only requests use: a response's required text may be empty, and it is never null
/// where the document does not say so. The first applies to what requests carry (bodies, parameters, and the schemas
/// they use), not to what only responses carry: a response may echo a file's text as it came (an import's headers).
enum OpenAPIText {
    static let noNUL = "^[^\\u0000]*$"
    static let notBlank = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"

    static func declared(_ document: JSONValue) -> JSONValue {
        guard case .object(var members) = document else { return document }
        let schemas = components(of: document)
        // Components reached from request bodies, and from responses; the request rules go to the first only.
        var fromRequests = Set<String>(), fromResponses = Set<String>()
        if let paths = member(document, "paths") {
            for (_, methods) in objectMembers(paths) {
                for (_, operation) in objectMembers(methods) {
                    if let body = member(operation, "requestBody") { reach(body, schemas, into: &fromRequests) }
                    if let responses = member(operation, "responses") { reach(responses, schemas, into: &fromResponses) }
                }
            }
        }
        let requestOnly = fromRequests.subtracting(fromResponses)
        members = members.map { key, value in
            switch key {
            case "paths":
                return (
                    key,
                    .object(
                        objectMembers(value).map { path, methods in
                            (
                                path,
                                .object(
                                    objectMembers(methods).map { method, operation in
                                        (
                                            method,
                                            .object(
                                                objectMembers(operation).map { name, part in
                                                    (
                                                        name,
                                                        rewrite(
                                                            part, request: name == "requestBody",
                                                            noNUL: name == "requestBody" || name == "parameters")
                                                    )
                                                })
                                        )
                                    })
                            )
                        })
                )
            case "components":
                return (
                    key,
                    .object(
                        objectMembers(value).map { name, part in
                            guard name == "schemas" else { return (name, part) }
                            return (
                                name,
                                .object(
                                    objectMembers(part).map {
                                        ($0.0, rewrite($0.1, request: requestOnly.contains($0.0), noNUL: fromRequests.contains($0.0)))
                                    })
                            )
                        })
                )
            default: return (key, value)
            }
        }
        return .object(members)
    }

    /// A schema with the text rules applied throughout.
    static func rewrite(_ schema: JSONValue, request: Bool, noNUL: Bool) -> JSONValue {
        guard case .object(var fields) = schema else {
            if case .array(let items) = schema { return .array(items.map { rewrite($0, request: request, noNUL: noNUL) }) }
            return schema
        }
        let required = Set((member(schema, "required").map(arrayItems) ?? []).compactMap(stringValue))
        fields = fields.map { key, value in
            switch key {
            case "properties":
                return (
                    key,
                    .object(
                        objectMembers(value).map { name, property in
                            var rewritten = rewrite(property, request: request, noNUL: noNUL)
                            if request && required.contains(name) && isPlainText(property) {
                                rewritten = setting(rewritten, "pattern", .string(notBlank))
                            }
                            if request && !required.contains(name) && member(property, "nullable") == nil {
                                // A reference takes no siblings in OpenAPI 3.0: it is wrapped to be nullable.
                                rewritten =
                                    member(property, "$ref") == nil
                                    ? setting(rewritten, "nullable", true) : ["nullable": true, "allOf": [property]]
                                // OpenAPI 3.0: an enumeration admits null only if it lists it.
                                if case .array(let values)? = member(rewritten, "enum"), !values.contains(.null) {
                                    rewritten = setting(rewritten, "enum", .array(values + [.null]))
                                }
                            }
                            return (name, rewritten)
                        })
                )
            case "items", "additionalProperties", "allOf", "oneOf", "anyOf", "not", "content", "schema":
                return (key, rewrite(value, request: request, noNUL: noNUL))
            default:
                if case .object = value, key != "example" && key != "enum" && key != "x-anlan-fuzz-explained" {
                    return (key, rewrite(value, request: request, noNUL: noNUL))
                }
                return (key, value)
            }
        }
        var result = JSONValue.object(fields)
        if noNUL && isPlainText(result) { result = setting(result, "pattern", .string(Self.noNUL)) }
        return result
    }

    /// A free text: type string with no enumeration, pattern or format of its own.
    /// Texts declared longer than 4,000 characters (a campaign's lists) get no pattern: generating long texts that
    /// match one is too slow for the fuzz tools, and the NUL rule stays enforced by the server.
    static func isPlainText(_ schema: JSONValue) -> Bool {
        guard case .number(let max)? = member(schema, "maxLength") ?? .number(0), max <= 4000 else { return false }
        return member(schema, "type") == .string("string") && member(schema, "enum") == nil && member(schema, "pattern") == nil
            && member(schema, "format") == nil && member(schema, "$ref") == nil
    }

    private static func reach(_ value: JSONValue, _ schemas: [String: JSONValue], into names: inout Set<String>) {
        switch value {
        case .object(let fields):
            for (key, inner) in fields {
                if key == "$ref", case .string(let target) = inner, target.hasPrefix("#/components/schemas/") {
                    let name = String(target.dropFirst("#/components/schemas/".count))
                    if names.insert(name).inserted, let schema = schemas[name] { reach(schema, schemas, into: &names) }
                } else {
                    reach(inner, schemas, into: &names)
                }
            }
        case .array(let items): for item in items { reach(item, schemas, into: &names) }
        default: break
        }
    }

    private static func components(of document: JSONValue) -> [String: JSONValue] {
        guard let components = member(document, "components"), let schemas = member(components, "schemas") else { return [:] }
        return Dictionary(objectMembers(schemas), uniquingKeysWith: { first, _ in first })
    }

    static func member(_ value: JSONValue, _ name: String) -> JSONValue? {
        guard case .object(let fields) = value else { return nil }
        return fields.first { $0.0 == name }?.1
    }

    private static func objectMembers(_ value: JSONValue) -> [(String, JSONValue)] {
        if case .object(let fields) = value { return fields }
        return []
    }

    private static func arrayItems(_ value: JSONValue) -> [JSONValue] {
        if case .array(let items) = value { return items }
        return []
    }

    private static func stringValue(_ value: JSONValue) -> String? {
        if case .string(let text) = value { return text }
        return nil
    }

    private static func setting(_ schema: JSONValue, _ name: String, _ value: JSONValue) -> JSONValue {
        guard case .object(var fields) = schema else { return schema }
        fields.removeAll { $0.0 == name }
        fields.append((name, value))
        return .object(fields)
    }
}
