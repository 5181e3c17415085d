import Foundation

/// A recorded stock slip (出入库单): its header and its lines, as printed and as the API returns it.
public struct StockMovement: Sendable, Codable, Equatable {
    public let id: UUID
    /// RK20261130-001: kind prefix, the business day, that day's sequence.
    public let number: String
    public let kind: StockMovementKind
    public let warehouseID: UUID
    public let divisionCode: String
    public let toWarehouseID: UUID?
    public let occurredOn: Day
    public let source: ReceiptSource?
    public let recipientKind: RecipientKind?
    public let party: String?
    public let receiver: String?
    public let receiverPhone: String?
    public let reason: String?
    /// An expired batch went out with the explicit confirmation.
    public let expiredConfirmed: Bool
    public let note: String?
    public let recordedBy: String
    public let recordedAt: Date
    /// Who entered the receipt (签收), and when.
    public let confirmedBy: String?
    public let confirmedAt: Date?
    /// Who signed the paper slip as received, and on which day (as entered from the paper).
    public let signedBy: String?
    public let signedOn: Day?
    public var lines: [StockLine]

    public init(
        id: UUID, number: String, kind: StockMovementKind, warehouseID: UUID, divisionCode: String, toWarehouseID: UUID?, occurredOn: Day,
        source: ReceiptSource?, recipientKind: RecipientKind?, party: String?, receiver: String?, receiverPhone: String?, reason: String?,
        expiredConfirmed: Bool, note: String?, recordedBy: String, recordedAt: Date, confirmedBy: String?, confirmedAt: Date?,
        signedBy: String? = nil, signedOn: Day? = nil, lines: [StockLine]
    ) {
        self.id = id
        self.number = number
        self.kind = kind
        self.warehouseID = warehouseID
        self.divisionCode = divisionCode
        self.toWarehouseID = toWarehouseID
        self.occurredOn = occurredOn
        self.source = source
        self.recipientKind = recipientKind
        self.party = party
        self.receiver = receiver
        self.receiverPhone = receiverPhone
        self.reason = reason
        self.expiredConfirmed = expiredConfirmed
        self.note = note
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
        self.confirmedBy = confirmedBy
        self.confirmedAt = confirmedAt
        self.signedBy = signedBy
        self.signedOn = signedOn
        self.lines = lines
    }

    /// An issue or transfer waits for the receiving person's confirmation (签收).
    public var awaitsConfirmation: Bool { (kind == .issue || kind == .transfer) && confirmedAt == nil }
}

/// One line of a slip: which batch of which item in which warehouse moved by how much. A transfer has a negative line
/// at the source and a positive one at the destination; a stocktake's line also keeps the book and counted figures.
public struct StockLine: Sendable, Codable, Equatable {
    public let seq: Int
    public let warehouseID: UUID
    public let itemID: UUID
    public let itemTitle: String
    public let unit: String
    public let batchNo: String
    public let expiresOn: Day?
    public let delta: Int
    public let book: Int?
    public let counted: Int?

    public init(
        seq: Int, warehouseID: UUID, itemID: UUID, itemTitle: String, unit: String, batchNo: String, expiresOn: Day?, delta: Int,
        book: Int? = nil, counted: Int? = nil
    ) {
        self.seq = seq
        self.warehouseID = warehouseID
        self.itemID = itemID
        self.itemTitle = itemTitle
        self.unit = unit
        self.batchNo = batchNo
        self.expiresOn = expiresOn
        self.delta = delta
        self.book = book
        self.counted = counted
    }
}

/// The balance of one item in one warehouse, kept by the slips, with its low-stock threshold.
public struct StockBalance: Sendable, Codable, Equatable {
    public let warehouseID: UUID
    public let warehouseName: String
    public let divisionCode: String
    public let item: SupplyItem
    public let quantity: Int
    public let minimum: Int?
    /// The earliest expiry among its batches still held, if any is dated.
    public let nextExpiry: Day?
    /// Who opens the door: the key holder, or the manager where none is named, with their phone.
    public let keyHolder: String
    public let keyHolderPhone: String
    /// Of the quantity, what dispatch orders hold reserved for goods not yet gone out.
    public let reserved: Int
    /// Of the quantity, what lies in batches not past their expiry: what an order may take.
    public let usable: Int

    /// What a dispatch order may still reserve: unexpired stock less what others reserved.
    public var free: Int { max(0, usable - reserved) }

    public init(
        warehouseID: UUID, warehouseName: String, divisionCode: String, item: SupplyItem, quantity: Int, minimum: Int?, nextExpiry: Day?,
        keyHolder: String = "", keyHolderPhone: String = "", reserved: Int = 0, usable: Int? = nil
    ) {
        self.reserved = reserved
        self.usable = usable ?? quantity
        self.keyHolder = keyHolder
        self.keyHolderPhone = keyHolderPhone
        self.warehouseID = warehouseID
        self.warehouseName = warehouseName
        self.divisionCode = divisionCode
        self.item = item
        self.quantity = quantity
        self.minimum = minimum
        self.nextExpiry = nextExpiry
    }

    public var isLow: Bool { minimum.map { quantity < $0 } ?? false }
}

/// How far ahead a batch's expiry is shown as coming (a setting would be the place if bureaus ask for another).
public enum StockAlerts {
    public static let expiryWarningDays = 90
}
