import AnlanCore
import AnlanStore

/// Readiness: warehouses, the supply catalog and the stock ledger; teams, experts, equipment and shelters and their map
/// (plans and drills join this context as they are built).
struct ResourcesWeb: WebContext {
    let store: Store

    init(store: Store, settings: WebSettings) {
        self.store = store
    }

    func registerPages(_ pages: PageRoutes) {
        WarehouseController(store: store).registerPages(pages)
        StockController(store: store).registerPages(pages)
        DirectoryController(store: store).registerPages(pages)
    }

    func registerAPI(_ api: APIRoutes) {
        WarehouseController(store: store).registerAPI(api)
        StockController(store: store).registerAPI(api)
        DirectoryController(store: store).registerAPI(api)
    }

    static let schemas = ResourceSchemas.all + DirectorySchemas.all
    static let navigation = [
        NavigationEntry(path: "/resources", title: ResourcesText.resources, permission: .readBusinessData, bureauOnly: true)
    ]
}
