import AnlanCore
import AnlanStore

/// Command and dispatch (应急指挥调度), first part: the 24-hour duty desk (roster, handover, reports received) and the
/// incidents it follows with their timelines.
struct CommandWeb: WebContext {
    let store: Store
    let settings: WebSettings

    init(store: Store, settings: WebSettings) {
        self.store = store
        self.settings = settings
    }

    func registerPages(_ pages: PageRoutes) {
        DutyController(store: store).registerPages(pages)
        IncidentController(store: store).registerPages(pages)
        NearbyController(store: store).registerPages(pages)
        WarningController(store: store).registerPages(pages)
        NotificationController(store: store, settings: settings).registerPages(pages)
        BoardController(store: store, settings: settings).registerPages(pages)
    }

    func registerAPI(_ api: APIRoutes) {
        DutyController(store: store).registerAPI(api)
        IncidentController(store: store).registerAPI(api)
        NearbyController(store: store).registerAPI(api)
        WarningController(store: store).registerAPI(api)
        NotificationController(store: store, settings: settings).registerAPI(api)
        BoardController(store: store, settings: settings).registerAPI(api)
    }

    static let schemas =
        CommandSchemas.all + ActivationSchemas.all + DispatchSchemas.all + WarningSchemas.all + NotificationSchemas.all + BoardSchemas.all
    static let navigation = [
        NavigationEntry(path: "/duty", title: DutyViews.title, permission: .readBusinessData, bureauOnly: true),
        NavigationEntry(path: "/board", title: BoardViews.title, permission: .readBusinessData, bureauOnly: true),
        NavigationEntry(
            path: "/inbox", title: NotificationViews.inboxTitle, permission: .readBusinessData, bureauOnly: true, forInfoOfficers: true),
    ]
}
