import Foundation

/// 公民身份号码 (GB 11643-1999): 6 digits of the address code (GB/T 2260 where the number was issued), 8 of the birth date
/// (YYYYMMDD), 3 of the sequence (odd for men, even for women), and a check character by ISO 7064 MOD 11-2 (weights
/// 2^(17-i) mod 11 over the first 17 digits; the sum's remainder 0…10 gives 1 0 X 9 8 7 6 5 4 3 2). The 台账 of the dead
/// and missing, and relief households, check every number with it before anything is stored.
public enum IDNumber {
    public enum Sex: String, Sendable, Codable {
        case male, female

        public var label: String { self == .male ? "男" : "女" }
    }

    public struct Check: Sendable, Equatable {
        public let valid: Bool
        public let normalized: String
        public let birthDate: Day?
        public let sex: Sex?
        /// The 6-digit address code the number was issued under (not necessarily where the person lives now).
        public let divisionCode: String?
        public let error: String?
    }

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters = Array("10X98765432")

    /// The check character of the first 17 digits.
    public static func checkCharacter(_ first17: String) -> Character? {
        let digits = first17.compactMap(\.wholeNumberValue)
        guard digits.count == 17, first17.count == 17 else { return nil }
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    /// Checks a number as written: spaces removed, a lowercase x read as X. `today` bounds the birth date.
    public static func check(_ text: String, today: Day) -> Check {
        let n = text.filter { !$0.isWhitespace }.uppercased()
        func invalid(_ why: String) -> Check {
            Check(valid: false, normalized: n, birthDate: nil, sex: nil, divisionCode: nil, error: why)
        }
        if n.count == 15 && n.allSatisfy(\.isASCII) && n.allSatisfy(\.isNumber) {
            return invalid("这是 15 位旧身份证号码，请填写 18 位号码。")
        }
        guard n.count == 18 else { return invalid("身份证号码须为 18 位。") }
        let first17 = String(n.prefix(17))
        guard first17.allSatisfy({ $0.isASCII && $0.isNumber }), let last = n.last, last.isASCII, last.isNumber || last == "X" else {
            return invalid("身份证号码前 17 位须为数字，末位为数字或 X。")
        }
        let birthText = String(first17.dropFirst(6).prefix(8))
        let dashed = "\(birthText.prefix(4))-\(birthText.dropFirst(4).prefix(2))-\(birthText.suffix(2))"
        guard let birth = Day(dashed), birth.description == dashed else { return invalid("出生日期 \(birthText) 不是有效日期。") }
        guard birth <= today, birth.year >= 1900 else { return invalid("出生日期 \(dashed) 不可能（晚于今天或早于 1900 年）。") }
        guard let expected = checkCharacter(first17), expected == last else {
            return invalid("校验码不符：按前 17 位应为 \(checkCharacter(first17).map(String.init) ?? "?")，实为 \(last)。")
        }
        let sequence = Int(first17.suffix(3)) ?? 0
        return Check(
            valid: true, normalized: n, birthDate: birth, sex: sequence % 2 == 1 ? .male : .female, divisionCode: String(n.prefix(6)),
            error: nil)
    }
}
