import Foundation
import AnlanCore

/// JSON schemas of the API's bodies, referenced from the operations as `#/components/schemas/Name`.
/// The enterprise file's schemas: enterprises, their records, imports and the rules served with them.
extension Schemas {
    static let licence: JSONValue = [
        "type": "object", "required": ["kind", "number", "expiresOn"],
        "properties": ["kind": ["type": "string", "maxLength": 60], "number": ["type": "string", "maxLength": 60], "expiresOn": day],
    ]
    static let profileProperties: [(String, JSONValue)] = [
        ("name", ["type": "string", "maxLength": 100]), ("creditCode", ["type": "string", "maxLength": 40]),
        ("legalRepresentative", ["type": "string", "maxLength": 40]), ("principal", ["type": "string", "maxLength": 40]),
        ("safetyOfficerName", ["type": "string", "maxLength": 40]), ("safetyOfficerPhone", ["type": "string", "maxLength": 30]),
        ("address", ["type": "string", "maxLength": 200]), ("divisionCode", Schemas.villageCode),
        ("latitude", ["type": "number", "minimum": -90, "maximum": 90]),
        ("longitude", ["type": "number", "minimum": -180, "maximum": 180]),
        (
            "sectors",
            [
                "type": "array", "minItems": 1, "maxItems": 20, "description": "本局行业清单中的行业（GET /api/v1/sectors）",
                "items": ["type": "string", "maxLength": 20],
            ]
        ),
        ("employees", ["type": "integer", "minimum": 0, "maximum": 1_000_000]), ("aboveScale", ["type": "boolean"]),
        ("standardizationGrade", Schemas.standardizationGrade), ("standardizationExpiresOn", Schemas.day),
        ("operatingStatus", Schemas.operatingStatus),
        ("licences", ["type": "array", "maxItems": 50, "items": licence]),
    ]

    static let enterprises: [(String, JSONValue)] = [
        (
            "ContactPerson",
            [
                "type": "object", "required": ["id", "name"],
                "properties": [
                    "id": ["type": "string", "format": "uuid"], "name": ["type": "string"], "title": ["type": "string"],
                    "phone": ["type": "string"],
                    "note": ["type": "string"],
                ],
            ]
        ),
        (
            "ContactPersonRequest",
            [
                "type": "object", "required": ["name"],
                "properties": [
                    "name": ["type": "string", "maxLength": 50], "title": ["type": "string", "maxLength": 50],
                    // EnterpriseRecords: 5–20 of digits, +, - and spaces once trimmed; empty is none.
                    "phone": ["type": "string", "maxLength": 20, "pattern": "^ *([0-9+-][0-9+ -]{3,18}[0-9+-])? *$"],
                    "note": ["type": "string", "maxLength": 200],
                ],
            ]
        ),
        (
            "TargetAgreement",
            [
                "type": "object", "required": ["id", "year", "signedOn", "bureauSignatory", "enterpriseSignatory", "targets"],
                "properties": [
                    "id": ["type": "string", "format": "uuid"], "year": ["type": "integer"], "signedOn": day,
                    "bureauSignatory": ["type": "string"],
                    "enterpriseSignatory": ["type": "string"], "targets": ["type": "string"],
                ],
            ]
        ),
        (
            "TargetAgreementRequest",
            [
                "type": "object", "required": ["year", "signedOn", "bureauSignatory", "enterpriseSignatory", "targets"],
                "properties": [
                    "year": ["type": "integer", "minimum": 2000, "maximum": 2100], "signedOn": day,
                    "bureauSignatory": ["type": "string", "maxLength": 50], "enterpriseSignatory": ["type": "string", "maxLength": 50],
                    "targets": ["type": "string", "maxLength": 2000],
                ],
            ]
        ),
        (
            "Attachment",
            [
                "type": "object", "required": ["id", "fileName", "contentType", "size", "sha256", "createdAt", "url"],
                "properties": [
                    "id": ["type": "string", "format": "uuid"], "fileName": ["type": "string"], "contentType": ["type": "string"],
                    "size": ["type": "integer"], "sha256": ["type": "string"], "createdBy": ["type": "string"], "createdAt": timestamp,
                    "url": ["type": "string", "description": "下载地址（登录后）"],
                ],
            ]
        ),
        (
            "Sectors",
            [
                "type": "object", "required": ["sectors"],
                "properties": [
                    "sectors": [
                        // Sector.validated: 1–20 characters without the separators imports split on (、,;/ space, tab).
                        "type": "array", "minItems": 1, "maxItems": 100,
                        "items": ["type": "string", "minLength": 1, "maxLength": 20, "pattern": "^ *[^、,，;；/ \\t\\u0000]{1,20} *$"],
                    ]
                ],
            ]
        ),
        (
            "ImportColumns",
            [
                "type": "object", "required": ["header", "mapping", "remembered", "fields", "sample"],
                "properties": [
                    "encoding": ["type": "string"], "header": ["type": "array", "items": ["type": "string"]],
                    "mapping": ["type": "object", "additionalProperties": ["type": "integer"], "description": "建议的字段 → 列序号（从 0 开始）"],
                    "remembered": ["type": "boolean", "description": "建议来自上次导入同一表头的文件时的选择"],
                    "fields": [
                        "type": "array",
                        "items": [
                            "type": "object", "required": ["field", "label", "required"],
                            "properties": ["field": ["type": "string"], "label": ["type": "string"], "required": ["type": "boolean"]],
                        ],
                    ],
                    "sample": ["type": "array", "items": ["type": "array", "items": ["type": "string"]], "description": "前 3 行数据"],
                ],
            ]
        ),
        (
            "EnterpriseProfile",
            [
                "type": "object", "required": ["name", "divisionCode", "sectors"],
                "properties": .object(profileProperties + [("riskLevel", riskLevel)]),
            ]
        ),
        (
            "Enterprise",
            [
                "type": "object",
                "required": [
                    "id", "name", "divisionCode", "sectors", "aboveScale", "operatingStatus", "licences", "archived", "createdAt",
                    "updatedAt",
                ],
                "properties": .object(
                    [("id", ["type": "string", "format": "uuid"])] + profileProperties + [
                        ("riskLevel", riskLevel), ("archived", ["type": "boolean"]), ("createdAt", timestamp), ("updatedAt", timestamp),
                        ("warnings", ["type": "array", "items": ["type": "string"]]),
                    ]),
            ]
        ),
        ("EnterprisePage", page(of: "Enterprise")),
        (
            "EnterpriseContacts",
            [
                "type": "object",
                "properties": [
                    // No control characters inside (the profile's rule for every text; the ends are trimmed); a phone of
                    // digits, spaces and - + ( ).
                    "principal": ["type": "string", "maxLength": 40, "pattern": "^\\s*[^\\u0000-\\u001f]*\\s*$"],
                    "safetyOfficerName": ["type": "string", "maxLength": 40, "pattern": "^\\s*[^\\u0000-\\u001f]*\\s*$"],
                    "safetyOfficerPhone": ["type": "string", "maxLength": 30, "pattern": "^\\s*[0-9 +()-]*\\s*$"],
                ],
            ]
        ),
        (
            "RiskLevelChangeRequest",
            [
                "type": "object", "required": ["riskLevel", "reason"],
                "properties": ["riskLevel": riskLevel, "reason": Schemas.text(min: 2, max: 500)],
            ]
        ),
        (
            "RiskLevelChange",
            [
                "type": "object", "required": ["to", "reason", "changedAt"],
                "properties": [
                    "from": riskLevel, "to": riskLevel, "reason": ["type": "string"], "changedBy": ["type": "string"],
                    "changedAt": timestamp,
                ],
            ]
        ),
        (
            "HazardInstallationRequest",
            [
                "type": "object", "required": ["name", "unitKind", "exposedPopulation", "substances"],
                "properties": [
                    "name": ["type": "string", "maxLength": 100], "unitKind": ["type": "string", "enum": ["production", "storage"]],
                    "exposedPopulation": ["type": "integer", "minimum": 0, "maximum": 10_000_000],
                    "substances": [
                        "type": "array", "minItems": 1, "maxItems": 200,
                        "items": [
                            "type": "object", "required": ["quantityTonnes"],
                            "properties": [
                                "name": ["type": "string"], "cas": ["type": "string"], "hazardClass": ["type": "string"],
                                "quantityTonnes": ["type": "number", "minimum": 0, "maximum": 10_000_000],
                            ],
                        ],
                    ],
                ],
            ]
        ),
        (
            "HazardInstallation",
            [
                "type": "object", "required": ["id", "name", "unitKind", "exposedPopulation", "substances", "assessment", "assessedAt"],
                "properties": [
                    "id": ["type": "string", "format": "uuid"], "name": ["type": "string"],
                    "unitKind": ["type": "string", "enum": ["production", "storage"]], "exposedPopulation": ["type": "integer"],
                    "substances": [
                        "type": "array",
                        "items": [
                            "type": "object", "required": ["quantityTonnes"],
                            "properties": [
                                "substance": ["type": "string"], "hazardClass": ["type": "string"], "quantityTonnes": ["type": "number"],
                            ],
                        ],
                    ],
                    "assessment": ref("MajorHazardAssessment"), "assessedAt": timestamp,
                ],
            ]
        ),
        (
            "ImportPlan",
            [
                "type": "object", "required": ["header", "mapping", "counts", "rows", "truncated"],
                "properties": [
                    "encoding": ["type": "string"], "header": ["type": "array", "items": ["type": "string"]],
                    "mapping": ["type": "object", "additionalProperties": ["type": "integer"], "description": "字段 → 列序号（从 0 开始）"],
                    "counts": [
                        "type": "object", "required": ["create", "update", "invalid"],
                        "properties": ["create": ["type": "integer"], "update": ["type": "integer"], "invalid": ["type": "integer"]],
                    ],
                    "rows": [
                        "type": "array",
                        "items": [
                            "type": "object", "required": ["line", "name", "action", "problems"],
                            "properties": [
                                "line": ["type": "integer"], "name": ["type": "string"],
                                "action": ["type": "string", "enum": ["create", "update", "invalid"]],
                                "problems": ["type": "array", "items": ["type": "string"]],
                            ],
                        ],
                    ],
                    "truncated": ["type": "boolean"],
                ],
            ]
        ),
        (
            "ImportRun",
            [
                "type": "object",
                "required": [
                    "id", "fileName", "status", "totalRows", "processedRows", "created", "updated", "unchanged", "invalid", "createdAt",
                ],
                "properties": [
                    "id": ["type": "string", "format": "uuid"], "fileName": ["type": "string"], "encoding": ["type": "string"],
                    "status": ["type": "string", "enum": ["running", "done", "failed"]], "totalRows": ["type": "integer"],
                    "processedRows": ["type": "integer"], "created": ["type": "integer"], "updated": ["type": "integer"],
                    "unchanged": ["type": "integer"], "invalid": ["type": "integer"], "failure": ["type": "string"],
                    "createdAt": timestamp, "finishedAt": timestamp,
                ],
            ]
        ),
        ("ArchiveRequest", ["type": "object", "required": ["reason"], "properties": ["reason": Schemas.text(min: 2, max: 500)]]),
        (
            "CreditCodeCheck",
            [
                "type": "object", "required": ["valid", "normalized", "warnings"],
                "properties": [
                    "valid": ["type": "boolean"], "normalized": ["type": "string"],
                    "expectedCheckCharacter": ["type": "string", "minLength": 1, "maxLength": 1],
                    "warnings": ["type": "array", "items": ["type": "string"]],
                    "error": [
                        "type": "object", "required": ["code", "message"],
                        "properties": ["code": ["type": "string"], "message": ["type": "string"]],
                    ],
                ],
            ]
        ),
        (
            "MajorHazardRequest",
            [
                "type": "object", "required": ["exposedPopulation", "substances"],
                "properties": [
                    "exposedPopulation": [
                        "type": "integer", "minimum": 0, "maximum": 10_000_000,
                        "description": "厂区边界向外扩展500米范围内常住人口数量（GB 18218-2018，用于确定暴露人员校正系数α）",
                    ],
                    "substances": [
                        "type": "array", "minItems": 1, "maxItems": 200,
                        "items": [
                            "type": "object", "required": ["quantityTonnes"],
                            "properties": [
                                "name": ["type": "string", "description": "表 1 中的名称、别名或 CAS 号"],
                                "cas": ["type": "string"], "hazardClass": ["type": "string", "description": "表 2 类别，如 W5.3"],
                                "quantityTonnes": ["type": "number", "minimum": 0, "maximum": 10_000_000],
                            ],
                        ],
                    ],
                ],
            ]
        ),
        (
            "MajorHazardAssessment",
            [
                "type": "object", "required": ["s", "isMajorHazard", "alpha", "r", "grade", "ruleVersion", "lines"],
                "properties": [
                    "s": ["type": "number"], "isMajorHazard": ["type": "boolean"], "alpha": ["type": "number"], "r": ["type": "number"],
                    "grade": ["type": "integer", "minimum": 1, "maximum": 4, "nullable": true], "ruleVersion": ["type": "string"],
                    "lines": [
                        "type": "array",
                        "items": [
                            "type": "object", "required": ["substance", "quantityTonnes", "criticalQuantityTonnes", "beta", "ratio"],
                            "properties": [
                                "substance": ["type": "string"], "quantityTonnes": ["type": "number"],
                                "criticalQuantityTonnes": ["type": "number"], "beta": ["type": "number"], "ratio": ["type": "number"],
                            ],
                        ],
                    ],
                ],
            ]
        ),
    ]
}
