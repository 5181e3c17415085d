import Foundation
import Synchronization

/// Request counts and latency by route and status, rendered in Prometheus text format.
///
/// Kept in-process and per node: each node of a cluster is scraped on its own.
public final class Metrics: Sendable {
    private struct Key: Hashable, Comparable {
        let method: String
        let route: String
        let status: Int
        static func < (a: Key, b: Key) -> Bool { (a.route, a.method, a.status) < (b.route, b.method, b.status) }
    }

    private struct Series {
        var count = 0
        var sum = 0.0
        var buckets: [Int]
    }

    /// Upper bounds of the latency histogram, in seconds.
    static let bounds: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private let series = Mutex<[Key: Series]>([:])

    public init() {}

    func record(method: String, route: String, status: Int, seconds: Double) {
        series.withLock { all in
            var s = all[Key(method: method, route: route, status: status)] ?? Series(buckets: Array(repeating: 0, count: Self.bounds.count))
            s.count += 1
            s.sum += seconds
            for (i, bound) in Self.bounds.enumerated() where seconds <= bound { s.buckets[i] += 1 }
            all[Key(method: method, route: route, status: status)] = s
        }
    }

    /// The Prometheus text exposition of everything recorded so far.
    public func render() -> String {
        let snapshot = series.withLock { $0 }.sorted { $0.key < $1.key }
        var out = "# HELP anlan_http_requests_total HTTP requests by method, route and status.\n"
        out += "# TYPE anlan_http_requests_total counter\n"
        for (key, s) in snapshot {
            out += "anlan_http_requests_total{\(labels(key))} \(s.count)\n"
        }
        out += "# HELP anlan_http_request_duration_seconds Time to answer an HTTP request.\n"
        out += "# TYPE anlan_http_request_duration_seconds histogram\n"
        for (key, s) in snapshot {
            let l = labels(key)
            for (i, bound) in Self.bounds.enumerated() {
                out += "anlan_http_request_duration_seconds_bucket{\(l),le=\"\(bound)\"} \(s.buckets[i])\n"
            }
            out += "anlan_http_request_duration_seconds_bucket{\(l),le=\"+Inf\"} \(s.count)\n"
            out += "anlan_http_request_duration_seconds_sum{\(l)} \(s.sum)\n"
            out += "anlan_http_request_duration_seconds_count{\(l)} \(s.count)\n"
        }
        return out
    }

    private func labels(_ key: Key) -> String {
        func escape(_ v: String) -> String {
            v.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
        }
        return "method=\"\(escape(key.method))\",route=\"\(escape(key.route))\",status=\"\(key.status)\""
    }
}
