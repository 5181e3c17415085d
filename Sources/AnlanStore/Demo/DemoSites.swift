import AnlanCore
import Foundation

/// The demo county's flood and forest-fire sites: small reservoirs, a dike section, 地质灾害隐患点 above villages, a 山洪
/// danger zone, forest areas and a bridge being built in a flood channel, each near its village with its three 责任人.
struct DemoSites {
    let store: Store

    func load() async throws {
        guard let user = try await store.accounts.find(username: "staff") else { return }
        let staff = Caller(user: user, ip: nil, requestID: "demo")
        let villages = try await store.divisions.boundaries(level: .village, by: staff).filter { $0.centroid != nil }
            .sorted { $0.code < $1.code }
        guard villages.count >= 12 else { return }
        let plan: [(SiteKind, String, String?, Int)] = [
            (.reservoir, "石门坞水库", "小(1)型", 1_850), (.reservoir, "上庄山塘", "小(2)型", 320), (.reservoir, "龙潭水库", "小(1)型", 2_400),
            (.riverSection, "西苕溪左岸堤防（青山段）", "4 级堤防", 5_200), (.geologicalHazard, "后山组滑坡隐患点", "中型·险情中等", 46),
            (.geologicalHazard, "溪口崩塌隐患点", "小型·险情小", 12), (.flashFloodVillage, "大坞山洪灾害危险区", "危险区", 180),
            (.forestArea, "天荒坪森林防火重点区域", "一级火险区", 90), (.forestArea, "九龙山林区", "二级火险区", 35),
            (.floodChannelWork, "梅溪大桥（在建）", "行洪通道内施工", 0),
        ]
        let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林")
        let given = Array("建国志强海峰红梅卫东立新永军玉兰")
        for (n, (kind, name, grade, people)) in plan.enumerated() {
            let village = villages[(n * 7 + 3) % villages.count]
            guard let centre = village.centroid else { continue }
            func person(_ k: Int) -> String {
                "\(surnames[(n * 3 + k * 5) % surnames.count])\(given[(n + k * 7) % given.count])\(given[(n * 2 + k) % given.count])"
            }
            let keepers = [
                SiteKeeper(role: .administrative, name: person(0), unit: "所在镇副镇长", phone: "1395720" + String(format: "%04d", 6100 + n)),
                SiteKeeper(
                    role: .technical, name: person(1), unit: kind == .forestArea ? "镇林业站站长" : "镇水利站技术员",
                    phone: "1385720" + String(format: "%04d", 6200 + n)),
                SiteKeeper(
                    role: .patrol, name: person(2), unit: "\(village.name)村监测员", phone: "1375720" + String(format: "%04d", 6300 + n)),
            ]
            _ = try await store.sites.create(
                SiteDraft(
                    kind: kind, name: name, divisionCode: village.code,
                    location: GeoPoint(
                        latitude: centre.latitude + Double(n % 3 - 1) * 0.004, longitude: centre.longitude + Double(n % 2) * 0.005),
                    grade: grade, threatenedPeople: people, description: kind == .reservoir ? "土石坝，汛限水位以下运行" : nil, keepers: keepers),
                by: staff)
        }
    }
}
