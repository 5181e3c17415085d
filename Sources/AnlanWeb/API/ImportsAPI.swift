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

    /// Reads an uploaded file into a table, refusing what cannot be read.
    static func table(_ request: Request) async throws -> Table {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: Self.maximumUpload) } catch {
            throw AnlanError(.badRequest, code: "import.too_large", message: "文件超过 20 MB，请拆分后导入。")
        }
        do { return try Table.read(Data(buffer: buffer)) } catch let error as TableError {
            throw AnlanError(.unprocessable, code: error.code, message: error.message)
        }
    }

    func register(_ api: APIRoutes) {
        let enterprises = store.enterprises
        let fileName = APIOperation.Parameter(
            name: "fileName", location: .query, required: false, description: "原文件名，记入导入记录", schema: ["type": "string", "maxLength": 200])

        api.add(
            APIOperation(
                method: .post, path: "enterprise-imports", operationID: "startEnterpriseImport",
                summary: "导入企业：检查后在后台分批写入好的行（每批一个事务），问题行进入错误报告；按信用代码幂等", tag: "企业",
                parameters: [fileName], requestSchema: ["type": "string", "format": "binary"], requestContentType: "application/octet-stream",
                responses: [(202, "已开始，进度见 GET /api/v1/enterprise-imports/{id}", Schemas.ref("ImportRun")), (413, "文件过大", Schemas.ref("Error"))])
        ) { request, context in
            _ = try context.requireUser()
            try context.caller.require(.editEnterprises)
            let table = try await Self.table(request)
            let name = try Query(request).string("fileName") ?? "upload"
            let caller = context.caller
            let plan = try await enterprises.planImport(header: table.header, rows: table.rows, encoding: table.encoding, by: caller)
            let run = try await enterprises.startImport(plan, cells: table.rows, fileName: name, by: caller)
            let logger = context.logger
            // The batches run after the answer; their progress is stored, so any node can show it.
            Task {
                let finished = try? await enterprises.apply(plan, run: run, by: caller)
                logger.info("import finished", metadata: ["import": .string(run.id.uuidString), "status": .string(finished?.status.rawValue ?? "failed")])
            }
            return try JSONResponse.make(ImportRunDTO(run), status: .accepted)
        }

        api.add(
            APIOperation(
                method: .get, path: "enterprise-imports/{id}", operationID: "getEnterpriseImport", summary: "导入进度与结果", tag: "企业",
                parameters: [.init(name: "id", location: .path, required: true, description: "导入 ID", schema: ["type": "string", "format": "uuid"])],
                responses: [(200, "导入记录", Schemas.ref("ImportRun")), (404, "不存在或不在辖区内", Schemas.ref("Error"))])
        ) { _, context in
            _ = try context.requireUser()
            let id = try context.uuidParameter("id", notFound: AnlanError.notFound("import.not_found", "导入记录不存在或不在您的辖区内。"))
            return try JSONResponse.make(ImportRunDTO(try await enterprises.importRun(id, by: context.caller)))
        }

        api.add(
            APIOperation(
                method: .post, path: "enterprise-imports/dry-run", operationID: "planEnterpriseImport",
                summary: "试导入：上传 CSV（UTF-8 或 GB18030）或 XLSX，逐行报告问题，不写入任何数据", tag: "企业",
                requestSchema: ["type": "string", "format": "binary"], requestContentType: "application/octet-stream",
                responses: [(200, "逐行结果", Schemas.ref("ImportPlan")), (413, "文件过大", Schemas.ref("Error"))])
        ) { request, context in
            _ = try context.requireUser()
            try context.caller.require(.editEnterprises)
            let table = try await Self.table(request)
            let plan = try await enterprises.planImport(header: table.header, rows: table.rows, encoding: table.encoding, by: context.caller)
            return try JSONResponse.make(ImportPlanDTO(plan))
        }
    }
}

struct ImportRunDTO: Encodable {
    let id: String
    let fileName: String
    let encoding: String?
    let status: String
    let totalRows: Int
    let processedRows: Int
    let created: Int
    let updated: Int
    let unchanged: Int
    let invalid: Int
    let failure: String?
    let createdAt: Date
    let finishedAt: Date?

    init(_ run: ImportRun) {
        id = run.id.uuidString.lowercased()
        fileName = run.fileName
        encoding = run.encoding
        status = run.status.rawValue
        totalRows = run.totalRows
        processedRows = run.processedRows
        created = run.created
        updated = run.updated
        unchanged = run.unchanged
        invalid = run.invalid
        failure = run.failure
        createdAt = run.createdAt
        finishedAt = run.finishedAt
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
