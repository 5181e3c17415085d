import Crypto
import Foundation

/// Time-based one-time passwords as any authenticator app computes them: RFC 6238 over RFC 4226's HOTP with
/// HMAC-SHA-1, 30-second steps from the Unix epoch and 6 digits (the parameters of the `otpauth://` URI every
/// app reads; the RFC's defaults). The secret is 20 random bytes (RFC 4226 §4 R6 asks for at least 128 bits).
public struct TOTP: Sendable, Equatable {
    public static let digits = 6
    public static let period: TimeInterval = 30
    /// Steps either side of now that are still accepted, for a phone whose clock is off by up to 30 seconds
    /// (RFC 6238 §5.2 recommends at most one step of network delay).
    public static let window = 1

    public let secret: [UInt8]

    public init(secret: [UInt8]) { self.secret = secret }

    /// A new random secret.
    public static func generate() -> TOTP {
        var generator = SystemRandomNumberGenerator()
        return TOTP(secret: (0..<20).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The secret as authenticator apps take it when typed in: Base32 without padding (RFC 4648 §6).
    public var base32: String { Base32.encode(secret) }

    public init?(base32: String) {
        guard let bytes = Base32.decode(base32), bytes.count >= 10 else { return nil }
        secret = bytes
    }

    /// The step a moment falls in.
    public static func step(at date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / period).rounded(.down)) }

    /// The code of one step (RFC 4226 §5.3: dynamic truncation of the HMAC, modulo 10^digits, zero-padded).
    public func code(step: Int64, digits: Int = TOTP.digits) -> String {
        var counter = UInt64(bitPattern: step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary =
            (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    public func code(at date: Date) -> String { code(step: Self.step(at: date)) }

    /// The step whose code this is, within the window around `date`, or nil. Compares every candidate in full so
    /// the time taken does not depend on which one matched.
    public func matchingStep(of code: String, at date: Date) -> Int64? {
        let typed = code.filter { !$0.isWhitespace }
        guard typed.count == Self.digits, typed.allSatisfy(\.isASCII), typed.allSatisfy(\.isNumber) else { return nil }
        let now = Self.step(at: date)
        var found: Int64?
        for step in (now - Int64(Self.window))...(now + Int64(Self.window)) {
            let expected = Array(self.code(step: step).utf8)
            var difference: UInt8 = 0
            for (a, b) in zip(expected, Array(typed.utf8)) { difference |= a ^ b }
            if difference == 0 && found == nil { found = step }
        }
        return found
    }

    /// The `otpauth://` URI an authenticator app reads from the enrolment QR code (Google Authenticator's Key URI
    /// format, which every common app follows): the label is issuer:account, the issuer repeated as a parameter.
    public func uri(account: String, issuer: String) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        func escape(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text }
        return "otpauth://totp/\(escape(issuer)):\(escape(account))?secret=\(base32)&issuer=\(escape(issuer))"
            + "&algorithm=SHA1&digits=\(Self.digits)&period=\(Int(Self.period))"
    }
}

/// RFC 4648 Base32 (the upper-case alphabet A–Z, 2–7), as authenticator apps exchange secrets.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes ignoring case, spaces, dashes and padding; nil for any other character.
    public static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for scalar in text.uppercased().utf8 where scalar != 32 && scalar != 45 && scalar != 61 {
            guard let index = alphabet.firstIndex(of: scalar) else { return nil }
            buffer = (buffer << 5) | UInt32(index)
            bits += 5
            if bits >= 8 {
                output.append(UInt8((buffer >> UInt32(bits - 8)) & 0xff))
                bits -= 8
            }
        }
        return output
    }
}
