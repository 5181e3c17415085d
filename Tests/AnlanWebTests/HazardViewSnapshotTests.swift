import AnlanCore
@testable import AnlanWeb
import Foundation
import Testing

/// The hazard pages rendered from fixed models: what people see, as a reviewed diff.
@Suite("Hazard views: snapshots")
struct HazardViewSnapshotTests {
    static func model(actions: [HazardEventKind], refusal: AnlanError? = nil) -> HazardPageModel {
        HazardPageModel(
            id: "8f0c2d1e-0000-4000-8000-000000000001", description: "液氨管道腐蚀", enterpriseID: "8f0c2d1e-0000-4000-8000-0000000000e1",
            enterpriseName: "示例冷链物流有限公司", inspectionID: "8f0c2d1e-0000-4000-8000-0000000000a1", location: "制冷机房", basis: "GB 28009",
            foundOn: "2026-11-16", owner: "inspector", closedOn: nil,
            state: HazardState(
                status: .ordered, isMajor: true, dueDate: "2026-12-10", extensionRequestedTo: "2027-01-10", supervisingLeader: nil,
                submittedOn: nil, extensionRequestedOn: "2026-11-20"),
            today: "2026-11-30", reinspectBy: nil, extensionAnswerBy: "2026-11-25",
            extensionWindow: ExtensionWindow(earliest: 10, latest: 0), actions: actions,
            mayUpload: true, submitsOnBehalf: true,
            events: [
                .init(at: "2026-11-16 10:00:00", name: "found", note: nil, by: "inspector"),
                .init(at: "2026-11-16 10:00:00", name: "order", note: "现场责令限期整改", by: "inspector"),
            ],
            evidence: [.init(id: "8f0c2d1e-0000-4000-8000-0000000000f1", fileName: "现场.jpg", at: "2026-11-16 10:05:00", by: "inspector")],
            csrf: "csrf-token", refusal: refusal, saved: false)
    }

    @Test("a leader's view of an ordered major hazard with a pending extension")
    func leaderView() {
        let actions = Self.model(actions: []).state.allowedEvents(
            for: HazardActor(mayInspect: true, mayEscalate: true, isOwnEnterprise: false))
        expectSnapshot(HazardViews.page(Self.model(actions: actions)).rendered, named: "hazard-page-leader")
    }

    @Test("a refused move shows its code and message above the record")
    func refusal() {
        let model = Self.model(actions: [.submit], refusal: HazardErrors.reasonRequired)
        expectSnapshot(HazardViews.notice(model).rendered, named: "hazard-refusal")
    }

    @Test("the ledger with its filters as asked and one row")
    func ledger() {
        let row = HazardRowModel(
            id: "8f0c2d1e-0000-4000-8000-000000000001", description: "液氨管道腐蚀", enterpriseID: "8f0c2d1e-0000-4000-8000-0000000000e1",
            enterpriseName: "示例冷链物流有限公司", state: HazardState(status: .ordered, isMajor: true, dueDate: "2026-11-20"), overdue: true,
            due: "2026-11-20", dueIsLate: false, owner: "inspector", sector: "工贸")
        let model = HazardLedgerModel(
            query: ["overdue": "true", "status": "ordered"], exportQuery: "overdue=true&status=ordered",
            townships: [("330529101000", "青山镇")], rows: [row], pager: .empty)
        expectSnapshot(HazardViews.ledger(model).rendered, named: "hazard-ledger")
    }
}
