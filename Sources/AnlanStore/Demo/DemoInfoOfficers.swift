import AnlanCore
import Foundation
import SQLKit

/// The demo county's 灾害信息员: an A-post in almost every village and township and a B-post in most, trained on various
/// days (some longer ago than the refresher interval); 孙丽 (the demo account `info`) is the A-post of her village. A few
/// villages lack one or both, so the coverage page has something to show.
struct DemoInfoOfficers {
    let store: Store

    func load() async throws {
        guard let staffUser = try await store.accounts.find(username: "staff") else { return }
        let staff = Caller(user: staffUser, ip: nil, requestID: "demo")
        let today = Day(store.environment.now())
        let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗郑梁宋唐许韩冯邓曹彭")
        let given = Array("丽芳娟敏静秀英华慧巧美娜伟强军磊勇杰涛斌明超刚平辉鹏")
        let places = try await store.divisions.names(within: .everything).filter { $0.code.level != .county }
        for (index, place) in places.enumerated() {
            for post in InfoOfficerPost.allCases {
                // About one place in twenty without an A-post, one in six without a B-post.
                if post == .a && index % 20 == 7 { continue }
                if post == .b && index % 6 == 4 { continue }
                let isInfo = place.code.rawValue == "330529101201" && post == .a
                let name =
                    isInfo
                    ? "孙丽"
                    : "\(surnames[(index * 7 + (post == .a ? 0 : 3)) % surnames.count])\(given[(index * 5 + (post == .a ? 1 : 8)) % given.count])"
                let phone = isInfo ? "13957201201" : "1386572" + String(format: "%04d", index * 2 + (post == .a ? 0 : 1))
                // Trained 1 to 20 months ago; a share of them past the 12-month refresher.
                let trained = today.adding(days: -(30 + (index * 37 + (post == .a ? 0 : 90)) % 570))
                let officer = try await store.infoOfficers.create(
                    InfoOfficerDraft(
                        divisionCode: place.code, post: post, name: name, phone: phone, trainedOn: trained,
                        certificateNumber: "XXY-330529-" + String(format: "%04d", index * 2 + (post == .a ? 1 : 2))),
                    by: staff)
                if isInfo {
                    try await store.database.write(by: .console("demo"), at: store.environment.now(), audit: store.audit) { tx in
                        try await tx.sql.update("info_officers").set("username", to: SQLBind("info")).where(
                            "id", .equal, SQLBind.id(officer.id)
                        ).run()
                        try await tx.record(
                            AuditEvent(
                                action: "info_officer.account", targetType: "info_officer", targetID: officer.id.key,
                                after: auditJSON(["username": "info"])))
                    }
                }
            }
        }
    }
}
