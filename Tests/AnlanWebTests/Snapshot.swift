import Foundation
import Testing

/// Compares rendered markup with the stored file `__Snapshots__/<name>.html`, line by line, so a change of markup
/// shows up as a reviewed diff. With ANLAN_RECORD_SNAPSHOTS=1 (or no stored file yet) it writes the file and fails,
/// so a new or changed snapshot is always looked at and committed.
///
/// A small helper instead of swift-snapshot-testing: that package brings swift-syntax, minutes of CI build for
/// one string comparison.
func expectSnapshot(_ rendered: String, named name: String, filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation)
{
    let folder = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
    let file = folder.appendingPathComponent(name + ".html")
    let normalized =
        rendered.split(separator: "\n", omittingEmptySubsequences: false)
        .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "\n") + "\n"
    let record = ProcessInfo.processInfo.environment["ANLAN_RECORD_SNAPSHOTS"] == "1"
    guard !record, let stored = try? String(contentsOf: file, encoding: .utf8) else {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try? normalized.write(to: file, atomically: true, encoding: .utf8)
        Issue.record("recorded snapshot \(name).html: look at it and commit it", sourceLocation: sourceLocation)
        return
    }
    guard stored != normalized else { return }
    let a = stored.split(separator: "\n", omittingEmptySubsequences: false)
    let b = normalized.split(separator: "\n", omittingEmptySubsequences: false)
    let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
    Issue.record(
        """
        \(name).html differs at line \(line + 1):
        stored:   \(line < a.count ? String(a[line]) : "(end)")
        rendered: \(line < b.count ? String(b[line]) : "(end)")
        (ANLAN_RECORD_SNAPSHOTS=1 records the new markup)
        """, sourceLocation: sourceLocation)
}
