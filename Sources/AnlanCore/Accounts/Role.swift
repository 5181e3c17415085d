/// What a user does at the bureau. Business roles do the work; the three administrators (三员) only administer.
///
/// GB/T 22239-2019 8.1.4.2 管理用户权限分离; 8.1.5 系统管理员/安全管理员/审计管理员
public enum Role: String, Sendable, Codable, CaseIterable {
    case bureauLeader, inspector, dutyOfficer, staff, townshipOfficer, infoOfficer, enterpriseOfficer, departmentUser
    case systemAdmin, securityAdmin, auditAdmin

    /// What people call the role, on pages and in records.
    public var title: String {
        switch self {
        case .bureauLeader: "局领导"
        case .inspector: "执法人员"
        case .dutyOfficer: "值班员"
        case .staff: "业务科室人员"
        case .townshipOfficer: "乡镇（街道）干部"
        case .infoOfficer: "灾害信息员"
        case .enterpriseOfficer: "企业安全管理员"
        case .departmentUser: "部门用户"
        case .systemAdmin: "系统管理员"
        case .securityAdmin: "安全管理员"
        case .auditAdmin: "审计管理员"
        }
    }

    /// One of the three administrators: no business work at all.
    public var isAdministrator: Bool {
        switch self {
        case .systemAdmin, .securityAdmin, .auditAdmin: true
        default: false
        }
    }

    public var permissions: Set<Permission> {
        switch self {
        case .systemAdmin: [.manageAccounts]
        case .securityAdmin: [.managePolicies]
        case .auditAdmin: [.readAudit]
        case .bureauLeader:
            [
                .readBusinessData, .editEnterprises, .configureCatalogs, .inspect, .escalateHazards, .manageResources, .managePlans,
                .keepDuty,
                .arrangeDuty, .commandIncidents, .reportDisasters, .reviewDisasterReports, .decideRelief,
            ]
        case .staff:
            [
                .readBusinessData, .editEnterprises, .configureCatalogs, .manageResources, .managePlans, .keepDuty, .arrangeDuty,
                .reportDisasters, .reviewDisasterReports, .decideRelief,
            ]
        // Inspectors take their turn on the duty desk too.
        case .inspector: [.readBusinessData, .editEnterprises, .inspect, .keepDuty]
        // The duty desk records what goes out on the day and keeps the incidents; a township keeps its own points (its
        // jurisdiction limits it).
        case .dutyOfficer: [.readBusinessData, .manageResources, .keepDuty, .reportDisasters]
        // A township keeps its own points, resources and plans (its jurisdiction limits it), and reviews its villages'
        // disaster figures before they reach the county.
        case .townshipOfficer: [.readBusinessData, .manageResources, .managePlans, .reportDisasters, .reviewDisasterReports]
        // A 灾害信息员 enters their village's disaster figures and 台账.
        case .infoOfficer: [.readBusinessData, .reportDisasters]
        default: [.readBusinessData]
        }
    }

    public func can(_ permission: Permission) -> Bool { permissions.contains(permission) }

    /// The business roles, which the system administrator may assign. Administrator accounts are made
    /// only from the command line on the server, so no administrator can grant another's powers.
    public static let business: [Role] = allCases.filter { !$0.isAdministrator }
}

/// A right checked before an operation. Later modules add their own.
public enum Permission: String, Sendable, Codable, CaseIterable {
    /// Read the business data of one's jurisdiction (divisions now; enterprises, hazards … later).
    case readBusinessData
    /// Create, change, lock and unlock business accounts.
    case manageAccounts
    /// Set password, lockout and session policies.
    case managePolicies
    /// Read the audit log.
    case readAudit
    /// Create and change enterprise files, set risk levels (the bureau's own staff). An enterprise
    /// officer edits only their own enterprise's contacts, without this permission.
    case editEnterprises
    /// Change the bureau's business lists: sectors, checklists, the working-day calendar.
    case configureCatalogs
    /// Inspect, order and re-inspect hazards, draw enterprises, issue enforcement documents and open cases
    /// (inspectors and leaders; an inspection also needs certified inspectors).
    case inspect
    /// 挂牌督办: escalate a major hazard under a supervising leader.
    case escalateHazards
    /// Keep the readiness records: warehouses, the supply catalog and stock slips (within one's jurisdiction).
    case manageResources
    /// Keep emergency plans, evaluate them and answer enterprises' filings (within one's jurisdiction).
    case managePlans
    /// Work the duty desk: log incoming reports, open incidents and keep their timelines, write and acknowledge handovers.
    case keepDuty
    /// Arrange the duty roster and record swaps.
    case arrangeDuty
    /// Decide on incidents: confirm their level and close them (the bureau's leaders).
    case commandIncidents
    /// Enter a division's disaster figures and its 台账 rows (information officers, townships, the county's desk).
    case reportDisasters
    /// Accept or return villages' disaster figures (the township; the county's staff and leaders may act for it).
    case reviewDisasterReports
    /// Open relief programs, decide households' relief and record its payment (the county's staff and leaders).
    case decideRelief
}
