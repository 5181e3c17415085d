import AnlanCore
import AnlanStore
import AnlanWeb
import Foundation

/// A store over a fresh test database with the demo county loaded and every demo account's
/// password set to `Fixtures.password`.
public struct Fixtures: Sendable {
    public static let password = "Test-Passw0rd!"
    public static let seed: UInt64 = 7
    /// A 1×1 PNG, for uploads that must be an image (a 公示 photo, an event's photo).
    public static let png = Data(
        base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")!

    public let testDatabase: TestDatabase
    public let store: Store
    public let clock: TestEnvironment

    /// - Parameter enterprises: how many demo enterprises to load (the full demo has 600; most tests need none).
    public static func demo(enterprises: Int = 0, supervision: Bool = false) async throws -> Fixtures {
        let clock = TestEnvironment()
        let testDatabase = try await TestDatabase.make(environment: clock.environment)
        let store = Store(database: testDatabase.database, environment: clock.environment, hasher: BcryptPasswordHasher(cost: 4))
        do {
            _ = try await DemoLoader(store: store).loadIfEmpty(
                seed: seed, password: password, enterprises: enterprises, supervision: supervision)
        } catch {
            await testDatabase.close()
            throw error
        }
        return Fixtures(testDatabase: testDatabase, store: store, clock: clock)
    }

    /// Runs `body` over fresh fixtures and closes them however it ends, so a failing test reports its
    /// error instead of tripping over an open database.
    public static func with(enterprises: Int = 0, supervision: Bool = false, _ body: (Fixtures) async throws -> Void) async throws {
        let f = try await demo(enterprises: enterprises, supervision: supervision)
        do { try await body(f) } catch {
            await f.close()
            throw error
        }
        await f.close()
    }

    /// The caller a demo account acts as.
    public func caller(_ username: String) async throws -> Caller {
        guard let user = try await store.accounts.find(username: username) else { fatalError("no demo user \(username)") }
        return Caller(user: user, ip: "127.0.0.1", requestID: "test")
    }

    public func close() async {
        await testDatabase.close()
    }
}
