import AnlanCore
import Foundation
import ZIPFoundation

/// A Word document (.docx) of an enforcement document: the layout `DocumentLayout` describes (the same one the A4
/// page prints), on A4 in 宋体 with 2.5 cm margins.
public struct DOCXDocument: Sendable {
    public var layout: DocumentLayout
    /// Shown in red under the number when set (作废 …).
    public var notice: String?

    public init(layout: DocumentLayout, notice: String? = nil) {
        self.layout = layout
        self.notice = notice
    }

    /// The .docx file's bytes.
    public func data() throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in Self.parts + [("word/document.xml", documentXML())] {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
                position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    /// Paragraph style: alignment, first-line indent in characters, size in half-points, spacing after in twentieths of a point.
    struct Style {
        var align: String? = nil
        var indentChars = 0
        var size = 28
        var bold = false
        var color: String? = nil
        var after = 60
        var topRule = false
    }

    func run(_ text: String, _ style: Style) -> String {
        let props =
            "<w:rPr><w:rFonts w:ascii=\"SimSun\" w:hAnsi=\"SimSun\" w:eastAsia=\"宋体\"/>\(style.bold ? "<w:b/>" : "")\(style.color.map { "<w:color w:val=\"\($0)\"/>" } ?? "")<w:sz w:val=\"\(style.size)\"/><w:szCs w:val=\"\(style.size)\"/></w:rPr>"
        return "<w:r>\(props)<w:t xml:space=\"preserve\">\(XMLText.escape(text))</w:t></w:r>"
    }

    func paragraph(_ text: String, _ style: Style = Style()) -> String {
        var props = style.align.map { "<w:jc w:val=\"\($0)\"/>" } ?? ""
        if style.topRule { props += "<w:pBdr><w:top w:val=\"single\" w:sz=\"4\" w:space=\"4\" w:color=\"000000\"/></w:pBdr>" }
        props += "<w:spacing w:after=\"\(style.after)\" w:line=\"360\" w:lineRule=\"auto\"/>"
        if style.indentChars > 0 { props += "<w:ind w:firstLineChars=\"\(style.indentChars * 100)\"/>" }
        return "<w:p><w:pPr>\(props)</w:pPr>\(text.isEmpty ? "" : run(text, style))</w:p>"
    }

    /// Each line of `text` as a paragraph of `style`.
    func paragraphs(_ text: String, _ style: Style = Style()) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { paragraph(String($0), style) }.joined()
    }

    static let columns = [1900, 2600, 1900, 2600]

    func table(_ rows: [[DocumentCell]]) -> String {
        let border =
            "<w:tblBorders>"
            + ["top", "left", "bottom", "right", "insideH", "insideV"].map {
                "<w:\($0) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
            }.joined() + "</w:tblBorders>"
        var xml =
            "<w:tbl><w:tblPr><w:tblW w:w=\"\(Self.columns.reduce(0, +))\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/>\(border)</w:tblPr><w:tblGrid>"
        xml += Self.columns.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
        for row in rows {
            xml += "<w:tr>"
            var column = 0
            for cell in row {
                let span = max(1, min(cell.span, Self.columns.count - column))
                let width = Self.columns[column..<column + span].reduce(0, +)
                column += span
                var props = "<w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>"
                if span > 1 { props += "<w:gridSpan w:val=\"\(span)\"/>" }
                if cell.isLabel { props += "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F2F2F2\"/><w:vAlign w:val=\"center\"/>" }
                let style = Style(align: cell.isLabel ? "center" : nil, size: 24, bold: cell.isLabel, after: 0)
                let lines = cell.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                let padded = lines + Array(repeating: "", count: max(0, cell.minLines - lines.count))
                xml += "<w:tc><w:tcPr>\(props)</w:tcPr>\(padded.map { paragraph($0, style) }.joined())</w:tc>"
            }
            xml += "</w:tr>"
        }
        return xml + "</w:tbl>"
    }

    func documentXML() -> String {
        var body = paragraph(layout.authority, Style(align: "center", size: 32, bold: true, after: 120))
        body += paragraph(layout.title, Style(align: "center", size: 44, bold: true, after: 120))
        body += paragraph(layout.number, Style(align: "right", size: 24, after: 200))
        if let notice { body += paragraph(notice, Style(align: "center", size: 28, bold: true, color: "C00000", after: 200)) }
        for block in layout.blocks {
            switch block {
            case .addressee(let text): body += paragraph(text, Style(after: 120))
            case .paragraph(let text): body += paragraphs(text, Style(indentChars: 2))
            case .lines(let lines): body += lines.map { paragraph($0) }.joined()
            case .table(let rows): body += table(rows) + paragraph("", Style(after: 0))
            case .signatures(let lines): body += lines.map { paragraph($0, Style(after: 240)) }.joined()
            case .seal(let authority, let date):
                body += paragraph(authority, Style(align: "right", after: 0)) + paragraph(date, Style(align: "right", after: 240))
            case .footnote(let text): body += paragraph(text, Style(size: 21, after: 0, topRule: true))
            }
        }
        // A4 (210 × 297 mm) with 2.5 cm margins.
        body +=
            "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" w:right=\"1417\" w:bottom=\"1440\" w:left=\"1417\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr>"
        return
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\(body)</w:body></w:document>"
    }

    static let parts: [(String, String)] = [
        (
            "[Content_Types].xml",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
            """
        ),
        (
            "_rels/.rels",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
            """
        ),
    ]
}
