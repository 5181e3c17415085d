extension Migration {
    /// A case's legal basis (违反的规定, 处罚依据) and the day of its decision, which the penalty notice, the
    /// decision, the closing form and the fine reminder print; and the days a hazard's rectification was submitted
    /// and its extension requested, from which the re-inspection and answer deadlines are counted.
    static let m007CaseLegalBasis = Migration(
        number: 7, name: "case_legal_basis",
        common: [
            "ALTER TABLE cases ADD COLUMN provisions TEXT",
            "ALTER TABLE cases ADD COLUMN penalty_basis TEXT",
            "ALTER TABLE cases ADD COLUMN decided_on TEXT",
            "ALTER TABLE hazards ADD COLUMN submitted_on TEXT",
            "ALTER TABLE hazards ADD COLUMN extension_requested_on TEXT",
        ])
}
