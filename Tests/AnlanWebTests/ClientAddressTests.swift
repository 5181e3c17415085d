import Testing

@testable import AnlanWeb

@Suite("Client address behind proxies")
struct ClientAddressTests {
    let middleware = ClientAddressMiddleware(trustedProxies: ["10.0.0.5", "10.0.0.6"], tls: false)

    @Test("a trusted proxy's forwarded address and scheme are believed; anyone else's headers are ignored")
    func forwarded() {
        #expect(middleware.client(peer: "10.0.0.5", forwardedFor: ["203.0.113.9"], forwardedProto: "https") == ("203.0.113.9", true))
        // Two proxies in a row: the right-most address that is not a proxy is the client; what the client wrote before it is not.
        #expect(
            middleware.client(peer: "10.0.0.5", forwardedFor: ["1.2.3.4, 203.0.113.9", "10.0.0.6"], forwardedProto: nil)
                == ("203.0.113.9", false))
        #expect(middleware.client(peer: "198.51.100.7", forwardedFor: ["1.2.3.4"], forwardedProto: "https") == ("198.51.100.7", false))
        #expect(middleware.client(peer: "10.0.0.5", forwardedFor: [], forwardedProto: nil) == ("10.0.0.5", false))
        let tls = ClientAddressMiddleware(trustedProxies: [], tls: true)
        #expect(tls.client(peer: "198.51.100.7", forwardedFor: ["1.2.3.4"], forwardedProto: nil) == ("198.51.100.7", true))
    }
}
