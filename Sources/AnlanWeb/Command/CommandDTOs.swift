import AnlanCore
import AnlanStore
import Foundation

struct DutyShiftDTO: Encodable, Sendable {
    let id, period, leader: String
    let day: Day
    let officers: [String]
    let startsAt, endsAt: Date
    let note: String?

    init(_ s: DutyShift) {
        id = s.id.key
        period = s.period.rawValue
        leader = s.leader
        day = s.day
        officers = s.officers
        startsAt = s.startsAt
        endsAt = s.endsAt
        note = s.note
    }
}

struct DutyHandoverDTO: Encodable, Sendable {
    let id, fromShiftId, toShiftId, text, writtenBy: String
    let writtenAt: Date
    let acknowledgedBy: String?
    let acknowledgedAt: Date?

    init(_ h: DutyHandover) {
        id = h.id.key
        fromShiftId = h.fromShiftID.key
        toShiftId = h.toShiftID.key
        text = h.text
        writtenBy = h.writtenBy
        writtenAt = h.writtenAt
        acknowledgedBy = h.acknowledgedBy
        acknowledgedAt = h.acknowledgedAt
    }
}

struct IncomingReportDTO: Encodable, Sendable {
    let id, channel, caller, text, divisionCode, loggedBy: String
    let receivedAt: Date
    let number, unit, place, incidentId: String?

    init(_ r: IncomingReport) {
        id = r.id.key
        channel = r.channel.rawValue
        caller = r.caller
        text = r.text
        divisionCode = r.divisionCode
        loggedBy = r.loggedBy
        receivedAt = r.receivedAt
        number = r.number
        unit = r.unit
        place = r.place
        incidentId = r.incidentID?.key
    }
}

struct IncidentDTO: Encodable, Sendable {
    struct Suggestion: Encodable, Sendable { let level, basis: String }
    let id, number, title, category, type, state, divisionCode, place, summary, createdBy: String
    let level, levelConfirmedBy, enterpriseId: String?
    let occurredAt, reportedAt: Date
    let closedAt: Date?
    let latitude, longitude: Double?
    let deaths, seriousInjuries, missing: Int
    let lossWanYuan: Double
    let figuresKnown: Bool
    let suggestedLevel: Suggestion?

    init(_ i: Incident) {
        id = i.id.key
        number = i.number
        title = i.title
        category = i.category.rawValue
        type = i.type.rawValue
        state = i.state.rawValue
        divisionCode = i.divisionCode
        place = i.place
        summary = i.summary
        createdBy = i.createdBy
        level = i.level?.rawValue
        levelConfirmedBy = i.levelConfirmedBy
        enterpriseId = i.enterpriseID?.key
        occurredAt = i.occurredAt
        reportedAt = i.reportedAt
        closedAt = i.closedAt
        latitude = i.location?.latitude
        longitude = i.location?.longitude
        deaths = i.figures.deaths
        seriousInjuries = i.figures.seriousInjuries
        missing = i.figures.missing
        lossWanYuan = i.figures.lossWanYuan
        figuresKnown = i.figuresKnown
        suggestedLevel = i.suggestedLevel.map { Suggestion(level: $0.level.rawValue, basis: $0.basis) }
    }
}

struct IncidentEventDTO: Encodable, Sendable {
    let id, kind, text, actor: String
    let at: Date

    init(_ e: IncidentEvent) {
        id = e.id.key
        kind = e.kind.rawValue
        text = e.text
        actor = e.actor
        at = e.at
    }
}

struct AccidentGradeDTO: Encodable, Sendable {
    struct Criterion: Encodable, Sendable { let grade, text: String }
    let grade: String
    let level: String
    let decidedBy: [Criterion]
    let source: String
}

enum CommandSchemas {
    typealias S = SupervisionSchemas
    static let text: JSONValue = ["type": "string"]
    static func bounded(_ max: Int, min: Int = 1) -> JSONValue {
        ["type": "string", "minLength": .number(Double(min)), "maxLength": .number(Double(max))]
    }
    static let count: JSONValue = ["type": "integer", "minimum": 0, "maximum": 100_000]
    static let loss: JSONValue = ["type": "number", "minimum": 0, "maximum": 10_000_000]
    static let moment: JSONValue = [
        "type": "string", "description": "北京时间 yyyy-MM-ddTHH:mm，或带时区的 ISO 8601 时间", "maxLength": 40,
    ]
    static let level = ResourceSchemas.enumeration(IncidentLevel.self)
    static func list(of item: String) -> JSONValue { S.object(["items"], ["items": ["type": "array", "items": Schemas.ref(item)]]) }

    static let all: [(String, JSONValue)] = [
        (
            "DutyShift",
            S.object(
                ["id", "day", "period", "leader", "officers", "startsAt", "endsAt"],
                [
                    "id": S.uuid, "day": Schemas.day, "period": ResourceSchemas.enumeration(DutyPeriod.self), "leader": text,
                    "officers": S.stringArray, "startsAt": Schemas.timestamp, "endsAt": Schemas.timestamp, "note": text,
                ])
        ),
        (
            "DutyShiftRequest",
            S.object(
                ["day", "leader", "officers"],
                [
                    "day": Schemas.day, "period": ResourceSchemas.enumeration(DutyPeriod.self), "leader": bounded(64),
                    "officers": ["type": "array", "minItems": 1, "maxItems": 6, "items": bounded(64)], "note": bounded(200, min: 0),
                ])
        ),
        ("DutySwapRequest", S.object(["from", "to", "reason"], ["from": bounded(64), "to": bounded(64), "reason": bounded(200)])),
        ("DutyHandoverRequest", S.object(["text"], ["text": bounded(2000)])),
        (
            "DutyHandover",
            S.object(
                ["id", "fromShiftId", "toShiftId", "text", "writtenBy", "writtenAt"],
                [
                    "id": S.uuid, "fromShiftId": S.uuid, "toShiftId": S.uuid, "text": text, "writtenBy": text,
                    "writtenAt": Schemas.timestamp,
                    "acknowledgedBy": text, "acknowledgedAt": Schemas.timestamp,
                ])
        ),
        (
            "DutyNow",
            S.object(
                [
                    "openIncidents", "unattachedReports", "warningsInForce", "upstreamWarningsInForce", "unacknowledgedMessages",
                    "reportsOwed", "disasterReportsOwed",
                ],
                [
                    "current": Schemas.ref("DutyShift"), "next": Schemas.ref("DutyShift"),
                    "handoverToAcknowledge": Schemas.ref("DutyHandover"), "openIncidents": S.integer, "unattachedReports": S.integer,
                    "warningsInForce": S.integer, "upstreamWarningsInForce": S.integer, "unacknowledgedMessages": S.integer,
                    "reportsOwed": [
                        "type": "array",
                        "items": S.object(
                            ["accidentId", "number", "label", "due", "late"],
                            ["accidentId": S.uuid, "number": text, "label": text, "due": Schemas.timestamp, "late": S.boolean]),
                    ],
                    "disasterReportsOwed": [
                        "type": "array",
                        "items": S.object(
                            ["eventId", "number", "kind", "label", "due", "late"],
                            [
                                "eventId": S.uuid, "number": text,
                                "kind": ["type": "string", "enum": ["township", "initial", "progress", "final"]],
                                "label": text, "township": Schemas.divisionCode, "due": Schemas.timestamp, "late": S.boolean,
                            ]),
                    ],
                ])
        ),
        (
            "IncomingReport",
            S.object(
                ["id", "channel", "caller", "text", "divisionCode", "loggedBy", "receivedAt"],
                [
                    "id": S.uuid, "channel": ResourceSchemas.enumeration(ReportChannel.self), "caller": text, "text": text,
                    "divisionCode": Schemas.divisionCode, "loggedBy": text, "receivedAt": Schemas.timestamp, "number": text, "unit": text,
                    "place": text, "incidentId": S.uuid,
                ])
        ),
        (
            "IncomingReportRequest",
            S.object(
                ["caller", "text"],
                [
                    "receivedAt": moment, "channel": ResourceSchemas.enumeration(ReportChannel.self), "caller": bounded(40),
                    "number": ["type": "string", "maxLength": 30, "pattern": "^[0-9 +-]*$"], "unit": bounded(60, min: 0),
                    "text": bounded(2000),
                    "divisionCode": Schemas.divisionCode, "place": bounded(200, min: 0), "incidentId": S.uuid,
                ])
        ),
        ("AttachReportRequest", S.object(["incidentId"], ["incidentId": S.uuid])),
        (
            "Incident",
            S.object(
                [
                    "id", "number", "title", "category", "type", "state", "divisionCode", "place", "summary", "createdBy", "occurredAt",
                    "reportedAt", "deaths", "seriousInjuries", "missing", "lossWanYuan", "figuresKnown",
                ],
                [
                    "id": S.uuid, "number": text, "title": text, "category": ResourceSchemas.enumeration(IncidentCategory.self),
                    "type": ResourceSchemas.enumeration(IncidentType.self), "state": ResourceSchemas.enumeration(IncidentState.self),
                    "divisionCode": Schemas.divisionCode, "place": text, "summary": text, "createdBy": text, "level": level,
                    "levelConfirmedBy": text, "enterpriseId": S.uuid, "occurredAt": Schemas.timestamp, "reportedAt": Schemas.timestamp,
                    "closedAt": Schemas.timestamp, "latitude": ["type": "number"], "longitude": ["type": "number"], "deaths": S.integer,
                    "seriousInjuries": S.integer, "missing": S.integer, "lossWanYuan": ["type": "number"], "figuresKnown": S.boolean,
                    "suggestedLevel": S.object(["level", "basis"], ["level": level, "basis": text]),
                ])
        ),
        (
            "IncidentRequest",
            S.object(
                ["title", "type", "occurredAt", "divisionCode", "place", "summary"],
                [
                    "title": bounded(100), "type": ResourceSchemas.enumeration(IncidentType.self), "occurredAt": moment,
                    "divisionCode": Schemas.divisionCode, "place": bounded(200), "summary": bounded(2000), "level": level,
                    "latitude": ["type": "number", "minimum": -90, "maximum": 90],
                    "longitude": ["type": "number", "minimum": -180, "maximum": 180],
                    "enterpriseId": S.uuid, "reportId": S.uuid, "deaths": count, "seriousInjuries": count, "missing": count,
                    "lossWanYuan": loss,
                ])
        ),
        (
            "IncidentMoveRequest",
            S.object(
                ["action"],
                [
                    "action": ["type": "string", "enum": ["verify", "respond", "set_level", "figures", "note", "close"]],
                    "note": bounded(2000), "reason": bounded(500), "summary": bounded(2000), "level": level, "deaths": count,
                    "seriousInjuries": count, "missing": count, "lossWanYuan": loss,
                ])
        ),
        (
            "IncidentEvent",
            S.object(
                ["id", "kind", "text", "actor", "at"],
                [
                    "id": S.uuid, "kind": ResourceSchemas.enumeration(IncidentEvent.Kind.self), "text": text, "actor": text,
                    "at": Schemas.timestamp,
                ])
        ),
        (
            "NearbyResource",
            S.object(["resource", "distanceKm"], ["resource": Schemas.ref("EmergencyResource"), "distanceKm": ["type": "number"]])
        ),
        (
            "NearbyStock",
            S.object(
                ["warehouse", "quantity", "distanceKm"],
                ["warehouse": Schemas.ref("Warehouse"), "quantity": S.integer, "distanceKm": ["type": "number"]])
        ),
        (
            "AccidentGradeRequest",
            S.object(
                ["deaths", "seriousInjuries", "directLossWanYuan"],
                ["deaths": count, "seriousInjuries": count, "directLossWanYuan": loss])
        ),
        (
            "AccidentGrade",
            S.object(
                ["grade", "level", "decidedBy", "source"],
                [
                    "grade": ["type": "string", "enum": .array(AccidentGrade.allCases.map { .string($0.label) })], "level": level,
                    "decidedBy": ["type": "array", "items": S.object(["grade", "text"], ["grade": text, "text": text])], "source": text,
                ])
        ),
    ]
}

/// A short, bounded list ({"items": [...]}): an incident's activations and tasks.
struct ListDTO<Item: Encodable & Sendable>: Encodable, Sendable {
    let items: [Item]
}

struct PlanActivationDTO: Encodable, Sendable {
    let id, incidentId, planId, planTitle, activatedBy: String
    let level: Int
    let activatedAt: Date
    let endedAt: Date?
    let endReason: String?
    let active: Bool

    init(_ a: PlanActivation) {
        id = a.id.key
        incidentId = a.incidentID.key
        planId = a.planID.key
        planTitle = a.planTitle
        activatedBy = a.activatedBy
        level = a.level.rawValue
        activatedAt = a.activatedAt
        endedAt = a.endedAt
        endReason = a.endReason
        active = a.isActive
    }
}

struct IncidentTaskDTO: Encodable, Sendable {
    let id, activationId, who, what, state: String
    let due: Date
    let acknowledgedBy, doneBy, note: String?
    let acknowledgedAt, doneAt: Date?

    init(_ t: IncidentTask) {
        id = t.id.key
        activationId = t.activationID.key
        who = t.who
        what = t.what
        state = t.state.rawValue
        due = t.due
        acknowledgedBy = t.acknowledgedBy
        doneBy = t.doneBy
        note = t.note
        acknowledgedAt = t.acknowledgedAt
        doneAt = t.doneAt
    }
}

enum ActivationSchemas {
    typealias S = SupervisionSchemas
    static let responseLevel: JSONValue = ["type": "integer", "minimum": 1, "maximum": 4, "description": "响应级别，1 为一级（最高）"]
    static let all: [(String, JSONValue)] = [
        (
            "PlanActivation",
            S.object(
                ["id", "incidentId", "planId", "planTitle", "activatedBy", "level", "activatedAt", "active"],
                [
                    "id": S.uuid, "incidentId": S.uuid, "planId": S.uuid, "planTitle": S.string, "activatedBy": S.string,
                    "level": responseLevel,
                    "activatedAt": Schemas.timestamp, "endedAt": Schemas.timestamp, "endReason": S.string, "active": S.boolean,
                ])
        ),
        (
            "IncidentTask",
            S.object(
                ["id", "activationId", "who", "what", "state", "due"],
                [
                    "id": S.uuid, "activationId": S.uuid, "who": S.string, "what": S.string,
                    "state": ResourceSchemas.enumeration(IncidentTaskState.self), "due": Schemas.timestamp, "acknowledgedBy": S.string,
                    "doneBy": S.string, "note": S.string, "acknowledgedAt": Schemas.timestamp, "doneAt": Schemas.timestamp,
                ])
        ),
        ("ActivationRequest", S.object(["planId", "level"], ["planId": S.uuid, "level": responseLevel])),
        ("ResponseLevelChangeRequest", S.object(["level", "reason"], ["level": responseLevel, "reason": CommandSchemas.bounded(500)])),
        ("StandDownRequest", S.object(["reason"], ["reason": CommandSchemas.bounded(500)])),
        ("TaskCompletionRequest", S.object(["note"], ["note": CommandSchemas.bounded(2000)])),
    ]
}
