import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import Testing

/// 现场处理措施 as coded records: chosen from 《安全生产法》第六十五条's list, seized items listed, counted by the report,
/// listed by the measure, kept through a correction.
@Suite("On-site measures")
struct OnSiteMeasuresTests {
    @Test("a decision names coded measures with their clause; 查封扣押 lists its items; the report counts both and equals its lists")
    func measures() async throws {
        try await Fixtures.with(enterprises: 600) { f in
            let inspector = try await f.caller("inspector")
            let target = try #require(try await f.caller("enterprise").enterpriseID)
            let inspection = try await f.store.inspections.submit(SupervisionTests.draft(target), by: inspector).inspection
            let d = f.store.documents
            func code(_ order: DocumentOrder) async -> String? {
                do { _ = try await d.issue(order, by: inspector) } catch let e as AnlanError { return e.code } catch { return "\(error)" }
                return nil
            }
            func parse(_ fields: [String: String]) throws -> DocumentOrder {
                try DocumentOrder.parse(TextInput(fields.merging(["kind": "onSiteMeasures"]) { a, _ in a }), inspection: inspection.id)
            }
            #expect(await code(try parse([:])) == "document.measures_required")
            #expect(throws: AnlanError.self) { try parse(["onSiteMeasures": "closeForever"]) }
            #expect(await code(try parse(["onSiteMeasures": "seize"])) == "document.seized_items_required")
            do {
                _ = try parse(["onSiteMeasures": "seize", "seizedItems": "礼花弹|5号|二十|箱"])
                Issue.record("a quantity in words was accepted")
            } catch let e as AnlanError { #expect(e.code == "document.seized_item_invalid" && e.message.contains("第 1 行")) }

            let suspended = try await d.issue(
                try parse(["onSiteMeasures": "suspend", "measures": "二号车间暂时停产"]), by: inspector)
            #expect(
                suspended.fields.contains {
                    $0.label == "现场处理措施" && $0.value.hasPrefix("1. 责令暂时停产停业（依据《中华人民共和国安全生产法》第六十五条第一款第（三）项）")
                })
            let seized = try await d.issue(
                try parse(["onSiteMeasures": "seize", "seizedItems": "礼花弹|5号|20|箱\n组合烟花|100发|12.5|箱"]), by: inspector)
            #expect(seized.fields.contains { $0.label == "查封扣押物品清单" && $0.value == "1. 礼花弹（5号）20箱\n2. 组合烟花（100发）12.5箱" })

            let report = try await f.store.statistics.report(.init(from: "2026-01-01", to: "2026-12-31"), by: inspector)
            #expect(report.total.onSiteSuspensions == 1 && report.total.seizures == 1)
            let any = try PageRequest(pageSize: 50)
            #expect(try await d.documents(.init(measure: .suspend), page: any, by: inspector).items.map(\.id) == [suspended.id])
            #expect(try await d.documents(.init(seizure: true), page: any, by: inspector).items.map(\.id) == [seized.id])

            // A correction keeps the measures and the seized items; the voided original no longer counts.
            _ = try await d.void(seized.id, reason: "物品数量有误", by: inspector)
            let corrected = try await d.correct(try await d.document(seized.id, by: inspector), by: inspector)
            #expect(
                corrected.correctsID == seized.id && corrected.fields.first { $0.label == "查封扣押物品清单" }?.value.contains("礼花弹（5号）20箱") == true
            )
            let after = try await f.store.statistics.report(.init(from: "2026-01-01", to: "2026-12-31"), by: inspector)
            #expect(after.total.seizures == 1)
            #expect(
                try await d.documents(.init(includeVoided: false, seizure: true), page: any, by: inspector).items.map(\.id) == [
                    corrected.id
                ])
        }
    }
}
