extension Migration {
    /// Whether an incident's casualties and loss have been reported at all: a first call often cannot say, and "not yet
    /// known" must not read as a confirmed zero. Rows before this column had figures entered, so they count as known.
    static let m018IncidentFiguresKnown = Migration(
        number: 18, name: "incident_figures_known",
        common: ["ALTER TABLE incidents ADD COLUMN figures_known INTEGER NOT NULL DEFAULT 1"])
}
