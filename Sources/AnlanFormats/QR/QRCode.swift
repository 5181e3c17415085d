/// A QR code (ISO/IEC 18004) for short byte strings such as an authenticator's `otpauth://` URI, drawn as SVG so the
/// enrolment page needs no image library and nothing from the internet. Byte mode, error correction level M
/// (15 % of the symbol may be damaged), versions 1–10 (up to 213 bytes); the mask with the lowest penalty score.
public struct QRCode: Sendable {
    /// Modules per side: 17 + 4 × version.
    public let size: Int
    public let version: Int
    public private(set) var mask = 0
    private var modules: [Bool]
    private var isFunction: [Bool]

    public enum Failure: Error, Equatable { case tooLong(bytes: Int, maximum: Int) }

    /// Level M's blocks per version (index = version − 1): EC codewords per block, then (blocks, data codewords
    /// each) for the first and second group. ISO/IEC 18004:2015 Table 9.
    static let blocksM: [(ec: Int, groups: [(count: Int, data: Int)])] = [
        (10, [(1, 16)]), (16, [(1, 28)]), (26, [(1, 44)]), (18, [(2, 32)]), (24, [(2, 43)]),
        (16, [(4, 27)]), (18, [(4, 31)]), (22, [(2, 38), (2, 39)]), (22, [(3, 36), (2, 37)]), (26, [(4, 43), (1, 44)]),
    ]
    /// Centres of the alignment patterns per version (Annex E).
    static let alignment: [[Int]] = [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50],
    ]

    static func dataCapacity(version: Int) -> Int { blocksM[version - 1].groups.reduce(0) { $0 + $1.count * $1.data } }

    /// The most bytes one symbol here carries.
    public static var maximumBytes: Int { dataCapacity(version: 10) - 3 }

    /// Encodes `bytes` in the smallest version that holds them; `mask` forces one of the eight masks (for tests).
    public init(bytes: [UInt8], mask forcedMask: Int? = nil) throws {
        guard
            let version = (1...10).first(where: { v in
                (v < 10 ? 2 : 3) + bytes.count <= Self.dataCapacity(version: v)
            })
        else { throw Failure.tooLong(bytes: bytes.count, maximum: Self.maximumBytes) }
        self.version = version
        size = 17 + 4 * version
        modules = Array(repeating: false, count: size * size)
        isFunction = Array(repeating: false, count: size * size)
        drawFunctionPatterns()
        let codewords = Self.codewords(bytes, version: version)
        placeData(codewords)
        var best = (mask: 0, score: Int.max)
        if let forcedMask {
            best.mask = forcedMask
        } else {
            for candidate in 0..<8 {
                var trial = self
                trial.applyMask(candidate)
                trial.drawFormatBits(mask: candidate)
                let score = trial.penalty()
                if score < best.score { best = (candidate, score) }
            }
        }
        mask = best.mask
        applyMask(mask)
        drawFormatBits(mask: mask)
    }

    public init(text: String, mask: Int? = nil) throws { try self.init(bytes: Array(text.utf8), mask: mask) }

    public func isDark(x: Int, y: Int) -> Bool { modules[y * size + x] }

    // MARK: - Function patterns

    private mutating func set(_ x: Int, _ y: Int, _ dark: Bool, function: Bool = true) {
        modules[y * size + x] = dark
        if function { isFunction[y * size + x] = true }
    }

    private mutating func drawFunctionPatterns() {
        for i in 0..<size {
            set(6, i, i % 2 == 0)
            set(i, 6, i % 2 == 0)
        }
        for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            // The finder (7×7) with its light separator, clipped at the symbol's edge.
            for dy in -4...4 {
                for dx in -4...4 {
                    let x = cx + dx, y = cy + dy
                    guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                    let ring = max(abs(dx), abs(dy))
                    set(x, y, ring != 2 && ring != 4)
                }
            }
        }
        let centres = Self.alignment[version - 1]
        for cy in centres {
            for cx in centres {
                let nearFinder = (cx == 6 && cy == 6) || (cx == 6 && cy == centres.last) || (cx == centres.last && cy == 6)
                guard !nearFinder else { continue }
                for dy in -2...2 {
                    for dx in -2...2 { set(cx + dx, cy + dy, max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
        // Reserve the format areas now (drawn for real with the mask), and draw the version blocks.
        drawFormatBits(mask: 0)
        if version >= 7 {
            var remainder = version
            for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
            let bits = version << 12 | remainder
            for i in 0..<18 {
                let dark = (bits >> i) & 1 == 1
                let a = size - 11 + i % 3, b = i / 3
                set(a, b, dark)
                set(b, a, dark)
            }
        }
    }

    /// The 15 format bits (level M = 00, the mask, BCH(15,5), XOR 101010000010010) in both copies, and the dark module.
    private mutating func drawFormatBits(mask: Int) {
        let data = (0b00 << 3) | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0...5 { set(8, i, bit(i)) }
        set(8, 7, bit(6))
        set(8, 8, bit(7))
        set(7, 8, bit(8))
        for i in 9..<15 { set(14 - i, 8, bit(i)) }
        for i in 0..<8 { set(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { set(8, size - 15 + i, bit(i)) }
        set(8, size - 8, true)
    }

    // MARK: - Data

    /// Mode indicator, count, the bytes, terminator and padding; split into blocks, each with its Reed–Solomon
    /// codewords, and interleaved.
    static func codewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        let capacity = dataCapacity(version: version)
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) {
            for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 == 1) }
        }
        append(0b0100, 4)
        append(bytes.count, version < 10 ? 8 : 16)
        for byte in bytes { append(Int(byte), 8) }
        append(0, min(4, capacity * 8 - bits.count))
        while bits.count % 8 != 0 { bits.append(false) }
        var data: [UInt8] = stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(UInt8(0)) { ($0 << 1) | ($1 ? 1 : 0) }
        }
        var pad: UInt8 = 0xEC
        while data.count < capacity {
            data.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        let layout = blocksM[version - 1]
        var blocks: [[UInt8]] = []
        var offset = 0
        for group in layout.groups {
            for _ in 0..<group.count {
                blocks.append(Array(data[offset..<offset + group.data]))
                offset += group.data
            }
        }
        let generator = ReedSolomon.generator(degree: layout.ec)
        let corrections = blocks.map { ReedSolomon.remainder(of: $0, generator: generator) }
        var result: [UInt8] = []
        for i in 0..<(blocks.map(\.count).max() ?? 0) { for block in blocks where i < block.count { result.append(block[i]) } }
        for i in 0..<layout.ec { for block in corrections { result.append(block[i]) } }
        return result
    }

    /// Places the codewords' bits in two-module columns, zigzagging up and down from the bottom right, skipping the
    /// vertical timing pattern; modules left over (the remainder bits) stay light.
    private mutating func placeData(_ codewords: [UInt8]) {
        let total = codewords.count * 8
        var index = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = ((right + 1) & 2) == 0
            for vertical in 0..<size {
                let y = upward ? size - 1 - vertical : vertical
                for column in 0..<2 {
                    let x = right - column
                    guard !isFunction[y * size + x] else { continue }
                    let dark = index < total && (codewords[index >> 3] >> (7 - UInt8(index & 7))) & 1 == 1
                    set(x, y, dark, function: false)
                    index += 1
                }
            }
            right -= 2
        }
    }

    static func masked(_ mask: Int, x: Int, y: Int) -> Bool {
        switch mask {
        case 0: return (x + y) % 2 == 0
        case 1: return y % 2 == 0
        case 2: return x % 3 == 0
        case 3: return (x + y) % 3 == 0
        case 4: return (x / 3 + y / 2) % 2 == 0
        case 5: return x * y % 2 + x * y % 3 == 0
        case 6: return (x * y % 2 + x * y % 3) % 2 == 0
        default: return ((x + y) % 2 + x * y % 3) % 2 == 0
        }
    }

    private mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] && Self.masked(mask, x: x, y: y) {
                modules[y * size + x].toggle()
            }
        }
    }

    // MARK: - Choosing the mask

    /// The four penalty rules of ISO/IEC 18004 §7.8.3: runs of five or more, 2×2 blocks, finder-like patterns,
    /// and the balance of dark and light.
    func penalty() -> Int {
        var score = 0
        let finderLike: [Bool] = [true, false, true, true, true, false, true]
        let lines: [[Bool]] =
            (0..<size).map { y in (0..<size).map { x in isDark(x: x, y: y) } }
            + (0..<size).map { x in (0..<size).map { y in isDark(x: x, y: y) } }
        for line in lines {
            var run = 1
            for i in 1..<size {
                if line[i] == line[i - 1] {
                    run += 1
                } else {
                    if run >= 5 { score += run - 2 }
                    run = 1
                }
            }
            if run >= 5 { score += run - 2 }
            // 1:1:3:1:1 with four light modules on one side (beyond the edge counts as light, the quiet zone).
            func at(_ i: Int) -> Bool { i >= 0 && i < size ? line[i] : false }
            for start in 0...(size - 7) where (0..<7).allSatisfy({ line[start + $0] == finderLike[$0] }) {
                if (1...4).allSatisfy({ !at(start - $0) }) { score += 40 }
                if (7...10).allSatisfy({ !at(start + $0) }) { score += 40 }
            }
        }
        for y in 0..<size - 1 {
            for x in 0..<size - 1 {
                let c = isDark(x: x, y: y)
                if c == isDark(x: x + 1, y: y) && c == isDark(x: x, y: y + 1) && c == isDark(x: x + 1, y: y + 1) { score += 3 }
            }
        }
        let dark = modules.filter { $0 }.count
        let percent = dark * 100 / (size * size)
        score += abs(percent - 50) / 5 * 10
        return score
    }

    // MARK: - Drawing

    /// The symbol as an SVG image with its 4-module quiet zone: one path of dark runs, row by row.
    public func svg(pixelsPerModule: Int = 6, title: String = "QR code") -> String {
        let quiet = 4
        let side = size + 2 * quiet
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                var end = x
                while end < size && isDark(x: end, y: y) { end += 1 }
                path += "M\(x + quiet) \(y + quiet)h\(end - x)v1h-\(end - x)z"
                x = end
            }
        }
        let pixels = side * pixelsPerModule
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" width="\(pixels)" height="\(pixels)" \
            shape-rendering="crispEdges" role="img" aria-label="\(title)" data-qr-version="\(version)">\
            <rect width="\(side)" height="\(side)" fill="#fff"/><path fill="#000" d="\(path)"/></svg>
            """
    }
}

/// Reed–Solomon error correction over GF(2⁸) with the QR code's polynomial x⁸+x⁴+x³+x²+1 (0x11D), generator
/// roots α⁰ … α^(degree−1).
enum ReedSolomon {
    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var result: UInt8 = 0
        var a = a, b = b
        while b != 0 {
            if b & 1 == 1 { result ^= a }
            let carry = a & 0x80 != 0
            a <<= 1
            if carry { a ^= 0x1D }
            b >>= 1
        }
        return result
    }

    /// The generator's coefficients, highest power first, leading 1 omitted.
    static func generator(degree: Int) -> [UInt8] {
        var coefficients = [UInt8](repeating: 0, count: degree)
        coefficients[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                coefficients[j] = multiply(coefficients[j], root)
                if j + 1 < degree { coefficients[j] ^= coefficients[j + 1] }
            }
            root = multiply(root, 0x02)
        }
        return coefficients
    }

    static func remainder(of data: [UInt8], generator: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: generator.count)
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for i in 0..<generator.count { result[i] ^= multiply(generator[i], factor) }
        }
        return result
    }
}
