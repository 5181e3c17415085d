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

/// The demo county's publicity and training of the year: the 防灾减灾日 and the 安全生产月, 五进 activities in the
/// townships, and two trainings of enterprises' principals and safety officers.
struct DemoPublicity {
    let store: Store

    func load() async throws {
        guard let staffUser = try await store.accounts.find(username: "staff") else { return }
        let staff = Caller(user: staffUser, ip: nil, requestID: "demo")
        let today = Day(store.environment.now())
        let county = try DivisionCode("330529000000")
        let year = today.year
        func day(_ month: Int, _ d: Int) -> Day { Day(String(format: "%04d-%02d-%02d", year, month, d)) ?? today }
        let events: [PublicityDraft] = [
            PublicityDraft(
                kind: .disasterReductionDay, theme: "人人讲安全、个个会应急——着力提升基层防灾避险能力", on: day(5, 12), divisionCode: county,
                place: "县城人民广场", organiser: "县减灾委办公室、县应急管理局", audience: 1200, leaflets: 5000, boards: 30, banners: 12),
            PublicityDraft(
                kind: .safetyMonth, theme: "安全生产月咨询日：人人讲安全、个个会应急", on: day(6, 16), divisionCode: county, place: "县城商业步行街",
                organiser: "县安委办", audience: 1800, leaflets: 8000, boards: 40, banners: 20),
            PublicityDraft(
                kind: .enterpriseTraining, theme: "危险化学品企业主要负责人安全生产培训", on: day(4, 18), divisionCode: county, place: "县应急管理局会议室",
                organiser: "县应急管理局", audience: 86, leaflets: 86),
            PublicityDraft(
                kind: .enterpriseTraining, theme: "工贸企业有限空间作业安全培训", on: day(9, 9), divisionCode: county, place: "县职业技术学校报告厅",
                organiser: "县应急管理局", audience: 142, leaflets: 300, boards: 2),
        ]
        for event in events where event.on <= today { _ = try await store.publicity.record(event, by: staff) }
        let townships = try await store.divisions.names(within: .everything).filter { $0.code.level == .township }
        let targets = FiveIntoTarget.allCases
        for (index, town) in townships.enumerated() {
            let on = day(3 + index % 8, 5 + index * 2 % 20)
            guard on <= today else { continue }
            _ = try await store.publicity.record(
                PublicityDraft(
                    kind: .fiveInto, target: targets[index % targets.count], theme: "防汛防台和森林防火知识宣传", on: on, divisionCode: town.code,
                    place: "\(town.name)文化礼堂", organiser: "\(town.name)人民政府", audience: 60 + index * 17, leaflets: 200 + index * 30,
                    boards: index % 3, banners: 1 + index % 2),
                by: staff)
        }
    }
}
