import AnlanCore
import Foundation
import Hummingbird

/// The part of an operation's declared query parameters the router enforces for every operation alike, before the
/// handler runs (issue 15, item 13): an empty value where the schema admits none (a number, a yes/no, an ID, a code, a
/// date, a choice), a number or yes/no that is not one, a text longer than its declared maximum. What a value means
/// (its range, which codes exist, which IDs) stays the handler's, with the codes the page face answers too.
struct QueryContract: Sendable {
    private struct Rule: Sendable {
        let name: String
        let type: String?
        let admitsEmpty: Bool
        let maxLength: Int?
    }

    private let rules: [Rule]

    init(_ parameters: [APIOperation.Parameter]) {
        rules = parameters.filter { $0.location == .query }.map { parameter in
            let schema = parameter.schema
            func string(_ key: String) -> String? { if case .string(let s)? = schema[key] { s } else { nil } }
            func number(_ key: String) -> Double? { if case .number(let n)? = schema[key] { n } else { nil } }
            let type = string("type")
            var admitsEmpty = type == "string" && schema["$ref"] == nil
            if string("pattern") != nil || string("format") != nil || schema["enum"] != nil || (number("minLength") ?? 0) > 0 {
                admitsEmpty = false
            }
            return Rule(name: parameter.name, type: type, admitsEmpty: admitsEmpty, maxLength: number("maxLength").map { Int($0) })
        }
    }

    var isEmpty: Bool { rules.isEmpty }

    func check(_ request: Request) throws {
        let query = try Query(request)
        for rule in rules {
            guard let value = query.values[rule.name] else { continue }
            if value.isEmpty {
                guard rule.admitsEmpty else {
                    throw AnlanError.invalid("query.empty", "参数 \(rule.name) 不能为空值：不需要时请省略该参数。", field: rule.name)
                }
                continue
            }
            switch rule.type {
            case "integer":
                guard Int(value) != nil else { throw AnlanError.invalid("query.not_integer", "参数 \(rule.name) 必须是整数。", field: rule.name) }
            case "number":
                guard let n = Double(value), n.isFinite else {
                    throw AnlanError.invalid("query.not_number", "参数 \(rule.name) 必须是数字。", field: rule.name)
                }
            case "boolean":
                guard ["true", "false", "1", "0"].contains(value.lowercased()) else {
                    throw AnlanError.invalid("query.not_boolean", "参数 \(rule.name) 必须是 true 或 false。", field: rule.name)
                }
            default:
                if let max = rule.maxLength, value.count > max {
                    throw AnlanError.invalid(
                        "query.\(rule.name)_too_long", "参数 \(rule.name) 不能超过 \(max) 个字符。", field: rule.name)
                }
            }
        }
    }
}
