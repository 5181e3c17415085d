import AnlanCore
import AnlanFormats
import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import Testing
import ZIPFoundation

/// Walks document.xml: each table row's width in grid columns, the paragraphs' texts, the page size.
final class WordReader: NSObject, XMLParserDelegate {
    var rowSpans: [Int] = []
    var texts: [String] = []
    var pageSize: (String, String)?
    var firstLineIndents = 0
    private var text: String?
    private var cellSpan = 1

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        switch name {
        case "w:tr": rowSpans.append(0)
        case "w:tc": cellSpan = 1
        case "w:gridSpan": cellSpan = Int(attributes["w:val"] ?? "1") ?? 1
        case "w:tcPr": break
        case "w:t": text = ""
        case "w:pgSz": pageSize = (attributes["w:w"] ?? "", attributes["w:h"] ?? "")
        case "w:ind" where attributes["w:firstLineChars"] == "200": firstLineIndents += 1
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text? += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "w:t", let t = text {
            texts.append(t)
            text = nil
        }
        if name == "w:tc" { rowSpans[rowSpans.count - 1] += cellSpan }
    }
}

@Suite("DOCX writer")
struct DOCXWriterTests {
    @Test("a layout becomes a Word document: A4, merged cells that fill the grid, indented paragraphs, every text escaped and kept")
    func layout() throws {
        let layout = DocumentLayout(
            authority: "示例县应急管理局", title: "立案审批表", number: "（示）应急立〔2026〕3号",
            blocks: [
                .table([
                    [.label("案件名称"), DocumentCell("A & B <公司> 案", span: 3)],
                    [.label("地址"), DocumentCell("x"), .label("电话"), DocumentCell("1")],
                    [DocumentCell("检查情况：\n第二行", span: 4, minLines: 5)],
                ]),
                .addressee("示例化工有限公司："), .paragraph("经查，你单位存在下列问题：\n1. 配电箱未接地"), .signatures(["执法人员（签名）："]),
                .seal(authority: "示例县应急管理局（印章）", date: "2026年11月18日"), .footnote("本文书一式两份"),
            ])
        let data = try DOCXDocument(layout: layout, notice: "已作废：编号错误").data()
        let archive = try Archive(data: data, accessMode: .read)
        #expect(Set(archive.map(\.path)) == ["[Content_Types].xml", "_rels/.rels", "word/document.xml"])
        var xml = Data()
        _ = try archive.extract(try #require(archive["word/document.xml"])) { xml.append($0) }
        let reader = WordReader()
        let parser = XMLParser(data: xml)
        parser.delegate = reader
        #expect(parser.parse())
        #expect(reader.rowSpans == [4, 4, 4])
        #expect(reader.pageSize?.0 == "11906" && reader.pageSize?.1 == "16838")
        for text in [
            "示例县应急管理局", "立案审批表", "（示）应急立〔2026〕3号", "已作废：编号错误", "A & B <公司> 案", "检查情况：", "第二行", "示例化工有限公司：",
            "1. 配电箱未接地", "执法人员（签名）：", "示例县应急管理局（印章）", "2026年11月18日", "本文书一式两份",
        ] {
            #expect(reader.texts.contains(text), "missing \(text)")
        }
        #expect(reader.firstLineIndents == 2)  // the two lines of the one body paragraph
    }
}
