@testable import AnlanFormats
import Foundation
import Testing
import ZIPFoundation

@Suite("Reading CSV and XLSX")
struct TableReaderTests {
    @Test("CSV in UTF-8 with a BOM, quotes, doubled quotes, commas and line breaks inside quotes, CRLF")
    func csvUTF8() throws {
        let text = "\u{FEFF}企业名称,地址\r\n\"青山化工,有限公司\",\"说\"\"是\"\"\n第二行\"\r\n梅溪竹木,示例县\r\n\r\n,\r\n"
        let table = try Table.read(Data(text.utf8))
        #expect(table.encoding == "UTF-8")
        #expect(table.header == ["企业名称", "地址"])
        #expect(table.rows == [["青山化工,有限公司", "说\"是\"\n第二行"], ["梅溪竹木", "示例县"]])
    }

    @Test("CSV in GB18030 (GBK) is recognised and decoded")
    func csvGB18030() throws {
        // "企业名称,地址\n青山化工,示例县\n" in GB18030.
        let bytes: [UInt8] = [
            0xC6, 0xF3, 0xD2, 0xB5, 0xC3, 0xFB, 0xB3, 0xC6, 0x2C, 0xB5, 0xD8, 0xD6, 0xB7, 0x0A, 0xC7, 0xE0, 0xC9, 0xBD, 0xBB, 0xAF, 0xB9,
            0xA4,
            0x2C, 0xCA, 0xBE, 0xC0, 0xFD, 0xCF, 0xD8, 0x0A,
        ]
        let table = try Table.read(Data(bytes))
        #expect(table.encoding == "GB18030")
        #expect(table.header == ["企业名称", "地址"])
        #expect(table.rows == [["青山化工", "示例县"]])
    }

    @Test(
        "broken files are refused saying why",
        arguments: [
            ("企业名称\n\"未闭合,\n", TableError.unterminatedQuote(line: 2)),
            ("", TableError.empty),
            ("\n\n , \n", TableError.empty),
        ])
    func broken(_ text: String, _ expected: TableError) {
        #expect(throws: expected) { try Table.read(Data(text.utf8)) }
    }

    @Test("a ZIP that is not a workbook, and bytes that are no text, are refused")
    func notWorkbooks() throws {
        #expect(throws: TableError.self) { try Table.read(Data([0x50, 0x4B, 0x03, 0x04, 0, 0, 0])) }
        #expect(throws: TableError.unknownEncoding) { try Table.read(Data([0xFF, 0xFE, 0xFD, 0x81, 0x30])) }
    }

    @Test("XLSX written by our own writer reads back the same")
    func roundTrip() throws {
        let writer = try XLSXWriter(header: ["企业名称", "信用代码"])
        try writer.append(["青山化工 <有限>", "0012"])
        try writer.append(["", "末行"])
        let table = try Table.read(try Data(contentsOf: try writer.finish()))
        #expect(table.header == ["企业名称", "信用代码"])
        #expect(table.rows == [["青山化工 <有限>", "0012"], ["", "末行"]])
    }

    @Test("XLSX as Excel writes it: shared strings, rich text, gaps between cells, numbers, booleans and formula results")
    func excelStyle() throws {
        let sheet = """
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>
            <row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>42</v></c><c r="C2"><f>B2*2</f><v>84</v></c><c r="D2" t="b"><v>1</v></c></row>
            </sheetData></worksheet>
            """
        let shared = """
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>名称</t></si><si><t>数量</t></si><si><r><t>青山</t></r><r><t>化工</t></r></si></sst>
            """
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("anlan-excel-\(UUID().uuidString).xlsx")
        let archive = try Archive(url: url, accessMode: .create)
        var parts = XLSXWriter.parts
        parts.append(("xl/workbook.xml", XLSXWriter.workbook("Sheet1")))
        parts.append(("xl/worksheets/sheet1.xml", sheet))
        parts.append(("xl/sharedStrings.xml", shared))
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
                position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let table = try Table.read(try Data(contentsOf: url))
        try? FileManager.default.removeItem(at: url)
        #expect(table.header == ["名称", "", "数量"])
        #expect(table.rows == [["青山化工", "42", "84", "TRUE"]])
    }

    @Test("column references", arguments: [("A1", 0), ("Z9", 25), ("AA10", 26), ("AB3", 27), ("BA1", 52)])
    func columns(_ reference: String, _ index: Int) {
        #expect(XLSXReader.columnIndex(reference) == index)
    }
}
