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

    static let schemas = SupervisionSchemas.all + MyWorkSchemas.all
    static let navigation = [
        NavigationEntry(path: "/supervision", title: UIText.supervision, permission: .readBusinessData),
        // The bureau's enforcement figures, one click from anywhere (not an enterprise's view).
        NavigationEntry(path: "/statistics", title: UIText.statistics, permission: .readBusinessData, bureauOnly: true),
    ]
}

extension Layout {
    /// The shared list filters' chip values, with the people a list is filtered by (执法人员, 立案人) shown by their
    /// names rather than their login names (issue 11, item 6); a value that is already a name reads as it is.
    static func listFilterValues(naming q: Query, store: Store) async throws -> [String: @Sendable (String) -> String] {
        let people = try await store.accounts.people(of: ["inspector", "openedBy"].compactMap { q.string($0) })
        let names = people.mapValues(\.name)
        var values = listFilterValues
        for key in ["inspector", "openedBy"] { values[key] = { names[$0] ?? $0 } }
        return values
    }
}
