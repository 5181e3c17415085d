import AnlanWeb
import Foundation
import Testing

/// Issue 15, item 8: the server's certificate loads from PEM files and is reloaded when they change; a broken
/// replacement is refused and the certificate in use kept.
@Suite("TLS certificate reload")
struct ServerCertificateTests {
    /// A self-signed certificate and key made by the system's openssl.
    func makePair(in directory: URL, name: String) throws -> (cert: String, key: String) {
        let cert = directory.appendingPathComponent(name + ".crt").path
        let key = directory.appendingPathComponent(name + ".key").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=anlan.test",
            "-keyout", key, "-out", cert,
        ]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return (cert, key)
    }

    @Test("loads a PEM pair, reloads only when the files change, keeps the old one when the new one is broken")
    func reload() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("anlan-tls-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try makePair(in: directory, name: "server")
        let certificate = try ServerCertificate(certificatePath: first.cert, keyPath: first.key)
        #expect(try certificate.reloadIfChanged() == false)
        // A renewal: new files in place (a different size or time).
        let renewed = try makePair(in: directory, name: "renewed")
        try FileManager.default.removeItem(atPath: first.cert)
        try FileManager.default.removeItem(atPath: first.key)
        try FileManager.default.copyItem(atPath: renewed.cert, toPath: first.cert)
        try FileManager.default.copyItem(atPath: renewed.key, toPath: first.key)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: first.cert)
        #expect(try certificate.reloadIfChanged() == true)
        // A half-copied file does not load: refused, and the renewed certificate stays in use.
        try Data("-----BEGIN CERTIFICATE-----\nbroken".utf8).write(to: URL(fileURLWithPath: first.cert))
        #expect(throws: (any Error).self) { try certificate.reloadIfChanged() }
        #expect(throws: (any Error).self) { try ServerCertificate(certificatePath: first.cert, keyPath: first.key) }
    }
}
