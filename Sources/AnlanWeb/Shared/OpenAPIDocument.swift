import AnlanCore
import Foundation

/// Builds the OpenAPI 3.0 document from the registered operations.
enum OpenAPIDocument {
    static func make(_ operations: [APIOperation], version: String) -> JSONValue {
        var paths: [(String, [(String, JSONValue)])] = []
        for operation in operations {
            let path = "/api/v1/" + operation.path
            var entry: [(String, JSONValue)] = [
                ("operationId", .string(operation.operationID)), ("summary", .string(operation.summary)),
                ("tags", [.string(operation.tag)]),
            ]
            if !operation.parameters.isEmpty {
                entry.append(
                    (
                        "parameters",
                        .array(
                            operation.parameters.map {
                                [
                                    "name": .string($0.name), "in": .string($0.location.rawValue), "required": .bool($0.required),
                                    "description": .string($0.description), "schema": $0.schema,
                                ]
                            })
                    ))
            }
            if let schema = operation.requestSchema {
                let content: JSONValue = ["schema": schema]
                entry.append(("requestBody", ["required": true, "content": .object([(operation.requestContentType, content)])]))
            }
            var responses: [(String, JSONValue)] = []
            for (status, description, schema) in operation.responses.sorted(by: { $0.0 < $1.0 }) {
                var response: [(String, JSONValue)] = [("description", .string(description))]
                if let schema {
                    let type = status < 300 ? operation.responseContentType : "application/json"
                    let body: JSONValue = ["schema": schema]
                    response.append(("content", .object([(type, body)])))
                }
                responses.append((String(status), .object(response)))
            }
            entry.append(("responses", .object(responses)))
            entry.append(("security", operation.requiresAuthentication ? [["bearerAuth": []]] : []))
            // The permission the router enforces, from the same declaration (an OpenAPI extension field).
            switch operation.access {
            case .open: entry.append(("x-anlan-access", "open"))
            case .authenticated: entry.append(("x-anlan-access", "authenticated"))
            case .permission(let permission): entry.append(("x-anlan-access", .string("permission:" + permission.rawValue)))
            }
            if !operation.errorCodes.isEmpty {
                entry.append(("x-anlan-error-codes", .array(operation.errorCodes.map { .string($0) })))
            }
            if !operation.fuzzExplained.isEmpty {
                entry.append(("x-anlan-fuzz-explained", .object(operation.fuzzExplained.map { ($0.check, .string($0.reason)) })))
            }
            if let index = paths.firstIndex(where: { $0.0 == path }) {
                paths[index].1.append((operation.method.rawValue.lowercased(), .object(entry)))
            } else {
                paths.append((path, [(operation.method.rawValue.lowercased(), .object(entry))]))
            }
        }
        return [
            "openapi": "3.0.3",
            "info": [
                "title": "安澜应急管理平台 API", "version": .string(version),
                "description": "县级应急管理局业务平台的 JSON 接口。错误统一返回 {code, message, requestId}。",
            ],
            "servers": [["url": "/"]],
            "paths": .object(paths.map { ($0.0, .object($0.1)) }),
            "components": [
                "schemas": .object(Schemas.all + WebContexts.all.flatMap { $0.schemas }),
                "securitySchemes": ["bearerAuth": ["type": "http", "scheme": "bearer", "description": "POST /api/v1/auth/token 签发的令牌"]],
            ],
        ]
    }

    /// The document with every division-code schema replaced by a reference to a schema that lists the county's codes
    /// as stored (`DivisionCode`, any level; `TownshipCode`; `LocalDivisionCode`, a township or a village): a code of the
    /// right shape that is not one of them is refused, so the document says which exist (issue 15, item 13).
    static func listingDivisionCodes(_ document: JSONValue, codes: [String]) -> JSONValue {
        let levels = codes.compactMap { code in (try? DivisionCode(code)).map { (code, $0.level) } }
        let variants: [(schema: JSONValue, name: String, codes: [String], description: String)] = [
            (Schemas.divisionCode, "DivisionCode", codes, "本县现有的 12 位统计用区划代码（县、乡镇、村），随区划数据更新"),
            (Schemas.townshipCode, "TownshipCode", levels.filter { $0.1 == .township }.map(\.0), "本县现有乡镇（街道）的 12 位区划代码"),
            (Schemas.villageCode, "VillageCode", levels.filter { $0.1 == .village }.map(\.0), "本县现有村（社区）的 12 位区划代码"),
            (
                Schemas.localDivisionCode, "LocalDivisionCode", levels.filter { $0.1 != .county }.map(\.0),
                "本县现有乡镇（街道）和村（社区）的 12 位区划代码"
            ),
        ]
        func replaced(_ value: JSONValue) -> JSONValue {
            if let variant = variants.first(where: { $0.schema == value }) { return Schemas.ref(variant.name) }
            switch value {
            case .object(let members): return .object(members.map { ($0.0, replaced($0.1)) })
            case .array(let items): return .array(items.map(replaced))
            default: return value
            }
        }
        guard case .object(var members) = replaced(document) else { return document }
        let listed: [(String, JSONValue)] = variants.map { variant in
            guard case .object(var fields) = variant.schema else { return (variant.name, variant.schema) }
            fields.removeAll { $0.0 == "description" }
            fields.append(("enum", .array(variant.codes.map { .string($0) })))
            fields.append(("description", .string(variant.description)))
            return (variant.name, .object(fields))
        }
        members = members.map { key, value in
            guard key == "components", case .object(var components) = value,
                let index = components.firstIndex(where: { $0.0 == "schemas" }), case .object(let schemas) = components[index].1
            else { return (key, value) }
            components[index] = ("schemas", .object(schemas + listed))
            return (key, .object(components))
        }
        return .object(members)
    }
}
