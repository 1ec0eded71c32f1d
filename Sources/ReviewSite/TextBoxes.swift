import Foundation
import IngestKit

/// Boxes on a PDF's pages for the cells the schema read from the cleaned text rather than from
/// a geometry cell: their provenance names a cleaned line and the raw text of the number, not a
/// box. The document as the pipeline left it (its checkpoint) maps each cleaned line back to the
/// extracted lines it came from, and each extracted line to the glyph boxes of its characters,
/// so the printed number can be found on the page.
///
/// The numbers of one cleaned line are matched in order: the record's cells of that line, in
/// the template's order, against the line's printed number tokens, in reading order, each cell
/// taking the next token that prints its raw text. A cell whose raw text is not found after the
/// previous cell's (a run of equal cells printed once) takes the first token that prints it; one
/// not found at all is outlined by its whole line.
enum TextBoxes {
    /// A box found for a cell: the page, the box in points, and whether it is the number's own
    /// glyphs or only the line it was read from.
    struct Located: Sendable {
        let page: Int
        let box: Box
        let wholeLine: Bool
    }

    /// A printed number of an extracted line: its text and the union of its glyph boxes.
    struct Token {
        let page: Int
        let text: String
        let box: Box
    }

    /// Boxes for `cells` (those with a cleaned line and no box) in `document`.
    static func locate(_ cells: [RecordCell], in document: Document) -> [String: Located] {
        guard let text = document.text else { return [:] }
        var byLine: [Int: [RecordCell]] = [:]
        for cell in cells {
            guard let origin = cell.provenance, origin.box == nil, let line = origin.line, text.lines.indices.contains(line) else { continue }
            byLine[line, default: []].append(cell)
        }
        var segments: [Int: [[Unicode.Scalar]]] = [:]
        var out: [String: Located] = [:]
        for (line, here) in byLine {
            let refs = text.lines[line].origin
            let tokens = refs.flatMap { ref in
                tokensOf(ref, in: document, segments: &segments)
            }
            var cursor = 0
            for cell in here {
                let raw = cell.provenance!.text.trimmingCharacters(in: .whitespaces)
                if let found = tokens[cursor...].firstIndex(where: { $0.text == raw }) {
                    out[cell.path] = Located(page: tokens[found].page, box: tokens[found].box, wholeLine: false)
                    cursor = found + 1
                } else if let found = tokens.firstIndex(where: { $0.text == raw }) {
                    out[cell.path] = Located(page: tokens[found].page, box: tokens[found].box, wholeLine: false)
                } else if let ref = refs.first, let box = lineBox(ref, in: document) {
                    out[cell.path] = Located(page: ref.page, box: box, wholeLine: true)
                }
            }
        }
        return out
    }

    static func lineBox(_ ref: LineRef, in document: Document) -> Box? {
        guard document.pages.indices.contains(ref.page - 1) else { return nil }
        let lines = document.pages[ref.page - 1].lines
        return lines.indices.contains(ref.line) ? lines[ref.line].box : nil
    }

    /// The number tokens of one extracted line with their glyph boxes. The line's text is the
    /// page text's segment between newlines with spaces put between cells (`extract.pdf`), so
    /// its scalars are matched to the segment's, whose glyph boxes the page keeps.
    static func tokensOf(_ ref: LineRef, in document: Document, segments: inout [Int: [[Unicode.Scalar]]]) -> [Token] {
        guard document.pages.indices.contains(ref.page - 1) else { return [] }
        let page = document.pages[ref.page - 1]
        guard let glyphs = page.glyphs, page.lines.indices.contains(ref.line) else { return [] }
        if segments[ref.page] == nil {
            segments[ref.page] = page.text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
        }
        let all = segments[ref.page]!
        guard all.indices.contains(ref.line) else { return [] }
        let start = all[..<ref.line].reduce(0) { $0 + $1.count + 1 }
        let raw = all[ref.line]
        var rawIndex = 0
        var tokens: [Token] = []
        var current = "", box: Box? = nil
        func flush() {
            if let b = box, PrintedNumber.parse(current) != nil { tokens.append(Token(page: ref.page, text: current, box: b)) }
            current = ""
            box = nil
        }
        for scalar in page.lines[ref.line].text.unicodeScalars {
            var glyph: Box? = nil
            if rawIndex < raw.count, raw[rawIndex] == scalar {
                if start + rawIndex < glyphs.count { glyph = glyphs[start + rawIndex] }
                rawIndex += 1
            }
            if CJK.isWhitespace(scalar: scalar) {
                flush()
            } else {
                current.unicodeScalars.append(scalar)
                if let glyph { box = box.map { $0.union(glyph) } ?? glyph }
            }
        }
        flush()
        return tokens
    }
}
