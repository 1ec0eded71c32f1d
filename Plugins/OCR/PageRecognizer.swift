import CTesseract
import Foundation
import IngestKit

/// A word of a recognised page, in points (top-left origin), ready to become page geometry.
struct OCRWord: Sendable {
    var text: String
    var box: IngestKit.Box
    /// Tesseract's confidence (0–100); for a number read again on its cell, the lowest of the
    /// readings that agreed.
    var confidence: Double
    /// One box per symbol of `text` (empty when the text was replaced by a re-read, whose
    /// glyphs share the word's box evenly).
    var symbols: [(text: String, box: IngestKit.Box)]
}

/// A number whose readings did not agree: left out of the page with the rest of its row, so
/// that their cells are null.
struct UnsettledNumber: Sendable {
    var box: IngestKit.Box
    var readings: [String]
    /// How many numbers its table row held (all left out with it); nil for a number standing
    /// apart, read on the page and on its cell.
    var rowSize: Int?
}

/// What recognising one page gave.
struct PageReading: Sendable {
    var words: [OCRWord]
    var skewDegrees: Double
    var unsettled: [UnsettledNumber]
    /// Numbers read again on their cell, and how many of those needed the higher dpi.
    var numbersChecked: Int
    var numbersEscalated: Int
    /// How many of the ten digits the page's agreed cells taught the shape reading.
    var digitShapes: Int
    var seconds: (render: Double, recognise: Double, rereads: Double)
}

/// What the `ocr` stage was asked to do, per page.
struct RecognitionSettings: Sendable {
    var dpi: Double
    var languages: String
    /// The dpi at which numbers whose readings disagree are read a third time.
    var rereadDPI: Double
    var rereadNumbers: Bool
    var password: String?
    /// Tesseract variables for the engine that reads whole pages (`page_variables`).
    var pageVariables: [String: String] = [:]

    /// Characters a number cell may hold.
    static let digitWhitelist = "0123456789.+-"
    /// The language data for reading a cell's digits (tesseract's Latin model reads digits best).
    static let digitLanguages = "eng"
}

/// Recognises one page: render, straighten, remove ruling lines, read with tesseract, and
/// read every number again on its own cell with a digit whitelist (a third time at a higher
/// dpi where the two readings differ).
struct PageRecognizer: Sendable {
    let settings: RecognitionSettings

    func read(path: String, pageIndex: Int) async throws -> PageReading {
        _ = Self.largeImagesReused
        let clock = ContinuousClock()
        var t0 = clock.now
        let pdf = try PDFPages(path: path, password: settings.password)
        guard let grey = pdf.withPage(pageIndex, { PageRenderer.render($0, dpi: settings.dpi) }) ?? nil else {
            throw OCRError.render("poppler could not render page \(pageIndex + 1)")
        }
        guard let prepared = PreparedPage(grey: grey, dpi: settings.dpi) else {
            throw OCRError.render("leptonica could not prepare page \(pageIndex + 1)")
        }
        let renderSeconds = seconds(t0.duration(to: clock.now))
        if let dir = ProcessInfo.processInfo.environment["OCR_DEBUG_DIR"] {
            pixWrite("\(dir)/page-\(pageIndex + 1).png", prepared.clean.pix, Int32(IFF_PNG))
        }
        t0 = clock.now
        let engine = try await EnginePool.shared.take(languages: settings.languages, whitelist: nil, variables: settings.pageVariables)
        let raw = engine.words(in: prepared.clean, dpi: Int(settings.dpi))
        await EnginePool.shared.giveBack(engine)
        let recogniseSeconds = seconds(t0.duration(to: clock.now))
        t0 = clock.now
        // A `1` standing on a rule too short for the opening to remove is a trace of that rule.
        // A number in the margin beside a table is a mark of the scan.
        var words = Self.withoutSpecks(raw.flatMap(Self.splitNumbers), dpi: settings.dpi).filter { word in
            guard let digits = NumberReading.digits(word.text) else { return true }
            return !(digits.allSatisfy { $0 == "1" } && word.box.width * 3 <= word.box.height && prepared.rules.standsOnShortRule(word.box))
                && !prepared.rules.besideTable(word.box)
        }
        var unsettled: [UnsettledNumber] = []
        var checked = 0, escalated = 0, learnt = 0
        if settings.rereadNumbers {
            let rereader = NumberRereader(prepared: prepared, rereadDPI: settings.rereadDPI, languages: settings.languages)
            let outcome = try await rereader.check(&words)
            unsettled = outcome.unsettled.map { UnsettledNumber(box: points($0.box), readings: $0.readings, rowSize: $0.rowSize) }
            checked = outcome.checked
            escalated = outcome.escalated
            learnt = outcome.learntDigits
        }
        let rereadSeconds = seconds(t0.duration(to: clock.now))
        return PageReading(words: words.map(toPoints), skewDegrees: prepared.skewDegrees, unsettled: unsettled,
                           numbersChecked: checked, numbersEscalated: escalated, digitShapes: learnt,
                           seconds: (renderSeconds, recogniseSeconds, rereadSeconds))
    }

    /// A page's images (its 32-bit drawing, its grey and binary copies, tesseract's own) are
    /// tens of megabytes each: above glibc's mmap threshold, each was mapped fresh and its
    /// pages faulted in and zeroed by the kernel, a page at a time, on every page read (a
    /// tenth of the stage's CPU time in a profile). Kept in the heap instead, their memory
    /// is reused from page to page. Set once, on the first page the process recognises.
    private static let largeImagesReused: Void = {
        _ = mallopt(M_MMAP_THRESHOLD, 256 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 512 << 20)
    }()

    private func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    private func points(_ r: PixelRect) -> IngestKit.Box {
        let f = 72 / settings.dpi
        return IngestKit.Box(x0: Double(r.x0) * f, y0: Double(r.y0) * f, x1: Double(r.x1) * f, y1: Double(r.y1) * f)
    }

    private func toPoints(_ w: RecognizedWord) -> OCRWord {
        OCRWord(text: w.text, box: points(w.box), confidence: w.confidence,
                symbols: w.symbols.count == w.text.count ? w.symbols.map { ($0.text, points($0.box)) } : [])
    }

    /// `words` without the numbers under a twentieth of an inch high (`dpi` pixels an inch),
    /// smaller than any print (3.6 points; a 6-point digit is 4): a speck of the scan read
    /// as `1`.
    static func withoutSpecks(_ words: [RecognizedWord], dpi: Double) -> [RecognizedWord] {
        words.filter { NumberReading.digits($0.text) == nil || Double($0.box.height) * 20 >= dpi }
    }

    /// A word whose symbols run a label into a number (`予以公开287`, borders and digits fused
    /// with text) as separate words, so that the number is checked on its own. Runs that do
    /// not make a number stay with the text.
    static func splitNumbers(_ word: RecognizedWord) -> [RecognizedWord] {
        guard word.symbols.count > 1, word.symbols.count == word.text.count else { return [word] }
        var runs: [[(text: String, box: PixelRect)]] = []
        var kinds: [Bool] = []
        for s in word.symbols {
            let numberish = s.text.count == 1 && NumberReading.isNumberish(s.text.first!) && s.text != "," && s.text != "."
            if let last = kinds.last, last == numberish || s.text == "." || s.text == "," { runs[runs.count - 1].append(s) } else {
                runs.append([s]); kinds.append(numberish)
            }
        }
        guard runs.count > 1, zip(runs, kinds).contains(where: { $1 && NumberReading.digits($0.map(\.text).joined()) != nil }) else {
            return [word]
        }
        return runs.map { symbols in
            let box = symbols.dropFirst().reduce(symbols[0].box) {
                PixelRect(x0: min($0.x0, $1.box.x0), y0: min($0.y0, $1.box.y0), x1: max($0.x1, $1.box.x1), y1: max($0.y1, $1.box.y1))
            }
            return RecognizedWord(text: symbols.map(\.text).joined(), box: box, confidence: word.confidence, symbols: symbols, line: word.line)
        }
    }
}
