import AnlanCore
import HummingbirdBcrypt
import NIOPosix

/// bcrypt, run on the thread pool: it is CPU-bound by design and would stall the event loop.
public struct BcryptPasswordHasher: PasswordHasher {
    /// 2^cost rounds. 12 in production; tests use the minimum, 4, for speed.
    public let cost: UInt8
    public let unknownUserHash: String

    /// Computes one hash at the given cost up front, for `unknownUserHash`.
    public init(cost: UInt8 = 12) {
        self.cost = cost
        var generator = SystemRandomNumberGenerator()
        let throwaway = (0..<16).map { _ in String(UInt8.random(in: 0...255, using: &generator), radix: 16) }.joined()
        self.unknownUserHash = Bcrypt.hash(throwaway, cost: cost)
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
