import AnlanFormats
import Testing

@Suite("CSV writer")
struct CSVWriterTests {
    @Test("quotes what RFC 4180 needs quoted, and ends rows with CRLF")
    func quoting() {
        #expect(CSVWriter.row(["a", "b c", "示例县"]) == "a,b c,示例县\r\n")
        #expect(CSVWriter.row(["x,y", "say \"hi\"", "two\nlines"]) == "\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n")
        #expect(CSVWriter.row([""]) == "\r\n")
    }

    @Test(
        "cells a spreadsheet would run as formulas are defused",
        arguments: ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "=HYPERLINK(\"http://x\")"])
    func formulas(_ cell: String) {
        let written = CSVWriter.row([cell])
        #expect(written.hasPrefix("'") || written.hasPrefix("\"'"))
    }
}
