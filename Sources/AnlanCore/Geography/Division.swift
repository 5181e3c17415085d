/// A point in WGS-84 degrees.
public struct GeoPoint: Sendable, Hashable, Codable {
    public let latitude: Double
    public let longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    public var isValid: Bool { (-90...90).contains(latitude) && (-180...180).contains(longitude) }
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
