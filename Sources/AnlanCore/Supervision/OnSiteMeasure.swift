import Foundation

/// 现场处理措施: what inspectors may order on the spot, each with the clause that empowers it — 《中华人民共和国安全生产法》
/// (2021) 第六十五条第一款: (二) correct on the spot; (三) remove a hazard at once, and for a major hazard that cannot be
/// made safe, withdraw workers, suspend production, stop using the facilities; (四) seize or detain equipment and
/// dangerous goods, seal a workplace. Coded, so the annual report can count 暂时停产停业 and 查封扣押.
public enum OnSiteMeasure: String, Sendable, Codable, CaseIterable {
    case correctNow, removeNow, evacuate, suspend, stopUse, seize, sealSite

    public var title: String {
        switch self {
        case .correctNow: "当场予以纠正"
        case .removeNow: "责令立即排除事故隐患"
        case .evacuate: "责令从危险区域内撤出作业人员"
        case .suspend: "责令暂时停产停业"
        case .stopUse: "责令暂时停止使用相关设施、设备"
        case .seize: "查封、扣押不符合标准的设施、设备、器材或违法的危险物品"
        case .sealSite: "查封违法生产、储存、使用、经营危险物品的作业场所"
        }
    }

    public var basis: String {
        let law = "《中华人民共和国安全生产法》第六十五条第一款"
        switch self {
        case .correctNow: return law + "第（二）项"
        case .removeNow, .evacuate, .suspend, .stopUse: return law + "第（三）项"
        case .seize, .sealSite: return law + "第（四）项"
        }
    }

    /// Counted as 查封扣押 in the annual report.
    public var isSeizure: Bool { self == .seize || self == .sealSite }
}

/// One item seized or detained (查封扣押物品清单): the seed bureau reports 烟花爆竹 seizures by item and quantity.
public struct SeizedItem: Sendable, Hashable, Codable {
    public var name: String
    public var specification: String
    public var quantity: Double
    public var unit: String

    public init(name: String, specification: String, quantity: Double, unit: String) {
        self.name = name
        self.specification = specification
        self.quantity = quantity
        self.unit = unit
    }

    /// "礼花弹|5号|20|箱" → an item; the line's number (1-based) names a bad one.
    public static func parse(line: String, index: Int) throws -> SeizedItem {
        let parts = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        func bad() -> AnlanError {
            AnlanError.invalid(
                "document.seized_item_invalid", "查封扣押物品第 \(index) 行须写作“名称|规格|数量|单位”，数量为正数（如：礼花弹|5号|20|箱）。", field: "seizedItems")
        }
        guard parts.count == 4, (1...50).contains(parts[0].count), parts[1].count <= 50, (1...10).contains(parts[3].count),
            let quantity = Double(parts[2]), quantity > 0, quantity < 1e9
        else { throw bad() }
        return SeizedItem(name: parts[0], specification: parts[1], quantity: quantity, unit: parts[3])
    }

    /// "礼花弹（5号）20箱".
    public var text: String {
        let q = quantity == quantity.rounded() ? String(Int(quantity)) : String(quantity)
        return name + (specification.isEmpty ? "" : "（\(specification)）") + q + unit
    }
}
