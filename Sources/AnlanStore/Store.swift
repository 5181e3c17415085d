import AnlanCore
import Foundation
import SQLKit

/// Everything the web layer and the commands need from storage, built once at start-up.
public struct Store: Sendable {
    public let database: Database
    public let environment: AnlanCore.Environment
    public let audit: AuditLog
    public let divisions: DivisionRepository
    public let settings: SettingsRepository
    public let accounts: AccountService
    public let enterprises: EnterpriseRepository
    public let installations: InstallationRepository
    public let records: EnterpriseRecordsRepository
    public let catalogs: SupervisionCatalogs
    public let inspections: InspectionRepository
    public let documents: DocumentRepository
    public let draws: DrawRepository
    public let campaigns: CampaignRepository
    public let statistics: StatisticsRepository
    public let plans: PlanRepository
    public let warehouses: WarehouseRepository
    public let stock: StockRepository
    public let directory: ResourceDirectory
    public let emergencyPlans: EmergencyPlanRepository
    public let incidents: IncidentRepository
    public let accidents: AccidentRepository
    public let infoOfficers: InfoOfficerRepository
    public let disasters: DisasterRepository
    public let relief: ReliefRepository
    public let sites: SiteRepository
    public let siteChecks: SiteCheckRepository
    public let publicity: PublicityRepository
    public let duty: DutyRepository
    public let warnings: WarningRepository
    public let notifications: NotificationRepository
    public let files: FileStore
    let hasher: any PasswordHasher

    public init(database: Database, environment: AnlanCore.Environment = .live, hasher: any PasswordHasher, files: FileStore = .temporary())
    {
        self.database = database
        self.files = files
        self.hasher = hasher
        self.environment = environment
        self.audit = AuditLog(database: database)
        self.divisions = DivisionRepository(database: database)
        self.settings = SettingsRepository(database: database)
        self.accounts = AccountService(
            database: database, environment: environment, audit: audit, settings: settings,
            divisions: divisions, hasher: hasher)
        self.enterprises = EnterpriseRepository(
            database: database, environment: environment, audit: audit, divisions: divisions, settings: settings)
        self.installations = InstallationRepository(database: database, environment: environment, audit: audit, enterprises: enterprises)
        self.records = EnterpriseRecordsRepository(
            database: database, environment: environment, audit: audit, enterprises: enterprises, files: files)
        self.catalogs = SupervisionCatalogs(database: database, environment: environment, audit: audit, divisions: divisions)
        self.inspections = InspectionRepository(
            database: database, environment: environment, audit: audit, enterprises: enterprises, accounts: accounts, catalogs: catalogs)
        self.documents = DocumentRepository(
            database: database, environment: environment, audit: audit, enterprises: enterprises, inspections: inspections,
            accounts: accounts,
            catalogs: catalogs)
        self.draws = DrawRepository(
            database: database, environment: environment, audit: audit, enterprises: enterprises, accounts: accounts, catalogs: catalogs,
            inspections: inspections)
        self.plans = PlanRepository(
            database: database, environment: environment, audit: audit, enterprises: enterprises, inspections: inspections,
            catalogs: catalogs)
        self.statistics = StatisticsRepository(database: database, environment: environment, inspections: inspections, documents: documents)
        self.campaigns = CampaignRepository(database: database, environment: environment, audit: audit, divisions: divisions)
        self.warehouses = WarehouseRepository(database: database, environment: environment, audit: audit, divisions: divisions)
        self.stock = StockRepository(database: database, environment: environment, audit: audit, warehouses: warehouses)
        self.directory = ResourceDirectory(database: database, environment: environment, audit: audit, divisions: divisions)
        self.emergencyPlans = EmergencyPlanRepository(
            database: database, environment: environment, audit: audit, divisions: divisions, enterprises: enterprises, catalogs: catalogs,
            files: files)
        self.publicity = PublicityRepository(
            database: database, environment: environment, audit: audit, divisions: divisions, files: files)
        self.infoOfficers = InfoOfficerRepository(
            database: database, environment: environment, audit: audit, divisions: divisions, catalogs: catalogs, accounts: accounts)
        self.notifications = NotificationRepository(database: database, environment: environment, audit: audit)
        self.disasters = DisasterRepository(
            database: database, environment: environment, audit: audit, divisions: divisions, catalogs: catalogs,
            notifications: notifications)
        self.sites = SiteRepository(database: database, environment: environment, audit: audit, divisions: divisions)
        self.siteChecks = SiteCheckRepository(
            database: database, environment: environment, audit: audit, catalogs: catalogs, inspections: inspections, sites: sites)
        self.relief = ReliefRepository(database: database, environment: environment, audit: audit, divisions: divisions, files: files)
        self.accidents = AccidentRepository(
            database: database, environment: environment, audit: audit, divisions: divisions, enterprises: enterprises, catalogs: catalogs)
        self.incidents = IncidentRepository(
            database: database, environment: environment, audit: audit, divisions: divisions, enterprises: enterprises, accounts: accounts,
            plans: emergencyPlans, warehouses: warehouses)
        self.duty = DutyRepository(database: database, environment: environment, audit: audit, divisions: divisions, incidents: incidents)
        self.warnings = WarningRepository(
            database: database, environment: environment, audit: audit, divisions: divisions, incidents: incidents, catalogs: catalogs,
            notifications: notifications)
    }

    /// Runs `body` in one transaction; whatever it records with `Transaction.record` is stored with it.
    public func write<T: Sendable>(by caller: Caller, _ body: @Sendable (Transaction) async throws -> T) async throws -> T {
        try await database.write(by: caller, at: environment.now(), audit: audit, body)
    }
}

/// One write transaction, with who is writing and when.
public struct Transaction: Sendable {
    public let sql: any SQLDatabase
    public let caller: Caller
    public let now: Date
    let audit: AuditLog
    /// The kinds of record written, announced by `Database.write` once the transaction commits.
    let touched: Touched

    /// Appends an audit record in this transaction; its object type is announced as changed once the write commits.
    public func record(_ event: AuditEvent) async throws {
        try await audit.append(event, by: caller, at: now, on: sql)
        touched.insert(event.targetType)
    }

    /// Makes the transactions that name the same `key` run this point one after another, so that a read-then-write
    /// decision taken after it (is this client ID stored? which version comes next?) sees what the other one wrote.
    /// SQLite's writer runs one transaction at a time already; on PostgreSQL this takes a transaction-scoped advisory
    /// lock, held until commit or rollback.
    public func serialize(on key: String) async throws {
        guard sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock(hashtextextended(\(bind: key), 0))").run()
    }
}

extension Database {
    /// One write transaction as `caller` at `now`: the one way repositories write, so every change can
    /// append its audit record in the same transaction.
    func write<T: Sendable>(by caller: Caller, at now: Date, audit: AuditLog, _ body: @Sendable (Transaction) async throws -> T)
        async throws -> T
    {
        let touched = Touched()
        let result = try await transaction { sql in
            try await body(Transaction(sql: sql, caller: caller, now: now, audit: audit, touched: touched))
        }
        await announce(touched.all)
        return result
    }
}

/// JSON text of a value for audit before/after fields: sorted keys, so equal values give equal text.
func auditJSON<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
}
