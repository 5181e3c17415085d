import AnlanCore
import AnlanStore

/// Geography: the divisions of the caller's jurisdiction and their boundaries.
struct GeographyWeb: WebContext {
    let store: Store

    init(store: Store, settings: WebSettings) {
        self.store = store
    }

    func registerPages(_ pages: PageRoutes) {}
    func registerAPI(_ api: APIRoutes) { GeographyAPI(store: store).register(api) }

    static let schemas = Schemas.geography
    static let navigation: [NavigationEntry] = []
}
