import AnlanCore
import Crypto
import Foundation

/// Files people attach (photos, signed documents), kept under the data directory and addressed by their
/// SHA-256: `files/ab/abcdef…`. The same content is stored once; rows in `attachments` reference it.
/// Several nodes share the directory on a common volume.
public struct FileStore: Sendable {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// A store in a new temporary directory, for tests and one-off commands.
    public static func temporary() -> FileStore {
        FileStore(directory: FileManager.default.temporaryDirectory.appendingPathComponent("anlan-files-" + UUID().uuidString))
    }

    /// Writes the bytes (once per content) and returns their SHA-256 in hex.
    public func put(_ data: Data) throws -> String {
        let digest = SHA256.hash(data: data).hexString
        let url = location(digest)
        if !FileManager.default.fileExists(atPath: url.path) {
            // The owner's alone: directories 0700, files 0600 (issue 15, item 8).
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            // Written to a temporary name and moved, so a reader never sees half a file.
            let partial = url.appendingPathExtension("part-" + UUID().uuidString)
            guard FileManager.default.createFile(atPath: partial.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
                throw AnlanError(.conflict, code: "attachment.write_failed", message: "附件文件无法写入数据目录。")
            }
            do { try FileManager.default.moveItem(at: partial, to: url) } catch {
                try? FileManager.default.removeItem(at: partial)
                guard FileManager.default.fileExists(atPath: url.path) else { throw error }
            }
        }
        return digest
    }

    /// The bytes stored under a digest, checked against it: a file changed on disk is not served.
    public func get(_ digest: String) throws -> Data {
        guard digest.count == 64, digest.allSatisfy(\.isHexDigit) else { throw Self.missing }
        guard let data = FileManager.default.contents(atPath: location(digest).path) else { throw Self.missing }
        guard SHA256.hash(data: data).hexString == digest else {
            throw AnlanError(.conflict, code: "attachment.corrupt", message: "附件文件已被改动，与登记的校验值不符。")
        }
        return data
    }

    func location(_ digest: String) -> URL {
        directory.appendingPathComponent(String(digest.prefix(2))).appendingPathComponent(digest)
    }

    static let missing = AnlanError.notFound("attachment.file_missing", "附件文件不存在。")
}
