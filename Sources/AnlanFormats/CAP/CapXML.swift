import AnlanCore
import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// CAP 1.2 as XML: the bureau's messages written in the schema's element order, and messages from upstream read and
/// checked against the OASIS CAP 1.2 schema (CAP-v1.2.xsd: its element sequence, cardinalities, enumerations and the
/// dateTime pattern), so a message is refused with every place it breaks the schema.
public enum CapXML {
    public static let namespace = "urn:oasis:names:tc:emergency:cap:1.2"
    public static let signatureNamespace = "http://www.w3.org/2000/09/xmldsig#"
    public static let contentType = "application/cap+xml"
    /// The largest upstream message accepted: real CAP messages are a few kilobytes.
    public static let maximumBytes = 512 * 1024

    // MARK: - Writing

    public static func write(_ alert: CapAlert) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<alert xmlns=\"\(namespace)\">\n"
        func element(_ name: String, _ value: String?, indent: Int) {
            guard let value else { return }
            out += String(repeating: "  ", count: indent) + "<\(name)>\(XMLText.escape(value))</\(name)>\n"
        }
        func pair(_ name: String, _ v: CapValue, indent: Int) {
            let pad = String(repeating: "  ", count: indent)
            out += "\(pad)<\(name)>\n"
            element("valueName", v.name, indent: indent + 1)
            element("value", v.value, indent: indent + 1)
            out += "\(pad)</\(name)>\n"
        }
        element("identifier", alert.identifier, indent: 1)
        element("sender", alert.sender, indent: 1)
        element("sent", alert.sent, indent: 1)
        element("status", alert.status, indent: 1)
        element("msgType", alert.msgType, indent: 1)
        element("source", alert.source, indent: 1)
        element("scope", alert.scope, indent: 1)
        element("restriction", alert.restriction, indent: 1)
        element("addresses", alert.addresses, indent: 1)
        for code in alert.codes { element("code", code, indent: 1) }
        element("note", alert.note, indent: 1)
        element("references", alert.references.isEmpty ? nil : alert.references.joined(separator: " "), indent: 1)
        element("incidents", alert.incidents, indent: 1)
        for info in alert.infos {
            out += "  <info>\n"
            element("language", info.language, indent: 2)
            for c in info.categories { element("category", c, indent: 2) }
            element("event", info.event, indent: 2)
            for r in info.responseTypes { element("responseType", r, indent: 2) }
            element("urgency", info.urgency, indent: 2)
            element("severity", info.severity, indent: 2)
            element("certainty", info.certainty, indent: 2)
            element("audience", info.audience, indent: 2)
            for v in info.eventCodes { pair("eventCode", v, indent: 2) }
            element("effective", info.effective, indent: 2)
            element("onset", info.onset, indent: 2)
            element("expires", info.expires, indent: 2)
            element("senderName", info.senderName, indent: 2)
            element("headline", info.headline, indent: 2)
            element("description", info.description, indent: 2)
            element("instruction", info.instruction, indent: 2)
            element("web", info.web, indent: 2)
            element("contact", info.contact, indent: 2)
            for v in info.parameters { pair("parameter", v, indent: 2) }
            for area in info.areas {
                out += "    <area>\n"
                element("areaDesc", area.areaDesc, indent: 3)
                for p in area.polygons { element("polygon", p, indent: 3) }
                for c in area.circles { element("circle", c, indent: 3) }
                for v in area.geocodes { pair("geocode", v, indent: 3) }
                out += "    </area>\n"
            }
            out += "  </info>\n"
        }
        out += "</alert>\n"
        return out
    }

    // MARK: - Reading

    /// One place a message breaks the schema: where (an XPath-like path) and what.
    public struct Issue: Sendable, Equatable, CustomStringConvertible {
        public let path: String
        public let message: String
        public var description: String { path.isEmpty ? message : "\(path)：\(message)" }
    }

    public enum ReadResult: Sendable {
        case valid(CapAlert)
        case invalid([Issue])
    }

    /// Parses and checks a message; every schema violation found is listed, not only the first.
    public static func read(_ data: Data) -> ReadResult {
        if data.count > maximumBytes {
            return .invalid([Issue(path: "", message: "消息超过 \(maximumBytes / 1024) KB。")])
        }
        let root: Node
        switch parse(data, complete: true) {
        case .declarations: return .invalid([Issue(path: "", message: "CAP 消息不得含 DOCTYPE 或实体声明。")])
        case .malformed(let line):
            return .invalid([Issue(path: "", message: "不是格式正确、完整的 XML 文档，问题在第 \(line) 行附近。")])
        case .tree(let tree): root = tree
        }
        var issues: [Issue] = []
        guard root.name == "alert", root.namespace == namespace else {
            return .invalid([Issue(path: "/\(root.name)", message: "根元素须为命名空间 \(namespace) 中的 alert。")])
        }
        Schema.check(root, against: Schema.alert, path: "/alert", issues: &issues)
        if !issues.isEmpty { return .invalid(issues) }
        return .valid(Mapping.alert(root))
    }

    /// What the CAP 1.2 specification's text requires beyond its schema (§3.2.1): identifier and sender without spaces,
    /// commas or markup characters; a restriction for Restricted and addresses for Private messages; references as
    /// "sender,identifier,sent" triples.
    public static func specificationIssues(_ alert: CapAlert) -> [Issue] {
        var issues: [Issue] = []
        let forbidden = CharacterSet(charactersIn: " ,<&").union(.whitespacesAndNewlines)
        for (name, value) in [("identifier", alert.identifier), ("sender", alert.sender)]
        where value.isEmpty || value.rangeOfCharacter(from: forbidden) != nil {
            issues.append(Issue(path: "/alert/\(name)", message: "\(name) 不能为空，且不能含空格、逗号、< 或 &（CAP 1.2 §3.2.1）。"))
        }
        if alert.scope == "Restricted" && alert.restriction == nil {
            issues.append(Issue(path: "/alert/restriction", message: "scope 为 Restricted 时须有 restriction（CAP 1.2 §3.2.1）。"))
        }
        if alert.scope == "Private" && alert.addresses == nil {
            issues.append(Issue(path: "/alert/addresses", message: "scope 为 Private 时须有 addresses（CAP 1.2 §3.2.1）。"))
        }
        for reference in alert.references where reference.split(separator: ",", omittingEmptySubsequences: false).count != 3 {
            issues.append(Issue(path: "/alert/references", message: "引用“\(reference)”须为 sender,identifier,sent 三段（CAP 1.2 §3.2.1）。"))
        }
        if (alert.msgType == "Update" || alert.msgType == "Cancel") && alert.references.isEmpty {
            issues.append(Issue(path: "/alert/references", message: "Update 和 Cancel 消息须引用原消息（CAP 1.2 §3.2.1）。"))
        }
        return issues
    }

    /// Whatever a well-formed message says, without checking it: to show people which message failed its checks.
    public static func unchecked(_ data: Data) -> CapAlert? {
        guard case .tree(let root) = parse(data.prefix(maximumBytes), complete: false), root.name == "alert" else { return nil }
        return Mapping.alert(root)
    }

    /// What a polled address answered: one CAP message, or a feed (Atom or RSS) whose entries link to CAP messages.
    public enum Polled: Sendable, Equatable {
        case message
        case feed(links: [String])
        case unknown
    }

    /// Tells a CAP message from a feed of them; a feed's links are the entries' CAP links (Atom `link` with a CAP or XML
    /// type or an `.xml`/`.cap` address; RSS `link` or `enclosure`), in the feed's order.
    public static func polled(_ data: Data) -> Polled {
        guard case .tree(let root) = parse(data.prefix(maximumBytes * 4), complete: true) else { return .unknown }
        if root.name == "alert" { return .message }
        func capLike(_ href: String, type: String?) -> Bool {
            type?.contains("cap") == true || type?.contains("xml") == true || href.hasSuffix(".xml") || href.hasSuffix(".cap")
        }
        var links: [String] = []
        if root.name == "feed" {
            for entry in root.all("entry") {
                for link in entry.all("link") {
                    if let href = link.attributes["href"], capLike(href, type: link.attributes["type"]) { links.append(href) }
                }
            }
            return .feed(links: links)
        }
        if root.name == "rss", let channel = root.first("channel") {
            for item in channel.all("item") {
                if let enclosure = item.first("enclosure")?.attributes["url"] {
                    links.append(enclosure)
                } else if let link = item.first("link")?.text.trimmingCharacters(in: .whitespacesAndNewlines), !link.isEmpty {
                    links.append(link)
                }
            }
            return .feed(links: links)
        }
        return .unknown
    }

    enum Parsed {
        case declarations
        case malformed(line: Int)
        case tree(Node)
    }

    /// The one way CAP text (a message or a feed) is parsed: DOCTYPE and entity declarations refused before parsing,
    /// no external entities, namespaces resolved. `complete` also asks what FoundationXML's `parse()` lets pass: it
    /// answers true for a document cut short or with content after its root, the error only in `parserError`.
    static func parse(_ data: Data, complete: Bool) -> Parsed {
        if let head = String(data: data.prefix(4096), encoding: .utf8), head.contains("<!DOCTYPE") || head.contains("<!ENTITY") {
            return .declarations
        }
        let builder = TreeBuilder()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        let parsed = parser.parse()
        guard let root = builder.root, parsed, !complete || (parser.parserError == nil && builder.rootClosed) else {
            return .malformed(line: parser.lineNumber)
        }
        return .tree(root)
    }

    /// An element as read: name, namespace, attributes, children and its own text.
    final class Node {
        let name: String
        let namespace: String?
        let attributes: [String: String]
        var children: [Node] = []
        var text = ""
        init(name: String, namespace: String?, attributes: [String: String]) {
            self.name = name
            self.namespace = namespace
            self.attributes = attributes
        }
        func first(_ name: String) -> Node? { children.first { $0.name == name } }
        func all(_ name: String) -> [Node] { children.filter { $0.name == name } }
        func value(_ name: String) -> String? { first(name)?.text }
    }

    final class TreeBuilder: NSObject, XMLParserDelegate {
        var stack: [Node] = []
        var root: Node?
        var rootClosed = false

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String]
        ) {
            let node = Node(name: name, namespace: namespaceURI, attributes: attributes)
            if let parent = stack.last { parent.children.append(node) } else { root = node }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.text += string }

        func parser(_ parser: XMLParser, foundCDATA block: Data) {
            stack.last?.text += String(decoding: block, as: UTF8.self)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            _ = stack.popLast()
            if stack.isEmpty { rootClosed = true }
        }
    }

    // MARK: - The schema, as data

    /// CAP-v1.2.xsd written as a table: each complex element is a sequence of particles in the schema's order.
    enum Schema {
        indirect enum Content: Sendable {
            case simple(SimpleType)
            case sequence([Particle])
        }

        enum SimpleType: Sendable {
            case string, dateTime, language, decimal, integer, anyURI
            case enumeration([String])
        }

        struct Particle: Sendable {
            let name: String
            let min: Int
            let max: Int?
            let content: Content
            init(_ name: String, _ min: Int = 1, _ max: Int? = 1, _ content: Content = .simple(.string)) {
                self.name = name
                self.min = min
                self.max = max
                self.content = content
            }
        }

        static let pair = Content.sequence([Particle("valueName"), Particle("value")])

        static let info = Content.sequence([
            Particle("language", 0, 1, .simple(.language)),
            Particle(
                "category", 1, nil,
                .simple(
                    .enumeration([
                        "Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env", "Transport", "Infra", "CBRNE", "Other",
                    ])
                )),
            Particle("event"),
            Particle(
                "responseType", 0, nil,
                .simple(.enumeration(["Shelter", "Evacuate", "Prepare", "Execute", "Avoid", "Monitor", "Assess", "AllClear", "None"]))),
            Particle("urgency", 1, 1, .simple(.enumeration(["Immediate", "Expected", "Future", "Past", "Unknown"]))),
            Particle("severity", 1, 1, .simple(.enumeration(["Extreme", "Severe", "Moderate", "Minor", "Unknown"]))),
            Particle("certainty", 1, 1, .simple(.enumeration(["Observed", "Likely", "Possible", "Unlikely", "Unknown"]))),
            Particle("audience", 0),
            Particle("eventCode", 0, nil, pair),
            Particle("effective", 0, 1, .simple(.dateTime)),
            Particle("onset", 0, 1, .simple(.dateTime)),
            Particle("expires", 0, 1, .simple(.dateTime)),
            Particle("senderName", 0),
            Particle("headline", 0),
            Particle("description", 0),
            Particle("instruction", 0),
            Particle("web", 0, 1, .simple(.anyURI)),
            Particle("contact", 0),
            Particle("parameter", 0, nil, pair),
            Particle(
                "resource", 0, nil,
                .sequence([
                    Particle("resourceDesc"), Particle("mimeType"), Particle("size", 0, 1, .simple(.integer)),
                    Particle("uri", 0, 1, .simple(.anyURI)), Particle("derefUri", 0), Particle("digest", 0),
                ])),
            Particle(
                "area", 0, nil,
                .sequence([
                    Particle("areaDesc"), Particle("polygon", 0, nil), Particle("circle", 0, nil), Particle("geocode", 0, nil, pair),
                    Particle("altitude", 0, 1, .simple(.decimal)), Particle("ceiling", 0, 1, .simple(.decimal)),
                ])),
        ])

        static let alert: [Particle] = [
            Particle("identifier"),
            Particle("sender"),
            Particle("sent", 1, 1, .simple(.dateTime)),
            Particle("status", 1, 1, .simple(.enumeration(["Actual", "Exercise", "System", "Test", "Draft"]))),
            Particle("msgType", 1, 1, .simple(.enumeration(["Alert", "Update", "Cancel", "Ack", "Error"]))),
            Particle("source", 0),
            Particle("scope", 1, 1, .simple(.enumeration(["Public", "Restricted", "Private"]))),
            Particle("restriction", 0),
            Particle("addresses", 0),
            Particle("code", 0, nil),
            Particle("note", 0),
            Particle("references", 0),
            Particle("incidents", 0),
            Particle("info", 0, nil, info),
        ]

        /// Checks a complex element's children against its sequence; the alert alone may end with XML signatures.
        static func check(_ node: Node, against sequence: [Particle], path: String, issues: inout [Issue]) {
            checkAttributes(node, path: path, issues: &issues)
            if !node.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                issues.append(Issue(path: path, message: "此元素只能包含子元素，不能直接包含文字。"))
            }
            var index = 0
            let children = node.children
            for particle in sequence {
                var count = 0
                while index < children.count, children[index].name == particle.name, children[index].namespace == CapXML.namespace {
                    if let max = particle.max, count >= max { break }
                    let child = children[index]
                    let childPath = particle.max == 1 ? "\(path)/\(particle.name)" : "\(path)/\(particle.name)[\(count + 1)]"
                    switch particle.content {
                    case .simple(let type): checkSimple(child, type, path: childPath, issues: &issues)
                    case .sequence(let inner): check(child, against: inner, path: childPath, issues: &issues)
                    }
                    count += 1
                    index += 1
                }
                if count < particle.min {
                    issues.append(Issue(path: "\(path)/\(particle.name)", message: "缺少必需的元素 \(particle.name)。"))
                }
            }
            if path == "/alert" {
                while index < children.count, children[index].namespace == CapXML.signatureNamespace { index += 1 }
            }
            for extra in children[index...] {
                let known = sequence.contains { $0.name == extra.name } && extra.namespace == CapXML.namespace
                issues.append(
                    Issue(
                        path: "\(path)/\(extra.name)",
                        message: known ? "元素 \(extra.name) 的位置或出现次数不符合 CAP 1.2 的顺序。" : "CAP 1.2 在此处不允许元素 \(extra.name)。"))
            }
        }

        static func checkAttributes(_ node: Node, path: String, issues: inout [Issue]) {
            for name in node.attributes.keys.sorted() where !name.hasPrefix("xmlns") && !name.hasPrefix("xsi:") {
                issues.append(Issue(path: path, message: "CAP 1.2 不允许属性 \(name)。"))
            }
        }

        static func checkSimple(_ node: Node, _ type: SimpleType, path: String, issues: inout [Issue]) {
            checkAttributes(node, path: path, issues: &issues)
            if !node.children.isEmpty {
                issues.append(Issue(path: path, message: "此元素只能包含文字，不能包含子元素 \(node.children[0].name)。"))
                return
            }
            let collapsed = node.text.trimmingCharacters(in: .whitespacesAndNewlines)
            switch type {
            case .string, .anyURI: break
            case .enumeration(let values):
                if !values.contains(collapsed) {
                    issues.append(Issue(path: path, message: "取值“\(collapsed)”不在 CAP 1.2 允许的取值中（\(values.joined(separator: "、"))）。"))
                }
            case .dateTime:
                if !isCapDateTime(collapsed) {
                    issues.append(Issue(path: path, message: "时间“\(collapsed)”须为 CAP 格式，如 2026-11-30T02:05:00+08:00。"))
                }
            case .language:
                if collapsed.range(of: "^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$", options: .regularExpression) == nil {
                    issues.append(Issue(path: path, message: "语言代码“\(collapsed)”格式不正确，如 zh-CN。"))
                }
            case .decimal:
                if collapsed.range(of: #"^[+-]?(\d+(\.\d*)?|\.\d+)$"#, options: .regularExpression) == nil {
                    issues.append(Issue(path: path, message: "“\(collapsed)”不是数值。"))
                }
            case .integer:
                if collapsed.range(of: #"^[+-]?\d+$"#, options: .regularExpression) == nil {
                    issues.append(Issue(path: path, message: "“\(collapsed)”不是整数。"))
                }
            }
        }

        /// The schema's pattern `\d\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\d[-,+]\d\d:\d\d`, and a real xs:dateTime (a date that
        /// exists, an hour of the day, an offset of at most 14 hours).
        static func isCapDateTime(_ text: String) -> Bool {
            let pattern = #"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([-+])(\d{2}):(\d{2})$"#
            guard let match = text.range(of: pattern, options: .regularExpression), match == text.startIndex..<text.endIndex else {
                return false
            }
            let digits = text.split(whereSeparator: { "-T:+".contains($0) }).compactMap { Int($0) }
            guard digits.count == 8 else { return false }
            let (y, mo, d, h, mi, s, oh, om) = (digits[0], digits[1], digits[2], digits[3], digits[4], digits[5], digits[6], digits[7])
            guard y >= 1, (1...12).contains(mo), h <= 24, mi <= 59, s <= 59, om <= 59, oh < 14 || (oh == 14 && om == 0) else {
                return false
            }
            if h == 24 && (mi != 0 || s != 0) { return false }
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
            let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]
            return (1...days).contains(d)
        }
    }

    // MARK: - Mapping a checked tree to data

    enum Mapping {
        static func text(_ node: Node?) -> String? {
            node.map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
        }

        static func pairs(_ nodes: [Node]) -> [CapValue] {
            nodes.map { CapValue(text($0.first("valueName")) ?? "", text($0.first("value")) ?? "") }
        }

        static func alert(_ root: Node) -> CapAlert {
            CapAlert(
                identifier: text(root.first("identifier")) ?? "", sender: text(root.first("sender")) ?? "",
                sent: text(root.first("sent")) ?? "", status: text(root.first("status")) ?? "",
                msgType: text(root.first("msgType")) ?? "", source: text(root.first("source")),
                scope: text(root.first("scope")) ?? "", restriction: text(root.first("restriction")),
                addresses: text(root.first("addresses")), codes: root.all("code").compactMap(text), note: text(root.first("note")),
                references: (text(root.first("references")) ?? "").split(whereSeparator: \.isWhitespace).map(String.init),
                incidents: text(root.first("incidents")),
                infos: root.all("info").map { info in
                    CapInfo(
                        language: text(info.first("language")), categories: info.all("category").compactMap(text),
                        event: text(info.first("event")) ?? "", responseTypes: info.all("responseType").compactMap(text),
                        urgency: text(info.first("urgency")) ?? "", severity: text(info.first("severity")) ?? "",
                        certainty: text(info.first("certainty")) ?? "", audience: text(info.first("audience")),
                        eventCodes: pairs(info.all("eventCode")), effective: text(info.first("effective")),
                        onset: text(info.first("onset")), expires: text(info.first("expires")),
                        senderName: text(info.first("senderName")), headline: text(info.first("headline")),
                        description: text(info.first("description")), instruction: text(info.first("instruction")),
                        web: text(info.first("web")), contact: text(info.first("contact")), parameters: pairs(info.all("parameter")),
                        areas: info.all("area").map { area in
                            CapArea(
                                areaDesc: text(area.first("areaDesc")) ?? "", polygons: area.all("polygon").compactMap(text),
                                circles: area.all("circle").compactMap(text), geocodes: pairs(area.all("geocode")))
                        })
                })
        }
    }
}
