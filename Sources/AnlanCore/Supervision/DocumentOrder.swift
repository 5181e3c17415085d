import Foundation

/// An order to issue one enforcement document (出具执法文书), parsed once from whichever face carried it: the
/// inspection page, the case page, or `POST /api/v1/documents`. Both faces then call the same store operation.
public struct DocumentOrder: Sendable, Equatable {
    /// What the document is issued on: an inspection (检查文书) or a case (案件文书).
    public enum Subject: Sendable, Equatable {
        case inspection(UUID)
        case `case`(UUID)
    }

    public var kind: DocumentKind
    public var subject: Subject
    /// The notes of a 现场处理措施决定书 beyond its coded measures (where, which equipment, until when).
    public var measures: String?
    /// The coded 现场处理措施 of a 现场处理措施决定书.
    public var onSiteMeasures: [OnSiteMeasure]
    /// What a 查封扣押 seized.
    public var seizedItems: [SeizedItem]
    /// The document this one corrects (更正).
    public var correcting: UUID?
    /// The time, place and materials of a 询问通知书.
    public var inquiry: InquiryRequest?

    public init(
        kind: DocumentKind, subject: Subject, measures: String? = nil, onSiteMeasures: [OnSiteMeasure] = [], seizedItems: [SeizedItem] = [],
        correcting: UUID? = nil, inquiry: InquiryRequest? = nil
    ) {
        self.onSiteMeasures = onSiteMeasures
        self.seizedItems = seizedItems
        self.kind = kind
        self.subject = subject
        self.measures = measures
        self.correcting = correcting
        self.inquiry = inquiry
    }

    public static let measuresLimit = 2000

    /// The fields an order reads; the API schema and the forms take their names and limits from here.
    public enum Field {
        public static let kind = InputField("kind", label: "文书种类", context: "document", invalidMessage: "未知的文书种类。")
        public static let inspectionID = InputField("inspectionId", label: "检查", context: "document")
        public static let caseID = InputField("caseId", label: "案件", context: "document")
        public static let measures = InputField("measures", label: "现场处理措施的具体内容", context: "document", maxLength: measuresLimit)
        public static let onSiteMeasures = InputField(
            "onSiteMeasures", label: "现场处理措施", context: "document", codeStem: "measure",
            invalidMessage: "现场处理措施须为：" + OnSiteMeasure.allCases.map { "\($0.rawValue)（\($0.title)）" }.joined(separator: "、") + "。")
        public static let seizedItems = InputField("seizedItems", label: "查封扣押物品", context: "document", codeStem: "seized_item")
        public static let correcting = InputField("correcting", label: "被更正的文书", context: "document")
        public static let inquiryAt = InputField("inquiryAt", label: "询问时间", context: "document", codeStem: "inquiry_time")
        public static let inquiryPlace = InputField("inquiryPlace", label: "询问地点", context: "document", maxLength: 100)
        public static let inquiryMaterials = InputField("inquiryMaterials", label: "须携带的材料", context: "document", maxLength: 500)
    }

    /// Reads an order. A page names its inspection or case in its path (`inspection`, `case`); the API in the body.
    public static func parse(_ input: some CommandInput, inspection: UUID? = nil, case caseID: UUID? = nil) throws -> DocumentOrder {
        let name = try input.text(Field.kind) ?? ""
        guard let kind = DocumentKind(rawValue: name) else { throw Field.kind.invalid }
        let correcting = try input.uuid(Field.correcting)
        if kind.isCaseDocument {
            guard let id = try caseID ?? input.uuid(Field.caseID) else { throw DocumentErrors.caseRequired }
            return DocumentOrder(kind: kind, subject: .case(id), correcting: correcting, inquiry: try inquiry(input))
        }
        guard let id = try inspection ?? input.uuid(Field.inspectionID) else { throw DocumentErrors.inspectionRequired }
        var measures: [OnSiteMeasure] = []
        for code in try input.texts(Field.onSiteMeasures) {
            guard let m = OnSiteMeasure(rawValue: code) else { throw Field.onSiteMeasures.invalid }
            if !measures.contains(m) { measures.append(m) }
        }
        // One item per line (a form's textarea) or per array element (JSON).
        let lines = try input.texts(Field.seizedItems).flatMap { $0.split(whereSeparator: \.isNewline).map(String.init) }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard lines.count <= 200 else {
            throw AnlanError.invalid("document.seized_item_invalid", "查封扣押物品一次至多 200 项。", field: Field.seizedItems.name)
        }
        let seized = try lines.enumerated().map { try SeizedItem.parse(line: $0.element, index: $0.offset + 1) }
        return DocumentOrder(
            kind: kind, subject: .inspection(id), measures: try input.text(Field.measures), onSiteMeasures: measures, seizedItems: seized,
            correcting: correcting)
    }

    /// The time, place and materials of a 询问通知书, when a time was given (a correction reads them too).
    public static func inquiry(_ input: some CommandInput) throws -> InquiryRequest? {
        guard let at = try input.text(Field.inquiryAt) else { return nil }
        return InquiryRequest(
            at: at, place: try input.text(Field.inquiryPlace) ?? "", materials: try input.text(Field.inquiryMaterials) ?? "")
    }
}

/// The refusals of issuing documents that do not depend on the records, declared once.
public enum DocumentErrors {
    public static let caseRequired = AnlanError.invalid("document.case_required", "案件文书须在案件中出具（caseId）。", field: "caseId")
    public static let inspectionRequired = AnlanError.invalid(
        "document.inspection_required", "检查文书须在检查中出具（inspectionId）。", field: "inspectionId")

    /// A case document that only a step of the procedure issues (`CaseProcedure.document(for:)`).
    public static func issuedByStep(_ kind: DocumentKind) -> AnlanError {
        AnlanError(.conflict, code: "document.issued_by_step", message: "\(kind.title)须在案件的办案步骤中出具（办案步骤保证程序的顺序）。")
    }

    /// The codes an issue order may answer with before the records are read, for the API document.
    public static let orderCodes = [
        "document.kind_invalid", "document.case_required", "document.inspection_required", "document.case_id_invalid",
        "document.inspection_id_invalid", "document.correcting_invalid", "document.measures_too_long", "document.inquiry_place_too_long",
        "document.inquiry_materials_too_long", "document.issued_by_step", "document.measure_invalid", "document.seized_item_invalid",
        "document.measures_required", "document.seized_items_required",
    ]
}
