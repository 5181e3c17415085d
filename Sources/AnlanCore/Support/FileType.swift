import Foundation

/// The kinds of file Anlan accepts as attachments, told by their first bytes (not by the name a
/// browser sends): photos, PDF scans and Office documents.
public enum FileType: String, Sendable, CaseIterable {
    case jpeg, png, pdf, docx, xlsx

    public var contentType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .pdf: "application/pdf"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        }
    }

    public var isImage: Bool { self == .jpeg || self == .png }

    /// The type of `data`, or nil when it is none Anlan accepts. A ZIP is a DOCX or XLSX by its name.
    public static func detect(_ data: Data, fileName: String) -> FileType? {
        let head = [UInt8](data.prefix(8))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            let name = fileName.lowercased()
            if name.hasSuffix(".docx") { return .docx }
            if name.hasSuffix(".xlsx") { return .xlsx }
        }
        return nil
    }
}
