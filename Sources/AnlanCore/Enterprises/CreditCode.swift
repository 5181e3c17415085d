import Foundation

/// A unified social credit code (统一社会信用代码), 18 characters, with a valid GB 32100 check character.
///
/// GB 32100-2015 法人和其他组织统一社会信用代码编码规则 (shared/domain/RULES.md §9)
/// Construct it with `CreditCode(_:)`, which normalizes first; use `CreditCode.check(_:)` to explain a
/// failure to a person (forms, imports) without throwing.
public struct CreditCode: Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// The 31 characters a code may contain (no I, O, S, V, Z), in value order 0–30.
    static let alphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// Normalizes and validates; throws `enterprise.credit_code_invalid` naming what is wrong.
    public init(_ text: String) throws {
        let result = Self.check(text)
        if let error = result.error { throw error }
        self.rawValue = result.normalized
    }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    /// The outcome of checking a code as typed.
    public struct Check: Sendable, Equatable {
        public let normalized: String
        /// The check character the first 17 characters call for, when they are well formed.
        public let expectedCheckCharacter: Character?
        /// Problems that do not make the code invalid (some real codes fail the GB 11714 check).
        public let warnings: [String]
        public let error: AnlanError?

        public var isValid: Bool { error == nil }
    }

    /// Full-width characters become half-width, white space goes, letters become upper case.
    public static func normalize(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            var value = scalar.value
            if (0xFF01...0xFF5E).contains(value) { value -= 0xFEE0 }  // full-width ASCII
            guard let converted = Unicode.Scalar(value) else { continue }
            if converted.properties.isWhitespace || value == 0x3000 || value == 0x200B || value == 0xFEFF { continue }
            out.append(converted)
        }
        return String(out).uppercased()
    }

    /// Checks a code as a person typed it, explaining the first problem in Chinese.
    public static func check(_ text: String) -> Check {
        let normalized = normalize(text)
        let characters = Array(normalized)
        func invalid(_ message: String, expected: Character? = nil) -> Check {
            Check(
                normalized: normalized, expectedCheckCharacter: expected, warnings: [],
                error: AnlanError(
                    .unprocessable, code: "enterprise.credit_code_invalid", message: message,
                    details: ["field": "creditCode", "normalized": normalized].merging(
                        expected.map { ["expectedCheckCharacter": String($0)] } ?? [:]
                    ) { a, _ in a }))
        }
        guard characters.count == 18 else {
            return invalid("统一社会信用代码应为 18 位，输入的是 \(characters.count) 位。")
        }
        var values: [Int] = []
        for (index, character) in characters.enumerated() {
            guard let value = alphabet.firstIndex(of: character) else {
                return invalid("统一社会信用代码第 \(index + 1) 位“\(character)”不是允许的字符（数字或除 I、O、S、V、Z 以外的大写字母）。")
            }
            values.append(value)
        }
        let sum = zip(values.prefix(17), weights).reduce(0) { $0 + $1.0 * $1.1 }
        let expected = alphabet[(31 - sum % 31) % 31]
        guard characters[17] == expected else {
            return invalid("统一社会信用代码校验位错误：第 18 位应为“\(expected)”，输入的是“\(characters[17])”。", expected: expected)
        }
        var warnings: [String] = []
        if let organizationCheck = organizationCodeCheck(Array(characters[8..<16])), organizationCheck != characters[16] {
            warnings.append("第 9–17 位（组织机构代码）的校验位应为“\(organizationCheck)”，输入的是“\(characters[16])”；部分真实代码如此，请核对营业执照。")
        }
        return Check(normalized: normalized, expectedCheckCharacter: expected, warnings: warnings, error: nil)
    }

    /// The GB 11714 check character over the 8 body characters of an organization code.
    /// GB 11714-1997 全国组织机构代码编制规则
    public static func organizationCodeCheck(_ body: [Character]) -> Character? {
        let weights = [3, 7, 9, 10, 5, 8, 4, 2]
        var sum = 0
        for (character, weight) in zip(body, weights) {
            guard let value = character.isNumber ? character.wholeNumberValue : character.asciiValue.map({ Int($0) - 55 }),
                (0...35).contains(value)
            else { return nil }
            sum += value * weight
        }
        switch 11 - sum % 11 {
        case 10: return "X"
        case 11: return "0"
        case let c: return Character(String(c))
        }
    }
}
