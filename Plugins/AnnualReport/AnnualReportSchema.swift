import IngestKit

/// `schema.annual-report`: builds the annual-report record (`gov-annual-report/1`) from the
/// cleaned text and the recovered tables.
///
/// Detects the format (2021 or 2019, by the columns of table 二), the title, agency and year,
/// and sections 一 to 六 (headings found by meaning, markdown and bold residue included);
/// maps tables 二, 三 and 四 by label and header against each format's closed vocabulary;
/// runs the reconciliation rules into `checks`; and keeps where every recorded cell was read
/// (`provenance`). A cell the document does not show is null with an issue, never a guess —
/// unless a row or group total pins it down uniquely, which is then said in `issues`.
public struct AnnualReportSchema: Stage {
    /// The name pipeline.json uses.
    public static let name = "schema.annual-report"
    /// One line for `ingest stages`.
    public static let summary = "Maps cleaned text and tables onto the annual-report record, with reconciliation checks."
    /// The options this stage accepts, with defaults.
    public static let options = [
        OptionSpec("min_label_similarity", .number, default: 0.6, "closeness (0–1) a row label needs to a template label to be matched"),
        OptionSpec("min_heading_similarity", .number, default: 0.5, "closeness (0–1) a heading needs to a template section heading"),
        OptionSpec("narrative_settles_layout", .boolean, default: true, "let the narrative's counts settle an ambiguous table layout (said in issues)"),
        OptionSpec("default_format", .string, default: "2021", "format to assume when table 二 shows no format-specific header: 2021 or 2019"),
        OptionSpec("fill_pinned_cells", .boolean, default: true, "fill a cell the document does not show when a row or group total pins it down uniquely (said in issues)"),
    ]

    let labelSimilarity: Double
    let headingSimilarity: Double
    let narrativeSettles: Bool
    let defaultFormat: ReportFormat
    let fillPinnedCells: Bool

    /// Reads the validated options; throws, naming the option, for unusable values.
    public init(options: StageOptions) throws {
        labelSimilarity = options.double("min_label_similarity") ?? 0.6
        headingSimilarity = options.double("min_heading_similarity") ?? 0.5
        for (name, value) in [("min_label_similarity", labelSimilarity), ("min_heading_similarity", headingSimilarity)]
        where !(0...1).contains(value) {
            throw options.invalid(name, "must be between 0 and 1, not \(value)")
        }
        narrativeSettles = options.bool("narrative_settles_layout") ?? true
        let format = options.string("default_format") ?? "2021"
        guard let parsed = ReportFormat(rawValue: format) else { throw options.invalid("default_format", "must be 2021 or 2019, not '\(format)'") }
        defaultFormat = parsed
        fillPinnedCells = options.bool("fill_pinned_cells") ?? true
    }

    /// Enriches one document; throws when an earlier stage it needs did not run.
    public func process(_ document: Document, in context: StageContext) async throws -> Document {
        guard let text = document.text else {
            throw StageError("the document has no cleaned text; put cleanup (and tables) before schema.annual-report")
        }
        var findings = Findings()
        let outline = ReportOutline(text: text, tables: document.tables, minSimilarity: headingSimilarity,
                                    sourceFields: document.metadata.fields ?? [:])
        var record = document.record
        record["schema"] = .string(Document.recordSchema)
        describe(outline, into: &record, findings: &findings)
        // A page the ocr stage read has text and no font names (`Page.fonts` empty, not unknown).
        let recognized = document.pages.contains { $0.fonts?.isEmpty == true && $0.text.contains { !$0.isWhitespace } }
        mapTables(document.tables, outline: outline, printsEveryCell: document.kind == .pdf, recognized: recognized,
                  into: &record, findings: &findings)
        if let reason = ReportRecognition.notReportReason(outline: outline, record: record, document: document) {
            return ReportRecognition.setAside(document, reason: reason, outline: outline, stage: Self.name)
        }
        var out = document
        out.record = record
        for issue in findings.issues { out.addIssue(issue.severity, issue.message, stage: Self.name) }
        out.provenance.merge(findings.provenance) { _, new in new }
        return out
    }

    /// Report metadata and narrative sections.
    private func describe(_ outline: ReportOutline, into record: inout JSONValue, findings: inout Findings) {
        let missing = Section.allCases.filter { outline.headings[$0] == nil }
        if !missing.isEmpty {
            findings.note(.warning, "section headings not found: \(missing.map { $0.numeral + "、" + $0.headings[0] }.joined(separator: ", "))")
        }
        let (title, agency, year) = (outline.title, outline.agency, outline.year)
        record.setValue(JSONValue(title), at: "report.title")
        record.setValue(JSONValue(agency), at: "report.agency")
        record.setValue(JSONValue(year), at: "report.year")
        for (key, value) in [("title", title), ("agency", agency)] where value == nil {
            findings.note(.warning, "the report's \(key) was not found")
        }
        if year == nil { findings.note(.warning, "the reporting year was not found") }
        for (key, section) in [("overview", Section.overview), ("problems", .problems), ("other_matters", .otherMatters)] {
            record.setValue(JSONValue(outline.narrative(section)), at: "sections.\(key)")
        }
    }
}
