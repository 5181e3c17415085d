/// The readiness pages' words.
enum ResourcesText {
    static let resources = "应急资源"
    static let resourceMap = "资源一张图"
    static let warehouses = "物资储备库（点）"
    static let newWarehouse = "登记仓库"
    static let editWarehouse = "修改仓库信息"
    static let archiveWarehouse = "停用仓库"
    static let archiveConfirm = "停用后不能再办理出入库，历史单据保留。确定停用？"
    static let catalog = "物资目录"
    static let balances = "库存余额"
    static let movements = "出入库单"
    static let expiring = "过期与临期批次"
    static let reserves = "物资储备统计"
    static let newSlip = "办理出入库"
    static let slipSaved = "已记账。"
    static let lowStock = "低于预警下限"
    static let awaiting = "待签收"
    static let confirm = "签收确认"
    static let confirmed = "已签收"
    static let print = "打印出入库单"
    static let findSupply = "查物资：哪里有、有多少、谁有钥匙"
    static let atLeast = "至少"
    static let allWarehouses = "全部仓库"
    static let total = "合计"
    static let noStock = "暂无库存。"
    static let noSlips = "暂无单据。"
    static let chooseWarehouse = "先选择仓库"
    static let setMinimum = "设预警下限"
    static let expired = "已过期"
    static let expiringSoon = "临期"
    static let batchHint = "不填批次号：出库、调拨、报废按有效期先到先出；入库、退库记为无批次。"
    static let stocktakeHint = "逐行填写实盘数量；同一物资有多个批次时须逐批填写批次号。实盘与账面的差异按单据记账。"
    static let confirmedNotice = "已签收确认。"
    static let allowExpired = "确认使用过期批次（将记入审计）"

    static let balanceColumns = [
        "仓库", "所在乡镇（街道）", "物资大类", "分类编码", "物资名称", "规格型号", "单位", "库存", "预警下限", "最近有效期", "钥匙保管人", "保管人电话",
    ]
    static let movementColumns = [
        "单号", "业务类型", "业务日期", "仓库", "物资", "单位", "批次", "有效期至", "数量（入正出负）", "对方单位", "领用（经手）人", "原因", "登记人", "签收人", "签收日期",
    ]
}
