import CPoppler
import CTesseract
import Foundation
import IngestKit
import TableGeometry

/// `ocr`: reads the pages of a PDF that have no usable text with tesseract, and reads again
/// the pages whose text layer an OCR program made, since such a layer is a guess to check,
/// not the document's text.
///
/// Which pages (`pages`): `flagged` (default) takes those `extract.pdf` marked as needing OCR
/// (no text layer, garbage text) and those whose text layer is an OCR layer (the PDF's
/// Producer or Creator names an OCR program, or the page's text, in a glyph-less font, lies
/// over an image that covers the page); `all` every page; `none` none. Other pages are left
/// as they are, without being rendered.
///
/// Each page is rendered through poppler and cairo at `dpi` (grey), straightened (leptonica's
/// skew search), its ruling lines found by morphology and painted out, and recognised by
/// tesseract (`languages`) through its C API in this process. Every number is read again on
/// its own ruled cell with a digit whitelist and compared, glyph by glyph, with the shapes of
/// the digits the page's other cells were read alike as; where the readings differ it is read
/// again at `reread_dpi` and by the page's language model; a number no two readings agree on
/// (or that the shapes contradict) is left out with an issue, so that its cell is null rather
/// than wrong. The words replace the page's text, lines and glyph boxes
/// in the same form `extract.pdf` gives (points, top-left origin), with each glyph's
/// confidence in `extensions.ocr`. Pages are recognised in parallel, at most as many at once
/// as the run's `--jobs`.
public struct OCRStage: Stage {
    public static let name = "ocr"
    public static let summary = "Reads image-only pages and OCR'd text layers of PDFs with tesseract (deskew, ruling lines removed, numbers re-read per cell)."
    public static let options = [
        OptionSpec("pages", .string, default: "flagged",
                   "which pages to read: flagged (no usable text layer, or an OCR layer), all, none"),
        OptionSpec("dpi", .integer, default: 300, "resolution the pages are rendered at for recognition"),
        OptionSpec("languages", .string, default: "chi_sim", "tesseract languages, joined by + (chi_sim+eng)"),
        OptionSpec("reread_numbers", .boolean, default: true,
                   "read every number again on its own cell with a digit whitelist (and at reread_dpi where readings differ)"),
        OptionSpec("reread_dpi", .integer, default: 450, "resolution of the third reading of a number whose two readings differ"),
        OptionSpec("password", .string, "password that opens encrypted PDFs (as for extract.pdf)"),
        OptionSpec("page_variables", .object,
                   "tesseract variables for the reading of whole pages, name to value as text ({\"tessedit_do_invert\": \"0\"} skips tesseract's second look at doubtful lines: faster, less accurate on the bundled scans); numbers are checked as ever"),
    ]

    /// Which pages the stage reads.
    enum Selection: String, CaseIterable { case flagged, all, none }

    let selection: Selection
    let settings: RecognitionSettings

    public init(options: StageOptions) throws {
        let pages = options.string("pages") ?? "flagged"
        guard let selection = Selection(rawValue: pages) else {
            throw options.invalid("pages", "must be flagged, all or none, not '\(pages)'")
        }
        self.selection = selection
        let dpi = options.int("dpi") ?? 300
        guard (72...1200).contains(dpi) else { throw options.invalid("dpi", "must be between 72 and 1200, not \(dpi)") }
        let reread = options.int("reread_dpi") ?? 450
        guard (72...1200).contains(reread) else { throw options.invalid("reread_dpi", "must be between 72 and 1200, not \(reread)") }
        let languages = options.string("languages") ?? "chi_sim"
        guard !languages.isEmpty, languages.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "+" }) else {
            throw options.invalid("languages", "must be tesseract language names joined by +, not '\(languages)'")
        }
        var variables: [String: String] = [:]
        for (name, value) in options["page_variables"].objectValue ?? [:] {
            switch value {
            case .string(let text): variables[name] = text
            case .int(let number): variables[name] = String(number)
            case .double(let number): variables[name] = String(number)
            case .bool(let flag): variables[name] = flag ? "1" : "0"
            default: throw options.invalid("page_variables", "the value of '\(name)' must be text, a number or true/false")
            }
        }
        settings = RecognitionSettings(dpi: Double(dpi), languages: languages, rereadDPI: Double(reread),
                                       rereadNumbers: options.bool("reread_numbers") ?? true,
                                       password: options.string("password"), pageVariables: variables)
    }

    public func process(_ document: Document, in context: StageContext) async throws -> Document {
        guard document.kind == .pdf, selection != .none, !document.pages.isEmpty else { return document }
        var out = document
        let targets = try OCRLayerCheck.pagesToRead(out, selection: selection, password: settings.password)
        guard !targets.isEmpty else { return out }
        for (number, reason) in targets.sorted(by: { $0.key < $1.key }) where reason != nil {
            out.addIssue(.warning, "page \(number): \(reason!); read again by OCR", stage: context.stageName)
        }
        await RecognitionSlots.shared.setLimit(context.jobs)
        let recognizer = PageRecognizer(settings: settings)
        let source = document.source
        let readings = try await withThrowingTaskGroup(of: (Int, PageReading).self) { group in
            for number in targets.keys {
                group.addTask {
                    await RecognitionSlots.shared.acquire()
                    do {
                        let reading = try await recognizer.read(path: source, pageIndex: number - 1)
                        await OCRTimings.shared.add(reading)
                        await RecognitionSlots.shared.release()
                        return (number, reading)
                    } catch {
                        await RecognitionSlots.shared.release()
                        throw error
                    }
                }
            }
            var all: [Int: PageReading] = [:]
            for try await (number, reading) in group { all[number] = reading }
            return all
        }
        var words = readings.mapValues(\.words)
        Self.write(words, into: &out)
        if settings.rereadNumbers {
            let notes = try await checkRows(&words, readings: readings, pages: out.pages, source: source)
            for (severity, message) in notes { out.addIssue(severity, message, stage: context.stageName) }
            if !notes.isEmpty { Self.write(words, into: &out) }
        }
        report(readings, words: words, into: &out, stageName: context.stageName)
        return out
    }

    /// Replaces the text, lines and glyph boxes of the recognised pages (whose text is then set
    /// in no font).
    static func write(_ words: [Int: [OCRWord]], into document: inout Document) {
        for (number, pageWords) in words {
            let old = document.pages[number - 1]
            let page = OCRGeometry.page(number: number, width: old.width ?? 0, height: old.height ?? 0, words: pageWords).page
            document.pages[number - 1].text = page.text
            document.pages[number - 1].lines = page.lines
            document.pages[number - 1].glyphs = page.glyphs
            document.pages[number - 1].fonts = []
        }
    }

    /// Checks the rows whose cells must add up (`RowIdentities`); a failing row is read again
    /// at `reread_dpi`: readings that make it hold replace it, readings equal to the first ones
    /// leave it (the document's own numbers), anything else leaves its cells out.
    func checkRows(_ words: inout [Int: [OCRWord]], readings: [Int: PageReading], pages: [Page], source: String) async throws -> [(Issue.Severity, String)] {
        let failing = RowIdentities.groups(in: pages).filter { !$0.holds && readings[$0.page] != nil }
        guard !failing.isEmpty else { return [] }
        var notes: [(Issue.Severity, String)] = []
        let rereader = FailedRowRereader(settings: settings)
        for (page, groups) in Dictionary(grouping: failing, by: \.page).sorted(by: { $0.key < $1.key }) {
            let boxes = groups.flatMap(\.boxes)
            let values = try await rereader.read(path: source, pageIndex: page - 1, skew: readings[page]!.skewDegrees, boxes: boxes)
            var offset = 0
            for group in groups {
                let again = Array(values[offset..<offset + group.boxes.count])
                offset += group.boxes.count
                let shown = group.values.map(String.init).joined(separator: " ")
                if again.allSatisfy({ $0 != nil }), RowIdentities.Group(page: page, boxes: group.boxes, values: again.map { $0! }).holds {
                    for (box, value) in zip(group.boxes, again) { Self.replace(in: &words[page]!, at: box, with: String(value!)) }
                    notes.append((.info, "page \(page): a row read as \(shown) does not add up; read again at \(Int(settings.rereadDPI)) dpi as \(again.map { String($0!) }.joined(separator: " ")), which does"))
                } else if again.map({ $0 ?? -1 }) == group.values {
                    notes.append((.info, "page \(page): a row reads \(shown) alike at \(Int(settings.dpi)) and \(Int(settings.rereadDPI)) dpi and does not add up: the document's own numbers"))
                } else {
                    let top = group.boxes.map(\.y0).min()!, bottom = group.boxes.map(\.y1).max()!
                    // The row's numbers keep their places, each printing the unreadable mark.
                    var removed = 0
                    for i in words[page]!.indices where words[page]![i].box.midY >= top && words[page]![i].box.midY <= bottom
                        && NumberReading.digits(words[page]![i].text) != nil {
                        words[page]![i] = OCRWord(text: String(PrintedNumber.unreadable), box: words[page]![i].box, confidence: 0, symbols: [])
                        removed += 1
                    }
                    notes.append((.warning, "page \(page): a row read as \(shown) does not add up, and at \(Int(settings.rereadDPI)) dpi reads \(again.map { $0.map(String.init) ?? "nothing" }.joined(separator: " ")): the \(removed) numbers of its row are left out (printed \(PrintedNumber.unreadable)), their cells are null"))
                }
            }
        }
        return notes
    }

    /// Sets the number word whose centre lies in `box` to `text`.
    static func replace(in words: inout [OCRWord], at box: IngestKit.Box, with text: String) {
        guard let i = words.firstIndex(where: {
            $0.box.midX >= box.x0 - 1 && $0.box.midX <= box.x1 + 1 && $0.box.midY >= box.y0 - 1 && $0.box.midY <= box.y1 + 1
                && NumberReading.digits($0.text) != nil
        }) else { return }
        words[i].text = text
        words[i].symbols = []
    }

    /// The per-page summary in issues and the glyph confidences in `extensions.ocr`.
    func report(_ readings: [Int: PageReading], words: [Int: [OCRWord]], into out: inout Document, stageName: String) {
        var pages: [String: JSONValue] = [:]
        for number in readings.keys.sorted() {
            let reading = readings[number]!
            let old = out.pages[number - 1]
            let confidence = OCRGeometry.page(number: number, width: old.width ?? 0, height: old.height ?? 0, words: words[number]!).confidence
            pages[String(number)] = .object([
                "dpi": .double(settings.dpi),
                "skew_degrees": .double((reading.skewDegrees * 100).rounded() / 100),
                "mean_confidence": .double(Self.mean(reading.words)),
                "numbers_checked": .int(reading.numbersChecked),
                "numbers_read_three_times": .int(reading.numbersEscalated),
                "digit_shapes_learnt": .int(reading.digitShapes),
                "glyph_confidence": .string(confidence.base64EncodedString()),
            ])
            out.addIssue(.info, String(format: "page %d read by OCR (tesseract %@, %.0f dpi, straightened by %.2f°): %d words, mean confidence %.0f, %d numbers read again on their cells, shapes of %d digits learnt from the cells read alike",
                                       number, settings.languages, settings.dpi, reading.skewDegrees, reading.words.count,
                                       Self.mean(reading.words), reading.numbersChecked, reading.digitShapes), stage: stageName)
            let quoted = { (text: String) in text.isEmpty ? "nothing" : "'\(text)'" }
            for u in reading.unsettled {
                guard let rowSize = u.rowSize else {
                    out.addIssue(.warning, String(format: "page %d: a number at [%.0f, %.0f, %.0f, %.0f] standing apart as a table's value read as %@ (page; its own cell; at %.0f dpi; by %@; by the shapes of the page's agreed digits) with no value most readings agree on, so it is left out (printed ⍰) and its cell is null",
                                                  number, u.box.x0, u.box.y0, u.box.x1, u.box.y1,
                                                  u.readings.map(quoted).joined(separator: ", "), settings.rereadDPI, settings.languages),
                                  stage: stageName)
                    continue
                }
                out.addIssue(.warning, String(format: "page %d: a table cell at [%.0f, %.0f, %.0f, %.0f] read as %@ (page; its row's digits; at %.0f dpi; by %@; by the shapes of the page's agreed digits) with no value most readings agree on: the %d numbers of its row (or of its group, where a total closes each group) are left out (printed ⍰), their cells are null",
                                              number, u.box.x0, u.box.y0, u.box.x1, u.box.y1,
                                              u.readings.map(quoted).joined(separator: ", "), settings.rereadDPI, settings.languages, rowSize),
                              stage: stageName)
            }
        }
        out.extensions["ocr"] = .object(["engine": .string("tesseract " + String(cString: TessVersion())), "pages": .object(pages)])
    }

    static func mean(_ words: [OCRWord]) -> Double {
        words.isEmpty ? 0 : (words.map(\.confidence).reduce(0, +) / Double(words.count)).rounded()
    }
}
