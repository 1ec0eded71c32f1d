import CPoppler
import Foundation
import IngestKit

/// An open poppler document, owned by the one task that opened it.
///
/// Released (`g_object_unref`) when the value goes away. It is deliberately not `Sendable`:
/// poppler documents must not be shared between tasks, so each task opens its own and closes
/// it before returning.
public final class PopplerDocument {
    private let handle: OpaquePointer

    /// Files up to this size are read into memory in one go and parsed from there; larger ones
    /// are read by poppler from the file as it needs them, so memory stays bounded. Poppler
    /// reads a file 256 bytes at a time, some 660 reads for a 400 KB report (measured with
    /// strace), several of them of the same bytes again. With a password the file is always
    /// read by poppler: poppler-glib 22.12 dereferences a null pointer when a document opened
    /// from memory refuses the password (`BadPDFTests` crashed).
    static let inMemoryLimit = 64 << 20

    /// Opens `path`; a wrong or missing `password` for an encrypted file, or a file poppler
    /// cannot parse, throws a `StageError` that says which.
    public init(path: String, password: String?) throws {
        var error: UnsafeMutablePointer<GError>?
        var info = stat()
        let document: OpaquePointer?
        if password == nil, stat(path, &info) == 0, info.st_size <= Self.inMemoryLimit {
            var contents: UnsafeMutablePointer<gchar>?
            var length: gsize = 0
            guard g_file_get_contents(path, &contents, &length, &error) != 0, let contents else {
                let reason = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
                if let error { g_error_free(error) }
                throw StageError("cannot read the file: \(reason)")
            }
            let bytes = g_bytes_new_take(contents, length)
            defer { g_bytes_unref(bytes) }
            document = poppler_document_new_from_bytes(bytes, nil, &error)
        } else {
            let uri = try Self.fileURI(path)
            defer { g_free(uri) }
            document = poppler_document_new_from_file(uri, password, &error)
        }
        guard let document else { throw Self.openError(error, passwordGiven: password != nil) }
        if let error { g_error_free(error) }
        handle = document
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(handle))
    }

    /// The number of pages poppler found.
    public var pageCount: Int { Int(poppler_document_get_n_pages(handle)) }

    /// The document information dictionary; dates as ISO 8601.
    var metadata: DocumentMetadata {
        var metadata = DocumentMetadata()
        metadata.title = Self.take(poppler_document_get_title(handle))
        metadata.author = Self.take(poppler_document_get_author(handle))
        metadata.creator = Self.take(poppler_document_get_creator(handle))
        metadata.producer = Self.take(poppler_document_get_producer(handle))
        metadata.created = Self.iso8601(poppler_document_get_creation_date_time(handle))
        metadata.modified = Self.iso8601(poppler_document_get_modification_date_time(handle))
        metadata.pageCount = pageCount
        return metadata
    }

    /// Calls `body` with page `index` (0-based), releasing the page afterwards; nil when
    /// poppler cannot load the page.
    public func withPage<T>(_ index: Int, _ body: (OpaquePointer) throws -> T) rethrows -> T? {
        guard let page = poppler_document_get_page(handle, Int32(index)) else { return nil }
        defer { g_object_unref(UnsafeMutableRawPointer(page)) }
        return try body(page)
    }

    // MARK: - GLib helpers

    /// The `file://` URI of a path, made absolute, as a GLib string the caller frees.
    private static func fileURI(_ path: String) throws -> UnsafeMutablePointer<gchar> {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var error: UnsafeMutablePointer<GError>?
        guard let uri = g_filename_to_uri(absolute, nil, &error) else {
            let reason = error.map { String(cString: $0.pointee.message) } ?? "invalid file name"
            if let error { g_error_free(error) }
            throw StageError("cannot make a file URI of the path: \(reason)")
        }
        return uri
    }

    /// Turns poppler's open error into a message a user can act on, and frees it.
    private static func openError(_ error: UnsafeMutablePointer<GError>?, passwordGiven: Bool) -> StageError {
        guard let error else { return StageError("poppler could not open the PDF (no reason given)") }
        defer { g_error_free(error) }
        let message = String(cString: error.pointee.message)
        guard error.pointee.domain == poppler_error_quark() else {
            return StageError("poppler could not open the PDF: \(message)")
        }
        switch UInt32(bitPattern: error.pointee.code) {
        case POPPLER_ERROR_ENCRYPTED.rawValue:
            return StageError(passwordGiven
                ? "the PDF is encrypted and the given password (option 'password') does not open it"
                : "the PDF is encrypted; set the option 'password' of extract.pdf to open it")
        case POPPLER_ERROR_OPEN_FILE.rawValue:
            return StageError("cannot read the file: \(message)")
        default:
            return StageError("corrupt or truncated PDF: poppler says \(message)")
        }
    }

    /// Copies and frees a GLib string; nil for null or blank strings.
    private static func take(_ string: UnsafeMutablePointer<gchar>?) -> String? {
        guard let string else { return nil }
        defer { g_free(string) }
        let value = String(cString: string).trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }

    /// Formats and releases a `GDateTime` as ISO 8601.
    private static func iso8601(_ date: OpaquePointer?) -> String? {
        guard let date else { return nil }
        defer { g_date_time_unref(date) }
        return take(g_date_time_format_iso8601(date))
    }
}

/// One tiny PDF that stays open for the life of the process.
///
/// poppler-glib tears its global state down (font and CMap tables) whenever the last open
/// document is closed and builds it again for the next one; with one document per task that
/// happens for almost every file. Holding one document open keeps that state alive (measured
/// ~11% faster over 100 files). The document is opened from memory (GBytes), never read from
/// and never shared: it only holds a reference.
final class PopplerKeepAlive: @unchecked Sendable {
    /// Opened on first use; `@unchecked Sendable` because nothing ever reads the handle.
    static let shared = PopplerKeepAlive()

    private let handle: OpaquePointer?

    private init() {
        let data = Self.minimalPDF
        let bytes = data.withUnsafeBytes { g_bytes_new($0.baseAddress, gsize($0.count)) }
        defer { g_bytes_unref(bytes) }
        var error: UnsafeMutablePointer<GError>?
        handle = poppler_document_new_from_bytes(bytes, nil, &error)
        if let error { g_error_free(error) }
    }

    /// A valid one-page PDF with an empty page, its cross-reference offsets computed.
    static var minimalPDF: Data {
        let objects = ["<< /Type /Catalog /Pages 2 0 R >>",
                       "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                       "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>"]
        var text = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (i, body) in objects.enumerated() {
            offsets.append(text.utf8.count)
            text += "\(i + 1) 0 obj\n\(body)\nendobj\n"
        }
        let xref = text.utf8.count
        text += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        text += offsets.map { String(format: "%010d 00000 n \n", $0) }.joined()
        text += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(text.utf8)
    }

    /// Whether the document is open (poppler accepted the bytes).
    var isOpen: Bool { handle != nil }
}
