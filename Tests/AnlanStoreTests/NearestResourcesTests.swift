import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import Testing

/// The nearest-resource question answered from the spatial index (R*Tree on SQLite, GiST on PostgreSQL) gives the same
/// resources as reading every row, follows moves and archiving, and keeps to what can be called.
@Suite("Nearest resources")
struct NearestResourcesTests {
    @Test("the index's answer equals a full scan's from random points, for every kind, after moves and archiving")
    func matchesFullScan() async throws {
        try await Fixtures.with { fixtures in
            let staff = try await fixtures.caller("staff")
            var random = SeededGenerator(seed: 11)
            let townships = ["330529100000", "330529101000", "330529102000", "330529103000", "330529104000"]
            var drafts: [EmergencyResourceDraft] = []
            for n in 0..<240 {
                let kind = ResourceKind.allCases[n % 4]
                let state = n % 7 == 0 ? kind.states[1].code : kind.states[0].code
                drafts.append(
                    EmergencyResourceDraft(
                        kind: kind, name: "资源\(n)", category: kind.categories[n % kind.categories.count].code,
                        divisionCode: try DivisionCode(townships[n % townships.count]), latitude: 30.45 + random.unit() * 0.35,
                        longitude: 119.45 + random.unit() * 0.45, contact: "联系人", phone: "13800000000", state: state,
                        capacity: kind == .shelter ? 50 + n : nil, occupancy: kind == .shelter ? n % 60 : nil))
            }
            drafts.append(
                EmergencyResourceDraft(
                    kind: .team, name: "无坐标队伍", category: "professional", divisionCode: try DivisionCode("330529100000"), contact: "联系人",
                    phone: "13800000000", state: "available"))
            let created = try await fixtures.store.directory.importAll(drafts, by: staff)
            func check(_ label: String) async throws {
                for _ in 0..<12 {
                    let point = GeoPoint(latitude: 30.4 + random.unit() * 0.45, longitude: 119.4 + random.unit() * 0.55)
                    for kind in ResourceKind.allCases {
                        for (k, all) in [(1, false), (5, false), (12, true)] {
                            let q = ResourceDirectory.NearestQuery(point: point, kind: kind, k: k, callableOnly: !all)
                            let indexed = try await fixtures.store.directory.nearest(q, by: staff)
                            let scanned = try await fixtures.store.directory.nearestByFullScan(q, by: staff)
                            #expect(indexed.map(\.resource.id) == scanned.map(\.resource.id), "\(label) \(kind) k=\(k) from \(point)")
                            #expect(indexed.count == k)
                        }
                    }
                }
            }
            try await check("as loaded")
            // A team moved next to a point becomes its nearest; an archived one drops out.
            let team = try #require(created.first { $0.kind == .team && $0.isCallable })
            var moved = drafts[created.firstIndex { $0.id == team.id }!]
            moved.latitude = 30.9
            moved.longitude = 120.0
            _ = try await fixtures.store.directory.update(team.id, moved, by: staff)
            let there = ResourceDirectory.NearestQuery(point: GeoPoint(latitude: 30.901, longitude: 120.001), kind: .team, k: 1)
            #expect(try await fixtures.store.directory.nearest(there, by: staff).first?.resource.id == team.id)
            _ = try await fixtures.store.directory.archive(team.id, by: staff)
            #expect(try await fixtures.store.directory.nearest(there, by: staff).first?.resource.id != team.id)
            try await check("after the move")
            // Only shelters with the free places asked for.
            let roomy = ResourceDirectory.NearestQuery(
                point: GeoPoint(latitude: 30.6, longitude: 119.7), kind: .shelter, k: 50, minimumFree: 200)
            for n in try await fixtures.store.directory.nearest(roomy, by: staff) {
                #expect((n.resource.capacity ?? 0) - (n.resource.occupancy ?? 0) >= 200)
            }
            await #expect(throws: AnlanError.self) {
                _ = try await fixtures.store.directory.nearest(
                    .init(point: GeoPoint(latitude: 30.6, longitude: 119.7), kind: .team, k: 51), by: staff)
            }
        }
    }
}
