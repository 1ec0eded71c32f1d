import IngestKit

/// A run of glyphs printed next to each other on one line: a word of a CJK label, a number,
/// a header fragment. The unit that table recovery from geometry works with.
public struct PageWord: Sendable, Equatable {
    public var text: String
    public var box: Box
    /// 1-based page number.
    public var page: Int

    public init(text: String, box: Box, page: Int) {
        self.text = text
        self.box = box
        self.page = page
    }

    /// Whether the word is a number as tables print them (`3985758`, `96171.6`, `+54`, `-66`,
    /// `1,234`), by the one definition every stage shares, `PrintedNumber`.
    public var isNumber: Bool { PrintedNumber.isNumber(text) }
}

/// Groups a page's glyphs into words.
public enum PageWords {
    /// The words of a page, from its text and glyph boxes (one box per Unicode scalar). Words
    /// break at white space, at line breaks of the text, where the next glyph sits on another
    /// line, and where the gap to it is wider than half a glyph's height. A sign printed apart
    /// from its number (`+ 54`) is joined to it.
    public static func words(of page: Page) -> [PageWord] {
        guard let glyphs = page.glyphs else { return [] }
        var words: [PageWord] = []
        var text = ""
        var box: Box? = nil
        func flush() {
            if let b = box, !text.isEmpty { words.append(PageWord(text: text, box: b, page: page.number)) }
            text = ""
            box = nil
        }
        for (index, scalar) in page.text.unicodeScalars.enumerated() {
            guard index < glyphs.count else { break }
            if CJK.isWhitespace(scalar: scalar) {
                flush()
                continue
            }
            let glyph = glyphs[index]
            guard glyph.width >= 0, glyph.height > 0 else { continue }
            if let current = box, !continues(current, with: glyph) { flush() }
            text.unicodeScalars.append(scalar)
            box = box.map { $0.union(glyph) } ?? glyph
        }
        flush()
        return joinSigns(words)
    }

    /// Whether `glyph` continues the word whose box is `current`: on the same line, just after it.
    static func continues(_ current: Box, with glyph: Box) -> Bool {
        let height = max(min(current.height, glyph.height), 1)
        let sameLine = abs(current.midY - glyph.midY) < height * 0.5
        let gap = glyph.x0 - current.x1
        return sameLine && gap < height * 0.5 && gap > -height * 0.5
    }

    private static func joinSigns(_ words: [PageWord]) -> [PageWord] {
        var out: [PageWord] = []
        for word in words {
            if let last = out.last, last.text == "+" || last.text == "-" || last.text == "＋" || last.text == "－",
               word.isNumber, abs(last.box.midY - word.box.midY) < word.box.height * 0.5,
               word.box.x0 - last.box.x1 < word.box.height * 1.5 {
                let sign = (last.text == "-" || last.text == "－") ? "-" : "+"
                out[out.count - 1] = PageWord(text: sign + word.text, box: last.box.union(word.box), page: word.page)
            } else {
                out.append(word)
            }
        }
        return out
    }
}
