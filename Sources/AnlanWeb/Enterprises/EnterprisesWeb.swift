import AnlanCore
import AnlanStore

/// Enterprises: the enterprise file (一企一档), its records, imports, sectors, and the rules served with them.
struct EnterprisesWeb: WebContext {
    let store: Store
    let settings: WebSettings

    init(store: Store, settings: WebSettings) {
        self.store = store
        self.settings = settings
    }

    func registerPages(_ pages: PageRoutes) {
        let enterprises = EnterprisePages(store: store, settings: settings)
        enterprises.register(pages)
        enterprises.registerRecords(pages)
    }

    func registerAPI(_ api: APIRoutes) {
        RulesAPI().register(api)
        EnterprisesAPI(store: store).register(api)
        EnterprisesAPI(store: store).registerInstallations(api)
        EnterpriseRecordsAPI(store: store).register(api)
        ImportsAPI(store: store).register(api)
    }

    static let schemas = Schemas.enterprises
    static let navigation: [NavigationEntry] = []
}
