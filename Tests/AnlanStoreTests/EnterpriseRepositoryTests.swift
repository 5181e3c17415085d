import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import Testing

@Suite("Enterprise files")
struct EnterpriseRepositoryTests {
    static func profile(_ name: String, code: String? = "91330106MA2H3K5P39", village: String = "330529101201") -> EnterpriseProfile {
        EnterpriseProfile(
            name: name, creditCode: code, address: "示例县青山镇杜方社区 8 号", divisionCode: village, latitude: 30.66, longitude: 119.82,
            sectors: ["危险化学品"], employees: 80,
            licences: [Licence(kind: "安全生产许可证", number: "（浙）WH安许证字〔2025〕1号", expiresOn: "2026-12-20")])
    }

    @Test("a wrong credit code is refused naming the check character; a duplicate among active files is a conflict")
    func creditCodes() async throws {
        let f = try await Fixtures.demo()
        let staff = try await f.caller("staff")
        do {
            _ = try await f.store.enterprises.create(Self.profile("甲化工", code: "91330106MA2H3K5P38"), by: staff)
            Issue.record("accepted a bad code")
        } catch let error as AnlanError {
            #expect(error.code == "enterprise.credit_code_invalid")
            #expect(error.message.contains("“9”"))
        }
        let first = try await f.store.enterprises.create(Self.profile("甲化工", code: "９１３３０１０６ma2h3k5p39"), by: staff).enterprise
        #expect(first.profile.creditCode == "91330106MA2H3K5P39")
        await #expect(throws: AnlanError.self) { try await f.store.enterprises.create(Self.profile("乙化工"), by: staff) }
        // Archiving frees the code for a successor.
        try await f.store.enterprises.archive(id: first.id, reason: "企业注销", by: staff)
        let second = try await f.store.enterprises.create(Self.profile("乙化工"), by: staff).enterprise
        #expect(second.profile.name == "乙化工")
        await f.close()
    }

    @Test("search finds Chinese fragments of names and addresses, and credit-code fragments")
    func search() async throws {
        let f = try await Fixtures.demo()
        let staff = try await f.caller("staff")
        _ = try await f.store.enterprises.create(Self.profile("示例县青山精细化工有限公司"), by: staff)
        _ = try await f.store.enterprises.create(Self.profile("梅溪竹木家具厂", code: nil, village: "330529102201"), by: staff)
        let page = try PageRequest()
        for (fragment, expected) in [
            ("化工", ["示例县青山精细化工有限公司"]), ("精细化工", ["示例县青山精细化工有限公司"]), ("竹木", ["梅溪竹木家具厂"]),
            ("杜方社区", ["示例县青山精细化工有限公司", "梅溪竹木家具厂"]), ("ma2h3k", ["示例县青山精细化工有限公司"]), ("不存在", []),
        ] {
            let found = try await f.store.enterprises.list(.init(query: fragment), page: page, by: staff)
            #expect(Set(found.items.map(\.profile.name)) == Set(expected), "\(fragment)")
            #expect(found.total == expected.count)
        }
        await f.close()
    }

    @Test("filters narrow the list, and a township officer sees only their township")
    func filtersAndJurisdiction() async throws {
        let f = try await Fixtures.demo(enterprises: 60)
        let leader = try await f.caller("leader")
        let township = try await f.caller("township")
        let all = try await f.store.enterprises.list(.init(), page: try PageRequest(pageSize: 200), by: leader)
        #expect(all.total == 63)  // 60 generated and the 3 featured ones
        let mine = try await f.store.enterprises.list(.init(), page: try PageRequest(pageSize: 200), by: township)
        #expect(mine.total == all.items.filter { $0.profile.divisionCode.hasPrefix("330529101") }.count)
        #expect(mine.items.allSatisfy { $0.profile.divisionCode.hasPrefix("330529101") })
        if let outside = all.items.first(where: { !$0.profile.divisionCode.hasPrefix("330529101") }) {
            await #expect(throws: AnlanError.self) { try await f.store.enterprises.get(outside.id, by: township) }
        }
        let red = try await f.store.enterprises.list(.init(riskLevel: .major), page: try PageRequest(pageSize: 200), by: leader)
        #expect(red.total == all.items.filter { $0.riskLevel == .major }.count)
        let chemical = try await f.store.enterprises.list(.init(sector: "危险化学品"), page: try PageRequest(pageSize: 200), by: leader)
        #expect(chemical.items.allSatisfy { $0.profile.sectors.contains("危险化学品") })
        #expect(chemical.total == all.items.filter { $0.profile.sectors.contains("危险化学品") }.count)
        let expiring = try await f.store.enterprises.list(
            .init(licenceExpiringWithinDays: 3650), page: try PageRequest(pageSize: 200), by: leader)
        #expect(expiring.total == all.items.filter { !$0.profile.licences.isEmpty }.count)
        let sorted = try await f.store.enterprises.list(.init(), sort: .riskLevel, page: try PageRequest(pageSize: 200), by: leader)
        let order: [RiskLevel?] = [.major, .high, .moderate, .low, nil]
        #expect(
            sorted.items.map { order.firstIndex(of: $0.riskLevel)! } == sorted.items.map { order.firstIndex(of: $0.riskLevel)! }.sorted())
        await f.close()
    }

    @Test("an enterprise officer sees only their own enterprise and changes only its contacts")
    func enterpriseOfficer() async throws {
        let f = try await Fixtures.demo(enterprises: 600)
        let officer = try await f.caller("enterprise")
        let ownID = try #require(officer.enterpriseID)
        let list = try await f.store.enterprises.list(.init(), page: try PageRequest(), by: officer)
        #expect(list.total == 1)
        #expect(list.items.first?.id == ownID)
        let changed = try await f.store.enterprises.updateContacts(
            id: ownID, principal: "新负责人", safetyOfficerName: "新安全员", safetyOfficerPhone: "0572-1234567", by: officer)
        #expect(changed.profile.safetyOfficerName == "新安全员")
        await #expect(throws: AnlanError.self) { try await f.store.enterprises.update(id: ownID, changed.profile, by: officer) }
        await #expect(throws: AnlanError.self) {
            try await f.store.enterprises.setRiskLevel(id: ownID, to: .low, reason: "自评", by: officer)
        }
        await #expect(throws: AnlanError.self) { try await f.store.enterprises.create(Self.profile("冒名企业"), by: officer) }
        await f.close()
    }

    @Test("risk-level changes keep who, when and why; changes are audited")
    func riskHistory() async throws {
        let f = try await Fixtures.demo()
        let staff = try await f.caller("staff")
        let inspector = try await f.caller("inspector")
        let created = try await f.store.enterprises.create(Self.profile("丙化工"), riskLevel: .moderate, by: staff).enterprise
        f.clock.advance(seconds: 3600)
        _ = try await f.store.enterprises.setRiskLevel(id: created.id, to: .high, reason: "检查发现重大隐患", by: inspector)
        await #expect(throws: AnlanError.self) {
            try await f.store.enterprises.setRiskLevel(id: created.id, to: .low, reason: " ", by: inspector)
        }
        let history = try await f.store.enterprises.riskHistory(created.id, by: staff)
        #expect(history.count == 2)
        #expect(history[0].from == .moderate && history[0].to == .high && history[0].changedBy == "inspector")
        #expect(history[0].reason == "检查发现重大隐患")
        #expect(history[1].from == nil && history[1].to == .moderate)
        let audit = try await f.store.audit.search(
            .init(action: "enterprise.risk_level"), page: try PageRequest(), by: try await f.caller("auditadmin"))
        #expect(audit.total == 1)
        await f.close()
    }

    @Test("an impossible profile is refused field by field")
    func invalid() async throws {
        var blankName = Self.profile("丁")
        blankName.name = "  "
        #expect(throws: AnlanError.self) { try blankName.validated(sectors: SectorCatalog.defaults) }
        var township = Self.profile("丁")
        township.divisionCode = "330529101000"
        #expect(throws: AnlanError.self) { try township.validated(sectors: SectorCatalog.defaults) }
        var noSector = Self.profile("戊")
        noSector.sectors = ["不存在的行业"]
        #expect(throws: AnlanError.self) { try noSector.validated(sectors: SectorCatalog.defaults) }
        var badDate = Self.profile("己")
        badDate.licences = [Licence(kind: "许可证", number: "1", expiresOn: "2026-02-30")]
        #expect(throws: AnlanError.self) { try badDate.validated(sectors: SectorCatalog.defaults) }
        var halfCoordinates = Self.profile("庚")
        halfCoordinates.longitude = nil
        #expect(throws: AnlanError.self) { try halfCoordinates.validated(sectors: SectorCatalog.defaults) }
    }
}

@Suite("Major hazard installations")
struct InstallationTests {
    @Test("the demo's featured units are graded from their data and stored with the rule version")
    func featured() async throws {
        let f = try await Fixtures.demo(enterprises: 1)
        let leader = try await f.caller("leader")
        var grades: [String: [Int?]] = [:]
        for name in ["示例县恒冷冷链物流有限公司", "示例县城关液化石油气供应站", "示例县青山氯碱化工有限公司"] {
            let enterprise = try #require(
                try await f.store.enterprises.list(.init(query: name), page: try PageRequest(), by: leader).items.first)
            let units = try await f.store.installations.list(for: enterprise.id, by: leader)
            grades[name] = units.map(\.assessment.grade)
            #expect(units.allSatisfy { $0.assessment.ruleVersion == "GB 18218-2018" && !$0.assessment.lines.isEmpty })
        }
        #expect(grades["示例县恒冷冷链物流有限公司"] == [4])
        #expect(grades["示例县城关液化石油气供应站"] == [4])
        // 液氯 40/5 × β4 + 甲醇 800/500 × β1 = 33.6; α 2 → R 67.2: 二级. 氯化氢 6/20 + W5.3 200/1000 = 0.5: not a major hazard.
        #expect(grades["示例县青山氯碱化工有限公司"] == [2, nil])
        await f.close()
    }

    @Test("units are scoped like their enterprise; bad substances are refused naming them")
    func scopingAndValidation() async throws {
        let f = try await Fixtures.demo(enterprises: 1)
        let staff = try await f.caller("staff")
        let plant = try #require(try await f.store.enterprises.list(.init(query: "氯碱"), page: try PageRequest(), by: staff).items.first)
        let township = try await f.caller("township")  // 青山镇: the plant is there
        #expect(try await f.store.installations.list(for: plant.id, by: township).count == 2)
        let officer = try await f.caller("enterprise")  // another enterprise's officer
        #expect(try await f.store.installations.list(for: plant.id, by: officer).isEmpty)
        do {
            _ = try await f.store.installations.add(
                to: plant.id, name: "新单元", unitKind: .storage, exposedPopulation: 10,
                holdings: [.init(substance: "神秘物质", quantityTonnes: 1)], by: staff)
            Issue.record("accepted an unknown substance")
        } catch let error as AnlanError {
            #expect(error.code == "hazard.substance_unknown")
            #expect(error.message.contains("神秘物质"))
        }
        await f.close()
    }
}

@Suite("Data governance")
struct GovernanceTests {
    @Test("the report finds near-duplicates, missing and out-of-county coordinates, and counts filled fields")
    func report() async throws {
        let f = try await Fixtures.demo()
        let staff = try await f.caller("staff")
        func make(_ name: String, address: String?, lat: Double?, lon: Double?, code: String? = nil) async throws {
            _ = try await f.store.enterprises.create(
                EnterpriseProfile(
                    name: name, creditCode: code, address: address, divisionCode: "330529101201", latitude: lat, longitude: lon,
                    sectors: ["机械"]),
                by: staff)
        }
        try await make("示例县青山五金厂", address: "青山镇 1 号", lat: 30.66, lon: 119.82, code: "91330106MA2H3K5P39")
        try await make("示例县青山五金有限公司", address: "青山镇 2 号", lat: 30.66, lon: 119.82)
        try await make("示例县 青山五金厂", address: "青山镇1号", lat: nil, lon: nil)
        try await make("远方机械厂", address: "外省某地", lat: 39.9, lon: 116.4)
        let report = try await f.store.enterprises.governance(by: staff)
        #expect(report.activeCount == 4)
        #expect(report.filled.first { $0.column == "credit_code" }?.count == 1)
        #expect(report.filled.first { $0.column == "latitude" }?.count == 3)
        #expect(report.sameNameAndAddress.count == 1)
        #expect(report.sameNameAndAddress.first?.count == 2)
        #expect(report.similarNames.first.map { Set($0.map(\.name)) } == ["示例县青山五金厂", "示例县青山五金有限公司", "示例县 青山五金厂"])
        #expect(report.withoutCoordinates.map(\.name) == ["示例县 青山五金厂"])
        #expect(report.outsideCounty.map(\.name) == ["远方机械厂"])
        #expect(report.invalidCreditCodes.isEmpty)
        // A township officer's report covers only their township.
        let township = try await f.caller("township")
        #expect(try await f.store.enterprises.governance(by: township).activeCount == 4)
        let info = try await f.caller("info")  // a village of 青山镇: 330529101201, where they all are
        #expect(try await f.store.enterprises.governance(by: info).activeCount == 4)
        await f.close()
    }

    @Test("ray casting: inside, outside, and inside a hole")
    func polygon() throws {
        let square = try #require(
            GeoPolygon(geoJSON: #"{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[4,4],[6,4],[6,6],[4,6],[4,4]]]}"#))
        #expect(square.contains(GeoPoint(latitude: 2, longitude: 2)))
        #expect(!square.contains(GeoPoint(latitude: 5, longitude: 5)))
        #expect(!square.contains(GeoPoint(latitude: 11, longitude: 5)))
        #expect(GeoPolygon(geoJSON: #"{"type":"Point","coordinates":[1,2]}"#) == nil)
    }
}

@Suite("Enterprise list counts")
struct EnterpriseListCountTests {
    @Test("a list's total is exact after every change, though paging reuses it: create, archive, a sector change")
    func countsFollowChanges() async throws {
        try await Fixtures.with(enterprises: 60) { f in
            // Given a filter with more than one page
            let staff = try await f.caller("staff")
            let page1 = try PageRequest(page: 1, pageSize: 2)
            let page2 = try PageRequest(page: 2, pageSize: 2)
            let filter = EnterpriseRepository.Filter(sector: "危险化学品")
            let before = try await f.store.enterprises.list(filter, page: page1, by: staff).total
            #expect(before > 2)
            #expect(try await f.store.enterprises.list(filter, page: page2, by: staff).total == before)
            // When an enterprise of that sector is created, then the total counts it on every page
            let created = try await f.store.enterprises.create(EnterpriseRepositoryTests.profile("示例县新建化工有限公司"), by: staff).enterprise
            #expect(try await f.store.enterprises.list(filter, page: page1, by: staff).total == before + 1)
            #expect(try await f.store.enterprises.list(filter, page: page2, by: staff).total == before + 1)
            // When its sector changes (only the sectors table changes), it leaves the count
            var profile = created.profile
            profile.sectors = ["机械"]
            _ = try await f.store.enterprises.update(id: created.id, profile, by: staff)
            #expect(try await f.store.enterprises.list(filter, page: page1, by: staff).total == before)
            // When it is archived, the unfiltered total drops by one too
            let all = try await f.store.enterprises.list(.init(), page: page1, by: staff).total
            try await f.store.enterprises.archive(id: created.id, reason: "企业注销", by: staff)
            #expect(try await f.store.enterprises.list(.init(), page: page1, by: staff).total == all - 1)
            // And every total equals the number of rows the list really holds
            let everything = try await f.store.enterprises.list(filter, page: try PageRequest(pageSize: 200), by: staff)
            #expect(everything.total == everything.items.count)
        }
    }

    @Test("two-character searches find what they name, in order, with the right total")
    func shortSearch() async throws {
        try await Fixtures.with(enterprises: 60) { f in
            let staff = try await f.caller("staff")
            _ = try await f.store.enterprises.create(EnterpriseRepositoryTests.profile("示例县青山精细化工有限公司"), by: staff)
            let found = try await f.store.enterprises.list(.init(query: "化工"), page: try PageRequest(pageSize: 200), by: staff)
            #expect(found.items.contains { $0.profile.name == "示例县青山精细化工有限公司" })
            #expect(found.items.allSatisfy { ($0.profile.name + ($0.profile.address ?? "")).contains("化工") })
            #expect(found.total == found.items.count)
            #expect(found.items.map(\.profile.name) == found.items.map(\.profile.name).sorted())
        }
    }
}

@Suite("Enterprise list pages read backwards")
struct EnterpriseBackwardsPageTests {
    @Test("every page of every order is the same read from the start or from the end, the last partial page too")
    func sameBothWays() async throws {
        try await Fixtures.with(enterprises: 60) { f in
            let staff = try await f.caller("staff")
            for sort in EnterpriseRepository.Sort.allCases {
                for filter in [EnterpriseRepository.Filter(), .init(sector: "危险化学品"), .init(riskLevel: .high)] {
                    let first = try await f.store.enterprises.list(
                        filter, sort: sort, page: try PageRequest(page: 1, pageSize: 7), by: staff)
                    #expect(first.total > 7 || filter.sector != nil || filter.riskLevel != nil)
                    for number in 1...(first.pageCount + 1) {
                        let request = try PageRequest(page: number, pageSize: 7)
                        let forwards = try await f.store.enterprises.list(filter, sort: sort, page: request, by: staff, backwardsFrom: .max)
                        let backwards = try await f.store.enterprises.list(filter, sort: sort, page: request, by: staff, backwardsFrom: 1)
                        #expect(forwards.items.map(\.id) == backwards.items.map(\.id), "\(sort) \(filter) page \(number)")
                        #expect(
                            forwards.total == backwards.total && backwards.items.count == min(7, max(0, first.total - (number - 1) * 7)))
                    }
                }
            }
        }
    }
}
