import Foundation
import Testing
@testable import IngestKit
@testable import TextSource

@Suite struct TextExtractTests {
    func extract(_ data: Data, options: [String: JSONValue] = [:]) async throws -> Document {
        let scratch = try Scratch(); defer { scratch.cleanup() }
        let file = scratch.url.appendingPathComponent("input.txt")
        try data.write(to: file)
        let stage = try TextExtract(options: StageOptions(values: options, specs: TextExtract.options))
        let context = StageContext(outputDirectory: scratch.url, workDirectory: scratch.url, position: 0, stageName: TextExtract.name)
        return try await stage.process(Document(id: "x", source: file.path), in: context)
    }

    @Test func formFeedsSeparatePages() async throws {
        let doc = try await extract(Data("第一页\n第二行\u{0C}第二页\n".utf8))
        #expect(doc.pages.map(\.number) == [1, 2])
        #expect(doc.pages[0].lines.map(\.text) == ["第一页", "第二行"])
        #expect(doc.kind == .text && doc.metadata.encoding == "utf-8")
    }

    @Test func gb18030TextIsDecoded() async throws {
        // "政府信息公开" in GB18030.
        let bytes: [UInt8] = [0xD5, 0xFE, 0xB8, 0xAE, 0xD0, 0xC5, 0xCF, 0xA2, 0xB9, 0xAB, 0xBF, 0xAA]
        let doc = try await extract(Data(bytes))
        #expect(doc.pages[0].text == "政府信息公开")
        #expect(doc.metadata.encoding == "gb18030")
    }

    @Test func binaryInputIsAClearError() async throws {
        await #expect(throws: StageError.self) {
            _ = try await extract(Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00]))
        }
    }

    @Test func aPDFIsLeftToThePDFExtractor() async throws {
        do {
            _ = try await extract(Data("%PDF-1.7\n".utf8))
            Issue.record("a PDF must not be read as text")
        } catch let error as StageError {
            #expect(error.message.contains("extract.pdf"))
        }
    }

    @Test func aTextBeyondMaxBytesFailsNamingItsSizeAndTheLimit() async throws {
        let text = Data("政府信息公开工作年度报告".utf8)  // 36 bytes
        let doc = try await extract(text, options: ["max_bytes": .int(36)])
        #expect(doc.pages[0].text == "政府信息公开工作年度报告")
        do {
            _ = try await extract(text, options: ["max_bytes": .int(35)])
            Issue.record("a text beyond max_bytes must fail")
        } catch let error as StageError {
            #expect(error.message.contains("(36 bytes)"))
            #expect(error.message.contains("(35 bytes)"))
            #expect(error.message.contains("max_bytes"))
        }
    }

    @Test func maxBytesMustBePositive() {
        #expect(throws: (any Error).self) {
            _ = try TextExtract(options: StageOptions(values: ["max_bytes": .int(0)], specs: TextExtract.options))
        }
    }
}
