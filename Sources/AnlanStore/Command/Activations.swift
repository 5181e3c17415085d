import AnlanCore
import Foundation
import SQLKit

/// Plans started on an incident (预案启动) and the tasks they make. Every write locks the incident's row first (as its
/// other moves do) and puts what it did on the timeline.
extension IncidentRepository {
    /// Starts a published plan at one of its levels: the level's actions become tasks, its notification list is named on
    /// the timeline, and a verified incident enters the response at that level.
    public func activate(_ incidentID: UUID, plan planID: UUID, level: ResponseLevel, by caller: Caller) async throws -> PlanActivation {
        try caller.require(.keepDuty)
        let plan = try await plans.get(planID, by: caller)
        guard plan.currentVersion != nil, plan.withdrawnOn == nil else { throw IncidentErrors.planUnpublished }
        guard let planLevel = try await plans.levels(of: planID, by: caller).first(where: { $0.level == level }) else {
            throw IncidentErrors.levelMissing(level)
        }
        let leader = caller.isConsole || caller.role?.can(.commandIncidents) == true
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            let incident = try await lock(incidentID, in: tx)
            guard incident.state.isOpen else { throw IncidentErrors.closed }
            guard incident.state != .reported else { throw IncidentErrors.notVerified }
            if try await tx.sql.select().column("id").from("incident_activations").where("incident_id", .equal, SQLBind.id(incidentID))
                .where("plan_id", .equal, SQLBind.id(planID)).where(SQLColumn("ended_at"), .is, SQLLiteral.null).first() != nil
            {
                throw IncidentErrors.planActive
            }
            let activation = PlanActivation(
                id: environment.newID(), incidentID: incidentID, planID: planID, planTitle: plan.title, level: level,
                activatedBy: tx.caller.username ?? "-", activatedAt: tx.now)
            try await tx.sql.insert(into: "incident_activations")
                .columns("id", "incident_id", "plan_id", "plan_title", "level", "activated_by", "activated_at")
                .values(
                    SQLBind.id(activation.id), SQLBind.id(incidentID), SQLBind.id(planID), SQLBind(plan.title), SQLBind(level.rawValue),
                    SQLBind(activation.activatedBy), SQLBind(Timestamp.string(tx.now))
                ).run()
            let made = try await makeTasks(planLevel, for: activation, in: tx)
            var text = "启动《\(plan.title)》\(level.label)应急响应（启动条件：\(planLevel.trigger)）；指挥：\(planLevel.lead)；下达任务 \(made) 项"
            if !planLevel.contacts.isEmpty {
                text += "；应通知：" + planLevel.contacts.map { $0.replacingOccurrences(of: "|", with: " ") }.joined(separator: "、")
            }
            if !planLevel.needs.isEmpty { text += "；所需资源：" + planLevel.needs.map { "\($0.name) \($0.quantity)" }.joined(separator: "、") }
            try await append(incidentID, .plan, text, at: tx.now, in: tx)
            if incident.state == .verified {
                let mapped = IncidentLevel(level)
                try await tx.sql.update("incidents").set("state", to: SQLBind(IncidentState.responding.rawValue))
                    .set("level", to: SQLBind(mapped.rawValue)).set("level_confirmed_by", to: SQLBind(leader ? tx.caller.username : nil))
                    .where("id", .equal, SQLBind.id(incidentID)).run()
                try await append(
                    incidentID, .state, "进入响应，事件等级\(leader ? "定为" : "拟定为")\(mapped.label)\(leader ? "" : "（待局领导确认）")", at: tx.now, in: tx)
            }
            try await tx.record(
                AuditEvent(action: "incident.activate", targetType: "incident", targetID: incidentID.key, after: auditJSON(activation)))
            return activation
        }
    }

    /// Changes a running activation's level: its unfinished tasks are withdrawn and the new level's made.
    public func changeLevel(_ incidentID: UUID, activation activationID: UUID, to level: ResponseLevel, reason: String, by caller: Caller)
        async throws -> PlanActivation
    {
        try caller.require(.keepDuty)
        let (planID, _) = try await activationPlan(incidentID, activationID, by: caller)
        guard let planLevel = try await plans.levels(of: planID, by: caller).first(where: { $0.level == level }) else {
            throw IncidentErrors.levelMissing(level)
        }
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            let incident = try await lock(incidentID, in: tx)
            guard incident.state.isOpen else { throw IncidentErrors.closed }
            var activation = try await activationRow(incidentID, activationID, on: tx.sql)
            guard activation.isActive else { throw IncidentErrors.activationEnded }
            guard activation.level != level else { throw IncidentErrors.sameLevel }
            let before = activation
            let withdrawn = try await withdrawTasks(of: activationID, note: "因响应级别调整", in: tx)
            activation.level = level
            try await tx.sql.update("incident_activations").set("level", to: SQLBind(level.rawValue)).where(
                "id", .equal, SQLBind.id(activationID)
            )
            .run()
            let made = try await makeTasks(planLevel, for: activation, in: tx)
            try await append(
                incidentID, .plan,
                "《\(activation.planTitle)》响应级别由\(before.level.label)调整为\(level.label)：\(reason)；撤销未完成任务 \(withdrawn) 项，下达新任务 \(made) 项",
                at: tx.now, in: tx)
            try await tx.record(
                AuditEvent(
                    action: "incident.change_response", targetType: "incident", targetID: incidentID.key, before: auditJSON(before),
                    after: auditJSON(activation)))
            return activation
        }
    }

    /// 终止响应: ends an activation; its unfinished tasks are withdrawn.
    public func standDown(_ incidentID: UUID, activation activationID: UUID, reason: String, by caller: Caller) async throws
        -> PlanActivation
    {
        try caller.require(.keepDuty)
        _ = try await activationPlan(incidentID, activationID, by: caller)
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            _ = try await lock(incidentID, in: tx)
            var activation = try await activationRow(incidentID, activationID, on: tx.sql)
            guard activation.isActive else { throw IncidentErrors.activationEnded }
            try await end(&activation, reason: reason, in: tx)
            try await tx.record(
                AuditEvent(action: "incident.stand_down", targetType: "incident", targetID: incidentID.key, after: auditJSON(activation)))
            return activation
        }
    }

    /// Ends every running activation of an incident being closed (within the closing transaction).
    func standDownAll(_ incidentID: UUID, reason: String, in tx: Transaction) async throws {
        for row in try await tx.sql.select().column("*").from("incident_activations").where("incident_id", .equal, SQLBind.id(incidentID))
            .where(SQLColumn("ended_at"), .is, SQLLiteral.null).orderBy("activated_at").all()
        {
            var activation = try Self.decodeActivation(row)
            try await end(&activation, reason: reason, in: tx)
        }
    }

    private func end(_ activation: inout PlanActivation, reason: String, in tx: Transaction) async throws {
        let withdrawn = try await withdrawTasks(of: activation.id, note: "因响应终止", in: tx)
        activation.endedAt = tx.now
        activation.endReason = reason
        try await tx.sql.update("incident_activations").set("ended_at", to: SQLBind(Timestamp.string(tx.now)))
            .set("end_reason", to: SQLBind(reason)).where("id", .equal, SQLBind.id(activation.id)).run()
        try await append(
            activation.incidentID, .plan,
            "终止《\(activation.planTitle)》\(activation.level.label)应急响应：\(reason)" + (withdrawn > 0 ? "；撤销未完成任务 \(withdrawn) 项" : ""),
            at: tx.now, in: tx)
    }

    // MARK: - Tasks

    public enum TaskMove: Sendable {
        case acknowledge
        case complete(note: String?)
    }

    /// A task acknowledged by whoever does it (the desk records it on their word) or completed, on the timeline.
    public func moveTask(_ incidentID: UUID, task taskID: UUID, _ move: TaskMove, by caller: Caller) async throws -> IncidentTask {
        try caller.require(.keepDuty)
        return try await database.write(by: caller, at: now, audit: audit) { tx in
            _ = try await lock(incidentID, in: tx)
            guard
                let row = try await tx.sql.select().column("*").from("incident_tasks").where("id", .equal, SQLBind.id(taskID))
                    .where("incident_id", .equal, SQLBind.id(incidentID)).first()
            else { throw IncidentErrors.taskNotFound }
            var task = try Self.decodeTask(row)
            guard task.state.isOpen else { throw IncidentErrors.taskClosed(task.state) }
            let who = tx.caller.username ?? "-"
            let text: String
            switch move {
            case .acknowledge:
                guard task.state == .open else { throw IncidentErrors.taskClosed(task.state) }
                task.state = .acknowledged
                task.acknowledgedBy = who
                task.acknowledgedAt = tx.now
                text = "任务已接收：【\(task.who)】\(task.what)"
            case .complete(let note):
                task.state = .done
                task.doneBy = who
                task.doneAt = tx.now
                task.note = note
                text =
                    "任务已完成：【\(task.who)】\(task.what)" + (note.map { "。\($0)" } ?? "")
                    + (task.due < tx.now ? "（逾期\(Moment.span(tx.now.timeIntervalSince(task.due)))）" : "")
            }
            try await tx.sql.update("incident_tasks").set("state", to: SQLBind(task.state.rawValue))
                .set("acknowledged_by", to: SQLBind(task.acknowledgedBy)).set(
                    "acknowledged_at", to: SQLBind(task.acknowledgedAt.map(Timestamp.string))
                )
                .set("done_by", to: SQLBind(task.doneBy)).set("done_at", to: SQLBind(task.doneAt.map(Timestamp.string))).set(
                    "note", to: SQLBind(task.note)
                )
                .where("id", .equal, SQLBind.id(taskID)).run()
            try await append(incidentID, .task, text, at: tx.now, in: tx)
            try await tx.record(
                AuditEvent(action: "incident.task", targetType: "incident", targetID: incidentID.key, after: auditJSON(task)))
            return task
        }
    }

    public func activations(of incidentID: UUID, by caller: Caller) async throws -> [PlanActivation] {
        _ = try await get(incidentID, by: caller)
        return try await database.reader.select().column("*").from("incident_activations").where(
            "incident_id", .equal, SQLBind.id(incidentID)
        )
        .orderBy("activated_at").all().map(Self.decodeActivation)
    }

    /// An incident's tasks in the order they were made (at most a few dozen per activation).
    public func tasks(of incidentID: UUID, by caller: Caller) async throws -> [IncidentTask] {
        _ = try await get(incidentID, by: caller)
        return try await database.reader.select().column("*").from("incident_tasks").where("incident_id", .equal, SQLBind.id(incidentID))
            .orderBy("seq").all().map(Self.decodeTask)
    }

    // MARK: - Internals

    private func activationPlan(_ incidentID: UUID, _ activationID: UUID, by caller: Caller) async throws -> (UUID, PlanActivation) {
        _ = try await get(incidentID, by: caller)
        let activation = try await activationRow(incidentID, activationID, on: database.reader)
        return (activation.planID, activation)
    }

    private func activationRow(_ incidentID: UUID, _ activationID: UUID, on sql: any SQLDatabase) async throws -> PlanActivation {
        guard
            let row = try await sql.select().column("*").from("incident_activations").where("id", .equal, SQLBind.id(activationID))
                .where("incident_id", .equal, SQLBind.id(incidentID)).first()
        else { throw IncidentErrors.activationNotFound }
        return try Self.decodeActivation(row)
    }

    private func makeTasks(_ level: PlanLevel, for activation: PlanActivation, in tx: Transaction) async throws -> Int {
        let last =
            try await tx.sql.select().column(SQLFunction("MAX", args: SQLColumn("seq")), as: "last").from("incident_tasks")
            .where("incident_id", .equal, SQLBind.id(activation.incidentID)).first()?.decodeOptional("last", as: Int.self) ?? 0
        let made = ActivationRules.tasks(from: level, at: tx.now)
        for (offset, t) in made.enumerated() {
            try await tx.sql.insert(into: "incident_tasks")
                .columns("id", "incident_id", "activation_id", "seq", "who", "what", "due_at", "state")
                .values(
                    SQLBind.id(environment.newID()), SQLBind.id(activation.incidentID), SQLBind.id(activation.id),
                    SQLBind(last + offset + 1),
                    SQLBind(t.who), SQLBind(t.what), SQLBind(Timestamp.string(t.due)), SQLBind(IncidentTaskState.open.rawValue)
                ).run()
        }
        return made.count
    }

    private func withdrawTasks(of activationID: UUID, note: String, in tx: Transaction) async throws -> Int {
        let open = try await tx.sql.select().column("id").from("incident_tasks").where("activation_id", .equal, SQLBind.id(activationID))
            .where("state", .in, SQLBind.group([IncidentTaskState.open.rawValue, IncidentTaskState.acknowledged.rawValue])).all()
        guard !open.isEmpty else { return 0 }
        try await tx.sql.update("incident_tasks").set("state", to: SQLBind(IncidentTaskState.cancelled.rawValue)).set(
            "note", to: SQLBind(note)
        )
        .where("activation_id", .equal, SQLBind.id(activationID))
        .where("state", .in, SQLBind.group([IncidentTaskState.open.rawValue, IncidentTaskState.acknowledged.rawValue])).run()
        return open.count
    }

    static func decodeActivation(_ row: any SQLRow) throws -> PlanActivation {
        guard let level = ResponseLevel(rawValue: try row.decode(column: "level", as: Int.self)),
            let at = Timestamp.date(try row.decode(column: "activated_at", as: String.self))
        else { throw AnlanError.recordCorrupt("预案启动记录") }
        return PlanActivation(
            id: try row.decodeID("id"), incidentID: try row.decodeID("incident_id"), planID: try row.decodeID("plan_id"),
            planTitle: try row.decode(column: "plan_title", as: String.self), level: level,
            activatedBy: try row.decode(column: "activated_by", as: String.self), activatedAt: at,
            endedAt: try row.decodeOptional("ended_at", as: String.self).flatMap(Timestamp.date),
            endReason: try row.decodeOptional("end_reason", as: String.self))
    }

    static func decodeTask(_ row: any SQLRow) throws -> IncidentTask {
        guard let state = IncidentTaskState(rawValue: try row.decode(column: "state", as: String.self)),
            let due = Timestamp.date(try row.decode(column: "due_at", as: String.self))
        else { throw AnlanError.recordCorrupt("事件任务") }
        return IncidentTask(
            id: try row.decodeID("id"), incidentID: try row.decodeID("incident_id"), activationID: try row.decodeID("activation_id"),
            who: try row.decode(column: "who", as: String.self), what: try row.decode(column: "what", as: String.self), due: due,
            state: state,
            acknowledgedBy: try row.decodeOptional("acknowledged_by", as: String.self),
            acknowledgedAt: try row.decodeOptional("acknowledged_at", as: String.self).flatMap(Timestamp.date),
            doneBy: try row.decodeOptional("done_by", as: String.self),
            doneAt: try row.decodeOptional("done_at", as: String.self).flatMap(Timestamp.date),
            note: try row.decodeOptional("note", as: String.self))
    }
}
