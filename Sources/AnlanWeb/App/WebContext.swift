import AnlanCore
import AnlanStore
import Hummingbird

/// One bounded context's face on the web: its signed-in pages, its API operations and the API schemas those
/// operations refer to. The application is assembled from `WebContexts.all` and nothing else, so adding a context
/// is one type and one line there; `RegistryTests` fail when a context type is left out of the list, when a schema
/// an operation refers to is missing, or when a context serves nothing.
protocol WebContext: Sendable {
    init(store: Store, settings: WebSettings)
    /// The pages of the signed-in user, each with its declared access.
    func registerPages(_ pages: PageRoutes)
    /// The API operations, each with its declared access and OpenAPI description.
    func registerAPI(_ api: APIRoutes)
    /// Component schemas the context's operations refer to (`Schemas.ref`).
    static var schemas: [(String, JSONValue)] { get }
    /// The context's entries in the navigation bar, if any (a menu item appears only when its module works).
    static var navigation: [NavigationEntry] { get }
}

/// A navigation bar link.
struct NavigationEntry: Sendable {
    let path: String
    let title: String
    /// What a role needs for the entry to appear (the page's own declared access).
    let permission: Permission
    /// The bureau's own work, not shown to enterprise officers.
    var bureauOnly = false
    /// Shown to a village's 灾害信息员 too: their menu holds only the disaster work they do, not the bureau's modules.
    var forInfoOfficers = false

    func isShown(to role: Role?) -> Bool {
        guard let role, role.can(permission) else { return false }
        if role == .infoOfficer { return forInfoOfficers }
        return !(bureauOnly && role == .enterpriseOfficer)
    }
}

enum WebContexts {
    /// Every context the web serves, in navigation order.
    static let all: [any WebContext.Type] = [
        AccountsWeb.self, AuditWeb.self, GeographyWeb.self, AnalyticsWeb.self, EnterprisesWeb.self, SupervisionWeb.self, ResourcesWeb.self,
        PlansWeb.self, CommandWeb.self, AccidentsWeb.self, DisastersWeb.self,
    ]
}
