import AnlanCore
import Testing

@Suite("Unified social credit code (GB 32100)")
struct CreditCodeTests {
    @Test("RULES §9's worked example passes both checks")
    func workedExample() throws {
        let check = CreditCode.check("91330106MA2H3K5P39")
        #expect(check.isValid)
        #expect(check.expectedCheckCharacter == "9")
        #expect(check.warnings.isEmpty)
        #expect(try CreditCode("91330106MA2H3K5P39").rawValue == "91330106MA2H3K5P39")
    }

    @Test("full-width characters, spaces and lower case are normalized first")
    func normalization() throws {
        #expect(try CreditCode("９１３３０１０６ma2h3k5p39").rawValue == "91330106MA2H3K5P39")
        #expect(try CreditCode(" 9133 0106 MA2H 3K5P 39\u{3000}").rawValue == "91330106MA2H3K5P39")
    }

    @Test("a wrong check character is refused naming the expected one")
    func wrongCheck() {
        let check = CreditCode.check("91330106MA2H3K5P38")
        #expect(!check.isValid)
        #expect(check.expectedCheckCharacter == "9")
        #expect(check.error?.code == "enterprise.credit_code_invalid")
        #expect(check.error?.message.contains("应为“9”") == true)
        #expect(check.error?.details?["expectedCheckCharacter"] == "9")
    }

    @Test(
        "wrong lengths and forbidden letters are refused",
        arguments: ["91330106MA2H3K5P3", "91330106MA2H3K5P391", "91330106MA2H3K5O39", "", "91330106MA2H3K5P3-"])
    func malformed(_ text: String) {
        #expect(CreditCode.check(text).error?.code == "enterprise.credit_code_invalid")
    }

    @Test("a failing GB 11714 body check only warns")
    func organizationWarning() throws {
        // Change the 17th character and recompute the 18th, so only the organization check fails.
        let body = "91330106MA2H3K5P4"
        let check18 = try #require(CreditCode.check(body + "0").expectedCheckCharacter)
        let check = CreditCode.check(body + String(check18))
        #expect(check.isValid)
        #expect(check.warnings.count == 1)
        #expect(check.warnings[0].contains("应为“3”"))
    }
}

@Suite("Major hazard installations (GB 18218-2018)")
struct MajorHazardTests {
    @Test(
        "α at the population boundaries",
        arguments: [(0, 0.5), (1, 1.0), (29, 1.0), (30, 1.2), (49, 1.2), (50, 1.5), (99, 1.5), (100, 2.0), (5000, 2.0)])
    func alpha(_ people: Int, _ expected: Double) {
        #expect(MajorHazardRule.alpha(exposedPopulation: people) == expected)
    }

    @Test("grades at the R boundaries", arguments: [(9.99, 4), (10, 3), (49.99, 3), (50, 2), (99.99, 2), (100, 1), (1000, 1)])
    func grades(_ r: Double, _ grade: Int) {
        #expect(MajorHazardRule.grade(r: r) == grade)
    }

    @Test("50 t of liquid ammonia with 120 people nearby: S 5, R 20, grade 3")
    func ammoniaRefrigeration() throws {
        let result = try MajorHazardRule.assess(exposedPopulation: 120, holdings: [.substance("液氨", quantityTonnes: 50)])
        #expect(result.s == 5)
        #expect(result.isMajorHazard)
        #expect(result.alpha == 2)
        #expect(result.r == 20)
        #expect(result.grade == 3)
        #expect(result.ruleVersion == "GB 18218-2018")
    }

    @Test("S exactly 1 is a major hazard; just below is not")
    func threshold() throws {
        let at = try MajorHazardRule.assess(
            exposedPopulation: 10, holdings: [.substance("7664-41-7", quantityTonnes: 1), .hazardClass("W5.3", quantityTonnes: 900)])
        #expect(at.isMajorHazard)
        #expect(at.grade == 4)
        let below = try MajorHazardRule.assess(exposedPopulation: 10, holdings: [.substance("氨", quantityTonnes: 9.99)])
        #expect(!below.isMajorHazard)
        #expect(below.grade == nil)
    }

    @Test("the issue's mixed example: ammonia by name and a W5.3 class")
    func mixed() throws {
        let result = try MajorHazardRule.assess(
            exposedPopulation: 60, holdings: [.substance("液氨", quantityTonnes: 50), .hazardClass("W5.3", quantityTonnes: 800)])
        #expect(abs(result.s - 5.8) < 1e-9)
        #expect(abs(result.r - 1.5 * (2 * 5 + 1 * 0.8)) < 1e-9)
        #expect(result.grade == 3)
    }

    @Test("unknown substances and classes are named in the refusal")
    func unknown() {
        do {
            _ = try MajorHazardRule.assess(
                exposedPopulation: 0, holdings: [.substance("天使之尘", quantityTonnes: 1), .hazardClass("W99", quantityTonnes: 1)])
            Issue.record("accepted unknown substances")
        } catch let error as AnlanError {
            #expect(error.code == "hazard.substance_unknown")
            #expect(error.message.contains("天使之尘") && error.message.contains("W99"))
        } catch { Issue.record("\(error)") }
    }

    @Test("impossible quantities and populations are refused", arguments: [-1.0, Double.nan, Double.infinity])
    func impossible(_ quantity: Double) {
        #expect(throws: AnlanError.self) {
            try MajorHazardRule.assess(exposedPopulation: 0, holdings: [.substance("氨", quantityTonnes: quantity)])
        }
        #expect(throws: AnlanError.self) {
            try MajorHazardRule.assess(exposedPopulation: -1, holdings: [.substance("氨", quantityTonnes: 1)])
        }
    }

    @Test("every Table 2 class has its Table 4 β")
    func classes() {
        #expect(HazardClass.j1.beta == 4 && HazardClass.w2.beta == 1.5 && HazardClass.w5_3.beta == 1 && HazardClass.w1_1.beta == 2)
        #expect(HazardClass.w5_4.criticalQuantity == 5000 && HazardClass.w3.criticalQuantity == 150)
        #expect(HazardClass.allCases.count == 24)
    }

    @Test("硝酸铵 is three Table 1 rows and a bare name or its CAS number must say which; 甲醛 is only 甲醛（含量>90%）")
    func ambiguousRows() throws {
        for name in ["硝酸铵", "6484-52-2", "甲醛", "50-00-0", "福尔马林", "甲醛溶液"] {
            do {
                _ = try MajorHazardRule.assess(exposedPopulation: 0, holdings: [.substance(name, quantityTonnes: 1)])
                Issue.record("\(name) matched silently")
            } catch let error as AnlanError { #expect(error.code == "hazard.substance_ambiguous", "\(name)") }
        }
        let rows: [(String, Double, Double)] = [
            ("硝酸铵（含可燃物>0.2%）", 5, 2), ("硝酸铵（含可燃物≤0.2%）", 50, 1), ("硝酸铵肥料（含可燃物≤0.4%）", 200, 1),
            ("甲醛（含量>90%）", 5, 2), ("氧", 200, 1), ("液氧", 200, 1), ("电石", 100, 1), ("氯", 5, 4),
        ]
        for (name, q, beta) in rows {
            let substance = try #require(MajorHazardCatalog.substance(named: name), "\(name)")
            #expect(substance.criticalQuantity == q && substance.beta == beta, "\(name)")
            // β from Table 3 is the standard's; from Table 4 it rests on a class the standard does not state.
            #expect(substance.betaSource.hasPrefix(substance.hazardClass == nil ? "表3" : "表4"), "\(name)")
            if let c = substance.hazardClass { #expect(c.beta == substance.beta, "\(name): β follows its class") }
        }
        #expect(
            MajorHazardCatalog.substance(named: "氧")?.hazardClass == .w4 && MajorHazardCatalog.substance(named: "电石")?.hazardClass == .w11)
        // 6 t of 硝酸铵 (>0.2 %) alone is a major hazard; 6 t of the fertiliser is not.
        #expect(try MajorHazardRule.assess(exposedPopulation: 0, holdings: [.substance("硝酸铵（含可燃物>0.2%）", quantityTonnes: 6)]).isMajorHazard)
        #expect(
            try !MajorHazardRule.assess(exposedPopulation: 0, holdings: [.substance("硝酸铵肥料（含可燃物≤0.4%）", quantityTonnes: 6)]).isMajorHazard)
    }
}
