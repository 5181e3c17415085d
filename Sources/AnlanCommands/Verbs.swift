import AnlanCore
import AnlanFormats
import AnlanStore
import AnlanWeb
import ArgumentParser
import Foundation
import Logging

/// `anlan migrate`: apply pending migrations.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let settings = try Settings.resolve(storage)
        let logger = LogSetup.bootstrap(level: settings.logLevel)
        let applied = try await settings.withStore(logger: logger, migrate: false) { store in
            try await Migrator(database: store.database).migrate()
        }
        print(applied.isEmpty ? "Database is current." : "Applied migrations: \(applied.map(String.init).joined(separator: ", "))")
    }
}

/// `anlan demo`: load the demo county into an empty database.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load the demo county (示例县) into an empty database.")
    static let defaultSeed: UInt64 = 20_261_129

    @OptionGroup var storage: StorageOptions
    @Option(help: "Seed of the demo data.") var seed: UInt64 = defaultSeed
    @Option(help: "Give every demo account this password instead of random ones.") var password: String?

    func run() async throws {
        let settings = try Settings.resolve(storage)
        let logger = LogSetup.bootstrap(level: settings.logLevel)
        let seed = self.seed, password = self.password
        let credentials = try await settings.withStore(logger: logger) { store in
            try await DemoLoader(store: store).loadIfEmpty(seed: seed, password: password)
        }
        guard let credentials else {
            print("The database is not empty: the demo county was not loaded.")
            throw ExitCode(3)
        }
        Self.printCredentials(credentials)
    }

    static func printCredentials(_ credentials: [DemoLoader.Credential]) {
        var lines = ["已加载演示数据：示例县（10 个乡镇、120 个村）。演示账户（密码只显示这一次）："]
        for c in credentials {
            lines.append("  \(c.username.padding(toLength: 12, withPad: " ", startingAt: 0)) \(c.password)   \(UIText.roleName(c.role))")
        }
        lines.append("三员（sysadmin、secadmin、auditadmin）首次登录时须用手机身份验证器扫码绑定动态口令（双因素认证）。")
        say(lines.joined(separator: "\n"))
    }
}

/// `anlan users …`: accounts from the server's console, including the three administrators.
struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage accounts from the console.", subcommands: [Create.self, List.self, SetPassword.self, ResetSecondFactor.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account (any role, including administrators).")
        @OptionGroup var storage: StorageOptions
        @Option var username: String
        @Option(help: "One of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))") var role: String
        @Option(help: "12-digit division code of the account's jurisdiction.") var division: String
        @Option var password: String
        @Option(name: .customLong("display-name")) var displayName: String?

        func run() async throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("Unknown role \(self.role). Roles: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let settings = try Settings.resolve(storage)
            let logger = LogSetup.bootstrap(level: settings.logLevel)
            let new = AccountService.NewUser(
                username: username, displayName: displayName ?? username, role: role, divisionCode: try DivisionCode(division),
                password: password)
            let user = try await settings.withStore(logger: logger) { store in
                try await store.accounts.create(new, by: .console("users create"))
            }
            print("Created \(user.username) (\(user.role.rawValue)) id \(user.id.key)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts.")
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let settings = try Settings.resolve(storage)
            let logger = LogSetup.bootstrap(level: settings.logLevel)
            let users = try await settings.withStore(logger: logger) { store in
                var all: [User] = []
                var page = 1
                while true {
                    let batch = try await store.accounts.list(page: try PageRequest(page: page, pageSize: 200), by: .console("users list"))
                    all += batch.items
                    if page >= batch.pageCount { break }
                    page += 1
                }
                return all
            }
            print(
                "USERNAME".padding(toLength: 16, withPad: " ", startingAt: 0) + "ROLE".padding(toLength: 18, withPad: " ", startingAt: 0)
                    + "DIVISION      ACTIVE  NAME")
            for u in users {
                print(
                    u.username.padding(toLength: 16, withPad: " ", startingAt: 0)
                        + u.role.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)
                        + u.divisionCode.rawValue + "  " + (u.isActive ? "yes   " : "no    ") + "  " + u.displayName)
            }
        }
    }

    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-password", abstract: "Set an account's password and end its sessions.")
        @OptionGroup var storage: StorageOptions
        @Option var username: String
        @Option var password: String

        func run() async throws {
            let settings = try Settings.resolve(storage)
            let logger = LogSetup.bootstrap(level: settings.logLevel)
            let username = self.username, password = self.password
            try await settings.withStore(logger: logger) { store in
                guard let user = try await store.accounts.find(username: username) else {
                    throw ValidationError("No account named \(username)")
                }
                try await store.accounts.resetPassword(id: user.id, to: password, by: .console("users set-password"))
            }
            print("Password set for \(username).")
        }
    }
}

extension Users {
    /// `anlan users reset-2fa --username NAME`: a lost phone. The account enrols a new authenticator at its next login.
    struct ResetSecondFactor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-2fa",
            abstract: "Remove an account's second factor (TOTP) and recovery codes, end its sessions; it enrols again at the next login.")
        @OptionGroup var storage: StorageOptions
        @Option var username: String

        func run() async throws {
            let settings = try Settings.resolve(storage)
            let logger = LogSetup.bootstrap(level: settings.logLevel)
            let username = self.username
            try await settings.withStore(logger: logger) { store in
                guard let user = try await store.accounts.find(username: username) else {
                    throw ValidationError("No account named \(username)")
                }
                try await store.accounts.resetSecondFactor(id: user.id, by: .console("users reset-2fa"))
            }
            print("Second factor removed for \(username); sessions ended. The account enrols an authenticator again at its next login.")
        }
    }
}

/// `anlan audit verify`: walk the audit hash chain.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Audit log tools.", subcommands: [Verify.self, Archive.self, VerifyArchive.self])

    /// `anlan audit archive --from DAY --to DAY --out FILE`: a period of the log as a file that can be checked alone.
    struct Archive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Write the audit records of a period (from DAY inclusive to DAY exclusive, Beijing time) to a verifiable archive file.")
        @OptionGroup var storage: StorageOptions
        @Option(help: "First day, YYYY-MM-DD.") var from: String
        @Option(help: "Day after the last, YYYY-MM-DD.") var to: String
        @Option(help: "The file to write (JSON lines).") var out: String

        func run() async throws {
            let settings = try Settings.resolve(storage)
            let logger = LogSetup.bootstrap(level: settings.logLevel)
            func midnight(_ day: String) -> Date? {
                Timestamp.isDay(day) ? try? Date.ISO8601FormatStyle().parse(day + "T00:00:00+08:00") : nil
            }
            guard let start = midnight(from), let end = midnight(to), start < end else {
                throw ValidationError("--from and --to must be days YYYY-MM-DD, --from before --to")
            }
            guard FileManager.default.createFile(atPath: out, contents: nil, attributes: [.posixPermissions: 0o600]),
                let handle = FileHandle(forWritingAtPath: out)
            else { throw ValidationError("Cannot write \(out)") }
            let trailer = try await settings.withStore(logger: logger, migrate: false) { store in
                try await AuditArchive.write(store.audit, from: start, to: end, by: .console("audit archive"), at: Date()) { text in
                    try handle.write(contentsOf: Data(text.utf8))
                }
            }
            try handle.close()
            say("Wrote \(trailer.records) audit records (up to record \(trailer.lastSeq.map(String.init) ?? "-")) to \(out).")
        }
    }

    /// `anlan audit verify-archive FILE`: checks an archive without the database.
    struct VerifyArchive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-archive", abstract: "Check an audit archive file on its own; exits 1 naming the first bad line.")
        @Argument(help: "The archive file.") var file: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("Cannot read \(file)") }
            switch AuditArchive.verify(String(decoding: data, as: UTF8.self)) {
            case .intact(let records, let first, let last):
                say("Archive intact: \(records) records (\(first.map(String.init) ?? "-")–\(last.map(String.init) ?? "-")).")
            case .broken(let line, let reason):
                say("Archive BROKEN at line \(line): \(reason)")
                throw ExitCode(1)
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check the audit log's hash chain; exits 1 naming the first bad record.")
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let settings = try Settings.resolve(storage)
            let logger = LogSetup.bootstrap(level: settings.logLevel)
            let result = try await settings.withStore(logger: logger, migrate: false) { store in try await store.audit.verify() }
            switch result {
            case .intact(let records):
                print("Audit chain intact: \(records) records.")
            case .broken(let seq, let reason):
                print("Audit chain BROKEN at record \(seq): \(reason)")
                throw ExitCode(1)
            }
        }
    }
}

/// Writes a line to standard output at once (print buffers when output is a pipe).
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

/// `anlan import enterprises FILE`: check and load an enterprise list from the console.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Import data files.", subcommands: [Enterprises.self])

    struct Enterprises: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import enterprises from CSV (UTF-8 or GB18030) or XLSX; --dry-run reports problems without writing.")
        @OptionGroup var storage: StorageOptions
        @Argument(help: "The file to import.") var file: String
        @Flag(name: .customLong("dry-run"), help: "Check every row and report; write nothing.") var dryRun = false

        func run() async throws {
            let settings = try Settings.resolve(storage)
            let logger = LogSetup.bootstrap(level: settings.logLevel)
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("Cannot read \(file)") }
            let table: Table
            do { table = try Table.read(data) } catch let error as TableError { throw ValidationError(error.message) }
            let dryRun = self.dryRun, name = (file as NSString).lastPathComponent
            let started = Date()
            let caller = Caller.console("import")
            let outcome = try await settings.withStore(logger: logger) { store -> String in
                let plan = try await store.enterprises.planImport(
                    header: table.header, rows: table.rows, encoding: table.encoding, by: caller)
                for row in plan.rows where row.action == .invalid {
                    say("第 \(row.line) 行 \(row.name)：\(row.problems.joined(separator: "；"))")
                }
                let summary =
                    "rows \(plan.rows.count): create \(plan.count(.create)), update \(plan.count(.update)), invalid \(plan.count(.invalid))"
                if dryRun { return "Dry run (nothing written): " + summary }
                let run = try await store.enterprises.startImport(plan, cells: table.rows, fileName: name, by: caller)
                let finished = try await store.enterprises.apply(plan, run: run, by: caller) { progress in
                    say("progress \(progress.processedRows)/\(progress.totalRows)")
                }
                return
                    "Import \(finished.status.rawValue): created \(finished.created), updated \(finished.updated), unchanged \(finished.unchanged), invalid \(finished.invalid)"
                    + (finished.failure.map { " — \($0)" } ?? "")
            }
            say(outcome + String(format: " (%.1f s)", Date().timeIntervalSince(started)))
        }
    }
}
