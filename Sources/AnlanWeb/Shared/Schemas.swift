import Foundation
import AnlanCore

/// JSON schemas of the API's bodies, referenced from the operations as `#/components/schemas/Name`.
enum Schemas {
    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    static func page(of item: String) -> JSONValue {
        [
            "type": "object", "required": ["items", "total", "page", "pageSize"],
            "properties": [
                "items": ["type": "array", "items": ref(item)],
                "total": ["type": "integer", "minimum": 0],
                "page": ["type": "integer", "minimum": 1],
                "pageSize": ["type": "integer", "minimum": 1, "maximum": 200],
            ],
        ]
    }

    /// A text the server trims and then requires `min`…`max` characters of: at least `min` characters that are not
    /// spaces (so that what is left after trimming is long enough), no NUL.
    static func text(min: Int, max: Int) -> JSONValue {
        let some = "[^\\u0000]*", one = "[^\\s\\u0000]"
        let pattern = "^" + String(repeating: some + one, count: Swift.max(min, 1)) + some + "$"
        return ["type": "string", "minLength": .number(Double(min)), "maxLength": .number(Double(max)), "pattern": .string(pattern)]
    }

    static let divisionCode: JSONValue = ["type": "string", "pattern": "^[0-9]{12}$", "description": "12 位统计用区划代码"]
    /// A township's code only (乡镇、街道); the served document lists the county's.
    static let townshipCode: JSONValue = ["type": "string", "pattern": "^[0-9]{12}$", "description": "乡镇（街道）的 12 位区划代码"]
    /// A village's code (村、社区), where an enterprise is; the served document lists the county's.
    static let villageCode: JSONValue = ["type": "string", "pattern": "^[0-9]{12}$", "description": "村（社区）的 12 位区划代码"]
    /// A township's or a village's code (not the county's); the served document lists the county's.
    static let localDivisionCode: JSONValue = [
        "type": "string", "pattern": "^[0-9]{12}$", "description": "乡镇（街道）或村（社区）的 12 位区划代码",
    ]
    static let timestamp: JSONValue = ["type": "string", "format": "date-time"]
    static let roleEnum: JSONValue = ["type": "string", "enum": .array(Role.allCases.map { .string($0.rawValue) })]
    static let businessRoleEnum: JSONValue = ["type": "string", "enum": .array(Role.business.map { .string($0.rawValue) })]

    static let riskLevel: JSONValue = ["type": "string", "enum": .array(RiskLevel.allCases.map { .string($0.rawValue) })]
    static let standardizationGrade: JSONValue = [
        "type": "string", "enum": .array(StandardizationGrade.allCases.map { .string($0.rawValue) }),
    ]
    static let operatingStatus: JSONValue = ["type": "string", "enum": .array(OperatingStatus.allCases.map { .string($0.rawValue) })]
    /// A real calendar day (`format: date`) of the years Anlan keeps, 1900–2200 (`Day.years`).
    static let day: JSONValue = [
        "type": "string", "format": "date", "pattern": "^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
        "description": "日期 yyyy-MM-dd（1900–2200 年的真实日期）",
    ]
    /// The schemas every context shares (the error body). Each context lists its own in its `WebContext`.
    static let all: [(String, JSONValue)] = [
        (
            "Error",
            [
                "type": "object", "required": ["code", "message", "requestId"],
                "properties": [
                    "code": ["type": "string", "description": "稳定的机器可读错误码"],
                    "message": ["type": "string", "description": "中文错误说明"],
                    "requestId": ["type": "string"],
                    "details": ["type": "object", "additionalProperties": ["type": "string"]],
                ],
            ]
        )
    ]

    static let accounts: [(String, JSONValue)] = [
        (
            "TokenRequest",
            [
                "type": "object", "required": ["username", "password"],
                "properties": [
                    "username": ["type": "string", "maxLength": 64], "password": ["type": "string", "maxLength": 256],
                    "code": [
                        "type": "string", "maxLength": 16,
                        "description": "身份验证器的 6 位动态口令（TOTP，RFC 6238），或一个恢复码；账户启用了双因素认证时必填",
                    ],
                ],
            ]
        ),
        (
            "SecondFactorEnrolmentRequest",
            [
                "type": "object", "required": ["username", "password"],
                "properties": ["username": ["type": "string", "maxLength": 64], "password": ["type": "string", "maxLength": 256]],
            ]
        ),
        (
            "SecondFactorEnrolment",
            [
                "type": "object", "required": ["secret", "otpauthURI", "digits", "period"],
                "properties": [
                    "secret": ["type": "string", "description": "Base32 密钥"],
                    "otpauthURI": ["type": "string", "description": "身份验证器应用读取的 otpauth:// 地址"],
                    "digits": ["type": "integer"], "period": ["type": "integer"],
                ],
            ]
        ),
        (
            "Token",
            [
                "type": "object", "required": ["token", "expiresAt", "failedLoginsSinceLastLogin"],
                "properties": [
                    "token": ["type": "string"], "expiresAt": timestamp,
                    "recoveryCodes": [
                        "type": "array", "items": ["type": "string"],
                        "description": "本次请求完成了双因素认证绑定时给出的恢复码（只出现这一次）",
                    ],
                    "failedLoginsSinceLastLogin": [
                        "type": "integer", "minimum": 0, "description": "自上次成功登录以来该账户的失败登录次数（提醒本人留意）",
                    ],
                ],
            ]
        ),
        (
            "User",
            [
                "type": "object",
                "required": ["id", "username", "displayName", "role", "divisionCode", "isActive", "isLocked", "createdAt"],
                "properties": [
                    "id": ["type": "string", "format": "uuid"], "username": ["type": "string"],
                    "displayName": ["type": "string"], "role": roleEnum, "divisionCode": divisionCode,
                    "phone": ["type": "string"], "email": ["type": "string"], "certificateNumber": ["type": "string"],
                    "isActive": ["type": "boolean"],
                    "enterpriseId": ["type": "string", "format": "uuid", "description": "企业安全管理员所属企业"],
                    "isLocked": ["type": "boolean"], "lockedUntil": timestamp, "lastLoginAt": timestamp,
                    "createdAt": timestamp,
                ],
            ]
        ),
        ("UserPage", page(of: "User")),
        (
            "Me",
            [
                "type": "object", "required": ["user", "permissions"],
                "properties": [
                    "user": ref("User"),
                    "permissions": ["type": "array", "items": ["type": "string"]],
                ],
            ]
        ),
        (
            "NewUser",
            [
                "type": "object", "required": ["username", "displayName", "role", "divisionCode", "password"],
                "properties": [
                    "username": ["type": "string", "minLength": 3, "maxLength": 32],
                    "displayName": ["type": "string", "minLength": 1, "maxLength": 40], "role": businessRoleEnum,
                    "divisionCode": divisionCode, "password": ["type": "string", "maxLength": 72],
                    "phone": ["type": "string", "maxLength": 64], "email": ["type": "string", "maxLength": 254],
                    "certificateNumber": ["type": "string", "maxLength": 64],
                    "enterpriseCreditCode": ["type": "string", "maxLength": 18, "description": "企业安全管理员所属企业的统一社会信用代码（修改时空字符串为解除关联）"],
                ],
            ]
        ),
        (
            "UserChange",
            [
                "type": "object",
                "properties": [
                    "displayName": ["type": "string", "minLength": 1, "maxLength": 40], "role": businessRoleEnum,
                    "divisionCode": divisionCode, "isActive": ["type": "boolean"],
                    "phone": ["type": "string", "maxLength": 64], "email": ["type": "string", "maxLength": 254],
                    "certificateNumber": ["type": "string", "maxLength": 64],
                    "enterpriseCreditCode": ["type": "string", "maxLength": 18, "description": "企业安全管理员所属企业的统一社会信用代码（修改时空字符串为解除关联）"],
                    "unlock": ["type": "boolean"],
                ],
            ]
        ),
        (
            "PasswordReset",
            ["type": "object", "required": ["password"], "properties": ["password": ["type": "string", "maxLength": 72]]]
        ),
        (
            "SecurityPolicy",
            [
                "type": "object",
                "required": [
                    "passwordMinLength", "passwordMinClasses", "maxFailedLogins", "lockoutMinutes", "sessionIdleMinutes",
                    "sessionAbsoluteHours", "tokenLifetimeHours",
                ],
                "properties": [
                    "passwordMinLength": ["type": "integer", "minimum": 8, "maximum": 64],
                    "passwordMinClasses": ["type": "integer", "minimum": 2, "maximum": 4],
                    "maxFailedLogins": ["type": "integer", "minimum": 3, "maximum": 20],
                    "lockoutMinutes": ["type": "integer", "minimum": 1, "maximum": 1440],
                    "sessionIdleMinutes": ["type": "integer", "minimum": 5, "maximum": 240],
                    "sessionAbsoluteHours": ["type": "integer", "minimum": 1, "maximum": 72],
                    "tokenLifetimeHours": ["type": "integer", "minimum": 1, "maximum": 720],
                    "passwordHistory": [
                        "type": "integer", "minimum": 0, "maximum": 24, "description": "不得重复使用的最近密码个数（含当前密码；0 为不检查；缺省 5）",
                    ],
                    "passwordMaxAgeDays": [
                        "type": "integer", "minimum": 0, "maximum": 365, "description": "密码最长使用天数（0 为不过期，缺省 0）",
                    ],
                    "secondFactorRoles": [
                        "type": "array", "uniqueItems": true, "maxItems": .number(Double(Role.business.count)), "items": businessRoleEnum,
                        "description": "除三员（始终必须）外，登录时必须使用双因素认证（TOTP 动态口令）的业务角色；缺省为空",
                    ],
                ],
            ]
        ),
    ]

    static let geography: [(String, JSONValue)] = [
        (
            "GeoPoint",
            [
                "type": "object", "required": ["latitude", "longitude"],
                "properties": ["latitude": ["type": "number"], "longitude": ["type": "number"]],
            ]
        ),
        (
            "Division",
            [
                "type": "object", "required": ["code", "name", "level"],
                "properties": [
                    "code": divisionCode, "name": ["type": "string"],
                    "level": ["type": "string", "enum": ["county", "township", "village"]],
                    "parentCode": divisionCode, "urbanRuralCode": ["type": "string"], "centroid": ref("GeoPoint"),
                    "boundary": ["type": "object", "description": "GeoJSON 几何对象（Polygon 或 MultiPolygon）"],
                ],
            ]
        ),
        ("DivisionPage", page(of: "Division")),
    ]

    static let audit: [(String, JSONValue)] = [
        (
            "AuditRecord",
            [
                "type": "object",
                "required": ["seq", "occurredAt", "action", "targetType", "outcome", "prevHash", "hash"],
                "properties": [
                    "seq": ["type": "integer", "minimum": 1], "occurredAt": timestamp, "userID": ["type": "string"],
                    "username": ["type": "string"], "role": ["type": "string"], "ip": ["type": "string"],
                    "requestID": ["type": "string"], "action": ["type": "string"], "targetType": ["type": "string"],
                    "targetID": ["type": "string"], "outcome": ["type": "string", "enum": ["success", "failure"]],
                    "before": ["type": "string", "description": "变更前的 JSON 文本"],
                    "after": ["type": "string", "description": "变更后的 JSON 文本"],
                    "prevHash": ["type": "string", "pattern": "^[0-9a-f]{64}$"],
                    "hash": ["type": "string", "pattern": "^[0-9a-f]{64}$"],
                ],
            ]
        ),
        ("AuditPage", page(of: "AuditRecord")),
        (
            "AuditVerification",
            [
                "type": "object", "required": ["intact"],
                "properties": [
                    "intact": ["type": "boolean"], "records": ["type": "integer", "minimum": 0],
                    "brokenSeq": ["type": "integer"], "reason": ["type": "string"],
                ],
            ]
        ),
    ]
}

/// A page of items as the API returns it.
struct PageDTO<Item: Encodable & Sendable>: Encodable {
    let items: [Item]
    let total: Int
    let page: Int
    let pageSize: Int

    init<T>(_ page: Page<T>, _ transform: (T) throws -> Item) rethrows {
        self.items = try page.items.map(transform)
        self.total = page.total
        self.page = page.request.page
        self.pageSize = page.request.pageSize
    }
}

extension PageDTO: JSONWritable where Item: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.member("items", items)
            json.member("page", page)
            json.member("pageSize", pageSize)
            json.member("total", total)
        }
    }
}

struct DivisionDTO: Encodable, Sendable {
    let code: String
    let name: String
    let level: String
    let parentCode: String?
    let urbanRuralCode: String?
    let centroid: GeoPoint?
    let boundary: JSONValue?

    init(_ division: Division) {
        code = division.code.rawValue
        name = division.name
        level = division.level.rawValue
        parentCode = division.parentCode?.rawValue
        urbanRuralCode = division.urbanRuralCode
        centroid = division.centroid
        boundary = division.boundaryGeoJSON.flatMap(JSONValue.parse)
    }
}

struct UserDTO: Encodable, Sendable {
    let id: String
    let username: String
    let displayName: String
    let role: String
    let divisionCode: String
    let phone: String?
    let email: String?
    let certificateNumber: String?
    let enterpriseId: String?
    let isActive: Bool
    let isLocked: Bool
    let lockedUntil: Date?
    let lastLoginAt: Date?
    let createdAt: Date

    init(_ user: User, now: Date) {
        id = user.id.key
        username = user.username
        displayName = user.displayName
        role = user.role.rawValue
        divisionCode = user.divisionCode.rawValue
        phone = user.phone
        email = user.email
        certificateNumber = user.certificateNumber
        enterpriseId = user.enterpriseID?.key
        isActive = user.isActive
        isLocked = user.isLocked(at: now)
        lockedUntil = user.isLocked(at: now) ? user.lockedUntil : nil
        lastLoginAt = user.lastLoginAt
        createdAt = user.createdAt
    }
}
