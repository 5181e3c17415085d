import Foundation
import SQLKit
import Synchronization

/// Counts of list queries, each kept with the version of the tables it counted (`table_versions`), so a count is
/// reused only while nothing it counts has changed: exact on every node, since the version lives in the database.
/// Paging through a long list asks the same count for every page; this answers it without reading the table again.
///
/// Not for queries over tables that no version trigger watches.
final class VersionedCounts: Sendable {
    private let entries = Mutex<[AnyHashable: (version: Int64, count: Int)]>([:])
    let capacity: Int

    init(capacity: Int = 1_000) {
        self.capacity = capacity
    }

    /// The count for `key` taken at `version`, if one is kept.
    func count(for key: some Hashable & Sendable, at version: Int64) -> Int? {
        entries.withLock { entries in
            guard let entry = entries[key], entry.version == version else { return nil }
            return entry.count
        }
    }

    func store(_ count: Int, for key: some Hashable & Sendable, at version: Int64) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = (version, count)
        }
    }

    /// The version of the enterprise tables, as a column of a query.
    static let enterprisesVersion = SQLRaw("(SELECT version FROM table_versions WHERE name = 'enterprises')")
}
