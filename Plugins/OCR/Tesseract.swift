import CTesseract
import Foundation

/// A word tesseract recognised: its text, box (pixels of the image it read), confidence
/// (0–100) and one box per symbol, and the line it belongs to.
struct RecognizedWord: Sendable {
    var text: String
    var box: PixelRect
    var confidence: Double
    var symbols: [(text: String, box: PixelRect)]
    /// Index of the text line, in tesseract's reading order.
    var line: Int
}

/// One tesseract engine (`TessBaseAPI`) loaded with its languages, used by one task at a time
/// (`EnginePool` hands it out); the engine is released with the value.
final class TesseractEngine: @unchecked Sendable {
    private let handle: OpaquePointer
    let languages: String
    let whitelist: String?
    /// Tesseract variables set on the engine beyond its defaults (`page_variables`).
    let variables: [String: String]

    /// Loads `languages` (`chi_sim`, `chi_sim+eng`); with a `whitelist` the engine reads only
    /// those characters, as sparse text (a strip of table cells, each number found on its own)
    /// unless a reading asks for one line.
    init(languages: String, whitelist: String?, variables: [String: String] = [:]) throws {
        guard let api = TessBaseAPICreate() else { throw OCRError.engine("tesseract could not be created") }
        guard TessBaseAPIInit3(api, nil, languages) == 0 else {
            TessBaseAPIDelete(api)
            throw OCRError.engine("tesseract cannot load the languages '\(languages)' (install tesseract-ocr-\(languages.replacingOccurrences(of: "_", with: "-").split(separator: "+").first ?? "")?)")
        }
        for (name, value) in variables.sorted(by: { $0.key < $1.key }) where TessBaseAPISetVariable(api, name, value) == 0 {
            TessBaseAPIEnd(api)
            TessBaseAPIDelete(api)
            throw OCRError.engine("tesseract has no variable '\(name)' to set to '\(value)'")
        }
        handle = api
        self.languages = languages
        self.whitelist = whitelist
        self.variables = variables
        _ = TessBaseAPISetVariable(api, "debug_file", "/dev/null")
        if let whitelist {
            _ = TessBaseAPISetVariable(api, "tessedit_char_whitelist", whitelist)
            _ = TessBaseAPISetVariable(api, "classify_bln_numeric_mode", "1")
            _ = TessBaseAPISetVariable(api, "tessedit_do_invert", "0")
            TessBaseAPISetPageSegMode(api, PSM_SPARSE_TEXT)
        } else {
            TessBaseAPISetPageSegMode(api, PSM_AUTO)
            _ = TessBaseAPISetVariable(api, "preserve_interword_spaces", "0")
        }
    }

    deinit {
        TessBaseAPIEnd(handle)
        TessBaseAPIDelete(handle)
    }

    /// The words of a page image, in reading order, with their symbols; `whitelist` limits
    /// the characters (an engine made for digits); `layout` reads the image another way than
    /// the engine's own (`PSM_SINGLE_LINE`: one line of text; `PSM_SINGLE_BLOCK`: one block).
    func words(in image: Raster, dpi: Int, whitelist: String? = nil, layout: TessPageSegMode? = nil) -> [RecognizedWord] {
        if let whitelist { _ = TessBaseAPISetVariable(handle, "tessedit_char_whitelist", whitelist) }
        if let layout { TessBaseAPISetPageSegMode(handle, layout) }
        defer { if layout != nil { TessBaseAPISetPageSegMode(handle, self.whitelist == nil ? PSM_AUTO : PSM_SPARSE_TEXT) } }
        TessBaseAPISetImage2(handle, image.pix)
        TessBaseAPISetSourceResolution(handle, Int32(dpi))
        defer { TessBaseAPIClear(handle) }
        guard TessBaseAPIRecognize(handle, nil) == 0, let iterator = TessBaseAPIGetIterator(handle) else { return [] }
        defer { TessResultIteratorDelete(iterator) }
        let page = TessResultIteratorGetPageIterator(iterator)
        var words: [RecognizedWord] = []
        var line = -1
        var current: RecognizedWord?
        repeat {
            if TessPageIteratorIsAtBeginningOf(page, RIL_TEXTLINE) != 0 { line += 1 }
            if TessPageIteratorIsAtBeginningOf(page, RIL_WORD) != 0 {
                if let word = current, !word.symbols.isEmpty { words.append(word) }
                current = nil
                if let text = Self.text(iterator, RIL_WORD), let box = Self.box(page, RIL_WORD) {
                    current = RecognizedWord(text: text, box: box, confidence: Double(TessResultIteratorConfidence(iterator, RIL_WORD)),
                                             symbols: [], line: line)
                }
            }
            if current != nil, let symbol = Self.text(iterator, RIL_SYMBOL), let box = Self.box(page, RIL_SYMBOL) {
                current!.symbols.append((symbol, box))
            }
        } while TessResultIteratorNext(iterator, RIL_SYMBOL) != 0
        if let word = current, !word.symbols.isEmpty { words.append(word) }
        return words.filter { !$0.text.allSatisfy(\.isWhitespace) }
    }

    private static func text(_ iterator: OpaquePointer, _ level: TessPageIteratorLevel) -> String? {
        guard let raw = TessResultIteratorGetUTF8Text(iterator, level) else { return nil }
        defer { TessDeleteText(raw) }
        return String(cString: raw)
    }

    private static func box(_ page: OpaquePointer?, _ level: TessPageIteratorLevel) -> PixelRect? {
        var l: Int32 = 0, t: Int32 = 0, r: Int32 = 0, b: Int32 = 0
        guard TessPageIteratorBoundingBox(page, level, &l, &t, &r, &b) != 0, r > l, b > t else { return nil }
        return PixelRect(x0: Int(l), y0: Int(t), x1: Int(r), y1: Int(b))
    }
}

/// Engines kept loaded between pages and documents (loading `chi_sim` takes longer than
/// recognising a small page), handed to one task at a time.
actor EnginePool {
    static let shared = EnginePool()

    private var idle: [String: [TesseractEngine]] = [:]

    /// Runs `body` with an engine for `languages` (and `whitelist`), loading one if none is idle.
    func take(languages: String, whitelist: String?, variables: [String: String] = [:]) throws -> TesseractEngine {
        let key = Self.key(languages, whitelist, variables)
        if let engine = idle[key]?.popLast() { return engine }
        return try TesseractEngine(languages: languages, whitelist: whitelist, variables: variables)
    }

    func giveBack(_ engine: TesseractEngine) {
        idle[Self.key(engine.languages, engine.whitelist, engine.variables), default: []].append(engine)
    }

    private static func key(_ languages: String, _ whitelist: String?, _ variables: [String: String]) -> String {
        ([languages, whitelist ?? ""] + variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: "|")
    }
}

/// At most `limit` recognitions at once across the whole process, so that pages of several
/// documents share the cores (`--jobs`) instead of each document starting its own.
actor RecognitionSlots {
    static let shared = RecognitionSlots()

    private var limit = ProcessInfo.processInfo.activeProcessorCount
    private var busy = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Sets how many recognitions may run at once (the run's `--jobs`).
    func setLimit(_ value: Int) { limit = max(1, value) }

    func acquire() async {
        if busy < limit { busy += 1; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { busy -= 1 } else { waiting.removeFirst().resume() }
    }
}

/// Why OCR could not run.
enum OCRError: Error, CustomStringConvertible {
    case engine(String)
    case render(String)

    var description: String {
        switch self {
        case .engine(let message), .render(let message): return message
        }
    }
}

/// Where the `ocr` stage's time went, summed over the pages it read in this process (for
/// `ingest bench ocr`): rendering with straightening and ruling-line removal, recognition,
/// and the re-reads of numbers.
public actor OCRTimings {
    public static let shared = OCRTimings()

    public struct Totals: Sendable {
        public var render = 0.0, recognise = 0.0, rereads = 0.0
        public var numbers = 0, escalated = 0
    }

    public private(set) var totals = Totals()

    public func reset() { totals = Totals() }

    func add(_ reading: PageReading) {
        totals.render += reading.seconds.render
        totals.recognise += reading.seconds.recognise
        totals.rereads += reading.seconds.rereads
        totals.numbers += reading.numbersChecked
        totals.escalated += reading.numbersEscalated
    }
}
