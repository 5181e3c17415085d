import Foundation

extension UUID {
    /// The one text form of a record's ID: lowercase, as rows store it, URLs carry it and JSON gives it.
    /// Written by hand: Foundation's `uuidString` goes through sprintf and then `lowercased()` copies it again, which
    /// showed in the profile of a list page (every row's ID is written once for the row and once per detail).
    public var key: String {
        let bytes = uuid
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var i = 0
            func put(_ byte: UInt8) {
                buffer[i] = UUID.hexDigits[Int(byte >> 4)]
                buffer[i + 1] = UUID.hexDigits[Int(byte & 0x0F)]
                i += 2
            }
            withUnsafeBytes(of: bytes) { raw in
                for (n, byte) in raw.enumerated() {
                    if n == 4 || n == 6 || n == 8 || n == 10 {
                        buffer[i] = UInt8(ascii: "-")
                        i += 1
                    }
                    put(byte)
                }
            }
            return 36
        }
    }

    /// Parses a record ID in either case, as `UUID(uuidString:)` does, without sscanf.
    public init?(key: some StringProtocol) {
        var utf8 = Array(key.utf8)
        guard utf8.count == 36 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 16)
        var b = 0
        var i = 0
        while i < 36 {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard utf8[i] == UInt8(ascii: "-") else { return nil }
                i += 1
                continue
            }
            guard let high = UUID.nibble(utf8[i]), let low = UUID.nibble(utf8[i + 1]) else { return nil }
            bytes[b] = high << 4 | low
            b += 1
            i += 2
        }
        utf8.removeAll()
        self.init(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10],
                bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
