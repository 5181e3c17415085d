extension Migration {
    /// Readiness: equipment names the team it is assigned to (配属队伍), and a shelter keeps its site boundary
    /// (场所范围) as CAP-style "lat,lon" point text, drawn on the resource map.
    static let m036ResourceLinks = Migration(
        number: 36, name: "resource_links",
        common: [
            "ALTER TABLE resources ADD COLUMN team_id TEXT REFERENCES resources (id)",
            "ALTER TABLE resources ADD COLUMN boundary TEXT",
            "CREATE INDEX resources_team ON resources (team_id)",
        ])
}
