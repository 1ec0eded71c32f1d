import Foundation

/// Reads every number of a recognised page again on its own cell, with a digit whitelist.
///
/// The first reading (tesseract on the whole page) and the second (the cell's crop, digits
/// only) must agree. Where they differ the page is rendered again at a higher dpi,
/// straightened by the same angle, and the cell read a third time: a value two readings give
/// is kept; otherwise the number is left out, so that its cell is null rather than wrong.
struct NumberRereader {
    let prepared: PreparedPage
    let dpi: Double
    let rereadDPI: Double
    let pdf: PDFPages
    let pageIndex: Int

    struct Outcome {
        var unsettled: [(box: PixelRect, readings: [String])] = []
        var checked = 0
        var escalated = 0
    }

    /// Checks the numbers among `words`, replacing each by its agreed digits and confidence,
    /// and removing those no two readings agree on.
    func check(_ words: inout [RecognizedWord]) async throws -> Outcome {
        var outcome = Outcome()
        let numbers = words.indices.filter { NumberReading.digits(words[$0].text) != nil }
        guard !numbers.isEmpty else { return outcome }
        let engine = try await EnginePool.shared.take(languages: RecognitionSettings.digitLanguages,
                                                      whitelist: RecognitionSettings.digitWhitelist)
        var disputed: [(index: Int, crop: PixelRect, readings: [(String, Double)])] = []
        for i in numbers {
            let word = words[i]
            let first = NumberReading.digits(word.text)!
            let crop = cellCrop(word, among: words)
            let second = read(engine, prepared.clean, crop, dpi: dpi)
            outcome.checked += 1
            if second.text == first {
                words[i].text = first
                words[i].confidence = min(word.confidence, second.confidence)
                if word.text != first { words[i].symbols = [] }
            } else {
                disputed.append((i, crop, [(first, word.confidence), (second.text ?? "", second.confidence)]))
            }
        }
        if !disputed.isEmpty {
            outcome.escalated = disputed.count
            let factor = rereadDPI / dpi
            let sharp = pdf.withPage(pageIndex) { PageRenderer.render($0, dpi: rereadDPI) } ?? nil
            let straight = sharp.flatMap { prepared.straighten($0) }
            for d in disputed {
                var readings = d.readings
                if let straight {
                    let third = read(engine, straight, d.crop.scaled(factor), dpi: rereadDPI)
                    readings.append((third.text ?? "", third.confidence))
                }
                let agreed = readings.indices.flatMap { a in readings.indices.filter { $0 > a }.map { (a, $0) } }
                    .first { readings[$0.0].0 == readings[$0.1].0 && !readings[$0.0].0.isEmpty }
                if let (a, b) = agreed {
                    words[d.index].text = readings[a].0
                    words[d.index].confidence = min(readings[a].1, readings[b].1)
                    words[d.index].symbols = []
                } else {
                    outcome.unsettled.append((words[d.index].box, readings.map(\.0)))
                    words[d.index].text = ""
                }
            }
            words.removeAll { $0.text.isEmpty }
        }
        await EnginePool.shared.giveBack(engine)
        return outcome
    }

    /// The digits a cell's crop reads as (nil when it reads as no number) and the confidence.
    private func read(_ engine: TesseractEngine, _ image: Raster, _ rect: PixelRect, dpi: Double) -> (text: String?, confidence: Double) {
        guard let crop = image.crop(rect), let padded = crop.padded(Int(dpi / 20)) else { return (nil, 0) }
        let line = engine.line(in: padded, dpi: Int(dpi))
        return (NumberReading.digits(line.text), line.confidence)
    }

    /// Where a number's digits are read again: its ruled cell, but no further than a glyph
    /// height around the word (a wide cell holds nothing else), and never over another word.
    func cellCrop(_ word: RecognizedWord, among words: [RecognizedWord]) -> PixelRect {
        let h = max(word.box.height, Int(dpi / 12))
        let cell = prepared.rules.cell(around: word.box, reach: Int(dpi * 0.8), pad: h / 3)
        var crop = PixelRect(x0: max(cell.x0, word.box.x0 - h), y0: max(cell.y0, word.box.y0 - h / 2),
                             x1: min(cell.x1, word.box.x1 + h), y1: min(cell.y1, word.box.y1 + h / 2))
        for other in words where other.box != word.box && overlaps(other.box, crop) {
            if other.box.x1 <= word.box.x0 { crop.x0 = max(crop.x0, other.box.x1 + 1) }
            else if other.box.x0 >= word.box.x1 { crop.x1 = min(crop.x1, other.box.x0 - 1) }
            else if other.box.y1 <= word.box.y0 { crop.y0 = max(crop.y0, other.box.y1 + 1) }
            else if other.box.y0 >= word.box.y1 { crop.y1 = min(crop.y1, other.box.y0 - 1) }
        }
        return crop
    }

    private func overlaps(_ a: PixelRect, _ b: PixelRect) -> Bool {
        a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
    }
}
