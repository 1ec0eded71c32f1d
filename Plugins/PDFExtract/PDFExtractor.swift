import CPoppler
import Foundation
import IngestKit

/// `extract.pdf`: a PDF → pages (size, text in reading order, lines with boxes, one glyph box
/// per Unicode scalar) and document metadata, through poppler-glib.
///
/// It recognizes PDFs by content (the bytes start with `%PDF`, whatever the file is called) and
/// passes every other document through untouched, so that `extract.text` after it handles
/// texts and one pipeline takes a folder of mixed PDFs and texts. A file named `.pdf` that is
/// not a PDF, a truncated or corrupt PDF, an encrypted one without the right `password`, and a
/// PDF without pages fail with a `StageError` that says which. Pages without a usable text
/// layer are marked `needsOCR` and reported in `issues`.
///
/// Each document is opened, read and closed inside the task that processes it, so any number
/// of documents can be extracted at once (`--jobs`).
public struct PDFExtractor: Stage {
    public static let name = "extract.pdf"
    public static let summary = "Extracts PDF pages (text, lines and glyph boxes) and metadata with poppler; passes other files on."
    public static let options = [
        OptionSpec("password", .string, "password that opens encrypted PDFs (user or owner password)"),
        OptionSpec("max_pages", .integer, default: 0,
                   "read at most this many pages of a document (0: all); a longer one gets a warning in issues"),
        OptionSpec("timeout_seconds", .number, default: 120,
                   "give up on a document after this many seconds, checked between pages (0: no limit)"),
    ]

    let password: String?
    let maxPages: Int
    let timeout: Duration?

    public init(options: StageOptions) throws {
        password = options.string("password")
        maxPages = options.int("max_pages") ?? 0
        guard maxPages >= 0 else { throw options.invalid("max_pages", "must be 0 (all pages) or more, not \(maxPages)") }
        let seconds = options.double("timeout_seconds") ?? 120
        guard seconds >= 0, seconds.isFinite else {
            throw options.invalid("timeout_seconds", "must be 0 (no limit) or a positive number of seconds, not \(seconds)")
        }
        timeout = seconds > 0 ? .seconds(seconds) : nil
        _ = PopplerKeepAlive.shared
    }

    public func process(_ document: Document, in context: StageContext) async throws -> Document {
        guard document.kind == nil else { return document }
        let sniff = try FileSniff(path: document.source)
        guard sniff.isPDF else {
            if URL(fileURLWithPath: document.source).pathExtension.lowercased() == "pdf" {
                throw StageError("named .pdf but not a PDF: \(sniff.contentDescription)")
            }
            return document
        }
        guard sniff.hasEndMarker else {
            throw StageError("truncated PDF: no %%EOF marker at the end of its \(sniff.size) bytes (an interrupted download?)")
        }
        return try extract(document, stageName: context.stageName)
    }

    /// Opens the PDF, reads its metadata and pages, and closes it.
    func extract(_ document: Document, stageName: String) throws -> Document {
        let deadline = timeout.map { ContinuousClock.now.advanced(by: $0) }
        let pdf = try PopplerDocument(path: document.source, password: password)
        let total = pdf.pageCount
        guard total > 0 else { throw StageError("the PDF has no pages") }
        var out = document
        out.kind = .pdf
        out.metadata = pdf.metadata
        let count = maxPages > 0 ? min(maxPages, total) : total
        if count < total {
            out.addIssue(.warning, "only the first \(count) of \(total) pages were read (option max_pages)", stage: stageName)
        }
        out.pages = []
        out.pages.reserveCapacity(count)
        for index in 0..<count {
            if let deadline, ContinuousClock.now > deadline {
                throw StageError("gave up after \(timeout!) (option timeout_seconds) with \(index) of \(count) pages read")
            }
            try Task.checkCancellation()
            guard let result = pdf.withPage(index, { PageReader.read($0, number: index + 1) }) else {
                throw StageError("corrupt PDF: poppler cannot load page \(index + 1) of \(total)")
            }
            out.pages.append(review(result, in: &out, stageName: stageName))
        }
        return out
    }

    /// Marks a page whose text layer is missing or garbage as needing OCR, and records what
    /// is wrong with it in the document's issues.
    func review(_ result: PageReader.Result, in document: inout Document, stageName: String) -> Page {
        var page = result.page
        if let reason = result.health.ocrReason {
            page.needsOCR = true
            document.addIssue(.warning, "page \(page.number) needs OCR: \(reason)", stage: stageName)
        } else if result.health.garbage > 0 {
            document.addIssue(.info, "page \(page.number): \(result.health.garbage) unreadable characters in the text layer",
                              stage: stageName)
        }
        if let mismatch = result.layoutMismatch {
            document.addIssue(.warning, "page \(page.number): poppler gave \(mismatch.rectangles) glyph boxes for "
                + "\(mismatch.scalars) characters; glyph boxes left out", stage: stageName)
        }
        return page
    }
}
