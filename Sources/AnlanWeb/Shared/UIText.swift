import AnlanCore

/// Every string the web UI shows, in Simplified Chinese. Pages use these names, never literals,
/// so a second language is one more table of the same names.
public enum UIText {
    public static let appName = "安澜应急管理平台"
    public static let appShortName = "安澜"
    public static let login = "登录"
    public static let logout = "退出登录"
    public static let inboxBadge = "新消息"
    public static let username = "用户名"
    public static let password = "密码"
    public static let loginTitle = "登录安澜应急管理平台"
    public static let loginHint = "请使用应急管理局分配的账户登录。连续多次输错密码，账户将被临时锁定。"
    public static let home = "首页"
    public static let map = "区划地图"
    public static let supervision = "安全生产监管"
    public static let administration = "系统管理"
    public static let jurisdiction = "辖区"
    public static let divisionCode = "区划代码"
    public static let divisionName = "名称"
    public static let divisionLevel = "级别"
    public static let townships = "乡镇（街道）"
    public static let villages = "村（社区）"
    public static let childDivisions = "下级区划"
    public static let viewOnMap = "在地图上查看"
    public static let noTilesNotice =
        "未配置底图，地图仅显示区划边界。底图由服务器运维人员在配置文件 anlan.json 的 tileURL 项（或环境变量 ANLAN_TILE_URL）中设为本单位内网可访问的瓦片服务（如政务外网天地图），重启后生效；详见 README 的 Configuration 一节。"
    public static let mapTownshipLayer = "乡镇边界"
    public static let mapVillageLayer = "村级边界"
    public static let accounts = "账户管理"
    public static let newAccount = "新建账户"
    public static let editAccount = "编辑账户"
    public static let displayName = "姓名"
    public static let role = "角色"
    public static let division = "所属区划"
    public static let certificateNumber = "执法证号"
    public static let status = "状态"
    public static let active = "正常"
    public static let inactive = "已停用"
    public static let locked = "已锁定"
    public static let unlock = "解除锁定"
    public static let lastLogin = "最近登录"
    public static let save = "保存"
    public static let create = "创建"
    public static let search = "查询"
    public static let actions = "操作"
    public static let edit = "编辑"
    public static let accountActive = "账户启用"
    public static let resetPassword = "重置密码"
    public static let newPassword = "新密码"
    public static let currentPassword = "当前密码"
    public static let changePassword = "修改密码"
    public static let secondFactor = "双因素认证"
    public static let passwordChanged = "密码已修改。"
    public static let saved = "已保存。"
    public static let securityPolicy = "安全策略"
    public static let auditLog = "审计日志"
    public static let auditVerify = "校验哈希链"
    public static let exportCSV = "导出 CSV"
    public static let exportXLSX = "导出 Excel"
    public static let auditIntact = "审计日志哈希链完整"
    public static let auditBroken = "审计日志哈希链已被破坏"
    public static let time = "时间"
    public static let user = "用户"
    public static let ip = "IP 地址"
    public static let requestID = "请求编号"
    public static let action = "操作"
    public static let target = "对象"
    public static let outcome = "结果"
    public static let success = "成功"
    public static let failure = "失败"
    public static let details = "详情"
    public static let from = "起始时间"
    public static let to = "截止时间"
    public static let previousPage = "上一页"
    public static let nextPage = "下一页"
    public static let pageOf = "第 %d / %d 页，共 %d 条"
    public static let notFoundTitle = "页面不存在"
    public static let notFoundBody = "您访问的页面不存在，或不在您的权限范围内。"
    public static let errorTitle = "系统出错"
    public static let errorBody = "处理请求时出现错误，已记录。请稍后重试；如仍有问题，请把请求编号告知系统管理员。"
    public static let forbiddenTitle = "无权访问"
    public static let backHome = "返回首页"
    public static let adminOnlyNote = "账户、安全策略和审计日志分别由系统管理员、安全管理员和审计管理员管理（三员分立）。"
    public static let passwordPolicyHint = "密码至少 %d 个字符，包含小写字母、大写字母、数字、符号中的至少 %d 类。"
    public static let policyPasswordMinLength = "密码最小长度"
    public static let policyPasswordMinClasses = "密码至少包含的字符类别数"
    public static let policyMaxFailedLogins = "连续登录失败锁定次数"
    public static let policyLockoutMinutes = "锁定时长（分钟）"
    public static let policySessionIdleMinutes = "会话空闲超时（分钟）"
    public static let policySessionAbsoluteHours = "会话绝对超时（小时）"
    public static let policyTokenLifetimeHours = "API 令牌有效期（小时）"
    public static let all = "全部"
    public static let enterprises = "一企一档"
    public static let enterpriseList = "企业列表"
    public static let enterpriseMap = "企业分布图"
    public static let governance = "数据治理"
    public static let importEnterprises = "导入企业"
    public static let otherContacts = "其他联系人"
    public static let personName = "姓名"
    public static let jobTitle = "职务"
    public static let phone = "电话"
    public static let email = "电子邮箱"
    public static let note = "备注"
    public static let add = "添加"
    public static let remove = "移除"
    public static let targetAgreements = "安全生产目标责任书"
    public static let year = "年度"
    public static let signedOn = "签订日期"
    public static let bureauSignatory = "监管方签订人"
    public static let enterpriseSignatory = "企业签订人"
    public static let signatories = "签订人"
    public static let agreementTargets = "责任目标（每行一项）"
    public static let attachments = "附件"
    public static let fileName = "文件"
    public static let size = "大小"
    public static let uploadedAt = "上传时间"
    public static let uploadedBy = "上传人"
    public static let upload = "上传"
    public static let uploadFailed = "上传失败"
    public static let sectorSettings = "行业领域清单"
    public static let sectorSettingsHint = "每行一个行业。企业档案只能选择清单中的行业；在册企业仍在使用的行业不能删除。"
    public static let columnMapping = "列对应关系"
    public static let columnMappingHint = "选择文件中哪一列对应哪个字段（带 * 的为必需）。导入后会记住本次选择，下次导入表头相同的文件时自动套用。"
    public static let mappingRemembered = "已套用上次的选择"
    public static let notInFile = "（文件中没有）"
    public static let importHint =
        "支持 XLSX 和 CSV（UTF-8 或 GBK/GB18030）。先试导入，逐行检查，不写入任何数据；确认后再导入：好的行写入，问题行进入错误报告。按统一社会信用代码识别已在册企业，重复导入同一文件不会改变任何数据。"
    public static let chooseFile = "选择文件"
    public static let dryRun = "试导入（只检查，不写入）"
    public static let startImport = "确认导入"
    public static let importProgress = "导入进度"
    public static let toCreate = "新建"
    public static let toUpdate = "更新"
    public static let unchangedRows = "无变化"
    public static let invalidRows = "有问题"
    public static let line = "行号"
    public static let problems = "问题"
    public static let downloadErrors = "下载错误报告（XLSX）"
    public static let importRunning = "正在导入…"
    public static let importDone = "导入完成"
    public static let importFailed = "导入中断"
    public static let completeness = "字段完整率"
    public static let field = "字段"
    public static let filled = "已填"
    public static let rate = "完整率"
    public static let sameCreditCode = "信用代码相同"
    public static let sameNameAndAddress = "名称和地址相同"
    public static let similarNames = "名称相近（疑似重复）"
    public static let invalidCreditCodes = "信用代码校验不通过"
    public static let withoutCoordinates = "未登记坐标"
    public static let outsideCounty = "坐标在县域之外"
    public static let fix = "去修改"
    public static let nothingFound = "未发现问题。"
    public static let activeEnterprises = "在册企业"
    public static let showingFirst = "仅列出前 %d 项。"

    /// The Chinese label of a governed column.
    public static func columnName(_ column: String) -> String {
        switch column {
        case "credit_code": creditCode
        case "legal_representative": legalRepresentative
        case "principal": principal
        case "safety_officer_name": safetyOfficer
        case "safety_officer_phone": safetyOfficerPhone
        case "address": address
        case "latitude": "坐标"
        case "employees": employees
        case "standardization_grade": standardization
        case "risk_level": riskLevel
        default: column
        }
    }
    public static let newEnterprise = "新建企业"
    public static let editEnterprise = "编辑企业档案"
    public static let enterpriseName = "企业名称"
    public static let creditCode = "统一社会信用代码"
    public static let legalRepresentative = "法定代表人"
    public static let principal = "主要负责人"
    public static let safetyOfficer = "安全管理员"
    public static let safetyOfficerPhone = "安全管理员电话"
    public static let address = "地址"
    public static let village = "所在村（社区）"
    public static let latitude = "纬度"
    public static let longitude = "经度"
    public static let sectors = "行业领域"
    public static let employees = "从业人数"
    public static let aboveScale = "规模以上"
    public static let standardization = "安全生产标准化"
    public static let standardizationExpiry = "标准化有效期至"
    public static let operatingStatus = "经营状态"
    public static let riskLevel = "风险等级"
    public static let riskHistory = "风险等级变更记录"
    public static let changeRiskLevel = "评定风险等级"
    public static let reason = "理由"
    public static let chooseFileFirst = "请先选择要上传的文件。"
    public static let licences = "许可证"
    public static let licenceKind = "种类"
    public static let licenceNumber = "编号"
    public static let expiresOn = "有效期至"
    public static let expired = "已过期"
    public static let expiringSoon = "即将到期"
    public static let licenceExpiringWithin = "许可证到期天数内"
    public static let archive = "归档"
    public static let archived = "已归档"
    public static let archiveReason = "归档理由"
    public static let searchPlaceholder = "名称、地址或信用代码片段"
    public static let searchHazards = "隐患描述、地点或企业"
    public static let sort = "排序"
    public static let sortName = "按名称"
    public static let sortUpdated = "按更新时间"
    public static let sortRisk = "按风险等级"
    public static let location = "位置"
    public static let noLocation = "未登记坐标"
    public static let profile = "基本信息"
    public static let contacts = "联系人"
    public static let saveContacts = "保存联系人"
    public static let created = "建档"
    public static let updated = "最近修改"
    public static let yes = "是"
    public static let no = "否"
    public static let none = "无"
    public static let sectorsHint = "可多选（按住 Ctrl）"
    public static let installations = "重大危险源辨识与分级（GB 18218-2018）"
    public static let installationName = "单元名称"
    /// GB 18218-2018 4.3.4 (clause number unconfirmed): the basis of α.
    public static let exposedPopulation = "厂区边界向外扩展500米范围内常住人口数量"
    public static let holdingsHint = "每行一项：名称、CAS 号或类别（如 W5.3），空格，数量（吨）。例：液氨 50"
    public static let addInstallation = "登记单元并计算"
    public static let removeInstallation = "移除"
    public static let substance = "物质或类别"
    public static let quantity = "实际存在量 q（吨）"
    public static let criticalQuantity = "临界量 Q（吨）"
    public static let ratio = "q/Q"
    public static let isMajorHazard = "构成重大危险源"
    public static let notMajorHazard = "未构成重大危险源"
    public static let ruleVersion = "依据"
    public static let noInstallations = "未登记危险化学品单元。"

    public static func unitKindName(_ kind: UnitKind) -> String {
        switch kind {
        case .production: "生产单元"
        case .storage: "储存单元"
        }
    }

    public static func hazardGradeName(_ grade: Int?) -> String {
        switch grade {
        case 1: "一级"
        case 2: "二级"
        case 3: "三级"
        case 4: "四级"
        default: "—"
        }
    }

    public static func riskName(_ level: RiskLevel?) -> String {
        switch level {
        case .major: "红（重大）"
        case .high: "橙（较大）"
        case .moderate: "黄（一般）"
        case .low: "蓝（低）"
        case nil: "未评定"
        }
    }

    /// Bootstrap colour class of a risk level's badge.
    public static func riskBadge(_ level: RiskLevel?) -> String {
        switch level {
        case .major: "bg-danger"
        case .high: "bg-warning text-dark"
        case .moderate: "bg-yellow text-dark"
        case .low: "bg-primary"
        case nil: "bg-secondary"
        }
    }

    public static func statusName(_ status: OperatingStatus) -> String {
        switch status {
        case .operating: "在营"
        case .suspended: "停产"
        case .closed: "关闭"
        }
    }

    public static func gradeName(_ grade: StandardizationGrade?) -> String {
        switch grade {
        case .level1: "一级"
        case .level2: "二级"
        case .level3: "三级"
        case nil: "无"
        }
    }
    public static let confirmPassword = "确认新密码"
    public static let passwordsDiffer = "两次输入的新密码不一致。"
    public static let targetID = "对象 ID"
    public static let targetType = "对象类型"
    public static let sequence = "序号"
    public static let before = "变更前"
    public static let after = "变更后"
    public static let previousHash = "前序哈希"
    public static let hash = "哈希"
    public static let auditChainExplanation = "每条审计记录保存上一条记录的哈希，并以 SHA-256 覆盖自身内容；任何在本系统之外修改、删除或插入的记录都会使校验失败。"
    public static let auditIntactCount = "%@：共 %d 条记录。"
    public static let auditBrokenAt = "%@：第 %lld 条。%@"

    public static func roleName(_ role: Role) -> String { role.title }

    public static func levelName(_ level: DivisionLevel) -> String {
        switch level {
        case .county: "县"
        case .township: "乡镇（街道）"
        case .village: "村（社区）"
        }
    }

}
