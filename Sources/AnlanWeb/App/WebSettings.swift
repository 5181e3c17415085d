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

    public init(
        tileURL: String? = nil, tileAttribution: String? = nil, secureCookies: Bool = false, version: String = AnlanVersion.current,
        gatewayToken: String? = nil
    ) {
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
