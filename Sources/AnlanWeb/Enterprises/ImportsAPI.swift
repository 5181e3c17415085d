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
            throw AnlanError(.tooLarge, code: "import.too_large", message: "文件超过 20 MB，请拆分后导入。")
        }
        do { return try Table.read(Data(buffer: buffer)) } catch let error as TableError {
            throw AnlanError(.unprocessable, code: error.code, message: error.message)
        }
    }

    /// The column mapping a client chose, from the `mapping` query parameter; nil when it chose none.
    static func mapping(_ query: Query, header: [String]) throws -> [ImportField: Int]? {
        guard let text = query.string("mapping"), !text.isEmpty else { return nil }
        guard let raw = try? JSONDecoder().decode([String: Int].self, from: Data(text.utf8)) else {
            throw AnlanError.invalid("import.mapping_invalid", "列对应关系须为 JSON 对象，如 {\"name\":0}。", field: "mapping")
        }
        return try ImportMapping.validated(raw, header: header)
    }

    func register(_ api: APIRoutes) {
        let enterprises = store.enterprises
        let mappingParameter = APIOperation.Parameter(
            name: "mapping", location: .query, required: false,
            description: "列对应关系，JSON 对象：字段 → 列序号（从 0 开始），如 {\"name\":0,\"village\":3,\"sectors\":5}；省略时用上次同表头文件的选择或按表头自动识别",
            schema: ["type": "string", "maxLength": 2000])
        let fileName = APIOperation.Parameter(
            name: "fileName", location: .query, required: false, description: "原文件名，记入导入记录", schema: ["type": "string", "maxLength": 200])

        api.add(
            APIOperation(
                method: .post, path: "enterprise-imports", operationID: "startEnterpriseImport",
                summary: "导入企业：检查后在后台分批写入好的行（每批一个事务），问题行进入错误报告；按信用代码幂等", tag: "企业", access: .permission(.editEnterprises),
                parameters: [fileName, mappingParameter], requestSchema: ["type": "string", "format": "binary"],
                requestContentType: "application/octet-stream",
                responses: [
                    (202, "已开始，进度见 GET /api/v1/enterprise-imports/{id}", Schemas.ref("ImportRun")), (413, "文件过大", Schemas.ref("Error")),
                ],
                errorCodes: [
                    "import.columns_missing", "import.mapping_invalid", "import.too_large", "import.too_many_rows", "import.empty",
                    "import.encoding_unknown", "import.csv_malformed", "import.xlsx_malformed",
                ]
            )
            .explaining(
                "ST202",
                "the file must be a CSV (UTF-8 or GB18030) or XLSX workbook with a header row; its content is not described by a schema")
        ) { request, context in
            let table = try await Self.table(request)
            let name = try Query(request).string("fileName") ?? "upload"
            let caller = context.caller
            let mapping = try Self.mapping(try Query(request), header: table.header)
            let plan = try await enterprises.planImport(
                header: table.header, rows: table.rows, encoding: table.encoding, mapping: mapping, by: caller)
            let run = try await enterprises.startImport(plan, cells: table.rows, fileName: name, by: caller)
            let logger = context.logger
            // The batches run after the answer; their progress is stored, so any node can show it.
            Task {
                let finished = try? await enterprises.apply(plan, run: run, by: caller)
                logger.info(
                    "import finished",
                    metadata: ["import": .string(run.id.key), "status": .string(finished?.status.rawValue ?? "failed")])
            }
            return try JSONResponse.make(ImportRunDTO(run), status: .accepted)
        }

        api.add(
            APIOperation(
                method: .get, path: "enterprise-imports/{id}", operationID: "getEnterpriseImport", summary: "导入进度与结果", tag: "企业",
                access: .permission(.readBusinessData),
                parameters: [
                    .init(name: "id", location: .path, required: true, description: "导入 ID", schema: ["type": "string", "format": "uuid"])
                ],
                responses: [(200, "导入记录", Schemas.ref("ImportRun")), (404, "不存在或不在辖区内", Schemas.ref("Error"))])
        ) { _, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.notFound("import.not_found", "导入记录不存在或不在您的辖区内。"))
            return try JSONResponse.make(ImportRunDTO(try await enterprises.importRun(id, by: context.caller)))
        }

        api.add(
            APIOperation(
                method: .post, path: "enterprise-imports/dry-run", operationID: "planEnterpriseImport",
                summary: "试导入：上传 CSV（UTF-8 或 GB18030）或 XLSX，逐行报告问题，不写入任何数据", tag: "企业", access: .permission(.editEnterprises),
                parameters: [mappingParameter], requestSchema: ["type": "string", "format": "binary"],
                requestContentType: "application/octet-stream",
                responses: [(200, "逐行结果", Schemas.ref("ImportPlan")), (413, "文件过大", Schemas.ref("Error"))],
                errorCodes: [
                    "import.columns_missing", "import.mapping_invalid", "import.too_large", "import.too_many_rows", "import.empty",
                    "import.encoding_unknown", "import.csv_malformed", "import.xlsx_malformed",
                ]
            )
            .explaining(
                "ST202",
                "the file must be a CSV (UTF-8 or GB18030) or XLSX workbook with a header row; its content is not described by a schema")
        ) { request, context in
            let table = try await Self.table(request)
            let mapping = try Self.mapping(try Query(request), header: table.header)
            let plan = try await enterprises.planImport(
                header: table.header, rows: table.rows, encoding: table.encoding, mapping: mapping, by: context.caller)
            return try JSONResponse.make(ImportPlanDTO(plan))
        }

        api.add(
            APIOperation(
                method: .post, path: "enterprise-imports/columns", operationID: "suggestEnterpriseImportColumns",
                summary: "读取上传文件的表头，给出列对应关系建议（上次同表头文件的选择，或按表头自动识别），供人工调整", tag: "企业", access: .permission(.editEnterprises),
                requestSchema: ["type": "string", "format": "binary"], requestContentType: "application/octet-stream",
                responses: [(200, "表头与建议", Schemas.ref("ImportColumns")), (413, "文件过大", Schemas.ref("Error"))]
            )
            .explaining(
                "ST202",
                "the file must be a CSV (UTF-8 or GB18030) or XLSX workbook with a header row; its content is not described by a schema")
        ) { request, context in
            let table = try await Self.table(request)
            let suggestion = try await enterprises.suggestedMapping(table.header)
            return try JSONResponse.make(ImportColumnsDTO(table: table, mapping: suggestion))
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
        id = run.id.key
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
        rows = (invalid + others).sorted { $0.line < $1.line }.map {
            Row(line: $0.line, name: $0.name, action: $0.action.rawValue, problems: $0.problems)
        }
        truncated = rows.count < plan.rows.count
    }
}

struct ImportColumnsDTO: Encodable {
    struct Field: Encodable { let field: String; let label: String; let required: Bool }
    let encoding: String?
    let header: [String]
    let mapping: [String: Int]
    let remembered: Bool
    let fields: [Field]
    let sample: [[String]]

    init(table: Table, mapping: ImportMapping) {
        encoding = table.encoding
        header = table.header
        self.mapping = Dictionary(uniqueKeysWithValues: mapping.columns.map { ($0.key.rawValue, $0.value) })
        remembered = mapping.remembered
        fields = ImportField.allCases.map { Field(field: $0.rawValue, label: $0.label, required: $0.isRequired) }
        sample = Array(table.rows.prefix(3))
    }
}
