extension Migration {
    /// One page of the enterprise list without reading the whole table: an index for each sort order that also
    /// holds the columns every list filters by (archived, division), and a version of the enterprise tables that
    /// every change bumps, so a list's count can be reused exactly while nothing it counts has changed.
    ///
    /// The risk order's expression must stay the one `EnterpriseRepository.list` sorts by, or the index is not used.
    static let m008EnterpriseListIndexes = Migration(
        number: 8, name: "enterprise_list_indexes",
        common: [
            "CREATE TABLE table_versions (name TEXT PRIMARY KEY, version BIGINT NOT NULL)",
            "INSERT INTO table_versions (name, version) VALUES ('enterprises', 0)",
            "CREATE INDEX enterprises_list_name ON enterprises (archived_at, name, id, division_code)",
            "CREATE INDEX enterprises_list_updated ON enterprises (archived_at, updated_at, id, division_code)",
            """
            CREATE INDEX enterprises_list_risk ON enterprises (archived_at, (CASE risk_level WHEN 'major' THEN 0 WHEN 'high' THEN 1 \
            WHEN 'moderate' THEN 2 WHEN 'low' THEN 3 ELSE 4 END), name, id, division_code)
            """,
        ],
        sqlite: ["enterprises", "enterprise_sectors", "enterprise_licences"].flatMap { table in
            ["INSERT", "UPDATE", "DELETE"].map { event in
                """
                CREATE TRIGGER \(table)_version_\(event.lowercased()) AFTER \(event) ON \(table) BEGIN
                  UPDATE table_versions SET version = version + 1 WHERE name = 'enterprises';
                END
                """
            }
        },
        postgres: [
            """
            CREATE FUNCTION bump_enterprises_version() RETURNS trigger AS $$
            BEGIN
              UPDATE table_versions SET version = version + 1 WHERE name = 'enterprises';
              RETURN NULL;
            END
            $$ LANGUAGE plpgsql
            """
        ]
            + ["enterprises", "enterprise_sectors", "enterprise_licences"].map { table in
                """
                CREATE TRIGGER \(table)_version AFTER INSERT OR UPDATE OR DELETE ON \(table)
                FOR EACH STATEMENT EXECUTE FUNCTION bump_enterprises_version()
                """
            })
}
