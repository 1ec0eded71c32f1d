import Foundation
import IngestKit

/// `cleanup`: repairs extraction artefacts and fills `document.text` from `document.pages`.
///
/// Handles lines broken mid-sentence (rejoined, CJK-aware), spaces inside CJK runs
/// (`本年 度办 理结 果` → `本年度办理结果`, numbers never merged), headers set one or two
/// characters a line, page numbers (`-1-`, `第 1 页`) and running headers and footers,
/// full-width digits and half-width punctuation inside CJK text, and markdown residue
/// (`#`, `**`, `<br>`, link syntax). Table rows (pipes, tabs, aligned columns, number runs)
/// keep their cells. Every cleaned line lists the extracted lines it came from
/// (`CleanLine.origin`), so later stages can cite where a value was printed. Lines of web pages
/// (`kind` html) are whole paragraphs already and are not rejoined.
public struct TextCleanup: Stage {
    /// The name pipeline.json uses.
    public static let name = "cleanup"
    /// One line for `ingest stages`.
    public static let summary = "Repairs extraction artefacts (broken lines, CJK spaces, page numbers, punctuation, markdown) into document.text."
    /// The options this stage accepts, with defaults.
    public static let options = [
        OptionSpec("join_broken_lines", .boolean, default: true, "rejoin lines broken mid-sentence and headers split over lines"),
        OptionSpec("remove_cjk_spaces", .boolean, default: true, "remove single spaces between CJK characters"),
        OptionSpec("normalize_punctuation", .boolean, default: true, "full-width digits to ASCII; half-width ,;:?!() inside CJK text to full-width"),
        OptionSpec("strip_markdown", .boolean, default: true, "remove markdown residue: # headings, **, <br>, link syntax"),
        OptionSpec("drop_page_furniture", .boolean, default: true, "drop page numbers and running headers/footers"),
        OptionSpec("running_line_min_pages", .integer, default: 3, "a line opening or closing at least this many pages is a running header/footer"),
        OptionSpec("max_fragment_width", .number, default: 40, "widest line (in ideographs) that still counts as a short fragment"),
        OptionSpec("complete_heading_suffixes", .stringList, default: ["情况", "事项", "报告", "措施", "问题"],
                   "endings that make a short line a complete heading, never continued"),
    ]

    let normalizer: LineNormalizer
    let joiner: ParagraphJoiner
    let joinBrokenLines: Bool
    let dropFurniture: Bool
    let runningLineMinPages: Int

    /// Reads the validated options; throws, naming the option, for unusable values.
    public init(options: StageOptions) throws {
        normalizer = LineNormalizer(
            stripMarkdown: options.bool("strip_markdown") ?? true,
            normalizePunctuation: options.bool("normalize_punctuation") ?? true,
            removeCJKSpaces: options.bool("remove_cjk_spaces") ?? true)
        let width = options.double("max_fragment_width") ?? 40
        guard width > 0 else { throw options.invalid("max_fragment_width", "must be positive, not \(width)") }
        let minPages = options.int("running_line_min_pages") ?? 3
        guard minPages >= 2 else { throw options.invalid("running_line_min_pages", "must be at least 2, not \(minPages)") }
        joiner = ParagraphJoiner(maxFragmentWidth: width,
                                 completeSuffixes: options.strings("complete_heading_suffixes") ?? ParagraphJoiner().completeSuffixes)
        joinBrokenLines = options.bool("join_broken_lines") ?? true
        dropFurniture = options.bool("drop_page_furniture") ?? true
        runningLineMinPages = minPages
    }

    /// Enriches one document; throws when an earlier stage it needs did not run.
    public func process(_ document: Document, in context: StageContext) async throws -> Document {
        guard !document.pages.isEmpty else {
            throw StageError("the document has no pages; put an extract stage before cleanup")
        }
        var out = document
        // A web page's lines are whole paragraphs, headings and table rows (the markup said where
        // each ends): nothing was broken mid-sentence, so nothing is rejoined.
        out.text = clean(document.pages, joining: joinBrokenLines && document.kind != .html)
        return out
    }

    /// The cleaned text of the pages.
    func clean(_ pages: [Page], joining: Bool? = nil) -> CleanText {
        let running = dropFurniture ? PageFurniture.runningLines(in: pages, minimumPages: runningLineMinPages) : []
        let raws = pages.flatMap { page in page.lines.enumerated().map { (ref: LineRef(page: page.number, line: $0.offset), text: $0.element.text) } }
        let folios = dropFurniture ? PageFurniture.bareNumbersBetweenRows(raws.map(\.text)) : []
        var kept: [(ref: LineRef, text: String)] = []
        for (i, raw) in raws.enumerated() {
            if dropFurniture, running.contains(raw.ref) || folios.contains(i) || PageFurniture.isPageNumber(raw.text) { continue }
            kept.append((raw.ref, LineNormalizer.foldWidth(raw.text)))
        }
        let fragments = LayoutFragments.find(kept.map(\.text))
        let inputs = kept.enumerated().map { i, raw -> ParagraphJoiner.Input in
            let fragment = fragments.contains(i)
            let line = normalizer.normalize(raw.text, keepingSpaces: fragment)
            return .init(text: line.text, kind: fragment ? .tableRow : LineKind.of(line), isMarkdownHeading: line.isMarkdownHeading, ref: raw.ref)
        }
        if joining ?? joinBrokenLines { return CleanText(lines: joiner.join(inputs)) }
        return CleanText(lines: inputs.map { CleanLine(text: $0.text, origin: [$0.ref]) })
    }
}
