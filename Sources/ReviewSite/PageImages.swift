import CPoppler
import Foundation
import IngestKit
import PDFExtract

/// A page of a source PDF as the review site shows it: its size in points (the unit of the
/// record's boxes, top-left origin) and the PNG it was rendered to.
public struct PageImage: Sendable, Equatable {
    public let number: Int
    public let width: Double
    public let height: Double
    /// The PNG's path relative to the site's root.
    public let file: String
}

/// Renders the pages of a source PDF to PNG through poppler-glib and cairo.
///
/// The PNG files are named after the document's id, which is the SHA-256 of the PDF's bytes,
/// so a page already rendered is never rendered again: the same name always holds the same
/// picture. Before rendering, the source's bytes are checked against the id; a source that has
/// changed or gone since the run is reported, never shown beside a record it did not produce.
enum PageImages {
    /// Pixels per point (1.5 = 108 dpi): sharp enough to read a table's digits, small enough
    /// to copy the site anywhere.
    static let scale = 1.5

    /// The pages of `record`'s source, rendering those whose PNG under `root` is missing;
    /// `rendered` counts the pages drawn.
    static func pages(of record: ReviewRecord, root: URL, rendered: inout Int) throws -> [PageImage] {
        let path = record.source
        guard FileManager.default.fileExists(atPath: path) else {
            throw ReviewSiteError("the source \(path) is not there any more")
        }
        guard try SHA256.hex(ofFileAt: URL(fileURLWithPath: path)) == record.id else {
            throw ReviewSiteError("the source \(path) has changed since it was ingested (its SHA-256 is not the record's id)")
        }
        let document = try PopplerDocument(path: path, password: nil)
        let folder = "pages/\(record.id)"
        try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        var out: [PageImage] = []
        for index in 0..<document.pageCount {
            let file = "\(folder)/\(index + 1).png"
            let target = root.appendingPathComponent(file)
            let made: PageImage? = try document.withPage(index) { page in
                var width = 0.0, height = 0.0
                poppler_page_get_size(page, &width, &height)
                if !FileManager.default.fileExists(atPath: target.path) {
                    try render(page, width: width, height: height, to: target)
                    rendered += 1
                }
                return PageImage(number: index + 1, width: width, height: height, file: file)
            }
            if let made { out.append(made) }
        }
        return out
    }

    /// Draws one page on white at `scale` and writes it as PNG (to a temporary name, then
    /// renamed, so an interrupted run never leaves half a picture under the final name).
    private static func render(_ page: OpaquePointer, width: Double, height: Double, to target: URL) throws {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32((width * scale).rounded(.up)),
                                                 Int32((height * scale).rounded(.up)))
        defer { cairo_surface_destroy(surface) }
        let context = cairo_create(surface)
        cairo_set_source_rgb(context, 1, 1, 1)
        cairo_paint(context)
        cairo_scale(context, scale, scale)
        poppler_page_render(page, context)
        cairo_destroy(context)
        let temporary = target.path + ".tmp"
        let status = cairo_surface_write_to_png(surface, temporary)
        guard status == CAIRO_STATUS_SUCCESS, rename(temporary, target.path) == 0 else {
            unlink(temporary)
            throw ReviewSiteError("cannot write \(target.path): \(String(cString: cairo_status_to_string(status)))")
        }
    }
}
