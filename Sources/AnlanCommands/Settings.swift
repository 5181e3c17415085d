import AnlanCore
import AnlanStore
import AnlanWeb
import ArgumentParser
import Foundation
import Logging

/// Options every verb that touches the database takes.
struct StorageOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Data directory (SQLite file, attachments). Env: ANLAN_DATA_DIR. Default: ./data")
    var dataDir: String?

    @Option(
        name: .customLong("database-url"),
        help: "postgres://user:password@host:port/db?sslmode=disable to use PostgreSQL. Env: ANLAN_DATABASE_URL")
    var databaseURL: String?

    @Option(name: .customLong("config"), help: "JSON config file. Env: ANLAN_CONFIG. Default: DATA_DIR/anlan.json if present")
    var config: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error, critical. Env: ANLAN_LOG_LEVEL")
    var logLevel: String?
}

/// Every setting, resolved once: command line, then environment, then config file, then defaults.
struct Settings {
    var host = "127.0.0.1"
    var port = 8080
    var dataDir = "data"
    var databaseURL: String?
    var logLevel = Logger.Level.info
    var tileURL: String?
    var tileAttribution: String?
    var secureCookies = false
    var bcryptCost: UInt8 = 12
    /// The SMS and voice gateway's address; without it those deliveries wait and are retried (README "Notifications").
    var gatewayURL: String?
    /// The secret shared with the gateway: sent with each batch, required on its receipts.
    var gatewayToken: String?
    /// The address the gateway posts receipts to; default http://HOST:PORT/api/v1/notifications/receipts.
    var gatewayCallback: String?
    /// At most this many SMS and voice messages handed to the gateway per second by this node.
    var gatewayRate: Double = 2000
    /// An upstream department's CAP address (a message or an Atom/RSS feed of them), polled every `capPollSeconds`.
    var capPollURL: String?
    var capPollSeconds = 300
    /// A connection that sends nothing for this long (no request begun, or a request's head or body stalled) is closed:
    /// half-open and slow clients cannot hold the file-descriptor budget. Not applied to the board's WebSocket.
    var idleTimeoutSeconds = 30
    /// At most this many connections open at once; more are closed at once (each holds a file descriptor).
    var maxConnections = 2_000
    /// Where the server writes scheduled backups (SQLite), every `backupEveryHours`, keeping the newest `backupKeep`.
    var backupDir: String?
    /// The bearer token /metrics asks of a scraper not on the loopback address.
    var metricsToken: String?
    /// PEM certificate chain and private key: the server speaks TLS itself (reloaded when the files change).
    var tlsCertificate: String?
    var tlsKey: String?
    /// Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed.
    var trustedProxies: [String] = []
    var backupEveryHours = 24
    var backupKeep = 7
    /// The mail server for e-mail notifications: smtp://[user:password@]host[:25] (plain, an intranet relay) or
    /// smtps://…[:465] (TLS); without it e-mail deliveries wait and are retried.
    var smtpURL: String?
    /// The sender address of e-mail notifications.
    var smtpFrom: String?

    /// The config file's fields; all optional.
    struct File: Decodable {
        var host: String?
        var port: Int?
        var dataDir: String?
        var databaseURL: String?
        var logLevel: String?
        var tileURL: String?
        var tileAttribution: String?
        var secureCookies: Bool?
        var bcryptCost: Int?
        var gatewayURL: String?
        var gatewayToken: String?
        var gatewayCallback: String?
        var gatewayRate: Double?
        var capPollURL: String?
        var capPollSeconds: Int?
        var idleTimeoutSeconds: Int?
        var maxConnections: Int?
        var backupDir: String?
        var metricsToken: String?
        var tlsCertificate: String?
        var tlsKey: String?
        var trustedProxies: [String]?
        var backupEveryHours: Int?
        var backupKeep: Int?
        var smtpURL: String?
        var smtpFrom: String?
    }

    static func resolve(
        _ options: StorageOptions, host: String? = nil, port: Int? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Settings {
        var settings = Settings()
        let env = { (name: String) -> String? in environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let dataDir = options.dataDir ?? env("ANLAN_DATA_DIR")
        let configPath =
            options.config ?? env("ANLAN_CONFIG")
            ?? {
                let candidate = (dataDir ?? settings.dataDir) + "/anlan.json"
                return FileManager.default.fileExists(atPath: candidate) ? candidate : nil
            }()
        if let configPath {
            guard let data = FileManager.default.contents(atPath: configPath) else {
                throw ValidationError("Cannot read config file \(configPath)")
            }
            let file: File
            do { file = try JSONDecoder().decode(File.self, from: data) } catch {
                throw ValidationError("Config file \(configPath) is not valid JSON of the expected shape: \(error)")
            }
            if let v = file.host { settings.host = v }
            if let v = file.port { settings.port = v }
            if let v = file.dataDir { settings.dataDir = v }
            if let v = file.databaseURL { settings.databaseURL = v }
            if let v = file.logLevel { settings.logLevel = try level(v) }
            if let v = file.tileURL { settings.tileURL = v }
            if let v = file.tileAttribution { settings.tileAttribution = v }
            if let v = file.secureCookies { settings.secureCookies = v }
            if let v = file.bcryptCost { settings.bcryptCost = try cost(v) }
            if let v = file.gatewayURL { settings.gatewayURL = v }
            if let v = file.gatewayToken { settings.gatewayToken = v }
            if let v = file.gatewayCallback { settings.gatewayCallback = v }
            if let v = file.gatewayRate { settings.gatewayRate = v }
            if let v = file.capPollURL { settings.capPollURL = v }
            if let v = file.capPollSeconds { settings.capPollSeconds = v }
            if let v = file.idleTimeoutSeconds { settings.idleTimeoutSeconds = v }
            if let v = file.maxConnections { settings.maxConnections = v }
            if let v = file.backupDir { settings.backupDir = v }
            if let v = file.metricsToken { settings.metricsToken = v }
            if let v = file.tlsCertificate { settings.tlsCertificate = v }
            if let v = file.tlsKey { settings.tlsKey = v }
            if let v = file.trustedProxies { settings.trustedProxies = v }
            if let v = file.backupEveryHours { settings.backupEveryHours = v }
            if let v = file.backupKeep { settings.backupKeep = v }
            if let v = file.smtpURL { settings.smtpURL = v }
            if let v = file.smtpFrom { settings.smtpFrom = v }
        }
        if let v = env("ANLAN_HOST") { settings.host = v }
        if let v = env("ANLAN_PORT") {
            guard let n = Int(v) else { throw ValidationError("ANLAN_PORT must be a number") }
            settings.port = n
        }
        if let v = dataDir { settings.dataDir = v }
        if let v = env("ANLAN_DATABASE_URL") { settings.databaseURL = v }
        if let v = env("ANLAN_LOG_LEVEL") { settings.logLevel = try level(v) }
        if let v = env("ANLAN_TILE_URL") { settings.tileURL = v }
        if let v = env("ANLAN_BCRYPT_COST") {
            guard let n = Int(v) else { throw ValidationError("ANLAN_BCRYPT_COST must be a number") }
            settings.bcryptCost = try cost(n)
        }
        if let v = env("ANLAN_GATEWAY_URL") { settings.gatewayURL = v }
        if let v = env("ANLAN_GATEWAY_TOKEN") { settings.gatewayToken = v }
        if let v = env("ANLAN_GATEWAY_CALLBACK") { settings.gatewayCallback = v }
        if let v = env("ANLAN_GATEWAY_RATE") {
            guard let n = Double(v), n > 0 else { throw ValidationError("ANLAN_GATEWAY_RATE must be a positive number") }
            settings.gatewayRate = n
        }
        if let v = env("ANLAN_CAP_POLL_URL") { settings.capPollURL = v }
        if let v = env("ANLAN_CAP_POLL_SECONDS") {
            guard let n = Int(v) else { throw ValidationError("ANLAN_CAP_POLL_SECONDS must be a number") }
            settings.capPollSeconds = n
        }
        if let v = env("ANLAN_IDLE_TIMEOUT_SECONDS") {
            guard let n = Int(v) else { throw ValidationError("ANLAN_IDLE_TIMEOUT_SECONDS must be a number") }
            settings.idleTimeoutSeconds = n
        }
        if let v = env("ANLAN_MAX_CONNECTIONS") {
            guard let n = Int(v) else { throw ValidationError("ANLAN_MAX_CONNECTIONS must be a number") }
            settings.maxConnections = n
        }
        if let v = env("ANLAN_BACKUP_DIR") { settings.backupDir = v }
        if let v = env("ANLAN_METRICS_TOKEN") { settings.metricsToken = v }
        if let v = env("ANLAN_TLS_CERT") { settings.tlsCertificate = v }
        if let v = env("ANLAN_TLS_KEY") { settings.tlsKey = v }
        if let v = env("ANLAN_TRUSTED_PROXIES") {
            settings.trustedProxies = v.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        for (name, keyPath) in [("ANLAN_BACKUP_EVERY_HOURS", \Settings.backupEveryHours), ("ANLAN_BACKUP_KEEP", \Settings.backupKeep)] {
            if let v = env(name) {
                guard let n = Int(v) else { throw ValidationError("\(name) must be a number") }
                settings[keyPath: keyPath] = n
            }
        }
        if let v = env("ANLAN_SMTP_URL") { settings.smtpURL = v }
        if let v = env("ANLAN_SMTP_FROM") { settings.smtpFrom = v }
        if settings.smtpURL != nil {
            _ = try settings.mailServer()
        }
        guard (5...86_400).contains(settings.capPollSeconds) else { throw ValidationError("capPollSeconds must be 5–86400") }
        guard (5...3_600).contains(settings.idleTimeoutSeconds) else { throw ValidationError("idleTimeoutSeconds must be 5–3600") }
        guard (16...1_000_000).contains(settings.maxConnections) else { throw ValidationError("maxConnections must be 16–1000000") }
        guard (1...720).contains(settings.backupEveryHours) else { throw ValidationError("backupEveryHours must be 1–720") }
        guard (1...365).contains(settings.backupKeep) else { throw ValidationError("backupKeep must be 1–365") }
        if let v = settings.capPollURL, URL(string: v)?.scheme.map({ ["http", "https"].contains($0) }) != true {
            throw ValidationError("capPollURL must be an http(s) address")
        }
        guard (settings.tlsCertificate == nil) == (settings.tlsKey == nil) else {
            throw ValidationError("TLS needs both a certificate (tlsCertificate, --tls-cert) and a key (tlsKey, --tls-key)")
        }
        if let token = settings.metricsToken, token.count < 16 {
            throw ValidationError("metricsToken must be at least 16 characters")
        }
        if settings.gatewayURL != nil && (settings.gatewayToken ?? "").count < 16 {
            throw ValidationError("A gateway URL needs ANLAN_GATEWAY_TOKEN of at least 16 characters (it authenticates receipts)")
        }
        if let v = host { settings.host = v }
        if let v = port { settings.port = v }
        if let v = options.databaseURL { settings.databaseURL = v }
        if let v = options.logLevel { settings.logLevel = try level(v) }
        guard (0...65535).contains(settings.port) else { throw ValidationError("Port must be 0–65535") }
        if let url = settings.databaseURL, !(url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")) {
            throw ValidationError("Only postgres:// database URLs are supported; leave it unset for SQLite")
        }
        return settings
    }

    private static func level(_ text: String) throws -> Logger.Level {
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw ValidationError("Unknown log level \(text)")
        }
        return level
    }

    private static func cost(_ n: Int) throws -> UInt8 {
        guard (4...16).contains(n) else { throw ValidationError("bcrypt cost must be 4–16") }
        return UInt8(n)
    }

    var sqlitePath: String { dataDir + "/" + Backup.databaseName }

    /// Attachments live under the data directory (a shared volume when several nodes run).
    var files: FileStore { FileStore(directory: URL(fileURLWithPath: dataDir).appendingPathComponent("files")) }

    var web: WebSettings {
        WebSettings(
            tileURL: tileURL, tileAttribution: tileAttribution, secureCookies: secureCookies, gatewayToken: gatewayToken,
            metricsToken: metricsToken, tls: tlsCertificate != nil, trustedProxies: Set(trustedProxies))
    }

    /// Opens the database these settings name, creating the data directory for SQLite.
    func openDatabase(logger: Logger) async throws -> Database {
        if let url = databaseURL {
            return try Database.postgres(url: url, logger: logger)
        }
        // The data directory is the owner's alone (0700), and so are the database and its journal files (0600), also
        // when an older installation made them wider (issue 15, item 8).
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: dataDir)
        let database = try await Database.openSQLite(path: sqlitePath, logger: logger)
        for path in [sqlitePath, sqlitePath + "-wal", sqlitePath + "-shm"] where FileManager.default.fileExists(atPath: path) {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        }
        return database
    }

    /// Opens the store, runs `body` and closes it; for the verbs other than serve.
    func withStore<T: Sendable>(logger: Logger, migrate: Bool = true, _ body: @Sendable (Store) async throws -> T) async throws -> T {
        let database = try await openDatabase(logger: logger)
        let store = Store(database: database, hasher: BcryptPasswordHasher(cost: bcryptCost), files: files)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.run() }
            defer { group.cancelAll() }
            do {
                if migrate { try await Migrator(database: database).migrate() }
                let result = try await body(store)
                await database.close()
                return result
            } catch {
                await database.close()
                throw error
            }
        }
    }
}

enum LogSetup {
    /// Bootstraps logging once per process: key=value lines on standard error for the console verbs,
    /// standard output for the server.
    static func bootstrap(level: Logger.Level, toStandardOutput: Bool = false) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = toStandardOutput ? StreamLogHandler.standardOutput(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "anlan")
        logger.logLevel = level
        return logger
    }
}

extension Settings {
    /// The mail server named by `smtpURL`, or nil when none is set; a malformed one is refused at start.
    func mailServer() throws -> (
        host: String, port: Int, security: SMTPMailer.Security, username: String?, password: String?, from: String
    )? {
        guard let text = smtpURL else { return nil }
        guard let url = URLComponents(string: text), let scheme = url.scheme, ["smtp", "smtps"].contains(scheme), let host = url.host,
            !host.isEmpty
        else { throw ValidationError("smtpURL must be smtp://[user:password@]host[:port] or smtps://…") }
        guard let from = smtpFrom, EmailAddress.isValid(from) else {
            throw ValidationError("An SMTP server needs ANLAN_SMTP_FROM, the sender's e-mail address")
        }
        let security: SMTPMailer.Security = scheme == "smtps" ? .tls : .none
        return (
            host, url.port ?? (security == .tls ? 465 : 25), security, url.user?.removingPercentEncoding,
            url.password?.removingPercentEncoding, from
        )
    }
}
