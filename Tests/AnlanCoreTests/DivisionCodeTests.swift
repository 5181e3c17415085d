import AnlanCore
import Testing

@Suite("Division codes and jurisdictions")
struct DivisionCodeTests {
    @Test("levels follow from which parts are zero")
    func levels() throws {
        #expect(try DivisionCode("330529000000").level == .county)
        #expect(try DivisionCode("330529101000").level == .township)
        #expect(try DivisionCode("330529101201").level == .village)
    }

    @Test("parents strip the lowest non-zero part")
    func parents() throws {
        #expect(try DivisionCode("330529101201").parent == DivisionCode("330529101000"))
        #expect(try DivisionCode("330529101000").parent == DivisionCode("330529000000"))
        #expect(try DivisionCode("330529000000").parent == nil)
    }

    @Test(
        "malformed codes are refused with a stable code",
        arguments: [
            "", "33052910120", "3305291012011", "33052910120x", "３３０５２９１０１２０１", "330500000000", "330529000201",
        ])
    func malformed(_ text: String) {
        #expect(throws: AnlanError.self) { try DivisionCode(text) }
        do { _ = try DivisionCode(text) } catch let error as AnlanError { #expect(error.code == "division.code_invalid") } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("township kinds by the 乡级 ranges")
    func townshipKinds() throws {
        #expect(try DivisionCode("330529001000").townshipKind == .subdistrict)
        #expect(try DivisionCode("330529199000").townshipKind == .town)
        #expect(try DivisionCode("330529200000").townshipKind == .township)
        #expect(try DivisionCode("330529400000").townshipKind == .other)
        #expect(try DivisionCode("330529000000").townshipKind == nil)
    }

    @Test("a jurisdiction holds its division and everything below, nothing beside")
    func jurisdiction() throws {
        let township = Jurisdiction(try DivisionCode("330529101000"))
        #expect(township.contains(try DivisionCode("330529101000")))
        #expect(township.contains(try DivisionCode("330529101205")))
        #expect(!township.contains(try DivisionCode("330529102200")))
        #expect(!township.contains(try DivisionCode("330529000000")))
        #expect(township.codePrefix == "330529101")
        #expect(Jurisdiction.everything.contains(try DivisionCode("110101000000")))
        #expect(!Jurisdiction.nothing.contains(try DivisionCode("330529000000")))
    }
}
