import AnlanCore
import AnlanStore
import Foundation
import Logging
import NIOCore
import PostgresNIO
import SQLKit
import Synchronization

/// A fresh, migrated database for one test: a temporary SQLite file, or, when
/// `ANLAN_TEST_DATABASE_URL` names a PostgreSQL server on localhost, a new database on it.
public struct TestDatabase: Sendable {
    public let database: Database
    /// The PostgreSQL database's own URL; nil on SQLite.
    public var url: String? = nil
    /// The SQLite file; nil on PostgreSQL.
    public var sqlitePath: String? = nil
    private let cleanup: @Sendable () async -> Void
    private let runner: Task<Void, Never>

    /// The engine the tests run against in this process.
    public static var engine: Engine { postgresURL == nil ? .sqlite : .postgres }

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["ANLAN_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Creates and migrates a database. Call `close()` at the end of the test.
    public static func make(migrate: Bool = true, environment: AnlanCore.Environment = .live) async throws -> TestDatabase {
        var logger = Logger(label: "anlan.test")
        logger.logLevel = .warning
        let database: Database
        var ownURL: String?
        var sqlitePath: String?
        let cleanup: @Sendable () async -> Void
        if let url = postgresURL {
            guard let components = URLComponents(string: url), let host = components.host,
                ["localhost", "127.0.0.1", "::1"].contains(host)
            else {
                fatalError("ANLAN_TEST_DATABASE_URL must point at localhost: tests create and drop databases there")
            }
            let name = "anlan_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
            let admin = try Database.postgres(url: url, maxConnections: 1, logger: logger)
            let adminRunner = Task { await admin.run() }
            try await admin.reader.raw(SQLQueryString("CREATE DATABASE " + name)).run()
            var own = components
            own.path = "/" + name
            database = try Database.postgres(url: own.string!, maxConnections: 4, logger: logger)
            ownURL = own.string
            cleanup = {
                try? await admin.reader.raw(SQLQueryString("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")).run()
                adminRunner.cancel()
            }
        } else {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("anlan-test-" + UUID().uuidString)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            sqlitePath = directory.appendingPathComponent("anlan.sqlite").path
            database = try await Database.openSQLite(path: sqlitePath!, logger: logger)
            cleanup = { try? FileManager.default.removeItem(at: directory) }
        }
        let runner = Task { await database.run() }
        if migrate { try await Migrator(database: database, environment: environment).migrate() }
        var made = TestDatabase(database: database, cleanup: cleanup, runner: runner)
        made.url = ownURL
        made.sqlitePath = sqlitePath
        return made
    }

    public func close() async {
        await database.close()
        runner.cancel()
        await cleanup()
    }
}

/// A clock that stands still until moved, and IDs that count up: tests see the same values every run.
public final class TestEnvironment: Sendable {
    private let state: Mutex<(now: Date, nextID: UInt64)>

    public init(now: Date = Date(timeIntervalSince1970: 1_795_000_000)) {
        state = Mutex((now, 1))
    }

    public var environment: AnlanCore.Environment {
        AnlanCore.Environment(
            now: { self.state.withLock { $0.now } },
            newID: {
                let n = self.state.withLock { state -> UInt64 in
                    defer { state.nextID += 1 }
                    return state.nextID
                }
                return UUID(uuidString: String(format: "00000000-0000-4000-8000-%012llx", n))!
            })
    }

    public func advance(seconds: TimeInterval) {
        state.withLock { $0.now = $0.now.addingTimeInterval(seconds) }
    }

    public var now: Date { state.withLock { $0.now } }
}
