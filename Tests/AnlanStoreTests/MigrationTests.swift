import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import Logging
import SQLKit
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test("migrating is idempotent and leaves the schema current")
    func idempotent() async throws {
        // Given an empty database
        let test = try await TestDatabase.make(migrate: false)
        defer { Task { await test.close() } }
        let migrator = Migrator(database: test.database)
        #expect(try await migrator.isCurrent() == false)
        // When it is migrated twice
        let first = try await migrator.migrate()
        let second = try await migrator.migrate()
        // Then every migration ran once
        #expect(first == Migration.all.map(\.number))
        #expect(second.isEmpty)
        #expect(try await migrator.isCurrent())
        await test.close()
    }

    @Test("an edited migration is refused")
    func edited() async throws {
        let test = try await TestDatabase.make()
        try await test.database.transaction { sql in
            try await sql.raw("UPDATE schema_migrations SET checksum = 'x' WHERE number = 1").run()
        }
        await #expect(throws: AnlanError.self) { try await Migrator(database: test.database).migrate() }
        #expect(try await Migrator(database: test.database).isCurrent() == false)
        await test.close()
    }

    static let postgresURL = ProcessInfo.processInfo.environment["ANLAN_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }

    @Test("SQLite and PostgreSQL end with the same tables and columns", .enabled(if: postgresURL != nil, "needs ANLAN_TEST_DATABASE_URL"))
    func sameSchema() async throws {
        // Given both engines migrated from empty
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("anlan-schema-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let sqlite = try await Database.openSQLite(path: directory.appendingPathComponent("s.sqlite").path, logger: logger)
        try await Migrator(database: sqlite).migrate()
        let postgres = try await TestDatabase.make()
        // When their catalogues are read (SQLite's full-text and R*Tree indexes are tables of their own there)
        struct Column: Decodable, Hashable { let table_name: String; let column_name: String }
        let sqliteColumns = try await sqlite.reader.raw(
            """
            SELECT m.name AS table_name, p.name AS column_name FROM sqlite_master m JOIN pragma_table_info(m.name) p
            WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE 'search_%' AND m.name NOT LIKE '%_rtree%'
            """
        ).all(decoding: Column.self)
        let postgresColumns = try await postgres.database.reader.raw(
            "SELECT table_name::text AS table_name, column_name::text AS column_name FROM information_schema.columns WHERE table_schema = 'public'"
        ).all(decoding: Column.self)
        // Then they agree, and there is something to agree on
        #expect(Set(sqliteColumns).count > 40)
        #expect(Set(sqliteColumns) == Set(postgresColumns))
        await sqlite.close()
        await postgres.close()
        try? FileManager.default.removeItem(at: directory)
    }
}
