import AnlanCore
import AnlanStore

/// Analytics: each role's home page (the dashboard) and the county map.
struct AnalyticsWeb: WebContext {
    let store: Store
    let settings: WebSettings

    init(store: Store, settings: WebSettings) {
        self.store = store
        self.settings = settings
    }

    func registerPages(_ pages: PageRoutes) { HomePages(store: store, settings: settings).register(pages) }
    func registerAPI(_ api: APIRoutes) {}

    static let schemas: [(String, JSONValue)] = []
    static let navigation: [NavigationEntry] = []
}
