import Foundation
import Synchronization

/// A small in-memory cache whose entries live for a fixed time, for hot reads that tolerate a few
/// seconds of staleness on other nodes (token look-ups, reference data). This node clears it on
/// every change it makes; other nodes see a change once their entries expire.
///
/// Not for data whose staleness matters within seconds (business records, the audit log).
final class ExpiringCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let entries = Mutex<[Key: (value: Value, storedAt: Date)]>([:])
    let lifetime: TimeInterval
    let capacity: Int

    init(lifetime: TimeInterval, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    func value(for key: Key, now: Date) -> Value? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard now.timeIntervalSince(entry.storedAt) < lifetime, now >= entry.storedAt else {
                entries[key] = nil
                return nil
            }
            return entry.value
        }
    }

    func store(_ value: Value, for key: Key, now: Date) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = (value, now)
        }
    }

    func removeAll() {
        entries.withLock { $0.removeAll() }
    }
}
