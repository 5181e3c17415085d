import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import PostgresNIO
import NIOSSL
import SQLKit
import SQLiteKit
import AnlanCore

/// The two engines Anlan runs on. One schema serves both.
public enum Engine: String, Sendable {
    case sqlite, postgres
}

/// An open database: reads through `reader`, writes only inside `transaction`.
///
/// SQLite: one writer connection, lent to one transaction at a time, and a few reader connections (WAL lets
/// them read beside the writer), each lent to one query at a time (`ConnectionPool`). PostgreSQL: a `PostgresClient` pool, which must be running
/// (`run()` as a service) before the first query.
public final class Database: Sendable {
    public let engine: Engine
    /// For reads outside a transaction. Never write through it.
    public let reader: any SQLDatabase
    private let backend: Backend
    let logger: Logger
    /// Committed changes, for whoever watches (the situation board).
    public let changes = ChangeFeed()

    private enum Backend: Sendable {
        case sqlite(writer: ConnectionPool<SQLiteConnection>, readers: ConnectionPool<SQLiteConnection>)
        case postgres(PostgresClient)
    }

    private init(engine: Engine, reader: any SQLDatabase, backend: Backend, logger: Logger) {
        self.engine = engine
        self.reader = reader
        self.backend = backend
        self.logger = logger
    }

    /// Opens (creating if needed) a SQLite file in WAL mode with foreign keys on.
    public static func openSQLite(path: String, readers readerCount: Int = 4, logger: Logger) async throws -> Database {
        let eventLoop = MultiThreadedEventLoopGroup.singleton.any()
        func open(_ pragmas: [String]) async throws -> SQLiteConnection {
            let connection = try await SQLiteConnection.open(
                storage: .file(path: path), threadPool: .singleton, logger: logger, on: eventLoop)
            for pragma in pragmas {
                try await connection.sql().raw(SQLQueryString(pragma)).run()
            }
            return connection
        }
        // WAL first, on the writer alone: switching the journal mode needs the only connection.
        // synchronous=FULL: every write carries an audit record, whose loss matters.
        let writer = try await open([
            "PRAGMA journal_mode=WAL", "PRAGMA busy_timeout=10000", "PRAGMA foreign_keys=ON",
            "PRAGMA synchronous=FULL",
        ])
        var readers: [SQLiteConnection] = []
        for _ in 0..<max(1, readerCount) {
            readers.append(try await open(["PRAGMA busy_timeout=10000", "PRAGMA foreign_keys=ON", "PRAGMA query_only=ON"]))
        }
        let pool = ConnectionPool(readers)
        return Database(
            engine: .sqlite, reader: PooledSQLiteDatabase(pool: pool, logger: logger),
            backend: .sqlite(writer: ConnectionPool([writer]), readers: pool), logger: logger)
    }

    /// Runs a read and returns its rows to be read by position (`RowColumns`), `names` being the selected columns in
    /// order. On SQLite this skips SQLKit's row, whose lookup by name and Decodable conversion per value were a sixth of
    /// a list page's time; elsewhere the rows are SQLKit's, read by those names.
    public func read(_ query: SQLSelectBuilder, columns names: [String]) async throws -> [any RowColumns] {
        switch backend {
        case .sqlite(_, let readers):
            let (sql, binds) = reader.serialize(query.query)
            let encoder = SQLiteDataEncoder()
            let encoded = try binds.map { try encoder.encode($0) }
            return try await readers.with { try await $0.query(sql, encoded) }.map(SQLiteRowColumns.init)
        case .postgres:
            return try await query.all().map { NamedRowColumns(row: $0, names: names) }
        }
    }

    /// Makes a PostgreSQL pool from a `postgres://user:password@host:port/database?sslmode=…` URL.
    /// The returned database works once `runPostgresClient()` is running.
    public static func postgres(url: String, maxConnections: Int = 8, logger: Logger) throws -> Database {
        let parsed = try SQLPostgresConfiguration(url: url).coreConfiguration
        guard let host = parsed.host else {
            throw AnlanError(.badRequest, code: "config.database_url_invalid", message: "PostgreSQL 连接地址缺少主机名。")
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: parsed.port ?? 5432, username: parsed.username, password: parsed.password,
            database: parsed.database, tls: try tlsMode(url))
        configuration.options.maximumConnections = maxConnections
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return Database(
            engine: .postgres, reader: PostgresClientDatabase(client: client, logger: logger),
            backend: .postgres(client), logger: logger)
    }

    /// libpq's sslmode: disable, prefer (the default) or require; verify-* are taken as require.
    private static func tlsMode(_ url: String) throws -> PostgresClient.Configuration.TLS {
        let mode = URLComponents(string: url)?.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        switch mode {
        case "disable": return .disable
        case "allow", "prefer": return .prefer(.makeClientConfiguration())
        case "require", "verify-ca", "verify-full": return .require(.makeClientConfiguration())
        default:
            throw AnlanError(.badRequest, code: "config.database_url_invalid", message: "不支持的 sslmode：\(mode)。")
        }
    }

    /// Runs the PostgreSQL pool until cancelled; returns at once for SQLite. Add it to the service group,
    /// or run it in a task around a command.
    public func run() async {
        if case .postgres(let client) = backend {
            await client.run()
        }
    }

    var postgresClient: PostgresClient? {
        if case .postgres(let client) = backend { return client }
        return nil
    }

    /// Runs `body` in one transaction: all of its writes are stored, or none.
    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let writer, _):
            return try await writer.with { writer in
                let sql = writer.sql(queryLogLevel: .trace)
                try await sql.raw("BEGIN IMMEDIATE").run()
                do {
                    let result = try await body(sql)
                    try await sql.raw("COMMIT").run()
                    return result
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
            }
        case .postgres(let client):
            do {
                return try await client.withTransaction(logger: logger) { connection in
                    try await body(connection.sql(queryLogLevel: .trace, logger: logger))
                }
            } catch let error as PostgresTransactionError {
                // The body's own error (a domain refusal) matters to the caller, not the wrapper;
                // a failed rollback or commit is an infrastructure failure and stays wrapped.
                if let closureError = error.closureError, error.rollbackError == nil { throw closureError }
                throw error
            }
        }
    }

    /// Closes SQLite connections. PostgreSQL closes when its `run()` task is cancelled.
    public func close() async {
        if case .sqlite(let writer, let readers) = backend {
            for connection in writer.all + readers.all {
                try? await connection.close()
            }
        }
    }
}

/// Reads through the SQLite reader pool, each query on a connection of its own (see `ConnectionPool`).
private struct PooledSQLiteDatabase: SQLDatabase {
    let pool: ConnectionPool<SQLiteConnection>
    let logger: Logger

    var eventLoop: any EventLoop { pool.all[0].eventLoop }
    var dialect: any SQLDialect { pool.all[0].sql().dialect }
    var queryLogLevel: Logger.Level? { .trace }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void)
        -> EventLoopFuture<Void>
    {
        eventLoop.makeFutureWithTask { try await self.execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await pool.with { try await $0.sql(queryLogLevel: .trace).execute(sql: query, onRow) }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await pool.with { try await closure($0.sql(queryLogLevel: .trace)) }
    }
}
