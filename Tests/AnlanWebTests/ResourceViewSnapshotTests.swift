import AnlanCore
@testable import AnlanWeb
import Foundation
import Testing

/// The readiness pages rendered from fixed records: what people see, as a reviewed diff.
@Suite("Readiness views: snapshots")
struct ResourceViewSnapshotTests {
    static let county = UUID(key: "8f0c2d1e-0000-4000-8000-0000000000c1")!
    static let point = UUID(key: "8f0c2d1e-0000-4000-8000-0000000000c2")!
    static let tent = SupplyItem(
        id: UUID(key: "8f0c2d1e-0000-4000-8000-0000000000d1")!, majorClass: .basicLiving, name: "救灾帐篷", specification: "12平方米", unit: "顶")
    static let recorded = Timestamp.date("2026-11-20T02:00:00.000Z")!

    static func slip(_ kind: StockMovementKind, confirmed: Bool = false) -> StockViews.Slip {
        let lines =
            kind == .transfer
            ? [
                StockLine(
                    seq: 1, warehouseID: county, itemID: tent.id, itemTitle: tent.title, unit: "顶", batchNo: "2025-ZP01", expiresOn: nil,
                    delta: -6),
                StockLine(
                    seq: 2, warehouseID: point, itemID: tent.id, itemTitle: tent.title, unit: "顶", batchNo: "2025-ZP01", expiresOn: nil,
                    delta: 6),
            ]
            : [
                StockLine(
                    seq: 1, warehouseID: county, itemID: tent.id, itemTitle: tent.title, unit: "顶", batchNo: "SP-A",
                    expiresOn: Day("2025-12-31"), delta: -5)
            ]
        let movement = StockMovement(
            id: UUID(key: "8f0c2d1e-0000-4000-8000-0000000000e1")!, number: kind == .transfer ? "DB20261120-001" : "CK20261120-001",
            kind: kind,
            warehouseID: county, divisionCode: "330529000000", toWarehouseID: kind == .transfer ? point : nil,
            occurredOn: Day("2026-11-20"),
            source: nil, recipientKind: kind == .issue ? .township : nil, party: kind == .issue ? "青山镇人民政府" : nil, receiver: "刘洋",
            receiverPhone: kind == .issue ? "13800000002" : nil, reason: nil, expiredConfirmed: kind == .issue, note: nil,
            recordedBy: "staff",
            recordedAt: recorded, confirmedBy: confirmed ? "staff" : nil, confirmedAt: confirmed ? recorded : nil,
            signedBy: confirmed ? "刘洋" : nil, signedOn: confirmed ? Day("2026-11-21") : nil, lines: lines)
        return StockViews.Slip(
            movement: movement, warehouses: [county.key: "示例县应急物资储备库", point.key: "青山镇应急物资储备点"], people: ["staff": "陈静"],
            canConfirm: !confirmed, csrf: "csrf-token", today: Day("2026-11-30"))
    }

    @Test("an issue slip awaiting its receiver's confirmation, on screen and on paper")
    func issueSlip() {
        expectSnapshot(StockViews.slip(Self.slip(.issue)).rendered, named: "stock-slip-issue")
        expectSnapshot(StockViews.printable(Self.slip(.issue)).rendered, named: "stock-slip-issue-print")
    }

    @Test("a signed transfer shows both sides of each line")
    func transferSlip() {
        expectSnapshot(StockViews.slip(Self.slip(.transfer, confirmed: true)).rendered, named: "stock-slip-transfer")
    }

    @Test("a warehouse with a low balance, its key holder and its slips")
    func warehouse() {
        let w = Warehouse(
            id: Self.county, name: "示例县应急物资储备库", kind: .countyReserve, divisionCode: "330529000000", address: "城关镇工业园区纬三路 18 号",
            latitude: 30.638, longitude: 119.68, manager: "陈静", phone: "0572-5123119", keyHolder: "周建国", keyHolderPhone: "13905721190",
            areaSquareMetres: 1200, openingHours: "工作日 8:30–17:00", serves: ["330529000000"])
        let balance = StockBalance(
            warehouseID: Self.county, warehouseName: w.name, divisionCode: w.divisionCode, item: Self.tent, quantity: 79, minimum: 100,
            nextExpiry: Day("2025-12-31"), keyHolder: "周建国", keyHolderPhone: "13905721190")
        let model = StockViews.WarehouseModel(
            warehouse: w, divisionNames: ["330529000000": "示例县"], held: [balance], heldTotal: 1, recent: [Self.slip(.issue).movement],
            recentTotal: 12, warehouses: [Self.county.key: w.name], canManage: true, csrf: "csrf-token", today: Day("2026-11-30"))
        expectSnapshot(StockViews.warehouse(model).rendered, named: "warehouse-page")
    }

    @Test("a team on task with its roster and this year's training")
    func team() {
        let team = EmergencyResource(
            id: UUID(key: "8f0c2d1e-0000-4000-8000-0000000000f1")!, kind: .team, name: "县综合性应急救援队", category: "professional",
            divisionCode: "330529000000", address: "城关镇人民路 100 号", contact: "梁志刚", phone: "0572-5110119", organisation: "县应急管理局",
            state: "onTask", capacity: 2, tags: ["水上救援", "破拆"])
        let html = DirectoryViews.detail(
            team,
            members: [
                TeamMember(name: "张伟", phone: "13900000001", certificate: "应急救援员2024-100"), TeamMember(name: "李强", phone: "13900000002"),
            ],
            trainings: [TeamTraining(on: Day("2026-10-12"), subject: "水上救援实训", hours: 6, participants: 2)], divisionName: "示例县",
            canManage: true, csrf: "csrf-token", today: Day("2026-11-30"))
        expectSnapshot(html.rendered, named: "team-page")
    }
}
