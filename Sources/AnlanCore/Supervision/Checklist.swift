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
    /// The sectors that mark a checklist as one for flood and forest-fire sites (汛前检查、森林防火检查), not enterprises.
    public static let siteSectors = ["防汛", "森林防火"]
    public var isForSites: Bool { sectors.contains { Self.siteSectors.contains($0) } }

    public func validated() throws -> Checklist {
        let key = key.trimmingCharacters(in: .whitespaces)
        guard (2...40).contains(key.codePoints), key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw AnlanError.invalid("checklist.key_invalid", "清单标识须为 2–40 个英文字母、数字或连字符。", field: "key")
        }
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...100).contains(name.codePoints) else {
            throw AnlanError.invalid("checklist.name_required", "请填写清单名称（2–100 字）。", field: "name")
        }
        guard (1...300).contains(items.count) else { throw AnlanError.invalid("checklist.items_count", "清单须有 1–300 个检查项。", field: "items") }
        var codes = Set<String>()
        var clean: [ChecklistItem] = []
        for (index, item) in items.enumerated() {
            let code = item.code.trimmingCharacters(in: .whitespaces)
            let text = item.text.trimmingCharacters(in: .whitespacesAndNewlines)
            let basis = item.basis.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (1...20).contains(code.codePoints), codes.insert(code).inserted else {
                throw AnlanError.invalid(
                    "checklist.item_code_invalid", "第 \(index + 1) 项的编号须为 1–20 个字符且不重复。", field: "items[\(index)].code")
            }
            guard (2...500).contains(text.codePoints), (2...300).contains(basis.codePoints) else {
                throw AnlanError.invalid(
                    "checklist.item_incomplete", "第 \(index + 1) 项须填写检查内容（2–500 字）和依据（2–300 字）。", field: "items[\(index)]")
            }
            clean.append(ChecklistItem(code: code, text: text, basis: basis, isMajor: item.isMajor))
        }
        return Checklist(key: key, version: version, name: name, sectors: sectors, items: clean)
    }
}

/// The checklists Anlan ships (RULES §7): the 工贸 major-hazard criteria of 应急管理部令第10号 (in force 2023-05-15:
/// management 第三条, the seven industries 第四条–第十条, and the special kinds 第十一条–第十三条), the 20 items of
/// the 化工和危险化学品 criteria and the 20 items of the 烟花爆竹 criteria (both 安监总管三〔2017〕121号). Every item
/// cites its article and clause; the text is the standard's (docs/research/2026-11-gb18218-and-hazard-criteria.md §B, §C).
/// 商贸 has no article of its own (第二条 names it in the scope only): 商贸 enterprises are judged under 第三条 and the
/// special kinds. 第十四条 (monitoring, alarm and protective devices that fail count as major hazards) applies to every item.
public enum BuiltInChecklists {
    static let gongmao = "《工贸企业重大事故隐患判定标准》（应急管理部令第10号）"
    static let chemical = "《化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）》（安监总管三〔2017〕121号）"
    static let fireworks = "《烟花爆竹生产经营单位重大生产安全事故隐患判定标准（试行）》（安监总管三〔2017〕121号）"

    /// The items of one article of 令第10号, numbered `prefix`1…, each citing 第N条第（M）项.
    static func article(_ number: Int, prefix: String, _ texts: [String]) -> [ChecklistItem] {
        texts.enumerated().map { index, text in
            ChecklistItem(
                code: "\(prefix)\(index + 1)", text: text,
                basis: gongmao + "第\(DocumentContent.chineseNumber(number))条第（\(DocumentContent.chineseNumber(index + 1))）项", isMajor: true)
        }
    }

    public static let all: [Checklist] =
        [management, dust, ammonia, confinedSpace] + industries + [chemicals, fireworksList]

    static let gongmaoSectors = ["冶金", "有色", "建材", "机械", "轻工", "纺织", "烟草", "商贸"]

    public static let management = Checklist(
        key: "gm-management", version: 2, name: "工贸企业重大事故隐患·管理类（第三条）", sectors: gongmaoSectors,
        items: article(
            3, prefix: "M",
            [
                "未对承包单位、承租单位的安全生产工作统一协调、管理，或者未定期进行安全检查", "特种作业人员未按照规定经专门的安全作业培训并取得相应资格，上岗作业",
                "金属冶炼企业主要负责人、安全生产管理人员未按照规定经考核合格",
            ]))

    public static let dust = Checklist(
        key: "gm-dust", version: 2, name: "工贸企业重大事故隐患·粉尘爆炸（第十一条）", sectors: [],
        items: article(
            11, prefix: "D",
            [
                "粉尘爆炸危险场所设置在非框架结构的多层建（构）筑物内，或者粉尘爆炸危险场所内设有员工宿舍、会议室、办公室、休息室等人员聚集场所",
                "不同类别的可燃性粉尘、可燃性粉尘与可燃气体等易加剧爆炸危险的介质共用一套除尘系统，或者不同建（构）筑物、不同防火分区共用一套除尘系统、除尘系统互联互通",
                "干式除尘系统未采取泄爆、惰化、抑爆等任一种爆炸防控措施",
                "铝镁等金属粉尘除尘系统采用正压除尘方式，或者其他可燃性粉尘除尘系统采用正压吹送粉尘时，未采取火花探测消除等防范点燃源措施",
                "除尘系统采用重力沉降室除尘，或者采用干式巷道式构筑物作为除尘风道", "铝镁等金属粉尘、木质粉尘的干式除尘系统未设置锁气卸灰装置",
                "除尘器、收尘仓等划分为20区的粉尘爆炸危险场所电气设备不符合防爆要求",
                "粉碎、研磨、造粒等易产生机械点燃源的工艺设备前，未设置铁、石等杂物去除装置，或者木制品加工企业与砂光机连接的风管未设置火花探测消除装置",
                "遇湿自燃金属粉尘收集、堆放、储存场所未采取通风等防止氢气积聚措施，或者干式收集、堆放、储存场所未采取防水、防潮措施", "未落实粉尘清理制度，造成作业现场积尘严重",
            ]))

    public static let ammonia = Checklist(
        key: "gm-ammonia", version: 2, name: "工贸企业重大事故隐患·液氨制冷（第十二条）", sectors: [],
        items: article(
            12, prefix: "A", ["包装、分割、产品整理场所的空调系统采用氨直接蒸发制冷", "快速冻结装置未设置在单独的作业间内，或者快速冻结装置作业间内作业人员数量超过9人"]))

    public static let confinedSpace = Checklist(
        key: "gm-confined", version: 2, name: "工贸企业重大事故隐患·有限空间（第十三条）", sectors: [],
        items: article(
            13, prefix: "S",
            ["未对有限空间进行辨识、建立安全管理台账，并且未设置明显的安全警示标志", "未落实有限空间作业审批，或者未执行“先通风、再检测、后作业”要求，或者作业现场未设置监护人员"]))

    /// 第四条–第十条: one list per industry.
    public static let industries: [Checklist] = [
        Checklist(
            key: "gm-metallurgy", version: 1, name: "工贸企业重大事故隐患·冶金（第四条）", sectors: ["冶金"],
            items: article(
                4, prefix: "YJ",
                [
                    "会议室、活动室、休息室、操作室、交接班室、更衣室（含澡堂）等6类人员聚集场所，以及钢铁水罐冷（热）修工位设置在铁水、钢水、液渣吊运跨的地坪区域内",
                    "生产期间冶炼、精炼和铸造生产区域的事故坑、炉下渣坑，以及熔融金属泄漏和喷溅影响范围内的炉前平台、炉基区域、厂房内吊运和地面运输通道等6类区域存在积水",
                    "炼钢连铸流程未设置事故钢水罐、中间罐漏钢坑（槽）、中间罐溢流坑（槽）、漏钢回转溜槽，或者模铸流程未设置事故钢水罐（坑、槽）",
                    "转炉、电弧炉、AOD炉、LF炉、RH炉、VOD炉等炼钢炉的水冷元件未设置出水温度、进出水流量差等监测报警装置，或者监测报警装置未与炉体倾动、氧（副）枪自动提升、电极自动断电和升起装置联锁",
                    "高炉生产期间炉顶工作压力设定值超过设计文件规定的最高工作压力，或者炉顶工作压力监测装置未与炉顶放散阀联锁，或者炉顶放散阀的联锁放散压力设定值超过设备设计压力值",
                    "煤气生产、回收净化、加压混合、储存、使用设施附近的会议室、活动室、休息室、操作室、交接班室、更衣室等6类人员聚集场所，以及可能发生煤气泄漏、积聚的场所和部位未设置固定式一氧化碳浓度监测报警装置，或者监测数据未接入24小时有人值守场所",
                    "加热炉、煤气柜、除尘器、加压机、烘烤器等设施，以及进入车间前的煤气管道未安装隔断装置",
                    "正压煤气输配管线水封式排水器的最高封堵煤气压力小于30kPa，或者同一煤气管道隔断装置的两侧共用一个排水器，或者不同煤气管道排水器上部的排水管连通，或者不同介质的煤气管道共用一个排水器",
                ])),
        Checklist(
            key: "gm-nonferrous", version: 1, name: "工贸企业重大事故隐患·有色（第五条）", sectors: ["有色"],
            items: article(
                5, prefix: "YS",
                [
                    "会议室、活动室、休息室、操作室、交接班室、更衣室（含澡堂）等6类人员聚集场所设置在熔融金属吊运跨的地坪区域内",
                    "生产期间冶炼、精炼、铸造生产区域的事故坑、炉下渣坑，以及熔融金属泄漏、喷溅影响范围内的炉前平台、炉基区域、厂房内吊运和地面运输通道等6类区域存在非生产性积水",
                    "熔融金属铸造环节未设置紧急排放和应急储存设施（倾动式熔炼炉、倾动式保温炉、倾动式熔保一体炉、带保温炉的固定式熔炼炉除外）",
                    "采用水冷冷却的冶炼炉窑、铸造机（铝加工深井铸造工艺的结晶器除外）、加热炉未设置应急水源",
                    "熔融金属冶炼炉窑的闭路循环水冷元件未设置出水温度、进出水流量差监测报警装置，或者开路水冷元件未设置进水流量、压力监测报警装置，或者未监测开路水冷元件出水温度",
                    "铝加工深井铸造工艺的结晶器冷却水系统未设置进水压力、进水流量监测报警装置，或者监测报警装置未与快速切断阀、紧急排放阀、流槽断开装置联锁，或者监测报警装置未与倾动式浇铸炉控制系统联锁",
                    "铝加工深井铸造工艺的浇铸炉铝液出口流槽、流槽与模盘（分配流槽）入口连接处未设置液位监测报警装置，或者固定式浇铸炉的铝液出口未设置机械锁紧装置",
                    "铝加工深井铸造工艺的固定式浇铸炉的铝液流槽未设置紧急排放阀，或者流槽与模盘（分配流槽）入口连接处未设置快速切断阀（断开装置），或者流槽与模盘（分配流槽）入口连接处的液位监测报警装置未与快速切断阀（断开装置）、紧急排放阀联锁",
                    "铝加工深井铸造工艺的倾动式浇铸炉流槽与模盘（分配流槽）入口连接处未设置快速切断阀（断开装置），或者流槽与模盘（分配流槽）入口连接处的液位监测报警装置未与浇铸炉倾动控制系统、快速切断阀（断开装置）联锁",
                    "铝加工深井铸造机钢丝卷扬系统选用非钢芯钢丝绳，或者未落实钢丝绳定期检查、更换制度",
                    "可能发生一氧化碳、砷化氢、氯气、硫化氢等4种有毒气体泄漏、积聚的场所和部位未设置固定式气体浓度监测报警装置，或者监测数据未接入24小时有人值守场所，或者未对可能有砷化氢气体的场所和部位采取同等效果的检测措施",
                    "使用煤气（天然气）并强制送风的燃烧装置的燃气总管未设置压力监测报警装置，或者监测报警装置未与紧急自动切断装置联锁",
                    "正压煤气输配管线水封式排水器的最高封堵煤气压力小于30kPa，或者同一煤气管道隔断装置的两侧共用一个排水器，或者不同煤气管道排水器上部的排水管连通，或者不同介质的煤气管道共用一个排水器",
                ])),
        Checklist(
            key: "gm-building", version: 1, name: "工贸企业重大事故隐患·建材（第六条）", sectors: ["建材"],
            items: article(
                6, prefix: "JC",
                [
                    "煤磨袋式收尘器、煤粉仓未设置温度和固定式一氧化碳浓度监测报警装置，或者未设置气体灭火装置", "筒型储库人工清库作业未落实清库方案中防止高处坠落、坍塌等安全措施",
                    "水泥企业电石渣原料筒型储库未设置固定式可燃气体浓度监测报警装置，或者监测报警装置未与事故通风装置联锁",
                    "进入筒型储库、焙烧窑、预热器旋风筒、分解炉、竖炉、篦冷机、磨机、破碎机前，未对可能意外启动的设备和涌入的物料、高温气体、有毒有害气体等采取隔离措施，或者未落实防止高处坠落、坍塌等安全措施",
                    "采用预混燃烧方式的燃气窑炉（热发生炉煤气窑炉除外）的燃气总管未设置管道压力监测报警装置，或者监测报警装置未与紧急自动切断装置联锁",
                    "制氢站、氮氢保护气体配气间、燃气配气间等3类场所未设置固定式可燃气体浓度监测报警装置", "电熔制品电炉的水冷设备失效", "玻璃窑炉、玻璃锡槽等设备未设置水冷和风冷保护系统的监测报警装置",
                ])),
        Checklist(
            key: "gm-machinery", version: 1, name: "工贸企业重大事故隐患·机械（第七条）", sectors: ["机械"],
            items: article(
                7, prefix: "JX",
                [
                    "会议室、活动室、休息室、更衣室、交接班室等5类人员聚集场所设置在熔融金属吊运跨或者浇注跨的地坪区域内", "铸造用熔炼炉、精炼炉、保温炉未设置紧急排放和应急储存设施",
                    "生产期间铸造用熔炼炉、精炼炉、保温炉的炉底、炉坑和事故坑，以及熔融金属泄漏、喷溅影响范围内的炉前平台、炉基区域、造型地坑、浇注作业坑和熔融金属转运通道等8类区域存在积水",
                    "铸造用熔炼炉、精炼炉、压铸机、氧枪的冷却水系统未设置出水温度、进出水流量差监测报警装置，或者监测报警装置未与熔融金属加热、输送控制系统联锁",
                    "使用煤气（天然气）的燃烧装置的燃气总管未设置管道压力监测报警装置，或者监测报警装置未与紧急自动切断装置联锁，或者燃烧装置未设置火焰监测和熄火保护系统",
                    "使用可燃性有机溶剂清洗设备设施、工装器具、地面时，未采取防止可燃气体在周边密闭或者半密闭空间内积聚措施", "使用非水性漆的调漆间、喷漆室未设置固定式可燃气体浓度监测报警装置或者通风设施",
                ])),
        Checklist(
            key: "gm-light", version: 1, name: "工贸企业重大事故隐患·轻工（第八条）", sectors: ["轻工"],
            items: article(
                8, prefix: "QG",
                [
                    "食品制造企业烘制、油炸设备未设置防过热自动切断装置", "白酒勾兑、灌装场所和酒库未设置固定式乙醇蒸气浓度监测报警装置，或者监测报警装置未与通风设施联锁",
                    "纸浆制造、造纸企业使用蒸气、明火直接加热钢瓶汽化液氯",
                    "日用玻璃、陶瓷制造企业采用预混燃烧方式的燃气窑炉（热发生炉煤气窑炉除外）的燃气总管未设置管道压力监测报警装置，或者监测报警装置未与紧急自动切断装置联锁",
                    "日用玻璃制造企业玻璃窑炉的冷却保护系统未设置监测报警装置", "使用非水性漆的调漆间、喷漆室未设置固定式可燃气体浓度监测报警装置或者通风设施", "锂离子电池储存仓库未对故障电池采取有效物理隔离措施",
                ])),
        Checklist(
            key: "gm-textile", version: 1, name: "工贸企业重大事故隐患·纺织（第九条）", sectors: ["纺织"],
            items: article(
                9, prefix: "FZ",
                [
                    "纱、线、织物加工的烧毛、开幅、烘干等热定型工艺的汽化室、燃气贮罐、储油罐、热媒炉，未与生产加工等人员聚集场所隔开或者单独设置",
                    "保险粉、双氧水、次氯酸钠、亚氯酸钠、雕白粉（吊白块）与禁忌物料混合储存，或者保险粉储存场所未采取防水防潮措施",
                ])),
        Checklist(
            key: "gm-tobacco", version: 1, name: "工贸企业重大事故隐患·烟草（第十条）", sectors: ["烟草"],
            items: article(
                10, prefix: "YC",
                [
                    "熏蒸作业场所未配备磷化氢气体浓度监测报警仪器，或者未配备防毒面具，或者熏蒸杀虫作业前未确认无关人员全部撤离熏蒸作业场所",
                    "使用液态二氧化碳制造膨胀烟丝的生产线和场所未设置固定式二氧化碳浓度监测报警装置，或者监测报警装置未与事故通风设施联锁",
                ])),
    ]
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
            ChecklistItem(
                code: "C\(index + 1)", text: text, basis: chemical + "第\(DocumentContent.chineseNumber(index + 1))项", isMajor: true)
        })

    public static let fireworksList = Checklist(
        key: "fw-major", version: 1, name: "烟花爆竹生产经营单位重大生产安全事故隐患（20项）", sectors: ["烟花爆竹"],
        items: [
            "主要负责人、安全生产管理人员未依法经考核合格", "特种作业人员未持证上岗，作业人员带药检维修设备设施", "职工自行携带工器具、机器设备进厂进行涉药作业",
            "工（库）房实际作业人员数量超过核定人数", "工（库）房实际滞留、存储药量超过核定药量", "工（库）房内、外部安全距离不足，防护屏障缺失或者不符合要求",
            "防静电、防火、防雷设备设施缺失或者失效", "擅自改变工（库）房用途或者违规私搭乱建", "工厂围墙缺失或者分区设置不符合国家标准",
            "将氧化剂、还原剂同库储存、违规预混或者在同一工房内粉碎、称量", "在用涉药机械设备未经安全性论证或者擅自更改、改变用途", "中转库、药物总库和成品总库的存储能力与设计产能不匹配",
            "未建立与岗位相匹配的全员安全生产责任制或者未制定实施生产安全事故隐患排查治理制度", "出租、出借、转让、买卖、冒用或者伪造许可证",
            "生产经营的产品种类、危险等级超许可范围或者生产使用违禁药物", "分包转包生产线、工房、库房组织生产经营", "一证多厂或者多股东各自独立组织生产经营",
            "许可证过期、整顿改造、恶劣天气等停产停业期间组织生产经营", "烟花爆竹仓库存放其它爆炸物等危险物品或者生产经营违禁超标产品", "零售点与居民居住场所设置在同一建筑物内或者在零售场所使用明火",
        ].enumerated().map { index, text in
            ChecklistItem(
                code: "F\(index + 1)", text: text, basis: fireworks + "第\(DocumentContent.chineseNumber(index + 1))项", isMajor: true)
        })
}
