import Foundation
import IngestKit
import Testing
@testable import PDFExtract

@Suite struct BadPDFTests {
    @Test func aFileNamedPDFThatIsAnHTMLPageFailsSayingWhatItIs() async {
        let message = await stageErrorMessage { try await extract(Fixtures.bad("not-a-pdf.pdf")) }
        #expect(message?.contains("named .pdf but not a PDF") == true)
        #expect(message?.contains("HTML") == true)
    }

    @Test func aTruncatedPDFFailsAsTruncated() async {
        let message = await stageErrorMessage { try await extract(Fixtures.bad("truncated.pdf")) }
        #expect(message?.hasPrefix("truncated PDF") == true)
    }

    @Test func aCorruptPDFFailsWithPopplersReason() async {
        let message = await stageErrorMessage { try await extract(Fixtures.bad("corrupt.pdf")) }
        #expect(message?.hasPrefix("corrupt or truncated PDF: poppler says") == true)
    }

    @Test func anEncryptedPDFWithoutAPasswordFailsNamingTheOption() async {
        let message = await stageErrorMessage { try await extract(Fixtures.bad("encrypted.pdf")) }
        #expect(message?.contains("encrypted") == true)
        #expect(message?.contains("'password'") == true)
    }

    @Test func anEncryptedPDFWithAWrongPasswordFailsWithoutEchoingIt() async {
        let message = await stageErrorMessage {
            try await extract(Fixtures.bad("encrypted.pdf"), options: ["password": "wrong-secret"])
        }
        #expect(message?.contains("does not open it") == true)
        #expect(message?.contains("wrong-secret") == false)
    }

    @Test func theRightPasswordOpensAnEncryptedPDF() async throws {
        let document = try await extract(Fixtures.bad("encrypted.pdf"), options: ["password": "gk2023"])
        #expect(document.pages.count == 1)
        #expect(document.pages[0].text.contains("政府信息公开申请"))
    }

    @Test func aPDFWithoutPagesFails() async {
        let message = await stageErrorMessage { try await extract(Fixtures.bad("zero-pages.pdf")) }
        #expect(message == "the PDF has no pages")
    }

    @Test func anImageOnlyPageNeedsOCRAndSaysSo() async throws {
        let document = try await extract(Fixtures.bad("scanned.pdf"))
        #expect(document.pages.map(\.needsOCR) == [true])
        #expect(document.hasTextLayer == false)
        #expect(document.issues.contains { $0.message.contains("page 1 needs OCR: no text layer") })
    }

    @Test func fontsWithoutAUnicodeMapMakeThePageNeedOCR() async throws {
        let document = try await extract(Fixtures.bad("unmapped.pdf"))
        #expect(document.pages.map(\.needsOCR) == [true])
        #expect(document.issues.contains { $0.message.contains("needs OCR: unreadable text layer") })
    }

    @Test func aDocumentOverItsTimeLimitFailsNamingTheOption() async {
        let message = await stageErrorMessage {
            try await extract(Fixtures.path("hl2023.pdf"), options: ["timeout_seconds": 0.000001])
        }
        #expect(message?.contains("timeout_seconds") == true)
    }

    @Test func aNegativePageLimitIsRejectedBeforeAnyDocument() {
        #expect(throws: StageError.self) {
            try PDFExtractor(options: StageOptions(values: ["max_pages": -1], specs: PDFExtractor.options))
        }
    }

    @Test func aNegativeTimeLimitIsRejectedBeforeAnyDocument() {
        #expect(throws: StageError.self) {
            try PDFExtractor(options: StageOptions(values: ["timeout_seconds": -5], specs: PDFExtractor.options))
        }
    }
}
