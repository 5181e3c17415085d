import Foundation

/// An incident's 大事记: its particulars and every line of its timeline in order, printed the same on the A4 page and
/// in Word. The morning report is this, not a reconstruction.
public enum IncidentChronicle {
    public static func layout(
        _ incident: Incident, events: [IncidentEvent], authority: String, divisionName: String?, enterpriseName: String?,
        people: [String: String], printedAt: Date
    ) -> DocumentLayout {
        func person(_ username: String) -> String { people[username] ?? username }
        var particulars: [[DocumentCell]] = [
            [.label("事件名称"), DocumentCell(incident.title, span: 3)],
            [
                .label("事件类型"), DocumentCell("\(incident.category.label)·\(incident.type.label)"), .label("当前状态"),
                DocumentCell(incident.state.label),
            ],
            [
                .label("发生时间"), DocumentCell(Moment.chinese(incident.occurredAt)), .label("接报时间"),
                DocumentCell(Moment.chinese(incident.reportedAt)),
            ],
            [.label("发生地点"), DocumentCell([divisionName, incident.place].compactMap { $0 }.joined(separator: " "), span: 3)],
            [
                .label("事件等级"),
                DocumentCell(
                    incident.level.map {
                        $0.label + (incident.levelConfirmedBy == nil ? "（待确认）" : "（\(person(incident.levelConfirmedBy!))确认）")
                    }
                        ?? "未定级", span: 3),
            ],
            [.label("伤亡损失"), DocumentCell(incident.figuresText, span: 3)],
        ]
        if let enterpriseName { particulars.insert([.label("涉事单位"), DocumentCell(enterpriseName, span: 3)], at: 4) }
        let rows: [[DocumentCell]] =
            [[.label("时间"), .label("事项", span: 3)]]
            + events.map { e in
                [DocumentCell(Moment.minutes(e.at)), DocumentCell("【\(e.kind.label)】\(e.text)（\(person(e.actor))）", span: 3)]
            }
        return DocumentLayout(
            authority: authority, title: "\(incident.title)大事记", number: "事件编号 \(incident.number)",
            blocks: [
                .table(particulars), .paragraph("事件概况：\(incident.summary)"), .table(rows),
                .footnote("本大事记由系统按事件时间线生成，共 \(events.count) 条；打印时间 \(Moment.minutes(printedAt))。"),
            ])
    }
}
