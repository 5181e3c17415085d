import AnlanCore
import Crypto
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit

/// A consistent copy of a SQLite installation, taken while the server keeps serving (issue 15, item 9): the database by
/// `VACUUM INTO` (one read transaction, so one moment), then the attachments (content-addressed and written before the
/// rows that name them commit, so every file the copy names exists), then a manifest of every file's size and SHA-256,
/// written last. A restore checks the manifest before it replaces anything and refuses a damaged copy.
///
/// PostgreSQL installations are backed up with `pg_dump` (README, "Backup and restore"); the attachments directory is
/// copied beside the dump the same way.
public enum Backup {
    public static let manifestName = "manifest.json"
    public static let databaseName = "anlan.sqlite"
    public static let format = "anlan-backup-1"

    public struct Manifest: Codable, Sendable, Equatable {
        public struct Entry: Codable, Sendable, Equatable {
            public let path: String
            public let size: Int
            public let sha256: String
        }

        public let format: String
        public let createdAt: String
        /// The highest migration the copied database has.
        public let schemaVersion: Int
        public let auditRecords: Int
        public let files: [Entry]
    }

    static func damaged(_ what: String) -> AnlanError {
        AnlanError(.conflict, code: "backup.damaged", message: "备份已损坏或不完整：\(what)。未做任何恢复。")
    }

    /// Writes a backup of the SQLite database at `databasePath` and the attachments in `files` into `directory`, which
    /// must not exist yet. Returns the manifest written.
    public static func create(databasePath: String, files: FileStore, into directory: URL, now: Date, logger: Logger) async throws
        -> Manifest
    {
        let manager = FileManager.default
        guard !manager.fileExists(atPath: directory.path) else {
            throw AnlanError(.conflict, code: "backup.target_exists", message: "备份目录 \(directory.path) 已存在，请指定一个新目录。")
        }
        try manager.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let copy = directory.appendingPathComponent(databaseName)
        let connection = try await SQLiteConnection.open(
            storage: .file(path: databasePath), threadPool: .singleton, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())
        do {
            _ = try await connection.query("PRAGMA busy_timeout=10000")
            _ = try await connection.query("VACUUM INTO ?", [.text(copy.path)])
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
        try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: copy.path)
        var entries = [try entry(copy, as: databaseName)]
        if let names = manager.enumerator(at: files.directory, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in names where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                // A file still being written (FileStore writes to a ".part-…" name and moves it) is not yet named by any
                // committed row.
                guard !url.lastPathComponent.contains(".part-") else { continue }
                let relative = "files/" + url.path.dropFirst(files.directory.path.count + 1)
                let target = directory.appendingPathComponent(relative)
                try manager.createDirectory(
                    at: target.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                try manager.copyItem(at: url, to: target)
                try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target.path)
                entries.append(try entry(target, as: relative))
            }
        }
        let facts = try await facts(of: copy.path, logger: logger)
        let manifest = Manifest(
            format: format, createdAt: Timestamp.string(now), schemaVersion: facts.schema, auditRecords: facts.audit,
            files: entries.sorted { $0.path < $1.path })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let manifestURL = directory.appendingPathComponent(manifestName)
        try encoder.encode(manifest).write(to: manifestURL)
        try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: manifestURL.path)
        return manifest
    }

    /// Checks a backup against its manifest: every file listed is there with its size and SHA-256, and nothing else is.
    public static func verify(_ directory: URL) throws -> Manifest {
        let manifestURL = directory.appendingPathComponent(manifestName)
        guard let data = FileManager.default.contents(atPath: manifestURL.path) else { throw damaged("缺少 \(manifestName)") }
        guard let manifest = try? JSONDecoder().decode(Manifest.self, from: data), manifest.format == format else {
            throw damaged("\(manifestName) 无法读取")
        }
        guard manifest.files.contains(where: { $0.path == databaseName }) else { throw damaged("清单中没有数据库文件") }
        for listed in manifest.files {
            guard !listed.path.contains(".."), !listed.path.hasPrefix("/") else { throw damaged("清单中的路径 \(listed.path) 不合法") }
            let url = directory.appendingPathComponent(listed.path)
            guard let found = try? entry(url, as: listed.path) else { throw damaged("缺少文件 \(listed.path)") }
            guard found == listed else { throw damaged("文件 \(listed.path) 的大小或校验值与清单不符") }
        }
        let listed = Set(manifest.files.map(\.path))
        if let names = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in names where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                let relative = String(url.path.dropFirst(directory.path.count + 1))
                guard relative == manifestName || listed.contains(relative) else { throw damaged("多出清单以外的文件 \(relative)") }
            }
        }
        return manifest
    }

    /// Restores a verified backup into `dataDirectory`. An installation already there is refused unless `replacing`, and
    /// then moved aside into `replaced-<time>` inside the data directory, never deleted. The database is copied in under
    /// a temporary name and renamed, so an interrupted restore leaves no half database in place.
    public static func restore(from directory: URL, into dataDirectory: URL, replacing: Bool, now: Date) throws -> Manifest {
        let manifest = try verify(directory)
        let manager = FileManager.default
        let database = dataDirectory.appendingPathComponent(databaseName)
        let filesDirectory = dataDirectory.appendingPathComponent("files")
        try manager.createDirectory(at: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let present = [database.path, filesDirectory.path].filter { manager.fileExists(atPath: $0) }
        if !present.isEmpty {
            guard replacing else {
                throw AnlanError(
                    .conflict, code: "backup.target_not_empty",
                    message: "数据目录 \(dataDirectory.path) 已有数据；确需以备份替换的，请加 --replace（原有数据将移到 replaced-时间 目录保存）。")
            }
            let aside = dataDirectory.appendingPathComponent(
                "replaced-" + Timestamp.string(now).replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "+", with: "_"))
            try manager.createDirectory(at: aside, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            for name in [databaseName, databaseName + "-wal", databaseName + "-shm", "files"] {
                let url = dataDirectory.appendingPathComponent(name)
                if manager.fileExists(atPath: url.path) { try manager.moveItem(at: url, to: aside.appendingPathComponent(name)) }
            }
        }
        for listed in manifest.files where listed.path != databaseName {
            let target = dataDirectory.appendingPathComponent(listed.path)
            try manager.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try manager.copyItem(at: directory.appendingPathComponent(listed.path), to: target)
            try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target.path)
        }
        let partial = dataDirectory.appendingPathComponent(databaseName + ".restoring")
        try? manager.removeItem(at: partial)
        try manager.copyItem(at: directory.appendingPathComponent(databaseName), to: partial)
        try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: partial.path)
        try manager.moveItem(at: partial, to: database)
        return manifest
    }

    /// Keeps the newest `keep` backups named `anlan-…` in `directory` and removes older ones.
    public static func prune(_ directory: URL, keep: Int) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("anlan-") }.sorted()
        let old = names.dropLast(keep)
        for name in old { try FileManager.default.removeItem(at: directory.appendingPathComponent(name)) }
        return Array(old)
    }

    /// The name of a scheduled backup taken at `now`: sortable, `anlan-20261201T080000Z`.
    public static func scheduledName(_ now: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return "anlan-" + formatter.string(from: now)
    }

    private static func entry(_ url: URL, as path: String) throws -> Manifest.Entry {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        var size = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            size += chunk.count
        }
        return Manifest.Entry(path: path, size: size, sha256: hasher.finalize().hexString)
    }

    private static func facts(of path: String, logger: Logger) async throws -> (schema: Int, audit: Int) {
        let connection = try await SQLiteConnection.open(
            storage: .file(path: path), threadPool: .singleton, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())
        defer { _ = connection.close() }
        let schema = try await connection.query("SELECT COALESCE(MAX(number), 0) AS n FROM schema_migrations").first?.column("n")?.integer
        let audit = try await connection.query("SELECT COUNT(*) AS n FROM audit_log").first?.column("n")?.integer
        return (schema ?? 0, audit ?? 0)
    }
}
