import AnlanCore
import Foundation

/// About 600 enterprises for the demo county: a realistic mix of sectors and risk levels, valid credit
/// codes, coordinates in their villages, and licences expiring around the demo date. Deterministic from the seed.
public enum DemoEnterprises {
    public static let count = 600
    /// The day the demo's licence expiries are counted from (not today, so the data repeat exactly).
    static let baseDay = "2026-11-01"

    static func day(offset: Int) -> String { Timestamp.day(baseDay, adding: offset)! }

    /// Sector, weight, and how risky enterprises of the sector tend to be (0 low … 3 high).
    static let sectors: [(String, Int, Int)] = [
        ("机械", 18, 0), ("轻工", 15, 0), ("建材", 10, 1), ("纺织", 8, 0), ("人员密集场所", 10, 1), ("危险化学品", 6, 3),
        ("建筑施工", 6, 2), ("道路运输", 6, 2), ("冶金", 3, 2), ("有色", 2, 2), ("消防重点单位", 5, 1), ("特种设备使用单位", 5, 1),
        ("非煤矿山", 2, 3), ("烟花爆竹", 1, 3), ("烟草", 1, 0), ("油气长输管道", 1, 3),
    ]
    static let words: [String: [String]] = [
        "机械": ["机械", "精工", "五金", "机电", "阀门", "轴承"], "轻工": ["竹木", "家具", "食品", "包装", "纸业", "茶业"],
        "建材": ["建材", "水泥制品", "石材", "新型墙材"], "纺织": ["纺织", "丝绸", "服饰", "家纺"],
        "人员密集场所": ["商贸城", "大酒店", "影城", "超市"], "危险化学品": ["化工", "精细化工", "化学品经营", "燃气"],
        "建筑施工": ["建设工程", "建筑"], "道路运输": ["运输", "物流"], "冶金": ["铸造", "钢构"], "有色": ["铝业", "铜业"],
        "消防重点单位": ["学校", "医院", "养老院"], "特种设备使用单位": ["冷链", "锅炉供热"], "非煤矿山": ["矿业", "石料"],
        "烟花爆竹": ["烟花爆竹经营"], "烟草": ["烟草配送"], "油气长输管道": ["天然气管道"],
    ]
    static let surnames = Array("王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾")
    static let givenNames = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅志文斌")

    /// The profiles with their risk levels, in a fixed order.
    public static func profiles(seed: UInt64, villages: [Division]) -> [(EnterpriseProfile, RiskLevel)] {
        var random = SeededGenerator(seed: seed &+ 0x454E_5450)
        let totalWeight = sectors.reduce(0) { $0 + $1.1 }
        var usedNames = Set<String>()
        var usedCodes = Set<String>()
        var result: [(EnterpriseProfile, RiskLevel)] = []
        let townships = Dictionary(uniqueKeysWithValues: DemoCounty.townships.map { ("330529" + $0.suffix + "000", $0.name) })
        for index in 0..<count {
            var pick = random.int(in: 0...(totalWeight - 1))
            var sector = sectors[0]
            for candidate in sectors {
                if pick < candidate.1 { sector = candidate; break }
                pick -= candidate.1
            }
            let village = villages[random.int(in: 0...(villages.count - 1))]
            let townshipName = townships[village.parentCode?.rawValue ?? ""] ?? "示例"
            let place = String(townshipName.dropLast())
            let word = words[sector.0]![random.int(in: 0...(words[sector.0]!.count - 1))]
            var name = "示例县\(place)\(word)有限公司"
            var n = 2
            while !usedNames.insert(name).inserted {
                name = "示例县\(place)\(word)\(["一", "二", "三", "四", "五", "六", "七", "八", "九"][(n - 2) % 9])厂有限公司"
                if n > 10 { name = "示例县\(place)\(word)\(n)号有限公司" }
                n += 1
            }
            var code = creditCode(&random)
            while !usedCodes.insert(code).inserted { code = creditCode(&random) }
            // Risk follows the sector's tendency: higher-risk sectors are more often red or orange.
            let roll = random.unit() * 100
            let shift = Double(sector.2) * 8
            let risk: RiskLevel =
                roll < 2 + shift / 2 ? .major : roll < 13 + shift ? .high : roll < 48 + shift ? .moderate : .low
            let employees = [5, 12, 30, 60, 120, 300, 800][random.int(in: 0...6)] + random.int(in: 0...20)
            var licences: [Licence] = []
            if ["危险化学品", "烟花爆竹", "非煤矿山"].contains(sector.0) {
                let kind = sector.0 == "危险化学品" && word == "化学品经营" ? "危险化学品经营许可证" : "安全生产许可证"
                licences.append(
                    Licence(kind: kind, number: "（浙）WH安许证字〔2024〕\(1000 + index)号", expiresOn: day(offset: random.int(in: -30...900))))
            }
            let grade: StandardizationGrade? =
                switch random.int(in: 0...99) {
                case 0: .level1
                case 1...5: .level2
                case 6...25: .level3
                default: nil
                }
            let centroid = village.centroid ?? GeoPoint(latitude: DemoCounty.center.latitude, longitude: DemoCounty.center.longitude)
            let person = { (r: inout SeededGenerator) -> String in
                String(surnames[r.int(in: 0...(surnames.count - 1))]) + String(givenNames[r.int(in: 0...(givenNames.count - 1))])
                    + (r.unit() < 0.5 ? String(givenNames[r.int(in: 0...(givenNames.count - 1))]) : "")
            }
            let profile = EnterpriseProfile(
                name: name, creditCode: code, legalRepresentative: person(&random), principal: person(&random),
                safetyOfficerName: person(&random), safetyOfficerPhone: "139" + String(format: "%08d", random.int(in: 0...99_999_999)),
                address: "示例县\(townshipName)\(village.name)\(random.int(in: 1...199))号", divisionCode: village.code.rawValue,
                latitude: ((centroid.latitude + (random.unit() - 0.5) * 0.006) * 1_000_000).rounded() / 1_000_000,
                longitude: ((centroid.longitude + (random.unit() - 0.5) * 0.006) * 1_000_000).rounded() / 1_000_000,
                sectors: random.unit() < 0.1 && sector.0 != "特种设备使用单位" ? [sector.0, "特种设备使用单位"] : [sector.0], employees: employees,
                aboveScale: employees >= 300, standardizationGrade: grade,
                standardizationExpiresOn: grade == nil ? nil : day(offset: random.int(in: 30...1000)),
                operatingStatus: random.unit() < 0.93 ? .operating : (random.unit() < 0.7 ? .suspended : .closed), licences: licences)
            result.append((profile, risk))
        }
        return result
    }

    /// Three enterprises whose major hazard installations the demo shows, with grades that follow from their data:
    /// liquid-ammonia refrigeration (S 3, R 9, 四级), an LPG station (S 1.6, R 4.8, 四级) and a chlor-alkali
    /// plant (S 9.6, R 67.2, 二级).
    public static func featured(seed: UInt64) -> [(
        profile: EnterpriseProfile, risk: RiskLevel,
        units: [(name: String, kind: UnitKind, population: Int, holdings: [HazardInstallation.Holding])]
    )] {
        var random = SeededGenerator(seed: seed &+ 0x4D48_4931)
        func code() -> String { creditCode(&random) }
        return [
            (
                EnterpriseProfile(
                    name: "示例县恒冷冷链物流有限公司", creditCode: code(), legalRepresentative: "沈建国", principal: "沈建国", safetyOfficerName: "许敏",
                    safetyOfficerPhone: "13905721001", address: "示例县城关镇物流园 3 号", divisionCode: "330529100201", latitude: nil,
                    longitude: nil,
                    sectors: ["轻工", "特种设备使用单位"], employees: 85, standardizationGrade: .level3, standardizationExpiresOn: day(offset: 400),
                    licences: []),
                .high, [("液氨制冷机房及储罐区", .storage, 60, [.init(substance: "液氨", quantityTonnes: 30)])]
            ),
            (
                EnterpriseProfile(
                    name: "示例县城关液化石油气供应站", creditCode: code(), legalRepresentative: "周海", principal: "周海", safetyOfficerName: "吴丽",
                    safetyOfficerPhone: "13905721002", address: "示例县城关镇城南路 88 号", divisionCode: "330529100202", latitude: nil,
                    longitude: nil,
                    sectors: ["危险化学品"], employees: 22, standardizationGrade: .level3, standardizationExpiresOn: day(offset: 200),
                    licences: [Licence(kind: "燃气经营许可证", number: "浙燃 2024-0529-01", expiresOn: day(offset: 20))]),
                .major, [("液化石油气储罐区", .storage, 120, [.init(substance: "液化石油气", quantityTonnes: 80)])]
            ),
            (
                EnterpriseProfile(
                    name: "示例县青山氯碱化工有限公司", creditCode: code(), legalRepresentative: "钱正", principal: "钱正", safetyOfficerName: "孙涛",
                    safetyOfficerPhone: "13905721003", address: "示例县青山镇化工园区 1 号", divisionCode: "330529101202", latitude: nil,
                    longitude: nil,
                    sectors: ["危险化学品"], employees: 320, aboveScale: true, standardizationGrade: .level2,
                    standardizationExpiresOn: day(offset: 600),
                    licences: [Licence(kind: "安全生产许可证", number: "（浙）WH安许证字〔2024〕0529号", expiresOn: day(offset: 300))]),
                .major,
                [
                    ("液氯储存单元", .storage, 150, [.init(substance: "液氯", quantityTonnes: 40), .init(substance: "甲醇", quantityTonnes: 800)]),
                    (
                        "盐酸合成生产单元", .production, 40,
                        [.init(substance: "氯化氢", quantityTonnes: 6), .init(hazardClass: "W5.3", quantityTonnes: 200)]
                    ),
                ]
            ),
        ]
    }

    /// A credit code of an enterprise registered in 330529: "91330529" + an 8-character body, its
    /// GB 11714 check character, and the GB 32100 check character.
    static func creditCode(_ random: inout SeededGenerator) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        while true {
            let body = (0..<8).map { _ in alphabet[random.int(in: 0...(alphabet.count - 1))] }
            guard let organizationCheck = CreditCode.organizationCodeCheck(body) else { continue }
            let first17 = "91330529" + String(body) + String(organizationCheck)
            if let expected = CreditCode.check(first17 + "0").expectedCheckCharacter {
                return first17 + String(expected)
            }
        }
    }
}
