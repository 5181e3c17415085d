import AnlanCore
import Crypto
import Foundation
import SQLKit

/// One numbered schema change. Never edit a migration once merged: add the next one.
///
/// Statements are plain SQL that both engines accept, except where `postgres` gives its own variant.
public struct Migration: Sendable {
    public let number: Int
    public let name: String
    let sqlite: [String]
    let postgres: [String]

    init(number: Int, name: String, common: [String], sqlite: [String] = [], postgres: [String] = []) {
        self.number = number
        self.name = name
        self.sqlite = common + sqlite
        self.postgres = common + postgres
    }

    func statements(for engine: Engine) -> [String] {
        engine == .sqlite ? sqlite : postgres
    }

    /// SHA-256 of the statements, recorded when applied so an edited migration is caught.
    func checksum(for engine: Engine) -> String {
        let digest = SHA256.hash(data: Data(statements(for: engine).joined(separator: ";\n").utf8))
        return digest.hexString
    }

    /// Every migration, in order.
    public static let all: [Migration] = [
        .m001Foundation, .m002Enterprises, .m003HazardInstallations, .m004EnterpriseImports, .m005EnterpriseRecords, .m006Supervision,
        .m007CaseLegalBasis, .m008EnterpriseListIndexes, .m009CaseSteps, .m010OnSiteMeasures, .m011AccountApplications, .m012Resources,
        .m013ResourceDirectory, .m014EmergencyPlans, .m015Drills, .m016Command, .m017ResourceSpatialIndex,
        .m018IncidentFiguresKnown, .m019PlanActivations, .m020DispatchOrders, .m021Warnings, .m022Notifications,
        .m023DispatchSupplies, .m024UserEmail, .m025Accidents, .m026InfoOfficers, .m027Publicity, .m028Disasters, .m029Relief, .m030Sites,
        .m031ReliefSteps, .m032PublicityPhotos, .m033PasswordHistory, .m034SecondFactor, .m035StockReceipts, .m036ResourceLinks,
        .m037SiteChecks,
    ]
}

/// Applies pending migrations and reports what is applied.
public struct Migrator: Sendable {
    let database: Database
    let environment: AnlanCore.Environment

    public init(database: Database, environment: AnlanCore.Environment = .live) {
        self.database = database
        self.environment = environment
    }

    /// Applies every pending migration, each in its own transaction. Returns the numbers applied.
    @discardableResult
    public func migrate() async throws -> [Int] {
        try await database.transaction { sql in
            try await sql.raw(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    number INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)
                """
            ).run()
        }
        let applied = try await appliedChecksums()
        var done: [Int] = []
        for migration in Migration.all {
            let checksum = migration.checksum(for: database.engine)
            if let recorded = applied[migration.number] {
                guard recorded == checksum else {
                    throw AnlanError(
                        .conflict, code: "migration.edited",
                        message: "迁移 \(migration.number) 在应用后被修改过，拒绝继续。")
                }
                continue
            }
            let engine = database.engine
            let now = Timestamp.string(environment.now())
            try await database.transaction { sql in
                for statement in migration.statements(for: engine) {
                    try await sql.raw(SQLQueryString(statement)).run()
                }
                try await sql.insert(into: "schema_migrations")
                    .columns("number", "name", "checksum", "applied_at")
                    .values(SQLBind(migration.number), SQLBind(migration.name), SQLBind(checksum), SQLBind(now))
                    .run()
            }
            done.append(migration.number)
        }
        return done
    }

    /// True when every known migration is applied and none was edited.
    public func isCurrent() async throws -> Bool {
        let applied = try await appliedChecksums()
        return Migration.all.allSatisfy { applied[$0.number] == $0.checksum(for: database.engine) }
    }

    private func appliedChecksums() async throws -> [Int: String] {
        struct Row: Decodable { let number: Int; let checksum: String }
        let rows: [Row]
        do {
            rows = try await database.reader.select().columns("number", "checksum").from("schema_migrations")
                .all(decoding: Row.self)
        } catch {
            return [:]
        }
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.number, $0.checksum) })
    }
}
