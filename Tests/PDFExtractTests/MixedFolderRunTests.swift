import Foundation
import IngestKit
import Testing
import TextSource
@testable import PDFExtract

/// One run over a folder of reports, texts and bad PDFs, several documents at a time.
@Suite struct MixedFolderRunTests {
    /// A folder holding two reports, a text, an HTML page named .pdf and an encrypted PDF.
    func mixedFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdf-mixed-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (source, name) in [(Fixtures.path("hl2023.pdf"), "hl2023.pdf"), (Fixtures.path("lt2020.pdf"), "lt2020.pdf"),
                               (Fixtures.bad("not-a-pdf.pdf"), "not-a-pdf.pdf"), (Fixtures.bad("encrypted.pdf"), "encrypted.pdf")] {
            try FileManager.default.copyItem(at: URL(fileURLWithPath: source), to: folder.appendingPathComponent(name))
        }
        try "二、主动公开政府信息情况\n规章 0 0 0\n".write(to: folder.appendingPathComponent("report.txt"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func aRunWithTwoJobsExtractsTheGoodDocumentsAndNamesTheBadOnes() async throws {
        let folder = try mixedFolder()
        let registry = StageRegistry([PDFExtractor.self, TextExtract.self])
        let config = try PipelineConfig.parse(Data(#"{"stages": [{"stage": "extract.pdf"}, {"stage": "extract.text"}]}"#.utf8),
                                              file: "test.json", registry: registry)
        let settings = RunSettings(configFile: "test.json", outputDirectory: folder.appendingPathComponent("out"),
                                   workDirectory: folder.appendingPathComponent("work"), jobs: 2)
        let inputs = ["encrypted.pdf", "hl2023.pdf", "lt2020.pdf", "not-a-pdf.pdf", "report.txt"].map {
            folder.appendingPathComponent($0).path
        }
        let report = try await Runner(config: config, settings: settings).run(files: inputs)
        #expect(report.documents == 5)
        let failed = report.failures.map { URL(fileURLWithPath: $0.source).lastPathComponent }.sorted()
        #expect(failed == ["encrypted.pdf", "not-a-pdf.pdf"])
        #expect(report.failures.allSatisfy { $0.stage == "extract.pdf" })
    }
}
