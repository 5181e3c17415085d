import AnlanCore
import AnlanStore
import ArgumentParser
import Foundation

/// `anlan resources nearest`: asks the nearest-resource question from a point, as the command desk does, and with
/// `--repeat N --compare` times the spatial index against reading every row, in the same process, and prints the ratio.
struct Resources: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Emergency resource tools.", subcommands: [Nearest.self])

    struct Nearest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The k nearest callable resources of a kind from a point; optionally timed against a full scan.")
        @OptionGroup var storage: StorageOptions
        @Option(help: "Latitude (WGS-84).") var latitude: Double
        @Option(help: "Longitude (WGS-84).") var longitude: Double
        @Option(help: "team, expert, equipment or shelter.") var kind: String = "team"
        @Option(help: "How many (1-50).") var k: Int = 10
        @Option(help: "Ask this many times from points scattered around the given one and print p50/p95.") var `repeat`: Int = 1
        @Flag(help: "Also answer each question by reading every row, and print the ratio of the two times.") var compare = false

        func run() async throws {
            guard let kind = ResourceKind(rawValue: kind) else {
                throw ValidationError("--kind must be team, expert, equipment or shelter")
            }
            let settings = try Settings.resolve(storage)
            let logger = LogSetup.bootstrap(level: settings.logLevel)
            let (repeatCount, k, compare, origin) = (max(1, self.repeat), k, compare, GeoPoint(latitude: latitude, longitude: longitude))
            try await settings.withStore(logger: logger, migrate: false) { store in
                let caller = Caller.console("resources nearest")
                var generator = SeededGenerator(seed: 7)
                var indexed: [Double] = [], scanned: [Double] = [], mismatches = 0
                for n in 0..<repeatCount {
                    let point =
                        n == 0
                        ? origin
                        : GeoPoint(
                            latitude: origin.latitude + (generator.unit() - 0.5) * 0.3,
                            longitude: origin.longitude + (generator.unit() - 0.5) * 0.3)
                    let query = ResourceDirectory.NearestQuery(point: point, kind: kind, k: k)
                    let start = ContinuousClock.now
                    let found = try await store.directory.nearest(query, by: caller)
                    indexed.append(Self.milliseconds(ContinuousClock.now - start))
                    if n == 0 {
                        for f in found { say(String(format: "%8.2f km  %@  %@", f.distanceKm, f.resource.name, f.resource.phone)) }
                    }
                    if compare {
                        let start = ContinuousClock.now
                        let full = try await store.directory.nearestByFullScan(query, by: caller)
                        scanned.append(Self.milliseconds(ContinuousClock.now - start))
                        if full.map(\.resource.id) != found.map(\.resource.id) { mismatches += 1 }
                    }
                }
                let (p50, p95) = Self.percentiles(indexed)
                say(String(format: "index:     %d questions, p50 %.2f ms, p95 %.2f ms", indexed.count, p50, p95))
                if compare {
                    let (s50, s95) = Self.percentiles(scanned)
                    say(String(format: "full scan: %d questions, p50 %.2f ms, p95 %.2f ms", scanned.count, s50, s95))
                    say(String(format: "ratio (full scan / index, p50): %.1fx; answers differing: %d", s50 / max(p50, 0.001), mismatches))
                }
            }
        }

        static func milliseconds(_ d: Duration) -> Double {
            Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        }

        static func percentiles(_ values: [Double]) -> (Double, Double) {
            let sorted = values.sorted()
            guard !sorted.isEmpty else { return (0, 0) }
            return (sorted[sorted.count / 2], sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.95))])
        }
    }
}
