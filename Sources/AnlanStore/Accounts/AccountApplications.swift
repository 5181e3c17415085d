import AnlanCore
import Foundation
import SQLKit

/// An enterprise's application for its safety officer's account (企业账户申请).
public struct AccountApplication: Sendable, Hashable {
    public enum Status: String, Sendable, Codable, CaseIterable { case pending, approved, refused }
    public let id: UUID
    public let creditCode: String
    public let enterpriseID: UUID
    public let enterpriseName: String
    public let divisionCode: String
    public let contactName: String
    public let phone: String
    public let username: String
    public var status: Status
    public var reason: String?
    public var decidedBy: String?
    public var decidedAt: Date?
    public var userID: UUID?
    public let createdAt: Date
}

extension AccountService {
    /// What an applicant fills in: the enterprise's 统一社会信用代码, the contact person, and the login they want.
    public struct ApplicationForm: Sendable {
        public var creditCode: String
        public var contactName: String
        public var phone: String
        public var username: String
        public var password: String
        public init(creditCode: String, contactName: String, phone: String, username: String, password: String) {
            self.creditCode = creditCode
            self.contactName = contactName
            self.phone = phone
            self.username = username
            self.password = password
        }
    }

    /// Pending applications an enterprise may have at once: more are refused (`application.too_many_pending`).
    static let pendingPerEnterprise = 3

    /// Files an application (no login). The enterprise must be on file by its credit code; the login is checked against
    /// the password policy and existing accounts; the password is kept only as its hash. Audited.
    public func apply(_ form: ApplicationForm, by caller: Caller) async throws -> AccountApplication {
        let code = form.creditCode.trimmingCharacters(in: .whitespaces).uppercased()
        if let error = CreditCode.check(code).error {
            throw AnlanError.invalid("application.credit_code_invalid", error.message, field: "creditCode")
        }
        let contact = form.contactName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...20).contains(contact.codePoints) else {
            throw AnlanError.invalid("application.contact_required", "请填写联系人姓名（2–20 字）。", field: "contactName")
        }
        let phone = form.phone.trimmingCharacters(in: .whitespaces)
        guard (7...20).contains(phone.codePoints), phone.allSatisfy({ $0.isNumber || $0 == "-" || $0 == " " }) else {
            throw AnlanError.invalid("application.phone_invalid", "请填写联系电话（7–20 位数字）。", field: "phone")
        }
        let username = try Username.validate(form.username)
        let policy = try await settings.securityPolicy(now: environment.now())
        try policy.checkPassword(form.password, username: username)
        let hash = try await hasher.hash(form.password)
        let id = environment.newID()
        return try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            guard
                let row = try await tx.sql.select().columns("id", "name", "division_code").from("enterprises")
                    .where("credit_code", .equal, SQLBind(code)).where("archived_at", .is, SQLLiteral.null).first()
            else {
                throw AnlanError.invalid(
                    "application.enterprise_not_found", "本县企业档案中没有统一社会信用代码为 \(code) 的企业，请先联系县应急管理局建档。", field: "creditCode")
            }
            let enterpriseID = try row.decodeID("id")
            let taken = try await tx.sql.select().column("id").from("users").where("username", .equal, SQLBind(username)).first() != nil
            let asked =
                try await tx.sql.select().column("id").from("account_applications").where("username", .equal, SQLBind(username))
                .where("status", .equal, SQLBind(AccountApplication.Status.pending.rawValue)).first() != nil
            if taken || asked {
                throw AccountErrors.usernameTaken(username)
            }
            let pending =
                try await tx.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("account_applications")
                .where("enterprise_id", .equal, SQLBind.id(enterpriseID)).where(
                    "status", .equal, SQLBind(AccountApplication.Status.pending.rawValue)
                )
                .first(decodingColumn: "n", as: Int.self) ?? 0
            guard pending < Self.pendingPerEnterprise else {
                throw AnlanError(.conflict, code: "application.too_many_pending", message: "该企业已有 \(pending) 份申请待审批，请等待审批结果。")
            }
            let application = AccountApplication(
                id: id, creditCode: code, enterpriseID: enterpriseID, enterpriseName: try row.decode(column: "name", as: String.self),
                divisionCode: try row.decode(column: "division_code", as: String.self), contactName: contact, phone: phone,
                username: username,
                status: .pending, reason: nil, decidedBy: nil, decidedAt: nil, userID: nil, createdAt: tx.now)
            try await tx.sql.insert(into: "account_applications")
                .columns(
                    "id", "credit_code", "enterprise_id", "division_code", "contact_name", "phone", "username", "password_hash", "status",
                    "created_at"
                )
                .values(
                    SQLBind.id(id), SQLBind(code), SQLBind.id(enterpriseID), SQLBind(application.divisionCode), SQLBind(contact),
                    SQLBind(phone), SQLBind(username), SQLBind(hash), SQLBind(application.status.rawValue),
                    SQLBind(Timestamp.string(tx.now))
                ).run()
            try await tx.record(
                AuditEvent(
                    action: "application.submit", targetType: "account_application", targetID: id.key,
                    after: auditJSON(["creditCode": code, "contactName": contact, "username": username])))
            return application
        }
    }

    /// One application: by the system administrator, or by its applicant through the unguessable ID.
    public func application(_ id: UUID) async throws -> AccountApplication {
        guard
            let row = try await database.reader.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("a"))).column(
                SQLColumn("name", table: "e"), as: "enterprise_name"
            )
            .from(SQLAlias(SQLIdentifier("account_applications"), as: SQLIdentifier("a")))
            .join(
                SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")), on: SQLColumn("enterprise_id", table: "a"), .equal,
                SQLColumn("id", table: "e")
            )
            .where(SQLColumn("id", table: "a"), .equal, SQLBind.id(id)).first()
        else { throw AnlanError.notFound("application.not_found", "申请不存在。") }
        return try Self.decodeApplication(row)
    }

    /// Applications within the administrator's jurisdiction, pending first, newest first.
    public func applications(status: AccountApplication.Status?, page: PageRequest, by caller: Caller) async throws -> Page<
        AccountApplication
    > {
        try requireAccountManager(caller, assigning: nil)
        func apply(_ s: SQLSelectBuilder) -> SQLSelectBuilder {
            var s = s
            if let status { s = s.where(SQLColumn("status", table: "a"), .equal, SQLBind(status.rawValue)) }
            if !caller.isConsole {
                s = s.where(SQLColumn("division_code", table: "a"), .like, SQLBind(caller.jurisdiction.codePrefix + "%"))
            }
            return s
        }
        let from = SQLAlias(SQLIdentifier("account_applications"), as: SQLIdentifier("a"))
        let total =
            try await apply(database.reader.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(from))
            .first(decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await apply(
            database.reader.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("a"))).column(
                SQLColumn("name", table: "e"), as: "enterprise_name"
            ).from(from)
                .join(
                    SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")), on: SQLColumn("enterprise_id", table: "a"), .equal,
                    SQLColumn("id", table: "e"))
        )
        .orderBy(SQLQueryString("CASE WHEN a.status = 'pending' THEN 0 ELSE 1 END")).orderBy(SQLQueryString("a.created_at DESC"))
        .limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map(Self.decodeApplication), total: total, request: page)
    }

    /// Approves (creating the enterprise officer's account, linked to the enterprise, with the password chosen when
    /// applying) or refuses with a reason. Only a pending application; audited.
    public func decide(application id: UUID, approved: Bool, reason: String?, by caller: Caller) async throws -> AccountApplication {
        try requireAccountManager(caller, assigning: approved ? Role.enterpriseOfficer : nil)
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if !approved, !(2...200).contains(reason?.count ?? 0) {
            throw AnlanError.invalid("application.reason_required", "不予批准须说明理由（2–200 字）。", field: "reason")
        }
        let userID = environment.newID()
        try await database.write(by: caller, at: environment.now(), audit: audit) { tx in
            guard
                let row = try await tx.sql.select().column("*").from("account_applications").where("id", .equal, SQLBind.id(id)).for(
                    .update
                )
                .first()
            else { throw AnlanError.notFound("application.not_found", "申请不存在。") }
            let division = try DivisionCode(try row.decode(column: "division_code", as: String.self))
            guard caller.isConsole || caller.jurisdiction.contains(division) else {
                throw AnlanError.notFound("application.not_found", "申请不存在。")
            }
            guard try row.decode(column: "status", as: String.self) == AccountApplication.Status.pending.rawValue else {
                throw AnlanError(.conflict, code: "application.decided", message: "该申请已审批。")
            }
            let username = try row.decode(column: "username", as: String.self)
            let now = Timestamp.string(tx.now)
            if approved {
                if try await tx.sql.select().column("id").from("users").where("username", .equal, SQLBind(username)).first() != nil {
                    throw AccountErrors.usernameTakenOnApproval(username)
                }
                let officer = User(
                    id: userID, username: username, displayName: try row.decode(column: "contact_name", as: String.self),
                    role: .enterpriseOfficer, divisionCode: division, phone: try row.decode(column: "phone", as: String.self),
                    createdAt: tx.now, enterpriseID: try row.decodeID("enterprise_id"))
                try await Self.insert(officer, passwordHash: try row.decode(column: "password_hash", as: String.self), on: tx)
            }
            try await tx.sql.update("account_applications")
                .set("status", to: SQLBind((approved ? AccountApplication.Status.approved : .refused).rawValue))
                .set("reason", to: SQLBind(reason)).set("decided_by", to: SQLBind(caller.username)).set("decided_at", to: SQLBind(now))
                .set("user_id", to: SQLBind.id(approved ? userID : nil))
                // The chosen password's hash is kept only until the decision.
                .set("password_hash", to: SQLBind(""))
                .where("id", .equal, SQLBind.id(id)).run()
            try await tx.record(
                AuditEvent(
                    action: approved ? "application.approve" : "application.refuse", targetType: "account_application", targetID: id.key,
                    before: auditJSON(["status": "pending"]),
                    after: auditJSON(["status": approved ? "approved" : "refused", "reason": reason ?? "", "username": username])))
            if approved {
                try await tx.record(
                    AuditEvent(
                        action: "user.create", targetType: "user", targetID: userID.key,
                        after: auditJSON(["username": username, "role": Role.enterpriseOfficer.rawValue, "application": id.key])))
            }
        }
        return try await application(id)
    }

    static func decodeApplication(_ row: any SQLRow) throws -> AccountApplication {
        AccountApplication(
            id: try row.decodeID("id"), creditCode: try row.decode(column: "credit_code", as: String.self),
            enterpriseID: try row.decodeID("enterprise_id"), enterpriseName: try row.decode(column: "enterprise_name", as: String.self),
            divisionCode: try row.decode(column: "division_code", as: String.self),
            contactName: try row.decode(column: "contact_name", as: String.self), phone: try row.decode(column: "phone", as: String.self),
            username: try row.decode(column: "username", as: String.self),
            status: AccountApplication.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending,
            reason: try row.decode(column: "reason", as: String?.self), decidedBy: try row.decode(column: "decided_by", as: String?.self),
            decidedAt: try row.decode(column: "decided_at", as: String?.self).flatMap(Timestamp.date),
            userID: try row.decodeOptionalID("user_id"),
            createdAt: Timestamp.date(try row.decode(column: "created_at", as: String.self)) ?? Date(timeIntervalSince1970: 0))
    }
}
