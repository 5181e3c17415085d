import AnlanCore
import AnlanStore

/// Analytics: each role's home page (the dashboard), the county map, and the year's work in figures (年度工作数据).
struct AnalyticsWeb: WebContext {
    let store: Store
    let settings: WebSettings

    init(store: Store, settings: WebSettings) {
        self.store = store
        self.settings = settings
    }

    func registerPages(_ pages: PageRoutes) {
        HomePages(store: store, settings: settings).register(pages)
        AnnualReportController(store: store).registerPages(pages)
    }

    func registerAPI(_ api: APIRoutes) { AnnualReportController(store: store).registerAPI(api) }

    static let schemas: [(String, JSONValue)] = AnnualReportSchemas.all
    static let navigation: [NavigationEntry] = []
}
