import AnlanCore
import AnlanStore
import Foundation

/// What the readiness API returns: IDs as their stored text, days as "yyyy-MM-dd", optional facts left out when absent.
struct WarehouseDTO: Encodable, Sendable {
    let id, name, kind, divisionCode, address, manager, phone: String
    let latitude, longitude, areaSquareMetres: Double?
    let keyHolder, keyHolderPhone, openingHours, note: String?
    let serves: [String]
    let archived: Bool

    init(_ w: Warehouse) {
        id = w.id.key
        name = w.name
        kind = w.kind.rawValue
        divisionCode = w.divisionCode
        address = w.address
        manager = w.manager
        phone = w.phone
        latitude = w.latitude
        longitude = w.longitude
        areaSquareMetres = w.areaSquareMetres
        keyHolder = w.keyHolder
        keyHolderPhone = w.keyHolderPhone
        openingHours = w.openingHours
        note = w.note
        serves = w.serves
        archived = w.archivedAt != nil
    }
}

struct SupplyItemDTO: Encodable, Sendable {
    let id, name, specification, unit, title: String
    let majorClass: Int
    let code: String?

    init(_ i: SupplyItem) {
        id = i.id.key
        name = i.name
        specification = i.specification
        unit = i.unit
        title = i.title
        majorClass = i.majorClass.rawValue
        code = i.code
    }
}

struct StockLineDTO: Encodable, Sendable {
    let seq: Int
    let warehouseId, itemId, itemTitle, unit, batchNo: String
    let expiresOn: Day?
    let delta: Int
    let book, counted: Int?

    init(_ l: StockLine) {
        seq = l.seq
        warehouseId = l.warehouseID.key
        itemId = l.itemID.key
        itemTitle = l.itemTitle
        unit = l.unit
        batchNo = l.batchNo
        expiresOn = l.expiresOn
        delta = l.delta
        book = l.book
        counted = l.counted
    }
}

struct StockMovementDTO: Encodable, Sendable {
    let id, number, kind, warehouseId, recordedBy: String
    let toWarehouseId, source, recipientKind, party, receiver, receiverPhone, reason, note, confirmedBy, signedBy: String?
    let occurredOn: Day
    let signedOn: Day?
    let expiredConfirmed: Bool
    let recordedAt: Date
    let confirmedAt: Date?
    let lines: [StockLineDTO]

    init(_ m: StockMovement) {
        id = m.id.key
        number = m.number
        kind = m.kind.rawValue
        warehouseId = m.warehouseID.key
        recordedBy = m.recordedBy
        toWarehouseId = m.toWarehouseID?.key
        source = m.source?.rawValue
        recipientKind = m.recipientKind?.rawValue
        party = m.party
        receiver = m.receiver
        receiverPhone = m.receiverPhone
        reason = m.reason
        note = m.note
        confirmedBy = m.confirmedBy
        signedBy = m.signedBy
        signedOn = m.signedOn
        occurredOn = m.occurredOn
        expiredConfirmed = m.expiredConfirmed
        recordedAt = m.recordedAt
        confirmedAt = m.confirmedAt
        lines = m.lines.map(StockLineDTO.init)
    }
}

struct StockBalanceDTO: Encodable, Sendable {
    let warehouseId, warehouseName, divisionCode, keyHolder, keyHolderPhone: String
    let item: SupplyItemDTO
    let quantity: Int
    let reserved: Int
    let minimum: Int?
    let nextExpiry: Day?
    let low: Bool

    init(_ b: StockBalance) {
        reserved = b.reserved
        keyHolder = b.keyHolder
        keyHolderPhone = b.keyHolderPhone
        warehouseId = b.warehouseID.key
        warehouseName = b.warehouseName
        divisionCode = b.divisionCode
        item = SupplyItemDTO(b.item)
        quantity = b.quantity
        minimum = b.minimum
        nextExpiry = b.nextExpiry
        low = b.isLow
    }
}

struct ExpiringBatchDTO: Encodable, Sendable {
    let warehouseId, warehouseName, batchNo: String
    let item: SupplyItemDTO
    let expiresOn: Day
    let quantity: Int
    let expired: Bool

    init(_ b: StockRepository.ExpiringBatch, today: Day) {
        warehouseId = b.warehouseID.key
        warehouseName = b.warehouseName
        batchNo = b.batchNo
        item = SupplyItemDTO(b.item)
        expiresOn = b.expiresOn
        quantity = b.quantity
        expired = b.expiresOn < today
    }
}

struct ReserveRowDTO: Encodable, Sendable {
    struct Share: Encodable, Sendable {
        let divisionCode: String
        let quantity: Int
    }
    let item: SupplyItemDTO
    let byDivision: [Share]
    let total: Int
}

/// The readiness API's schemas, next to the DTOs they describe.
enum ResourceSchemas {
    typealias S = SupervisionSchemas
    static let text: JSONValue = ["type": "string"]
    static let number: JSONValue = ["type": "number"]
    static func limited(_ max: Int) -> JSONValue { ["type": "string", "maxLength": .number(Double(max))] }
    static func enumeration<E: RawRepresentable & CaseIterable>(_ type: E.Type) -> JSONValue where E.RawValue == String {
        ["type": "string", "enum": .array(E.allCases.map { .string($0.rawValue) })]
    }

    static let supplyItem = S.object(
        ["id", "name", "specification", "unit", "title", "majorClass"],
        [
            "id": S.uuid, "name": text, "specification": text, "unit": text, "title": text,
            "majorClass": ["type": "integer", "enum": [1, 2, 3], "description": "GB/T 38565-2020 大类"], "code": text,
        ])

    static let all: [(String, JSONValue)] = [
        (
            "Warehouse",
            S.object(
                ["id", "name", "kind", "divisionCode", "address", "manager", "phone", "serves", "archived"],
                [
                    "id": S.uuid, "name": text, "kind": enumeration(WarehouseKind.self), "divisionCode": Schemas.divisionCode,
                    "address": text, "manager": text, "phone": text, "latitude": number, "longitude": number, "areaSquareMetres": number,
                    "keyHolder": text, "keyHolderPhone": text, "openingHours": text, "note": text, "serves": S.stringArray,
                    "archived": S.boolean,
                ])
        ),
        ("WarehouseRequest", warehouseRequest),
        ("SupplyItem", supplyItem),
        (
            "SupplyItemRequest",
            S.object(
                ["majorClass", "name", "unit"],
                [
                    "majorClass": ["type": "integer", "enum": [1, 2, 3]],
                    "code": ["type": "string", "pattern": "^[1-3][0-9]{6}$", "description": "7 位 GB/T 38565 编码，首位为大类"],
                    "name": ["type": "string", "minLength": 1, "maxLength": .number(Double(SupplyItemDraft.nameLimit))],
                    "specification": limited(SupplyItemDraft.specificationLimit),
                    "unit": ["type": "string", "minLength": 1, "maxLength": .number(Double(SupplyItemDraft.unitLimit))],
                ])
        ),
        (
            "StockLine",
            S.object(
                ["seq", "warehouseId", "itemId", "itemTitle", "unit", "batchNo", "delta"],
                [
                    "seq": S.integer, "warehouseId": S.uuid, "itemId": S.uuid, "itemTitle": text, "unit": text, "batchNo": text,
                    "expiresOn": Schemas.day, "delta": ["type": "integer", "description": "入为正，出为负；盘点为实盘减账面"], "book": S.integer,
                    "counted": S.integer,
                ])
        ),
        (
            "StockMovement",
            S.object(
                ["id", "number", "kind", "warehouseId", "occurredOn", "expiredConfirmed", "recordedBy", "recordedAt", "lines"],
                [
                    "id": S.uuid, "number": text, "kind": enumeration(StockMovementKind.self), "warehouseId": S.uuid,
                    "toWarehouseId": S.uuid,
                    "occurredOn": Schemas.day, "source": enumeration(ReceiptSource.self), "recipientKind": enumeration(RecipientKind.self),
                    "party": text, "receiver": text, "receiverPhone": text, "reason": text, "note": text,
                    "expiredConfirmed": S.boolean, "recordedBy": text, "recordedAt": Schemas.timestamp, "confirmedBy": text,
                    "confirmedAt": Schemas.timestamp, "signedBy": text, "signedOn": Schemas.day,
                    "lines": ["type": "array", "items": Schemas.ref("StockLine")],
                ])
        ),
        ("StockMovementRequest", movementRequest),
        (
            "StockBalance",
            S.object(
                ["warehouseId", "warehouseName", "divisionCode", "item", "quantity", "reserved", "low", "keyHolder", "keyHolderPhone"],
                [
                    "keyHolder": ["type": "string", "description": "钥匙保管人（未填时为负责人）"], "keyHolderPhone": text,
                    "warehouseId": S.uuid, "warehouseName": text, "divisionCode": Schemas.divisionCode, "item": Schemas.ref("SupplyItem"),
                    "quantity": S.integer, "minimum": S.integer, "nextExpiry": Schemas.day, "low": S.boolean,
                    "reserved": ["type": "integer", "minimum": 0, "description": "库存中已被调度指令预留、尚未出库的数量"],
                ])
        ),
        (
            "ExpiringBatch",
            S.object(
                ["warehouseId", "warehouseName", "batchNo", "item", "expiresOn", "quantity", "expired"],
                [
                    "warehouseId": S.uuid, "warehouseName": text, "batchNo": text, "item": Schemas.ref("SupplyItem"),
                    "expiresOn": Schemas.day, "quantity": S.integer, "expired": S.boolean,
                ])
        ),
        (
            "ReserveRow",
            S.object(
                ["item", "byDivision", "total"],
                [
                    "item": Schemas.ref("SupplyItem"), "total": S.integer,
                    "byDivision": [
                        "type": "array",
                        "items": S.object(["divisionCode", "quantity"], ["divisionCode": Schemas.divisionCode, "quantity": S.integer]),
                    ],
                ])
        ),
        (
            "StockMinimumRequest",
            S.object(
                ["warehouseId", "itemId"],
                [
                    "warehouseId": S.uuid, "itemId": S.uuid,
                    "minimum": [
                        "type": "integer", "minimum": 0, "maximum": .number(Double(StockMovementOrder.maximumQuantity)), "nullable": true,
                        "description": "低库存预警下限；null 为取消",
                    ],
                ])
        ),
    ]

    static let warehouseRequest: JSONValue = {
        typealias F = WarehouseDraft.Field
        let phone: JSONValue = [
            "type": "string", "minLength": 1, "maxLength": .number(Double(WarehouseDraft.phoneLimit)),
            "pattern": "^[0-9 +()转-]*[0-9][0-9 +()转-]*$",
        ]
        return S.object(
            [F.name.name, F.kind.name, F.divisionCode.name, F.address.name, F.manager.name, F.phone.name],
            [
                F.name.name: ["type": "string", "minLength": 1, "maxLength": .number(Double(WarehouseDraft.nameLimit))],
                F.kind.name: enumeration(WarehouseKind.self), F.divisionCode.name: Schemas.divisionCode,
                F.address.name: ["type": "string", "minLength": 1, "maxLength": .number(Double(WarehouseDraft.addressLimit))],
                F.latitude.name: ["type": "number", "minimum": -90, "maximum": 90],
                F.longitude.name: ["type": "number", "minimum": -180, "maximum": 180],
                F.manager.name: ["type": "string", "minLength": 1, "maxLength": .number(Double(WarehouseDraft.personLimit))],
                F.phone.name: phone, F.keyHolder.name: limited(WarehouseDraft.personLimit), F.keyHolderPhone.name: phone,
                F.area.name: ["type": "number", "minimum": 0, "maximum": 1_000_000],
                F.openingHours.name: limited(WarehouseDraft.hoursLimit),
                F.serves.name: ["type": "array", "maxItems": .number(Double(WarehouseDraft.servesLimit)), "items": Schemas.divisionCode],
                F.note.name: limited(WarehouseDraft.noteLimit),
            ])
    }()

    static let movementRequest: JSONValue = {
        typealias F = StockMovementOrder.Field
        let quantity: JSONValue = ["type": "integer", "minimum": 1, "maximum": .number(Double(StockMovementOrder.maximumQuantity))]
        let line = S.object(
            [F.item.name],
            [
                F.item.name: S.uuid, F.quantity.name: quantity,
                F.counted.name: ["type": "integer", "minimum": 0, "maximum": .number(Double(StockMovementOrder.maximumQuantity))],
                F.batchNo.name: limited(StockMovementOrder.batchLimit), F.producedOn.name: Schemas.day, F.expiresOn.name: Schemas.day,
            ])
        var body = S.object(
            [F.kind.name, F.warehouse.name, F.lines.name],
            [
                F.kind.name: enumeration(StockMovementKind.self), F.warehouse.name: S.uuid, F.toWarehouse.name: S.uuid,
                F.occurredOn.name: Schemas.day, F.source.name: enumeration(ReceiptSource.self),
                F.recipientKind.name: enumeration(RecipientKind.self), F.party.name: limited(StockMovementOrder.textLimit),
                F.receiver.name: limited(30), F.receiverPhone.name: limited(40), F.reason.name: limited(StockMovementOrder.reasonLimit),
                F.allowExpired.name: S.boolean, F.note.name: limited(StockMovementOrder.reasonLimit),
                F.lines.name: [
                    "type": "array", "minItems": 1, "maxItems": .number(Double(StockMovementOrder.maximumLines)), "items": line,
                ],
            ])
        if case .object(var members) = body {
            members.append(
                (
                    "description",
                    "按业务类型填写：receipt 入库须 source；issue 出库须 recipientKind、party（领用单位）、receiver（领用人）；transfer 调拨须 toWarehouseId；return 退库须 party；scrap 报废须 reason；stocktake 盘点每行填 counted（实盘数），与账面不符须 reason。出库、调拨、报废每行填 quantity，可指定 batchNo，否则按有效期先到先出；过期批次出库须 allowExpired=true"
                ))
            body = .object(members)
        }
        return body
    }()
}
