import AnlanCore
import AnlanStore
import AnlanWeb
import ArgumentParser
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import ServiceLifecycle
import Synchronization

/// `anlan serve`: migrate, optionally load the demo county, and serve until SIGTERM.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the web server (migrates the database first).")

    @OptionGroup var storage: StorageOptions

    @Option(help: "Address to listen on. Env: ANLAN_HOST. Default: 127.0.0.1")
    var host: String?

    @Option(help: "Port to listen on (0 picks a free one). Env: ANLAN_PORT. Default: 8080")
    var port: Int?

    @Flag(help: "Load the demo county (示例县) if the database is empty.")
    var demo = false

    @Option(name: .customLong("demo-seed"), help: "Seed of the demo data.")
    var demoSeed: UInt64 = Demo.defaultSeed

    @Option(name: .customLong("demo-password"), help: "Give every demo account this password instead of random ones (for tests).")
    var demoPassword: String?

    func run() async throws {
        let settings = try Settings.resolve(storage, host: host, port: port)
        let logger = LogSetup.bootstrap(level: settings.logLevel, toStandardOutput: true)
        let database = try await settings.openDatabase(logger: logger)
        let store = Store(database: database, hasher: BcryptPasswordHasher(cost: settings.bcryptCost), files: settings.files)
        let databaseService = DatabaseService(database: database)
        let gateway = settings.gatewayURL.flatMap(URL.init(string:)).map { url in
            HTTPNotificationGateway(
                url: url, token: settings.gatewayToken ?? "",
                callback: settings.gatewayCallback ?? "http://\(settings.host):\(settings.port)/api/v1/notifications/receipts")
        }
        let started = StartGate()
        let mailer = try settings.mailServer().map { server in
            SMTPMailer(
                host: server.host, port: server.port, security: server.security, username: server.username, password: server.password,
                from: server.from, fromName: "安澜应急管理平台")
        }
        let dispatcher = NotificationDispatcher(
            store: store, gateway: gateway, mailer: mailer, ratePerSecond: settings.gatewayRate, logger: logger)
        let web = AnlanApplication(store: store, settings: settings.web, logger: logger)
        var app = Application(
            router: web.router,
            server: ConnectionLimits(idleTimeout: .seconds(settings.idleTimeoutSeconds), maxConnections: settings.maxConnections)
                .server(shouldUpgrade: BoardLive.shouldUpgrade(store: store)),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "anlan"),
            services: [
                databaseService, BackgroundService(gate: started) { await dispatcher.run() },
                BackgroundService(gate: started) { await database.listenForChanges() },
                BackgroundService(gate: started) {
                    guard let url = settings.capPollURL.flatMap(URL.init(string:)) else { return }
                    await CapPoller(store: store, url: url, logger: logger).run(interval: .seconds(settings.capPollSeconds))
                },
            ],
            onServerRunning: { channel in
                // Migrations and the demo are done: the outbox may be worked from now on.
                started.open()
                let port = channel.localAddress?.port ?? settings.port
                say("安澜 Anlan is serving on http://\(settings.host):\(port)/  (login page: /login)")
            },
            logger: logger)
        var startupLogger = logger
        startupLogger.logLevel = .info
        let announce = startupLogger
        app.beforeServerStarts {
            let applied = try await Migrator(database: database).migrate()
            if !applied.isEmpty {
                announce.info("migrations applied", metadata: ["numbers": .string(applied.map(String.init).joined(separator: ","))])
            }
            let interrupted = try await store.enterprises.markInterruptedImports()
            if interrupted > 0 {
                announce.warning("imports interrupted by the last stop marked failed", metadata: ["count": .string(String(interrupted))])
            }
            if demo {
                if let credentials = try await DemoLoader(store: store).loadIfEmpty(seed: demoSeed, password: demoPassword) {
                    Demo.printCredentials(credentials)
                } else {
                    say("数据库已有数据，未重新加载演示数据。演示账户的密码只在首次加载时打印；可用 `anlan users set-password` 重设。")
                }
            }
        }
        try await app.runService()
    }
}

/// Opened once the server runs, after the migrations and the demo: what waits on it starts then.
final class StartGate: Sendable {
    private let opened = Mutex(false)
    func open() { opened.withLock { $0 = true } }
    var isOpen: Bool { opened.withLock { $0 } }
}

/// Work that runs beside the server from its start to graceful shutdown: the outbox's dispatcher, and the listener
/// that hears other nodes' changes (PostgreSQL NOTIFY) for this node's situation boards.
struct BackgroundService: Service {
    let gate: StartGate
    let work: @Sendable () async -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !gate.isOpen && !Task.isCancelled { try? await Task.sleep(for: .milliseconds(200)) }
            await work()
            // Work that has nothing to do (SQLite has no other node to hear) waits: a service that ends stops the server.
            while !Task.isCancelled { try? await Task.sleep(for: .seconds(60)) }
        }
    }
}

/// Keeps the database open for the server's life: runs the PostgreSQL pool, and closes connections
/// after the HTTP server has finished its in-flight requests.
struct DatabaseService: Service {
    let database: Database

    func run() async throws {
        if database.engine == .postgres {
            await cancelWhenGracefulShutdown { await database.run() }
        } else {
            try? await gracefulShutdown()
        }
        await database.close()
    }
}
