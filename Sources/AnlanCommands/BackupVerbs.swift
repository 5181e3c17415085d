import AnlanCore
import AnlanStore
import ArgumentParser
import Foundation
import Logging

/// `anlan backup --to DIR`: a consistent copy of the SQLite database and the attachments, with a manifest of checksums,
/// taken while the server keeps serving.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up the SQLite database and attachments into a new directory, with a checksum manifest (online).")
    @OptionGroup var storage: StorageOptions
    @Option(help: "A new directory to write the backup into.") var to: String

    func run() async throws {
        let settings = try Settings.resolve(storage)
        let logger = LogSetup.bootstrap(level: settings.logLevel)
        guard settings.databaseURL == nil else {
            say("This installation runs on PostgreSQL: back it up with pg_dump and copy DATA_DIR/files (README, “Backup and restore”).")
            throw ExitCode(2)
        }
        guard FileManager.default.fileExists(atPath: settings.sqlitePath) else {
            say("No database at \(settings.sqlitePath).")
            throw ExitCode(2)
        }
        let manifest = try await refusalsToExit {
            try await Backup.create(
                databasePath: settings.sqlitePath, files: settings.files, into: URL(fileURLWithPath: to), now: Date(), logger: logger)
        }
        let bytes = manifest.files.reduce(0) { $0 + $1.size }
        say(
            "Backup written to \(to): \(manifest.files.count) files, \(bytes / 1024) KB, schema \(manifest.schemaVersion), "
                + "\(manifest.auditRecords) audit records. Check it with `anlan restore --verify-only --from \(to)`.")
    }
}

/// `anlan restore --from DIR`: checks the backup's manifest, then puts it in place of the data directory's database and
/// attachments (moving any present aside), then checks the restored database and its audit chain.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Verify a backup's manifest and restore it into the data directory (SQLite).")
    @OptionGroup var storage: StorageOptions
    @Option(help: "The backup directory (written by anlan backup).") var from: String
    @Flag(help: "Replace an installation already in the data directory (it is moved into DATA_DIR/replaced-TIME).")
    var replace = false
    @Flag(name: .customLong("verify-only"), help: "Only check the backup against its manifest.") var verifyOnly = false

    func run() async throws {
        let settings = try Settings.resolve(storage)
        let logger = LogSetup.bootstrap(level: settings.logLevel)
        let source = URL(fileURLWithPath: from)
        if verifyOnly {
            let manifest = try await refusalsToExit { try Backup.verify(source) }
            say("Backup intact: \(manifest.files.count) files match the manifest (taken \(manifest.createdAt)).")
            return
        }
        guard settings.databaseURL == nil else {
            say("This installation runs on PostgreSQL: restore with pg_restore (README, “Backup and restore”).")
            throw ExitCode(2)
        }
        let replace = self.replace
        let manifest = try await refusalsToExit {
            try Backup.restore(from: source, into: URL(fileURLWithPath: settings.dataDir), replacing: replace, now: Date())
        }
        let (integrity, chain) = try await settings.withStore(logger: logger, migrate: false) { store in
            let integrity = try await store.database.reader.raw("PRAGMA integrity_check").first(
                decodingColumn: "integrity_check", as: String.self)
            return (integrity ?? "?", try await store.audit.verify())
        }
        say("Restored \(manifest.files.count) files from \(from) (taken \(manifest.createdAt)); integrity_check: \(integrity).")
        switch chain {
        case .intact(let records): say("Audit chain intact: \(records) records.")
        case .broken(let seq, let reason):
            say("Audit chain BROKEN at record \(seq): \(reason)")
            throw ExitCode(1)
        }
        guard integrity == "ok" else { throw ExitCode(1) }
    }
}

/// Runs `body`; a refusal (`AnlanError`) is said on the console and ends the command with status 1, not a stack trace.
func refusalsToExit<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
    do { return try await body() } catch let error as AnlanError {
        say("\(error.code): \(error.message)")
        throw ExitCode(1)
    }
}
