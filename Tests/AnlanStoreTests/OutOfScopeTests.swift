import AnlanCore
import AnlanTesting
import Foundation
import SQLKit
import Testing

@testable import AnlanStore

/// Issue 15, item 11: the tables a 404's IDs are looked up in, against the schema, and the lookup's answer.
@Suite("Out-of-jurisdiction lookups")
struct OutOfScopeTests {
    @Test("every table with an id and a division is looked up, or excluded with its reason")
    func coversTheSchema() async throws {
        try await Fixtures.with { f in
            struct Name: Decodable, Hashable { let name: String }
            let tables: [Name]
            switch f.store.database.engine {
            case .sqlite:
                tables = try await f.store.database.reader.raw(
                    """
                    SELECT m.name AS name FROM sqlite_master m WHERE m.type = 'table'
                    AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'id')
                    AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'division_code')
                    """
                ).all(decoding: Name.self)
            case .postgres:
                tables = try await f.store.database.reader.raw(
                    """
                    SELECT a.table_name::text AS name FROM information_schema.columns a JOIN information_schema.columns b
                    ON a.table_name = b.table_name AND a.table_schema = b.table_schema
                    WHERE a.table_schema = 'public' AND a.column_name = 'id' AND b.column_name = 'division_code'
                    """
                ).all(decoding: Name.self)
            }
            let looked = Set(ScopedTable.records.map(\.table.name))
            #expect(looked.count == ScopedTable.records.count)
            #expect(Set(tables.map(\.name)) == looked.union(ScopedTable.notRecords.keys))
            #expect(looked.isDisjoint(with: ScopedTable.notRecords.keys))
            // Every listed column exists: a lookup of an unknown ID in each table runs.
            let leader = try await f.caller("leader")
            #expect(try await f.store.audit.outOfScope([UUID()], for: leader) == nil)
        }
    }

    @Test("a record outside the caller's divisions, or another enterprise's, is out of scope; one inside is not")
    func answers() async throws {
        try await Fixtures.with(enterprises: 40) { f in
            let leader = try await f.caller("leader")
            let township = try await f.caller("township")
            let officer = try await f.caller("enterprise")
            let all = try await f.store.enterprises.list(.init(), page: try PageRequest(page: 1, pageSize: 200), by: leader).items
            let ours = all.filter { township.jurisdiction.contains(try! DivisionCode($0.profile.divisionCode)) }
            let theirs = all.filter { !township.jurisdiction.contains(try! DivisionCode($0.profile.divisionCode)) }
            let inside = try #require(ours.first)
            let outside = try #require(theirs.first)
            #expect(try await f.store.audit.outOfScope([outside.id], for: township) == OutOfScopeRecord(type: "enterprise", id: outside.id))
            #expect(try await f.store.audit.outOfScope([inside.id], for: township) == nil)
            #expect(try await f.store.audit.outOfScope([outside.id], for: leader) == nil)
            // The enterprise officer's own enterprise is theirs; any other is not.
            let own = try #require(officer.enterpriseID)
            #expect(try await f.store.audit.outOfScope([own], for: officer) == nil)
            let others = all.filter { $0.id != own }
            let neighbour = try #require(others.first)
            #expect(try await f.store.audit.outOfScope([neighbour.id], for: officer)?.id == neighbour.id)
            // Nobody signed in is never looked up for.
            #expect(try await f.store.audit.outOfScope([outside.id], for: .anonymous(ip: nil, requestID: nil)) == nil)
        }
    }
}
