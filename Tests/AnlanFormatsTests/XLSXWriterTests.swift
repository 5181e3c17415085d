@testable import AnlanFormats
import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import Testing
import ZIPFoundation

@Suite("XLSX writer")
struct XLSXWriterTests {
    @Test("the workbook holds the parts a spreadsheet needs, every row, escaped text, and inline strings")
    func workbook() throws {
        let writer = try XLSXWriter(header: ["企业名称", "统一社会信用代码"])
        for i in 0..<3000 { try writer.append(["企业\(i) <&>", "91330106MA2H3K5P39"]) }
        try writer.append(["bad\u{1}control", "0012"])
        let url = try writer.finish()
        let archive = try Archive(url: url, accessMode: .read)
        let names = Set(archive.map(\.path))
        #expect(
            names == [
                "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                "xl/worksheets/sheet1.xml",
            ])
        var sheet = Data()
        _ = try archive.extract(try #require(archive["xl/worksheets/sheet1.xml"])) { sheet.append($0) }
        let xml = String(decoding: sheet, as: UTF8.self)
        #expect(xml.components(separatedBy: "<row ").count - 1 == 3002)
        #expect(xml.contains("企业2999 &lt;&amp;&gt;"))
        #expect(xml.contains("<t xml:space=\"preserve\">0012</t>"))  // a code stays text, leading zeros kept
        #expect(xml.contains("badcontrol"))
        #expect(xml.contains("r=\"B3002\""))
        // The sheet parses as XML.
        let parser = XMLParser(data: sheet)
        #expect(parser.parse())
        #expect(writer.rowsWritten == 3002)
    }

    @Test("column letters", arguments: [(0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA")])
    func columns(_ index: Int, _ name: String) {
        #expect(XLSXWriter.column(index) == name)
    }
}
