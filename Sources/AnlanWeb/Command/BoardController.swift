import AnlanCore
import AnlanStore
import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import Logging

/// The situation board (一张图): one map of incidents and their orders, warnings' areas, resources by state,
/// warehouses, shelters and enterprises by risk, with the key figures beside it. It is kept live over a WebSocket
/// (`/board/live`): every committed change is announced by its kind, on this node directly and from other nodes by
/// PostgreSQL NOTIFY, and the page re-reads what it shows.
struct BoardController {
    let store: Store
    let settings: WebSettings

    var now: Date { store.environment.now() }

    func registerPages(_ pages: PageRoutes) {
        pages.get("/board", .permission(.readBusinessData), use: boardPage)
        pages.get("/board/hazards.geojson", .permission(.readBusinessData), use: hazardsLayer)
    }

    func registerAPI(_ api: APIRoutes) {
        api.add(BoardOperations.snapshot, snapshotAPI)
    }

    @Sendable func boardPage(_ request: Request, context: UserContext) async throws -> Response {
        let body: HTML = """
            <div class="board" id="board" data-testid="board">
              <div class="board-bar d-flex flex-wrap align-items-center gap-2 mb-2">
                <h1 class="h5 mb-0 me-auto">\(BoardViews.title)</h1>
                <span class="small" data-role="live" data-testid="board-live">连接中…</span>
                <button class="btn btn-sm btn-outline-secondary" type="button" data-role="full" data-testid="board-full">全屏</button>
              </div>
              <div class="row g-2">
                <div class="col-lg-9"><div id="board-map" class="board-map" data-tile-url="\(settings.tileURL ?? "")"
                     data-tile-attribution="\(settings.tileAttribution ?? "")"></div></div>
                <div class="col-lg-3 board-side" data-role="side" data-testid="board-side"></div>
              </div>
            </div>
            """
        return Layout.page(
            title: BoardViews.title, context: context, active: "/board", body: body,
            head: "<link rel=\"stylesheet\" href=\"/static/vendor/leaflet/leaflet.css\">",
            scripts: "<script src=\"/static/vendor/leaflet/leaflet.min.js\"></script><script src=\"/static/js/board.js\"></script>"
        ).response()
    }

    /// What the board shows besides the layers read from the map routes: incidents with their orders, warnings in force
    /// and the figures.
    @Sendable func snapshotAPI(_ request: Request, context: UserContext) async throws -> Response {
        let caller = context.caller
        let open = try await store.incidents.list(.init(openOnly: true), page: try PageRequest(pageSize: 100), by: caller)
        var incidents: [BoardDTO.IncidentDTO] = []
        var activeOrders = 0
        for incident in open.items {
            let orders = try await store.incidents.orders(of: incident.id, by: caller).filter(\.state.isActive)
            activeOrders += orders.count
            let latest = try await store.incidents.latestEvent(incident.id, by: caller)
            incidents.append(
                .init(
                    id: incident.id.key, number: incident.number, title: incident.title, state: incident.state.label,
                    level: incident.level?.label, latitude: incident.location?.latitude, longitude: incident.location?.longitude,
                    activeOrders: orders.map { "\($0.recipient)：\($0.state.label)" },
                    latest: latest.map { "\(Moment.minutes($0.at)) \($0.text)" }))
        }
        let warnings = try await store.warnings.list(.init(inForceOnly: true), page: try PageRequest(pageSize: 100), by: caller)
        let upstream = try await store.warnings.upstream(.init(inForceOnly: true), page: try PageRequest(pageSize: 1), by: caller)
        let located = try await store.directory.located(by: caller)
        let teams = located.filter { $0.kind == .team }
        let shelters = located.filter { $0.kind == .shelter }
        let hazards = store.inspections
        let one = try PageRequest(pageSize: 1)
        let figures = BoardDTO.Figures(
            openIncidents: open.total, activeOrders: activeOrders, warningsInForce: warnings.total,

            upstreamWarningsInForce: upstream.total,
            teamsCallable: try await store.directory.list(
                .init(kind: .team, callable: true), page: try PageRequest(pageSize: 1), by: caller
            )
            .total,
            teamsOnTask: teams.filter { $0.state == DispatchState.busyState(for: .team) }.count,
            shelterPlaces: shelters.compactMap(\.capacity).reduce(0, +), shelterOccupied: shelters.compactMap(\.occupancy).reduce(0, +),
            openHazards: try await hazards.hazards(.init(open: true), page: one, by: caller).total,
            overdueHazards: try await hazards.hazards(.init(overdue: true), page: one, by: caller).total,
            majorHazardEnterprises: try await store.enterprises.list(.init(majorHazard: true), page: one, by: caller).total)
        return try JSONResponse.make(
            BoardDTO(
                at: now, figures: figures, incidents: incidents,
                warnings: warnings.items.map {
                    .init(
                        id: $0.id.key, title: $0.title, level: $0.level.rawValue, headline: $0.headline, divisionCodes: $0.divisionCodes,
                        polygon: $0.polygon?.map { [$0.latitude, $0.longitude] })
                }))
    }
}

extension BoardController {
    /// The supervision layer: per located enterprise, its open and overdue hazards and its major hazard installations,
    /// each linked to the ledger that lists them.
    @Sendable func hazardsLayer(_ request: Request, context: UserContext) async throws -> Response {
        let features: [JSONValue] = try await store.inspections.hazardSpots(by: context.caller).map { s in
            [
                "type": "Feature", "geometry": ["type": "Point", "coordinates": [.number(s.longitude), .number(s.latitude)]],
                "properties": [
                    "id": .string(s.enterpriseID.key), "name": .string(s.name), "url": .string("/enterprises/\(s.enterpriseID.key)"),
                    "hazardsUrl": .string("/hazards?open=true&enterpriseId=\(s.enterpriseID.key)"),
                    "openHazards": .number(Double(s.openHazards)), "overdueHazards": .number(Double(s.overdueHazards)),
                    "majorHazards": .number(Double(s.majorHazards)), "majorInstallations": .number(Double(s.majorInstallations)),
                    "topGrade": s.topGrade.map { .string(UIText.hazardGradeName($0)) } ?? .null,
                ],
            ]
        }
        let collection: JSONValue = ["type": "FeatureCollection", "features": .array(features)]
        return try JSONResponse.make(collection)
    }
}

enum BoardViews {
    static let title = "应急一张图"
}

enum BoardOperations {
    static let snapshot = APIOperation(
        method: .get, path: "board", operationID: "situationBoard",
        summary: "一张图：处置中的事件及其在执行的指令、生效中的预警区域和关键数字（图层点位另见 /map、/resources、/enterprises 的 GeoJSON）", tag: "值班值守",
        access: .permission(.readBusinessData), responses: [(200, "一张图", Schemas.ref("Board"))])
}

struct BoardDTO: Encodable, Sendable {
    struct Figures: Encodable, Sendable {
        let openIncidents, activeOrders, warningsInForce, upstreamWarningsInForce, teamsCallable, teamsOnTask: Int
        let shelterPlaces, shelterOccupied: Int
        let openHazards, overdueHazards, majorHazardEnterprises: Int
    }
    struct IncidentDTO: Encodable, Sendable {
        let id, number, title, state: String
        let level: String?
        let latitude, longitude: Double?
        let activeOrders: [String]
        let latest: String?
    }
    struct WarningDTO: Encodable, Sendable {
        let id, title, level, headline: String
        let divisionCodes: [String]
        let polygon: [[Double]]?
    }
    let at: Date
    let figures: Figures
    let incidents: [IncidentDTO]
    let warnings: [WarningDTO]
}

enum BoardSchemas {
    typealias S = SupervisionSchemas
    static let all: [(String, JSONValue)] = [
        (
            "Board",
            S.object(
                ["at", "figures", "incidents", "warnings"],
                [
                    "at": Schemas.timestamp,
                    "figures": S.object(
                        [
                            "openIncidents", "activeOrders", "warningsInForce", "upstreamWarningsInForce", "teamsCallable", "teamsOnTask",
                            "shelterPlaces", "shelterOccupied", "openHazards", "overdueHazards", "majorHazardEnterprises",
                        ],
                        [
                            "openIncidents": S.integer, "activeOrders": S.integer, "warningsInForce": S.integer,
                            "upstreamWarningsInForce": S.integer, "teamsCallable": S.integer, "teamsOnTask": S.integer,
                            "shelterPlaces": S.integer, "shelterOccupied": S.integer, "openHazards": S.integer, "overdueHazards": S.integer,
                            "majorHazardEnterprises": S.integer,
                        ]),
                    "incidents": [
                        "type": "array",
                        "items": S.object(
                            ["id", "number", "title", "state", "activeOrders"],
                            [
                                "id": S.uuid, "number": S.string, "title": S.string, "state": S.string, "level": S.string,
                                "latitude": ["type": "number"], "longitude": ["type": "number"], "activeOrders": S.stringArray,
                                "latest": S.string,
                            ]),
                    ],
                    "warnings": [
                        "type": "array",
                        "items": S.object(
                            ["id", "title", "level", "headline", "divisionCodes"],
                            [
                                "id": S.uuid, "title": S.string, "level": S.string, "headline": S.string, "divisionCodes": S.stringArray,
                                "polygon": ["type": "array", "items": ["type": "array", "items": ["type": "number"]]],
                            ]),
                    ],
                ])
        )
    ]
}

/// The live WebSockets, for a signed-in session (its cookie) from a page of this site (its `Origin`):
/// - `/board/live` (business roles): each committed change is sent as `{"changed": [kinds]}`;
/// - `/inbox/live` (anyone signed in): the number of in-app messages not yet acknowledged, `{"unread": n}`, sent on
///   connecting and again whenever it changes (messages arriving, or acknowledged on another page).
/// Other paths, and requests without such a session, are not upgraded and go on to the ordinary routes.
public enum BoardLive {
    public static let path = "/board/live"
    public static let inboxPath = "/inbox/live"

    public static func shouldUpgrade(store: Store)
        -> @Sendable (HTTPRequest, any Channel, Logger) async throws -> ShouldUpgradeResult<
            WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>
        >
    {
        { request, _, _ in
            // A page of another site may not open a socket with the visitor's session (cross-site WebSocket hijacking):
            // when the browser names the page's origin, it must be this host.
            if let origin = request.headerFields[.origin], let host = request.authority {
                guard let parsed = URL(string: origin), let originHost = parsed.host,
                    originHost + (parsed.port.map { ":\($0)" } ?? "") == host
                else { return .dontUpgrade }
            }
            guard request.path == path || request.path == inboxPath, let cookies = request.headerFields[.cookie],
                let value = cookies.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) })
                    .first(where: { $0.hasPrefix(SessionCookie.name + "=") })?.dropFirst(SessionCookie.name.count + 1),
                let session = try await store.accounts.session(cookieValue: String(value))
            else { return .dontUpgrade }
            if request.path == inboxPath { return .upgrade([:], inbox(store: store, username: session.user.username)) }
            guard session.user.role.can(.readBusinessData), session.user.role != .enterpriseOfficer else { return .dontUpgrade }
            return .upgrade([:]) { inbound, outbound, _ in
                let changes = store.database.changes.subscribe()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await _ in inbound {}  // until the board goes away
                    }
                    group.addTask {
                        try await outbound.write(.text(#"{"hello":true}"#))
                        for await kinds in changes {
                            try await outbound.write(.text(#"{"changed":[\#(kinds.sorted().map { "\"\($0)\"" }.joined(separator: ","))]}"#))
                        }
                    }
                    _ = try await group.next()
                    group.cancelAll()
                }
            }
        }
    }

    /// A page's inbox badge: the count now, then again each time a change of the inbox's kinds alters it.
    static func inbox(store: Store, username: String) -> WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context> {
        { inbound, outbound, _ in
            let changes = store.database.changes.subscribe()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for try await _ in inbound {}
                }
                group.addTask {
                    var sent = try await store.notifications.unacknowledged(of: username)
                    try await outbound.write(.text(#"{"unread":\#(sent)}"#))
                    for await kinds in changes
                    where kinds.contains(NotificationRepository.inboxKind) || kinds.contains("notification_delivery") {
                        let now = try await store.notifications.unacknowledged(of: username)
                        if now != sent {
                            try await outbound.write(.text(#"{"unread":\#(now),"arrived":\#(max(0, now - sent))}"#))
                            sent = now
                        }
                    }
                }
                _ = try await group.next()
                group.cancelAll()
            }
        }
    }
}
