import Foundation
import Hummingbird

/// Which methods each routed path answers, for a 405 with `Allow` instead of a 404 when a path exists but not for the
/// request's method (TRACE, or a DELETE where there is none). Filled once when the application is built.
final class AllowedMethods: @unchecked Sendable {
    // Written once while building the application, before the server accepts requests; only read after.
    private var routes: [(segments: [Substring], method: String)] = []

    func fill(_ routes: [(path: String, method: String)]) {
        self.routes = routes.map { (Self.segments($0.path), $0.method) }
    }

    /// The methods routed for this path, sorted; empty when no route has the path at all.
    func allowed(_ path: String) -> [String] {
        let request = Self.segments(path)
        var methods = Set<String>()
        for route in routes where Self.matches(route.segments, request) { methods.insert(route.method) }
        return methods.sorted()
    }

    private static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    private static func matches(_ pattern: [Substring], _ path: [Substring]) -> Bool {
        if let last = pattern.last, last == "**" {
            return path.count >= pattern.count - 1 && zip(pattern.dropLast(), path).allSatisfy(segment)
        }
        return pattern.count == path.count && zip(pattern, path).allSatisfy(segment)
    }

    private static func segment(_ pair: (Substring, Substring)) -> Bool {
        let (pattern, value) = pair
        return pattern == value || pattern == "*" || pattern.hasPrefix(":") || (pattern.hasPrefix("{") && pattern.hasSuffix("}"))
    }
}
