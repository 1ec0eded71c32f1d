import Foundation

/// Reads every number in a ruled cell of a recognised page again on that cell alone, with a
/// digit whitelist. (Numbers of the prose keep tesseract's reading: the tables' numbers are
/// what the record holds.)
///
/// The first reading (tesseract on the whole page) and the second (the cell's crop, digits
/// only) must agree. Where they differ the page is rendered again at a higher dpi,
/// straightened by the same angle, and the cell read a third time: a value two readings give
/// is kept. Otherwise the number, and the other numbers of its table row with it, are left
/// out: the row's cells are null rather than wrong, and no number of the row can slide into
/// the place of the one missing.
struct NumberRereader {
    let prepared: PreparedPage
    let rereadDPI: Double
    let pdf: PDFPages
    let pageIndex: Int

    struct Outcome {
        var unsettled: [(box: PixelRect, readings: [String], rowSize: Int)] = []
        var checked = 0
        var escalated = 0
    }

    /// Checks the numbers among `words`, replacing each by its agreed digits and confidence,
    /// and removing those no two readings agree on.
    func check(_ words: inout [RecognizedWord]) async throws -> Outcome {
        var outcome = Outcome()
        let numbers = words.indices.filter { NumberReading.digits(words[$0].text) != nil && prepared.isInRuledCell(words[$0].box) }
        guard !numbers.isEmpty else { return outcome }
        let engine = try await EnginePool.shared.take(languages: RecognitionSettings.digitLanguages,
                                                      whitelist: RecognitionSettings.digitWhitelist)
        let firsts = numbers.map { NumberReading.digits(words[$0].text)! }
        let seconds = prepared.readCells(engine, around: numbers.map { words[$0].box }, hints: firsts)
        var disputed: [(index: Int, readings: [(String, Double)])] = []
        for (k, i) in numbers.enumerated() {
            let word = words[i]
            let first = firsts[k]
            let second = seconds[k]
            outcome.checked += 1
            if second.text == first {
                if word.text != first { words[i].symbols = [] }
                words[i].text = first
                words[i].confidence = min(word.confidence, second.confidence)
            } else {
                disputed.append((i, [(first, word.confidence), (second.text ?? "", second.confidence)]))
            }
        }
        if !disputed.isEmpty {
            let rows = prepared.rows(of: numbers.map { words[$0].box }).map { $0.map { numbers[$0] } }
            var unsettledRows: [[Int]] = []
            outcome.escalated = disputed.count
            let factor = rereadDPI / prepared.dpi
            let sharp = PreparedPage.sharper(pdf, pageIndex: pageIndex, dpi: rereadDPI, skew: prepared.skewDegrees)
            let thirds = sharp?.readCells(engine, around: disputed.map { words[$0.index].box.scaled(factor) },
                                          hints: disputed.map(\.readings[0].0))
            for (k, d) in disputed.enumerated() {
                var readings = d.readings
                if let thirds { readings.append((thirds[k].text ?? "", thirds[k].confidence)) }
                if let (a, b) = Self.agreeing(readings.map(\.0)) {
                    words[d.index].text = readings[a].0
                    words[d.index].confidence = min(readings[a].1, readings[b].1)
                    words[d.index].symbols = []
                } else {
                    let row = rows.first { $0.contains(d.index) } ?? [d.index]
                    outcome.unsettled.append((words[d.index].box, readings.map(\.0), row.count))
                    unsettledRows.append(row)
                }
            }
            for i in unsettledRows.joined() { words[i].text = "" }
            words.removeAll { $0.text.isEmpty }
        }
        await EnginePool.shared.giveBack(engine)
        return outcome
    }

    /// The first two readings that give the same number.
    static func agreeing(_ readings: [String]) -> (Int, Int)? {
        for a in readings.indices where !readings[a].isEmpty {
            if let b = readings.indices.first(where: { $0 > a && readings[$0] == readings[a] }) { return (a, b) }
        }
        return nil
    }
}
