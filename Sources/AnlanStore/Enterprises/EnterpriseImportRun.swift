import AnlanCore
import Foundation
import SQLKit

/// One import as stored: where it stands and what it did.
public struct ImportRun: Sendable, Equatable {
    public enum Status: String, Sendable, Codable { case running, done, failed }

    public let id: UUID
    public let fileName: String
    public let encoding: String?
    public var status: Status
    public let totalRows: Int
    public var processedRows: Int
    public var created: Int
    public var updated: Int
    public var unchanged: Int
    public var invalid: Int
    public var failure: String?
    public let header: [String]
    public let createdBy: String?
    public let createdAt: Date
    public var finishedAt: Date?
}

/// A rejected row for the error report: its cells as read and what is wrong with them.
public struct ImportError: Sendable, Equatable {
    public let line: Int
    public let cells: [String]
    public let problems: [String]
}

extension EnterpriseRepository {
    static let importBatchSize = 500

    /// Imports left "running" by a process that stopped (a crash, a power cut) are marked failed at
    /// start-up, so nobody waits on them. On SQLite only this process writes, so every running import is
    /// stale; on PostgreSQL another node may be importing, so only runs older than 30 minutes (an upload is
    /// at most 20 MB and imports in about a minute) are. Committed batches stay; re-importing the file is harmless.
    public func markInterruptedImports() async throws -> Int {
        let cutoff = environment.now().addingTimeInterval(database.engine == .sqlite ? 0 : -30 * 60)
        return try await database.transaction { sql in
            let stale = try await sql.select().column("id").from("enterprise_imports").where(
                "status", .equal, SQLBind(ImportRun.Status.running.rawValue)
            )
            .where("created_at", .lessThanOrEqual, SQLBind(Timestamp.string(cutoff))).all(decodingColumn: "id", as: String.self)
            guard !stale.isEmpty else { return 0 }
            try await sql.update("enterprise_imports").set("status", to: SQLBind(ImportRun.Status.failed.rawValue))
                .set("failure", to: SQLBind("服务在导入过程中停止；已提交的批次已保存，重新导入同一文件即可补全。"))
                .set("finished_at", to: SQLBind(Timestamp.string(environment.now())))
                .where("id", .in, SQLBind.group(stale)).run()
            return stale.count
        }
    }

    /// Records an import about to run, with its rejected rows, and returns it. Call `apply` next.
    public func startImport(_ plan: ImportPlan, cells: [[String]], fileName: String, by caller: Caller) async throws -> ImportRun {
        try caller.require(.editEnterprises)
        let id = environment.newID()
        let now = environment.now()
        // The import belongs to the caller's division; the console's to the county.
        let root = try await divisions.home(of: caller).rawValue
        let run = ImportRun(
            id: id, fileName: String(fileName.prefix(200)), encoding: plan.encoding, status: .running, totalRows: plan.rows.count,
            processedRows: 0,
            created: 0, updated: 0, unchanged: 0, invalid: plan.count(.invalid), failure: nil, header: plan.header,
            createdBy: caller.username,
            createdAt: now, finishedAt: nil)
        try await write(by: caller) { tx in
            try await tx.sql.insert(into: "enterprise_imports")
                .columns(
                    "id", "division_code", "created_by", "file_name", "encoding", "status", "total_rows", "processed_rows", "created_count",
                    "updated_count", "unchanged_count", "invalid_count", "failure", "header", "created_at", "finished_at"
                )
                .values(
                    SQLBind.id(id), SQLBind(root), SQLBind(caller.username), SQLBind(run.fileName),
                    SQLBind(run.encoding),
                    SQLBind(run.status.rawValue), SQLBind(run.totalRows), SQLBind(0), SQLBind(0), SQLBind(0), SQLBind(0),
                    SQLBind(run.invalid),
                    SQLBind(String?.none), SQLBind(auditJSON(plan.header)), SQLBind(Timestamp.string(now)), SQLBind(String?.none)
                ).run()
            try await rememberMapping(plan.mapping, header: plan.header, on: tx)
            for row in plan.rows where row.action == .invalid {
                let index = row.line - 2
                try await tx.sql.insert(into: "enterprise_import_errors").columns("import_id", "line", "cells", "problems")
                    .values(
                        SQLBind.id(id), SQLBind(row.line), SQLBind(auditJSON(index < cells.count ? cells[index] : [])),
                        SQLBind(auditJSON(row.problems))
                    ).run()
            }
            try await tx.record(
                AuditEvent(
                    action: "enterprise.import_start", targetType: "enterprise_import", targetID: id.key,
                    after: auditJSON(["file": run.fileName, "rows": String(run.totalRows), "invalid": String(run.invalid)])))
        }
        return run
    }

    /// Applies the good rows in batches, each batch one transaction with one audit record listing its rows;
    /// progress is stored after each batch. A row whose credit code is on file updates it with the fields the
    /// file fills; a row identical to what is stored changes nothing, so importing a file twice is harmless.
    public func apply(_ plan: ImportPlan, run: ImportRun, by caller: Caller, progress: @Sendable (ImportRun) async -> Void = { _ in })
        async throws
        -> ImportRun
    {
        try caller.require(.editEnterprises)
        var run = run
        let good = plan.rows.filter { $0.action != .invalid }
        do {
            var start = 0
            while start < good.count {
                let batch = Array(good[start..<min(start + Self.importBatchSize, good.count)])
                let runID = run.id
                let outcome = try await write(by: caller) { tx in try await applyBatch(batch, run: runID, on: tx) }
                run.created += outcome.created
                run.updated += outcome.updated
                run.unchanged += outcome.unchanged
                start += batch.count
                run.processedRows = start + run.invalid
                try await saveProgress(run)
                await progress(run)
            }
            run.processedRows = run.totalRows
            run.status = .done
        } catch {
            run.status = .failed
            run.failure = (error as? AnlanError)?.message ?? "导入中断：\(String(describing: error).prefix(200))"
        }
        run.finishedAt = environment.now()
        try await saveProgress(run)
        await progress(run)
        return run
    }

    private func applyBatch(_ batch: [ImportPlan.Row], run: UUID, on tx: Transaction) async throws -> (
        created: Int, updated: Int, unchanged: Int
    ) {
        let codes = batch.compactMap { $0.profile?.creditCode }
        var existing: [String: Enterprise] = [:]
        if !codes.isEmpty {
            let rows = try await Self.selectColumns(tx.sql.select().from("enterprises"), engine: database.engine)
                .where("archived_at", .is, SQLLiteral.null).where("credit_code", .in, SQLGroupExpression(codes.map { SQLBind($0) })).all()
            for enterprise in try rows.map(Self.decode) { existing[enterprise.profile.creditCode ?? ""] = enterprise }
        }
        var created: [String] = [], updated: [String] = []
        var unchanged = 0
        let now = Timestamp.string(tx.now)
        // New enterprises go in with one multi-row INSERT per table: a batch costs a handful of statements,
        // not several per row.
        var newRows: [(id: UUID, row: ImportPlan.Row, profile: EnterpriseProfile)] = []
        for row in batch {
            guard let profile = row.profile else { continue }
            if let code = profile.creditCode, let current = existing[code] {
                let merged = Self.merge(profile, into: current.profile)
                if merged == current.profile && (row.riskLevel == nil || row.riskLevel == current.riskLevel) {
                    unchanged += 1
                    continue
                }
                try table.requireWritable(try DivisionCode(merged.divisionCode), by: tx.caller)
                var update = table.update(tx.sql, for: tx.caller)
                for (column, bind) in zip(Self.profileColumns, Self.profileBinds(merged)) {
                    update = update.set(SQLIdentifier(column), to: bind)
                }
                if let risk = row.riskLevel { update = update.set("risk_level", to: SQLBind(risk.rawValue)) }
                try await update.set("search_text", to: SQLBind(Self.searchText(merged))).set("updated_at", to: SQLBind(now))
                    .where("id", .equal, SQLBind.id(current.id)).run()
                try await replaceDetails(of: current.id, merged, on: tx)
                if let risk = row.riskLevel, risk != current.riskLevel {
                    try await recordRiskChange(current.id, from: current.riskLevel, to: risk, reason: "批量导入第 \(row.line) 行", on: tx)
                }
                updated.append(current.id.key)
            } else {
                try table.requireWritable(try DivisionCode(profile.divisionCode), by: tx.caller)
                let id = environment.newID()
                newRows.append((id, row, profile))
                created.append(id.key)
            }
        }
        if !newRows.isEmpty {
            var enterprises = tx.sql.insert(into: "enterprises")
                .columns(Self.profileColumns + ["id", "risk_level", "search_text", "archived_at", "created_at", "updated_at"])
            var sectors = tx.sql.insert(into: "enterprise_sectors").columns("enterprise_id", "sector")
            var licences = tx.sql.insert(into: "enterprise_licences").columns("id", "enterprise_id", "kind", "number", "expires_on")
            var risks = tx.sql.insert(into: "enterprise_risk_changes")
                .columns("id", "enterprise_id", "from_level", "to_level", "reason", "changed_by", "changed_at")
            var hasLicences = false, hasRisks = false
            for new in newRows {
                let key = new.id.key
                enterprises = enterprises.values(
                    Self.profileBinds(new.profile) + [
                        SQLBind(key), SQLBind(new.row.riskLevel?.rawValue), SQLBind(Self.searchText(new.profile)), SQLBind(String?.none),
                        SQLBind(now), SQLBind(now),
                    ])
                for sector in new.profile.sectors { sectors = sectors.values(SQLBind(key), SQLBind(sector)) }
                for licence in new.profile.licences {
                    hasLicences = true
                    licences = licences.values(
                        SQLBind.id(environment.newID()), SQLBind(key), SQLBind(licence.kind), SQLBind(licence.number),
                        SQLBind(licence.expiresOn))
                }
                if let risk = new.row.riskLevel {
                    hasRisks = true
                    risks = risks.values(
                        SQLBind.id(environment.newID()), SQLBind(key), SQLBind(String?.none), SQLBind(risk.rawValue),
                        SQLBind("批量导入第 \(new.row.line) 行"), SQLBind(tx.caller.username), SQLBind(now))
                }
            }
            try await enterprises.run()
            try await sectors.run()
            if hasLicences { try await licences.run() }
            if hasRisks { try await risks.run() }
        }
        try await tx.record(
            AuditEvent(
                action: "enterprise.import_batch", targetType: "enterprise_import", targetID: run.key,
                after: auditJSON(["created": created, "updated": updated])))
        return (created.count, updated.count, unchanged)
    }

    /// The file's values where it has them, the stored ones where it is blank.
    static func merge(_ imported: EnterpriseProfile, into current: EnterpriseProfile) -> EnterpriseProfile {
        var p = current
        p.name = imported.name
        p.divisionCode = imported.divisionCode
        p.sectors = imported.sectors
        p.legalRepresentative = imported.legalRepresentative ?? current.legalRepresentative
        p.principal = imported.principal ?? current.principal
        p.safetyOfficerName = imported.safetyOfficerName ?? current.safetyOfficerName
        p.safetyOfficerPhone = imported.safetyOfficerPhone ?? current.safetyOfficerPhone
        p.address = imported.address ?? current.address
        if imported.latitude != nil && imported.longitude != nil {
            p.latitude = imported.latitude
            p.longitude = imported.longitude
        }
        p.employees = imported.employees ?? current.employees
        p.operatingStatus = imported.operatingStatus
        return p
    }

    private func saveProgress(_ run: ImportRun) async throws {
        try await database.transaction { sql in
            try await sql.update("enterprise_imports").set("status", to: SQLBind(run.status.rawValue))
                .set("processed_rows", to: SQLBind(run.processedRows)).set("created_count", to: SQLBind(run.created))
                .set("updated_count", to: SQLBind(run.updated)).set("unchanged_count", to: SQLBind(run.unchanged))
                .set("failure", to: SQLBind(run.failure)).set("finished_at", to: SQLBind(run.finishedAt.map(Timestamp.string)))
                .where("id", .equal, SQLBind.id(run.id)).run()
        }
    }

    /// An import within the caller's jurisdiction.
    public func importRun(_ id: UUID, by caller: Caller) async throws -> ImportRun {
        try caller.require(.readBusinessData)
        let imports = ScopedTable(name: "enterprise_imports", divisionColumn: "division_code")
        guard
            let row = try await imports.select(database.reader, for: caller).column("*").where(
                "id", .equal, SQLBind.id(id)
            ).first()
        else { throw AnlanError.notFound("import.not_found", "导入记录不存在或不在您的辖区内。") }
        return ImportRun(
            id: id, fileName: try row.decode(column: "file_name", as: String.self),
            encoding: try row.decode(column: "encoding", as: String?.self),
            status: ImportRun.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed,
            totalRows: try row.decode(column: "total_rows", as: Int.self),
            processedRows: try row.decode(column: "processed_rows", as: Int.self),
            created: try row.decode(column: "created_count", as: Int.self), updated: try row.decode(column: "updated_count", as: Int.self),
            unchanged: try row.decode(column: "unchanged_count", as: Int.self),
            invalid: try row.decode(column: "invalid_count", as: Int.self),
            failure: try row.decode(column: "failure", as: String?.self),
            header: (try? JSONDecoder().decode([String].self, from: Data(try row.decode(column: "header", as: String.self).utf8))) ?? [],
            createdBy: try row.decode(column: "created_by", as: String?.self),
            createdAt: Timestamp.date(try row.decode(column: "created_at", as: String.self)) ?? Date(timeIntervalSince1970: 0),
            finishedAt: try row.decode(column: "finished_at", as: String?.self).flatMap(Timestamp.date))
    }

    /// The rejected rows of an import, in file order.
    public func importErrors(_ id: UUID, by caller: Caller) async throws -> [ImportError] {
        _ = try await importRun(id, by: caller)
        let rows = try await database.reader.select().columns("line", "cells", "problems").from("enterprise_import_errors")
            .where("import_id", .equal, SQLBind.id(id)).orderBy("line").all()
        return try rows.map { row in
            ImportError(
                line: try row.decode(column: "line", as: Int.self),
                cells: (try? JSONDecoder().decode([String].self, from: Data(try row.decode(column: "cells", as: String.self).utf8))) ?? [],
                problems: (try? JSONDecoder().decode([String].self, from: Data(try row.decode(column: "problems", as: String.self).utf8)))
                    ?? [])
        }
    }
}
