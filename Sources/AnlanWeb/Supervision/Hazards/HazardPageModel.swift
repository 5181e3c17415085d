import AnlanCore
import AnlanStore
import Foundation

/// Everything the hazard page shows, decided from store results and Core's rules; the view only renders it.
struct HazardPageModel: Sendable {
    struct Event: Sendable {
        let at: String
        let name: String
        let note: String?
        let by: String?
        var onBehalf = false
        var reason: String? = nil
        /// The category of an extension request, in words.
        var extensionReason: String? = nil
    }
    struct Evidence: Sendable { let id: String; let fileName: String; let at: String; let by: String? }

    let id: String
    let description: String
    /// The target: an enterprise (its ID) or a site (`siteID`, and `enterpriseID` empty); `enterpriseName` is its name.
    let enterpriseID: String
    let enterpriseName: String
    let inspectionID: String?
    let location: String?
    let basis: String?
    let foundOn: Day
    /// The responsible inspector's name (people are shown by name; records keep login names).
    let owner: String?
    let closedOn: Day?
    let state: HazardState
    /// The supervising leader's name, once escalated.
    var supervisingLeaderName: String? = nil
    /// A site's hazard: the site it is on (the target links there).
    var siteID: String? = nil
    var targetPath: String { siteID.map { "/sites/\($0)" } ?? "/enterprises/\(enterpriseID)" }
    /// The site check that found it.
    var siteCheckID: String? = nil
    let today: Day
    let reinspectBy: Day?
    let extensionAnswerBy: Day?
    let extensionWindow: ExtensionWindow
    /// The moves this user may make now: Core's answer, so the buttons and the API's refusals agree.
    let actions: [HazardEventKind]
    let mayUpload: Bool
    /// A bureau user submits a rectification only as recorded on the enterprise's behalf.
    let submitsOnBehalf: Bool
    let events: [Event]
    let evidence: [Evidence]
    let csrf: String
    /// The refusal to show above the record when a move was refused, or nil.
    var refusal: AnlanError?
    var saved: Bool

    /// The login names a hazard page shows, to be looked up as people's names (`people` of `make`).
    static func usernames(_ h: Hazard, events: [InspectionRepository.EventRecord], evidence: [Attachment]) -> [String] {
        [h.owner, h.state.supervisingLeader].compactMap { $0 } + events.compactMap(\.by) + evidence.compactMap(\.createdBy)
    }

    /// Builds the model from a hazard and what surrounds it; `people` names the login names it shows.
    static func make(
        hazard h: Hazard, enterpriseName: String, events: [InspectionRepository.EventRecord], evidence: [Attachment],
        settings: EnforcementSettings, actor: HazardActor, today: Day, csrf: String, people: [String: String] = [:]
    ) -> HazardPageModel {
        func name(_ username: String?) -> String? { username.map { people[$0] ?? $0 } }
        var model = HazardPageModel(
            id: h.id.key, description: h.description, enterpriseID: h.enterpriseID?.key ?? "", enterpriseName: enterpriseName,
            inspectionID: h.inspectionID.map(\.key), location: h.location, basis: h.basis, foundOn: h.foundOn, owner: name(h.owner),
            closedOn: h.closedOn, state: h.state, today: today, reinspectBy: h.state.reinspectionDue(within: settings.reinspectionDays),
            extensionAnswerBy: h.state.extensionAnswerDue(within: settings.extensionAnswerDays),
            extensionWindow: settings.extensionWindow,
            actions: h.state.allowedEvents(for: actor, today: today, extensionWindow: settings.extensionWindow),
            mayUpload: actor.mayAddEvidence && h.state.status != .closed, submitsOnBehalf: !actor.isOwnEnterprise,
            events: events.map {
                Event(
                    at: Timestamp.display($0.at), name: $0.event, note: $0.note, by: name($0.by), onBehalf: $0.onBehalf, reason: $0.reason,
                    extensionReason: $0.extensionReason?.title)
            },
            evidence: evidence.map {
                Evidence(id: $0.id.key, fileName: $0.fileName, at: Timestamp.display($0.createdAt), by: name($0.createdBy))
            },
            csrf: csrf, refusal: nil, saved: false)
        model.supervisingLeaderName = name(h.state.supervisingLeader)
        model.siteID = h.siteID?.key
        model.siteCheckID = h.siteCheckID?.key
        return model
    }
}

/// One row of a hazard table (the ledger, an inspection, my work, the home page).
struct HazardRowModel: Sendable {
    let id: String
    let description: String
    let enterpriseID: String
    let enterpriseName: String
    let state: HazardState
    let overdue: Bool
    /// The date column: the deadline, or (on "awaiting my re-inspection") the re-inspection deadline.
    let due: Day?
    let dueIsLate: Bool
    let owner: String?
    let sector: String
    /// What the date column is: 整改期限, or 复查期限 on a list of hazards awaiting re-inspection.
    var dueLabel: String = UIText.dueDate
    /// A site's hazard: the site it is on (the row links there).
    var siteID: String? = nil

    /// Where the target's name links: the enterprise's file or the site's page.
    var targetPath: String { siteID.map { "/sites/\($0)" } ?? "/enterprises/\(enterpriseID)" }

    /// `reinspectionDays` shows the re-inspection deadline instead of the rectification deadline, marked when passed.
    static func make(_ h: Hazard, enterpriseName: String, today: Day, reinspectionDays: Int? = nil, ownerName: String? = nil)
        -> HazardRowModel
    {
        var due = h.state.dueDate
        var late = false
        if let days = reinspectionDays, let by = h.state.reinspectionDue(within: days) {
            due = by
            late = by < today
        }
        return HazardRowModel(
            id: h.id.key, description: String(h.description.prefix(60)), enterpriseID: h.enterpriseID?.key ?? "",
            enterpriseName: enterpriseName,
            state: h.state, overdue: h.state.isOverdue(today: today), due: due, dueIsLate: late, owner: ownerName ?? h.owner,
            sector: h.sector, dueLabel: reinspectionDays == nil ? UIText.dueDate : UIText.reinspectionDue, siteID: h.siteID?.key)
    }
}

/// The ledger: the filters as asked, the township choices, one page of rows.
struct HazardLedgerModel: Sendable {
    let query: [String: String]
    let exportQuery: String
    let townships: [(code: String, name: String)]
    let rows: [HazardRowModel]
    let pager: HTML
}
