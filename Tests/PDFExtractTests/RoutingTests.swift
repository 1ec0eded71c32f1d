import Foundation
import IngestKit
import Testing
import TextSource
@testable import PDFExtract

/// extract.pdf picks its documents by content, so `extract.pdf` then `extract.text` takes a
/// folder of mixed PDFs and texts.
@Suite struct RoutingTests {
    /// Runs extract.pdf then extract.text, as the default pipeline does.
    func runBoth(_ path: String) async throws -> Document {
        let context = StageContext(outputDirectory: FileManager.default.temporaryDirectory,
                                   workDirectory: FileManager.default.temporaryDirectory, position: 0, stageName: "test")
        let pdf = try PDFExtractor(options: StageOptions(specs: PDFExtractor.options))
        let text = try TextExtract(options: StageOptions(specs: TextExtract.options))
        let afterPDF = try await pdf.process(Document(id: "test", source: path), in: context)
        return try await text.process(afterPDF, in: context)
    }

    @Test func aPDFIsExtractedWhateverItsFileName() async throws {
        let disguised = try Fixtures.copy(Fixtures.path("hl2023.pdf"), as: "report.txt")
        let document = try await runBoth(disguised)
        #expect(document.kind == .pdf)
        #expect(document.pages.count == 5)
    }

    @Test func aTextFileIsPassedOnUntouchedAndReadByExtractText() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdf-routing-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("report.txt").path
        try "一、总体情况\n全年共收到政府信息公开申请12件。\n".write(toFile: path, atomically: true, encoding: .utf8)
        let untouched = try await extract(path)
        #expect(untouched == Document(id: "test", source: path))
        let document = try await runBoth(path)
        #expect(document.kind == .text)
        #expect(document.pages.first?.text.contains("政府信息公开申请") == true)
    }

    @Test func aDocumentAnEarlierStageExtractedIsPassedOn() async throws {
        var document = Document(id: "test", source: Fixtures.path("hl2023.pdf"))
        document.kind = .text
        let out = try await PDFExtractor(options: StageOptions(specs: PDFExtractor.options))
            .process(document, in: StageContext(outputDirectory: FileManager.default.temporaryDirectory,
                                                workDirectory: FileManager.default.temporaryDirectory,
                                                position: 0, stageName: "test"))
        #expect(out == document)
    }
}
