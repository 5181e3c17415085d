import AnlanCore
import Foundation
import Testing

@testable import AnlanWeb

/// The hand-written bodies (`JSONWritable`) must be byte for byte what `JSONResponse.encoder` writes for the same value.
@Suite struct JSONWriterTests {
    /// Every member set, with text that needs escaping, numbers of each shape and a licence.
    static let full = Enterprise(
        id: UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF")!,
        profile: EnterpriseProfile(
            name: "示例县\"红星\"化工/有限公司\\分厂", creditCode: "91330529MA2B3C4D5E", legalRepresentative: "张三\n李四",
            principal: "王\t五", safetyOfficerName: "赵六\u{01}\u{1F}\u{7F}", safetyOfficerPhone: "0572-1234567", address: "云岭乡 1 号 🚒",
            divisionCode: "330529101000", latitude: 30.5, longitude: 120.0, sectors: ["危险化学品", "机械"], employees: 1_234,
            aboveScale: true, standardizationGrade: .level2, standardizationExpiresOn: "2027-06-30", operatingStatus: .suspended,
            licences: [
                Licence(kind: "安全生产许可证", number: "(浙)WH安许证字[2024]-E-0001", expiresOn: "2027-01-31"),
                Licence(kind: "危险化学品经营许可证", number: "浙湖\\危化经 2025/7", expiresOn: "2026-12-31"),
            ]),
        riskLevel: .major, archivedAt: Date(timeIntervalSince1970: 1_790_000_000.123),
        createdAt: Date(timeIntervalSince1970: 1_700_000_000.5), updatedAt: Date(timeIntervalSince1970: 1_764_489_600.007))

    /// Only what an enterprise must have.
    static let minimal = Enterprise(
        id: UUID(), profile: EnterpriseProfile(name: "甲", divisionCode: "330529000000", sectors: []), riskLevel: nil, archivedAt: nil,
        createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 1))

    func expectSameBytes<T: JSONWritable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var json = JSONWriter()
        value.write(to: &json)
        let written = String(buffer: json.buffer)
        let encoded = String(decoding: try JSONResponse.encoder.encode(value), as: UTF8.self)
        #expect(written == encoded, sourceLocation: sourceLocation)
    }

    @Test func enterpriseWithEveryMember() throws {
        try expectSameBytes(EnterpriseDTO(Self.full, warnings: ["信用代码校验位不符", "坐标在辖区外"]))
    }

    @Test func enterpriseWithOnlyWhatItMustHave() throws {
        try expectSameBytes(EnterpriseDTO(Self.minimal))
        try expectSameBytes(EnterpriseDTO(Self.minimal, warnings: []))
    }

    @Test(arguments: [0.1, -0.5, 1e-7, 123_456_789.125, 1e21, 30.518681, 119.742281, -0.0, 5e-324])
    func coordinates(_ value: Double) throws {
        var e = Self.minimal
        e.profile.latitude = value
        e.profile.longitude = -value
        try expectSameBytes(EnterpriseDTO(e))
    }

    @Test func pageOfEnterprises() throws {
        let page = Page(items: [Self.full, Self.minimal], total: 41, request: try PageRequest(page: 3, pageSize: 2))
        try expectSameBytes(PageDTO(page) { EnterpriseDTO($0) })
        let empty = Page<Enterprise>(items: [], total: 0, request: try PageRequest())
        try expectSameBytes(PageDTO(empty) { EnterpriseDTO($0) })
    }

    @Test func recordKeysAreFoundationsLowercased() {
        for _ in 0..<200 {
            let id = UUID()
            #expect(id.key == id.uuidString.lowercased())
            #expect(UUID(key: id.key) == id)
            #expect(UUID(key: id.uuidString) == id)
        }
        for bad in [
            "", "6f9619ff-8b86-d011-b42d-00c04fc964f", "6f9619ff-8b86-d011-b42d-00c04fc964fg", "6f9619ff08b86-d011-b42d-00c04fc964ff",
            "6f9619ff-8b86-d011-b42d-00c04fc964ff0",
        ] {
            #expect(UUID(key: bad) == nil)
        }
    }
}
