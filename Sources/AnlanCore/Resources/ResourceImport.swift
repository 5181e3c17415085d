import Foundation

/// Reading a spreadsheet of teams, experts, equipment or shelters: headers are matched by the names bureaus use, each
/// row is parsed by `EmergencyResourceDraft.parse` exactly as a form would be, and every faulty row is reported with its
/// row number. Nothing is stored unless every row is good (the store imports all rows in one transaction).
public enum ResourceImport {
    public static let maximumRows = 5_000

    /// Header texts for each field, compared without spaces; the first is the template's.
    public static func synonyms(for kind: ResourceKind) -> [(field: String, names: [String])] {
        let name = kind == .expert ? ["姓名", "专家姓名", "名称"] : ["名称", "\(kind.label)名称", "队伍名称", "装备名称", "场所名称"]
        var fields: [(String, [String])] = [
            ("name", name), ("category", ["类型", "类别", kind == .expert ? "专业领域" : "队伍类型", "装备类别", "场所类型"]),
            ("township", ["乡镇（街道）", "乡镇(街道)", "乡镇", "所在乡镇", "所在区划", "区划"]),
            ("contact", kind == .expert ? ["联系人", "本人"] : ["联系人", "负责人", "队长", "管理人"]), ("phone", ["联系电话", "电话", "手机"]),
            ("state", ["状态", "当前状态"]), ("address", ["地址", "驻地", "所在地址"]), ("latitude", ["纬度", "lat"]), ("longitude", ["经度", "lng", "lon"]),
            ("tags", [kind.tagsLabel, "特长", "专长", "性能", "设施"]), ("note", ["备注"]),
        ]
        switch kind {
        case .team: fields += [("organisation", ["所属单位", "主管单位"]), ("capacity", ["队员人数", "人数"])]
        case .expert: fields += [("title", ["职称", "职务", "职称（职务）"]), ("organisation", ["工作单位", "所属单位", "单位"])]
        case .equipment:
            fields += [("organisation", ["所属单位", "产权单位"]), ("capacity", ["数量", "数量（台/套）", "台套数"]), ("team", ["配属队伍", "所属队伍"])]
        case .shelter:
            fields += [
                ("capacity", ["容纳人数", "可容纳人数"]), ("areaSquareMetres", ["面积", "面积（平方米）", "占地面积"]),
                ("boundary", ["场所范围", "边界", "范围"]),
            ]
        }
        return fields
    }

    /// How a name is compared (a header, a township's or a team's name as people type it): without spaces, lower case.
    public static func key(_ text: String) -> String { text.filter { !$0.isWhitespace }.lowercased() }

    /// The template's header row.
    public static func template(for kind: ResourceKind) -> [String] { synonyms(for: kind).map { $0.names[0] } }

    /// One row's fault.
    public struct RowError: Sendable, Equatable {
        public let row: Int
        public let code: String
        public let message: String
    }

    public struct Report: Sendable {
        public let kind: ResourceKind
        public let drafts: [EmergencyResourceDraft]
        public let errors: [RowError]
        public let unknownColumns: [String]
    }

    /// Reads the rows. `divisions` maps a division's name or code (as people write it) to its code, within the caller's
    /// jurisdiction; a row whose place is not in it is reported. `existing` holds the name and division code of the
    /// resources of this kind already listed: a row naming one of them again, or naming the same as an earlier row, is
    /// reported (`import.duplicate`), so that importing a list twice does not list everything twice. `teams` maps a
    /// listed team's name to its ID, for equipment's 配属队伍 column (`import.team_unknown` when it names none).
    public static func read(
        header: [String], rows: [[String]], kind: ResourceKind, divisions: [String: DivisionCode],
        existing: [(name: String, divisionCode: String)] = [], teams: [String: UUID] = [:]
    ) throws -> Report {
        var seen = Dictionary(existing.map { ("\($0.name)|\($0.divisionCode)", 0) }, uniquingKeysWith: { first, _ in first })
        var columns: [String: Int] = [:]
        var unknown: [String] = []
        let known = synonyms(for: kind)
        for (index, text) in header.enumerated() {
            if let field = known.first(where: { $0.names.map(key).contains(key(text)) })?.field, columns[field] == nil {
                columns[field] = index
            } else if !key(text).isEmpty {
                unknown.append(text)
            }
        }
        for required in ["name", "category", "township", "contact", "phone"] where columns[required] == nil {
            let label = known.first { $0.field == required }?.names[0] ?? required
            throw AnlanError.invalid("import.column_missing", "表格缺少“\(label)”列（可下载模板对照）。", field: "file")
        }
        guard rows.count <= maximumRows else {
            throw AnlanError.invalid("import.too_many_rows", "一次最多导入 \(maximumRows) 行。", field: "file")
        }
        var drafts: [EmergencyResourceDraft] = []
        var errors: [RowError] = []
        for (index, row) in rows.enumerated() {
            let number = index + 2  // the header is row 1
            func cell(_ field: String) -> String? {
                guard let c = columns[field], row.indices.contains(c) else { return nil }
                let text = row[c].trimmingCharacters(in: .whitespacesAndNewlines)
                return text.isEmpty ? nil : text
            }
            if row.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            var fields: [String: String] = ["kind": kind.rawValue]
            for (field, _) in known where field != "township" && field != "team" { fields[field] = cell(field) }
            // Categories and states may be written as the words people use.
            if let c = fields["category"], let code = kind.categories.first(where: { $0.label == c || $0.code == c })?.code {
                fields["category"] = code
            }
            if let s = fields["state"], let code = kind.states.first(where: { $0.label == s || $0.code == s })?.code {
                fields["state"] = code
            }
            do {
                guard let place = cell("township"), let code = divisions[key(place)] ?? divisions[place] else {
                    throw AnlanError.invalid("import.division_unknown", "乡镇（街道）“\(cell("township") ?? "")”不在您的辖区内或不存在。", field: "township")
                }
                fields["divisionCode"] = code.rawValue
                if let team = cell("team") {
                    guard let id = teams[key(team)] else {
                        throw AnlanError.invalid("import.team_unknown", "配属队伍“\(team)”不在救援队伍名录中（请先登记或导入队伍）。", field: "team")
                    }
                    fields["teamId"] = id.key
                }
                let draft = try EmergencyResourceDraft.parse(TextInput(fields))
                let key = "\(draft.name)|\(draft.divisionCode.rawValue)"
                if let earlier = seen[key] {
                    throw AnlanError.invalid(
                        "import.duplicate",
                        earlier == 0
                            ? "“\(draft.name)”已在名录中（同一乡镇），请在其页面修改，不要重复导入。" : "“\(draft.name)”与第 \(earlier) 行重复。",
                        field: "name")
                }
                seen[key] = number
                drafts.append(draft)
            } catch let error as AnlanError {
                errors.append(RowError(row: number, code: error.code, message: "第 \(number) 行：\(error.message)"))
            }
        }
        return Report(kind: kind, drafts: drafts, errors: errors, unknownColumns: unknown)
    }
}
