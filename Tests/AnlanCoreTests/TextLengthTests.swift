import AnlanCore
import Testing

/// Length rules count what the API document counts (code points), found by the long fuzz run: a removal reason "😍🏻"
/// (two code points, one character) met the schema's minLength 2 and was refused as too short.
@Suite("Text lengths are counted in code points, as the API document counts them")
struct TextLengthTests {
    @Test("a face with its skin tone is two code points, one character")
    func codePoints() {
        #expect("😍🏻".codePoints == 2 && "😍🏻".count == 1)
        #expect("青山镇".codePoints == 3)
    }

    @Test("a checklist named with two code points passes the 2–100 rule; one code point does not")
    func checklistName() throws {
        let item = ChecklistItem(code: "A1", text: "检查内容", basis: "依据条款", isMajor: false)
        let two = Checklist(key: "my-list", version: 0, name: "😍🏻", sectors: [], items: [item])
        #expect(try two.validated().name == "😍🏻")
        let one = Checklist(key: "my-list", version: 0, name: "😍", sectors: [], items: [item])
        #expect(throws: AnlanError.self) { try one.validated() }
    }
}
