import AnlanCore
import Foundation

/// An audit record's before and after, as people read them: one line per field with its Chinese name, the value before
/// and after, changed ones marked. The stored JSON stays as it was (the hash chain covers it); this is only its reading.
enum AuditDetails {
    struct Row: Equatable {
        let label: String
        let before: String
        let after: String
        var changed: Bool { before != after }
    }

    /// Chinese names of the fields the audited actions record; others show their own name.
    static let labels: [String: String] = [
        "status": "状态", "fineFen": "罚款（分）", "paidFen": "已缴罚款（分）", "surchargePaidFen": "已缴加处罚款（分）", "username": "用户名",
        "displayName": "姓名", "role": "角色", "divisionCode": "区划", "enterpriseId": "所属企业", "isActive": "启用", "phone": "电话",
        "certificateNumber": "执法证号", "lockedUntil": "锁定至", "reason": "理由", "title": "案由", "kind": "文书种类", "number": "文号",
        "corrects": "更正的文书", "step": "办案步骤", "day": "日期", "document": "文书", "steps": "已办步骤数", "dueDate": "整改期限",
        "supervisingLeader": "督办领导", "extensionRequestedTo": "申请延期至", "extensionRequestedOn": "申请延期日期", "submittedOn": "提交整改日期",
        "isMajor": "重大事故隐患", "provisions": "违反的规定", "penaltyBasis": "处罚依据", "suspensionUntil": "停产停业整顿至", "name": "名称",
        "creditCode": "统一社会信用代码", "contactName": "联系人", "riskLevel": "风险等级", "id": "ID", "application": "申请",
    ]

    /// The rows of a record; nil when neither side is a JSON object (shown as stored).
    static func rows(before: String?, after: String?) -> [Row]? {
        func object(_ text: String?) -> [String: Any]? {
            guard let text, let data = text.data(using: .utf8) else { return nil }
            return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        }
        let b = object(before), a = object(after)
        guard b != nil || a != nil else { return nil }
        let keys = Set((b ?? [:]).keys).union((a ?? [:]).keys).sorted { (labels[$0] == nil ? 1 : 0, $0) < (labels[$1] == nil ? 1 : 0, $1) }
        return keys.map { key in
            Row(label: labels[key] ?? key, before: text(b?[key]), after: text(a?[key]))
        }
    }

    static func text(_ value: Any?) -> String {
        switch value {
        case nil, is NSNull: return ""
        case let s as String: return s.count > 200 ? String(s.prefix(200)) + "…" : s
        // A JSON true/false is a number whose type code is "c" (char); 0 and 1 are "i" or "q".
        case let n as NSNumber: return String(cString: n.objCType) == "c" ? (n.boolValue ? "是" : "否") : n.stringValue
        default:
            guard let data = try? JSONSerialization.data(withJSONObject: value!, options: [.sortedKeys]) else { return "" }
            let s = String(decoding: data, as: UTF8.self)
            return s.count > 200 ? String(s.prefix(200)) + "…" : s
        }
    }

    static func html(before: String?, after: String?) -> HTML {
        guard let rows = rows(before: before, after: after) else {
            return
                "<pre class=\"audit-json\">\(before.map { UIText.before + "：" + $0 + "\n" } ?? "")\(after.map { UIText.after + "：" + $0 } ?? "")</pre>"
        }
        let lines: [HTML] = rows.map { r in
            "<tr\(HTML(unsafe: r.changed ? " class=\"table-warning\"" : ""))><th class=\"fw-normal text-muted\">\(r.label)</th><td>\(r.before)</td><td>\(r.after)</td></tr>"
        }
        return """
            <table class="table table-sm table-bordered mb-0 small audit-details" data-testid="audit-details"><thead><tr><th></th><th>\(UIText.before)</th><th>\(UIText.after)</th></tr></thead><tbody>\(lines)</tbody></table>
            """
    }
}
