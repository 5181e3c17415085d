import Foundation

/// A GeoJSON Polygon or MultiPolygon, for asking whether a point lies inside.
///
/// Planar ray casting in degrees: exact enough at county scale; not for shapes crossing the antimeridian.
public struct GeoPolygon: Sendable {
    /// Polygons, each an outer ring followed by its holes; rings are [longitude, latitude] pairs.
    let polygons: [[[[Double]]]]

    /// Parses a GeoJSON geometry object's text; nil for anything but a Polygon or MultiPolygon.
    public init?(geoJSON: String) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(geoJSON.utf8))) as? [String: Any],
            let type = object["type"] as? String, let coordinates = object["coordinates"] as? [Any]
        else { return nil }
        func ring(_ value: Any) -> [[Double]]? {
            (value as? [Any])?.compactMap { point in
                guard let pair = point as? [Any], pair.count >= 2, let x = (pair[0] as? NSNumber)?.doubleValue,
                    let y = (pair[1] as? NSNumber)?.doubleValue
                else { return nil }
                return [x, y]
            }
        }
        func polygon(_ value: Any) -> [[[Double]]]? { (value as? [Any])?.compactMap(ring) }
        switch type {
        case "Polygon": polygons = polygon(coordinates).map { [$0] } ?? []
        case "MultiPolygon": polygons = coordinates.compactMap(polygon)
        default: return nil
        }
        guard !polygons.isEmpty else { return nil }
    }

    /// One polygon with no holes, from a ring of points (as CAP and the shelter form write them).
    public init(ring: [GeoPoint]) {
        polygons = [[ring.map { [$0.longitude, $0.latitude] }]]
    }

    public func contains(_ point: GeoPoint) -> Bool {
        polygons.contains { rings in
            guard let outer = rings.first, Self.inside(point, outer) else { return false }
            return !rings.dropFirst().contains { Self.inside(point, $0) }
        }
    }

    static func inside(_ p: GeoPoint, _ ring: [[Double]]) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in 0..<ring.count {
            let (xi, yi, xj, yj) = (ring[i][0], ring[i][1], ring[j][0], ring[j][1])
            if (yi > p.latitude) != (yj > p.latitude), p.longitude < (xj - xi) * (p.latitude - yi) / (yj - yi) + xi {
                inside.toggle()
            }
            j = i
        }
        return inside
    }
}
