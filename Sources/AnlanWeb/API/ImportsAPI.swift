import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

/// Enterprise imports: the dry run that reports each row's problems before anything is written.
struct ImportsAPI {
    let store: Store
    /// Uploads larger than this are refused before reading.
    static let maximumUpload = 20 * 1024 * 1024

    func register(_ api: APIRoutes) {
        let enterprises = store.enterprises
        api.add(
            APIOperation(
                method: .post, path: "enterprise-imports/dry-run", operationID: "planEnterpriseImport",
                summary: "试导入：上传 CSV（UTF-8 或 GB18030）或 XLSX，逐行报告问题，不写入任何数据", tag: "企业",
                requestSchema: ["type": "string", "format": "binary"], requestContentType: "application/octet-stream",
                responses: [(200, "逐行结果", Schemas.ref("ImportPlan")), (413, "文件过大", Schemas.ref("Error"))])
        ) { request, context in
            _ = try context.requireUser()
            try context.caller.require(.editEnterprises)
            let buffer: ByteBuffer
            do { buffer = try await request.body.collect(upTo: Self.maximumUpload) } catch {
                throw AnlanError(.badRequest, code: "import.too_large", message: "文件超过 20 MB，请拆分后导入。")
            }
            let table: Table
            do { table = try Table.read(Data(buffer: buffer)) } catch let error as TableError {
                throw AnlanError(.unprocessable, code: error.code, message: error.message)
            }
            let plan = try await enterprises.planImport(header: table.header, rows: table.rows, encoding: table.encoding, by: context.caller)
            return try JSONResponse.make(ImportPlanDTO(plan))
        }
    }
}

struct ImportPlanDTO: Encodable {
    struct Row: Encodable { let line: Int; let name: String; let action: String; let problems: [String] }
    struct Counts: Encodable { let create: Int; let update: Int; let invalid: Int }
    let encoding: String?
    let header: [String]
    let mapping: [String: Int]
    let counts: Counts
    let rows: [Row]
    let truncated: Bool

    /// Every problem row, and the other rows up to a thousand in all.
    init(_ plan: ImportPlan) {
        encoding = plan.encoding
        header = plan.header
        mapping = Dictionary(uniqueKeysWithValues: plan.mapping.map { ($0.key.rawValue, $0.value) })
        counts = Counts(create: plan.count(.create), update: plan.count(.update), invalid: plan.count(.invalid))
        let invalid = plan.rows.filter { $0.action == .invalid }
        let others = plan.rows.filter { $0.action != .invalid }.prefix(max(0, 1000 - invalid.count))
        rows = (invalid + others).sorted { $0.line < $1.line }.map { Row(line: $0.line, name: $0.name, action: $0.action.rawValue, problems: $0.problems) }
        truncated = rows.count < plan.rows.count
    }
}
