import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// The whole case file (行政执法案卷) as one printable A4 document, what the bureau hands to a 复议机关 or a court:
/// the cover (案卷封面), the table of contents (卷内文件目录) listing every step in the order taken with its date and
/// document, every document as issued (voided ones marked), and the note sheet (卷内备考表).
extension SupervisionPages {
    /// One line of the table of contents: a step with its document, or a document no step issued (an inquiry notice).
    struct CaseFileEntry {
        let day: String
        let title: String
        let number: String
        let note: String
        let document: EnforcementDocument?
    }

    /// Steps in the order taken (by day, then as recorded) with their documents; documents no step issued are placed by
    /// the day they were issued, the 立案审批表 first of its day (the case starts with it). A voided document stays in the
    /// file, marked, as the paper copy does.
    static func caseFileEntries(steps: [CaseStepRecord], documents: [EnforcementDocument]) -> [CaseFileEntry] {
        let byID = Dictionary(documents.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let stepDocuments = Set(steps.compactMap(\.documentID))
        var entries: [(day: String, rank: Int, order: Date, entry: CaseFileEntry)] = steps.map { r in
            let d = r.documentID.flatMap { byID[$0] }
            let note = [Self.summary(r), d?.voidedAt == nil ? "" : "已作废"].filter { !$0.isEmpty }.joined(separator: "；")
            return (
                r.day, 1, r.recordedAt,
                CaseFileEntry(day: r.day, title: d?.kind.title ?? "\(r.step.title)（办案记录）", number: d?.number ?? "", note: note, document: d)
            )
        }
        for d in documents where !stepDocuments.contains(d.id) {
            let day = Timestamp.day(d.issuedAt)
            entries.append(
                (
                    day, d.kind == .caseFiling ? 0 : 1, d.issuedAt,
                    CaseFileEntry(
                        day: day, title: d.kind.title, number: d.number, note: d.voidedAt == nil ? "" : "已作废：\(d.voidReason ?? "")",
                        document: d)
                ))
        }
        return entries.sorted { ($0.day, $0.rank, $0.order) < ($1.day, $1.rank, $1.order) }.map(\.entry)
    }

    func caseFilePage(_ id: UUID, context: UserContext) async throws -> HTML {
        let c = try await store.documents.case(id, by: context.caller)
        let enterprise = try await store.enterprises.get(c.enterpriseID, by: context.caller)
        let documents = try await store.documents.documents(.init(caseID: id), page: try PageRequest(pageSize: 200), by: context.caller)
            .items
        let procedure = try await store.documents.procedure(of: c, by: context.caller)
        let authority = try await store.catalogs.authority()
        let today = Timestamp.day(store.environment.now())
        let entries = Self.caseFileEntries(steps: procedure.steps, documents: documents)
        let filed = entries.filter { $0.document != nil }.count
        let cover: [(String, String)] = [
            ("案　　由", c.title), ("当 事 人", enterprise.profile.name),
            ("统一社会信用代码", enterprise.profile.creditCode ?? "—"), ("立案日期", c.openedOn),
            ("处理结果", procedure.decision.flatMap(CaseProcedure.penaltyText) ?? "—"),
            ("结案日期", c.closedOn ?? "未结案"), ("办案期限", procedure.deadline),
            ("卷内文件", "\(filed) 件（另有办案记录 \(entries.count - filed) 项）"),
            ("立 卷 人", context.user.displayName), ("立卷日期", today),
        ]
        let coverRows: [HTML] = cover.map { "<tr><th>\($0.0)</th><td>\($0.1)</td></tr>" }
        let contents: [HTML] = entries.enumerated().map { index, e in
            """
            <tr><td class="text-center">\(index + 1)</td><td>\(e.number)</td><td>\(e.title)</td><td class="text-nowrap">\(e.day)</td><td>\(e.note)</td></tr>
            """
        }
        let sheets: [HTML] = entries.compactMap(\.document).map { d in
            let void: HTML =
                d.voidedAt == nil
                ? .empty : "<div class=\"text-center text-danger fw-bold mb-2\">\(UIText.voided)：\(d.voidReason ?? "")</div>"
            return DocumentLayoutHTML.render(DocumentLayout(d, currentAuthority: authority), notice: void)
        }
        let body: HTML = """
            <div class="d-print-none d-flex gap-2 mb-3 flex-wrap" data-testid="case-file-controls">
              <button class="btn btn-sm btn-outline-primary" type="button" data-print>\(UIText.print)</button>
              <a class="btn btn-sm btn-link" href="/cases/\(id.key)">\(UIText.cases)</a>
            </div>
            <div class="case-file" data-testid="case-file">
            <article class="a4" data-testid="case-file-cover">
              <div class="text-center fw-bold fs-5">\(authority)</div>
              <h1 class="text-center fw-bold my-4" style="font-size: 1.8rem">安全生产行政执法案卷</h1>
              <table class="table table-bordered doc-table a4-table"><tbody>\(coverRows)</tbody></table>
            </article>
            <article class="a4" data-testid="case-file-contents">
              <h2 class="text-center fw-bold my-2" style="font-size: 1.4rem">卷内文件目录</h2>
              <table class="table table-bordered doc-table"><colgroup><col style="width: 8%"><col style="width: 24%"><col style="width: 30%"><col style="width: 14%"><col style="width: 24%"></colgroup>
              <thead><tr><th>序号</th><th>文号</th><th>题名</th><th>日期</th><th>备注</th></tr></thead><tbody>\(contents)</tbody></table>
            </article>
            \(sheets)
            <article class="a4" data-testid="case-file-note">
              <h2 class="text-center fw-bold my-2" style="font-size: 1.4rem">卷内备考表</h2>
              <p class="doc-paragraph">本卷共有文件材料 \(filed) 件，办案记录 \(entries.count - filed) 项，按办理顺序排列\(documents.contains { $0.voidedAt != nil } ? "；已作废的文书保留在卷并注明" : "")。</p>
              <p class="doc-signature">立卷人：\(context.user.displayName)</p>
              <p class="doc-signature">检查人：</p>
              <p class="doc-signature">立卷时间：\(today)</p>
            </article>
            </div>
            """
        return Layout.page(
            title: "\(c.title) · 案卷", context: context, active: "/supervision", body: body,
            scripts: "<script src=\"/static/js/print.js\"></script>")
    }
}
