import AnlanCore
import Foundation
import SQLKit

/// What one person has to do now (我的待办): the same answer for the page and `GET /api/v1/my-work`, built in a fixed
/// number of queries however long the lists are (the draws' done inspections, the month's missing documents and the
/// ordered hazards are each read in one query, not one per row).
public struct MyWork: Sendable {
    /// An enterprise drawn for the caller whose inspection under that draw is still to do.
    public struct Assignment: Sendable, Hashable {
        public let enterpriseID: UUID
        public let drawID: UUID
        public let drawTitle: String
        public let publishBy: String
    }

    /// A document one of the caller's inspections this month still lacks.
    public struct MissingDocument: Sendable, Hashable {
        public let inspection: Inspection
        public let kind: DocumentKind
    }

    /// An enterprise officer's own open hazards (nil for everyone else, whose work is the rest).
    public var ownHazards: Page<Hazard>?
    /// Leaders: the 挂牌督办 hazards waiting for their 销号 (nil for those who do not sign off).
    public var toSignOff: Page<Hazard>?
    public var overdue: Page<Hazard>?
    /// Submitted, or past the deadline without a submission: the re-inspection limit runs from either.
    public var awaitingReinspection: Page<Hazard>?
    public var reinspectionDays: Int
    /// Those who inspect: drawn enterprises not yet inspected, and this month's planned ones (nil otherwise).
    public var assigned: [Assignment]?
    public var planned: [UUID]?
    public var toIssue: [MissingDocument]
    /// Cases not yet decided, nearest 办案期限 first: an inspector's own, a leader's all (nil for the others).
    public var openCases: Page<EnforcementCase>?
    /// Enterprise names by key, for every enterprise the lists name.
    public var names: [String: String]
}

extension Store {
    /// The lists are the first `limit` of each (their totals are the whole).
    public func myWork(by caller: Caller, limit: Int = 50) async throws -> MyWork {
        try caller.require(.readBusinessData)
        let page = try PageRequest(pageSize: limit)
        let today = Timestamp.day(environment.now())
        let name = caller.username ?? ""
        let reinspectionDays = try await catalogs.enforcementSettings().reinspectionDays
        var work = MyWork(reinspectionDays: reinspectionDays, toIssue: [], names: [:])
        if caller.role == .enterpriseOfficer {
            work.ownHazards = try await inspections.hazards(.init(open: true), page: page, by: caller)
            return work
        }
        let inspects = caller.role?.can(.inspect) == true
        let leads = caller.role?.can(.escalateHazards) == true
        if inspects {
            // Enterprises drawn for me whose inspection under that draw is still to do: the done ones in one query.
            let draws = try await self.draws.list(page: try PageRequest(pageSize: 20), by: caller).items
            var done: Set<String> = []
            if !draws.isEmpty {
                for row in try await inspections.inspections.select(database.reader, for: caller).columns("enterprise_id", "draw_id")
                    .where("draw_id", .in, SQLBind.group(draws.map(\.id.key))).all()
                {
                    done.insert(
                        "\(try row.decode(column: "enterprise_id", as: String.self))|\(try row.decode(column: "draw_id", as: String.self))")
                }
            }
            var assigned: [MyWork.Assignment] = []
            for d in draws {
                for a in d.result where a.inspectors.contains(name) && !done.contains("\(a.enterpriseID)|\(d.id.key)") {
                    guard let id = UUID(key: a.enterpriseID) else { continue }
                    assigned.append(.init(enterpriseID: id, drawID: d.id, drawTitle: d.title, publishBy: d.publishBy))
                }
            }
            work.assigned = assigned
            // This month's enterprises of the annual plan whose visits planned so far outnumber their inspections.
            var planned: [UUID] = []
            let year = Int(today.prefix(4)) ?? 0
            if let plan = try await plans.plan(year: year, by: caller), let month = Int(today.dropFirst(5).prefix(2)) {
                let inspected = try await plans.progress(year: year, by: caller).inspected
                let due = Dictionary(plan.assignments.filter { $0.month <= month }.map { ($0.enterpriseID, 1) }, uniquingKeysWith: +)
                planned = plan.assignments.filter { $0.month == month && (due[$0.enterpriseID] ?? 0) > (inspected[$0.enterpriseID] ?? 0) }
                    .map(\.enterpriseID)
            }
            work.planned = planned
        }
        let tomorrow = Timestamp.day(today, adding: 1) ?? today
        work.awaitingReinspection = try await inspections.hazards(
            .init(owner: name, reinspectionFromBefore: tomorrow), page: page, by: caller)
        work.overdue = try await inspections.hazards(.init(overdue: true, owner: name), page: page, by: caller)
        if leads {
            work.toSignOff = try await inspections.hazards(.init(status: .awaitingSignOff, supervisingLeader: name), page: page, by: caller)
        }
        // Documents my inspections this month still lack: the on-site record, and the rectification order where hazards
        // were ordered (a voided document does not count). Two queries for all of them.
        let mine = try await inspections.list(.init(inspector: name, from: String(today.prefix(7)) + "-01"), page: page, by: caller).items
        if !mine.isEmpty {
            let keys = mine.map(\.id.key)
            var issued: Set<String> = []
            for row in try await documents.documents.select(database.reader, for: caller).columns("inspection_id", "kind")
                .where("inspection_id", .in, SQLBind.group(keys)).where("voided_at", .is, SQLLiteral.null).all()
            {
                issued.insert(
                    "\(try row.decode(column: "inspection_id", as: String.self))|\(try row.decode(column: "kind", as: String.self))")
            }
            var ordered: Set<String> = []
            for row in try await inspections.hazards.select(database.reader, for: caller).column("inspection_id")
                .where("inspection_id", .in, SQLBind.group(keys))
                .where("status", .in, SQLBind.group([HazardStatus.ordered.rawValue, HazardStatus.submitted.rawValue])).all()
            {
                ordered.insert(try row.decode(column: "inspection_id", as: String.self))
            }
            for i in mine {
                if !issued.contains("\(i.id.key)|\(DocumentKind.inspectionRecord.rawValue)") {
                    work.toIssue.append(.init(inspection: i, kind: .inspectionRecord))
                }
                if ordered.contains(i.id.key), !issued.contains("\(i.id.key)|\(DocumentKind.rectificationOrder.rawValue)") {
                    work.toIssue.append(.init(inspection: i, kind: .rectificationOrder))
                }
            }
        }
        if inspects || leads {
            work.openCases = try await documents.cases(
                .init(status: .open, openedBy: leads ? nil : name, byDeadline: true), page: page, by: caller)
        }
        let enterprises: [UUID] =
            (work.assigned ?? []).map(\.enterpriseID) + (work.planned ?? []) + work.toIssue.map(\.inspection.enterpriseID)
            + (work.openCases?.items ?? []).map(\.enterpriseID)
        work.names = try await self.enterprises.names(of: enterprises)
        return work
    }
}
