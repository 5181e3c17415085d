import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

/// The security administrator's policy page and the audit administrator's log pages.
/// The audit log (审计管理员): search, export and verification of the hash chain.
struct AuditPages {
    let store: Store

    func register(_ router: PageRoutes) {
        router.get("/audit", .permission(.readAudit)) { request, context in
            let query = try Query(request)
            let filter = try Self.filter(query)
            let page = try await store.audit.search(filter, page: try query.page(), by: context.caller)
            let rows: [HTML] = page.items.map { record in
                let when = Timestamp.date(record.occurredAt).map(Timestamp.display) ?? record.occurredAt
                let change: HTML =
                    record.before == nil && record.after == nil
                    ? .empty
                    : AuditDetails.html(before: record.before, after: record.after)
                return """
                    <tr><td>\(record.seq)</td><td class="text-nowrap">\(when)</td><td>\(record.username ?? "—")</td>
                    <td>\(record.role.flatMap(Role.init(rawValue:)).map(UIText.roleName) ?? "—")</td><td>\(record.ip ?? "—")</td>
                    <td>\(UIText.auditActionName(record.action))<br><code class="small">\(record.action)</code></td>
                    <td>\(UIText.auditTargetName(record.targetType))<br><code class="small">\(record.targetID ?? "")</code></td>
                    <td>\(record.outcome == "success" ? UIText.success : UIText.failure)</td>
                    <td><code class="small">\(record.requestID ?? "")</code></td><td>\(change)</td></tr>
                    """
            }
            let values: [(String, String)] = [
                ("username", query.string("username") ?? ""), ("action", query.string("action") ?? ""),
                ("targetType", query.string("targetType") ?? ""), ("targetId", query.string("targetId") ?? ""),
                ("from", query.string("from") ?? ""), ("to", query.string("to") ?? ""),
            ]
            let labels = [
                "username": UIText.user, "action": UIText.action, "targetType": UIText.target, "targetId": UIText.targetID,
                "from": UIText.from, "to": UIText.to,
            ]
            let inputs: [HTML] = values.map { name, value in
                let type = name == "from" || name == "to" ? "date" : "text"
                return """
                    <div class="col-auto"><input class="form-control form-control-sm" type="\(type)" name="\(name)" value="\(value)" placeholder="\(labels[name] ?? name)" title="\(labels[name] ?? name)"></div>
                    """
            }
            let body: HTML = """
                <div class="d-flex align-items-center mb-3"><h1 class="h4 mb-0">\(UIText.auditLog)</h1>
                  <a class="ms-auto btn btn-outline-secondary btn-sm me-2" href="/audit/export.csv?\(Layout.queryString(values))" data-testid="audit-export">\(UIText.exportCSV)</a>
                  <a class="btn btn-outline-secondary btn-sm me-2" href="/audit/archive.jsonl?\(Layout.queryString(values.filter { $0.0 == "from" || $0.0 == "to" }))" data-testid="audit-archive">导出归档（可独立校验）</a>
                  <a class="btn btn-outline-primary btn-sm" href="/audit/verify">\(UIText.auditVerify)</a></div>
                <form class="row g-2 mb-2" method="get" action="/audit">\(inputs)
                  <div class="col-auto"><button class="btn btn-sm btn-primary">\(UIText.search)</button></div></form>
                <div class="table-responsive"><table class="table table-sm table-striped bg-white small" data-testid="audit">
                  <thead><tr><th>#</th><th>\(UIText.time)</th><th>\(UIText.user)</th><th>\(UIText.role)</th><th>\(UIText.ip)</th><th>\(UIText.action)</th><th>\(UIText.target)</th><th>\(UIText.outcome)</th><th>\(UIText.requestID)</th><th>\(UIText.details)</th></tr></thead>
                  <tbody>\(rows)</tbody></table></div>
                \(Layout.pager(page, base: "/audit", query: values))
                """
            return Layout.page(title: UIText.auditLog, context: context, active: "/audit", body: body).response()
        }

        router.get("/audit/export.csv", .permission(.readAudit)) { request, context in
            let filter = try Self.filter(try Query(request))
            let caller = context.caller
            let audit = store.audit
            try await audit.recordExport(filter, by: caller, at: store.environment.now())
            let header =
                CSVWriter.byteOrderMark
                + CSVWriter.row([
                    UIText.sequence, UIText.time, UIText.user, UIText.role, UIText.ip, UIText.requestID, UIText.action, UIText.targetType,
                    UIText.targetID, UIText.outcome, UIText.before, UIText.after, UIText.previousHash, UIText.hash,
                ])
            let body = ResponseBody { writer in
                try await writer.write(ByteBuffer(string: header))
                var before: Int64? = nil
                while true {
                    let batch = try await audit.exportBatch(filter, before: before, by: caller)
                    guard let last = batch.last else { break }
                    var chunk = ""
                    for r in batch {
                        chunk += CSVWriter.row([
                            String(r.seq), Timestamp.date(r.occurredAt).map(Timestamp.display) ?? r.occurredAt, r.username ?? "",
                            r.role ?? "", r.ip ?? "", r.requestID ?? "", r.action, r.targetType, r.targetID ?? "",
                            r.outcome, r.before ?? "", r.after ?? "", r.prevHash, r.hash,
                        ])
                    }
                    try await writer.write(ByteBuffer(string: chunk))
                    before = last.seq
                }
                try await writer.finish(nil)
            }
            let name = "audit-\(Timestamp.day(store.environment.now())).csv"
            return Download.response(fileName: name, contentType: Download.csv, body: body)
        }

        // A period as an archive file that can be checked on its own (`anlan audit verify-archive FILE`).
        router.get("/audit/archive.jsonl", .permission(.readAudit)) { request, context in
            let query = try Query(request)
            let now = store.environment.now()
            let from = try query.date("from") ?? now.addingTimeInterval(-180 * 86_400)
            let to = try query.date("to") ?? now.addingTimeInterval(1)
            guard from < to else { throw AnlanError.invalid("audit.period_invalid", "起始时间须早于截止时间。", field: "from") }
            let caller = context.caller
            let audit = store.audit
            let body = ResponseBody { writer in
                try await AuditArchive.write(audit, from: from, to: to, by: caller, at: now) { text in
                    try await writer.write(ByteBuffer(string: text))
                }
                try await writer.finish(nil)
            }
            return Download.response(fileName: "audit-archive-\(Timestamp.day(now)).jsonl", contentType: "application/x-ndjson", body: body)
        }

        router.get("/audit/verify", .permission(.readAudit)) { _, context in
            let result = try await store.audit.verify()
            let notice: HTML =
                switch result {
                case .intact(let records):
                    Layout.alert(String(format: UIText.auditIntactCount, UIText.auditIntact, records), kind: "success")
                case .broken(let seq, let reason): Layout.alert(String(format: UIText.auditBrokenAt, UIText.auditBroken, seq, reason))
                }
            let body: HTML = """
                <h1 class="h4">\(UIText.auditVerify)</h1>
                <p class="text-muted">\(UIText.auditChainExplanation)</p>
                <a class="btn btn-link" href="/audit">\(UIText.auditLog)</a>
                """
            return Layout.page(title: UIText.auditVerify, context: context, active: "/audit", notice: notice, body: body).response()
        }
    }

    /// The audit filter from a query string, shared by the page, the export and the API.
    static func filter(_ query: Query) throws -> AuditLog.Filter {
        AuditLog.Filter(
            username: query.string("username"), action: query.string("action"), targetType: query.string("targetType"),
            targetID: query.string("targetId"), from: try query.date("from"), to: try query.date("to"))
    }
}
