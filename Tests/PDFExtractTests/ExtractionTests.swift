import Foundation
import IngestKit
import Testing
@testable import PDFExtract

@Suite struct ExtractionTests {
    @Test func theFixtureFolderHoldsAtLeastEightReports() {
        #expect(Fixtures.reports.count >= 8)
    }

    @Test(arguments: Fixtures.reports)
    func everyPageHasTheSameCJKCharactersAsPdftotext(_ name: String) async throws {
        let document = try await extract(Fixtures.path(name))
        let reference = try pdftotextPages(Fixtures.path(name))
        #expect(document.pages.count == reference.count)
        for (page, expected) in zip(document.pages, reference) {
            #expect(cjk(page.text) == cjk(expected), "\(name) page \(page.number)")
            #expect(!cjk(page.text).isEmpty, "\(name) page \(page.number) has no CJK text")
        }
    }

    @Test(arguments: Fixtures.reports)
    func everyPageHasOneGlyphBoxPerUnicodeScalar(_ name: String) async throws {
        let document = try await extract(Fixtures.path(name))
        for page in document.pages {
            #expect(page.glyphs?.count == page.text.unicodeScalars.count, "\(name) page \(page.number)")
        }
    }

    @Test(arguments: Fixtures.reports)
    func everyPageNamesTheFontsItsTextIsSetInAsPdffontsListsThem(_ name: String) async throws {
        let document = try await extract(Fixtures.path(name))
        let listed = try pdffontsNames(Fixtures.path(name))
        for page in document.pages {
            let fonts = try #require(page.fonts, "\(name) page \(page.number)")
            #expect(!fonts.isEmpty && Set(fonts).count == fonts.count, "\(name) page \(page.number): \(fonts)")
            for font in fonts { #expect(listed.contains(font), "\(name) page \(page.number): \(font) is not in \(listed)") }
        }
    }

    @Test func aPageWithoutTextIsSetInNoFont() async throws {
        let document = try await extract(Fixtures.bad("scanned.pdf"))
        #expect(document.pages.map(\.fonts) == [[]])
    }

    @Test func glyphBoxesOfAWordMakeUpPdftotextsBoxForThatWord() async throws {
        let path = Fixtures.path("hl2023.pdf")
        let page = try #require(try await extract(path).pages.first)
        let glyphs = try #require(page.glyphs)
        let scalars = Array(page.text.unicodeScalars)
        var cursor = 0
        var compared = 0
        for word in try pdftotextWords(path, page: 1) {
            let wanted = Array(word.text.unicodeScalars)
            guard let start = find(wanted, in: scalars, from: cursor) else { continue }
            let union = (start..<start + wanted.count).map { glyphs[$0] }.dropFirst()
                .reduce(glyphs[start]) { $0.union($1) }
            for (a, b) in [(union.x0, word.box.x0), (union.y0, word.box.y0), (union.x1, word.box.x1), (union.y1, word.box.y1)] {
                #expect(abs(a - b) < 0.01, "\(word.text): \(union) vs \(word.box)")
            }
            cursor = start + wanted.count
            compared += 1
        }
        #expect(compared > 20)
    }

    @Test func boxesHaveATopLeftOriginInPoints() async throws {
        let page = try #require(try await extract(Fixtures.path("hl2023.pdf")).pages.first)
        #expect(abs((page.width ?? 0) - 595.3) < 0.1 && abs((page.height ?? 0) - 841.9) < 0.1)
        let title = try #require(page.lines.first { $0.text.contains("贺兰县人民政府办公室") }?.box)
        let footer = try #require(page.lines.last { $0.text.contains("-1-") }?.box)
        #expect(title.y0 < 150, "the title is printed near the top")
        #expect(footer.y0 > (page.height ?? 0) * 0.85, "the page number is printed near the bottom")
        #expect(abs(title.midX - (page.width ?? 0) / 2) < 5, "the title is centred")
    }

    @Test func linesAreTheTextCutAtNewlinesEachWithTheBoxOfItsGlyphs() async throws {
        let page = try #require(try await extract(Fixtures.path("hl2023.pdf")).pages.first)
        let pageLines = page.text.trimmingSuffixNewline.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(page.lines.map { $0.text.filter { !$0.isWhitespace } } == pageLines.map { $0.filter { !$0.isWhitespace } })
        #expect(page.lines.filter { !$0.text.allSatisfy(\.isWhitespace) }.allSatisfy { $0.box != nil })
        let glyphs = try #require(page.glyphs)
        let lineOne = page.lines[0]
        let count = lineOne.text.unicodeScalars.count
        let union = (1..<count).reduce(glyphs[0]) { $0.union(glyphs[$1]) }
        let box = try #require(lineOne.box)
        #expect(zip([box.x0, box.y0, box.x1, box.y1], [union.x0, union.y0, union.x1, union.y1]).allSatisfy { abs($0 - $1) < 0.01 })
    }

    @Test func theCellsOfATableRowAreSeparatedInItsLine() async throws {
        let document = try await extract(Fixtures.path("hl2023.pdf"))
        let row = try #require(document.pages.flatMap(\.lines).first { $0.text.hasPrefix("行政规范性文件") })
        let cells = row.text.split(separator: " ").filter { !$0.isEmpty }
        #expect(cells.count == 4, "\(row.text)")
    }

    @Test func metadataComesFromTheDocumentInformation() async throws {
        let document = try await extract(Fixtures.path("xq2022.pdf"))
        #expect(document.kind == .pdf)
        #expect(document.metadata.title == "银川市兴庆区人民政府2022年政府信息公开工作年度报告")
        #expect(document.metadata.author == "银川市兴庆区人民政府")
        #expect(document.metadata.creator == "Writer")
        #expect(document.metadata.producer?.hasPrefix("LibreOffice") == true)
        #expect(document.metadata.created?.contains("T") == true)
        #expect(document.metadata.pageCount == document.pages.count)
    }

    @Test func aTextLayerThatReadsWellRaisesNoIssue() async throws {
        let document = try await extract(Fixtures.path("lt2020.pdf"))
        #expect(document.issues.isEmpty)
        #expect(document.hasTextLayer == true)
    }

    @Test func maxPagesReadsOnlyTheFirstPagesAndSaysSo() async throws {
        let document = try await extract(Fixtures.path("yz2023.pdf"), options: ["max_pages": 2])
        #expect(document.pages.map(\.number) == [1, 2])
        #expect(document.metadata.pageCount ?? 0 > 2)
        #expect(document.issues.contains { $0.severity == .warning && $0.message.contains("max_pages") })
    }

    @Test func concurrentExtractionGivesTheSameDocumentsAsSerial() async throws {
        let paths = Fixtures.reports.map(Fixtures.path)
        var serial: [String: Document] = [:]
        for path in paths { serial[path] = try await extract(path) }
        let concurrent = try await withThrowingTaskGroup(of: (String, Document).self) { group in
            for _ in 0..<3 { for path in paths { group.addTask { (path, try await extract(path)) } } }
            var results: [(String, Document)] = []
            for try await result in group { results.append(result) }
            return results
        }
        #expect(concurrent.count == paths.count * 3)
        for (path, document) in concurrent { #expect(document == serial[path], "\(path)") }
    }
}

// MARK: - pdftotext -bbox

struct BoxedWord {
    var text: String
    var box: Box
}

/// The words of one page with their boxes, as `pdftotext -bbox` prints them.
func pdftotextWords(_ path: String, page: Int) throws -> [BoxedWord] {
    let html = try pdftotextPages(path, extra: ["-bbox", "-f", "\(page)", "-l", "\(page)"]).joined()
    let pattern = #/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>/#
    return html.matches(of: pattern).map { m in
        let text = String(m.5).replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        return BoxedWord(text: text, box: Box(x0: Double(m.1)!, y0: Double(m.2)!, x1: Double(m.3)!, y1: Double(m.4)!))
    }
}

/// The first index at or after `start` where `needle` occurs in `haystack`.
func find(_ needle: [Unicode.Scalar], in haystack: [Unicode.Scalar], from start: Int) -> Int? {
    guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
    return (start...(haystack.count - needle.count)).first { haystack[$0..<$0 + needle.count].elementsEqual(needle) }
}

extension String {
    /// The string without one trailing newline.
    var trimmingSuffixNewline: String { hasSuffix("\n") ? String(dropLast()) : self }
}
