/// A fragment of HTML. Interpolated strings are escaped; interpolated `HTML` is inserted as it is,
/// so markup can only come from code, never from data.
public struct HTML: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public let rendered: String

    public init(unsafe rendered: String) {
        self.rendered = rendered
    }

    public init(stringLiteral value: String) {
        self.rendered = value
    }

    public init(stringInterpolation: StringInterpolation) {
        self.rendered = stringInterpolation.output
    }

    public var description: String { rendered }

    public static let empty = HTML(unsafe: "")

    public struct StringInterpolation: StringInterpolationProtocol {
        var output = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            output.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        public mutating func appendLiteral(_ literal: String) { output += literal }
        public mutating func appendInterpolation(_ html: HTML) { output += html.rendered }
        public mutating func appendInterpolation(_ fragments: [HTML]) { for f in fragments { output += f.rendered } }
        public mutating func appendInterpolation(_ text: String) { output += HTML.escape(text) }
        public mutating func appendInterpolation(_ text: String?) { output += HTML.escape(text ?? "") }
        public mutating func appendInterpolation(_ value: Int) { output += String(value) }
        public mutating func appendInterpolation(_ value: some CustomStringConvertible) { output += HTML.escape(value.description) }
    }

    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
