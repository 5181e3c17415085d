import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import ZIPFoundation

/// A sheet of text cells read from a file people send: a header row and data rows.
///
/// Reading never guesses silently: an encoding it cannot decode, a broken quote, a workbook without a
/// sheet, or a file beyond the limits is a `TableError` saying which, in Chinese.
public struct Table: Sendable, Equatable {
    public let header: [String]
    public let rows: [[String]]
    /// The encoding a CSV was read in ("UTF-8" or "GB18030"); nil for XLSX.
    public let encoding: String?

    public init(header: [String], rows: [[String]], encoding: String?) {
        self.header = header
        self.rows = rows
        self.encoding = encoding
    }

    /// At most this many data rows in one file.
    public static let maximumRows = 200_000
    /// Cells longer than this are cut and reported by the importer.
    public static let maximumCellLength = 2_000

    /// Reads CSV (UTF-8 with or without BOM, else GB18030) or XLSX, told apart by content, not name.
    public static func read(_ data: Data) throws -> Table {
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return try XLSXReader.read(data) }
        let (text, encoding) = try decode(data)
        return try CSVReader.table(text, encoding: encoding)
    }

    /// UTF-8 when the bytes are valid UTF-8 (a BOM is dropped), otherwise GB18030 (which covers GBK and GB2312).
    static func decode(_ data: Data) throws -> (String, String) {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, "UTF-8") }
        // CoreFoundation's number for GB 18030-2000, which Foundation on Linux decodes through ICU.
        if let text = String(data: bytes, encoding: String.Encoding(rawValue: 0x8000_0632)) { return (text, "GB18030") }
        throw TableError.unknownEncoding
    }
}

/// Why a file could not be read.
public enum TableError: Error, Equatable, Sendable {
    case unknownEncoding
    case empty
    case unterminatedQuote(line: Int)
    case tooManyRows(limit: Int)
    case notAWorkbook(String)

    /// For people.
    public var message: String {
        switch self {
        case .unknownEncoding: "文件既不是 UTF-8 也不是 GB18030（GBK）编码，无法读取。请在 Excel 中另存为 UTF-8 CSV 或 XLSX。"
        case .empty: "文件中没有表头行。"
        case .unterminatedQuote(let line): "第 \(line) 行起的引号没有闭合，文件可能已损坏。"
        case .tooManyRows(let limit): "文件超过 \(limit) 行，请拆分后分批导入。"
        case .notAWorkbook(let reason): "无法读取 Excel 文件：\(reason)。"
        }
    }

    public var code: String {
        switch self {
        case .unknownEncoding: "import.encoding_unknown"
        case .empty: "import.empty"
        case .unterminatedQuote: "import.csv_malformed"
        case .tooManyRows: "import.too_many_rows"
        case .notAWorkbook: "import.xlsx_malformed"
        }
    }
}

/// RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, line breaks inside quotes.
public enum CSVReader {
    public static func table(_ text: String, encoding: String) throws -> Table {
        var rows = try parse(text)
        // Spreadsheets leave trailing empty lines and rows of empty cells.
        rows.removeAll { $0.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        guard let header = rows.first else { throw TableError.empty }
        let data = Array(rows.dropFirst())
        guard data.count <= Table.maximumRows else { throw TableError.tooManyRows(limit: Table.maximumRows) }
        return Table(header: header.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }, rows: data, encoding: encoding)
    }

    static func parse(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var quoteStartLine = 1
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return scalars.next()
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    if let following = next() {
                        if following == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = following }
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty:
                quoted = true
                quoteStartLine = line
            case ",":
                row.append(field)
                field = ""
            case "\r":
                if let following = next(), following != "\n" { pending = following }
                fallthrough
            case "\n":
                row.append(field)
                rows.append(row)
                row = []
                field = ""
                line += 1
            default:
                field.unicodeScalars.append(c)
            }
        }
        if quoted { throw TableError.unterminatedQuote(line: quoteStartLine) }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}

/// The first sheet of an XLSX workbook, as text: shared and inline strings, numbers as written, a
/// formula's cached value.
public enum XLSXReader {
    public static func read(_ data: Data) throws -> Table {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch { throw TableError.notAWorkbook("不是有效的 ZIP/XLSX 文件") }
        func part(_ path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            var out = Data()
            _ = try archive.extract(entry, skipCRC32: false) { out.append($0) }
            return out
        }
        guard let workbook = try part("xl/workbook.xml"), let relations = try part("xl/_rels/workbook.xml.rels") else {
            throw TableError.notAWorkbook("缺少工作簿结构")
        }
        let firstSheetID = XMLAttributes.first(in: workbook, element: "sheet", attribute: "r:id")
        let targets = XMLAttributes.all(in: relations, element: "Relationship")
        guard let id = firstSheetID, var target = targets.first(where: { $0["Id"] == id })?["Target"] else {
            throw TableError.notAWorkbook("找不到第一个工作表")
        }
        if target.hasPrefix("/") { target.removeFirst() } else { target = "xl/" + target }
        guard let sheet = try part(target) else { throw TableError.notAWorkbook("找不到工作表 \(target)") }
        let shared = try part("xl/sharedStrings.xml").map(SharedStrings.parse) ?? []
        let parser = SheetParser(shared: shared)
        let xml = XMLParser(data: sheet)
        xml.delegate = parser
        guard xml.parse(), xml.parserError == nil else { throw TableError.notAWorkbook("工作表 XML 无法解析") }
        var rows = parser.rows.filter { !$0.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        guard !rows.isEmpty else { throw TableError.empty }
        let header = rows.removeFirst().map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard rows.count <= Table.maximumRows else { throw TableError.tooManyRows(limit: Table.maximumRows) }
        return Table(header: header, rows: rows, encoding: nil)
    }

    /// "B12" → 1 (the column's index).
    static func columnIndex(_ reference: String) -> Int? {
        var index = 0
        var seen = false
        for scalar in reference.unicodeScalars {
            guard (65...90).contains(scalar.value) else { break }
            index = index * 26 + Int(scalar.value - 64)
            seen = true
        }
        return seen ? index - 1 : nil
    }

    final class SheetParser: NSObject, XMLParserDelegate {
        let shared: [String]
        var rows: [[String]] = []
        private var row: [String] = []
        private var cellColumn = 0
        private var cellType = ""
        private var text = ""
        private var inValue = false

        init(shared: [String]) { self.shared = shared }

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]
        ) {
            switch name {
            case "row": row = []
            case "c":
                cellColumn = attributes["r"].flatMap(XLSXReader.columnIndex) ?? row.count
                cellType = attributes["t"] ?? "n"
                text = ""
            case "v", "t":
                inValue = true
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inValue { text += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "v", "t": inValue = false
            case "c":
                var value = text
                switch cellType {
                case "s": value = Int(text).flatMap { $0 < shared.count ? shared[$0] : nil } ?? ""
                case "b": value = text == "1" ? "TRUE" : "FALSE"
                default: break
                }
                while row.count < cellColumn { row.append("") }
                if row.count == cellColumn { row.append(value) } else { row[cellColumn] = value }
            case "row": rows.append(row)
            default: break
            }
        }
    }

    enum SharedStrings {
        /// Each <si>'s text, rich-text runs joined.
        static func parse(_ data: Data) -> [String] {
            final class Delegate: NSObject, XMLParserDelegate {
                var strings: [String] = []
                var current = ""
                var inText = false
                func parser(
                    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String]
                ) {
                    if name == "si" { current = "" }
                    if name == "t" { inText = true }
                }
                func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }
                func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                    if name == "t" { inText = false }
                    if name == "si" { strings.append(current) }
                }
            }
            let delegate = Delegate()
            let parser = XMLParser(data: data)
            parser.delegate = delegate
            _ = parser.parse()
            return delegate.strings
        }
    }
}

/// Attributes of elements in a small XML part (workbook, relationships).
enum XMLAttributes {
    static func all(in data: Data, element: String) -> [[String: String]] {
        final class Delegate: NSObject, XMLParserDelegate {
            let element: String
            var found: [[String: String]] = []
            init(element: String) { self.element = element }
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]
            ) {
                if name == element || qualifiedName == element { found.append(attributes) }
            }
        }
        let delegate = Delegate(element: element)
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        _ = parser.parse()
        return delegate.found
    }

    static func first(in data: Data, element: String, attribute: String) -> String? {
        all(in: data, element: element).first.flatMap {
            $0[attribute] ?? $0.first { $0.key.hasSuffix(":id") && attribute.hasSuffix(":id") }?.value
        }
    }
}
