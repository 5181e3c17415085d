extension Migration {
    /// A spatial index on the resources' map points for the nearest-resource question: on SQLite an R*Tree kept by
    /// triggers in the same transaction as the row (its rowid is the resource's rowid); on PostgreSQL a GiST index on
    /// the point (longitude, latitude), which answers k-nearest by `<->` ordering and points within a circle by `<@`.
    /// Both pick candidates; distances are then great-circle.
    static let m017ResourceSpatialIndex = Migration(
        number: 17, name: "resource_spatial_index",
        common: [],
        sqlite: [
            "CREATE VIRTUAL TABLE resources_rtree USING rtree (id, min_lon, max_lon, min_lat, max_lat)",
            """
            INSERT INTO resources_rtree (id, min_lon, max_lon, min_lat, max_lat)
            SELECT rowid, longitude, longitude, latitude, latitude FROM resources WHERE latitude IS NOT NULL AND longitude IS NOT NULL
            """,
            """
            CREATE TRIGGER resources_rtree_insert AFTER INSERT ON resources
            WHEN new.latitude IS NOT NULL AND new.longitude IS NOT NULL BEGIN
                INSERT INTO resources_rtree (id, min_lon, max_lon, min_lat, max_lat)
                VALUES (new.rowid, new.longitude, new.longitude, new.latitude, new.latitude);
            END
            """,
            """
            CREATE TRIGGER resources_rtree_update AFTER UPDATE OF latitude, longitude ON resources BEGIN
                DELETE FROM resources_rtree WHERE id = old.rowid;
                INSERT INTO resources_rtree (id, min_lon, max_lon, min_lat, max_lat)
                SELECT new.rowid, new.longitude, new.longitude, new.latitude, new.latitude
                WHERE new.latitude IS NOT NULL AND new.longitude IS NOT NULL;
            END
            """,
            """
            CREATE TRIGGER resources_rtree_delete AFTER DELETE ON resources BEGIN
                DELETE FROM resources_rtree WHERE id = old.rowid;
            END
            """,
        ],
        postgres: [
            """
            CREATE INDEX resources_point ON resources USING gist (point(longitude, latitude))
            WHERE latitude IS NOT NULL AND longitude IS NOT NULL
            """
        ])
}
