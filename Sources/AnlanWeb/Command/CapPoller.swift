import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Logging

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Polls an upstream department's CAP address (README "Upstream CAP"): a single message, or an Atom or RSS feed whose
/// entries link to messages. Each message is received as an upload would be (checked, kept, refused ones with their
/// errors); one already kept (same sender and identifier) is not stored again, so polling the same feed is harmless.
public struct CapPoller: Sendable {
    let store: Store
    let url: URL
    let logger: Logger
    /// Upstream servers answer within 15 s or the poll is tried again next time.
    let session = URLSession.outbound(timeout: 15)

    public init(store: Store, url: URL, logger: Logger) {
        (self.store, self.url, self.logger) = (store, url, logger)
    }

    /// One poll: answers how many messages were new (valid or not).
    @discardableResult
    public func pollOnce() async throws -> Int {
        let caller = Caller.console("cap-poll")
        let (data, _) = try await session.data(from: url)
        var documents: [Data] = []
        switch CapXML.polled(data) {
        case .message: documents = [data]
        case .feed(let links):
            for link in links.prefix(100) {
                guard let address = URL(string: link, relativeTo: url) else { continue }
                documents.append(try await session.data(from: address).0)
            }
        case .unknown:
            logger.warning(
                "CAP poll: the address answered neither a CAP message nor a feed", metadata: ["url": .string(url.absoluteString)])
            return 0
        }
        var fresh = 0
        for document in documents {
            do {
                if try await store.warnings.receive(document, source: .poll, by: caller).isNew { fresh += 1 }
            } catch let error as AnlanError where error.code == "cap.invalid" {
                // Kept with its errors for inspection; said once, not at every poll.
                guard error.details?["alreadyKept"] != "true" else { continue }
                fresh += 1
                logger.warning(
                    "CAP poll: a message failed its checks and was kept", metadata: ["id": .string(error.details?["messageId"] ?? "")])
            }
        }
        return fresh
    }

    /// Polls every `interval` until cancelled; a failed poll is logged and the next one tried.
    public func run(interval: Duration) async {
        while !Task.isCancelled {
            do { try await pollOnce() } catch {
                logger.warning("CAP poll failed", metadata: ["url": .string(url.absoluteString), "error": .string("\(error)")])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
