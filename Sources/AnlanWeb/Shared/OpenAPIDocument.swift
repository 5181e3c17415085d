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
}
