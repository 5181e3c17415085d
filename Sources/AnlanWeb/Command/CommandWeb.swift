import AnlanCore
import AnlanStore

/// Command and dispatch (应急指挥调度), first part: the 24-hour duty desk (roster, handover, reports received) and the
/// incidents it follows with their timelines.
struct CommandWeb: WebContext {
    let store: Store

    init(store: Store, settings: WebSettings) {
        self.store = store
    }

    func registerPages(_ pages: PageRoutes) {
        DutyController(store: store).registerPages(pages)
        IncidentController(store: store).registerPages(pages)
        NearbyController(store: store).registerPages(pages)
        WarningController(store: store).registerPages(pages)
    }

    func registerAPI(_ api: APIRoutes) {
        DutyController(store: store).registerAPI(api)
        IncidentController(store: store).registerAPI(api)
        NearbyController(store: store).registerAPI(api)
        WarningController(store: store).registerAPI(api)
    }

    static let schemas = CommandSchemas.all + ActivationSchemas.all + DispatchSchemas.all + WarningSchemas.all
    static let navigation = [NavigationEntry(path: "/duty", title: DutyViews.title, permission: .readBusinessData, bureauOnly: true)]
}
