import Foundation
import Hummingbird

/// Which methods each routed path answers, for a 405 with `Allow` instead of a 404 when a path exists but not for the
/// request's method (TRACE, or a DELETE where there is none). Filled once when the application is built.
///
/// The router picks a path's node before it looks at the method, and a literal segment wins over a parameter
/// (`/notifications/receipts` over `/notifications/{id}`), so the methods allowed are those of the most specific
/// pattern that matches, not of every pattern that could.
final class AllowedMethods: @unchecked Sendable {
    // Written once while building the application, before the server accepts requests; only read after.
    private var routes: [(segments: [Substring], method: String)] = []

    func fill(_ routes: [(path: String, method: String)]) {
        self.routes = routes.map { (Self.segments($0.path), $0.method) }
    }

    /// The methods routed for this path's most specific pattern, sorted; empty when no route has the path at all.
    func allowed(_ path: String) -> [String] {
        let request = Self.segments(path)
        var best: [Int]?
        var methods = Set<String>()
        for route in routes where Self.matches(route.segments, request) {
            let rank = route.segments.map(Self.rank)
            if let current = best, current.lexicographicallyPrecedes(rank) { continue }
            if best != rank { methods = [] }
            best = rank
            methods.insert(route.method)
        }
        return methods.sorted()
    }

    private static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    /// 0 for a literal segment, 1 for a parameter, 2 for a wildcard: lower is more specific.
    private static func rank(_ segment: Substring) -> Int {
        if segment == "*" || segment == "**" { return 2 }
        if segment.hasPrefix(":") || (segment.hasPrefix("{") && segment.hasSuffix("}")) { return 1 }
        return 0
    }

    private static func matches(_ pattern: [Substring], _ path: [Substring]) -> Bool {
        if let last = pattern.last, last == "**" {
            return path.count >= pattern.count - 1 && zip(pattern.dropLast(), path).allSatisfy(segment)
        }
        return pattern.count == path.count && zip(pattern, path).allSatisfy(segment)
    }

    private static func segment(_ pair: (Substring, Substring)) -> Bool {
        let (pattern, value) = pair
        return pattern == value || rank(pattern) > 0
    }
}
