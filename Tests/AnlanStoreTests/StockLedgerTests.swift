import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import Testing

/// The stock ledger: balances only move by slips, never below zero (also under concurrent issues), batches go first to
/// expire first out, an expired batch needs an audited confirmation, and the maintained tables equal the ledger.
@Suite("Stock ledger")
struct StockLedgerTests {
    struct Setup {
        let f: Fixtures
        let staff: Caller
        let county: Warehouse
        let township: Warehouse
        let tent: SupplyItem
        let jacket: SupplyItem
    }

    static func setup(_ f: Fixtures) async throws -> Setup {
        let staff = try await f.caller("staff")
        let county = try await f.store.warehouses.create(
            WarehouseDraft(
                name: "县应急物资储备库", kind: .countyReserve, divisionCode: try DivisionCode("330529000000"), address: "城关镇工业路 8 号",
                manager: "陈静", phone: "0572-5551234", keyHolder: "老周", keyHolderPhone: "13800000001"), by: staff)
        let township = try await f.store.warehouses.create(
            WarehouseDraft(
                name: "青山镇物资储备点", kind: .townshipPoint, divisionCode: try DivisionCode("330529101000"), address: "青山镇政府院内",
                manager: "刘洋", phone: "13800000002", serves: [try DivisionCode("330529101000")]), by: staff)
        let tent = try await f.store.warehouses.createItem(
            SupplyItemDraft(majorClass: .basicLiving, name: "救灾帐篷", specification: "12平方米", unit: "顶"), by: staff)
        let jacket = try await f.store.warehouses.createItem(
            SupplyItemDraft(majorClass: .equipment, name: "救生衣", specification: "成人", unit: "件"), by: staff)
        return Setup(f: f, staff: staff, county: county, township: township, tent: tent, jacket: jacket)
    }

    static func receipt(_ s: Setup, _ item: SupplyItem, _ n: Int, batch: String = "", expires: Day? = nil) -> StockMovementOrder {
        StockMovementOrder(
            kind: .receipt, warehouseID: s.county.id, occurredOn: day("2026-11-01"), source: .purchase, party: "省应急物资公司",
            lines: [StockLineOrder(itemID: item.id, quantity: n, batchNo: batch, expiresOn: expires)])
    }

    static func issue(_ s: Setup, _ item: SupplyItem, _ n: Int, allowExpired: Bool = false) -> StockMovementOrder {
        StockMovementOrder(
            kind: .issue, warehouseID: s.county.id, occurredOn: day("2026-11-20"), recipientKind: .township, party: "青山镇人民政府",
            receiver: "刘洋", allowExpired: allowExpired, lines: [StockLineOrder(itemID: item.id, quantity: n)])
    }

    static func code(_ body: () async throws -> Void) async -> String? {
        do { try await body() } catch let e as AnlanError { return e.code } catch { return "\(error)" }
        return nil
    }

    @Test("receipts add, an issue takes the first batch to expire, an over-issue is refused naming what is available and moves nothing")
    func receiptAndIssue() async throws {
        try await Fixtures.with { f in
            let s = try await Self.setup(f)
            let stock = f.store.stock
            let first = try await stock.record(Self.receipt(s, s.jacket, 30, batch: "B2", expires: day("2029-06-30")), by: s.staff)
            #expect(first.number.hasPrefix("RK") && first.number.hasSuffix("-001"))
            _ = try await stock.record(Self.receipt(s, s.jacket, 20, batch: "B1", expires: day("2028-06-30")), by: s.staff)
            #expect(try await stock.total(of: s.jacket.id, by: s.staff) == 50)

            let issued = try await stock.record(Self.issue(s, s.jacket, 25), by: s.staff)
            #expect(issued.lines.map(\.batchNo) == ["B1", "B2"] && issued.lines.map(\.delta) == [-20, -5])
            #expect(issued.awaitsConfirmation && issued.number.hasPrefix("CK"))

            do {
                _ = try await stock.record(Self.issue(s, s.jacket, 26), by: s.staff)
                Issue.record("an issue over the balance went through")
            } catch let e as AnlanError {
                #expect(e.code == "stock.insufficient" && e.message.contains("可用 25 件") && e.details?["available"] == "25")
            }
            #expect(try await stock.total(of: s.jacket.id, by: s.staff) == 25)
            #expect(try await stock.movements(.init(), page: PageRequest(), by: s.staff).total == 3)
            #expect(try await stock.verify().isEmpty)
        }
    }

    @Test("an expired batch goes out only with the confirmation, and the slip and its audit record say so")
    func expired() async throws {
        try await Fixtures.with { f in
            let s = try await Self.setup(f)
            let stock = f.store.stock
            _ = try await stock.record(Self.receipt(s, s.tent, 10, batch: "OLD", expires: day("2025-12-31")), by: s.staff)
            _ = try await stock.record(Self.receipt(s, s.tent, 4, batch: "NEW", expires: day("2030-12-31")), by: s.staff)
            #expect(try await stock.record(Self.issue(s, s.tent, 4), by: s.staff).lines.map(\.batchNo) == ["NEW"])
            #expect(
                await Self.code { _ = try await stock.record(Self.issue(s, s.tent, 3), by: s.staff) }
                    == "stock.expired_confirmation_required")
            let confirmed = try await stock.record(Self.issue(s, s.tent, 3, allowExpired: true), by: s.staff)
            #expect(confirmed.expiredConfirmed && confirmed.lines.map(\.batchNo) == ["OLD"])
            let audit = try await f.store.audit.search(.init(action: "stock.issue"), page: PageRequest(), by: .console("test"))
            #expect(audit.items.contains { $0.after?.contains("\"expiredConfirmed\":true") == true })
            let expiring = try await stock.expiring(page: PageRequest(), by: s.staff)
            #expect(expiring.items.map(\.batchNo) == ["OLD"] && expiring.items.first?.quantity == 7)
        }
    }

    @Test("a transfer moves the batch to the other warehouse; a stocktake records its difference only with a reason; scrap needs a reason")
    func transferStocktakeScrap() async throws {
        try await Fixtures.with { f in
            let s = try await Self.setup(f)
            let stock = f.store.stock
            _ = try await stock.record(Self.receipt(s, s.tent, 10, batch: "T1", expires: day("2031-01-01")), by: s.staff)
            let moved = try await stock.record(
                StockMovementOrder(
                    kind: .transfer, warehouseID: s.county.id, toWarehouseID: s.township.id, occurredOn: day("2026-11-25"),
                    lines: [StockLineOrder(itemID: s.tent.id, quantity: 6)]), by: s.staff)
            #expect(moved.lines.map(\.delta) == [-6, 6] && moved.lines.map(\.warehouseID) == [s.county.id, s.township.id])
            let township = try await stock.balances(.init(warehouseID: s.township.id), page: PageRequest(), by: s.staff)
            #expect(township.items.map(\.quantity) == [6] && township.items.first?.nextExpiry == day("2031-01-01"))

            // The township officer sees its own point and the transfer that reached it, not the county's reserve.
            let officer = try await f.caller("township")
            #expect(try await f.store.warehouses.list(.init(), page: PageRequest(), by: officer).items.map(\.id) == [s.township.id])
            #expect(try await stock.movements(.init(), page: PageRequest(), by: officer).items.map(\.id) == [moved.id])
            #expect(await Self.code { _ = try await stock.record(Self.issue(s, s.tent, 1), by: officer) } == "warehouse.not_found")

            var count = StockMovementOrder(
                kind: .stocktake, warehouseID: s.county.id, occurredOn: day("2026-11-28"),
                lines: [StockLineOrder(itemID: s.tent.id, counted: 3)])
            #expect(await Self.code { _ = try await stock.record(count, by: s.staff) } == "stock.reason_required")
            count.reason = "一顶帐篷受潮霉变，已移出待报废"
            let counted = try await stock.record(count, by: s.staff)
            #expect(counted.lines.first?.book == 4 && counted.lines.first?.counted == 3 && counted.lines.first?.delta == -1)

            let scrap = StockMovementOrder(
                kind: .scrap, warehouseID: s.township.id, occurredOn: day("2026-11-28"),
                lines: [StockLineOrder(itemID: s.tent.id, quantity: 1)])
            #expect(throws: AnlanError.self) {
                _ = try StockMovementOrder.parse(
                    TextInput(["kind": "scrap", "warehouseId": s.township.id.key, "lines.itemId": s.tent.id.key, "lines.quantity": "1"]),
                    today: day("2026-11-30"))
            }
            var withReason = scrap
            withReason.reason = "破损无法修复"
            _ = try await stock.record(withReason, by: s.staff)
            #expect(try await stock.total(of: s.tent.id, by: s.staff) == 8)
            #expect(try await stock.verify().isEmpty)
        }
    }

    @Test("many concurrent issues of the last units: exactly the available quantity goes out, the rest are refused")
    func concurrentIssues() async throws {
        try await Fixtures.with { f in
            let s = try await Self.setup(f)
            let stock = f.store.stock
            _ = try await stock.record(Self.receipt(s, s.jacket, 7), by: s.staff)
            let outcomes = await withTaskGroup(of: String.self) { group in
                for _ in 0..<24 {
                    group.addTask { await Self.code { _ = try await stock.record(Self.issue(s, s.jacket, 1), by: s.staff) } ?? "ok" }
                }
                var all: [String] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.filter { $0 == "ok" }.count == 7)
            #expect(outcomes.filter { $0 == "stock.insufficient" }.count == 17)
            #expect(try await stock.total(of: s.jacket.id, by: s.staff) == 0)
            let issued = try await stock.movements(.init(kind: .issue), page: PageRequest(), by: s.staff)
            #expect(issued.total == 7 && Set(issued.items.map(\.number)).count == 7)
            #expect(try await stock.verify().isEmpty)
        }
    }

    @Test("a slip's lines are parsed from a form's parallel fields and from JSON objects alike, with the line number in the message")
    func parseLines() throws {
        let item = UUID()
        let today = day("2026-11-30")
        let form = TextInput([
            "kind": "receipt", "warehouseId": UUID().key, "source": "donation", "party": "爱心企业", "lines.itemId": item.key,
            "lines.quantity": "12", "lines.expiresOn": "2027-01-01",
        ])
        let order = try StockMovementOrder.parse(form, today: today)
        #expect(order.lines == [StockLineOrder(itemID: item, quantity: 12, batchNo: "", expiresOn: day("2027-01-01"))])
        #expect(order.occurredOn == today)
        do {
            _ = try StockMovementOrder.parse(
                TextInput([
                    "kind": "issue", "warehouseId": UUID().key, "recipientKind": "township", "party": "青山镇", "receiver": "刘洋",
                    "lines.itemId": item.key, "lines.quantity": "0",
                ]), today: today)
            Issue.record("a zero quantity was accepted")
        } catch let e as AnlanError { #expect(e.code == "stock.quantity_invalid" && e.message.hasPrefix("第 1 行")) }
        #expect(throws: AnlanError.self) {
            _ = try StockMovementOrder.parse(
                TextInput([
                    "kind": "receipt", "warehouseId": UUID().key, "source": "purchase", "occurredOn": "2026-12-01",
                    "lines.itemId": item.key, "lines.quantity": "1",
                ]),
                today: today)
        }
    }
}

private func day(_ text: String) -> Day { Day(text)! }
