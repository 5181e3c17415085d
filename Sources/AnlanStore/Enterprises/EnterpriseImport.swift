import AnlanCore
import Crypto
import Foundation
import SQLKit

/// A column of an enterprise list that the importer understands.
public enum ImportField: String, Sendable, CaseIterable, Codable {
    case name, creditCode, legalRepresentative, principal, safetyOfficerName, safetyOfficerPhone, address, village, township
    case latitude, longitude, sectors, employees, riskLevel, operatingStatus

    /// Header texts seen in bureau spreadsheets for this field, compared without spaces.
    var synonyms: [String] {
        switch self {
        case .name: ["企业名称", "单位名称", "名称", "企业(单位)名称", "生产经营单位名称"]
        case .creditCode: ["统一社会信用代码", "社会信用代码", "信用代码", "统一代码"]
        case .legalRepresentative: ["法定代表人", "法人代表", "法人"]
        case .principal: ["主要负责人", "负责人"]
        case .safetyOfficerName: ["安全管理员", "安全管理人员", "联系人", "安全负责人"]
        case .safetyOfficerPhone: ["联系电话", "电话", "手机", "安全管理员电话", "联系方式"]
        case .address: ["地址", "详细地址", "经营地址", "生产经营地址", "注册地址"]
        case .village: ["所在村", "村", "村(社区)", "村（社区）", "所在村(社区)", "所在村（社区）", "村级区划代码", "区划代码"]
        case .township: ["乡镇", "乡镇(街道)", "乡镇（街道）", "所属乡镇", "街道"]
        case .latitude: ["纬度", "lat", "latitude"]
        case .longitude: ["经度", "lng", "lon", "longitude"]
        case .sectors: ["行业", "行业领域", "所属行业", "行业类别"]
        case .employees: ["从业人数", "职工人数", "员工人数", "从业人员"]
        case .riskLevel: ["风险等级", "安全风险等级", "风险分级"]
        case .operatingStatus: ["经营状态", "生产状态", "状态"]
        }
    }

    /// Columns without which no row can be imported.
    public static let required: [ImportField] = [.name, .village, .sectors]

    public var isRequired: Bool { Self.required.contains(self) }

    /// The field's name in Chinese, as headers usually have it.
    public var label: String { synonyms[0] }
}

/// Which column of a file holds which field, and whether it was remembered from an earlier import of a
/// file with the same header.
public struct ImportMapping: Sendable {
    public let columns: [ImportField: Int]
    public let remembered: Bool

    /// Checks a mapping chosen by hand against the header: known fields, existing columns, one field per column.
    public static func validated(_ raw: [String: Int], header: [String]) throws -> [ImportField: Int] {
        var columns: [ImportField: Int] = [:]
        for (name, index) in raw {
            guard let field = ImportField(rawValue: name) else {
                throw AnlanError.invalid("import.mapping_invalid", "列对应关系中有未知字段：\(name)。", field: "mapping")
            }
            guard header.indices.contains(index) else {
                throw AnlanError.invalid("import.mapping_invalid", "字段“\(field.label)”对应的第 \(index + 1) 列不存在。", field: "mapping")
            }
            columns[field] = index
        }
        guard Set(columns.values).count == columns.count else {
            throw AnlanError.invalid("import.mapping_invalid", "同一列不能对应两个字段。", field: "mapping")
        }
        return columns
    }
}

/// What an import would do, row by row, before anything is written.
public struct ImportPlan: Sendable {
    public enum Action: String, Sendable, Codable { case create, update, invalid }

    public struct Row: Sendable {
        /// The line in the file (the header is line 1).
        public let line: Int
        public let name: String
        public let action: Action
        public let problems: [String]
        /// The validated profile, for rows that can be imported.
        public let profile: EnterpriseProfile?
        public let riskLevel: RiskLevel?
    }

    public let encoding: String?
    public let header: [String]
    public let mapping: [ImportField: Int]
    public let rows: [Row]

    public func count(_ action: Action) -> Int { rows.filter { $0.action == action }.count }
}

extension EnterpriseRepository {
    /// Maps header columns to fields by their usual Chinese names.
    public static func automaticMapping(_ header: [String]) -> [ImportField: Int] {
        func key(_ text: String) -> String { text.filter { !$0.isWhitespace }.lowercased() }
        var mapping: [ImportField: Int] = [:]
        for field in ImportField.allCases {
            let synonyms = Set(field.synonyms.map(key))
            if let index = header.firstIndex(where: { synonyms.contains(key($0)) }), !mapping.values.contains(index) {
                mapping[field] = index
            }
        }
        return mapping
    }

    /// A header's fingerprint: the same columns in the same order give the same signature.
    static func signature(_ header: [String]) -> String {
        let normalized = header.map { $0.filter { !$0.isWhitespace }.lowercased() }.joined(separator: "\u{1F}")
        return SHA256.hash(data: Data(normalized.utf8)).hexString
    }

    /// The mapping to offer for a header: the one last used for a file with the same header, else the automatic one.
    public func suggestedMapping(_ header: [String]) async throws -> ImportMapping {
        if let text = try await database.reader.select().column("mapping").from("import_mappings")
            .where("signature", .equal, SQLBind(Self.signature(header))).first(decodingColumn: "mapping", as: String.self),
            let raw = try? JSONDecoder().decode([String: Int].self, from: Data(text.utf8)),
            let columns = try? ImportMapping.validated(raw, header: header)
        {
            return ImportMapping(columns: columns, remembered: true)
        }
        return ImportMapping(columns: Self.automaticMapping(header), remembered: false)
    }

    /// Stores the mapping an import used, for the next file with this header.
    func rememberMapping(_ mapping: [ImportField: Int], header: [String], on tx: Transaction) async throws {
        let signature = Self.signature(header)
        let raw = Dictionary(uniqueKeysWithValues: mapping.map { ($0.key.rawValue, $0.value) })
        try await tx.sql.delete(from: "import_mappings").where("signature", .equal, SQLBind(signature)).run()
        try await tx.sql.insert(into: "import_mappings").columns("signature", "header", "mapping", "updated_by", "updated_at")
            .values(
                SQLBind(signature), SQLBind(auditJSON(header)), SQLBind(auditJSON(raw)), SQLBind(tx.caller.username),
                SQLBind(Timestamp.string(tx.now))
            )
            .run()
    }

    /// Checks every row of a table as an import would, writing nothing. Rows with problems are `.invalid`
    /// and say what is wrong; good rows say whether they would create a file or update one (same credit code).
    /// - Parameters: header and rows as read from the file (AnlanFormats' `Table`), and its encoding to report.
    public func planImport(
        header: [String], rows tableRows: [[String]], encoding: String?, mapping: [ImportField: Int]? = nil, by caller: Caller
    ) async throws -> ImportPlan {
        try caller.require(.editEnterprises)
        let chosen = mapping
        let mapping: [ImportField: Int]
        if let chosen { mapping = chosen } else { mapping = try await suggestedMapping(header).columns }
        let missing = ImportField.required.filter { mapping[$0] == nil }
        guard missing.isEmpty else {
            throw AnlanError(
                .unprocessable, code: "import.columns_missing",
                message: "文件缺少必需的列：\(missing.map(Self.label).joined(separator: "、"))。请检查表头或指定列对应关系。",
                details: ["missing": missing.map(\.rawValue).joined(separator: ",")])
        }
        // Where names can point: villages and townships of the caller's jurisdiction.
        let places = try await divisions.names(within: caller.jurisdiction)
        let villagesByName = Dictionary(grouping: places.filter { $0.code.level == .village }, by: \.name).mapValues { $0.map(\.code) }
        let townshipsByName = Dictionary(uniqueKeysWithValues: places.filter { $0.code.level == .township }.map { ($0.name, $0.code) })
        let knownCodes = Set(places.map(\.code))
        let county = try await countyBoundary(for: caller)
        let existing = try await activeCreditCodes()
        let knownSectors = try await self.sectors()

        var seenCodes: [String: Int] = [:]
        var seenNames: [String: Int] = [:]
        var rows: [ImportPlan.Row] = []
        for (index, cells) in tableRows.enumerated() {
            let line = index + 2
            var problems: [String] = []
            func cell(_ field: ImportField) -> String? {
                guard let column = mapping[field], column < cells.count else { return nil }
                var value = cells[column].trimmingCharacters(in: .whitespacesAndNewlines)
                if value.count > Self.maximumCellLength {
                    problems.append("“\(Self.label(field))”超过 \(Self.maximumCellLength) 个字符。")
                    value = String(value.prefix(Self.maximumCellLength))
                }
                return value.isEmpty ? nil : value
            }
            let name = cell(.name) ?? ""
            let village = resolveVillage(
                cell(.village), township: cell(.township), villagesByName: villagesByName, townshipsByName: townshipsByName,
                known: knownCodes,
                problems: &problems)
            func number(_ field: ImportField) -> Double? {
                guard let text = cell(field) else { return nil }
                guard let value = Double(text), value.isFinite else {
                    problems.append("“\(Self.label(field))”不是数字：\(text)。")
                    return nil
                }
                return value
            }
            let latitude = number(.latitude), longitude = number(.longitude)
            var employees: Int? = nil
            if let value = number(.employees) {
                if value.rounded() == value, abs(value) < 10_000_000 { employees = Int(value) } else { problems.append("“从业人数”须为整数。") }
            }
            let sectors = (cell(.sectors) ?? "").split(whereSeparator: { "、,，;；/ ".contains($0) }).map(String.init)
            let risk = cell(.riskLevel).flatMap { text -> RiskLevel? in
                guard let level = Self.riskLevel(text) else {
                    problems.append("无法识别的风险等级：\(text)（应为红、橙、黄、蓝）。")
                    return nil
                }
                return level
            }
            let status =
                cell(.operatingStatus).map { text -> OperatingStatus in
                    switch text {
                    case "停产", "停业", "停产整顿", "suspended": return .suspended
                    case "关闭", "注销", "关停", "closed": return .closed
                    default: return .operating
                    }
                } ?? .operating
            let draft = EnterpriseProfile(
                name: name, creditCode: cell(.creditCode), legalRepresentative: cell(.legalRepresentative), principal: cell(.principal),
                safetyOfficerName: cell(.safetyOfficerName), safetyOfficerPhone: cell(.safetyOfficerPhone), address: cell(.address),
                divisionCode: village?.rawValue ?? "", latitude: latitude, longitude: longitude, sectors: sectors, employees: employees,
                operatingStatus: status)
            var profile: EnterpriseProfile? = nil
            if village != nil {
                do {
                    profile = try draft.validated(sectors: knownSectors).profile
                } catch let error as AnlanError {
                    problems.append(error.message)
                }
            } else if name.isEmpty {
                problems.append("缺少企业名称。")
            }
            if let p = profile, let lat = p.latitude, let lon = p.longitude, let county,
                !county.contains(GeoPoint(latitude: lat, longitude: lon))
            {
                problems.append("坐标（\(lat), \(lon)）不在本县范围内。")
            }
            if let code = profile?.creditCode {
                if let earlier = seenCodes[code] { problems.append("信用代码与第 \(earlier) 行重复。") } else { seenCodes[code] = line }
            } else if let p = profile {
                let key = p.name + "|" + p.divisionCode
                if let earlier = seenNames[key] { problems.append("与第 \(earlier) 行同名同村，疑似重复。") } else { seenNames[key] = line }
            }
            let action: ImportPlan.Action =
                !problems.isEmpty || profile == nil
                ? .invalid : (profile?.creditCode.map { existing.contains($0) } ?? false) ? .update : .create
            rows.append(
                ImportPlan.Row(
                    line: line, name: name, action: action, problems: problems, profile: action == .invalid ? nil : profile, riskLevel: risk
                ))
        }
        return ImportPlan(encoding: encoding, header: header, mapping: mapping, rows: rows)
    }

    private func resolveVillage(
        _ text: String?, township: String?, villagesByName: [String: [DivisionCode]], townshipsByName: [String: DivisionCode],
        known: Set<DivisionCode>, problems: inout [String]
    ) -> DivisionCode? {
        guard let text else {
            problems.append("缺少所在村（社区）。")
            return nil
        }
        if text.count == 12, text.allSatisfy(\.isNumber) {
            guard let code = try? DivisionCode(text), code.level == .village, known.contains(code) else {
                problems.append("区划代码 \(text) 不是本辖区的村（社区）。")
                return nil
            }
            return code
        }
        var candidates = villagesByName[text] ?? []
        if candidates.count > 1, let township, let townshipCode = townshipsByName[township] {
            candidates = candidates.filter { townshipCode.contains($0) }
        }
        if let township, townshipsByName[township] == nil {
            problems.append("未知的乡镇：\(township)。")
            return nil
        }
        if let township, let townshipCode = townshipsByName[township], candidates.count == 1, !townshipCode.contains(candidates[0]) {
            problems.append("村“\(text)”不属于\(township)。")
            return nil
        }
        switch candidates.count {
        case 1: return candidates[0]
        case 0:
            problems.append("未知的村（社区）：\(text)。")
            return nil
        default:
            problems.append("村名“\(text)”在多个乡镇都有，请填写乡镇或 12 位区划代码。")
            return nil
        }
    }

    /// Credit codes of every active enterprise (codes are unique across the county, not per jurisdiction).
    private func activeCreditCodes() async throws -> Set<String> {
        let rows = try await database.reader.select().column("credit_code").from("enterprises")
            .where("archived_at", .is, SQLLiteral.null).where("credit_code", .isNot, SQLLiteral.null).all()
        return Set(try rows.map { try $0.decode(column: "credit_code", as: String.self) })
    }

    static func riskLevel(_ text: String) -> RiskLevel? {
        switch text {
        case "红", "红色", "重大", "重大风险", "major": .major
        case "橙", "橙色", "较大", "较大风险", "high": .high
        case "黄", "黄色", "一般", "一般风险", "moderate": .moderate
        case "蓝", "蓝色", "低", "低风险", "low": .low
        default: nil
        }
    }

    static func label(_ field: ImportField) -> String { field.label }

    /// A cell longer than this is reported (the file readers allow the same).
    static let maximumCellLength = 2_000
}
