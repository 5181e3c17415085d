import AnlanCore
import Foundation
import NIOCore

/// A response body the API writes by hand instead of through `JSONEncoder`, for the lists clients page through most.
/// Foundation's encoder builds a dictionary per object and sorts it per response; for a page of 20 enterprises that
/// was a fifth of the request's CPU. The bytes must be exactly what `JSONResponse.encoder` writes for the same value
/// (keys in byte order, nil fields left out, slashes unescaped, timestamps as `Timestamp.string`): JSONWriterTests
/// compares the two for every adopting type, so a field added to the Encodable and forgotten here fails a test.
protocol JSONWritable: Encodable {
    func write(to json: inout JSONWriter)
}

/// Appends JSON to a byte array. Members must be written in the byte order of their keys, as `.sortedKeys` does.
struct JSONWriter {
    /// The bytes so far (an array: appending to it is cheaper than a ByteBuffer's checked writes, byte by byte).
    private(set) var bytes: [UInt8] = []
    /// Whether the next array element or object member needs a comma before it.
    private var separate = false

    init(capacity: Int = 8192) {
        bytes.reserveCapacity(capacity)
    }

    var buffer: ByteBuffer { ByteBuffer(bytes: bytes) }

    // MARK: Containers

    mutating func object(_ body: (inout JSONWriter) -> Void) {
        comma()
        bytes.append(UInt8(ascii: "{"))
        separate = false
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        separate = true
    }

    mutating func array<S: Sequence>(_ elements: S, _ element: (inout JSONWriter, S.Element) -> Void) {
        comma()
        bytes.append(UInt8(ascii: "["))
        separate = false
        for e in elements { element(&self, e) }
        bytes.append(UInt8(ascii: "]"))
        separate = true
    }

    /// A member's key; the value written next belongs to it.
    mutating func key(_ key: StaticString) {
        comma()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        separate = false
    }

    // MARK: Members (a nil value leaves the member out, as synthesized `encodeIfPresent` does)

    mutating func member(_ key: StaticString, _ value: String?) {
        guard let value else { return }
        self.key(key)
        string(value)
    }

    mutating func member(_ key: StaticString, _ value: Int?) {
        guard let value else { return }
        self.key(key)
        scalar(String(value).utf8)
    }

    mutating func member(_ key: StaticString, _ value: Double?) {
        guard let value else { return }
        self.key(key)
        number(value)
    }

    mutating func member(_ key: StaticString, _ value: Bool?) {
        guard let value else { return }
        self.key(key)
        scalar(value ? Self.true : Self.false)
    }

    mutating func member(_ key: StaticString, _ value: Date?) {
        guard let value else { return }
        member(key, Timestamp.string(value))
    }

    mutating func member(_ key: StaticString, _ values: [String]?) {
        guard let values else { return }
        self.key(key)
        array(values) { $0.string($1) }
    }

    mutating func member<T: JSONWritable>(_ key: StaticString, _ value: T?) {
        guard let value else { return }
        self.key(key)
        value.write(to: &self)
    }

    mutating func member<T: JSONWritable>(_ key: StaticString, _ values: [T]?) {
        guard let values else { return }
        self.key(key)
        array(values) { json, value in value.write(to: &json) }
    }

    // MARK: Scalars

    /// A string, escaped as Foundation's JSONEncoder escapes it with `.withoutEscapingSlashes`.
    mutating func string(_ value: String) {
        comma()
        bytes.append(UInt8(ascii: "\""))
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            bytes.append(contentsOf: value.utf8)
        } else {
            for byte in value.utf8 {
                switch byte {
                case 0x22: bytes.append(contentsOf: "\\\"".utf8)
                case 0x5C: bytes.append(contentsOf: "\\\\".utf8)
                case 0x08: bytes.append(contentsOf: "\\b".utf8)
                case 0x0C: bytes.append(contentsOf: "\\f".utf8)
                case 0x0A: bytes.append(contentsOf: "\\n".utf8)
                case 0x0D: bytes.append(contentsOf: "\\r".utf8)
                case 0x09: bytes.append(contentsOf: "\\t".utf8)
                case ..<0x20:
                    bytes.append(contentsOf: "\\u00".utf8)
                    bytes.append(Self.hex[Int(byte >> 4)])
                    bytes.append(Self.hex[Int(byte & 0x0F)])
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
        separate = true
    }

    /// A number as JSONEncoder writes a Double: its shortest description, without a trailing ".0". JSON has no NaN or
    /// infinity (JSONEncoder refuses them); no stored coordinate or amount can be one, and one would be written as null.
    mutating func number(_ value: Double) {
        var text = value.isFinite ? value.description : "null"
        if text.hasSuffix(".0") { text.removeLast(2) }
        scalar(text.utf8)
    }

    /// A value written as it is (a number, true, false): separated from the one before it.
    private mutating func scalar(_ text: some Sequence<UInt8>) {
        comma()
        bytes.append(contentsOf: text)
        separate = true
    }

    private mutating func comma() {
        if separate {
            bytes.append(UInt8(ascii: ","))
            separate = false
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)
    private static let `true`: [UInt8] = Array("true".utf8)
    private static let `false`: [UInt8] = Array("false".utf8)
}
