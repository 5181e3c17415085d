import AnlanCore
import AnlanStore
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension URLSession {
    /// A session for the calls anlan makes out (the gateway, upstream CAP): no cookies or cache kept, a timeout per
    /// request, and at most `connections` at once to one host.
    static func outbound(timeout: TimeInterval, connections: Int = 4) -> URLSession {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.httpMaximumConnectionsPerHost = connections
        return URLSession(configuration: configuration)
    }
}

/// The SMS and voice gateway reached over HTTP (README "Notifications"): a batch is POSTed as JSON
/// `{"callback", "messages": [{"id", "channel", "to", "text"}]}` with the shared token in `X-Gateway-Token`; the gateway
/// answers `{"results": [{"id", "status": "accepted" | "retry" | "rejected", "gatewayId", "reason"}]}` and later POSTs
/// receipts to `callback`. Anything but a 200 with that body, or no answer within the timeout, is a retry for the whole
/// batch: a gateway that is down loses nothing.
public struct HTTPNotificationGateway: NotificationGateway {
    let url: URL
    let token: String
    let callback: String
    let session: URLSession

    public init(url: URL, token: String, callback: String, timeout: TimeInterval = 15) {
        self.url = url
        self.token = token
        self.callback = callback
        self.session = .outbound(timeout: timeout, connections: 8)
    }

    struct Batch: Encodable {
        let callback: String
        let messages: [GatewayMessage]
    }

    struct Answer: Decodable {
        struct Result: Decodable {
            let id: String
            let status: String
            let gatewayId: String?
            let reason: String?
        }
        let results: [Result]
    }

    public func send(_ batch: [GatewayMessage]) async -> [String: GatewayOutcome] {
        func all(_ outcome: GatewayOutcome) -> [String: GatewayOutcome] {
            Dictionary(uniqueKeysWithValues: batch.map { ($0.id, outcome) })
        }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(token, forHTTPHeaderField: "X-Gateway-Token")
        do {
            request.httpBody = try JSONEncoder().encode(Batch(callback: callback, messages: batch))
            let (data, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse, http.statusCode == 200 else {
                return all(.retry(reason: "网关答复 HTTP \((response as? HTTPURLResponse)?.statusCode ?? 0)"))
            }
            let answer = try JSONDecoder().decode(Answer.self, from: data)
            var out: [String: GatewayOutcome] = [:]
            for r in answer.results {
                switch r.status {
                case "accepted": out[r.id] = .accepted(gatewayID: r.gatewayId ?? r.id)
                case "rejected": out[r.id] = .rejected(reason: r.reason ?? "网关拒收")
                default: out[r.id] = .retry(reason: r.reason ?? "网关暂不可用")
                }
            }
            return out
        } catch {
            return all(.retry(reason: "网关不可达：\(error.localizedDescription)"))
        }
    }
}
