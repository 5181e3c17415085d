extension Migration {
    /// The coded measures of each 现场处理措施决定书 and the items it seized, so the annual report counts 暂时停产停业 and
    /// 查封扣押 from records, not from the documents' words.
    static let m010OnSiteMeasures = Migration(
        number: 10, name: "on_site_measures",
        common: [
            """
            CREATE TABLE on_site_measures (
                document_id TEXT NOT NULL REFERENCES enforcement_documents (id),
                measure TEXT NOT NULL,
                PRIMARY KEY (document_id, measure)
            )
            """,
            "CREATE INDEX on_site_measures_measure ON on_site_measures (measure)",
            """
            CREATE TABLE seized_items (
                document_id TEXT NOT NULL REFERENCES enforcement_documents (id),
                seq INTEGER NOT NULL,
                name TEXT NOT NULL,
                specification TEXT NOT NULL,
                quantity DOUBLE PRECISION NOT NULL,
                unit TEXT NOT NULL,
                PRIMARY KEY (document_id, seq)
            )
            """,
        ])
}
