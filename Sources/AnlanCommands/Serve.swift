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

    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain: serve HTTPS (reloaded when the file changes). Env: ANLAN_TLS_CERT")
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key for --tls-cert. Env: ANLAN_TLS_KEY")
    var tlsKey: String?

    /// The settings, with the command line's TLS files over the file's and the environment's.
    func resolvedSettings() throws -> Settings {
        var settings = try Settings.resolve(storage, host: host, port: port)
        if let tlsCertificate { settings.tlsCertificate = tlsCertificate }
        if let tlsKey { settings.tlsKey = tlsKey }
        guard (settings.tlsCertificate == nil) == (settings.tlsKey == nil) else {
            throw ValidationError("TLS needs both --tls-cert and --tls-key")
        }
        return settings
    }

    func run() async throws {
        let settings = try resolvedSettings()
        let certificate = try settings.tlsCertificate.map { try ServerCertificate(certificatePath: $0, keyPath: settings.tlsKey ?? "") }
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
            server: ConnectionLimits(
                idleTimeout: .seconds(settings.idleTimeoutSeconds), maxConnections: settings.maxConnections, tls: certificate
            ).server(shouldUpgrade: BoardLive.shouldUpgrade(store: store)),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "anlan"),
            services: [
                databaseService, BackgroundService(gate: started) { await dispatcher.run() },
                BackgroundService(gate: started) { await database.listenForChanges() },
                BackgroundService(gate: started) { await ScheduledBackups(settings: settings, logger: logger).run() },
                BackgroundService(gate: started) {
                    // A renewed certificate is taken up within a minute, for new connections.
                    guard let certificate else { return }
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .seconds(60))
                        do {
                            if try certificate.reloadIfChanged() { logger.notice("TLS certificate reloaded") }
                        } catch {
                            logger.error(
                                "TLS certificate changed but does not load; the previous one stays in use",
                                metadata: ["error": .string("\(error)")])
                        }
                    }
                },
                BackgroundService(gate: started) {
                    guard let url = settings.capPollURL.flatMap(URL.init(string:)) else { return }
                    await CapPoller(store: store, url: url, logger: logger).run(interval: .seconds(settings.capPollSeconds))
                },
            ],
            onServerRunning: { channel in
                // Migrations and the demo are done: the outbox may be worked from now on.
                started.open()
                let port = channel.localAddress?.port ?? settings.port
                say("安澜 Anlan is serving on \(certificate == nil ? "http" : "https")://\(settings.host):\(port)/  (login page: /login)")
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

/// The scheduled backups of a SQLite installation (`backupDir`): one now and then every `backupEveryHours`, each into a
/// new `anlan-<UTC time>` directory, keeping the newest `backupKeep`. A failure is logged at error level and retried at
/// the next turn.
struct ScheduledBackups {
    let settings: Settings
    let logger: Logger

    func run() async {
        guard let directory = settings.backupDir.map({ URL(fileURLWithPath: $0) }) else { return }
        guard settings.databaseURL == nil else {
            logger.warning("backupDir is set but this node runs on PostgreSQL: back up with pg_dump (README)")
            return
        }
        while !Task.isCancelled {
            let now = Date()
            do {
                let target = directory.appendingPathComponent(Backup.scheduledName(now))
                let manifest = try await Backup.create(
                    databasePath: settings.sqlitePath, files: settings.files, into: target, now: now, logger: logger)
                let removed = try Backup.prune(directory, keep: settings.backupKeep)
                logger.notice(
                    "scheduled backup written",
                    metadata: [
                        "path": .string(target.path), "files": .stringConvertible(manifest.files.count),
                        "removed": .string(removed.joined(separator: ",")),
                    ])
            } catch {
                logger.error("scheduled backup failed", metadata: ["error": .string(String(describing: error))])
            }
            try? await Task.sleep(for: .seconds(settings.backupEveryHours * 3600))
        }
    }
}
