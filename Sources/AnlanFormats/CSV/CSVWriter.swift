import Foundation

/// Writes CSV that Excel, WPS and LibreOffice open as intended: RFC 4180 quoting, CRLF line ends,
/// UTF-8 with a byte-order mark (without it Excel reads Chinese as GBK mojibake).
///
/// Cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return)
/// are prefixed with an apostrophe, so exported data cannot execute in the reader's spreadsheet.
/// Not for reading CSV: an importer must also handle GB18030 and malformed rows.
public enum CSVWriter {
    /// The UTF-8 byte-order mark, written once at the start of a file.
    public static let byteOrderMark = "\u{FEFF}"

    /// One row, with its CRLF.
    public static func row(_ fields: [String]) -> String {
        fields.map(cell).joined(separator: ",") + "\r\n"
    }

    static func cell(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            text = "'" + text
        }
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
