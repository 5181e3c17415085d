import Foundation

/// What a stock slip (出入库单) records. The stock is the sum of these, never a quantity someone edits.
public enum StockMovementKind: String, Sendable, Codable, CaseIterable {
    /// 入库: from a purchase, a donation or an allocation from above.
    case receipt
    /// 出库: to a township, a department or an incident, signed for by the person who takes it.
    case issue
    /// 调拨: from this warehouse to another.
    case transfer
    /// 退库: issued goods coming back.
    case `return`
    /// 报废: with a reason.
    case scrap
    /// 盘点: what was counted against the book, with the reason for any difference.
    case stocktake

    public var label: String {
        switch self {
        case .receipt: "入库"
        case .issue: "出库"
        case .transfer: "调拨"
        case .return: "退库"
        case .scrap: "报废"
        case .stocktake: "盘点"
        }
    }

    /// The slip's number prefix: RK20261130-001.
    public var numberPrefix: String {
        switch self {
        case .receipt: "RK"
        case .issue: "CK"
        case .transfer: "DB"
        case .return: "TK"
        case .scrap: "BF"
        case .stocktake: "PD"
        }
    }

    /// Lines that bring goods in (with their batch's dates) rather than take them out of the batches held.
    public var bringsIn: Bool { self == .receipt || self == .return }
}

/// Where received goods came from.
public enum ReceiptSource: String, Sendable, Codable, CaseIterable {
    case purchase, donation, allocation

    public var label: String {
        switch self {
        case .purchase: "采购"
        case .donation: "捐赠"
        case .allocation: "上级调拨"
        }
    }
}

/// Who issued goods went to.
public enum RecipientKind: String, Sendable, Codable, CaseIterable {
    case township, department, incident, other

    public var label: String {
        switch self {
        case .township: "乡镇（街道）"
        case .department: "部门"
        case .incident: "突发事件现场"
        case .other: "其他"
        }
    }
}

/// One line of a slip as entered: the item, how many, and the batch (named, or chosen first-expiring-first-out).
public struct StockLineOrder: Sendable, Equatable {
    public var itemID: UUID
    /// Receipt, issue, transfer, return, scrap: how many units. Stocktake: nil.
    public var quantity: Int?
    /// Stocktake: how many were counted.
    public var counted: Int?
    /// Receipt and return: the batch the goods belong to ("" for goods kept without batches). Out-going lines and a
    /// stocktake: the batch to take from or count; nil lets the store choose (first to expire first) or, for a stocktake
    /// of an item held in one batch, that batch.
    public var batchNo: String?
    public var producedOn: Day?
    public var expiresOn: Day?

    public init(
        itemID: UUID, quantity: Int? = nil, counted: Int? = nil, batchNo: String? = nil, producedOn: Day? = nil, expiresOn: Day? = nil
    ) {
        self.itemID = itemID
        self.quantity = quantity
        self.counted = counted
        self.batchNo = batchNo
        self.producedOn = producedOn
        self.expiresOn = expiresOn
    }
}

/// A stock slip as a user enters it, parsed once from either face.
public struct StockMovementOrder: Sendable, Equatable {
    public static let maximumLines = 200
    public static let maximumQuantity = 10_000_000
    public static let textLimit = 60
    public static let reasonLimit = 500
    public static let batchLimit = 40

    public enum Field {
        public static let kind = InputField("kind", label: "业务类型", context: "stock")
        public static let warehouse = InputField("warehouseId", label: "仓库", context: "stock", codeStem: "warehouse")
        public static let toWarehouse = InputField("toWarehouseId", label: "调入仓库", context: "stock", codeStem: "warehouse")
        public static let occurredOn = InputField("occurredOn", label: "业务日期", context: "stock")
        public static let source = InputField("source", label: "入库来源", context: "stock")
        public static let recipientKind = InputField("recipientKind", label: "领用单位类别", context: "stock")
        public static let party = InputField("party", label: "对方单位", context: "stock", maxLength: textLimit)
        public static let receiver = InputField("receiver", label: "领用（经手）人", context: "stock", maxLength: 30)
        public static let receiverPhone = InputField(
            "receiverPhone", label: "领用人电话", context: "stock", codeStem: "phone", maxLength: 40, invalidMessage: "电话只能包含数字、空格和 + - ( ) 转。")
        public static let reason = InputField("reason", label: "原因", context: "stock", maxLength: reasonLimit)
        public static let allowExpired = InputField("allowExpired", label: "确认使用过期批次", context: "stock")
        public static let note = InputField("note", label: "备注", context: "stock", maxLength: reasonLimit)
        public static let lines = InputField("lines", label: "物资明细", context: "stock", invalidMessage: "物资明细须为行的列表。")
        // The fields of one line.
        public static let item = InputField("itemId", label: "物资", context: "stock", codeStem: "item")
        public static let quantity = InputField("quantity", label: "数量", context: "stock")
        public static let counted = InputField("counted", label: "实盘数量", context: "stock", codeStem: "quantity")
        public static let batchNo = InputField("batchNo", label: "批次号", context: "stock", maxLength: batchLimit)
        public static let producedOn = InputField("producedOn", label: "生产日期", context: "stock", codeStem: "batch_date")
        public static let expiresOn = InputField("expiresOn", label: "有效期至", context: "stock", codeStem: "batch_date")

        public static let lineFields = [item, quantity, counted, batchNo, producedOn, expiresOn].map(\.name)
        // The receipt (签收) of an issue or a transfer.
        public static let signedBy = InputField("signedBy", label: "签收人", context: "stock", codeStem: "signed_by", maxLength: 30)
        public static let signedOn = InputField("signedOn", label: "签收日期", context: "stock", codeStem: "signed_on")
    }

    public var kind: StockMovementKind
    public var warehouseID: UUID
    public var toWarehouseID: UUID?
    public var occurredOn: Day
    public var source: ReceiptSource?
    public var recipientKind: RecipientKind?
    public var party: String?
    public var receiver: String?
    public var receiverPhone: String?
    public var reason: String?
    public var allowExpired: Bool
    public var note: String?
    public var lines: [StockLineOrder]

    public init(
        kind: StockMovementKind, warehouseID: UUID, toWarehouseID: UUID? = nil, occurredOn: Day, source: ReceiptSource? = nil,
        recipientKind: RecipientKind? = nil, party: String? = nil, receiver: String? = nil, receiverPhone: String? = nil,
        reason: String? = nil, allowExpired: Bool = false, note: String? = nil, lines: [StockLineOrder]
    ) {
        self.kind = kind
        self.warehouseID = warehouseID
        self.toWarehouseID = toWarehouseID
        self.occurredOn = occurredOn
        self.source = source
        self.recipientKind = recipientKind
        self.party = party
        self.receiver = receiver
        self.receiverPhone = receiverPhone
        self.reason = reason
        self.allowExpired = allowExpired
        self.note = note
        self.lines = lines
    }

    /// Reads a slip. What each kind needs is checked here (a receipt's source, an issue's recipient and receiver, a
    /// transfer's other warehouse, a scrap's reason, a stocktake's counts); what needs the stock is checked by the store.
    public static func parse(_ input: some CommandInput, today: Day) throws -> StockMovementOrder {
        typealias F = Field
        guard let kind = StockMovementKind(rawValue: try input.requiredText(F.kind)) else { throw F.kind.invalid }
        guard let warehouse = try input.uuid(F.warehouse) else { throw F.warehouse.missing }
        let occurredOn = try input.day(F.occurredOn) ?? today
        guard occurredOn <= today else { throw StockErrors.occurredInFuture }
        var order = StockMovementOrder(
            kind: kind, warehouseID: warehouse, occurredOn: occurredOn, party: try input.text(F.party), reason: try input.text(F.reason),
            allowExpired: try input.bool(F.allowExpired) ?? false, note: try input.text(F.note), lines: [])
        switch kind {
        case .receipt:
            guard let source = ReceiptSource(rawValue: try input.requiredText(F.source)) else { throw F.source.invalid }
            order.source = source
        case .issue:
            guard let recipient = RecipientKind(rawValue: try input.requiredText(F.recipientKind)) else { throw F.recipientKind.invalid }
            order.recipientKind = recipient
            guard order.party != nil else { throw F.party.missing }
            order.receiver = try input.requiredText(F.receiver)
            order.receiverPhone = try input.text(F.receiverPhone)
            if let phone = order.receiverPhone, !WarehouseDraft.isPhone(phone) { throw F.receiverPhone.invalid }
        case .transfer:
            guard let to = try input.uuid(F.toWarehouse) else { throw F.toWarehouse.missing }
            guard to != warehouse else { throw StockErrors.sameWarehouse }
            order.toWarehouseID = to
            order.receiver = try input.text(F.receiver)
        case .return:
            guard order.party != nil else { throw F.party.missing }
            order.receiver = try input.text(F.receiver)
        case .scrap:
            guard order.reason != nil else { throw StockErrors.reasonRequired(kind) }
        case .stocktake:
            break
        }
        guard let records = input.records(F.lines.name, fields: F.lineFields) else { throw F.lines.invalid }
        guard !records.isEmpty else { throw StockErrors.linesRequired }
        guard records.count <= maximumLines else { throw StockErrors.tooManyLines }
        for (index, record) in records.enumerated() {
            order.lines.append(try line(record, number: index + 1, kind: kind))
        }
        return order
    }

    private static func line(_ input: any CommandInput, number: Int, kind: StockMovementKind) throws -> StockLineOrder {
        typealias F = Field
        func at(_ error: AnlanError) -> AnlanError {
            AnlanError(error.kind, code: error.code, message: "第 \(number) 行：\(error.message)", details: error.details)
        }
        do {
            guard let item = try input.uuid(F.item) else { throw F.item.missing }
            var line = StockLineOrder(itemID: item, batchNo: try input.text(F.batchNo))
            if kind == .stocktake {
                guard let counted = try input.integer(F.counted) else { throw F.counted.missing }
                guard (0...maximumQuantity).contains(counted) else { throw StockErrors.quantityInvalid }
                line.counted = counted
            } else {
                guard let quantity = try input.integer(F.quantity) else { throw F.quantity.missing }
                guard (1...maximumQuantity).contains(quantity) else { throw StockErrors.quantityInvalid }
                line.quantity = quantity
            }
            if kind.bringsIn {
                line.batchNo = line.batchNo ?? ""
                line.producedOn = try input.day(F.producedOn)
                line.expiresOn = try input.day(F.expiresOn)
                if let made = line.producedOn, let expires = line.expiresOn, expires < made { throw StockErrors.batchDatesInvalid }
            }
            return line
        } catch let error as AnlanError {
            throw at(error)
        }
    }
}

/// One batch held in a warehouse: what an out-going line takes from.
public struct StockBatch: Sendable, Equatable {
    public let id: UUID
    public let batchNo: String
    public let producedOn: Day?
    public let expiresOn: Day?
    public let quantity: Int

    public init(id: UUID, batchNo: String, producedOn: Day? = nil, expiresOn: Day?, quantity: Int) {
        self.id = id
        self.batchNo = batchNo
        self.producedOn = producedOn
        self.expiresOn = expiresOn
        self.quantity = quantity
    }

    /// Expired on `today`: its last good day has passed.
    public func isExpired(on today: Day) -> Bool { expiresOn.map { $0 < today } ?? false }
}

/// Which batches an out-going line takes from: the named batch, or the first to expire first (undated batches last).
/// An expired batch goes out only with the explicit confirmation (`allowExpired`); a scrap takes expired ones first.
public enum StockAllocation {
    public static func allocate(
        _ quantity: Int, of itemTitle: String, unit: String, from batches: [StockBatch], batchNo: String?, today: Day, allowExpired: Bool
    ) throws -> [(batch: StockBatch, quantity: Int)] {
        if let batchNo {
            guard let batch = batches.first(where: { $0.batchNo == batchNo }) else { throw StockErrors.batchNotFound(batchNo, itemTitle) }
            if batch.isExpired(on: today) && !allowExpired {
                throw StockErrors.expiredNeedsConfirmation(itemTitle, expired: batch.quantity, unit: unit)
            }
            guard quantity <= batch.quantity else { throw StockErrors.insufficient(itemTitle, available: batch.quantity, unit: unit) }
            return [(batch, quantity)]
        }
        let ordered = batches.filter { $0.quantity > 0 }.sorted {
            switch ($0.expiresOn, $1.expiresOn) {
            case (let a?, let b?) where a != b: a < b
            case (.some, nil): true
            case (nil, .some): false
            default: $0.batchNo < $1.batchNo
            }
        }
        let usable = ordered.filter { allowExpired || !$0.isExpired(on: today) }
        let available = usable.reduce(0) { $0 + $1.quantity }
        guard quantity <= available else {
            let expired = ordered.filter { $0.isExpired(on: today) }.reduce(0) { $0 + $1.quantity }
            if !allowExpired && quantity <= available + expired {
                throw StockErrors.expiredNeedsConfirmation(itemTitle, expired: expired, unit: unit, available: available)
            }
            throw StockErrors.insufficient(itemTitle, available: available, unit: unit)
        }
        var left = quantity
        var taken: [(batch: StockBatch, quantity: Int)] = []
        for batch in usable where left > 0 {
            let n = min(left, batch.quantity)
            taken.append((batch, n))
            left -= n
        }
        return taken
    }
}

/// The stock's refusals, one code and one message for both faces.
public enum StockErrors {
    public static func insufficient(_ item: String, available: Int, unit: String) -> AnlanError {
        AnlanError(
            .conflict, code: "stock.insufficient", message: "库存不足：\(item)可用 \(available) \(unit)，未作任何出库。",
            details: ["available": String(available)])
    }

    /// A slip would leave less usable stock than dispatch orders have reserved for goods not yet gone out.
    public static func reservedForDispatch(_ item: String, unit: String, reserved: Int, left: Int) -> AnlanError {
        AnlanError(
            .conflict, code: "stock.reserved_for_dispatch",
            message: "\(item)有 \(reserved) \(unit)已被调度指令预留待发，本单出库后仅余未过期 \(left) \(unit)，未作任何出库；请先完成或取消该指令。",
            details: ["reserved": String(reserved), "left": String(left)])
    }

    public static func expiredNeedsConfirmation(_ item: String, expired: Int, unit: String, available: Int? = nil) -> AnlanError {
        let usable = available.map { "未过期的可用 \($0) \(unit)，" } ?? ""
        return AnlanError(
            .conflict, code: "stock.expired_confirmation_required",
            message: "\(item)\(usable)过期批次 \(expired) \(unit)。确需发出过期物资，请勾选“确认使用过期批次”，该确认将记入审计。",
            details: ["expired": String(expired)])
    }

    public static func batchNotFound(_ batch: String, _ item: String) -> AnlanError {
        AnlanError.invalid("stock.batch_not_found", "该仓库没有\(item)的批次“\(batch)”。", field: "batchNo")
    }

    public static func batchRequired(_ item: String) -> AnlanError {
        AnlanError.invalid("stock.batch_required", "\(item)在该仓库有多个批次，盘点须逐批填写批次号。", field: "batchNo")
    }

    public static func batchMismatch(_ batch: String) -> AnlanError {
        AnlanError.invalid("stock.batch_mismatch", "批次“\(batch)”已在库，其生产日期或有效期与本次填写不同。", field: "expiresOn")
    }

    public static func reasonRequired(_ kind: StockMovementKind) -> AnlanError {
        AnlanError.invalid(
            "stock.reason_required", kind == .scrap ? "报废须写明原因。" : "盘点数量与账面不符，须写明差异原因。", field: "reason")
    }

    public static let occurredInFuture = AnlanError.invalid("stock.occurred_on_invalid", "业务日期不能晚于今天。", field: "occurredOn")
    public static let sameWarehouse = AnlanError.invalid("stock.same_warehouse", "调入仓库不能与调出仓库相同。", field: "toWarehouseId")
    public static let linesRequired = AnlanError.invalid("stock.lines_required", "请至少填写一行物资明细。", field: "lines")
    public static let tooManyLines = AnlanError.invalid(
        "stock.too_many_lines", "一张单据最多 \(StockMovementOrder.maximumLines) 行物资明细。", field: "lines")
    public static let quantityInvalid = AnlanError.invalid(
        "stock.quantity_invalid", "数量须为 1 到 \(StockMovementOrder.maximumQuantity) 之间的整数（盘点数量可为 0）。", field: "quantity")
    public static let batchDatesInvalid = AnlanError.invalid("stock.batch_date_invalid", "有效期不能早于生产日期。", field: "expiresOn")
    public static let duplicateLine = AnlanError.invalid("stock.duplicate_line", "同一物资的同一批次在单据中重复出现，请合并为一行。", field: "lines")
    public static let itemNotFound = AnlanError.notFound("supply.not_found", "物资不存在或已停用。")
    public static let itemDuplicate = AnlanError(.conflict, code: "supply.duplicate", message: "目录中已有同名、同规格、同单位的物资。")
    public static let warehouseNotFound = AnlanError.notFound("warehouse.not_found", "仓库不存在或不在您的辖区内。")
    public static let warehouseArchived = AnlanError(.conflict, code: "warehouse.archived", message: "该仓库已停用，不能再办理出入库。")
    public static let movementNotFound = AnlanError.notFound("stock.movement_not_found", "出入库单不存在或不在您的辖区内。")
    public static let alreadyConfirmed = AnlanError(.conflict, code: "stock.already_confirmed", message: "该出库单已签收确认。")
    public static let notConfirmable = AnlanError(.conflict, code: "stock.not_confirmable", message: "只有出库单和调拨单需要签收确认。")
    public static let thresholdInvalid = AnlanError.invalid("stock.threshold_invalid", "预警下限须为 0 到 10000000 之间的整数。", field: "minimum")

    /// Every code a slip may be refused with, for the API document.
    public static let movementCodes = [
        "stock.kind_invalid", "stock.field_required", "stock.warehouse_invalid", "stock.occurred_on_invalid", "stock.source_invalid",
        "stock.recipient_kind_invalid", "stock.party_too_long", "stock.receiver_too_long", "stock.phone_invalid", "stock.reason_too_long",
        "stock.note_too_long", "stock.allow_expired_invalid", "stock.lines_invalid", "stock.lines_required", "stock.too_many_lines",
        "stock.item_invalid", "stock.quantity_invalid", "stock.batch_no_too_long", "stock.batch_date_invalid", "stock.same_warehouse",
        "stock.reason_required", "stock.insufficient", "stock.reserved_for_dispatch", "stock.expired_confirmation_required",
        "stock.batch_not_found",
        "stock.batch_required", "stock.batch_mismatch", "stock.duplicate_line", "supply.not_found", "warehouse.not_found",
        "warehouse.archived",
    ]
}

/// The receipt (签收) of an issue or a transfer, as entered from the signed paper slip: who signed it (by default the
/// receiver the slip names) and on which day (by default today), never before the slip's day nor after today.
public struct StockReceipt: Sendable, Equatable {
    public let signedBy: String
    public let signedOn: Day

    public init(signedBy: String, signedOn: Day) {
        self.signedBy = signedBy
        self.signedOn = signedOn
    }

    public static let signedOnInvalid = AnlanError.invalid(
        "stock.signed_on_invalid", "签收日期不能早于单据的业务日期，也不能晚于今天。", field: "signedOn")

    public static func parse(_ input: some CommandInput, slip: StockMovement, today: Day) throws -> StockReceipt {
        typealias F = StockMovementOrder.Field
        guard let signedBy = try input.text(F.signedBy) ?? slip.receiver else { throw F.signedBy.missing }
        let signedOn = try input.day(F.signedOn) ?? today
        guard signedOn >= slip.occurredOn, signedOn <= today else { throw signedOnInvalid }
        return StockReceipt(signedBy: signedBy, signedOn: signedOn)
    }
}
