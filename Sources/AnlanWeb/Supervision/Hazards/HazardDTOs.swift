import AnlanCore
import AnlanStore
import Foundation

/// A hazard as the API gives it.
struct HazardDTO: Encodable {
    struct Event: Encodable { let event: String; let detail: String; let note: String?; let by: String?; let at: Date }
    let id: String, inspectionId: String?, enterpriseId: String?, siteId: String?, siteCheckId: String?, divisionCode: String,
        campaignId: String?, sector: String,
        description: String
    let location: String?, basis: String?, checklistItem: String?, isMajor: Bool, status: String, dueDate: String?,
        extensionRequestedTo: String?
    let supervisingLeader: String?, owner: String?, overdue: Bool, foundOn: Day, closedOn: Day?, updatedAt: Date, events: [Event]?

    init(_ h: Hazard, today: Day, events: [InspectionRepository.EventRecord]? = nil) {
        id = h.id.key
        inspectionId = h.inspectionID.map(\.key)
        enterpriseId = h.enterpriseID?.key
        siteId = h.siteID?.key
        siteCheckId = h.siteCheckID?.key
        divisionCode = h.divisionCode
        campaignId = h.campaignID.map(\.key)
        sector = h.sector
        description = h.description
        location = h.location
        basis = h.basis
        checklistItem = h.checklistItem
        isMajor = h.state.isMajor
        status = h.state.status.rawValue
        dueDate = h.state.dueDate?.description
        extensionRequestedTo = h.state.extensionRequestedTo?.description
        supervisingLeader = h.state.supervisingLeader
        owner = h.owner
        overdue = h.state.isOverdue(today: today)
        foundOn = h.foundOn
        closedOn = h.closedOn
        updatedAt = h.updatedAt
        self.events = events?.map { Event(event: $0.event, detail: $0.detail, note: $0.note, by: $0.by, at: $0.at) }
    }
}
