import AnlanCore
import Foundation

/// The synthetic 示例县: 10 townships and 120 villages tiling a county-sized area around Anji, Zhejiang
/// (30.64° N, 119.68° E). Everything follows from the seed; the code 330529 is unassigned in GB/T 2260
/// but lies in the range of a county (21–80) under 湖州市.
public enum DemoCounty {
    public static let countyCode = try! DivisionCode("330529000000")
    public static let countyName = "示例县"
    public static let center = (latitude: 30.64, longitude: 119.68)
    static let radiusKm = 24.0

    static let townships: [(suffix: String, name: String)] = [
        ("100", "城关镇"), ("101", "青山镇"), ("102", "梅溪镇"), ("103", "石门镇"), ("104", "白水镇"),
        ("200", "桃源乡"), ("201", "枫林乡"), ("202", "北山乡"), ("203", "云岭乡"), ("204", "龙潭乡"),
    ]

    private static let namePrefixes = Array(
        "东西南北上下前后新老高石李王张陈杨黄赵周吴徐孙马朱胡林何郭罗梁宋郑谢韩唐冯董程曹袁邓许沈曾彭吕潘蒋蔡余杜叶金钱汪方柳桂竹松梅兰荷茶枫杏桃")
    private static let villageSuffixes = ["家村", "庄村", "山村", "湾村", "坞村", "岭村", "桥村", "塘村", "溪村", "口村", "坪村", "岙村", "畈村", "埠村"]
    private static let communitySuffixes = ["社区"]

    /// The county, its townships and their villages, with boundaries that tile the county exactly.
    public static func divisions(seed: UInt64) -> [Division] {
        var random = SeededGenerator(seed: seed)
        let phases = (0..<3).map { _ in random.unit() * 2 * Double.pi }
        let outer: (Double) -> Double = { angle in
            radiusKm * (1 + 0.16 * sin(3 * angle + phases[0]) + 0.08 * sin(5 * angle + phases[1]) + 0.04 * sin(7 * angle + phases[2]))
        }
        let core = 0.25  // the 城关镇 disc, as a fraction of the outer radius
        var result: [Division] = []
        var usedNames = Set<String>()

        let countyRing = ring(from: 0, to: 2 * Double.pi, fromFraction: 0, toFraction: 1, outer: outer, steps: 90)
        result.append(
            Division(
                code: countyCode, name: countyName, centroid: centroid(of: countyRing),
                boundaryGeoJSON: polygonJSON(countyRing)))

        // The other nine townships share the ring outside the core, split at jittered angles.
        var cuts = (0..<9).map { k in 2 * Double.pi * Double(k) / 9 + (random.unit() - 0.5) * 0.3 }
        cuts.append(cuts[0] + 2 * Double.pi)

        for (index, township) in townships.enumerated() {
            let code = try! DivisionCode("330529" + township.suffix + "000")
            let (a0, a1, f0, f1, bands, sectors): (Double, Double, Double, Double, Int, Int) =
                index == 0 ? (0, 2 * Double.pi, 0, core, 2, 6) : (cuts[index - 1], cuts[index], core, 1, 3, 4)
            let townshipRing = ring(from: a0, to: a1, fromFraction: f0, toFraction: f1, outer: outer, steps: 24)
            result.append(
                Division(
                    code: code, name: township.name, centroid: centroid(of: townshipRing),
                    boundaryGeoJSON: polygonJSON(townshipRing)))

            let isTown = township.suffix.hasPrefix("1")
            let communities = index == 0 ? 4 : (isTown ? 1 : 0)
            var villageNumber = 200
            var communityNumber = 1
            var cell = 0
            for band in 0..<bands {
                for sector in 0..<sectors {
                    let b0 = f0 + (f1 - f0) * Double(band) / Double(bands)
                    let b1 = f0 + (f1 - f0) * Double(band + 1) / Double(bands)
                    let s0 = a0 + (a1 - a0) * Double(sector) / Double(sectors)
                    let s1 = a0 + (a1 - a0) * Double(sector + 1) / Double(sectors)
                    let cellRing = ring(from: s0, to: s1, fromFraction: b0, toFraction: b1, outer: outer, steps: 6)
                    let isCommunity = cell < communities
                    let villageSuffix: String
                    if isCommunity {
                        villageSuffix = String(format: "%03d", communityNumber)
                        communityNumber += 1
                    } else {
                        villageSuffix = String(format: "%03d", villageNumber)
                        villageNumber += 1
                    }
                    let name = uniqueName(
                        community: isCommunity, used: &usedNames, random: &random)
                    result.append(
                        Division(
                            code: try! DivisionCode("330529" + township.suffix + villageSuffix), name: name,
                            urbanRuralCode: isCommunity ? (index == 0 ? "111" : "121") : "220",
                            centroid: centroid(of: cellRing), boundaryGeoJSON: polygonJSON(cellRing)))
                    cell += 1
                }
            }
        }
        return result
    }

    private static func uniqueName(community: Bool, used: inout Set<String>, random: inout SeededGenerator) -> String {
        while true {
            let first = namePrefixes[random.int(in: 0...(namePrefixes.count - 1))]
            let second = namePrefixes[random.int(in: 0...(namePrefixes.count - 1))]
            let suffixes = community ? communitySuffixes : villageSuffixes
            let suffix = suffixes[random.int(in: 0...(suffixes.count - 1))]
            let name = community ? "\(first)\(second)\(suffix)" : (random.unit() < 0.5 ? "\(first)\(suffix)" : "\(first)\(second)\(suffix)")
            if used.insert(name).inserted { return name }
        }
    }

    /// A closed ring (lon, lat) bounded by two arcs at fractions of the outer radius and two radial edges.
    /// Neighbouring cells sample the same angles and fractions, so their shared edges coincide.
    static func ring(
        from a0: Double, to a1: Double, fromFraction f0: Double, toFraction f1: Double, outer: (Double) -> Double,
        steps: Int
    ) -> [[Double]] {
        func point(_ angle: Double, _ fraction: Double) -> [Double] {
            let r = outer(angle) * fraction
            let dLat = r * sin(angle) / 111.0
            let dLon = r * cos(angle) / (111.0 * cos(center.latitude * Double.pi / 180))
            return [rounded(center.longitude + dLon), rounded(center.latitude + dLat)]
        }
        var points: [[Double]] = []
        for i in 0...steps { points.append(point(a0 + (a1 - a0) * Double(i) / Double(steps), f1)) }
        if f0 == 0 {
            if a1 - a0 < 2 * Double.pi - 1e-9 { points.append(point(0, 0)) }
        } else {
            for i in stride(from: steps, through: 0, by: -1) { points.append(point(a0 + (a1 - a0) * Double(i) / Double(steps), f0)) }
        }
        if points.first != points.last { points.append(points[0]) }
        return points
    }

    private static func rounded(_ value: Double) -> Double { (value * 1_000_000).rounded() / 1_000_000 }

    /// Area-weighted centroid of a simple ring (planar in degrees, fine at county scale).
    static func centroid(of ring: [[Double]]) -> GeoPoint {
        var area = 0.0, cx = 0.0, cy = 0.0
        for i in 0..<(ring.count - 1) {
            let (x0, y0, x1, y1) = (ring[i][0], ring[i][1], ring[i + 1][0], ring[i + 1][1])
            let cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        }
        guard abs(area) > 1e-12 else { return GeoPoint(latitude: ring[0][1], longitude: ring[0][0]) }
        return GeoPoint(latitude: rounded(cy / (3 * area)), longitude: rounded(cx / (3 * area)))
    }

    static func polygonJSON(_ ring: [[Double]]) -> String {
        let coordinates = ring.map { "[\($0[0]),\($0[1])]" }.joined(separator: ",")
        return "{\"type\":\"Polygon\",\"coordinates\":[[\(coordinates)]]}"
    }

    /// One account per role, and where each sits.
    public static let accounts: [(username: String, displayName: String, role: Role, division: String, certificate: String?)] = [
        // People's names only: the role is the UI's to show (a printed document names 王强, not 王强（执法人员）).
        ("leader", "李明", .bureauLeader, "330529000000", nil),
        ("inspector", "王强", .inspector, "330529000000", "33052900001"),
        ("inspector2", "张伟", .inspector, "330529000000", "33052900002"),
        ("inspector3", "刘芳", .inspector, "330529000000", "33052900003"),
        ("inspector4", "杨帆", .inspector, "330529000000", "33052900004"),
        ("leader2", "孙建华", .bureauLeader, "330529000000", nil),
        ("duty", "赵敏", .dutyOfficer, "330529000000", nil),
        ("duty2", "黄蕾", .dutyOfficer, "330529000000", nil),
        ("staff", "陈静", .staff, "330529000000", nil),
        ("township", "刘洋", .townshipOfficer, "330529101000", nil),
        ("info", "孙丽", .infoOfficer, "330529101201", nil),
        ("enterprise", "周涛", .enterpriseOfficer, "330529102200", nil),
        ("department", "吴刚", .departmentUser, "330529000000", nil),
        ("sysadmin", "郑浩", .systemAdmin, "330529000000", nil),
        ("secadmin", "冯雪", .securityAdmin, "330529000000", nil),
        ("auditadmin", "何平", .auditAdmin, "330529000000", nil),
    ]
}

/// Loads the demo county into an empty database.
public struct DemoLoader: Sendable {
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// A demo account and the password it was given, to print once.
    public struct Credential: Sendable {
        public let username: String
        public let password: String
        public let role: Role
    }

    /// Loads everything and returns the accounts with their passwords, or nil if the database already
    /// holds divisions. With `password`, every account gets it (for tests); otherwise each gets a random one.
    /// `supervision` adds two years of inspections, hazards, documents, cases, draws and campaigns, and a year of readiness
    /// (warehouses, supplies and their slips); not for most tests: it takes a while.
    public func loadIfEmpty(seed: UInt64, password: String? = nil, enterprises: Int = DemoEnterprises.count, supervision: Bool = true)
        async throws
        -> [Credential]?
    {
        guard try await store.divisions.isEmpty() else { return nil }
        let caller = Caller.console("demo")
        let divisions = DemoCounty.divisions(seed: seed)
        try await store.write(by: caller) { tx in
            try await store.divisions.insert(divisions, in: tx)
        }
        var credentials: [Credential] = []
        for (index, account) in DemoCounty.accounts.enumerated() {
            let secret = password ?? Self.randomPassword()
            // Business accounts carry a (synthetic) mobile number and mailbox: notifications reach them by SMS, voice and
            // e-mail too (.example is reserved for examples, RFC 2606: no real mail goes there).
            let phone = account.role.isAdministrator ? nil : "1395720" + String(format: "%04d", index + 1)
            let email = account.role.isAdministrator ? nil : "\(account.username)@yjj.example"
            _ = try await store.accounts.create(
                .init(
                    username: account.username, displayName: account.displayName, role: account.role,
                    divisionCode: try DivisionCode(account.division), password: secret, phone: phone,
                    certificateNumber: account.certificate, email: email),
                by: caller)
            credentials.append(Credential(username: account.username, password: secret, role: account.role))
        }
        // The enterprises, each created as staff would, audited like any other.
        let staff = Caller(
            user: try await store.accounts.find(username: "staff")!, ip: nil, requestID: "demo")
        let villages = divisions.filter { $0.level == .village }
        var officerEnterprise: UUID?
        for (profile, risk) in DemoEnterprises.profiles(seed: seed, villages: villages).prefix(enterprises) {
            let created = try await store.enterprises.create(profile, riskLevel: risk, by: staff).enterprise
            if officerEnterprise == nil && profile.divisionCode == "330529102200" { officerEnterprise = created.id }
        }
        if enterprises > 0 {
            for featured in DemoEnterprises.featured(seed: seed) {
                var profile = featured.profile
                let centroid = villages.first { $0.code.rawValue == profile.divisionCode }?.centroid
                profile.latitude = centroid?.latitude
                profile.longitude = centroid?.longitude
                let created = try await store.enterprises.create(profile, riskLevel: featured.risk, by: staff).enterprise
                for unit in featured.units {
                    _ = try await store.installations.add(
                        to: created.id, name: unit.name, unitKind: unit.kind, exposedPopulation: unit.population, holdings: unit.holdings,
                        by: staff)
                }
            }
        }
        if let officerEnterprise, let officer = try await store.accounts.find(username: "enterprise") {
            try await store.accounts.linkEnterprise(userID: officer.id, enterpriseID: officerEnterprise, by: caller)
        }
        if supervision && enterprises > 0 {
            try await DemoSupervision(store: store, seed: seed).load()
            try await DemoResources(store: store).load()
            try await DemoCommand(store: store).load()
            try await DemoInfoOfficers(store: store).load()
            try await DemoPublicity(store: store).load()
            try await DemoDisasters(store: store).load()
            try await DemoRelief(store: store).load()
            try await DemoSites(store: store).load()
        }
        return credentials
    }

    /// 14 characters from four classes, without look-alikes.
    static func randomPassword() -> String {
        var generator = SystemRandomNumberGenerator()
        let upper = Array("ABCDEFGHJKLMNPQRSTUVWXYZ"), lower = Array("abcdefghijkmnpqrstuvwxyz"), digits = Array("23456789")
        func pick(_ set: [Character], _ n: Int) -> [Character] { (0..<n).map { _ in set.randomElement(using: &generator)! } }
        return String(pick(upper, 4)) + String(pick(lower, 4)) + "-" + String(pick(digits, 5))
    }
}
