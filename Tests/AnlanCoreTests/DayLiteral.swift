import AnlanCore

/// Days written as literals in tests ("2026-12-10"); a literal that is no day stops the test run at once.
/// Only tests have this: in the product a literal default such as `day ?? "—"` must never type-check as a Day.
extension Day: ExpressibleByStringLiteral {
    public init(stringLiteral text: String) {
        guard let day = Day(text) else { preconditionFailure("\(text) is no yyyy-MM-dd day") }
        self = day
    }
}
