import AnlanCore
import Foundation
import SQLKit

/// 冬春救助 (RULES §13): programs with their budget, the townships' needs survey, households from application to payment
/// (户报 → 村评 → 公示 → 乡审 → 县定 → 发放), and the checks that keep the list honest: valid ID numbers, one person in one
/// household per program, no approval before the 公示 ended, no second payment in a season without a reason, the budget
/// not exceeded, and a warning for households whose house collapsed in the year's disasters but who are not in the program.
public struct ReliefRepository: Sendable {
    let database: Database
    let environment: AnlanCore.Environment
    let audit: AuditLog
    let divisions: DivisionRepository
    let files: FileStore
    let households = ScopedTable(name: "relief_households", divisionColumn: "division_code")
    let needs = ScopedTable(name: "relief_needs", divisionColumn: "township_code")

    var now: Date { environment.now() }
    var today: Day { Day(now) }

    // MARK: - Programs

    public func open(_ draft: ReliefProgramDraft, by caller: Caller) async throws -> ReliefProgram {
        try caller.require(.decideRelief)
        try DisasterRepository.requireCounty(caller)
        let y = draft.year
        let program = ReliefProgram(
            id: environment.newID(), season: "\(y)-\(y + 1)", name: draft.name, budgetWanYuan: draft.budgetWanYuan,
            surveyDue: Day(year: y, month: 10, day: 31)!, startsOn: Day(year: y, month: 12, day: 1)!,
            endsOn: Day(year: y + 1, month: 5, day: 31)!, publicityDays: draft.publicityDays, createdBy: caller.username ?? "-",
            createdAt: now)
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            try await tx.sql.insert(into: "relief_programs")
                .columns(
                    "id", "season", "name", "budget_wan_yuan", "survey_due", "starts_on", "ends_on", "publicity_days", "created_by",
                    "created_at"
                )
                .values(
                    SQLBind.id(program.id), SQLBind(program.season), SQLBind(program.name), SQLBind(program.budgetWanYuan),
                    SQLBind(program.surveyDue.description), SQLBind(program.startsOn.description), SQLBind(program.endsOn.description),
                    SQLBind(program.publicityDays), SQLBind(program.createdBy), SQLBind(Timestamp.string(tx.now))
                ).run()
            try await tx.record(
                AuditEvent(action: "relief_program.open", targetType: "relief_program", targetID: program.id.key, after: auditJSON(program))
            )
            return program
        }
    }

    public func programs(page: PageRequest, by caller: Caller) async throws -> Page<ReliefProgram> {
        try caller.require(.readBusinessData)
        let total =
            try await database.reader.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("relief_programs")
            .first(decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await database.reader.select().column("*").from("relief_programs").orderBy("season", .descending)
            .orderBy("created_at", .descending).limit(page.pageSize).offset(page.offset).all()
        return Page(items: try rows.map(Self.decodeProgram), total: total, request: page)
    }

    public func program(_ id: UUID, by caller: Caller) async throws -> ReliefProgram {
        try caller.require(.readBusinessData)
        guard let row = try await database.reader.select().column("*").from("relief_programs").where("id", .equal, SQLBind.id(id)).first()
        else { throw ReliefErrors.programNotFound }
        return try Self.decodeProgram(row)
    }

    // MARK: - Needs survey

    /// A township's line of the needs table, replaced whole (the survey is re-done, not edited figure by figure).
    public func setNeed(
        _ programID: UUID, township: DivisionCode, households: Int, people: Int, byHardship: [ReliefHardship: Int], funds: Double,
        by caller: Caller
    ) async throws -> ReliefNeed {
        try caller.require(.reportDisasters)
        let program = try await program(programID, by: caller)
        guard Day(now) <= program.endsOn else { throw ReliefErrors.programEnded(program.endsOn) }
        let need = ReliefNeed(
            township: township.rawValue, households: households, people: people, byHardship: byHardship, fundsWanYuan: funds,
            updatedBy: caller.username ?? "-", updatedAt: now)
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            try needs.requireWritable(township, by: tx.caller)
            guard try await divisions.lookup(township, on: tx.sql) != nil else {
                throw AnlanError.notFound("division.not_found", "区划 \(township) 不存在或不在您的辖区内。")
            }
            let before = try await tx.sql.select().column("*").from("relief_needs").where("program_id", .equal, SQLBind.id(programID))
                .where("township_code", .equal, SQLBind(township.rawValue)).first().map(Self.decodeNeed)
            try await tx.sql.delete(from: "relief_needs").where("program_id", .equal, SQLBind.id(programID))
                .where("township_code", .equal, SQLBind(township.rawValue)).run()
            try await tx.sql.insert(into: "relief_needs")
                .columns(
                    "program_id", "township_code", "households", "people", "collapsed_house", "crop_failure", "injury", "other",
                    "funds_wan_yuan", "updated_by", "updated_at"
                )
                .values(
                    SQLBind.id(programID), SQLBind(need.township), SQLBind(households), SQLBind(people),
                    SQLBind(byHardship[.collapsedHouse] ?? 0), SQLBind(byHardship[.cropFailure] ?? 0), SQLBind(byHardship[.injury] ?? 0),
                    SQLBind(byHardship[.other] ?? 0), SQLBind(funds), SQLBind(need.updatedBy), SQLBind(Timestamp.string(tx.now))
                ).run()
            try await tx.record(
                AuditEvent(
                    action: "relief_need.set", targetType: "relief_program", targetID: programID.key, before: before.map(auditJSON),
                    after: auditJSON(need)))
            return need
        }
    }

    public func needs(of programID: UUID, by caller: Caller) async throws -> [ReliefNeed] {
        _ = try await program(programID, by: caller)
        return try await needs.select(database.reader, for: caller).column("*").where("program_id", .equal, SQLBind.id(programID))
            .orderBy("township_code").all().map(Self.decodeNeed)
    }

    // MARK: - Households

    /// 户报: a household applies. Every member's ID number was checked by the draft; here, no member may already be in
    /// another household of the program (checked in the writing transaction, with the unique index behind it).
    public func apply(_ programID: UUID, _ draft: ReliefHouseholdDraft, by caller: Caller) async throws -> ReliefHousehold {
        try caller.require(.reportDisasters)
        let program = try await program(programID, by: caller)
        guard Day(now) <= program.endsOn else { throw ReliefErrors.programEnded(program.endsOn) }
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            try households.requireWritable(draft.divisionCode, by: tx.caller)
            guard try await divisions.lookup(draft.divisionCode, on: tx.sql) != nil else {
                throw AnlanError.notFound("division.not_found", "区划 \(draft.divisionCode) 不存在或不在您的辖区内。")
            }
            _ = try await tx.sql.select().column("id").from("relief_programs").where("id", .equal, SQLBind.id(program.id)).for(.update)
                .first()
            if let clash = try await tx.sql.select().column(SQLColumn("name", table: "m")).column(SQLColumn("id_number", table: "m"))
                .column(SQLColumn("head_name", table: "h")).from(SQLAlias(SQLIdentifier("relief_members"), as: SQLIdentifier("m")))
                .join(
                    SQLAlias(SQLIdentifier("relief_households"), as: SQLIdentifier("h")), method: SQLJoinMethod.inner,
                    on: SQLColumn("household_id", table: "m"), .equal, SQLColumn("id", table: "h")
                )
                .where(SQLColumn("program_id", table: "m"), .equal, SQLBind.id(programID))
                .where(SQLColumn("id_number", table: "m"), .in, SQLBind.group(draft.members.map(\.idNumber))).first()
            {
                let name = try clash.decode(column: "name", as: String.self)
                let head = try clash.decode(column: "head_name", as: String.self)
                throw AnlanError(
                    .conflict, code: "relief.person_in_household",
                    message: "\(name) 已是本项目中 \(head) 户的成员；同一人在一个救助项目中只能属于一户。",
                    details: ["field": "idNumber", "idNumber": try clash.decode(column: "id_number", as: String.self)])
            }
            let head = draft.members.first { $0.relation == .head }!
            let household = ReliefHousehold(
                id: environment.newID(), programID: programID, divisionCode: draft.divisionCode.rawValue, members: draft.members,
                phone: draft.phone, account: draft.account, hardship: draft.hardship, reason: draft.reason, state: .applied,
                createdBy: tx.caller.username ?? "-", createdAt: tx.now, updatedAt: tx.now)
            try await tx.sql.insert(into: "relief_households")
                .columns(
                    "id", "program_id", "division_code", "head_name", "head_id_number", "phone", "account", "hardship", "reason", "state",
                    "created_by", "created_at", "updated_at"
                )
                .values(
                    SQLBind.id(household.id), SQLBind.id(programID), SQLBind(household.divisionCode), SQLBind(head.name),
                    SQLBind(head.idNumber), SQLBind(household.phone), SQLBind(household.account), SQLBind(household.hardship.rawValue),
                    SQLBind(household.reason), SQLBind(household.state.rawValue), SQLBind(household.createdBy),
                    SQLBind(Timestamp.string(tx.now)), SQLBind(Timestamp.string(tx.now))
                ).run()
            for (position, m) in draft.members.enumerated() {
                try await tx.sql.insert(into: "relief_members")
                    .columns("household_id", "program_id", "position", "name", "id_number", "relation", "sex", "birth_date")
                    .values(
                        SQLBind.id(household.id), SQLBind.id(programID), SQLBind(position), SQLBind(m.name), SQLBind(m.idNumber),
                        SQLBind(m.relation.rawValue), SQLBind(m.sex.rawValue), SQLBind(m.birthDate.description)
                    ).run()
            }
            try await appendStep(household.id, action: "apply", state: .applied, note: nil, in: tx)
            try await tx.record(
                AuditEvent(
                    action: "relief_household.apply", targetType: "relief_household", targetID: household.id.key,
                    after: auditJSON(household)))
            return household
        }
    }

    /// Moves an application one step; each step needs its own right and the state before it.
    public func move(_ id: UUID, _ move: ReliefMove, by caller: Caller) async throws -> ReliefHousehold {
        switch move {
        case .evaluate, .publicise: try caller.require(.reportDisasters)
        case .township: try caller.require(.reviewDisasterReports)
        case .decide, .pay:
            try caller.require(.decideRelief)
            try DisasterRepository.requireCounty(caller)
        }
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            guard let row = try await households.select(tx.sql, for: tx.caller).column("*").where("id", .equal, SQLBind.id(id)).first()
            else { throw ReliefErrors.householdNotFound }
            let programID = try row.decodeID("program_id")
            // The program's row orders the moves that weigh on the budget and on payments.
            guard
                let programRow = try await tx.sql.select().column("*").from("relief_programs").where("id", .equal, SQLBind.id(programID))
                    .for(.update).first()
            else { throw ReliefErrors.programNotFound }
            let program = try Self.decodeProgram(programRow)
            let before = try Self.decodeHousehold(row, members: try await members(of: [id], on: tx.sql)[id] ?? [])
            var after = before
            let today = Day(tx.now)
            switch move {
            case .evaluate(let on, let passed, let minutes):
                guard before.state == .applied || before.state == .returned else { throw ReliefErrors.wrongState(before.state) }
                after.state = passed ? .evaluated : .villageRejected
                after.evaluatedOn = on
                after.evaluationMinutes = minutes
                after.publicityFrom = nil
                after.publicityTo = nil
            case .publicise(let from):
                guard before.state == .evaluated else { throw ReliefErrors.wrongState(before.state) }
                guard let evaluated = before.evaluatedOn, from >= evaluated else {
                    throw AnlanError.invalid("relief.day_invalid", "公示不能早于村评议的日期。", field: "on")
                }
                after.state = .publicised
                after.publicityFrom = from
                after.publicityTo = from.adding(days: program.publicityDays - 1)
            case .township(let approve, let note):
                guard before.state == .publicised else { throw ReliefErrors.wrongState(before.state) }
                if approve, let until = before.publicityTo, today <= until { throw ReliefErrors.publicityOpen(until: until) }
                if approve && before.publicityPhoto == nil { throw ReliefErrors.photoRequired }
                after.state = approve ? .townshipApproved : .returned
                after.townshipNote = note
            case .decide(let amount, let note):
                guard before.state == .townshipApproved else { throw ReliefErrors.wrongState(before.state) }
                // Four eyes: whoever reviewed for the township does not also decide.
                let reviewer = try await tx.sql.select().column("username").from("relief_steps").where(
                    "household_id", .equal, SQLBind.id(id)
                )
                .where("action", .equal, SQLBind("township")).orderBy("seq", .descending).first(decodingColumn: "username", as: String.self)
                if !tx.caller.isConsole, reviewer != nil, reviewer == tx.caller.username { throw ReliefErrors.samePerson }
                if let amount {
                    let committed =
                        try await tx.sql.select().column(SQLFunction("SUM", args: SQLColumn("decided_amount")), as: "s")
                        .from("relief_households").where("program_id", .equal, SQLBind.id(programID))
                        .where("state", .in, SQLBind.group([ReliefState.decided.rawValue, ReliefState.paid.rawValue]))
                        .first(decodingColumn: "s", as: Double?.self) ?? nil
                    let budget = program.budgetWanYuan * 10_000
                    guard (committed ?? 0) + amount <= budget + 0.005 else {
                        throw AnlanError(
                            .conflict, code: "relief.budget_exceeded",
                            message:
                                "本项目预算 \(AccidentGrade.wan(program.budgetWanYuan)) 万元，已核定 \(AccidentGrade.wan((committed ?? 0) / 10_000)) 万元，再核定 \(AccidentGrade.wan(amount)) 元将超出预算。"
                        )
                    }
                }
                after.state = amount == nil ? .rejected : .decided
                after.decidedAmount = amount
                after.decisionNote = note
            case .pay(let on, let reference, let duplicateReason):
                guard before.state == .decided else { throw ReliefErrors.wrongState(before.state) }
                if let other = try await paidElsewhere(before, season: program.season, on: tx.sql), duplicateReason == nil {
                    throw AnlanError(
                        .conflict, code: "relief.paid_elsewhere",
                        message: "该户成员已在本季的“\(other)”中领取救助；同一户一季内重复救助须写明理由。", details: ["field": "duplicateReason"])
                }
                after.state = .paid
                after.paidOn = on
                after.paymentReference = reference
                after.duplicateReason = duplicateReason
            }
            try await tx.sql.update("relief_households").set("state", to: SQLBind(after.state.rawValue))
                .set("evaluated_on", to: SQLBind(after.evaluatedOn?.description))
                .set("evaluation_minutes", to: SQLBind(after.evaluationMinutes))
                .set("publicity_from", to: SQLBind(after.publicityFrom?.description)).set(
                    "publicity_to", to: SQLBind(after.publicityTo?.description)
                )
                .set("township_note", to: SQLBind(after.townshipNote)).set("decided_amount", to: SQLBind(after.decidedAmount))
                .set("decision_note", to: SQLBind(after.decisionNote)).set("paid_on", to: SQLBind(after.paidOn?.description))
                .set("payment_reference", to: SQLBind(after.paymentReference)).set("duplicate_reason", to: SQLBind(after.duplicateReason))
                .set("updated_at", to: SQLBind(Timestamp.string(tx.now))).where("id", .equal, SQLBind.id(id)).run()
            after.updatedAt = tx.now
            let note: String? =
                switch move {
                case .evaluate(_, _, let minutes): minutes
                case .publicise(let from): "\(from) 至 \(after.publicityTo?.description ?? "")"
                case .township(_, let note): note
                case .decide(let amount, let note):
                    [amount.map { "核定 \(AccidentGrade.wan($0)) 元" }, note].compactMap { $0 }.joined(separator: "；")
                case .pay(let on, let reference, let reason): ["\(on) 发放，凭证 \(reference)", reason].compactMap { $0 }.joined(separator: "；")
                }
            try await appendStep(id, action: move.name, state: after.state, note: note, in: tx)
            try await tx.record(
                AuditEvent(
                    action: "relief_household.\(move.name)", targetType: "relief_household", targetID: id.key, before: auditJSON(before),
                    after: auditJSON(after)))
            return after
        }
    }

    private func appendStep(_ id: UUID, action: String, state: ReliefState, note: String?, in tx: Transaction) async throws {
        let next =
            (try await tx.sql.raw("SELECT COALESCE(MAX(seq), 0) AS n FROM relief_steps WHERE household_id = \(bind: id.key)")
                .first(decodingColumn: "n", as: Int.self) ?? 0) + 1
        try await tx.sql.insert(into: "relief_steps").columns("household_id", "seq", "action", "state", "username", "at", "note")
            .values(
                SQLBind.id(id), SQLBind(next), SQLBind(action), SQLBind(state.rawValue), SQLBind(tx.caller.username ?? "-"),
                SQLBind(Timestamp.string(tx.now)), SQLBind(note)
            ).run()
    }

    /// An application's course, oldest first.
    public func steps(of id: UUID, by caller: Caller) async throws -> [ReliefStep] {
        _ = try await household(id, by: caller)
        return try await database.reader.select().column("*").from("relief_steps").where("household_id", .equal, SQLBind.id(id))
            .orderBy("seq").all().map { row in
                guard let state = ReliefState(rawValue: try row.decode(column: "state", as: String.self)),
                    let at = Timestamp.date(try row.decode(column: "at", as: String.self))
                else { throw AnlanError.recordCorrupt("救助办理记录") }
                return ReliefStep(
                    action: try row.decode(column: "action", as: String.self), state: state,
                    username: try row.decode(column: "username", as: String.self), at: at,
                    note: try row.decodeOptional("note", as: String.self))
            }
    }

    /// The name of another program of the season that paid any member of this household, if one did.
    func paidElsewhere(_ h: ReliefHousehold, season: String, on sql: any SQLDatabase) async throws -> String? {
        try await sql.select().column(SQLColumn("name", table: "p")).from(SQLAlias(SQLIdentifier("relief_members"), as: SQLIdentifier("m")))
            .join(
                SQLAlias(SQLIdentifier("relief_households"), as: SQLIdentifier("h")), method: SQLJoinMethod.inner,
                on: SQLColumn("household_id", table: "m"), .equal, SQLColumn("id", table: "h")
            )
            .join(
                SQLAlias(SQLIdentifier("relief_programs"), as: SQLIdentifier("p")), method: SQLJoinMethod.inner,
                on: SQLColumn("program_id", table: "h"), .equal, SQLColumn("id", table: "p")
            )
            .where(SQLColumn("season", table: "p"), .equal, SQLBind(season))
            .where(SQLColumn("program_id", table: "h"), .notEqual, SQLBind.id(h.programID))
            .where(SQLColumn("state", table: "h"), .equal, SQLBind(ReliefState.paid.rawValue))
            .where(SQLColumn("id_number", table: "m"), .in, SQLBind.group(h.members.map(\.idNumber))).first()
            .map { try $0.decode(column: "name", as: String.self) }
    }

    /// The 公示 photo: a JPEG or PNG of the posted list, kept with the application.
    public func attachPublicityPhoto(_ id: UUID, data: Data, fileName: String, by caller: Caller) async throws -> ReliefHousehold {
        try caller.require(.reportDisasters)
        guard let type = FileType.detect(data, fileName: fileName), type.isImage else {
            throw AnlanError(.unprocessable, code: "relief.photo_type", message: "公示照片须为 JPEG 或 PNG 图片。")
        }
        let digest = try files.put(data)
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            guard let row = try await households.select(tx.sql, for: tx.caller).column("*").where("id", .equal, SQLBind.id(id)).first()
            else { throw ReliefErrors.householdNotFound }
            var h = try Self.decodeHousehold(row, members: [])
            guard h.state == .evaluated || h.state == .publicised else { throw ReliefErrors.wrongState(h.state) }
            let before = h.publicityPhoto
            h.publicityPhoto = "\(type.rawValue):\(digest)"
            try await tx.sql.update("relief_households").set("publicity_photo", to: SQLBind(h.publicityPhoto))
                .set("updated_at", to: SQLBind(Timestamp.string(tx.now))).where("id", .equal, SQLBind.id(id)).run()
            try await appendStep(id, action: "photo", state: h.state, note: fileName, in: tx)
            try await tx.record(
                AuditEvent(
                    action: "relief_household.photo", targetType: "relief_household", targetID: id.key, before: before,
                    after: h.publicityPhoto))
            return h
        }
    }

    public func publicityPhoto(_ id: UUID, by caller: Caller) async throws -> (contentType: String, data: Data) {
        let h = try await household(id, by: caller)
        guard let stored = h.publicityPhoto, let colon = stored.firstIndex(of: ":"),
            let type = FileType(rawValue: String(stored[..<colon]))
        else { throw AnlanError.notFound("relief.photo_not_found", "该申请没有公示照片。") }
        return (type.contentType, try files.get(String(stored[stored.index(after: colon)...])))
    }

    public struct Filter: Sendable {
        public var state: ReliefState?
        public var divisionCode: DivisionCode?
        public var query: String?

        public init(state: ReliefState? = nil, divisionCode: DivisionCode? = nil, query: String? = nil) {
            self.state = state
            self.divisionCode = divisionCode
            self.query = query
        }
    }

    private func apply(_ f: Filter, _ programID: UUID, to q: SQLSelectBuilder) -> SQLSelectBuilder {
        var q = q.where("program_id", .equal, SQLBind.id(programID))
        if let state = f.state { q = q.where("state", .equal, SQLBind(state.rawValue)) }
        if let code = f.divisionCode { q = q.where(SQLColumn("division_code"), .like, SQLLiteral.divisionPrefix(code.jurisdictionPrefix)) }
        return TextSearch.apply(f.query, columns: ["head_name", "head_id_number", "phone"], enterpriseColumn: nil, to: q)
    }

    public func households(of programID: UUID, _ filter: Filter, page: PageRequest, by caller: Caller) async throws -> Page<ReliefHousehold>
    {
        _ = try await program(programID, by: caller)
        let total = try await households.count(database.reader, for: caller) { apply(filter, programID, to: $0) }
        let rows = try await apply(filter, programID, to: households.select(database.reader, for: caller).column("*"))
            .orderBy("division_code").orderBy("created_at").orderBy("id").limit(page.pageSize).offset(page.offset).all()
        let ids = try rows.map { try $0.decodeID("id") }
        let members = try await members(of: ids, on: database.reader)
        return Page(
            items: try rows.map { try Self.decodeHousehold($0, members: members[try $0.decodeID("id")] ?? []) }, total: total, request: page
        )
    }

    public func household(_ id: UUID, by caller: Caller) async throws -> ReliefHousehold {
        try caller.require(.readBusinessData)
        guard let row = try await households.select(database.reader, for: caller).column("*").where("id", .equal, SQLBind.id(id)).first()
        else { throw ReliefErrors.householdNotFound }
        return try Self.decodeHousehold(row, members: try await members(of: [id], on: database.reader)[id] ?? [])
    }

    /// Counts and money of a program within the caller's jurisdiction: households and people by state, what was decided
    /// and what was paid.
    public struct Totals: Sendable, Equatable {
        public var households: [ReliefState: Int] = [:]
        public var people = 0
        public var decidedYuan = 0.0
        public var paidYuan = 0.0
        public var paidHouseholds = 0
        public var paidPeople = 0
    }

    public func totals(of programID: UUID, by caller: Caller) async throws -> Totals {
        _ = try await program(programID, by: caller)
        var t = Totals()
        let rows = try await households.select(database.reader, for: caller).column("state").column("decided_amount")
            .column(SQLRaw("(SELECT COUNT(*) FROM relief_members m WHERE m.household_id = relief_households.id)"), as: "people")
            .where("program_id", .equal, SQLBind.id(programID)).all()
        for row in rows {
            guard let state = ReliefState(rawValue: try row.decode(column: "state", as: String.self)) else { continue }
            let people = try row.decode(column: "people", as: Int.self)
            t.households[state, default: 0] += 1
            t.people += people
            let amount = try row.decodeOptional("decided_amount", as: Double.self) ?? 0
            if state == .decided || state == .paid { t.decidedYuan += amount }
            if state == .paid {
                t.paidYuan += amount
                t.paidHouseholds += 1
                t.paidPeople += people
            }
        }
        return t
    }

    /// Households whose house collapsed or was severely damaged in a disaster of the program's year (the 倒损住房户台账)
    /// and of whom no member is in the program: each is a question the township should be able to answer.
    public struct Omission: Sendable, Equatable {
        public let eventNumber: String
        public let divisionCode: String
        public let householder: String
        public let idNumber: String
        public let damage: HouseDamage
    }

    public func omissions(of programID: UUID, by caller: Caller) async throws -> [Omission] {
        let program = try await program(programID, by: caller)
        guard let first = Day(year: program.disasterYear, month: 1, day: 1),
            let next = Day(year: program.disasterYear + 1, month: 1, day: 1)
        else { return [] }
        let rows = try await DisasterRepository.housesTable.select(database.reader, for: caller).column(
            SQLColumn(SQLLiteral.all, table: SQLIdentifier("disaster_houses"))
        )
        .column(SQLColumn("number", table: "e"), as: "event_number")
        .join(
            SQLAlias(SQLIdentifier("disaster_events"), as: SQLIdentifier("e")), method: SQLJoinMethod.inner,
            on: SQLColumn("event_id", table: "disaster_houses"), .equal, SQLColumn("id", table: "e")
        )
        .where(SQLColumn("started_at", table: "e"), .greaterThanOrEqual, SQLBind(Timestamp.string(Moment.at(first, minute: 0))))
        .where(SQLColumn("started_at", table: "e"), .lessThan, SQLBind(Timestamp.string(Moment.at(next, minute: 0))))
        .where("damage", .in, SQLBind.group([HouseDamage.collapsed.rawValue, HouseDamage.severe.rawValue]))
        .where(
            SQLRaw(
                "NOT EXISTS (SELECT 1 FROM relief_members m WHERE m.program_id = '\(program.id.key)' AND m.id_number = disaster_houses.id_number)"
            )
        )
        .orderBy("division_code").orderBy("householder").limit(500).all()
        return try rows.map { row in
            Omission(
                eventNumber: try row.decode(column: "event_number", as: String.self),
                divisionCode: try row.decode(column: "division_code", as: String.self),
                householder: try row.decode(column: "householder", as: String.self),
                idNumber: try row.decode(column: "id_number", as: String.self),
                damage: HouseDamage(rawValue: try row.decode(column: "damage", as: String.self)) ?? .collapsed)
        }
    }

    // MARK: - Rows

    func members(of ids: [UUID], on sql: any SQLDatabase) async throws -> [UUID: [ReliefMember]] {
        guard !ids.isEmpty else { return [:] }
        var out: [UUID: [ReliefMember]] = [:]
        for row in try await sql.select().column("*").from("relief_members").where("household_id", .in, SQLBind.group(ids.map(\.key)))
            .orderBy("household_id").orderBy("position").all()
        {
            guard let relation = ReliefRelation(rawValue: try row.decode(column: "relation", as: String.self)),
                let sex = IDNumber.Sex(rawValue: try row.decode(column: "sex", as: String.self)),
                let birth = Day(try row.decode(column: "birth_date", as: String.self))
            else { throw AnlanError.recordCorrupt("救助家庭成员") }
            out[try row.decodeID("household_id"), default: []].append(
                ReliefMember(
                    name: try row.decode(column: "name", as: String.self), idNumber: try row.decode(column: "id_number", as: String.self),
                    relation: relation, sex: sex, birthDate: birth))
        }
        return out
    }

    static func decodeProgram(_ row: any SQLRow) throws -> ReliefProgram {
        guard let due = Day(try row.decode(column: "survey_due", as: String.self)),
            let starts = Day(try row.decode(column: "starts_on", as: String.self)),
            let ends = Day(try row.decode(column: "ends_on", as: String.self)),
            let created = Timestamp.date(try row.decode(column: "created_at", as: String.self))
        else { throw AnlanError.recordCorrupt("冬春救助项目") }
        return ReliefProgram(
            id: try row.decodeID("id"), season: try row.decode(column: "season", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            budgetWanYuan: try row.decode(column: "budget_wan_yuan", as: Double.self), surveyDue: due, startsOn: starts, endsOn: ends,
            publicityDays: try row.decode(column: "publicity_days", as: Int.self),
            createdBy: try row.decode(column: "created_by", as: String.self),
            createdAt: created)
    }

    static func decodeNeed(_ row: any SQLRow) throws -> ReliefNeed {
        guard let at = Timestamp.date(try row.decode(column: "updated_at", as: String.self)) else {
            throw AnlanError.recordCorrupt("需救助统计")
        }
        return ReliefNeed(
            township: try row.decode(column: "township_code", as: String.self),
            households: try row.decode(column: "households", as: Int.self),
            people: try row.decode(column: "people", as: Int.self),
            byHardship: [
                .collapsedHouse: try row.decode(column: "collapsed_house", as: Int.self),
                .cropFailure: try row.decode(column: "crop_failure", as: Int.self), .injury: try row.decode(column: "injury", as: Int.self),
                .other: try row.decode(column: "other", as: Int.self),
            ], fundsWanYuan: try row.decode(column: "funds_wan_yuan", as: Double.self),
            updatedBy: try row.decode(column: "updated_by", as: String.self), updatedAt: at)
    }

    static func decodeHousehold(_ row: any SQLRow, members: [ReliefMember]) throws -> ReliefHousehold {
        guard let hardship = ReliefHardship(rawValue: try row.decode(column: "hardship", as: String.self)),
            let state = ReliefState(rawValue: try row.decode(column: "state", as: String.self)),
            let created = Timestamp.date(try row.decode(column: "created_at", as: String.self)),
            let updated = Timestamp.date(try row.decode(column: "updated_at", as: String.self))
        else { throw AnlanError.recordCorrupt("救助申请") }
        func day(_ c: String) throws -> Day? { try row.decodeOptional(c, as: String.self).flatMap(Day.init) }
        return ReliefHousehold(
            id: try row.decodeID("id"), programID: try row.decodeID("program_id"),
            divisionCode: try row.decode(column: "division_code", as: String.self),
            members: members, phone: try row.decode(column: "phone", as: String.self),
            account: try row.decode(column: "account", as: String.self),
            hardship: hardship, reason: try row.decode(column: "reason", as: String.self), state: state,
            evaluatedOn: try day("evaluated_on"),
            evaluationMinutes: try row.decodeOptional("evaluation_minutes", as: String.self), publicityFrom: try day("publicity_from"),
            publicityTo: try day("publicity_to"), publicityPhoto: try row.decodeOptional("publicity_photo", as: String.self),
            townshipNote: try row.decodeOptional("township_note", as: String.self),
            decidedAmount: try row.decodeOptional("decided_amount", as: Double.self),
            decisionNote: try row.decodeOptional("decision_note", as: String.self), paidOn: try day("paid_on"),
            paymentReference: try row.decodeOptional("payment_reference", as: String.self),
            duplicateReason: try row.decodeOptional("duplicate_reason", as: String.self),
            createdBy: try row.decode(column: "created_by", as: String.self),
            createdAt: created, updatedAt: updated)
    }
}
