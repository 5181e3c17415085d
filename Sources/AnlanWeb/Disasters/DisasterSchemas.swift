import AnlanCore
import AnlanStore
import Foundation

enum DisasterSchemas {
    typealias S = SupervisionSchemas

    static var figures: JSONValue {
        var properties: [(String, JSONValue)] = DisasterIndicator.allCases.map {
            ($0.rawValue, $0.isWhole ? S.integer : ["type": "number"])
        }
        properties.append(("lossTotal", ["type": "number"]))
        return S.object(properties.map(\.0), Dictionary(uniqueKeysWithValues: properties))
    }

    /// The indicators as request fields: each optional (absent is 0), bounded as the parser bounds them.
    static var figureFields: [String: JSONValue] {
        Dictionary(
            uniqueKeysWithValues: DisasterIndicator.allCases.map {
                ($0.rawValue, ["type": .string($0.isWhole ? "integer" : "number"), "minimum": 0, "maximum": .number($0.maximum)])
            })
    }

    static let all: [(String, JSONValue)] = [
        (
            "DisasterEvent",
            S.object(
                [
                    "id", "number", "type", "name", "description", "state", "createdBy", "startedAt", "learnedAt", "initialDue",
                    "createdAt",
                    "townships",
                ],
                [
                    "id": S.uuid, "number": S.string, "type": ResourceSchemas.enumeration(DisasterType.self), "name": S.string,
                    "description": S.string, "state": ResourceSchemas.enumeration(DisasterEventState.self), "createdBy": S.string,
                    "startedAt": Schemas.timestamp, "learnedAt": Schemas.timestamp, "initialDue": Schemas.timestamp,
                    "createdAt": Schemas.timestamp, "stabilisedAt": Schemas.timestamp, "closedAt": Schemas.timestamp,
                    "townships": ["type": "array", "items": Schemas.divisionCode],
                    "clock": [
                        "type": "array",
                        "items": S.object(
                            ["kind", "basis", "due", "late"],
                            [
                                "kind": ["type": "string", "enum": ["township", "initial", "progress", "final"]], "basis": S.string,
                                "township": Schemas.divisionCode, "day": Schemas.day, "due": Schemas.timestamp,
                                "metAt": Schemas.timestamp, "late": S.boolean,
                            ]),
                    ],
                    "figures": [
                        "type": "array",
                        "items": S.object(
                            ["code", "figures", "pending"],
                            [
                                "code": Schemas.divisionCode, "figures": figures, "firstAcceptedAt": Schemas.timestamp,
                                "pending": S.integer,
                            ]),
                    ],
                    "total": figures, "reports": ["type": "array", "items": Schemas.ref("DisasterReport")],
                ])
        ),
        (
            "DisasterReport",
            S.object(
                ["id", "eventId", "stage", "sequence", "forDay", "submittedAt", "late", "zeroReport", "lines", "total", "submittedBy"],
                [
                    "id": S.uuid, "eventId": S.uuid, "stage": ResourceSchemas.enumeration(DisasterStage.self), "sequence": S.integer,
                    "forDay": Schemas.day, "submittedAt": Schemas.timestamp, "due": Schemas.timestamp, "late": S.boolean,
                    "zeroReport": S.boolean, "correctionReason": S.string, "note": S.string, "submittedBy": S.string,
                    "lines": [
                        "type": "array",
                        "items": S.object(["township", "figures"], ["township": Schemas.divisionCode, "figures": figures]),
                    ],
                    "total": figures,
                ])
        ),
        (
            "DisasterEntry",
            S.object(
                ["id", "eventId", "divisionCode", "stage", "status", "enteredBy", "figures", "enteredAt"],
                [
                    "id": S.uuid, "eventId": S.uuid, "divisionCode": Schemas.divisionCode,
                    "stage": ResourceSchemas.enumeration(DisasterStage.self),
                    "status": ResourceSchemas.enumeration(DisasterEntryStatus.self),
                    "enteredBy": S.string, "figures": figures, "correctionReason": S.string, "note": S.string, "reviewedBy": S.string,
                    "reviewNote": S.string, "enteredAt": Schemas.timestamp, "reviewedAt": Schemas.timestamp, "replayed": S.boolean,
                ])
        ),
        (
            "DisasterCasualty",
            S.object(
                [
                    "id", "eventId", "divisionCode", "name", "idNumber", "sex", "birthDate", "status", "occurredOn", "cause", "recordedBy",
                    "recordedAt",
                ],
                [
                    "id": S.uuid, "eventId": S.uuid, "divisionCode": Schemas.divisionCode, "name": S.string, "idNumber": S.string,
                    "sex": ["type": "string", "enum": ["male", "female"]], "birthDate": Schemas.day,
                    "status": ResourceSchemas.enumeration(DisasterCasualtyStatus.self), "occurredOn": Schemas.day, "cause": S.string,
                    "place": S.string, "recordedBy": S.string, "recordedAt": Schemas.timestamp,
                ])
        ),
        (
            "DamagedHouse",
            S.object(
                ["id", "eventId", "divisionCode", "householder", "idNumber", "damage", "rooms", "address", "recordedBy", "recordedAt"],
                [
                    "id": S.uuid, "eventId": S.uuid, "divisionCode": Schemas.divisionCode, "householder": S.string, "idNumber": S.string,
                    "damage": ResourceSchemas.enumeration(HouseDamage.self), "rooms": S.integer, "address": S.string, "phone": S.string,
                    "recordedBy": S.string, "recordedAt": Schemas.timestamp,
                ])
        ),
        (
            "DisasterYear",
            S.object(
                ["year", "events", "byType", "total"],
                [
                    "year": S.integer,
                    "events": [
                        "type": "array",
                        "items": S.object(
                            ["id", "number", "type", "state", "figures"],
                            [
                                "id": S.uuid, "number": S.string, "type": ResourceSchemas.enumeration(DisasterType.self),
                                "state": ResourceSchemas.enumeration(DisasterEventState.self),
                                "basis": ResourceSchemas.enumeration(DisasterStage.self), "figures": figures,
                            ]),
                    ],
                    "byType": [
                        "type": "array",
                        "items": S.object(
                            ["type", "events", "figures"],
                            ["type": ResourceSchemas.enumeration(DisasterType.self), "events": S.integer, "figures": figures]),
                    ],
                    "total": figures,
                ])
        ),
        (
            "DisasterSettings",
            S.object(
                ["progressHour", "droughtProgressDays", "finalWorkingDays", "initialHours", "source"],
                [
                    "progressHour": S.integer, "droughtProgressDays": S.integer, "finalWorkingDays": S.integer,
                    "initialHours": ["type": "number"], "source": S.string,
                ])
        ),
        (
            "DisasterEventRequest",
            S.object(
                ["type", "name", "startedAt", "townships"],
                [
                    "type": ResourceSchemas.enumeration(DisasterType.self), "name": CommandSchemas.bounded(60),
                    "startedAt": Schemas.timestamp,
                    "learnedAt": Schemas.timestamp,
                    "townships": ["type": "array", "items": Schemas.townshipCode, "minItems": 1, "maxItems": 100],
                    "description": CommandSchemas.bounded(2000),
                ])
        ),
        (
            "DisasterEventMoveRequest",
            S.object(
                ["action"],
                [
                    "action": ResourceSchemas.enumeration(DisasterEventMove.self),
                    "townships": ["type": "array", "items": Schemas.townshipCode, "maxItems": 100],
                ])
        ),
        (
            "DisasterEntryRequest",
            S.object(
                ["divisionCode"],
                figureFields.merging(
                    [
                        "id": S.uuid, "divisionCode": Schemas.localDivisionCode, "correctionReason": CommandSchemas.bounded(500),
                        "note": CommandSchemas.bounded(2000),
                    ], uniquingKeysWith: { $1 }))
        ),
        (
            "DisasterReviewRequest",
            S.object(["decision"], ["decision": ["type": "string", "enum": ["accept", "return"]], "note": CommandSchemas.bounded(500)])
        ),
        (
            "DisasterReportRequest",
            S.object(
                [], ["forDay": Schemas.day, "correctionReason": CommandSchemas.bounded(500), "note": CommandSchemas.bounded(1000)])
        ),
        (
            "DisasterCasualtyRequest",
            S.object(
                ["divisionCode", "name", "idNumber", "status", "occurredOn", "cause"],
                [
                    "divisionCode": Schemas.localDivisionCode, "name": CommandSchemas.bounded(40), "idNumber": CommandSchemas.bounded(24),
                    "status": ResourceSchemas.enumeration(DisasterCasualtyStatus.self), "occurredOn": Schemas.day,
                    "cause": CommandSchemas.bounded(200), "place": CommandSchemas.bounded(200),
                ])
        ),
        (
            "DisasterCasualtyMoveRequest",
            S.object(["action"], ["action": ["type": "string", "enum": ["dead", "found"]]])
        ),
        (
            "DamagedHouseRequest",
            S.object(
                ["divisionCode", "householder", "idNumber", "damage", "rooms", "address"],
                [
                    "divisionCode": Schemas.localDivisionCode, "householder": CommandSchemas.bounded(40),
                    "idNumber": CommandSchemas.bounded(24),
                    "damage": ResourceSchemas.enumeration(HouseDamage.self), "rooms": ["type": "integer", "minimum": 1, "maximum": 50],
                    "address": CommandSchemas.bounded(200), "phone": CommandSchemas.bounded(20),
                ])
        ),
        (
            "DisasterSettingsRequest",
            S.object(
                [],
                [
                    "progressHour": ["type": "integer", "minimum": 0, "maximum": 23],
                    "droughtProgressDays": ["type": "integer", "minimum": 1, "maximum": 30],
                    "finalWorkingDays": ["type": "integer", "minimum": 1, "maximum": 30],
                ])
        ),
    ]
}
