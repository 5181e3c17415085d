import Foundation
import ZIPFoundation

/// Writes a one-sheet XLSX workbook row by row. Rows go to a temporary file as they come, so a sheet
/// of any size costs constant memory; `finish()` packs the workbook and returns its file.
///
/// A cell is an inline string (text in Excel, WPS and LibreOffice alike) unless written as a `Cell.number`: codes such
/// as credit codes and 12-digit division codes must not turn into numbers, while a statistical table's figures must add
/// up in the spreadsheet. The first row is the header (after an optional title row), bold and frozen. Not for reading
/// XLSX.
public final class XLSXWriter {
    /// One cell of a row: text, or a number the spreadsheet can sum.
    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Double)
    }

    private let directory: URL
    private let sheetName: String
    private let sheetURL: URL
    private let handle: FileHandle
    private var buffer = ""
    private var rowCount = 0

    /// Starts a workbook whose sheet has `header` as its first row, or as its second under a `title` (a table's name,
    /// unit and date). `sheetName` is cut to Excel's 31 characters, without the characters Excel forbids in it.
    public init(header: [String], title: String? = nil, sheetName: String = "Sheet1") throws {
        let cleaned = String(sheetName.filter { !"[]:*?/\\".contains($0) }.prefix(31))
        self.sheetName = cleaned.isEmpty ? "Sheet1" : cleaned
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("anlan-xlsx-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        sheetURL = directory.appendingPathComponent("sheet1.xml")
        guard FileManager.default.createFile(atPath: sheetURL.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown)
        }
        handle = try FileHandle(forWritingTo: sheetURL)
        let widths = (1...max(1, header.count)).map { "<col min=\"\($0)\" max=\"\($0)\" width=\"18\" customWidth=\"1\"/>" }.joined()
        let frozen = title == nil ? 1 : 2
        buffer = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="\(frozen)" topLeftCell="A\(frozen + 1)" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>\(widths)</cols><sheetData>
            """
        if let title { try append([title], style: 1) }
        try append(header, style: 1)
    }

    deinit {
        try? handle.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Appends one row.
    public func append(_ cells: [String]) throws {
        try append(cells.map(Cell.text), style: 0)
    }

    /// Appends one row of text and numbers.
    public func append(cells: [Cell]) throws {
        try append(cells, style: 0)
    }

    private func append(_ cells: [String], style: Int) throws {
        try append(cells.map(Cell.text), style: style)
    }

    private func append(_ cells: [Cell], style: Int) throws {
        rowCount += 1
        buffer += "<row r=\"\(rowCount)\">"
        for (index, cell) in cells.enumerated() {
            let reference = Self.column(index) + String(rowCount)
            let styled = style == 0 ? "" : " s=\"\(style)\""
            switch cell {
            case .text(let value):
                buffer +=
                    "<c r=\"\(reference)\" t=\"inlineStr\"\(styled)><is><t xml:space=\"preserve\">\(Self.escape(value))</t></is></c>"
            case .number(let value):
                let text = value.isFinite ? (value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)) : "0"
                buffer += "<c r=\"\(reference)\"\(styled)><v>\(text)</v></c>"
            }
        }
        buffer += "</row>"
        if buffer.utf8.count > 256 * 1024 { try flush() }
    }

    private func flush() throws {
        try handle.write(contentsOf: Data(buffer.utf8))
        buffer = ""
    }

    /// Packs the workbook and moves it to `destination`, which the caller then owns.
    public func finish(to destination: URL) throws {
        try FileManager.default.moveItem(at: try finish(), to: destination)
    }

    /// Packs the workbook and returns the .xlsx file; it lives until this writer is released.
    public func finish() throws -> URL {
        buffer += "</sheetData></worksheet>"
        try flush()
        try handle.close()
        let output = directory.appendingPathComponent("workbook.xlsx")
        let archive = try Archive(url: output, accessMode: .create)
        for (path, text) in Self.parts + [("xl/workbook.xml", Self.workbook(sheetName))] {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
                position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        try archive.addEntry(with: "xl/worksheets/sheet1.xml", fileURL: sheetURL, compressionMethod: .deflate)
        return output
    }

    /// Rows written so far, the header included.
    public var rowsWritten: Int { rowCount }

    /// A, B, … Z, AA, AB …
    static func column(_ index: Int) -> String {
        var n = index + 1
        var name = ""
        while n > 0 {
            let remainder = (n - 1) % 26
            name = String(UnicodeScalar(65 + remainder)!) + name
            n = (n - 1) / 26
        }
        return name
    }

    static func escape(_ text: String) -> String { XMLText.escape(text) }

    static func workbook(_ sheetName: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="\(escape(sheetName))" sheetId="1" r:id="rId1"/></sheets></workbook>
        """
    }

    static let parts: [(String, String)] = [
        (
            "[Content_Types].xml",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
            """
        ),
        (
            "_rels/.rels",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """
        ),
        (
            "xl/_rels/workbook.xml.rels",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
            """
        ),
        (
            "xl/styles.xml",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="宋体"/></font><font><b/><sz val="11"/><name val="宋体"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
            """
        ),
    ]
}
