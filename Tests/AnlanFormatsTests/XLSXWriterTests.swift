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

    @Test("a statistical table: a title row above the frozen header, numbers as numbers, and the sheet's name")
    func numbersAndTitle() throws {
        let writer = try XLSXWriter(header: ["乡镇", "受灾人口"], title: "ZH2026-001 灾情统计表", sheetName: "灾情统计:[1]")
        try writer.append(cells: [.text("青山镇"), .number(320)])
        try writer.append(cells: [.text("合计"), .number(46.5)])
        let archive = try Archive(url: try writer.finish(), accessMode: .read)
        func part(_ path: String) throws -> String {
            var data = Data()
            _ = try archive.extract(try #require(archive[path])) { data.append($0) }
            return String(decoding: data, as: UTF8.self)
        }
        let xml = try part("xl/worksheets/sheet1.xml")
        #expect(xml.contains("ySplit=\"2\" topLeftCell=\"A3\""))
        #expect(xml.contains("<c r=\"A1\" t=\"inlineStr\" s=\"1\"><is><t xml:space=\"preserve\">ZH2026-001 灾情统计表</t>"))
        #expect(xml.contains("<c r=\"B3\"><v>320</v></c>") && xml.contains("<c r=\"B4\"><v>46.5</v></c>"))
        #expect(try part("xl/workbook.xml").contains("<sheet name=\"灾情统计1\""))
        #expect(XMLParser(data: Data(xml.utf8)).parse())
    }

    @Test("column letters", arguments: [(0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA")])
    func columns(_ index: Int, _ name: String) {
        #expect(XLSXWriter.column(index) == name)
    }
}
