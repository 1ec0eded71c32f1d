import CTesseract
import Foundation
import IngestKit

/// Reads the numbers of a recognised page's ruled tables again, row by row, cell by cell.
///
/// The ruling lines are the grid: every table row that holds a number in a ruled cell is cut
/// into its cells where vertical rules cross it, and the cells of the number columns (the
/// columns where numbers were read on the page) are read together as one strip of digits
/// (`PreparedPage.readRow`) as one line of text, so that a number the page reading missed,
/// or read as a glyph of text, is read too (the later readings take the strip as sparse
/// text: each way of finding the words loses digits the other keeps, a lone `0` between
/// wide gaps, say, so their errors differ). Each cell's glyphs are also read by their shapes (`DigitShapes`,
/// learnt from the cells where the page reading and the strip agree). The page reading and
/// the strip must agree on a cell, and the shapes not contradict them; or the shapes agree
/// with one reading and the other read nothing. Otherwise the row is read a third time at a
/// higher dpi and a fourth by the page's own language model with the digit whitelist, and a
/// value at least two readings give, more than any other value, is kept, if the shapes do
/// not say otherwise. The shapes are never a reading on their own. Cells left open in a row
/// the template's totals tie together (table 三's, table 四's) take the one choice of their own
/// readings that meets the totals: the arithmetic is the second reading.
/// A row with a cell no two readings agree on is left out whole, each of its cells printing
/// `PrintedNumber.unreadable`: its cells are null rather than wrong, no number of the row can
/// slide into the place of the one missing, and no other row's numbers into its place. In a
/// row of groups each closed by a total (table 四's), only the group of that cell is.
struct NumberRereader {
    let prepared: PreparedPage
    let rereadDPI: Double
    /// The page's recognition languages (the fourth reading's model).
    let languages: String

    struct Outcome {
        /// Numbers left out: their box, their readings, and how many numbers their table row
        /// held (nil: a number standing apart, read on the page, on its cell, at the higher dpi
        /// and by the page's language model, then by the shapes).
        var unsettled: [(box: PixelRect, readings: [String], rowSize: Int?)] = []
        var checked = 0
        var escalated = 0
        /// How many digits the page's agreed cells taught the shape reading (0: none, or the
        /// shapes did not read back their own examples).
        var learntDigits = 0
    }

    /// A table row: the number cells, left to right, and what each holds on the page reading.
    struct Row {
        var cells: [PixelRect]
        var first: [String?]
        /// A row of the grid where the page reading read no number (between two rows with
        /// numbers, or printing only digit shapes): kept only where the readings settle every
        /// cell and the shapes contradict none, read at least half of them or the row meets the
        /// template's totals.
        var unread = false
        /// A lone cell around a number the page reading read (a value cell spanning the
        /// table): left unsettled, it is marked unreadable whatever its glyphs look like, never
        /// dropped (so the numbers beside it keep their columns) nor kept as the page read it.
        var lone = false
    }

    func check(_ words: inout [RecognizedWord]) async throws -> Outcome {
        var outcome = Outcome()
        let rows = tableRows(words)
        guard !rows.isEmpty else {
            try await checkLoose(&words, shapes: nil, outcome: &outcome)
            return outcome
        }
        let engine = try await EnginePool.shared.take(languages: RecognitionSettings.digitLanguages,
                                                      whitelist: RecognitionSettings.digitWhitelist)
        let readings = rows.map { row in prepared.readCells(engine, row.cells, whitelist: whitelist(row.first), oneLine: true).map(\.text) }
        let shapes = shapeReadings(rows, agreed: readings)
        outcome.learntDigits = shapes.learnt?.known.count ?? 0
        // A cell with no ink that no reading read anything in is blank (a column where other
        // rows print numbers: table 二's 2019 items, a group label's column beside the numbers):
        // settled as nothing, and nothing is printed in it.
        let early = rows.indices.map { r in
            rows[r].cells.indices.map { c -> String? in
                if case .blank = shapes.cuts[r][c], (rows[r].first[c] ?? "").isEmpty, (readings[r][c] ?? "").isEmpty { return "" }
                return Self.settledEarly(page: rows[r].first[c], strip: readings[r][c], shape: shapes.readings[r][c])
            }
        }
        let disputed = rows.indices.filter { r in early[r].contains(nil) }
        var thirds: [Int: [String?]] = [:], fourths: [Int: [String?]] = [:], fifths: [Int: [String?]] = [:]
        let disputedCells = disputed.flatMap { rows[$0].cells }
        let sharp = disputedCells.first.flatMap { first in
            prepared.sharper(dpi: rereadDPI, around: disputedCells.reduce(first) { $0.union($1) })
        }
        if let sharp {
            for r in disputed {
                // The whole row is read (a lone digit reads far better among its row's), and the
                // open cells' readings kept.
                let read = sharp.readCells(engine, rows[r].cells.map(sharp.cell), whitelist: whitelist(rows[r].first)).map(\.text)
                thirds[r] = rows[r].cells.indices.map { early[r][$0] == nil ? read[$0] : nil }
            }
        }
        // A fourth reading by the page's own language model, digits only, on the same strips,
        // of the rows with an open cell whose value it could still change (whole rows: the
        // strip reads a lone digit far better among its row's); a row whose open cells three
        // readings settle whatever a fourth would give is not read again.
        let fourthRows = disputed.filter { r in
            let signs = whitelist(rows[r].first).contains { $0 == "-" || $0 == "+" }
            return rows[r].cells.indices.contains { c in
                early[r][c] == nil && Self.settledWhatever(texts: [rows[r].first[c], readings[r][c], thirds[r]?[c]].map { $0 ?? "" },
                                                           shape: shapes.readings[r][c], signs: signs) == nil
            }
        }
        if !fourthRows.isEmpty {
            let other = try await EnginePool.shared.take(languages: languages, whitelist: RecognitionSettings.digitWhitelist)
            for r in fourthRows {
                fourths[r] = prepared.readCells(other, rows[r].cells, whitelist: whitelist(rows[r].first)).map(\.text)
            }
            await EnginePool.shared.giveBack(other)
        }
        // A fifth reading of a cell the strip alone read (the page reading and the sparser
        // readings at the higher dpi and by the page's language model found nothing: a lone
        // digit in a wide cell beside grain): the row's strip read as one line again, at the
        // higher dpi. Two single-line readings at two resolutions that agree settle it.
        if let sharp {
            for r in disputed {
                let lone = rows[r].cells.indices.filter { c in
                    early[r][c] == nil && !(readings[r][c] ?? "").isEmpty
                        && [rows[r].first[c], thirds[r]?[c], fourths[r]?[c]].allSatisfy { ($0 ?? "").isEmpty }
                }
                guard !lone.isEmpty else { continue }
                let read = sharp.readCells(engine, rows[r].cells.map(sharp.cell), whitelist: whitelist(rows[r].first), oneLine: true).map(\.text)
                fifths[r] = rows[r].cells.indices.map { lone.contains($0) ? read[$0] : nil }
            }
        }
        await EnginePool.shared.giveBack(engine)
        outcome.escalated = disputed.map { rows[$0].cells.count }.reduce(0, +)
        let height = tablesDigitHeight(words)
        for (r, row) in rows.enumerated() {
            outcome.checked += row.cells.count
            var found: [String?] = []
            var open: [(Int, [String])] = []
            var choices: [Int: [String]] = [:]
            for c in row.cells.indices {
                if let value = early[r][c] { found.append(value); continue }
                let shape = shapes.readings[r][c]
                let texts = [row.first[c], readings[r][c], thirds[r]?[c], fourths[r]?[c]].map { $0 ?? "" }
                if let value = Self.settled(tesseract: texts, shape: shape) { found.append(value); continue }
                // The fifth reading settles a cell only by agreeing with the strip; otherwise it
                // is no choice for the totals (a `2` read `8` at the higher dpi would be one).
                if let fifth = fifths[r]?[c], fifth == readings[r][c], Self.settled(tesseract: texts + [fifth], shape: shape) == fifth {
                    found.append(fifth)
                    continue
                }
                found.append(nil)
                open.append((c, texts + [shape?.description ?? ""]))
                choices[c] = Self.fillChoices(tesseract: texts, shape: shape)
            }
            // Cells left open in a row the template's totals tie together: the one choice among
            // their own readings that meets the totals.
            if !open.isEmpty, let filled = Self.fillMeetingTotals(found, readings: choices) {
                found = filled
                open = []
            }
            // A row of several groups each closed by its total (table 四's three): a group whose
            // open cells its own total settles is read, one that stays open is printed
            // unreadable, and the other groups keep their numbers.
            if !open.isEmpty, let groups = Self.fillGroups(found, readings: choices) {
                found = groups.row
                for (c, texts) in open where groups.unread.contains(c) { outcome.unsettled.append((row.cells[c], texts, groups.size)) }
                open = []
            }
            var values = found.compactMap { $0 }
            let unsettled = open.first
            if row.unread {
                guard unsettled == nil, Self.keepsUnreadRow(values, shapes: shapes.readings[r]) else { continue }
            }
            // Whatever the page reading put in the row's number cells goes, or between two of
            // them (a rule between cells read as `1`, a mark on a rule as `|，` or `站`), and a
            // number it read reaching into one (`II5`: a rule's trace before a digit); agreed
            // numbers come back.
            let (top, bottom) = (row.cells.map(\.y0).min()!, row.cells.map(\.y1).max()!)
            let (left, right) = (row.cells[0].x0, row.cells[row.cells.count - 1].x1)
            words.removeAll { word in
                (left..<right).contains(word.box.midX) && (top..<bottom).contains(word.box.midY)
                    || row.cells.contains { $0.holdsPart(of: word.box) } && NumberReading.digits(word.text) != nil
            }
            // An unsettled row of numbers keeps its place: each cell prints the mark of a number
            // that could not be read, so that no other row's numbers are taken for its own. (A
            // row of text, a header misread as holding a number, is left out unmarked.)
            if let (c, texts) = unsettled {
                outcome.unsettled.append((row.cells[c], texts, row.cells.count))
                guard row.lone || shapes.cuts[r].filter({ Self.printsDigits($0, height: height) }).count * 2 >= row.cells.count else { continue }
                values = row.cells.map { _ in String(PrintedNumber.unreadable) }
                // Cells whose ink stands on several lines span rows whose rule was not found:
                // each of those rows is marked, so that none goes missing from the table.
                // Most of a row's cells must stand on several lines (a lone cell on two lines is
                // a label's numbering or a wrapped figure, not rows run together).
                let stacked = shapes.cuts[r].compactMap { cut -> [Int]? in if case .lines(let mids) = cut { mids } else { nil } }
                let lines = row.cells.count >= 2 && stacked.count * 2 > row.cells.count
                    ? stacked.max { $0.count < $1.count }! : [row.cells[0].midY]
                for y in lines { mark(values, in: row.cells, atY: y, height: height, into: &words) }
                continue
            }
            mark(values, in: row.cells, atY: nil, height: height, into: &words)
        }
        try await readLabels(of: rows, into: &words)
        try await checkLoose(&words, shapes: shapes.learnt, outcome: &outcome)
        return outcome
    }

    /// The numbers no table row checked that stand apart on their line as a table's values do
    /// (a gap of two of their heights, or the line's end, on either side): the values of a
    /// table whose cells no dark rule divides (shaded cells parted by white gaps), a figure on
    /// a line of its own. The page reading alone is no proof of them: each is read again, on
    /// its cell, with the digit whitelist; one the two readings give differently is read twice
    /// more, and unless the readings settle it as a table's cell (`settled`: the page's digit
    /// `shapes` not saying otherwise) it prints the mark of a number that could not be read
    /// (`PrintedNumber.unreadable`), its readings in `outcome.unsettled`.
    /// Numbers inside prose (close to the words around them) are left to the sentence they
    /// belong to, numbers in ruled cells to the table rows.
    func checkLoose(_ words: inout [RecognizedWord], shapes: DigitShapes?, outcome: inout Outcome) async throws {
        // In a ruled cell a number no table row took is a label's numbering or a mark on a
        // rule, which the rows' reading has dealt with.
        let typical = Self.typicalNumberHeight(words)
        let loose = Self.standingApart(words).filter { !prepared.isInRuledCell(words[$0].box) }
            .filter { Self.looksLikeDigits(words[$0], typical: typical) }
        guard !loose.isEmpty else { return }
        let engine = try await EnginePool.shared.take(languages: RecognitionSettings.digitLanguages,
                                                      whitelist: RecognitionSettings.digitWhitelist)
        let again = prepared.readCells(engine, around: loose.map { words[$0].box }, hints: loose.map { words[$0].text })
        outcome.checked += loose.count
        let height = tablesDigitHeight(words)
        var specks: Set<Int> = []
        var disputed: [(word: Int, readings: [String])] = []
        for (i, reading) in zip(loose, again) {
            let page = NumberReading.digits(words[i].text)
            guard reading.text != page else { continue }
            // Read as nothing on its cell, with ink that is no line of digits: a speck or a
            // mark the page reading took for a number, not a number.
            if reading.text == nil, !Self.printsDigits(prepared.ink(in: words[i].box.insetBy(-prepared.cellInset - 2)), height: height) {
                specks.insert(i)
                continue
            }
            disputed.append((i, [page ?? "", reading.text ?? ""]))
        }
        // Two readings that differ are read a third time at a higher dpi and a fourth by the
        // page's own language model, digits only, and settled as a table's cells are
        // (`settled`: most readings, the shapes not saying otherwise).
        let boxes = disputed.map { words[$0.word].box }, hints = disputed.map { words[$0.word].text }
        let cells = boxes.map { prepared.cell(of: $0).rect }
        if let first = cells.first {
            let sharp = prepared.sharper(dpi: rereadDPI, around: cells.reduce(first) { $0.union($1) })
            for k in disputed.indices {
                let third = sharp.map { $0.readRow(engine, words: [$0.cell(boxes[k])], cells: [$0.cell(cells[k])], whitelist: whitelist([hints[k]])) }
                disputed[k].readings.append(third?.first?.text ?? "")
            }
        }
        await EnginePool.shared.giveBack(engine)
        if !disputed.isEmpty {
            let other = try await EnginePool.shared.take(languages: languages, whitelist: RecognitionSettings.digitWhitelist)
            let fourth = prepared.readCells(other, around: boxes, hints: hints)
            await EnginePool.shared.giveBack(other)
            for (k, reading) in fourth.enumerated() { disputed[k].readings.append(reading.text ?? "") }
        }
        for (i, readings) in disputed {
            let shape = Self.shapeReading(prepared.ink(in: words[i].box.insetBy(-prepared.cellInset - 2)), shapes: shapes)
            if let value = Self.settled(tesseract: readings, shape: shape) {
                words[i].text = value
                words[i].symbols = []
                continue
            }
            outcome.unsettled.append((words[i].box, readings + [shape?.description ?? ""], nil))
            words[i].text = String(PrintedNumber.unreadable)
            words[i].symbols = []
        }
        words = words.indices.filter { !specks.contains($0) }.map { words[$0] }
    }

    /// The median height of the numbers the page reading read (not marks put back); nil for
    /// none.
    static func typicalNumberHeight(_ words: [RecognizedWord]) -> Int? {
        let heights = words.filter { NumberReading.digits($0.text) != nil && $0.line >= 0 }.map(\.box.height).sorted()
        return heights.isEmpty ? nil : heights[heights.count / 2]
    }

    /// Whether a number word is as high as printed digits are on its page: half to twice the
    /// `typical` height of the page's numbers (a speck read as `0`, a block of lines read as
    /// one digit, are not). Its width is no guide: a number misread with digits missing (`0`
    /// for `96171.6`) keeps the box of all its ink.
    static func looksLikeDigits(_ word: RecognizedWord, typical: Int?) -> Bool {
        guard let typical else { return false }
        return word.box.height * 2 >= typical && word.box.height <= typical * 2
    }

    /// The numbers of `words` (indices) the page reading read (not marks the row reading put
    /// back) that stand apart on their line: no word within two of their heights left or
    /// right of them.
    static func standingApart(_ words: [RecognizedWord]) -> [Int] {
        let lines = Dictionary(grouping: words.indices.filter { words[$0].line >= 0 }, by: { words[$0].line })
        var out: [Int] = []
        for (_, members) in lines {
            let ordered = members.sorted { words[$0].box.x0 < words[$1].box.x0 }
            for (k, i) in ordered.enumerated() where NumberReading.digits(words[i].text) != nil {
                let box = words[i].box, reach = 2 * box.height
                let clearLeft = k == 0 || box.x0 - words[ordered[k - 1]].box.x1 >= reach
                let clearRight = k == ordered.count - 1 || words[ordered[k + 1]].box.x0 - box.x1 >= reach
                if clearLeft, clearRight { out.append(i) }
            }
        }
        return out.sorted()
    }

    /// Reads again, on its own, the cell before each row's numbers where the page reading read
    /// no text (a label lost in the page's layout analysis, or read as a stray `2`) or text it
    /// doubted (`doubtfulLabel`: `办，于公开站务信息`): the cell's inside, as one block of the
    /// page's languages. Its words replace what the page reading put there when they hold text
    /// (two ideographs or more) and, where the page reading read text too, are read with more
    /// confidence.
    func readLabels(of rows: [Row], into words: inout [RecognizedWord]) async throws {
        let tolerance = Int(prepared.dpi / 25), pad = Int(prepared.dpi / 10), inset = prepared.cellInset
        // Each label's cell, with the mean confidence of the text the page reading read there
        // (nil where it read none).
        var labels: [(cell: PixelRect, doubted: Double?)] = []
        for row in rows where !row.lone {
            let first = row.cells[0]
            let crossing = prepared.rules.cells(acrossY: first.midY, top: first.y0, bottom: first.y1)
            guard let label = crossing.last(where: { $0.x1 <= first.x0 + tolerance }), label.width >= Int(prepared.dpi / 3),
                  !labels.contains(where: { $0.cell == label }) else { continue }
            let doubted = Self.holdsText(label, words) ? Self.confidence(in: label, words) : nil
            guard (doubted ?? 0) < Self.doubtfulLabel else { continue }
            // A label's small marks (`、`, the `一` of `（一）`) leave its ink unclear to the
            // digit cut, but it has ink; only a blank cell is not read.
            if case .blank = prepared.ink(in: label) { continue }
            labels.append((label, doubted))
        }
        guard !labels.isEmpty else { return }
        let engine = try await EnginePool.shared.take(languages: languages, whitelist: nil)
        for (label, doubted) in labels {
            let inside = label.insetBy(inset)
            guard let image = prepared.clean.crop(inside)?.padded(pad) else { continue }
            let read = engine.words(in: image, dpi: Int(prepared.dpi), layout: PSM_SINGLE_BLOCK).map { word -> RecognizedWord in
                var w = word
                let dx = inside.x0 - pad, dy = inside.y0 - pad
                w.box = PixelRect(x0: w.box.x0 + dx, y0: w.box.y0 + dy, x1: w.box.x1 + dx, y1: w.box.y1 + dy)
                w.symbols = w.symbols.map { ($0.text, PixelRect(x0: $0.box.x0 + dx, y0: $0.box.y0 + dy, x1: $0.box.x1 + dx, y1: $0.box.y1 + dy)) }
                w.line = -1
                return w
            }
            guard Self.holdsText(label, read), Self.confidence(in: label, read) > doubted ?? -1 else { continue }
            words.removeAll { label.contains($0.box.midX, $0.box.midY) }
            words += PageRecognizer.withoutSpecks(read, dpi: prepared.dpi)
        }
        await EnginePool.shared.giveBack(engine)
    }

    /// The mean confidence (0–100) of the page reading's words in a label's cell below which
    /// the label is read again (70 to 92 recover the same labels on the scans measured).
    static let doubtfulLabel = 80.0

    /// The mean confidence of the words read in `cell` (0 for none).
    static func confidence(in cell: PixelRect, _ words: [RecognizedWord]) -> Double {
        let inside = words.filter { cell.contains($0.box.midX, $0.box.midY) }
        return inside.isEmpty ? 0 : inside.map(\.confidence).reduce(0, +) / Double(inside.count)
    }

    /// What an open cell may be filled with by the totals: its tesseract readings and the
    /// shapes'; but where most tesseract readings agree on a value (the shapes contradicting
    /// it, or the cell would be settled), that value alone: the totals choose among readings,
    /// they do not overrule three readings of `3` for the shapes' `8` because another cell's
    /// choice then makes the sum. Unless the shapes count more digits in the cell than that
    /// value has: a leading digit the readings lost (`13` read `3` three times) is theirs to
    /// lose, and every reading stays a choice.
    static func fillChoices(tesseract texts: [String], shape: ShapeReading?) -> [String] {
        let all = texts + [shape?.description ?? ""]
        guard let most = majority(texts) else { return all }
        let digits = { (t: String) in t.filter { $0.isASCII && $0.isNumber }.count }
        switch shape {
        case .digits(let shown) where digits(shown) > digits(most): return all
        case .glyphs(let count) where count > digits(most): return all
        default: return [most]
        }
    }

    /// The row with its open cells (nil) filled from their own `readings`, where exactly one
    /// choice of them meets the template's totals within the row (table 三's seven columns, the
    /// total last; table 四's fifteen, a total closing each group of five); nil for a row no
    /// total ties together, no such choice or more than one, or too many choices to try.
    /// Nor where a group's open cells are its total and one other, each read several ways: the
    /// total then fixes only their difference, which a digit lost from both alike keeps
    /// (447 and 454 read 47 and 54 meet a total as well as the printed numbers do).
    static func fillMeetingTotals(_ row: [String?], readings: [Int: [String]], group: Int? = nil) -> [String]? {
        guard let group = group ?? totalsGroup(row.count) else { return nil }
        let open = row.indices.filter { row[$0] == nil }
        // Counts, without leading zeros (`00`, a `0` read twice, is the choice `0` once more).
        let choices = open.map { i in
            Array(Set((readings[i] ?? []).filter { !$0.isEmpty && $0.count <= 9 && $0.allSatisfy { $0.isASCII && $0.isNumber } }
                .map { String(Int($0)!) })).sorted()
        }
        guard !open.isEmpty, choices.allSatisfy({ !$0.isEmpty }), choices.map(\.count).reduce(1, *) <= 256 else { return nil }
        for start in stride(from: 0, to: row.count, by: group) {
            let mine = open.indices.filter { (start..<start + group).contains(open[$0]) }
            if mine.count == 2, open[mine[1]] == start + group - 1, mine.allSatisfy({ choices[$0].count > 1 }) { return nil }
        }
        var found: [String]?
        var pick = Array(repeating: 0, count: open.count)
        while true {
            var filled = row
            for (k, i) in open.enumerated() { filled[i] = choices[k][pick[k]] }
            let full = filled.map { $0! }
            if meetsTotals(full, group: group) {
                guard found == nil else { return nil }
                found = full
            }
            var k = 0
            while k < pick.count, pick[k] == choices[k].count - 1 { pick[k] = 0; k += 1 }
            if k == pick.count { return found }
            pick[k] += 1
        }
    }

    /// A row of several groups each closed by its total (table 四's), its open cells (nil)
    /// filled group by group: from their own `readings` where one choice meets the group's
    /// total, otherwise the whole group printed `PrintedNumber.unreadable` (its open cells in
    /// `unread`). Nil for a row of one group or none, with no open cell, or where every group
    /// stays open.
    static func fillGroups(_ row: [String?], readings: [Int: [String]]) -> (row: [String], unread: Set<Int>, size: Int)? {
        guard let group = totalsGroup(row.count), group < row.count else { return nil }
        var out = row, unread: Set<Int> = []
        var openGroups = 0, marked = 0
        for start in stride(from: 0, to: row.count, by: group) {
            let cells = start..<start + group
            let open = cells.filter { row[$0] == nil }
            guard !open.isEmpty else { continue }
            openGroups += 1
            let mine = Dictionary(uniqueKeysWithValues: open.map { ($0 - start, readings[$0] ?? []) })
            if let filled = fillMeetingTotals(Array(row[cells]), readings: mine, group: group) {
                out.replaceSubrange(cells, with: filled)
            } else {
                for c in cells { out[c] = String(PrintedNumber.unreadable) }
                unread.formUnion(open)
                marked += 1
            }
        }
        guard openGroups > 0, marked < row.count / group else { return nil }
        return (out.map { $0! }, unread, group)
    }

    /// How many cells of a row of `width` each total closes (the last of each group): table
    /// 三's seven, table 四's groups of five; nil for rows no total ties together.
    static func totalsGroup(_ width: Int) -> Int? {
        switch width {
        case RowIdentities.applicationWidth: return RowIdentities.applicationWidth
        case RowIdentities.reviewRowWidth: return RowIdentities.reviewWidth
        default: return nil
        }
    }

    /// Whether a row of whole numbers meets the template's totals within it (or, given
    /// `group`, the total closing each run of that many cells).
    static func meetsTotals(_ row: [String], group: Int? = nil) -> Bool {
        guard let group = group ?? totalsGroup(row.count), group > 0, row.count % group == 0 else { return false }
        let values = row.compactMap { $0.allSatisfy { $0.isASCII && $0.isNumber } && $0.count <= 9 ? Int($0) : nil }
        guard values.count == row.count else { return false }
        return stride(from: 0, to: values.count, by: group).allSatisfy { values[$0..<$0 + group - 1].reduce(0, +) == values[$0 + group - 1] }
    }

    /// Adds `values` as the words of `cells`, centred in each (or on the line at `y`).
    private func mark(_ values: [String], in cells: [PixelRect], atY y: Int?, height: Int, into words: inout [RecognizedWord]) {
        for (cell, value) in zip(cells, values) where !value.isEmpty {
            let width = Int(Double(height * value.count) * 0.55), midY = y ?? cell.midY
            let box = PixelRect(x0: cell.midX - width / 2, y0: midY - height / 2, x1: cell.midX + width / 2 + 1, y1: midY + height / 2 + 1)
            words.append(RecognizedWord(text: value, box: box, confidence: 90, symbols: [], line: -1))
        }
    }

    /// Whether a row the page reading read no number in keeps the values its readings settled
    /// every cell to: the shapes contradict none and read at least half of them as those
    /// digits, or the row meets the template's totals within it and the shapes contradict at
    /// most one cell, and only by counting its glyphs (a speck beside a `0` counted as a second
    /// glyph), never by reading other digits or two lines.
    static func keepsUnreadRow(_ values: [String], shapes: [ShapeReading?]) -> Bool {
        guard values.count == shapes.count else { return false }
        let contradicted = zip(values, shapes).filter { !($1?.allows($0) ?? true) }.map(\.1)
        let read = zip(values, shapes).filter { $1 == .digits($0) }.count
        if contradicted.isEmpty, read * 2 >= values.count { return true }
        guard meetsTotals(values), contradicted.count <= 1 else { return false }
        return contradicted.allSatisfy { if case .glyphs = $0 { true } else { false } }
    }

    /// A cell settled by its first two readings, or nil when it needs more: the page reading
    /// and the strip agree and the shape reading allows it; or the shape reading
    /// agrees with one of them and the other read nothing.
    static func settledEarly(page: String?, strip: String?, shape: ShapeReading?) -> String? {
        if let page, page == strip { return shape?.allows(page) ?? true ? page : nil }
        guard case .digits(let digits) = shape, page == digits || strip == digits else { return nil }
        return (page ?? digits) == digits && (strip ?? digits) == digits ? digits : nil
    }

    /// The value of a disputed cell from its tesseract readings (empty: nothing read) and its
    /// shape reading: the value most of them give (at least two, no tie), which the shape
    /// reading, where there is one, must allow; a sign one reading saw and the value lacks
    /// leaves it unsettled.
    static func settled(tesseract texts: [String], shape: ShapeReading?) -> String? {
        let signed = { (t: String) in t.first == "-" || t.first == "+" }
        // A sign only the shapes see (the digit whitelists leave it out unless the page reading
        // read one), before the digits most readings agree on.
        if !texts.contains(where: signed), let digits = majority(texts) {
            switch shape {
            case .digits(let shown) where signed(shown) && shown.dropFirst() == digits: return shown
            case .sign(let sign): return sign + digits
            default: break
            }
        }
        var votes = texts
        if case .digits(let digits) = shape {
            // Signed digits the shapes read, unsigned in every tesseract reading: the shapes
            // vote for the digits, and the sign comes with them.
            let bare = String(digits.dropFirst())
            if signed(digits), !texts.contains(where: signed), majority(texts + [bare]) == bare { return digits }
            votes.append(digits)
        }
        guard let value = majority(votes), shape?.allows(value) ?? true else { return nil }
        return !texts.contains(where: signed) || signed(value) ? value : nil
    }

    /// The value `settled` gives a cell from these readings whatever one more reading says:
    /// nothing, one of these values, a value none of them gave, or (`signs`: the reading's
    /// whitelist has them) any of those signed (the shapes' digits need no trying: a value they
    /// allow is their digits, and the readings already hold it or its unsigned digits). Nil
    /// where one more reading could change it.
    static func settledWhatever(texts: [String], shape: ShapeReading?, signs: Bool) -> String? {
        let given = Set(texts.filter { !$0.isEmpty })
        let unseen = String(repeating: "8", count: (given.map(\.count).max() ?? 0) + 1)
        var more = [""] + given + [unseen]
        if signs { more += (given + [unseen]).flatMap { ["-" + $0, "+" + $0] } }
        guard let value = settled(tesseract: texts + [""], shape: shape) else { return nil }
        return more.allSatisfy { settled(tesseract: texts + [$0], shape: shape) == value } ? value : nil
    }

    /// What the shapes of a cell's glyphs say.
    enum ShapeReading: Equatable {
        /// The glyphs are these digits (with the sign before them).
        case digits(String)
        /// The cell's glyphs stand on more than one line: it holds no one number.
        case twoLines
        /// The digits are not clear, the sign before them is.
        case sign(String)
        /// The digits are not clear, but the cell prints this many glyphs of one height,
        /// narrower than high: each is a digit at least (`37` is never read as `7`).
        case glyphs(Int)

        /// Whether a value read by tesseract can be what the shapes show.
        func allows(_ value: String) -> Bool {
            switch self {
            case .digits(let digits): return digits == value
            case .twoLines: return false
            case .sign(let sign): return value.hasPrefix(sign) && value.count > sign.count
            case .glyphs(let count): return value.filter { $0.isASCII && $0.isNumber }.count >= count
            }
        }

        var description: String {
            switch self {
            case .digits(let digits): return digits
            case .twoLines: return "two lines"
            case .sign(let sign): return sign + "?"
            case .glyphs(let count): return "\(count) digits or more"
            }
        }
    }

    /// Whether a cell's ink looks like printed digits: glyphs on two lines (rows run together),
    /// or one line of glyphs about as high as the page's numbers (`height` pixels) and narrower
    /// than high, as digits are and ideographs are not.
    static func printsDigits(_ cut: InkGlyphs.Cut, height: Int) -> Bool {
        switch cut {
        case .lines: return true
        case .unclear, .blank: return false
        case .line(let glyphs, _):
            return glyphs.allSatisfy { abs($0.height - height) * 10 <= height * 3 && $0.aspect <= 0.9 }
        }
    }

    /// The shape reading of every number cell (`DigitShapes`), learnt from the cells whose page
    /// reading and strip agree; nil where the shapes read nothing clearly.
    func shapeReadings(_ rows: [Row], agreed strips: [[String?]]) -> (readings: [[ShapeReading?]], cuts: [[InkGlyphs.Cut]], learnt: DigitShapes?) {
        let cuts = rows.map { row in
            row.cells.map(prepared.ink(in:))
        }
        var examples: [(glyphs: [DigitShapes.Shape], digits: String)] = []
        for (r, row) in rows.enumerated() {
            for c in row.cells.indices {
                if let digits = row.first[c], digits == strips[r][c], case .line(let g, _) = cuts[r][c] { examples.append((g, digits)) }
            }
        }
        let shapes = DigitShapes.learn(examples)
        let readings = cuts.map { row in row.map { Self.shapeReading($0, shapes: shapes) } }
        return (readings, cuts, shapes)
    }

    /// What the shapes read in a cell's glyphs.
    static func shapeReading(_ cut: InkGlyphs.Cut, shapes: DigitShapes?) -> ShapeReading? {
        switch cut {
        case .lines: return .twoLines
        case .unclear, .blank: return nil
        case .line(let glyphs, let sign):
            // After a sign that cannot be told only how many digits there are is known.
            if sign != InkGlyphs.unknownSign {
                if let digits = shapes?.read(glyphs) { return .digits(sign + digits) }
                if !sign.isEmpty { return .sign(sign) }
            }
            return printsDigits(cut, height: glyphs.map(\.height).sorted()[glyphs.count / 2]) ? .glyphs(glyphs.count) : nil
        }
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
        let found = numbers.map { prepared.cell(of: $0.box) }
        let numberHeight = tablesDigitHeight(words)
        // A label's cell is not a number cell, though its numbering (`2、其他法律…`) reads as one.
        let cells = found.filter { $0.ruled && !Self.holdsText($0.rect, words) }.map(\.rect)
        // A number whose rules stand too far apart for `cell(of:)`: a value cell spanning the
        // table (table 二's), read again as a row of its own.
        var wide: [PixelRect] = []
        for (word, cell) in zip(numbers, found) where !cell.ruled {
            guard var rect = prepared.spanningCell(of: word.box) else { continue }
            if Self.labelsNumbers(rect, numberCells: found) { continue }
            // Words beside it in the cell (a label whose rule was not found) are left out of it.
            let others = words.filter { rect.contains($0.box.midX, $0.box.midY) && $0.box != word.box }
            // A label's numbering (`2、没有现成信息…`, its rule lost) is no value: one or two
            // digits with the label's text right after them on their line.
            if NumberReading.digits(word.text).map({ $0.count <= 2 }) == true,
               let next = others.filter({ $0.box.x0 >= word.box.midX && abs($0.box.midY - word.box.midY) * 2 < word.box.height })
                   .min(by: { $0.box.x0 < $1.box.x0 }),
               next.box.x0 - word.box.x1 <= word.box.height, NumberReading.digits(next.text) == nil,
               Self.holdsText(next.box, [next]) || next.text.first.map({ "、.．,，".contains($0) }) == true {
                continue
            }
            rect.x0 = max(rect.x0, (others.filter { $0.box.midX < word.box.midX }.map(\.box.x1).max() ?? rect.x0) + 1)
            rect.x1 = min(rect.x1, others.filter { $0.box.midX > word.box.midX }.map(\.box.x0).min() ?? rect.x1)
            if rect.x0 < word.box.x0, rect.x1 > word.box.x1, !wide.contains(rect) { wide.append(rect) }
        }
        let singles = wide.map { cell in
            Row(cells: [cell], first: [NumberReading.digits(words.filter { cell.contains($0.box.midX, $0.box.midY) }
                .sorted { $0.box.x0 < $1.box.x0 }.map(\.text).joined())], lone: true)
        }
        guard !cells.isEmpty else { return singles }
        let tolerance = Int(prepared.dpi / 25)
        let columns = cells.map { ($0.x0, $0.x1) }
        let isNumberColumn = { (c: PixelRect) in columns.contains { abs($0.0 - c.x0) <= tolerance && abs($0.1 - c.x1) <= tolerance } }
        var rows: [Row] = []
        for group in prepared.rows(of: cells) {
            let band = cells[group[0]]
            let firstNumber = group.map { cells[$0].x0 }.min()!
            // The number cells of the row among the cells crossing it.
            func numberCells(_ crossing: [PixelRect]) -> [PixelRect] {
                // Those in a column where numbers were read, and every cell right of the row's
                // first number (a column of signed changes read as 十25 holds no number on the
                // page reading), but for cells of text; such a cell where the page reading read
                // ideographs but whose ink is one line of digit-sized glyphs narrower than high
                // (`3` read as `车 让`, `36` as `二`) is a number cell.
                var rowCells = crossing.filter { cell in
                    guard isNumberColumn(cell) || cell.x0 >= firstNumber - tolerance else { return false }
                    return !Self.holdsText(cell, words) || Self.printsDigits(prepared.ink(in: cell), height: numberHeight)
                }
                // A row's numbers stand right of its label: a cell left of the label's cell before
                // the first number (a group label's column, blank on this page, that a stray mark
                // made a number column; a column of another table on the page) is none. The
                // label's cell holds text, or, its text lost, is wider than the number cells.
                let widestNumber = rowCells.filter { $0.x0 >= firstNumber - tolerance }.map(\.width).max() ?? 0
                if let label = crossing.last(where: { $0.x1 <= firstNumber + tolerance && !rowCells.contains($0)
                                                      && (Self.holdsText($0, words) || $0.width > widestNumber + tolerance) }) {
                    rowCells.removeAll { $0.x1 <= label.x0 + tolerance }
                }
                // A cell between two of the row's number cells, no wider than they are, is one
                // too, but for a cell of text (a column whose numbers the page reading read
                // nowhere, all `0`, say).
                if let lo = rowCells.first?.x0, let hi = rowCells.last?.x1 {
                    rowCells = crossing.filter { cell in
                        rowCells.contains(cell) || cell.x0 > lo && cell.x1 < hi && cell.width <= widestNumber + tolerance && !Self.holdsText(cell, words)
                    }
                }
                if rowCells.isEmpty { rowCells = group.map { cells[$0] }.sorted { $0.x0 < $1.x0 } }
                // A wrapped label's cell (two lines of ink) before the row's one-line numbers, its
                // text unread but its numbering read (`2.其他法律…` as `2`), is not a number cell;
                // where it is wider than the one-line cells, no cell left of it is either (a group
                // header's column, its ink one mark: `、` of `三、本年度办理结果`).
                let stacked = rowCells.map { cell -> Bool in
                    if case .lines = prepared.ink(in: cell) { true } else { false }
                }
                if stacked.filter({ $0 }).count * 2 < rowCells.count {
                    let widestOneLine = rowCells.indices.filter { !stacked[$0] }.map { rowCells[$0].width }.max() ?? 0
                    if let label = rowCells.indices.last(where: { stacked[$0] && rowCells[$0].width > widestOneLine + tolerance }) {
                        rowCells.removeFirst(label + 1)
                    } else if let firstOneLine = stacked.firstIndex(of: false) {
                        rowCells.removeFirst(firstOneLine)
                    }
                }
                // Cells right before the row's first number cell where the page reading read no
                // text, no wider than the row's number cells and printing one line of glyphs
                // shaped like digits, are number cells too (table 四's first cell, its column
                // holding no number the page reading read: `72` read as `II`). Their glyphs are
                // measured against the digits of the cell beside them.
                let widest = rowCells.map(\.width).max() ?? 0
                var headInk = rowCells.first.map(prepared.ink(in:))
                while let head = rowCells.first, let k = crossing.firstIndex(of: head), k > 0, let ink = headInk,
                      case .line(let digits, _) = ink, Self.printsDigits(ink, height: digits[digits.count / 2].height) {
                    let cell = crossing[k - 1], before = prepared.ink(in: cell)
                    guard cell.width <= widest + tolerance, !Self.holdsText(cell, words), case .line = before,
                          Self.printsDigits(before, height: digits[digits.count / 2].height) else { break }
                    rowCells.insert(cell, at: 0)
                    headInk = before
                }
                return rowCells
            }
            let rowCells = numberCells(prepared.rules.cells(acrossY: band.midY, top: band.y0, bottom: band.y1))
            for cells in Self.splitAtLines(rowCells, cuts: rowCells.map(prepared.ink(in:))) {
                let first = cells.map { cell -> String? in
                    let inside = words.filter { cell.contains($0.box.midX, $0.box.midY) }.sorted { $0.box.x0 < $1.box.x0 }
                    guard !inside.isEmpty else { return nil }
                    return NumberReading.digits(inside.map(\.text).joined())
                }
                rows.append(Row(cells: cells, first: first))
            }
        }
        let around = rows + unreadRows(between: rows, tolerance: tolerance)
        return around + textlessRows(apart: around + singles, words: words) + singles
    }

    /// Whether a spanning cell is the label of a row of numbers, not a value cell: ruled cells
    /// where numbers were read stand right of it in its row (a label's numbering or bracket
    /// read as a digit, `（一）` as `0`, in a cell its rule was not found around).
    static func labelsNumbers(_ cell: PixelRect, numberCells: [(rect: PixelRect, ruled: Bool)]) -> Bool {
        numberCells.contains { $0.ruled && $0.rect.x0 >= cell.x1 && (cell.y0..<cell.y1).contains($0.rect.midY) }
    }

    /// A row's cells, or, where most of them print the same number of lines of glyphs (rows
    /// whose rule between them was not found), one row of cells per line, cut halfway between
    /// the lines, each read on its own.
    static func splitAtLines(_ cells: [PixelRect], cuts: [InkGlyphs.Cut]) -> [[PixelRect]] {
        let stacked = cuts.compactMap { cut -> [Int]? in if case .lines(let mids) = cut { mids } else { nil } }
        guard cells.count >= 2, stacked.count * 2 > cells.count else { return [cells] }
        let counts = Dictionary(stacked.map { ($0.count, 1) }, uniquingKeysWith: +)
        guard let (lines, most) = counts.max(by: { $0.value < $1.value }), most * 2 > cells.count, lines >= 2 else { return [cells] }
        let alike = stacked.filter { $0.count == lines }
        let mids = (0..<lines).map { i in alike.map { $0[i] }.reduce(0, +) / alike.count }
        let cutsAt = zip(mids, mids.dropFirst()).map { ($0 + $1) / 2 }
        guard cells.allSatisfy({ cell in cutsAt.allSatisfy { $0 > cell.y0 && $0 < cell.y1 } }) else { return [cells] }
        return (0..<lines).map { i in
            cells.map { cell in
                PixelRect(x0: cell.x0, y0: i == 0 ? cell.y0 : cutsAt[i - 1], x1: cell.x1, y1: i == lines - 1 ? cell.y1 : cutsAt[i])
            }
        }
    }

    /// The rows of the page's grid, apart from `rows`, that hold no text: bands between two
    /// horizontal rules across the middle of the page, cut by the vertical rules into four
    /// cells or more, each printing one line of glyphs, three in four of them shaped like the
    /// page's digits (a table whose numbers the page reading did not read as numbers: table
    /// 四's, under its two-line header; a speck beside a digit makes it taller), as `unread`
    /// rows.
    func textlessRows(apart rows: [Row], words: [RecognizedWord]) -> [Row] {
        let x = prepared.clean.width / 2, height = tablesDigitHeight(words)
        let rules = prepared.rules.horizontalRules(nearX: x, in: 0..<prepared.clean.height)
        let taken = rows.flatMap(\.cells)
        var out: [Row] = []
        for (upper, lower) in zip(rules, rules.dropFirst()) where lower - upper > Int(prepared.dpi / 10) && lower - upper < Int(prepared.dpi / 2) {
            let cells = prepared.rules.cells(acrossY: (upper + lower) / 2, top: upper + 1, bottom: lower)
            guard cells.count >= 4, !taken.contains(where: { $0.y0 < lower && $0.y1 > upper + 1 }) else { continue }
            let cuts = cells.map(prepared.ink(in:))
            let lines = cuts.filter { if case .line = $0 { true } else { false } }
            guard lines.count == cells.count, lines.filter({ Self.printsDigits($0, height: height) }).count * 4 >= cells.count * 3 else { continue }
            out.append(Row(cells: cells, first: cells.map { _ in nil }, unread: true))
        }
        return out
    }

    /// The rows of the grid around the rows with numbers where the page reading read none
    /// (between two such rows, or above the first and below the last, up to the next rule):
    /// bands between horizontal rules, cut by the vertical rules into cells that line up with
    /// the number cells of the row beside.
    func unreadRows(between rows: [Row], tolerance: Int) -> [Row] {
        let ordered = rows.sorted { $0.cells[0].y0 < $1.cells[0].y0 }
        guard let first = ordered.first, let last = ordered.last else { return [] }
        let x = first.cells[0].midX, reach = Int(prepared.dpi)
        // Past the rule of the row itself, however thick the scan printed it, up to the next.
        func ruleBeyond(_ start: Int, up: Bool) -> Int? {
            // The row's own rule: within a few pixels (it may run a pixel or two off where the
            // row's cells were found).
            guard var y = prepared.rules.horizontalRule(from: start, up: up, nearX: x, reach: 4) else {
                return prepared.rules.horizontalRule(from: start, up: up, nearX: x, reach: reach)
            }
            while (0..<prepared.clean.height).contains(y), prepared.rules.horizontalRule(atY: y, nearX: x) { y += up ? -1 : 1 }
            return prepared.rules.horizontalRule(from: y, up: up, nearX: x, reach: reach - abs(y - start))
        }
        // The rows on either side of a span: its bands line up with the one above (rows the
        // page reading lost below a row it read) or the one below (rows lost under a table's
        // header, above the first row it read).
        var spans = zip(ordered, ordered.dropFirst()).map { (top: $0.cells.map(\.y1).max()!, bottom: $1.cells.map(\.y0).min()!, besides: [$0, $1]) }
        // Above the first row read and below the last, band by band from rule to rule while
        // each band's cells line up with that row's (several rows the page reading lost at a
        // page's top or bottom), up to the first band that does not.
        for (row, up) in [(first, true), (last, false)] {
            var edge = up ? row.cells[0].y0 : row.cells[0].y1
            while let next = ruleBeyond(up ? edge - 1 : edge, up: up) {
                let (top, bottom) = up ? (next, edge) : (edge, next)
                spans.append((top, bottom, [row]))
                let crossing = prepared.rules.cells(acrossY: (top + bottom) / 2, top: top + 1, bottom: bottom)
                guard bottom - top > Int(prepared.dpi / 10), bottom - top < reach,
                      row.cells.allSatisfy({ cell in crossing.contains { abs($0.x0 - cell.x0) <= tolerance && abs($0.x1 - cell.x1) <= tolerance } }) else { break }
                edge = next
            }
        }
        var out: [Row] = []
        // However tall the span (a group of table 三 whose rows all print zeros, each label on
        // two lines, is three inches), each band is a row of its own, no taller than two inches
        // (a label of five lines).
        for (top, bottom, besides) in spans where bottom - top > Int(prepared.dpi / 10) {
            let rules = prepared.rules.horizontalRules(nearX: x, in: top..<bottom)
            for (upper, lower) in zip([top] + rules, rules + [bottom]) where lower - upper > Int(prepared.dpi / 10) && lower - upper < 2 * reach {
                let crossing = prepared.rules.cells(acrossY: (upper + lower) / 2, top: upper + 1, bottom: lower)
                for beside in besides {
                    let cells = beside.cells.compactMap { cell in crossing.first { abs($0.x0 - cell.x0) <= tolerance && abs($0.x1 - cell.x1) <= tolerance } }
                    guard cells.count == beside.cells.count else { continue }
                    out.append(Row(cells: cells, first: cells.map { _ in nil }, unread: true))
                    break
                }
            }
        }
        return out
    }

    /// Whether the words read in `cell` hold text: two ideographs or more outside its numbers
    /// (a stray mark fused with a number, `人49`, is one).
    static func holdsText(_ cell: PixelRect, _ words: [RecognizedWord]) -> Bool {
        let ideographs = words.lazy.filter { cell.contains($0.box.midX, $0.box.midY) && NumberReading.digits($0.text) == nil }
            .flatMap(\.text.unicodeScalars).filter { CJK.isIdeograph(scalar: $0.value) }
        return ideographs.count >= 2
    }

    /// The height of the tables' digits: the median height of the numbers read in ruled cells
    /// (a page's prose may print its numbers larger: 83 pixels against 33), of all the page's
    /// numbers where none stands in a ruled cell, a tenth of an inch where none was read.
    private func tablesDigitHeight(_ words: [RecognizedWord]) -> Int {
        let numbers = words.filter { NumberReading.digits($0.text) != nil }
        let ruled = numbers.filter { prepared.cell(of: $0.box).ruled }
        let heights = (ruled.isEmpty ? numbers : ruled).map(\.box.height).sorted()
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
    /// Whether `other` stands in this rectangle's rows and reaches into its columns.
    func holdsPart(of other: PixelRect) -> Bool { other.midY >= y0 && other.midY < y1 && other.x0 < x1 && other.x1 > x0 }
}
