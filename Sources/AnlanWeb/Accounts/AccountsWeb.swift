import AnlanCore
import AnlanStore

/// Accounts: sign-in sessions, one's own password, business accounts (系统管理员) and the security policy (安全管理员).
struct AccountsWeb: WebContext {
    let store: Store
    let settings: WebSettings

    init(store: Store, settings: WebSettings) {
        self.store = store
        self.settings = settings
    }

    func registerPages(_ pages: PageRoutes) {
        SessionPages(store: store, settings: settings).registerProtected(pages)
        AccountPages(store: store).register(pages)
        SecurityPolicyPages(store: store).register(pages)
        ApplicationPages(store: store, settings: settings).registerAdmin(pages)
    }

    func registerAPI(_ api: APIRoutes) {
        AccountsAPI(store: store).register(api)
        SecurityPolicyAPI(store: store).register(api)
        ApplicationsAPI(store: store).register(api)
    }

    static let schemas =
        Schemas.accounts + [
            ("AccountApplication", ApplicationsAPI.schema), ("AccountApplicationPage", Schemas.page(of: "AccountApplication")),
        ]
    static let navigation: [NavigationEntry] = []
}
