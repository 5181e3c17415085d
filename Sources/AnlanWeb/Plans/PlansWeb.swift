import AnlanCore
import AnlanStore

/// Emergency plans (应急预案): the county's and townships' plans and the enterprises' own, their versions, response
/// levels, evaluation cycle and filing with the bureau.
struct PlansWeb: WebContext {
    let store: Store

    init(store: Store, settings: WebSettings) {
        self.store = store
    }

    func registerPages(_ pages: PageRoutes) {
        DrillController(store: store).registerPages(pages)
        PlanController(store: store).registerPages(pages)
    }

    func registerAPI(_ api: APIRoutes) {
        DrillController(store: store).registerAPI(api)
        PlanController(store: store).registerAPI(api)
    }

    static let schemas = PlanSchemas.all + DrillSchemas.all
    // An enterprise officer keeps and files its own plans here too.
    static let navigation = [NavigationEntry(path: "/plans", title: PlanViews.title, permission: .readBusinessData)]
}
