import Testing
@testable import PDFExtract

@Suite struct KeepAliveTests {
    @Test func theKeepAliveDocumentIsAValidPDFThatPopplerOpens() {
        #expect(PopplerKeepAlive.shared.isOpen)
    }
}
