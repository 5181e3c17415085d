import AnlanFormats
import Testing

@Suite("QR codes")
struct QRCodeTests {
    /// "hello", level M, mask 0, as the independent python-qrcode 8.2 draws it (the API test compares every enrolment
    /// code the server draws with that library as well).
    static let hello = [
        "111111100110001111111", "100000101100001000001", "101110100101101011101", "101110100011001011101",
        "101110101100101011101", "100000100000101000001", "111111101010101111111", "000000000011100000000",
        "101010100101000010010", "001011000010001000011", "010100101110100011111", "110010000000001000010",
        "011010110010101010000", "000000001111010100111", "111111100011011100111", "100000100011110110000",
        "101110101011011100011", "101110100100001100110", "101110101110100010101", "100000100100001010010",
        "111111101110101100011",
    ]

    @Test("a version 1 symbol equals another implementation's, module for module")
    func knownSymbol() throws {
        let code = try QRCode(text: "hello", mask: 0)
        #expect(code.version == 1 && code.size == 21)
        let rows = (0..<code.size).map { y in String((0..<code.size).map { code.isDark(x: $0, y: y) ? "1" : "0" }) }
        #expect(rows == Self.hello)
    }

    @Test(
        "the smallest version that holds the bytes is chosen, up to version 10",
        arguments: [
            (14, 1), (15, 2), (26, 2), (27, 3), (84, 5), (85, 6), (106, 6), (107, 7), (180, 9), (181, 10), (213, 10),
        ])
    func versions(bytes: Int, version: Int) throws {
        let code = try QRCode(bytes: Array(repeating: 0x61, count: bytes))
        #expect(code.version == version && code.size == 17 + 4 * version)
        #expect((0..<8).contains(code.mask))
    }

    @Test("more than 213 bytes is refused, not drawn wrong")
    func tooLong() {
        #expect(throws: QRCode.Failure.tooLong(bytes: 214, maximum: 213)) { try QRCode(bytes: Array(repeating: 0x61, count: 214)) }
    }

    @Test("the SVG draws exactly the dark modules, inside a four-module quiet zone")
    func svg() throws {
        let code = try QRCode(text: "otpauth://totp/Anlan:sysadmin?secret=JBSWY3DPEHPK3PXP&issuer=Anlan")
        let svg = code.svg()
        let side = code.size + 8
        #expect(svg.contains("viewBox=\"0 0 \(side) \(side)\""))
        var dark = Set<[Int]>()
        for match in svg.matches(of: #/M(\d+) (\d+)h(\d+)v1h-\d+z/#) {
            let x = Int(match.1)!, y = Int(match.2)!, run = Int(match.3)!
            for dx in 0..<run { dark.insert([x + dx - 4, y - 4]) }
        }
        var expected = Set<[Int]>()
        for y in 0..<code.size { for x in 0..<code.size where code.isDark(x: x, y: y) { expected.insert([x, y]) } }
        #expect(dark == expected)
    }
}
