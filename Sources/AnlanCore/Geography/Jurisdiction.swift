/// The part of the county a caller may see and change: one division and everything below it.
///
/// `.everything` is for the operator at the server's console, never for a web user; `.nothing` is for
/// someone not logged in.
public struct Jurisdiction: Sendable, Hashable {
    private enum Scope: Hashable {
        case everything, nothing
        case division(DivisionCode)
    }

    private let scope: Scope

    public init(_ root: DivisionCode) {
        self.scope = .division(root)
    }

    private init(scope: Scope) {
        self.scope = scope
    }

    public static let everything = Jurisdiction(scope: .everything)
    public static let nothing = Jurisdiction(scope: .nothing)

    /// The division at the top, if the jurisdiction is one division's.
    public var root: DivisionCode? {
        if case .division(let code) = scope { return code }
        return nil
    }

    /// Every division code inside starts with this text. A code is 12 digits, so "-" matches none.
    public var codePrefix: String {
        switch scope {
        case .everything: ""
        case .nothing: "-"
        case .division(let code): code.jurisdictionPrefix
        }
    }

    public func contains(_ code: DivisionCode) -> Bool {
        code.rawValue.hasPrefix(codePrefix)
    }
}
