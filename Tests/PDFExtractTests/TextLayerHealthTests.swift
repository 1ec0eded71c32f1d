import Testing
@testable import PDFExtract

@Suite struct TextLayerHealthTests {
    func health(of text: String) -> TextLayerHealth {
        var health = TextLayerHealth()
        for scalar in text.unicodeScalars { health.observe(scalar) }
        health.noteCIDMarkers(in: text)
        return health
    }

    @Test func ordinaryReportTextIsHealthy() {
        #expect(health(of: "一、总体情况\n全年共收到政府信息公开申请 12 件（其中网络申请 7 件）。").ocrReason == nil)
    }

    @Test func aPageOfWhitespaceHasNoTextLayer() {
        #expect(health(of: " \n\u{3000}\n").ocrReason?.hasPrefix("no text layer") == true)
    }

    @Test func replacementCharactersAreGarbage() {
        #expect(health(of: "政府\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}信息").ocrReason?.hasPrefix("unreadable") == true)
    }

    @Test func privateUseCharactersAreGarbage() {
        #expect(health(of: "\u{E012}\u{E0A7}\u{E3F1}公开").ocrReason?.hasPrefix("unreadable") == true)
    }

    @Test func cidMarkersAreGarbage() {
        #expect(health(of: "(cid:1234)(cid:88)(cid:907) 年度报告").ocrReason?.hasPrefix("unreadable") == true)
    }

    @Test func aFewStrayCharactersAreCountedButDoNotCallForOCR() {
        let text = String(repeating: "政府信息公开工作年度报告", count: 10) + "\u{FFFD}"
        let result = health(of: text)
        #expect(result.garbage == 1)
        #expect(result.ocrReason == nil)
    }
}
