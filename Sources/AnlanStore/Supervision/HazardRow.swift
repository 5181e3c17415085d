import AnlanCore
import Foundation
import SQLKit

/// A row of `hazards` as stored: decoded by its column names in one step (IDs as UUIDs, days as `Day`), then
/// turned into the domain's `Hazard`. A row that does not decode is an error, never a force unwrap.
struct HazardRow: Decodable {
    let id: UUID
    let inspectionId: UUID?
    let enterpriseId: UUID?
    let siteId: UUID?
    let siteCheckId: UUID?
    let divisionCode: String
    let campaignId: UUID?
    let sector: String
    let description: String
    let location: String?
    let basis: String?
    let checklistItem: String?
    let isMajor: Int
    let status: HazardStatus
    let dueDate: Day?
    let extensionRequestedTo: Day?
    let supervisingLeader: String?
    let submittedOn: Day?
    let extensionRequestedOn: Day?
    let owner: String?
    let foundOn: Day
    let closedOn: Day?
    let createdAt: String
    let updatedAt: String

    var hazard: Hazard {
        Hazard(
            id: id, inspectionID: inspectionId, enterpriseID: enterpriseId, siteID: siteId, siteCheckID: siteCheckId,
            divisionCode: divisionCode, campaignID: campaignId,
            sector: sector, description: description, location: location, basis: basis, checklistItem: checklistItem,
            state: HazardState(
                status: status, isMajor: isMajor != 0, dueDate: dueDate, extensionRequestedTo: extensionRequestedTo,
                supervisingLeader: supervisingLeader, submittedOn: submittedOn, extensionRequestedOn: extensionRequestedOn),
            owner: owner, foundOn: foundOn, closedOn: closedOn, createdAt: Timestamp.date(createdAt) ?? Date(timeIntervalSince1970: 0),
            updatedAt: Timestamp.date(updatedAt) ?? Date(timeIntervalSince1970: 0))
    }
}
