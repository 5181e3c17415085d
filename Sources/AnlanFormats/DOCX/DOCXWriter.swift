import Foundation
import ZIPFoundation

/// A one-page-layout Word document (.docx) for enforcement documents: the issuing authority, the title,
/// the number, a two-column table of labelled fields, and the signature and seal lines, on A4 in 宋体.
public struct DOCXDocument: Sendable {
    public var authority: String
    public var title: String
    public var number: String
    public var fields: [(label: String, value: String)]
    /// Lines under the table: signatures, seal, date.
    public var closing: [String]
    /// Shown in red under the number when set (作废 …).
    public var notice: String?

    public init(authority: String, title: String, number: String, fields: [(label: String, value: String)], closing: [String], notice: String? = nil) {
        self.authority = authority
        self.title = title
        self.number = number
        self.fields = fields
        self.closing = closing
        self.notice = notice
    }

    /// The .docx file's bytes.
    public func data() throws -> Data {
        guard let archive = try? Archive(data: Data(), accessMode: .create) else { throw CocoaError(.fileWriteUnknown) }
        for (path, text) in Self.parts + [("word/document.xml", documentXML())] {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    func run(_ text: String, size: Int = 24, bold: Bool = false, color: String? = nil) -> String {
        let props = "<w:rPr><w:rFonts w:ascii=\"SimSun\" w:hAnsi=\"SimSun\" w:eastAsia=\"宋体\"/>\(bold ? "<w:b/>" : "")\(color.map { "<w:color w:val=\"\($0)\"/>" } ?? "")<w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/></w:rPr>"
        return "<w:r>\(props)<w:t xml:space=\"preserve\">\(XMLText.escape(text))</w:t></w:r>"
    }

    func paragraph(_ text: String, align: String? = nil, size: Int = 24, bold: Bool = false, color: String? = nil, after: Int = 60) -> String {
        "<w:p><w:pPr>\(align.map { "<w:jc w:val=\"\($0)\"/>" } ?? "")<w:spacing w:after=\"\(after)\"/></w:pPr>\(run(text, size: size, bold: bold, color: color))</w:p>"
    }

    func documentXML() -> String {
        var body = paragraph(authority, align: "center", size: 32, bold: true, after: 120)
        body += paragraph(title, align: "center", size: 44, bold: true, after: 120)
        body += paragraph(number, align: "right", size: 24, after: 200)
        if let notice { body += paragraph(notice, align: "center", size: 28, bold: true, color: "C00000", after: 200) }
        let border = "<w:tblBorders>" + ["top", "left", "bottom", "right", "insideH", "insideV"].map { "<w:\($0) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>" }.joined() + "</w:tblBorders>"
        body += "<w:tbl><w:tblPr><w:tblW w:w=\"9000\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/>\(border)</w:tblPr><w:tblGrid><w:gridCol w:w=\"2200\"/><w:gridCol w:w=\"6800\"/></w:tblGrid>"
        for field in fields {
            let lines = field.value.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            body += "<w:tr><w:tc><w:tcPr><w:tcW w:w=\"2200\" w:type=\"dxa\"/></w:tcPr>\(paragraph(field.label, bold: true))</w:tc>"
            body += "<w:tc><w:tcPr><w:tcW w:w=\"6800\" w:type=\"dxa\"/></w:tcPr>\(lines.map { paragraph($0) }.joined())</w:tc></w:tr>"
        }
        body += "</w:tbl>"
        body += paragraph("", after: 200)
        for line in closing { body += paragraph(line, after: 200) }
        // A4 (210 × 297 mm) with 2.5 cm margins.
        body += "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" w:right=\"1417\" w:bottom=\"1440\" w:left=\"1417\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr>"
        return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\(body)</w:body></w:document>"
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
