import Foundation
import IngestKit

/// Turns recognised words into a page in the form `extract.pdf` gives: text in reading order,
/// lines with boxes, and one glyph box per Unicode scalar of the text, so that table
/// recovery and the schema read a scan with the code that reads born-digital PDFs.
///
/// Lines are rebuilt from the words' positions (words whose centres lie within half a glyph
/// height of a line's centre, left to right), not taken from tesseract's blocks, which read a
/// table column by column. Within a line words are separated as `extract.pdf` separates
/// glyphs: nothing where they touch, a space across a word gap, two across a column gap.
enum OCRGeometry {
    static func page(number: Int, width: Double, height: Double, words: [OCRWord]) -> (page: Page, confidence: Data) {
        var text = ""
        var boxes: [IngestKit.Box] = []
        var confidence = Data()
        var textLines: [TextLine] = []
        for line in lines(of: words) {
            var lineText = ""
            var previous: OCRWord?
            var lineBox = line[0].box
            for word in line {
                if let previous {
                    let gap = word.box.x0 - previous.box.x1
                    let unit = max(min(word.box.height, previous.box.height), 1)
                    // A label's numbering split from its mark (`1` `.信访…`) stays one numbering.
                    let numbering = (1...2).contains(previous.text.count) && previous.text.allSatisfy { $0.isASCII && $0.isNumber }
                        && word.text.first.map { ".．、".contains($0) } == true
                    let separator = gap > unit ? "  " : gap > unit / 3 && !numbering ? " " : ""
                    let space = IngestKit.Box(x0: previous.box.x1, y0: word.box.y0, x1: max(previous.box.x1, word.box.x0), y1: word.box.y1)
                    for s in separator.unicodeScalars {
                        lineText.unicodeScalars.append(s); boxes.append(space); confidence.append(100)
                    }
                }
                let glyphs = glyphBoxes(word)
                for (scalar, box) in zip(word.text.unicodeScalars, glyphs) {
                    lineText.unicodeScalars.append(scalar)
                    boxes.append(box)
                    confidence.append(UInt8(max(0, min(100, word.confidence.rounded()))))
                }
                lineBox = lineBox.union(word.box)
                previous = word
            }
            textLines.append(TextLine(text: lineText, box: lineBox))
            text += lineText + "\n"
            boxes.append(IngestKit.Box(x0: lineBox.x1, y0: lineBox.y0, x1: lineBox.x1, y1: lineBox.y1))
            confidence.append(100)
        }
        let page = Page(number: number, width: width, height: height, text: text, lines: textLines,
                        glyphs: GlyphBoxes(boxes), needsOCR: false)
        return (page, confidence)
    }

    /// One box per scalar: the symbols' own boxes where tesseract gave one per character,
    /// otherwise the word's box shared evenly.
    static func glyphBoxes(_ word: OCRWord) -> [IngestKit.Box] {
        let scalars = word.text.unicodeScalars.count
        if word.symbols.count == word.text.count, word.text.count == scalars { return word.symbols.map(\.box) }
        let step = word.box.width / Double(max(scalars, 1))
        return (0..<scalars).map { i in
            IngestKit.Box(x0: word.box.x0 + Double(i) * step, y0: word.box.y0, x1: word.box.x0 + Double(i + 1) * step, y1: word.box.y1)
        }
    }

    /// Words grouped into lines, top to bottom, each line left to right.
    static func lines(of words: [OCRWord]) -> [[OCRWord]] {
        var lines: [(mid: Double, height: Double, words: [OCRWord])] = []
        for word in words.sorted(by: { $0.box.midY < $1.box.midY }) {
            if let i = lines.indices.last(where: { abs(lines[$0].mid - word.box.midY) < max(lines[$0].height, word.box.height) * 0.5 }) {
                let n = Double(lines[i].words.count)
                lines[i].mid = (lines[i].mid * n + word.box.midY) / (n + 1)
                lines[i].height = max(lines[i].height, word.box.height)
                lines[i].words.append(word)
            } else {
                lines.append((word.box.midY, word.box.height, [word]))
            }
        }
        return lines.sorted { $0.mid < $1.mid }.map { $0.words.sorted { $0.box.x0 < $1.box.x0 } }
    }
}
