import Foundation

/// A point in WGS-84 degrees.
public struct GeoPoint: Sendable, Hashable, Codable {
    public let latitude: Double
    public let longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    public var isValid: Bool { (-90...90).contains(latitude) && (-180...180).contains(longitude) }

    /// A coordinate as people type and read it: six decimals at most (about 0.1 m), trailing zeros dropped.
    public static func text(_ degrees: Double) -> String {
        var s = String(format: "%.6f", degrees)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}

/// An administrative division (县/乡镇/村) with where it is.
public struct Division: Sendable, Hashable {
    public let code: DivisionCode
    public var name: String
    public var parentCode: DivisionCode?
    public var urbanRuralCode: String?
    public var centroid: GeoPoint?
    /// A GeoJSON geometry object (Polygon or MultiPolygon) as JSON text.
    public var boundaryGeoJSON: String?

    public init(
        code: DivisionCode, name: String, parentCode: DivisionCode? = nil, urbanRuralCode: String? = nil,
        centroid: GeoPoint? = nil, boundaryGeoJSON: String? = nil
    ) {
        self.code = code
        self.name = name
        self.parentCode = parentCode ?? code.parent
        self.urbanRuralCode = urbanRuralCode
        self.centroid = centroid
        self.boundaryGeoJSON = boundaryGeoJSON
    }

    public var level: DivisionLevel { code.level }
}

extension GeoPoint {
    /// Mean Earth radius (IUGG), in km.
    public static let earthRadiusKm = 6371.0088

    /// Great-circle (haversine) distance in km: the straight-line distance a dispatcher quotes.
    public func distanceKm(to other: GeoPoint) -> Double {
        let rad = Double.pi / 180
        let dLat = (other.latitude - latitude) * rad, dLon = (other.longitude - longitude) * rad
        let a = sin(dLat / 2) * sin(dLat / 2) + cos(latitude * rad) * cos(other.latitude * rad) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * Self.earthRadiusKm * asin(min(1, a.squareRoot()))
    }
}
