import AnlanCore
import Foundation
import Testing

@Suite("Resource import rows")
struct ResourceImportTests {
    static let places: [String: DivisionCode] = [
        "青山镇": try! DivisionCode("330529101000"), "330529101000": try! DivisionCode("330529101000"),
    ]

    @Test("headers are matched by the names bureaus use; categories and states may be written in words; each faulty row is named")
    func rows() throws {
        let header = ["队伍名称", "队伍类型", "乡镇", "队长", "联系电话", "状态", "专业特长", "队员人数", "不认识的列"]
        let rows = [
            ["青山镇民兵应急排", "民兵应急队伍", "青山镇", "刘洋", "13905721201", "待命", "抗洪抢险、森林灭火", "30", "x"],
            ["", "", "", "", "", "", "", "", ""],
            ["蓝天救援队", "志愿者", "青山镇", "许文", "13857209999", "", "", "", ""],
            ["石门镇救援队", "professional", "石门镇", "张三", "13800000000", "", "", "", ""],
            ["消防中队", "fire", "330529101000", "沈建华", "电话未知", "", "", "", ""],
        ]
        let report = try ResourceImport.read(header: header, rows: rows, kind: .team, divisions: Self.places)
        #expect(report.drafts.map(\.name) == ["青山镇民兵应急排"])
        #expect(report.drafts.first?.category == "militia" && report.drafts.first?.state == "available")
        #expect(report.drafts.first?.tags == ["抗洪抢险", "森林灭火"] && report.drafts.first?.capacity == 30)
        #expect(report.errors.map(\.row) == [4, 5, 6])
        #expect(report.errors.map(\.code) == ["resource.category_invalid", "import.division_unknown", "resource.phone_invalid"])
        #expect(report.errors[0].message.hasPrefix("第 4 行："))
        #expect(report.unknownColumns == ["不认识的列"])
    }

    @Test("a sheet without a required column is refused as a whole, naming the column")
    func missingColumn() {
        #expect(throws: AnlanError.invalid("import.column_missing", "表格缺少“联系电话”列（可下载模板对照）。", field: "file")) {
            _ = try ResourceImport.read(header: ["姓名", "专业领域", "乡镇", "联系人"], rows: [], kind: .expert, divisions: Self.places)
        }
        #expect(ResourceImport.template(for: .shelter).prefix(5) == ["名称", "类型", "乡镇（街道）", "联系人", "联系电话"])
    }
}
