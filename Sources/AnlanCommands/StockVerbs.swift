import AnlanStore
import ArgumentParser
import Foundation

/// `anlan stock verify`: re-derives every batch and balance from the slips' lines and compares them with the
/// maintained tables; exits 1 listing each difference.
struct Stock: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Stock ledger tools.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-derive every stock balance from the ledger; exits 1 listing each balance that differs.")
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let settings = try Settings.resolve(storage)
            let logger = LogSetup.bootstrap(level: settings.logLevel)
            let differences = try await settings.withStore(logger: logger, migrate: false) { store in try await store.stock.verify() }
            guard differences.isEmpty else {
                for line in differences { say(line) }
                say("Stock ledger: \(differences.count) balance(s) differ from the slips.")
                throw ExitCode(1)
            }
            say("Stock ledger: every batch and balance equals the sum of its slips.")
        }
    }
}
