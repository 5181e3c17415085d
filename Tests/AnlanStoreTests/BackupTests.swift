import AnlanCore
import AnlanStore
import AnlanTesting
import AnlanWeb
import Foundation
import Logging
import Synchronization
import Testing

/// Issue 15, item 9: a backup taken while writes go on holds every write acknowledged before it began, with the
/// attachments and an intact audit chain; a damaged backup is refused before anything is replaced.
@Suite("Backup and restore (SQLite)", .enabled(if: TestDatabase.engine == .sqlite))
struct BackupTests {
    let logger = Logger(label: "test.backup")

    @Test("a backup under write load restores every write acknowledged before it, the attachments and an intact audit chain")
    func underLoad() async throws {
        try await Fixtures.with(enterprises: 600) { f in
            let path = try #require(f.testDatabase.sqlitePath)
            let inspector = try await f.caller("inspector")
            let targets = try await f.store.enterprises.all(.init(), by: inspector).map(\.id)
            let store = f.store
            let evidence = try store.files.put(Fixtures.png)
            // Inspections are submitted one after another while the backup runs; each acknowledged one is noted with
            // whether the backup had begun.
            let backupBegun = Mutex(false)
            let acknowledged = Mutex<[(id: UUID, beforeBackup: Bool)]>([])
            let writer = Task {
                for target in targets.prefix(120) {
                    let draft = SupervisionTests.draft(target)
                    _ = try await store.inspections.submit(draft, by: inspector)
                    // Acknowledged now: before the backup began, or not.
                    let before = !backupBegun.withLock { $0 }
                    acknowledged.withLock { $0.append((draft.id, before)) }
                }
            }
            // The backup begins once some writes are acknowledged (however loaded the machine), while others go on.
            while acknowledged.withLock({ $0.count }) < 5 { try await Task.sleep(for: .milliseconds(20)) }
            let backupDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("anlan-backup-" + UUID().uuidString)
            backupBegun.withLock { $0 = true }
            let manifest = try await Backup.create(
                databasePath: path, files: store.files, into: backupDirectory, now: Date(), logger: logger)
            try await writer.value
            let before = acknowledged.withLock { $0.filter(\.beforeBackup).map(\.id) }
            #expect(before.count >= 5, "the backup should begin after some writes: \(before.count) before it")
            #expect(manifest.files.contains { $0.path == "files/" + evidence.prefix(2) + "/" + evidence })

            let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("anlan-restored-" + UUID().uuidString)
            _ = try Backup.restore(from: backupDirectory, into: dataDirectory, replacing: false, now: Date())
            let restored = try await Database.openSQLite(path: dataDirectory.appendingPathComponent("anlan.sqlite").path, logger: logger)
            let restoredStore = Store(
                database: restored, environment: f.clock.environment, hasher: BcryptPasswordHasher(cost: 4),
                files: FileStore(directory: dataDirectory.appendingPathComponent("files")))
            let ids = Set(
                try await restored.reader.raw("SELECT id FROM inspections").all().map { try $0.decode(column: "id", as: String.self) })
            #expect(before.allSatisfy { ids.contains($0.key) }, "an inspection acknowledged before the backup is missing")
            #expect(
                try await restored.reader.raw("PRAGMA integrity_check").first(decodingColumn: "integrity_check", as: String.self) == "ok")
            #expect(try await restoredStore.audit.verify() == .intact(records: manifest.auditRecords))
            #expect(try restoredStore.files.get(evidence) == Fixtures.png)
            await restored.close()
            // Restoring over an installation is refused unless asked, and then keeps the old one aside.
            do {
                _ = try Backup.restore(from: backupDirectory, into: dataDirectory, replacing: false, now: Date())
                Issue.record("restored over an installation")
            } catch let error as AnlanError { #expect(error.code == "backup.target_not_empty") }
            _ = try Backup.restore(from: backupDirectory, into: dataDirectory, replacing: true, now: Date())
            let aside = try FileManager.default.contentsOfDirectory(atPath: dataDirectory.path).filter { $0.hasPrefix("replaced-") }
            #expect(aside.count == 1)
            try? FileManager.default.removeItem(at: backupDirectory)
            try? FileManager.default.removeItem(at: dataDirectory)
        }
    }

    @Test("a backup with a changed, missing or extra file is refused by name, and nothing is restored")
    func damaged() async throws {
        try await Fixtures.with { f in
            let path = try #require(f.testDatabase.sqlitePath)
            _ = try f.store.files.put(Fixtures.png)
            func fresh() async throws -> URL {
                let directory = FileManager.default.temporaryDirectory.appendingPathComponent("anlan-backup-" + UUID().uuidString)
                _ = try await Backup.create(databasePath: path, files: f.store.files, into: directory, now: Date(), logger: logger)
                return directory
            }
            let changed = try await fresh()
            let handle = try FileHandle(forUpdating: changed.appendingPathComponent("anlan.sqlite"))
            try handle.seek(toOffset: 5000)
            try handle.write(contentsOf: Data([0x5A]))
            try handle.close()
            let missing = try await fresh()
            let photo = try #require(try Backup.verify(missing).files.first { $0.path.hasPrefix("files/") })
            try FileManager.default.removeItem(at: missing.appendingPathComponent(photo.path))
            let extra = try await fresh()
            try Data("x".utf8).write(to: extra.appendingPathComponent("files/stray"))
            for (backup, named) in [(changed, "anlan.sqlite"), (missing, photo.path), (extra, "files/stray")] {
                let target = FileManager.default.temporaryDirectory.appendingPathComponent("anlan-restored-" + UUID().uuidString)
                do {
                    _ = try Backup.restore(from: backup, into: target, replacing: true, now: Date())
                    Issue.record("restored a damaged backup")
                } catch let error as AnlanError {
                    #expect(error.code == "backup.damaged")
                    #expect(error.message.contains(named), "\(error.message)")
                }
                #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("anlan.sqlite").path))
                try? FileManager.default.removeItem(at: backup)
            }
        }
    }
}
