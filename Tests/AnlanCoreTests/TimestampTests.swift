import AnlanCore
import Foundation
import Testing

@Suite("Timestamps as stored: written and read by hand, as the ISO 8601 format style would")
struct TimestampTests {
    let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    @Test("the same text as the format style for moments across two centuries, and they read back to the millisecond")
    func sameAsFormatStyle() throws {
        var generator = SeededGenerator(seed: 20261130)
        for _ in 0..<20_000 {
            let milliseconds = Int64.random(in: -631_152_000_000...4_102_444_800_000, using: &generator)  // 1950 … 2100
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            let text = Timestamp.string(date)
            // The format style truncates the binary fraction (…546.99999 prints as .546); nudged 0.2 ms it prints the intended one.
            #expect(text == style.format(date.addingTimeInterval(0.0002)), "\(milliseconds)")
            let back = try #require(Timestamp.date(text))
            #expect(Int64((back.timeIntervalSince1970 * 1000).rounded()) == milliseconds)
        }
    }

    @Test("reads the stored forms, falls back to the format style for others, refuses nonsense")
    func reading() {
        #expect(Timestamp.date("2026-11-30T07:15:33.536Z")?.timeIntervalSince1970 == 1_796_022_933.536)
        #expect(Timestamp.date("2026-11-30T07:15:33Z")?.timeIntervalSince1970 == 1_796_022_933)
        let offset = Timestamp.date("2026-11-30T15:15:33.536+08:00")?.timeIntervalSince1970 ?? 0
        #expect(abs(offset - 1_796_022_933.536) < 0.0005)
        for bad in ["2026-02-30T07:15:33.536Z", "2026-11-30T24:15:33.536Z", "2026-11-30T07:15:33.5x6Z", "", "yesterday"] {
            #expect(Timestamp.date(bad) == nil, "\(bad)")
        }
    }
}
