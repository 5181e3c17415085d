import Foundation

/// A 12-digit statistical division code (统计用区划代码): 6 digits of GB/T 2260, 3 for the township, 3 for the village.
///
/// 国家统计局 统计用区划代码 (shared/domain/RULES.md §10)
/// Only county, township and village codes are accepted: Anlan serves one county and what lies below it.
public struct DivisionCode: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Validates structure: 12 ASCII digits whose county part is a county (digits 5–6 not 00),
    /// and a village part only under a township.
    public init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.utf8.count == 12, trimmed.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw AnlanError.invalid("division.code_invalid", "区划代码必须是 12 位数字。", field: "divisionCode")
        }
        let digits = Array(trimmed.utf8)
        let countyPart = String(decoding: digits[4..<6], as: UTF8.self)
        let townshipPart = String(decoding: digits[6..<9], as: UTF8.self)
        let villagePart = String(decoding: digits[9..<12], as: UTF8.self)
        guard countyPart != "00" else {
            throw AnlanError.invalid("division.code_invalid", "区划代码 \(trimmed) 不是县级或以下区划。", field: "divisionCode")
        }
        if townshipPart == "000" && villagePart != "000" {
            throw AnlanError.invalid("division.code_invalid", "区划代码 \(trimmed) 的村级部分缺少乡级部分。", field: "divisionCode")
        }
        self.rawValue = trimmed
    }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (lhs: DivisionCode, rhs: DivisionCode) -> Bool { lhs.rawValue < rhs.rawValue }

    public var level: DivisionLevel {
        if rawValue.hasSuffix("000000") { return .county }
        if rawValue.hasSuffix("000") { return .township }
        return .village
    }

    /// The leading digits every code below this one shares: 6 for a county, 9 for a township, 12 for a village.
    public var jurisdictionPrefix: String {
        String(rawValue.prefix(level.significantDigits))
    }

    /// The division directly above, or nil for a county.
    public var parent: DivisionCode? {
        switch level {
        case .county: return nil
        case .township: return try? DivisionCode(String(rawValue.prefix(6)) + "000000")
        case .village: return try? DivisionCode(String(rawValue.prefix(9)) + "000")
        }
    }

    /// True when `other` is this division or lies below it.
    public func contains(_ other: DivisionCode) -> Bool {
        other.rawValue.hasPrefix(jurisdictionPrefix)
    }

    /// 乡级 kind from digits 7–9: 001–099 街道, 100–199 镇, 200–399 乡, 400–599 other units. **S/V** in RULES §10.
    public var townshipKind: TownshipKind? {
        guard level != .county, let n = Int(rawValue.dropFirst(6).prefix(3)) else { return nil }
        switch n {
        case 1...99: return .subdistrict
        case 100...199: return .town
        case 200...399: return .township
        default: return .other
        }
    }
}

/// 县 / 乡镇 / 村.
public enum DivisionLevel: String, Sendable, Codable, CaseIterable {
    case county, township, village

    var significantDigits: Int {
        switch self {
        case .county: 6
        case .township: 9
        case .village: 12
        }
    }
}

/// 街道 / 镇 / 乡 / 其他乡级单位.
public enum TownshipKind: String, Sendable, Codable {
    case subdistrict, town, township, other
}
