import AnlanCommands
import ArgumentParser

/// The executable only hands the command line to `AnlanCommands`.
@main
struct Anlan: AsyncParsableCommand {
    static let configuration = AnlanCommand.configuration
}
