/// Settings of the web layer, from the command line, environment or config file.
public struct WebSettings: Sendable {
    /// A map tile URL template such as a 天地图 one; nil shows boundaries without a base map.
    public var tileURL: String?
    public var tileAttribution: String?
    /// Mark cookies Secure even when the request does not say it came over TLS.
    public var secureCookies: Bool
    public var version: String
    /// The secret the SMS and voice gateway sends with its receipts; nil refuses every receipt.
    public var gatewayToken: String?
    /// With it, /metrics answers whoever sends `Authorization: Bearer <token>`; without it, only the loopback address.
    public var metricsToken: String?
    /// The server speaks TLS itself (`serve --tls-cert/--tls-key`): every request is secure.
    public var tls: Bool
    /// Addresses of reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed; from anyone else those
    /// headers are ignored (a client could write them).
    public var trustedProxies: Set<String>

    public init(
        tileURL: String? = nil, tileAttribution: String? = nil, secureCookies: Bool = false, version: String = AnlanVersion.current,
        gatewayToken: String? = nil, metricsToken: String? = nil, tls: Bool = false, trustedProxies: Set<String> = []
    ) {
        self.metricsToken = metricsToken
        self.tls = tls
        self.trustedProxies = trustedProxies
        self.tileURL = tileURL
        self.tileAttribution = tileAttribution
        self.secureCookies = secureCookies
        self.version = version
        self.gatewayToken = gatewayToken
    }
}

public enum AnlanVersion {
    public static let current = "0.1.0"
}
