import AnlanCore
import AnlanStore
import AnlanTesting
@testable import AnlanWeb
import Foundation
import Hummingbird
import Testing

/// The lists a new context must join. Forgetting one fails here (or, for a `WebContext`'s faces, in the compiler).
@Suite("Registries: a new context cannot be half wired")
struct RegistryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Swift files below a folder of the package, with their text.
    static func sources(_ folder: String) throws -> [(String, String)] {
        let base = root.appendingPathComponent(folder)
        let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return try files.filter { $0.pathExtension == "swift" }.map { ($0.lastPathComponent, try String(contentsOf: $0, encoding: .utf8)) }
    }

    @Test("every WebContext type in the sources is in WebContexts.all, once")
    func everyContextListed() throws {
        var declared: [String] = []
        for (_, text) in try Self.sources("Sources/AnlanWeb") {
            declared += text.matches(of: #/struct (\w+): WebContext\b/#).map { String($0.1) }
        }
        let listed = WebContexts.all.map { String(describing: $0) }
        #expect(declared.count >= 6)
        #expect(Set(declared) == Set(listed), "declared \(declared.sorted()), listed \(listed.sorted())")
        #expect(Set(listed).count == listed.count)
    }

    @Test("every context serves something, and every schema an operation refers to is declared by a context")
    func contextsServeAndSchemasResolve() async throws {
        try await Fixtures.with { fixtures in
            let app = AnlanApplication(store: fixtures.store, settings: WebSettings(), logger: .init(label: "t"))
            let text = String(decoding: try JSONEncoder().encode(app.openAPIDocument), as: UTF8.self)
            let refs = Set(text.matches(of: #/#/components/schemas/(\w+)/#).map { String($0.1) })
            let declared = (Schemas.all + WebContexts.all.flatMap { $0.schemas }).map(\.0)
            #expect(Set(declared).count == declared.count, "a schema is declared twice")
            #expect(refs.subtracting(declared).isEmpty, "missing schemas: \(refs.subtracting(declared).sorted())")
            for context in WebContexts.all {
                let pages = PageRoutes(group: Router(context: AppContext.self).group().group(context: UserContext.self))
                let api = APIRoutes(group: Router(context: AppContext.self).group("/api/v1"))
                let instance = context.init(store: fixtures.store, settings: WebSettings())
                instance.registerPages(pages)
                instance.registerAPI(api)
                #expect(!pages.entries.isEmpty || !api.operations.isEmpty, "\(context) serves nothing")
            }
        }
    }

    @Test("every migration file is in Migration.all, numbered in order without gaps")
    func everyMigrationListed() throws {
        let files = try Self.sources("Sources/AnlanStore/Migrations").compactMap { name, _ in
            name.firstMatch(of: #/^M(\d{3})\w*\.swift$/#).map { Int($0.1)! }
        }
        let listed = Migration.all.map(\.number)
        #expect(files.sorted() == listed, "files \(files.sorted()), listed \(listed)")
        #expect(listed == Array(1...listed.count))
    }

    @Test("every permission is held by some role, and no administrator holds a business permission")
    func everyPermissionHeld() {
        for permission in Permission.allCases {
            #expect(Role.allCases.contains { $0.can(permission) }, "nobody holds \(permission)")
        }
        let administrative: Set<Permission> = [.manageAccounts, .managePolicies, .readAudit]
        for role in Role.allCases where role.isAdministrator {
            #expect(role.permissions.isSubset(of: administrative))
        }
    }
}

@Suite("Limits are written once: the document states the Core constants")
struct LimitTests {
    /// The maxLength a component schema gives one of its properties.
    static func maxLength(_ document: JSONValue, schema: String, property: String) -> Double? {
        guard case .object(let root) = document, case .object(let components)? = root.first(where: { $0.0 == "components" })?.1,
            case .object(let schemas)? = components.first(where: { $0.0 == "schemas" })?.1,
            case .object(let fields)? = schemas.first(where: { $0.0 == schema })?.1,
            case .object(let properties)? = fields.first(where: { $0.0 == "properties" })?.1,
            case .object(let field)? = properties.first(where: { $0.0 == property })?.1,
            case .number(let limit)? = field.first(where: { $0.0 == "maxLength" })?.1
        else { return nil }
        return limit
    }

    @Test("the inspection summary, a hazard move's note and a document's measures say the limits their Core types enforce")
    func limits() async throws {
        try await Fixtures.with { fixtures in
            let document = AnlanApplication(store: fixtures.store, settings: WebSettings(), logger: .init(label: "t")).openAPIDocument
            #expect(Self.maxLength(document, schema: "InspectionRequest", property: "summary") == Double(InspectionDraft.summaryLimit))
            #expect(Self.maxLength(document, schema: "HazardEventRequest", property: "note") == Double(HazardMove.noteLimit))
            #expect(Self.maxLength(document, schema: "DocumentRequest", property: "measures") == Double(DocumentOrder.measuresLimit))
        }
    }
}
