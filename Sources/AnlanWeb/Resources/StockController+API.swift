import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

extension StockController {
    // MARK: - API

    @Sendable func balances(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        return try JSONResponse.make(
            PageDTO(try await store.stock.balances(try Self.balanceFilter(q), page: try q.page(), by: context.caller), StockBalanceDTO.init)
        )
    }

    @Sendable func expiring(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        let today = self.today
        return try JSONResponse.make(
            PageDTO(try await store.stock.expiring(page: try q.page(), by: context.caller)) { ExpiringBatchDTO($0, today: today) })
    }

    @Sendable func reserves(_ request: Request, context: UserContext) async throws -> Response {
        let rows = try await store.stock.reserves(by: context.caller)
        return try JSONResponse.make(
            rows.map { row in
                ReserveRowDTO(
                    item: SupplyItemDTO(row.item),
                    byDivision: row.byDivision.sorted { $0.key < $1.key }.map { .init(divisionCode: $0.key, quantity: $0.value) },
                    total: row.total)
            })
    }

    @Sendable func minimumFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let input = try await JSONInput.read(request, context: context)
        _ = try await setMinimum(input, context: context)
        return Response(status: .noContent)
    }

    @Sendable func movements(_ request: Request, context: UserContext) async throws -> Response {
        let q = try Query(request)
        return try JSONResponse.make(
            PageDTO(
                try await store.stock.movements(try Self.movementFilter(q), page: try q.page(), by: context.caller), StockMovementDTO.init))
    }

    @Sendable func movement(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: StockErrors.movementNotFound)
        return try JSONResponse.make(StockMovementDTO(try await store.stock.movement(id, by: context.caller)))
    }

    @Sendable func recordFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let input = try await JSONInput.read(request, context: context)
        return try JSONResponse.make(StockMovementDTO(try await record(input, context: context)), status: .created)
    }

    @Sendable func confirmFromAPI(_ request: Request, context: UserContext) async throws -> Response {
        let id = try context.uuidParameter("id", notFound: StockErrors.movementNotFound)
        let input = try await JSONInput.readOptional(request, context: context)
        return try JSONResponse.make(StockMovementDTO(try await store.stock.confirm(id, input: input, by: context.caller)))
    }
}
