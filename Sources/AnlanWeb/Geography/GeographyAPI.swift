import AnlanCore
import Foundation
import AnlanStore
import Hummingbird

/// Divisions of the caller's jurisdiction.
struct GeographyAPI {
    let store: Store

    /// A division with its boundary: the stored GeoJSON (validated when stored) is spliced in as it is,
    /// rather than parsed and encoded again on every read.
    static func response(_ division: Division) throws -> Response {
        var plain = division
        plain.boundaryGeoJSON = nil
        var data = try JSONResponse.encoder.encode(DivisionDTO(plain))
        if let boundary = division.boundaryGeoJSON, data.last == UInt8(ascii: "}") {
            data.removeLast()
            data.append(contentsOf: Array(",\"boundary\":".utf8) + Array(boundary.utf8) + [UInt8(ascii: "}")])
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    func register(_ api: APIRoutes) {
        let divisions = store.divisions
        api.add(
            APIOperation(
                method: .get, path: "divisions", operationID: "listDivisions", summary: "辖区内的行政区划（不含边界）", tag: "区划",
                access: .permission(.readBusinessData),
                parameters: AccountsAPI.pageParameters + [
                    .init(name: "parentCode", location: .query, required: false, description: "上级区划代码", schema: Schemas.divisionCode),
                    .init(
                        name: "level", location: .query, required: false, description: "级别",
                        schema: ["type": "string", "enum": ["county", "township", "village"]]),
                    .init(
                        name: "name", location: .query, required: false, description: "名称片段", schema: ["type": "string", "maxLength": 64]),
                ],
                responses: [(200, "一页区划", Schemas.ref("DivisionPage"))])
        ) { request, context in
            let query = try Query(request)
            let filter = DivisionRepository.Filter(
                parent: try query.divisionCode("parentCode"), level: try query.enum("level", DivisionLevel.self, label: "区划级别"),
                name: query.string("name"))
            let page = try await divisions.list(filter, page: try query.page(), by: context.caller)
            return try JSONResponse.make(PageDTO(page, DivisionDTO.init))
        }

        api.add(
            APIOperation(
                method: .get, path: "divisions/{code}", operationID: "getDivision", summary: "一个区划，含中心点和 GeoJSON 边界", tag: "区划",
                access: .permission(.readBusinessData),
                parameters: [.init(name: "code", location: .path, required: true, description: "12 位区划代码", schema: Schemas.divisionCode)],
                responses: [(200, "区划", Schemas.ref("Division")), (404, "不存在或不在辖区内", Schemas.ref("Error"))])
        ) { _, context in
            let code: DivisionCode
            do { code = try DivisionCode(try context.pathParameter("code")) } catch let error as AnlanError {
                throw AnlanError.invalid(error.code, error.message, field: "code")
            }
            return try Self.response(try await divisions.get(code, by: context.caller))
        }
    }
}
