import CPoppler
import Foundation

/// An open poppler document for one task: pages to render and what the PDF says about its
/// images and producer. Not `Sendable`: poppler documents are never shared between tasks.
final class PDFPages {
    private let handle: OpaquePointer

    init(path: String, password: String?) throws {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var error: UnsafeMutablePointer<GError>?
        guard let uri = g_filename_to_uri(absolute, nil, &error) else {
            if let error { g_error_free(error) }
            throw OCRError.render("cannot make a file URI of \(path)")
        }
        defer { g_free(uri) }
        guard let document = poppler_document_new_from_file(uri, password, &error) else {
            let reason = error.map { String(cString: $0.pointee.message) } ?? "no reason given"
            if let error { g_error_free(error) }
            throw OCRError.render("poppler could not open the PDF: \(reason)")
        }
        handle = document
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(handle)) }

    var count: Int { Int(poppler_document_get_n_pages(handle)) }

    /// Calls `body` with page `index` (0-based); nil when poppler cannot load it.
    func withPage<T>(_ index: Int, _ body: (OpaquePointer) throws -> T) rethrows -> T? {
        guard let page = poppler_document_get_page(handle, Int32(index)) else { return nil }
        defer { g_object_unref(UnsafeMutableRawPointer(page)) }
        return try body(page)
    }

    /// The share of the page (0–1) that its largest image covers.
    static func largestImageShare(_ page: OpaquePointer) -> Double {
        var width = 0.0, height = 0.0
        poppler_page_get_size(page, &width, &height)
        guard width > 0, height > 0 else { return 0 }
        let list = poppler_page_get_image_mapping(page)
        defer { poppler_page_free_image_mapping(list) }
        var best = 0.0
        var node = list
        while let n = node {
            if let data = n.pointee.data {
                let area = data.assumingMemoryBound(to: PopplerImageMapping.self).pointee.area
                let w = min(area.x2, width) - max(area.x1, 0), h = min(area.y2, height) - max(area.y1, 0)
                if w > 0, h > 0 { best = max(best, w * h / (width * height)) }
            }
            node = n.pointee.next
        }
        return best
    }

    /// The names of the fonts the document's pages use, from their resources (no page is
    /// laid out or rendered for it).
    var fontNames: Set<String> {
        guard let info = poppler_font_info_new(handle) else { return [] }
        defer { poppler_font_info_free(info) }
        var iterator: OpaquePointer?
        var names = Set<String>()
        guard poppler_font_info_scan(info, Int32(count), &iterator) != 0, let iterator else { return [] }
        defer { poppler_fonts_iter_free(iterator) }
        repeat {
            if let name = poppler_fonts_iter_get_name(iterator) { names.insert(String(cString: name)) }
        } while poppler_fonts_iter_next(iterator) != 0
        return names
    }
}
