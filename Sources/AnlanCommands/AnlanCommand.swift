import ArgumentParser

/// `anlan`: the county emergency management platform.
public struct AnlanCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "anlan",
        abstract: "安澜 Anlan: the platform of a county emergency management bureau.",
        subcommands: [
            Serve.self, Migrate.self, Demo.self, Users.self, Audit.self, Import.self, Stock.self, Resources.self, Notifications.self,
            BackupCommand.self, RestoreCommand.self,
        ],
        defaultSubcommand: Serve.self)

    public init() {}
}
