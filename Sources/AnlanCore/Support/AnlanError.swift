import Foundation

/// A failure the caller can act on: a stable machine `code` and a Chinese `message` for people.
///
/// Carries no HTTP: `AnlanWeb` maps `kind` to a status code. Do not use it for programming errors or
/// infrastructure failures (a lost database connection): those are logged and shown as a generic 500.
public struct AnlanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What sort of failure this is, independent of transport.
    public enum Kind: String, Sendable {
        case badRequest, unauthenticated, forbidden, notFound, conflict, unprocessable, tooManyRequests, tooLarge
    }

    public let kind: Kind
    public let code: String
    public let message: String
    public let details: [String: String]?

    public init(_ kind: Kind, code: String, message: String, details: [String: String]? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.details = details
    }

    public var description: String { "\(code): \(message)" }

    /// A field failed validation.
    public static func invalid(_ code: String, _ message: String, field: String? = nil) -> AnlanError {
        AnlanError(.unprocessable, code: code, message: message, details: field.map { ["field": $0] })
    }

    public static func notFound(_ code: String, _ message: String) -> AnlanError {
        AnlanError(.notFound, code: code, message: message)
    }

    public static let unauthenticated = AnlanError(.unauthenticated, code: "auth.required", message: "请先登录。")
    public static let forbidden = AnlanError(.forbidden, code: "auth.forbidden", message: "您没有执行此操作的权限。")
}
