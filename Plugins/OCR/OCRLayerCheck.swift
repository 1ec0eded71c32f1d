import CPoppler
import Foundation
import IngestKit

/// Decides which pages of a PDF the `ocr` stage reads, and why.
///
/// A text layer that an OCR program laid over a scan is not the document's text: it is a
/// reading, as fallible as ours, and is read again. It is recognised by the PDF's Producer or
/// Creator naming an OCR program, or by a page whose text, set in a glyph-less font (the
/// invisible font OCR programs write their layer in), lies over an image covering the page.
/// Pages with a healthy text layer of their own are not rendered. A PDF whose Producer or
/// Creator names an office program (Word, WPS, LibreOffice…) is not even opened; for others a
/// page's image list is looked at only when its text is set in a glyph-less font (the fonts
/// `extract.pdf` found on the page; the document's font resources are scanned only for pages
/// whose extractor did not say).
enum OCRLayerCheck {
    /// Names in a Producer or Creator that say an OCR program made the text layer.
    static let ocrPrograms = ["tesseract", "ocrmypdf", "abbyy", "finereader", "omnipage", "readiris",
                              "paper capture", "clearscan", "ocr"]
    /// The share of a page an image must cover for the page to be a scan.
    static let pageImageShare = 0.85

    /// The pages to read (1-based), each with why its text layer is not trusted (nil for a
    /// page `extract.pdf` already flagged, or any page under `all`).
    static func pagesToRead(_ document: Document, selection: OCRStage.Selection, password: String?) throws -> [Int: String?] {
        var targets: [Int: String?] = [:]
        switch selection {
        case .none:
            return [:]
        case .all:
            for page in document.pages { targets[page.number] = .some(nil) }
            return targets
        case .flagged:
            break
        }
        for page in document.pages where page.needsOCR { targets[page.number] = .some(nil) }
        let candidates = document.pages.filter { !$0.needsOCR && !$0.text.allSatisfy(\.isWhitespace) }
        guard !candidates.isEmpty else { return targets }
        if let program = producerProgram(document.metadata) {
            for page in candidates { targets[page.number] = "text layer made by an OCR program (\(program))" }
            return targets
        }
        // A PDF an office program wrote has the text it typeset; only other PDFs are opened.
        if officeProgram(document.metadata) != nil { return targets }
        var pdf: PDFPages?
        func opened() throws -> PDFPages {
            if let pdf { return pdf }
            let opened = try PDFPages(path: document.source, password: password)
            pdf = opened
            return opened
        }
        var documentFonts: [String]?
        for page in candidates {
            if page.fonts == nil, documentFonts == nil { documentFonts = Array(try opened().fontNames).sorted() }
            guard let font = (page.fonts ?? documentFonts ?? []).first(where: { $0.lowercased().contains("glyphless") }) else { continue }
            let reason: String? = try opened().withPage(page.number - 1) { handle in
                let share = PDFPages.largestImageShare(handle)
                guard share >= pageImageShare else { return nil }
                return String(format: "text layer in the invisible font %@ over an image covering %.0f%% of the page (an OCR layer)", font, share * 100)
            } ?? nil
            if let reason { targets[page.number] = reason }
        }
        return targets
    }

    /// Names in a Producer or Creator that say an office program typeset the text layer.
    static let officePrograms = ["microsoft", "word", "wps", "kingsoft", "libreoffice", "openoffice", "writer", "excel", "powerpoint"]

    /// The office program the Producer or Creator names, if any (and no OCR program).
    static func officeProgram(_ metadata: DocumentMetadata) -> String? {
        for field in [metadata.producer, metadata.creator].compactMap({ $0 }) {
            let lower = field.lowercased()
            if officePrograms.contains(where: { lower.contains($0) }) { return field }
        }
        return nil
    }

    /// The OCR program the Producer or Creator names, if any.
    static func producerProgram(_ metadata: DocumentMetadata) -> String? {
        for field in [metadata.producer, metadata.creator].compactMap({ $0 }) {
            let lower = field.lowercased()
            if ocrPrograms.contains(where: { lower.contains($0) }) { return field }
        }
        return nil
    }
}
