import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

/// Enterprise imports: the upload page, a run's progress and its error list.
extension EnterprisePages {
    func registerImports(_ router: PageRoutes) {
        router.get("/enterprise-imports/new", .permission(.editEnterprises)) { _, context in
            let body: HTML = """
                <h1 class="h4">\(UIText.importEnterprises)</h1>
                <p class="text-muted" style="max-width: 60rem">\(UIText.importHint)</p>
                <div id="import" data-csrf="\(context.csrfToken ?? "")" data-testid="import">
                  <div class="row g-2 mb-3" style="max-width: 48rem">
                    <div class="col"><input class="form-control" type="file" id="import-file" accept=".xlsx,.csv" aria-label="\(UIText.chooseFile)"></div>
                    <div class="col-auto"><button class="btn btn-outline-primary" id="import-dry-run" type="button">\(UIText.dryRun)</button></div>
                    <div class="col-auto"><button class="btn btn-primary" id="import-start" type="button" disabled>\(UIText.startImport)</button></div>
                  </div>
                  <div id="import-mapping" class="card mb-3 d-none" data-none="\(UIText.notInFile)" data-testid="import-mapping">
                    <div class="card-header">\(UIText.columnMapping) <span class="badge bg-info text-dark d-none" data-role="remembered">\(UIText.mappingRemembered)</span></div>
                    <div class="card-body"><p class="small text-muted">\(UIText.columnMappingHint)</p><div class="row g-2" data-role="fields"></div></div>
                  </div>
                  <div id="import-message" class="alert d-none" role="alert"></div>
                  <div id="import-counts" class="mb-2 d-none">\(UIText.toCreate) <strong data-count="create">0</strong> · \(UIText.toUpdate) <strong data-count="update">0</strong> · \(UIText.invalidRows) <strong data-count="invalid">0</strong></div>
                  <table class="table table-sm bg-white d-none" id="import-rows"><thead><tr><th>\(UIText.line)</th><th>\(UIText.enterpriseName)</th><th>\(UIText.problems)</th></tr></thead><tbody></tbody></table>
                </div>
                """
            return Layout.page(
                title: UIText.importEnterprises, context: context, active: "/supervision", body: body,
                scripts: "<script src=\"/static/js/import.js\"></script>"
            ).response()
        }

        router.get("/enterprise-imports/{id}", .permission(.readBusinessData)) { _, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.notFound("import.not_found", "导入记录不存在或不在您的辖区内。"))
            let run = try await store.enterprises.importRun(id, by: context.caller)
            let percent = run.totalRows == 0 ? 100 : run.processedRows * 100 / run.totalRows
            let key = id.key
            let body: HTML = """
                <h1 class="h4">\(UIText.importProgress)：\(run.fileName)</h1>
                <div id="import-run" data-id="\(key)" data-status="\(run.status.rawValue)" data-testid="import-run"
                     data-running="\(UIText.importRunning)" data-done="\(UIText.importDone)" data-failed="\(UIText.importFailed)">
                  <div class="progress mb-2" style="height: 1.5rem; max-width: 48rem"><div class="progress-bar" id="import-bar" style="width: \(percent)%">\(percent)%</div></div>
                  <p id="import-status">\(run.status == .running ? UIText.importRunning : run.status == .done ? UIText.importDone : UIText.importFailed) \(run.failure ?? "")</p>
                  <p>\(UIText.toCreate) <strong data-field="created">\(run.created)</strong> · \(UIText.toUpdate) <strong data-field="updated">\(run.updated)</strong> ·
                     \(UIText.unchangedRows) <strong data-field="unchanged">\(run.unchanged)</strong> · \(UIText.invalidRows) <strong data-field="invalid">\(run.invalid)</strong></p>
                  <a class="btn btn-sm btn-outline-secondary\(HTML(unsafe: run.invalid == 0 ? " d-none" : ""))" href="/enterprise-imports/\(key)/errors.xlsx" data-testid="import-errors">\(UIText.downloadErrors)</a>
                  <a class="btn btn-sm btn-link" href="/enterprises">\(UIText.enterpriseList)</a>
                </div>
                """
            return Layout.page(
                title: UIText.importProgress, context: context, active: "/supervision", body: body,
                scripts: "<script src=\"/static/js/import.js\"></script>"
            ).response()
        }

        router.get("/enterprise-imports/{id}/errors.xlsx", .permission(.readBusinessData)) { _, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.notFound("import.not_found", "导入记录不存在或不在您的辖区内。"))
            let run = try await store.enterprises.importRun(id, by: context.caller)
            let errors = try await store.enterprises.importErrors(id, by: context.caller)
            let writer = try XLSXWriter(header: ["行号", "问题"] + run.header)
            for error in errors { try writer.append([String(error.line), error.problems.joined(separator: "；")] + error.cells) }
            return try Download.xlsx(writer, fileName: "import-errors.xlsx")
        }
    }
}
