import AnlanCore
import AnlanStore

/// Supervision and enforcement: plans, draws, inspections, hazards, documents, cases, campaigns and statistics.
struct SupervisionWeb: WebContext {
    let store: Store

    init(store: Store, settings: WebSettings) {
        self.store = store
    }

    func registerPages(_ pages: PageRoutes) {
        let supervision = SupervisionPages(store: store)
        supervision.register(pages)
        supervision.registerDocuments(pages)
        supervision.registerDraws(pages)
        supervision.registerPlans(pages)
        supervision.registerCalendar(pages)
        supervision.registerChecklistEditor(pages)
        supervision.registerSettings(pages)
        HazardController(store: store).registerPages(pages)
    }

    func registerAPI(_ api: APIRoutes) {
        SupervisionAPI(store: store).register(api)
        HazardController(store: store).registerAPI(api)
    }

    static let schemas = SupervisionSchemas.all
    static let navigation = [
        NavigationEntry(path: "/supervision", title: UIText.supervision, permission: .readBusinessData),
        // The bureau's enforcement figures, one click from anywhere (not an enterprise's view).
        NavigationEntry(path: "/statistics", title: UIText.statistics, permission: .readBusinessData, bureauOnly: true),
    ]
}
