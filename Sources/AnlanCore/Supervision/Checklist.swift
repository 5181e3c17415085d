import Foundation

/// One thing an inspector checks, with its legal basis and whether failing it is a 重大事故隐患.
public struct ChecklistItem: Sendable, Hashable, Codable {
    /// Stable within the checklist: "M1", "D3", "C20" ….
    public let code: String
    public let text: String
    public let basis: String
    public let isMajor: Bool

    public init(code: String, text: String, basis: String, isMajor: Bool) {
        self.code = code
        self.text = text
        self.basis = basis
        self.isMajor = isMajor
    }
}

/// A checklist as it stood at one version. An inspection keeps the version it used, so it always shows
/// the checklist as it was.
public struct Checklist: Sendable, Hashable, Codable {
    public let key: String
    public let version: Int
    public let name: String
    /// Sectors it is meant for; empty for any.
    public let sectors: [String]
    public let items: [ChecklistItem]

    public init(key: String, version: Int, name: String, sectors: [String], items: [ChecklistItem]) {
        self.key = key
        self.version = version
        self.name = name
        self.sectors = sectors
        self.items = items
    }

    /// Checks a checklist staff write: a key of letters, digits and dashes, a name, 1–300 items with
    /// distinct codes, text and basis.
    public func validated() throws -> Checklist {
        let key = key.trimmingCharacters(in: .whitespaces)
        guard (2...40).contains(key.count), key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw AnlanError.invalid("checklist.key_invalid", "清单标识须为 2–40 个英文字母、数字或连字符。", field: "key")
        }
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...100).contains(name.count) else {
            throw AnlanError.invalid("checklist.name_required", "请填写清单名称（2–100 字）。", field: "name")
        }
        guard (1...300).contains(items.count) else { throw AnlanError.invalid("checklist.items_count", "清单须有 1–300 个检查项。", field: "items") }
        var codes = Set<String>()
        var clean: [ChecklistItem] = []
        for (index, item) in items.enumerated() {
            let code = item.code.trimmingCharacters(in: .whitespaces)
            let text = item.text.trimmingCharacters(in: .whitespacesAndNewlines)
            let basis = item.basis.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (1...20).contains(code.count), codes.insert(code).inserted else {
                throw AnlanError.invalid(
                    "checklist.item_code_invalid", "第 \(index + 1) 项的编号须为 1–20 个字符且不重复。", field: "items[\(index)].code")
            }
            guard (2...500).contains(text.count), (2...300).contains(basis.count) else {
                throw AnlanError.invalid(
                    "checklist.item_incomplete", "第 \(index + 1) 项须填写检查内容（2–500 字）和依据（2–300 字）。", field: "items[\(index)]")
            }
            clean.append(ChecklistItem(code: code, text: text, basis: basis, isMajor: item.isMajor))
        }
        return Checklist(key: key, version: version, name: name, sectors: sectors, items: clean)
    }
}

/// The checklists Anlan ships (RULES §7): the 工贸 major-hazard criteria (management and the three
/// special kinds) and the 20 items of the 化工和危险化学品 criteria.
public enum BuiltInChecklists {
    static let gongmao = "《工贸企业重大事故隐患判定标准》（应急管理部令第10号）"
    static let chemical = "《化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）》（安监总管三〔2017〕121号）"

    public static let all: [Checklist] = [management, dust, ammonia, confinedSpace, chemicals]

    public static let management = Checklist(
        key: "gm-management", version: 1, name: "工贸企业重大事故隐患·管理类", sectors: ["冶金", "有色", "建材", "机械", "轻工", "纺织", "烟草"],
        items: [
            .init(code: "M1", text: "未对承包、承租单位的安全生产工作统一协调、管理，或者未定期进行安全检查", basis: gongmao + "第三条第（一）项", isMajor: true),
            .init(code: "M2", text: "特种作业人员未按照规定经专门的安全作业培训并取得相应资格，上岗作业", basis: gongmao + "第三条第（二）项", isMajor: true),
            .init(code: "M3", text: "金属冶炼企业主要负责人、安全生产管理人员未按照规定经考核合格", basis: gongmao + "第三条第（三）项", isMajor: true),
        ])

    public static let dust = Checklist(
        key: "gm-dust", version: 1, name: "工贸企业重大事故隐患·粉尘防爆", sectors: [],
        items: [
            .init(
                code: "D1", text: "粉尘爆炸危险场所设置在非框架结构的多层建（构）筑物内，或者粉尘爆炸危险场所内设有员工宿舍、会议室、办公室、休息室等人员聚集场所", basis: gongmao + "第十一条", isMajor: true),
            .init(
                code: "D2", text: "不同类别的可燃性粉尘、可燃性粉尘与可燃气体等易加剧爆炸危险的介质共用一套除尘系统，或者不同建（构）筑物、不同防火分区共用一套除尘系统、除尘系统互联互通", basis: gongmao + "第十一条",
                isMajor: true),
            .init(code: "D3", text: "干式除尘系统未采取泄爆、惰化、抑爆等任一种爆炸防控措施", basis: gongmao + "第十一条", isMajor: true),
            .init(code: "D4", text: "铝镁等金属粉尘除尘系统采用正压除尘方式，或者其他可燃性粉尘除尘系统采用正压吹送粉尘时，未采取火花探测消除等防范点燃源措施", basis: gongmao + "第十一条", isMajor: true),
            .init(code: "D5", text: "除尘系统采用重力沉降室除尘，或者采用干式巷道式构筑物作为除尘风道", basis: gongmao + "第十一条", isMajor: true),
            .init(code: "D6", text: "铝镁等金属粉尘、木质粉尘的干式除尘系统未设置锁气卸灰装置", basis: gongmao + "第十一条", isMajor: true),
            .init(code: "D7", text: "粉尘爆炸危险场所的20区未使用防爆电气设备", basis: gongmao + "第十一条", isMajor: true),
            .init(
                code: "D8", text: "在粉碎、研磨、造粒等易产生机械点燃源的工艺设备前，未设置铁、石等杂物去除装置，或者木制品加工企业与砂光机连接的风管未设置火花探测消除装置", basis: gongmao + "第十一条",
                isMajor: true),
            .init(code: "D9", text: "遇湿自燃金属粉尘收集、堆放、储存场所未采取通风等防止氢气积聚的措施，或者干式收集、堆放、储存场所未采取防水、防潮措施", basis: gongmao + "第十一条", isMajor: true),
            .init(code: "D10", text: "未落实粉尘清理制度，造成作业现场积尘严重", basis: gongmao + "第十一条", isMajor: true),
        ])

    public static let ammonia = Checklist(
        key: "gm-ammonia", version: 1, name: "工贸企业重大事故隐患·液氨制冷", sectors: [],
        items: [
            .init(code: "A1", text: "包装、分割、产品整理场所的空调系统采用氨直接蒸发制冷", basis: gongmao + "第十二条", isMajor: true),
            .init(code: "A2", text: "快速冻结装置未设置在单独的作业间内，或者快速冻结装置作业间内作业人员数量超过9人", basis: gongmao + "第十二条", isMajor: true),
        ])

    public static let confinedSpace = Checklist(
        key: "gm-confined", version: 1, name: "工贸企业重大事故隐患·有限空间", sectors: [],
        items: [
            .init(code: "S1", text: "未对有限空间进行辨识、建立安全管理台账，并且未设置明显的安全警示标志", basis: gongmao + "第十三条", isMajor: true),
            .init(code: "S2", text: "未落实有限空间作业审批，或者未执行“先通风、再检测、后作业”要求，或者作业现场未设置监护人员", basis: gongmao + "第十三条", isMajor: true),
        ])

    public static let chemicals = Checklist(
        key: "chem-major", version: 1, name: "化工和危险化学品重大生产安全事故隐患（20项）", sectors: ["危险化学品"],
        items: [
            "危险化学品生产、经营单位主要负责人和安全生产管理人员未依法经考核合格",
            "特种作业人员未持证上岗",
            "涉及“两重点一重大”的生产装置、储存设施外部安全防护距离不符合国家标准要求",
            "涉及重点监管危险化工工艺的装置未实现自动化控制，系统未实现紧急停车功能，装备的自动化控制系统、紧急停车系统未投入使用",
            "构成一级、二级重大危险源的危险化学品罐区未实现紧急切断功能；涉及毒性气体、液化气体、剧毒液体的一级、二级重大危险源的危险化学品罐区未配备独立的安全仪表系统",
            "全压力式液化烃储罐未按国家标准设置注水措施",
            "液化烃、液氨、液氯等易燃易爆、有毒有害液化气体的充装未使用万向管道充装系统",
            "光气、氯气等剧毒气体及硫化氢气体管道穿越除厂区（包括化工园区、工业园区）外的公共区域",
            "地区架空电力线路穿越生产区且不符合国家标准要求",
            "在役化工装置未经正规设计且未进行安全设计诊断",
            "使用淘汰落后安全技术工艺、设备目录列出的工艺、设备",
            "涉及可燃和有毒有害气体泄漏的场所未按国家标准设置检测报警装置，爆炸危险场所未按国家标准安装使用防爆电气设备",
            "控制室或机柜间面向具有火灾、爆炸危险性装置一侧不满足国家标准关于防火防爆的要求",
            "化工生产装置未按国家标准要求设置双重电源供电，自动化控制系统未设置不间断电源",
            "安全阀、爆破片等安全附件未正常投用",
            "未建立与岗位相匹配的全员安全生产责任制或者未制定实施生产安全事故隐患排查治理制度",
            "未制定操作规程和工艺控制指标",
            "未按照国家标准制定动火、进入受限空间等特殊作业管理制度，或者制度未有效执行",
            "新开发的危险化学品生产工艺未经小试、中试、工业化试验直接进行工业化生产；国内首次使用的化工工艺未经过省级人民政府有关部门组织的安全可靠性论证；新建装置未制定试生产方案投料开车；精细化工企业未按规范性文件要求开展反应安全风险评估",
            "未按国家标准分区分类储存危险化学品，超量、超品种储存危险化学品，相互禁配物质混放混存",
        ].enumerated().map { index, text in
            ChecklistItem(code: "C\(index + 1)", text: text, basis: chemical + "第\(index + 1)项", isMajor: true)
        })
}
