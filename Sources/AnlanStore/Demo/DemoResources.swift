import AnlanCore
import Foundation

/// The demo county's readiness: a county reserve, a point in each township, a department store and an enterprise store
/// under agreement; a catalog of the supplies a county keeps; and a year of slips made through the ledger as the keepers
/// would (purchases and allocations in spring, issues to townships in the flood season with some returned, a transfer, a
/// stocktake that found a difference, a scrapped batch), leaving some stock low and one batch expired on the shelf.
struct DemoResources {
    let store: Store

    static let catalog: [(SupplyMajorClass, String, String, String)] = [
        (.basicLiving, "救灾帐篷", "12平方米", "顶"), (.basicLiving, "棉被", "2米×2.3米", "床"), (.basicLiving, "棉大衣", "通用", "件"),
        (.basicLiving, "折叠床", "单人", "张"), (.basicLiving, "毛毯", "1.5米×2米", "条"), (.basicLiving, "方便食品", "箱装", "箱"),
        (.basicLiving, "瓶装饮用水", "550毫升×24", "箱"), (.equipment, "救生衣", "成人", "件"), (.equipment, "救生圈", "2.5千克", "个"),
        (.equipment, "冲锋舟", "6人", "艘"), (.equipment, "抽水泵", "潜水泵 15千瓦", "台"), (.equipment, "发电机", "5千瓦 汽油", "台"),
        (.equipment, "应急照明灯", "充电式", "台"), (.engineering, "编织袋", "防汛用", "条"), (.engineering, "砂石料", "袋装", "吨"),
    ]

    func load() async throws {
        let realNow = store.environment.now()
        let clock = DemoSupervision.Clock(realNow)
        let past = store.on(clock)
        guard let staffUser = try await past.accounts.find(username: "staff"),
            let townshipUser = try await past.accounts.find(username: "township")
        else { return }
        let staff = Caller(user: staffUser, ip: nil, requestID: "demo")
        let townshipOfficer = Caller(user: townshipUser, ip: nil, requestID: "demo")
        let today = Day(realNow)
        func day(_ offset: Int) -> Day { today.adding(days: offset) }
        clock.set(day(-400).description, hour: 9)

        var items: [String: SupplyItem] = [:]
        for (major, name, spec, unit) in Self.catalog {
            items[name] = try await past.warehouses.createItem(
                SupplyItemDraft(majorClass: major, name: name, specification: spec, unit: unit), by: staff)
        }
        let county = try DivisionCode("330529000000")
        let townships = try DemoCounty.townships.map { (try DivisionCode("330529" + $0.suffix + "000"), $0.name) }
        let reserve = try await past.warehouses.create(
            WarehouseDraft(
                name: "示例县应急物资储备库", kind: .countyReserve, divisionCode: county, address: "城关镇工业园区纬三路 18 号", latitude: 30.638,
                longitude: 119.68, manager: "陈静", phone: "0572-5123119", keyHolder: "周建国", keyHolderPhone: "13905721190",
                areaSquareMetres: 1200, openingHours: "工作日 8:30–17:00；汛期 24 小时值守", serves: [county]), by: staff)
        var centres: [String: GeoPoint] = [:]
        for (code, _) in townships { centres[code.rawValue] = try await past.divisions.get(code, by: .console("demo")).centroid }
        var points: [Warehouse] = []
        for (index, (code, name)) in townships.enumerated() {
            points.append(
                try await past.warehouses.create(
                    WarehouseDraft(
                        name: "\(name)应急物资储备点", kind: .townshipPoint, divisionCode: code, address: "\(name)人民政府院内",
                        latitude: centres[code.rawValue].map { $0.latitude + 0.004 },
                        longitude: centres[code.rawValue].map { $0.longitude + 0.004 },
                        manager: "\(name)应急办",
                        phone: "0572-51\(20 + index)000", keyHolder: ["王海", "李军", "张建", "赵勇", "钱明", "孙强", "周平", "吴斌", "郑涛", "冯亮"][index],
                        keyHolderPhone: "1390572\(String(1000 + index * 37))", areaSquareMetres: Double(60 + index * 10),
                        openingHours: "随时（电话联系保管人）", serves: [code]), by: staff))
        }
        let water = try await past.warehouses.create(
            WarehouseDraft(
                name: "县水利局防汛物资仓库", kind: .department, divisionCode: county, address: "城关镇滨河路 6 号", manager: "县水利局防汛办",
                phone: "0572-5122345", keyHolder: "何伟", keyHolderPhone: "13857201234", areaSquareMetres: 600, openingHours: "汛期 24 小时",
                serves: [county]), by: staff)
        _ = try await past.warehouses.create(
            WarehouseDraft(
                name: "梅溪建材公司协议储备仓库", kind: .enterprise, divisionCode: townships[2].0, address: "梅溪镇工业区", manager: "企业安全科",
                phone: "0572-5133001", openingHours: "协议储备，调用前电话联系", serves: [townships[2].0], note: "协议储备砂石料、编织袋，调用后按协议结算。"),
            by: staff)

        func slip(_ offset: Int, _ order: StockMovementOrder, by caller: Caller? = nil) async throws {
            clock.set(day(offset).description, hour: 10)
            var order = order
            order.occurredOn = day(offset)
            _ = try await past.stock.record(order, by: caller ?? staff)
        }
        func line(_ name: String, _ n: Int, batch: String? = nil, expires: Day? = nil) -> StockLineOrder {
            StockLineOrder(itemID: items[name]!.id, quantity: n, batchNo: batch, expiresOn: expires)
        }
        let start = day(-360)
        // Spring: the year's purchase and the province's allocation into the reserve.
        try await slip(
            -360,
            StockMovementOrder(
                kind: .receipt, warehouseID: reserve.id, occurredOn: start, source: .purchase, party: "省应急物资储备中心（政府采购）",
                lines: [
                    line("救灾帐篷", 300, batch: "2025-ZP01"), line("棉被", 800, batch: "2025-MB01"), line("棉大衣", 500, batch: "2025-MDY01"),
                    line("折叠床", 400, batch: "2025-ZDC01"), line("毛毯", 600, batch: "2025-MT01"), line("救生衣", 600, batch: "2025-JSY01"),
                    line("救生圈", 120, batch: "2025-JSQ01"), line("抽水泵", 30, batch: "2025-CSB01"), line("发电机", 20, batch: "2025-FDJ01"),
                    line("应急照明灯", 200, batch: "2025-ZMD01"),
                ]))
        try await slip(
            -350,
            StockMovementOrder(
                kind: .receipt, warehouseID: reserve.id, occurredOn: start, source: .purchase, party: "县粮油食品公司",
                lines: [
                    line("方便食品", 200, batch: "SP-A", expires: day(-20)), line("方便食品", 300, batch: "SP-B", expires: day(160)),
                    line("瓶装饮用水", 400, batch: "WT-A", expires: day(200)),
                ]))
        try await slip(
            -330,
            StockMovementOrder(
                kind: .receipt, warehouseID: reserve.id, occurredOn: start, source: .allocation, party: "市应急管理局",
                lines: [line("冲锋舟", 6, batch: "2025-CFZ01"), line("救生衣", 200, batch: "2025-JSY02")]))
        try await slip(
            -320,
            StockMovementOrder(
                kind: .receipt, warehouseID: water.id, occurredOn: start, source: .purchase, party: "县水利局",
                lines: [line("编织袋", 20000), line("砂石料", 300), line("抽水泵", 12)]))
        // Each township point is stocked from the reserve before the flood season.
        for (index, point) in points.enumerated() {
            try await slip(
                -300 + index,
                StockMovementOrder(
                    kind: .transfer, warehouseID: reserve.id, toWarehouseID: point.id, occurredOn: start, receiver: point.keyHolder,
                    lines: [line("救生衣", 30), line("棉被", 40), line("救灾帐篷", 10), line("应急照明灯", 10)]))
        }
        // Flood season: issues to the townships hit, signed for; some returned after.
        let flood = [(-180, 1, 60, 20), (-178, 4, 40, 10), (-150, 7, 30, 6)]
        for (offset, township, jackets, tents) in flood {
            let name = townships[township].1
            try await slip(
                offset,
                StockMovementOrder(
                    kind: .issue, warehouseID: reserve.id, occurredOn: start, recipientKind: .township, party: "\(name)人民政府",
                    receiver: "\(name)应急办", receiverPhone: "0572-5120000",
                    lines: [line("救生衣", jackets), line("救灾帐篷", tents), line("方便食品", 50), line("瓶装饮用水", 60), line("抽水泵", 4)]))
        }
        try await slip(
            -120,
            StockMovementOrder(
                kind: .return, warehouseID: reserve.id, occurredOn: start, party: "青山镇人民政府", receiver: "青山镇应急办",
                lines: [line("救灾帐篷", 15, batch: "2025-ZP01"), line("抽水泵", 4, batch: "2025-CSB01")]))
        // The township officer issues from their own point to a village during a local flood.
        try await slip(
            -175,
            StockMovementOrder(
                kind: .issue, warehouseID: points[1].id, occurredOn: start, recipientKind: .other, party: "青山镇东山村",
                receiver: "东山村村委会", lines: [line("救生衣", 12), line("棉被", 20)]), by: townshipOfficer)
        // Autumn stocktake of the reserve: two quilts missing (moth damage), recorded with the reason.
        let stocktake = StockMovementOrder(
            kind: .stocktake, warehouseID: reserve.id, occurredOn: start, reason: "2 床棉被虫蛀霉变，已移出待报废",
            lines: [StockLineOrder(itemID: items["棉被"]!.id, counted: 398, batchNo: "2025-MB01")])
        try await slip(-60, stocktake)
        try await slip(
            -40,
            StockMovementOrder(
                kind: .scrap, warehouseID: reserve.id, occurredOn: start, reason: "应急照明灯电池鼓包，经检测不能使用",
                lines: [line("应急照明灯", 8)]))
        // Thresholds the keepers watch; the jackets are now short of theirs.
        for (name, minimum) in [("救生衣", 600), ("救灾帐篷", 100), ("棉被", 300), ("抽水泵", 10)] {
            try await past.stock.setMinimum(warehouse: reserve.id, item: items[name]!.id, minimum: minimum, by: staff)
        }
        try await past.stock.setMinimum(warehouse: points[1].id, item: items["救生衣"]!.id, minimum: 30, by: staff)
        try await loadDirectory(past, clock: clock, staff: staff, townships: townships, centres: centres, reserve: reserve)
        // The transfers to the townships were signed for; one issue still waits for its paper receipt.
        let awaiting = try await past.stock.movements(.init(awaitingConfirmation: true), page: PageRequest(pageSize: 200), by: staff)
        // Each receipt is entered the working day after its slip (a receipt is never dated before what it signs for).
        for m in awaiting.items.dropFirst() {
            clock.set(m.occurredOn.adding(days: 1).description, hour: 15)
            _ = try await past.stock.confirm(m.id, by: staff)
        }
        try await DemoPlans(store: store).load(clock: clock, staff: staff)
    }

    /// Teams with rosters and a year's training, experts, equipment and shelters, placed near their townships' centres.
    private func loadDirectory(
        _ past: Store, clock: DemoSupervision.Clock, staff: Caller, townships: [(DivisionCode, String)], centres: [String: GeoPoint],
        reserve: Warehouse
    ) async throws {
        let county = try DivisionCode("330529000000")
        func at(_ township: Int, _ dx: Double, _ dy: Double) -> (Double?, Double?) {
            let c = centres[townships[township].0.rawValue]
            return (c.map { $0.latitude + dy }, c.map { $0.longitude + dx })
        }
        func add(
            _ kind: ResourceKind, _ name: String, _ category: String, township: Int?, offset: (Double, Double) = (0.006, -0.003),
            contact: String,
            phone: String, organisation: String? = nil, title: String? = nil, state: String? = nil, capacity: Int? = nil,
            occupancy: Int? = nil,
            area: Double? = nil, tags: [String] = [], address: String? = nil, members: [TeamMember]? = nil, team: UUID? = nil
        ) async throws -> EmergencyResource {
            let place =
                township.map { at($0, offset.0, offset.1) } ?? (
                    reserve.latitude.map { $0 + offset.1 }, reserve.longitude.map { $0 + offset.0 }
                )
            // A central or fixed shelter's site drawn as a square of its area around its point.
            var boundary: [GeoPoint]?
            if kind == .shelter, category != "emergency", let area, let lat = place.0, let lon = place.1 {
                let half = area.squareRoot() / 2 / 111_320
                let (dy, dx) = (half, half / cos(lat * .pi / 180))
                boundary = [(-1, -1), (-1, 1), (1, 1), (1, -1), (-1, -1)].map {
                    GeoPoint(latitude: lat + Double($0.0) * dy, longitude: lon + Double($0.1) * dx)
                }
            }
            return try await past.directory.create(
                EmergencyResourceDraft(
                    kind: kind, name: name, category: category, divisionCode: township.map { townships[$0].0 } ?? county, address: address,
                    latitude: place.0, longitude: place.1, contact: contact, phone: phone, organisation: organisation, title: title,
                    state: state ?? kind.states[0].code, capacity: capacity, occupancy: occupancy, areaSquareMetres: area, tags: tags,
                    teamID: team, boundary: boundary, members: members), by: staff)
        }
        let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗")
        let given = Array("伟强军磊勇杰涛斌明超刚平辉鹏华飞")
        func roster(_ n: Int, seed: Int, certificate: String) -> [TeamMember] {
            (0..<n).map { i in
                TeamMember(
                    name: "\(surnames[(i * 7 + seed) % surnames.count])\(given[(i * 5 + seed) % given.count])",
                    phone: "139057\(String(20000 + seed * 100 + i))",
                    certificate: i % 3 == 0 ? "\(certificate)\(2024 - i % 3)-\(100 + i)" : nil)
            }
        }
        let teams = [
            try await add(
                .team, "县综合性应急救援队", "professional", township: nil, offset: (0.01, 0.004), contact: "梁志刚", phone: "0572-5110119",
                organisation: "县应急管理局", tags: ["水上救援", "破拆", "绳索救援", "地震搜救"], address: "城关镇人民路 100 号",
                members: roster(32, seed: 1, certificate: "应急救援员")),
            try await add(
                .team, "县消防救援大队城关中队", "fire", township: 0, contact: "沈建华", phone: "0572-5119119", organisation: "县消防救援大队",
                tags: ["灭火", "危化品处置", "高空救援"], members: roster(26, seed: 2, certificate: "消防员")),
            try await add(
                .team, "青山镇民兵应急排", "militia", township: 1, contact: "刘洋", phone: "13905721201", organisation: "青山镇人武部",
                tags: ["抗洪抢险", "森林灭火"], members: roster(30, seed: 3, certificate: "")),
            try await add(
                .team, "示例县蓝天救援队", "volunteer", township: 0, offset: (-0.008, 0.006), contact: "许文", phone: "13857209999",
                organisation: "县红十字会", state: "onTask", tags: ["山地搜救", "水上救援", "无人机"], members: roster(18, seed: 4, certificate: "志愿救援员")),
            try await add(
                .team, "梅溪化工园区企业专职救援队", "enterprise", township: 2, contact: "顾建新", phone: "0572-5133119", organisation: "梅溪化工园区管委会",
                tags: ["危化品泄漏处置", "气体检测"], members: roster(15, seed: 5, certificate: "危化品救援员")),
        ]
        for (index, team) in teams.enumerated() {
            for (months, subject) in [(10, "汛前水上救援实训"), (7, "绳索救援与破拆"), (3, "夜间拉动与装备操作")] where index != 4 || months != 3 {
                clock.set(Day(store.environment.now()).adding(days: -months * 30 + index).description, hour: 14)
                try await past.directory.addTraining(
                    team.id,
                    TeamTraining(
                        on: Day(clock.now), subject: subject, hours: Double(4 + index), participants: max(1, (team.capacity ?? 10) - index)),
                    by: staff)
            }
        }
        let experts: [(String, String, String, String)] = [
            ("钱正华", "hazardousChemicals", "正高级工程师", "县化工行业协会"), ("孙立平", "mining", "高级工程师", "市矿山安全技术中心"),
            ("吴海燕", "geology", "高级工程师", "县自然资源局地质环境站"), ("郑国强", "water", "高级工程师", "县水利局"),
            ("冯丽", "medical", "主任医师", "县人民医院急诊科"), ("陈伟东", "fire", "高级工程师", "县消防救援大队"),
            ("何建林", "forestFire", "林业高级工程师", "县林业局"), ("赵静", "meteorology", "高级工程师", "县气象局"),
            ("杨帆", "construction", "高级工程师", "县住建局质安站"), ("朱明亮", "power", "高级工程师", "县供电公司"),
        ]
        for (index, e) in experts.enumerated() {
            _ = try await add(
                .expert, e.0, e.1, township: nil, offset: (Double(index) * 0.002, -0.006), contact: e.0,
                phone: "1380572\(String(3000 + index * 11))",
                organisation: e.3, title: e.2, state: index == 5 ? "unavailable" : nil, tags: [ResourceKind.expert.categoryLabel(e.1)])
        }
        let equipment: [(String, String, Int, Int?, String?)] = [
            ("抢险救援车", "vehicle", 2, nil, nil), ("大流量排涝车 3000立方米/小时", "pump", 1, 4, nil), ("移动泵站 600立方米/小时", "pump", 4, 1, "repair"),
            ("应急发电车 200千瓦", "generator", 1, nil, nil), ("冲锋舟（配 40 马力挂机）", "boat", 6, 1, nil), ("多旋翼侦察无人机", "drone", 3, nil, "inUse"),
            ("北斗卫星电话", "satellitePhone", 12, nil, nil), ("液压破拆工具组", "lifting", 4, 3, nil),
        ]
        // 配属队伍: the county team keeps the county's vehicles, generator, drones and satellite phones; 青山镇's militia its boats.
        let assigned: [Int: UUID] = [0: teams[0].id, 3: teams[0].id, 4: teams[2].id, 5: teams[0].id, 6: teams[0].id]
        for (index, e) in equipment.enumerated() {
            _ = try await add(
                .equipment, e.0, e.1, township: e.3, offset: (0.004, 0.002 * Double(index)), contact: "周建国", phone: "13905721190",
                organisation: e.3 == nil ? "县应急管理局" : "乡镇应急办", state: e.4, capacity: e.2, tags: [], team: assigned[index])
        }
        let shelters: [(String, String, Int, Double, String?, Int?)] = [
            ("城关镇人民广场应急避难场所", "central", 8000, 42000, nil, nil), ("城关中学体育馆避难场所", "fixed", 1500, 6000, nil, nil),
            ("青山镇中心小学避难场所", "fixed", 800, 3200, "open", 120), ("梅溪镇文化礼堂", "emergency", 300, 900, nil, nil),
            ("石门镇敬老院应急安置点", "emergency", 150, 600, nil, nil), ("白水镇中学避难场所", "fixed", 900, 3500, nil, nil),
            ("桃源乡村民广场", "emergency", 400, 1800, nil, nil), ("云岭乡卫生院安置点", "emergency", 80, 400, nil, nil),
        ]
        let shelterTowns = [0, 0, 1, 2, 3, 4, 5, 8]
        for (index, s) in shelters.enumerated() {
            _ = try await add(
                .shelter, s.0, s.1, township: shelterTowns[index], offset: (-0.005, 0.002 * Double(index % 3)),
                contact: "\(townships[shelterTowns[index]].1)应急办",
                phone: "0572-51\(20 + shelterTowns[index])000", state: s.4, capacity: s.2, occupancy: s.5, area: s.3,
                tags: ["饮用水", "应急厕所", "应急照明", "医疗点"].prefix(2 + index % 3).map { $0 })
        }
    }
}
