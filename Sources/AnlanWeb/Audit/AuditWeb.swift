import AnlanCore
import AnlanStore

/// Audit: the hash-chained audit log, read only by the audit administrator (审计管理员).
struct AuditWeb: WebContext {
    let store: Store

    init(store: Store, settings: WebSettings) {
        self.store = store
    }

    func registerPages(_ pages: PageRoutes) { AuditPages(store: store).register(pages) }
    func registerAPI(_ api: APIRoutes) { AuditAPI(store: store).register(api) }

    static let schemas = Schemas.audit
    static let navigation: [NavigationEntry] = []
}
