import Foundation

/// Reads the numbers of a recognised page's ruled tables again, row by row, cell by cell.
///
/// The ruling lines are the grid: every table row that holds a number in a ruled cell is cut
/// into its cells where vertical rules cross it, and the cells of the number columns (the
/// columns where numbers were read on the page) are read together as one strip of digits
/// (`PreparedPage.readRow`), so that a number the page reading missed, or read as a glyph
/// of text, is read too. The page reading and the strip must agree on a cell; where they do
/// not, the row is read a third time at a higher dpi and a fourth by the page's own language
/// model with the digit whitelist, and a value at least two readings give, more than any
/// other value, is kept.
/// A row with a cell no two readings agree on is left out whole: its cells are null rather
/// than wrong, and no number of the row can slide into the place of the one missing.
struct NumberRereader {
    let prepared: PreparedPage
    let rereadDPI: Double
    let pdf: PDFPages
    let pageIndex: Int
    /// The page's recognition languages (the fourth reading's model).
    let languages: String

    struct Outcome {
        var unsettled: [(box: PixelRect, readings: [String], rowSize: Int)] = []
        var checked = 0
        var escalated = 0
    }

    /// A table row: the number cells, left to right, and what each holds on the page reading.
    struct Row {
        var cells: [PixelRect]
        var first: [String?]
    }

    func check(_ words: inout [RecognizedWord]) async throws -> Outcome {
        var outcome = Outcome()
        let rows = tableRows(words)
        guard !rows.isEmpty else { return outcome }
        let engine = try await EnginePool.shared.take(languages: RecognitionSettings.digitLanguages,
                                                      whitelist: RecognitionSettings.digitWhitelist)
        var readings = rows.map { row in prepared.readRow(engine, words: row.cells.map { $0.insetBy(prepared.cellInset * 2) }, cells: row.cells,
                                                          whitelist: whitelist(row.first)).map(\.text) }
        let disputed = rows.indices.filter { r in rows[r].cells.indices.contains { rows[r].first[$0] == nil || rows[r].first[$0] != readings[r][$0] } }
        var thirds: [Int: [String?]] = [:], fourths: [Int: [String?]] = [:]
        if !disputed.isEmpty, let sharp = PreparedPage.sharper(pdf, pageIndex: pageIndex, dpi: rereadDPI, skew: prepared.skewDegrees) {
            let f = rereadDPI / prepared.dpi
            for r in disputed {
                let cells = rows[r].cells.map { $0.scaled(f) }
                thirds[r] = sharp.readRow(engine, words: cells.map { $0.insetBy(sharp.cellInset * 2) }, cells: cells, whitelist: whitelist(rows[r].first)).map(\.text)
            }
        }
        if !disputed.isEmpty {
            // A fourth reading by the page's own language model, digits only, on the same strips.
            let other = try await EnginePool.shared.take(languages: languages, whitelist: RecognitionSettings.digitWhitelist)
            for r in disputed {
                fourths[r] = prepared.readRow(other, words: rows[r].cells.map { $0.insetBy(prepared.cellInset * 2) }, cells: rows[r].cells,
                                              whitelist: whitelist(rows[r].first)).map(\.text)
            }
            await EnginePool.shared.giveBack(other)
        }
        await EnginePool.shared.giveBack(engine)
        outcome.escalated = disputed.map { rows[$0].cells.count }.reduce(0, +)
        let height = medianNumberHeight(words)
        for (r, row) in rows.enumerated() {
            outcome.checked += row.cells.count
            var values: [String] = []
            var unsettled: (Int, [String])?
            for c in row.cells.indices {
                let candidates = [row.first[c], readings[r][c], thirds[r]?[c], fourths[r]?[c]]
                if let a = candidates[0], a == candidates[1] { values.append(a); continue }
                let texts = candidates.map { $0 ?? "" }
                // A sign one reading saw and the agreeing ones did not is not settled.
                if let value = NumberRereader.majority(texts),
                   !texts.contains(where: { $0.first == "-" || $0.first == "+" }) || value.first == "-" || value.first == "+" {
                    values.append(value); continue
                }
                unsettled = (c, texts)
                break
            }
            // Whatever the page reading put in the row's number cells goes; agreed numbers come back.
            words.removeAll { word in row.cells.contains { $0.contains(word.box.midX, word.box.midY) } }
            if let (c, texts) = unsettled {
                outcome.unsettled.append((row.cells[c], texts, row.cells.count))
                continue
            }
            for (cell, value) in zip(row.cells, values) {
                let width = Int(Double(height * value.count) * 0.55)
                let box = PixelRect(x0: cell.midX - width / 2, y0: cell.midY - height / 2, x1: cell.midX + width / 2 + 1, y1: cell.midY + height / 2 + 1)
                words.append(RecognizedWord(text: value, box: box, confidence: 90, symbols: [], line: -1))
            }
        }
        return outcome
    }

    /// The digit whitelist of a row: digits, and the decimal point or sign its page reading shows.
    private func whitelist(_ first: [String?]) -> String {
        var list = "0123456789"
        for extra in [".", "+", "-"] where first.contains(where: { $0?.contains(extra) == true }) { list += extra }
        return list
    }

    /// The table rows of the page that hold a number in a ruled cell, with their number cells.
    func tableRows(_ words: [RecognizedWord]) -> [Row] {
        let numbers = words.filter { NumberReading.digits($0.text) != nil }
        let cells = numbers.map { prepared.cell(of: $0.box) }.filter(\.ruled).map(\.rect)
        guard !cells.isEmpty else { return [] }
        let tolerance = Int(prepared.dpi / 25)
        let columns = cells.map { ($0.x0, $0.x1) }
        let isNumberColumn = { (c: PixelRect) in columns.contains { abs($0.0 - c.x0) <= tolerance && abs($0.1 - c.x1) <= tolerance } }
        var rows: [Row] = []
        for group in prepared.rows(of: cells) {
            let band = cells[group[0]]
            let crossing = prepared.rules.cells(acrossY: band.midY, top: band.y0, bottom: band.y1)
            // The number cells: those in a column where numbers were read, and every cell right
            // of the row's first number (a column of signed changes read as 十25 holds no
            // number on the page reading).
            let firstNumber = group.map { cells[$0].x0 }.min()!
            var rowCells = crossing.filter { isNumberColumn($0) || $0.x0 >= firstNumber - tolerance }
            if rowCells.isEmpty { rowCells = group.map { cells[$0] }.sorted { $0.x0 < $1.x0 } }
            let first = rowCells.map { cell -> String? in
                let inside = words.filter { cell.contains($0.box.midX, $0.box.midY) }.sorted { $0.box.x0 < $1.box.x0 }
                guard !inside.isEmpty else { return nil }
                return NumberReading.digits(inside.map(\.text).joined())
            }
            rows.append(Row(cells: rowCells, first: first))
        }
        return rows
    }

    private func medianNumberHeight(_ words: [RecognizedWord]) -> Int {
        let heights = words.filter { NumberReading.digits($0.text) != nil }.map(\.box.height).sorted()
        return heights.isEmpty ? Int(prepared.dpi / 10) : heights[heights.count / 2]
    }

    /// The number at least two readings give and more readings give than any other number;
    /// nil when there is none (readings of nothing, empty, count for no number).
    static func majority(_ readings: [String]) -> String? {
        let counts = Dictionary(readings.filter { !$0.isEmpty }.map { ($0, 1) }, uniquingKeysWith: +)
        guard let best = counts.max(by: { $0.value < $1.value }), best.value >= 2,
              counts.filter({ $0.value == best.value }).count == 1 else { return nil }
        return best.key
    }
}

extension PixelRect {
    func contains(_ x: Int, _ y: Int) -> Bool { x >= x0 && x < x1 && y >= y0 && y < y1 }
}
