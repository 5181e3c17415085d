import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import Testing

/// Orders to a warehouse: supplies are reserved against the stock ledger when the order is given (others cannot issue
/// them meanwhile, and never more is reserved than is held, also when many orders race), issued on one 出库单 when the
/// goods leave, released when the order is cancelled before that or the incident closes; the ledger re-derives.
@Suite("Dispatch orders with supplies")
struct DispatchSuppliesTests {
    struct Setup {
        let stock: StockLedgerTests.Setup
        let duty: Caller
        let incident: Incident
    }

    static func setup(_ f: Fixtures, tents: Int = 30) async throws -> Setup {
        let s = try await StockLedgerTests.setup(f)
        _ = try await f.store.stock.record(
            StockLedgerTests.receipt(s, s.tent, tents, batch: "ZP-A", expires: day("2030-01-31")), by: s.staff)
        let duty = try await f.caller("duty")
        let incident = try await f.store.incidents.open(
            IncidentDraft(
                title: "青山镇洪水", type: .floodDrought, occurredAt: f.store.environment.now().addingTimeInterval(-3600),
                divisionCode: try DivisionCode("330529101000"), place: "青山镇青山溪沿岸", summary: "水位超警戒"),
            by: duty)
        return Setup(stock: s, duty: duty, incident: incident)
    }

    static func order(_ s: Setup, _ n: Int, item: SupplyItem? = nil) -> DispatchDraft {
        DispatchDraft(
            target: .warehouse, task: "运送帐篷至安置点", warehouseID: s.stock.county.id, supplies: [((item ?? s.stock.tent).id, n)],
            receiver: "陈建军", receiverPhone: "13957201888")
    }

    static func balance(_ f: Fixtures, _ s: Setup) async throws -> StockBalance? {
        try await f.store.stock.balances(
            .init(warehouseID: s.stock.county.id, itemID: s.stock.tent.id, atLeast: 0), page: PageRequest(), by: s.duty
        )
        .items.first
    }

    @Test("an order reserves its supplies; a slip that would eat into them is refused; going 在途 issues them on one 出库单")
    func reserveThenIssue() async throws {
        try await Fixtures.with { f in
            let s = try await Self.setup(f)
            let incidents = f.store.incidents
            let order = try await incidents.dispatch(s.incident.id, Self.order(s, 20), by: s.duty)
            #expect(order.recipient == "县应急物资储备库" && order.supplies.map(\.state) == [.reserved])
            var balance = try #require(try await Self.balance(f, s))
            #expect(balance.quantity == 30 && balance.reserved == 20)

            // The store may still issue the 10 free; the 11th would take reserved goods and is refused, moving nothing.
            #expect(
                await StockLedgerTests.code {
                    _ = try await f.store.stock.record(StockLedgerTests.issue(s.stock, s.stock.tent, 11), by: s.stock.staff)
                }
                    == "stock.reserved_for_dispatch")
            _ = try await f.store.stock.record(StockLedgerTests.issue(s.stock, s.stock.tent, 10), by: s.stock.staff)
            balance = try #require(try await Self.balance(f, s))
            #expect(balance.quantity == 20 && balance.reserved == 20)

            // Received: nothing leaves yet. En route: one 出库单 to the incident, received by the order's 领用人.
            _ = try await incidents.moveOrder(s.incident.id, order: order.id, to: .received, note: nil, by: s.duty)
            #expect(try await Self.balance(f, s)?.quantity == 20)
            let moved = try await incidents.moveOrder(s.incident.id, order: order.id, to: .enRoute, note: "两车装运", by: s.duty)
            let slipID = try #require(moved.movementID)
            let slip = try await f.store.stock.movement(slipID, by: s.duty)
            #expect(slip.kind == .issue && slip.recipientKind == .incident && slip.party == "青山镇洪水" && slip.receiver == "陈建军")
            #expect(slip.lines.map(\.delta) == [-20] && slip.lines.map(\.batchNo) == ["ZP-A"])
            #expect(moved.supplies.map(\.state) == [.issued])
            balance = try #require(try await Self.balance(f, s))
            #expect(balance.quantity == 0 && balance.reserved == 0)

            // Arriving and completing issue nothing more; the timeline names the order, the slip and the goods.
            _ = try await incidents.moveOrder(s.incident.id, order: order.id, to: .completed, note: nil, by: s.duty)
            #expect(try await f.store.stock.movements(.init(kind: .issue), page: PageRequest(), by: s.duty).total == 2)
            let timeline = try await incidents.events(s.incident.id, page: PageRequest(pageSize: 100), by: s.duty).items.map(\.text)
            #expect(timeline.contains { $0.contains("调运救灾帐篷（12平方米） 20 顶（已预留）") })
            #expect(timeline.contains { $0.contains("出库单 \(slip.number)") })
            #expect(try await f.store.stock.verify().isEmpty)
        }
    }

    @Test("an order for more than is free is refused with the figures, and nothing is reserved or written")
    func insufficient() async throws {
        try await Fixtures.with { f in
            let s = try await Self.setup(f)
            let incidents = f.store.incidents
            _ = try await incidents.dispatch(s.incident.id, Self.order(s, 25), by: s.duty)
            let eventsBefore = try await incidents.events(s.incident.id, page: PageRequest(), by: s.duty).total
            do {
                _ = try await incidents.dispatch(s.incident.id, Self.order(s, 6), by: s.duty)
                Issue.record("an order for 6 of 5 free was given")
            } catch let error as AnlanError {
                #expect(error.code == "dispatch.stock_insufficient")
                #expect(error.details == ["available": "5", "reserved": "25", "requested": "6"])
                #expect(error.message.contains("可调运 5 顶"))
            }
            #expect(try await incidents.orders(of: s.incident.id, by: s.duty).count == 1)
            #expect(try await incidents.events(s.incident.id, page: PageRequest(), by: s.duty).total == eventsBefore)
            #expect(try await Self.balance(f, s)?.reserved == 25)
            // An expired batch is not free to send.
            _ = try await f.store.stock.record(
                StockLedgerTests.receipt(s.stock, s.stock.jacket, 8, batch: "OLD", expires: day("2026-01-31")), by: s.stock.staff)
            #expect(
                await StockLedgerTests.code {
                    _ = try await incidents.dispatch(s.incident.id, Self.order(s, 1, item: s.stock.jacket), by: s.duty)
                }
                    == "dispatch.stock_insufficient")
        }
    }

    @Test("cancelling before the goods leave releases them; closing the incident releases every reservation")
    func release() async throws {
        try await Fixtures.with { f in
            let s = try await Self.setup(f)
            let incidents = f.store.incidents
            let first = try await incidents.dispatch(s.incident.id, Self.order(s, 10), by: s.duty)
            _ = try await incidents.dispatch(s.incident.id, Self.order(s, 12), by: s.duty)
            #expect(try await Self.balance(f, s)?.reserved == 22)
            let cancelled = try await incidents.moveOrder(s.incident.id, order: first.id, to: .cancelled, note: "改由乡镇储备点供应", by: s.duty)
            #expect(cancelled.supplies.map(\.state) == [.released] && cancelled.movementID == nil)
            #expect(try await Self.balance(f, s)?.reserved == 12)
            _ = try await incidents.move(s.incident.id, .verify(note: "核实"), by: s.duty)
            let leader = try await f.caller("leader")
            _ = try await incidents.move(s.incident.id, .close(summary: "水位回落，险情解除"), by: leader)
            let balance = try #require(try await Self.balance(f, s))
            #expect(balance.quantity == 30 && balance.reserved == 0)
            let orders = try await incidents.orders(of: s.incident.id, by: s.duty)
            #expect(orders.map(\.state) == [.cancelled, .cancelled] && orders.flatMap(\.supplies).allSatisfy { $0.state == .released })
            #expect(try await f.store.stock.verify().isEmpty)
        }
    }

    @Test("many concurrent orders for the last units: exactly what is free is reserved, the rest are refused")
    func concurrentOrders() async throws {
        try await Fixtures.with { f in
            let s = try await Self.setup(f, tents: 7)
            let incidents = f.store.incidents
            let outcomes = await withTaskGroup(of: String.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        await StockLedgerTests.code { _ = try await incidents.dispatch(s.incident.id, Self.order(s, 1), by: s.duty) }
                            ?? "ok"
                    }
                }
                var all: [String] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.filter { $0 == "ok" }.count == 7)
            #expect(outcomes.filter { $0 == "dispatch.stock_insufficient" }.count == 13)
            #expect(try await Self.balance(f, s)?.reserved == 7)
            // And each of the seven can leave: the reservations were real.
            for order in try await incidents.orders(of: s.incident.id, by: s.duty) {
                _ = try await incidents.moveOrder(s.incident.id, order: order.id, to: .enRoute, note: nil, by: s.duty)
            }
            #expect(try await Self.balance(f, s)?.quantity == 0)
            #expect(try await f.store.stock.verify().isEmpty)
        }
    }

    @Test("an order's supplies are parsed from a form's parallel fields and from JSON alike; bad lines are refused with their number")
    func parse() throws {
        let warehouse = UUID(), tent = UUID(), bed = UUID()
        let form = PairsInput([
            ("target", "warehouse"), ("warehouseId", warehouse.key), ("task", "运送"), ("receiver", "陈建军"),
            ("supplies.itemId", tent.key), ("supplies.quantity", "20"), ("supplies.itemId", bed.key), ("supplies.quantity", "50"),
            ("supplies.itemId", ""), ("supplies.quantity", ""),
        ])
        let draft = try DispatchDraft.parse(form)
        #expect(
            draft.warehouseID == warehouse && draft.supplies.map(\.itemID) == [tent, bed] && draft.supplies.map(\.quantity) == [20, 50])
        func code(_ pairs: [(String, String)]) -> String? {
            do { _ = try DispatchDraft.parse(PairsInput(pairs)) } catch let e as AnlanError { return e.code } catch { return "\(error)" }
            return nil
        }
        let base = [("target", "warehouse"), ("warehouseId", warehouse.key), ("task", "运送"), ("receiver", "陈建军")]
        #expect(code(base) == "dispatch.supplies_required")
        #expect(code(base + [("supplies.itemId", tent.key), ("supplies.quantity", "0")]) == "dispatch.quantity_invalid")
        #expect(
            code(
                base + [
                    ("supplies.itemId", tent.key), ("supplies.quantity", "1"), ("supplies.itemId", tent.key), ("supplies.quantity", "2"),
                ])
                == "dispatch.duplicate_supply")
        #expect(code(Array(base.dropLast()) + [("supplies.itemId", tent.key), ("supplies.quantity", "1")]) == "dispatch.field_required")
        #expect(code([("target", "warehouse"), ("task", "运送"), ("receiver", "陈建军")]) == "dispatch.field_required")
    }
}

private func day(_ text: String) -> Day { Day(text)! }

/// A form's fields in order, names repeating as a page's line rows do.
private struct PairsInput: CommandInput {
    let pairs: [(String, String)]
    init(_ pairs: [(String, String)]) { self.pairs = pairs }
    func value(_ name: String) -> InputValue? { pairs.first { $0.0 == name }.map { .text($0.1) } }
    func values(_ name: String) -> [InputValue] { pairs.filter { $0.0 == name }.map { .text($0.1) } }
}
