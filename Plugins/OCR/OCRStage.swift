import CPoppler
import CTesseract
import Foundation
import IngestKit

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
/// its own ruled cell with a digit whitelist, and a third time at `reread_dpi` where the two
/// readings differ; a number no two readings agree on is left out with an issue, so that its
/// cell is null rather than wrong. The words replace the page's text, lines and glyph boxes
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
        settings = RecognitionSettings(dpi: Double(dpi), languages: languages, rereadDPI: Double(reread),
                                       rereadNumbers: options.bool("reread_numbers") ?? true,
                                       password: options.string("password"))
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
        var confidences: [String: JSONValue] = [:]
        for number in readings.keys.sorted() {
            let reading = readings[number]!
            let index = number - 1
            let old = out.pages[index]
            let (page, confidence) = OCRGeometry.page(number: number, width: old.width ?? 0, height: old.height ?? 0, words: reading.words)
            out.pages[index].text = page.text
            out.pages[index].lines = page.lines
            out.pages[index].glyphs = page.glyphs
            confidences[String(number)] = .object([
                "dpi": .double(settings.dpi),
                "skew_degrees": .double((reading.skewDegrees * 100).rounded() / 100),
                "mean_confidence": .double(Self.mean(reading.words)),
                "numbers_checked": .int(reading.numbersChecked),
                "numbers_read_three_times": .int(reading.numbersEscalated),
                "glyph_confidence": .string(confidence.base64EncodedString()),
            ])
            out.addIssue(.info, String(format: "page %d read by OCR (tesseract %@, %.0f dpi, straightened by %.2f°): %d words, mean confidence %.0f, %d numbers read again on their cells",
                                       number, settings.languages, settings.dpi, reading.skewDegrees, reading.words.count,
                                       Self.mean(reading.words), reading.numbersChecked), stage: context.stageName)
            for u in reading.unsettled {
                out.addIssue(.warning, String(format: "page %d: a number at [%.0f, %.0f, %.0f, %.0f] read as %@ (page, cell, cell at %.0f dpi) with no two readings agreeing: left out, its cell is null",
                                              number, u.box.x0, u.box.y0, u.box.x1, u.box.y1,
                                              u.readings.map { $0.isEmpty ? "nothing" : "'\($0)'" }.joined(separator: ", "), settings.rereadDPI),
                              stage: context.stageName)
            }
        }
        out.extensions["ocr"] = .object(["engine": .string("tesseract " + String(cString: TessVersion())),
                                         "pages": .object(confidences)])
        return out
    }

    static func mean(_ words: [OCRWord]) -> Double {
        words.isEmpty ? 0 : (words.map(\.confidence).reduce(0, +) / Double(words.count)).rounded()
    }
}
