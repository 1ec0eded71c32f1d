import IngestKit

/// A section of the cleaned text as a stream of tokens in reading order: label text and
/// printed numbers, each with the line it came from. The layout-free evidence a table is
/// aligned to the template from: it does not matter whether the page printed a row on one
/// line, one cell a line, or the whole table on one line.
///
/// A number keeps its digits as printed (`digits`), so that a run of digits can be split
/// into cells and two pieces of one number joined again; whether whitespace or a line break
/// separated it from the token before is kept too.
struct SectionToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable { case text, number }

    var kind: Kind
    /// The text as printed; for a number, its digits (OCR look-alikes such as `O` and `l`
    /// read as `0` and `1`, thousands separators removed).
    var text: String
    /// The cleaned line it came from.
    var line: Int
    /// Whether it opens its line.
    var opensLine: Bool
    /// For a number printed with a `|` at an edge (`|78`, a lone `|` among numbers), which OCR
    /// prints for the digit 1 and for a table's ruling line alike: its digits without that
    /// `|` (empty for a lone one). `text` reads the `|` as 1; the identities decide.
    var withoutRuling: String?
    /// A number set one space after the number before it where the cells of its line are set
    /// apart more widely (tabs, pipes, gaps of several spaces, or one cell a line): digits of
    /// one number spaced apart (`2 01 2`) rather than two cells.
    var glued = false
    /// Where it starts on its line, in characters and in display columns (an ideograph two
    /// wide): `pdftotext -layout` aligns columns by the one, text set for the eye by the other.
    var charColumn = 0
    var displayColumn = 0

    /// The value of a number token that is a count (digits only), nil otherwise.
    var count: Int? {
        guard kind == .number, !text.isEmpty, text.count <= 9, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }
}

enum SectionTokens {
    /// The marks a table prints for a blank cell (`—`, `-`, `/`), one a cell.
    static let blankMarks: ScalarSet = ["—", "－", "-", "/", "／", "–"]

    /// The tokens of `lines[range]`. Prose lines (a sentence with 。) are left out: their
    /// figures are the narrative's, not a table's.
    static func tokens(_ lines: [String], _ range: Range<Int>) -> [SectionToken] {
        var out: [SectionToken] = []
        let oneCellALine = printsOneNumberALine(lines, range)
        for i in range where !isProse(lines[i]) {
            var first = true
            var sign: Substring?
            let line = lines[i]
            // `|` separates cells in a pipe table's rows; elsewhere it is what OCR printed.
            let pipes = PipeRow.matches(line)
            let wide = oneCellALine || pipes || line.utf8.contains(UInt8(ascii: "\t")) || line.containsBytes(of: "  ")
            var end = line.startIndex
            var chars = 0, display = 0
            for word in line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{3000}" || pipes && $0 == "|" }) {
                let glued = wide && sign == nil && line[end..<word.startIndex] == " " && out.last?.kind == .number && out.last?.line == i
                for c in line[end..<word.startIndex] { chars += 1; display += c.displayWidth }
                end = word.endIndex
                let wordColumns = (chars: chars, display: display)
                for c in word { chars += 1; display += c.displayWidth }
                // A plus sign set apart from its number (`+ 54`) belongs to it (a lone minus may
                // be a blank cell's dash).
                if word == "+" || word == "＋" {
                    if let s = sign { out.append(SectionToken(kind: .text, text: String(s), line: i, opensLine: first)); first = false }
                    sign = word
                    continue
                }
                var piece = word
                if let s = sign {
                    sign = nil
                    if word.first?.isASCII == true, word.first!.isNumber { piece = Substring(String(s) + word) } else {
                        out.append(SectionToken(kind: .text, text: String(s), line: i, opensLine: first))
                        first = false
                    }
                }
                var offset = (chars: wordColumns.chars - (piece.count - word.count), display: wordColumns.display)
                for (n, token) in split(piece, line: i, previousIsNumber: out.last?.kind == .number).enumerated() {
                    var t = token
                    t.opensLine = first
                    t.glued = glued && n == 0 && t.kind == .number
                    (t.charColumn, t.displayColumn) = (offset.chars, offset.display)
                    offset.chars += t.text.count
                    offset.display += t.text.reduce(0) { $0 + $1.displayWidth }
                    first = false
                    out.append(t)
                }
            }
            if let s = sign { out.append(SectionToken(kind: .text, text: String(s), line: i, opensLine: first)) }
        }
        // A lone look-alike (`O`, `l`) just before a number is a number too, as after one.
        for k in out.indices.dropLast().reversed() where out[k].kind == .text && out[k + 1].kind == .number {
            if out[k].text.count == 1, let digits = numberDigits(Substring(out[k].text), previousIsNumber: true) {
                if out[k].text.first.map(rulingMarks.contains) ?? false { out[k].withoutRuling = "" }
                out[k].kind = .number
                out[k].text = digits
            }
        }
        numberingBeforeLabels(&out)
        return out
    }

    /// A line's first number of one or two digits is the label's numbering, not a cell, where
    /// a label and three numbers or more follow it (`1 属于国家秘窗 2 0 0 0 0 0 2`, OCR having
    /// lost the numbering's dot: a row's cells never stand on both sides of its label), or
    /// where a numbering mark set apart and a label follow it, whether it opens the line
    /// (`1 、 申请人无正当理由…`) or follows a group header's words OCR put on the line
    /// (`汪基 ，司予公开 5 、 属于三类内部事务信息`).
    static func numberingBeforeLabels(_ tokens: inout [SectionToken]) {
        let label = { (t: SectionToken) in t.kind == .text && t.text.unicodeScalars.contains { CJK.isIdeograph(scalar: $0.value) } }
        var start = 0
        while start < tokens.count {
            var end = start
            while end < tokens.count, tokens[end].line == tokens[start].line { end += 1 }
            if let f = tokens[start..<end].firstIndex(where: { $0.kind == .number }), f + 1 < end,
               tokens[f].text.count <= 2, tokens[f].count != nil, tokens[f].withoutRuling == nil {
                let beforeCells = label(tokens[f + 1]) && tokens[(f + 1)..<end].filter({ $0.kind == .number }).count >= 3
                let marked = f + 2 < end && tokens[f + 1].kind == .text
                    && tokens[f + 1].text.allSatisfy(LabelText.indexMarks.contains) && label(tokens[f + 2])
                if beforeCells || marked { tokens[f].kind = .text }
            }
            start = end
        }
    }

    /// Whether a line is prose (a sentence with 。), whose figures are the narrative's: not
    /// where it ends in three numbers or more (marks between them aside), as a table row
    /// does and a sentence does not (OCR reads specks as 。: `（五）不。3. 要求提供公开出版物 0 0 0 0 0 0 0`).
    static func isProse(_ line: String) -> Bool {
        guard line.containsBytes(of: "。") else { return false }
        var numbers = 0
        for word in line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{3000}" }).reversed() {
            if numberDigits(word, previousIsNumber: false) != nil { numbers += 1 } else if !word.allSatisfy({ $0.isPunctuation || $0.isSymbol }) { break }
        }
        return numbers < 3
    }

    /// Whether the section prints one cell a line: most lines that print numbers print one.
    /// A line whose numbers stand one space apart (`4 8 7`) may be one cell's digits spaced
    /// apart: it counts against only where such lines are as many as half the lines of one.
    static func printsOneNumberALine(_ lines: [String], _ range: Range<Int>) -> Bool {
        var one = 0, more = 0, spaced = 0
        for i in range where !isProse(lines[i]) {
            let numbers = lines[i].split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{3000}" })
                .filter { numberDigits($0, previousIsNumber: false) != nil }
            guard numbers.count > 1 else {
                if numbers.count == 1 { one += 1 }
                continue
            }
            let oneSpace = zip(numbers, numbers.dropFirst()).allSatisfy { lines[i][$0.endIndex..<$1.startIndex] == " " }
            if oneSpace { spaced += 1 } else { more += 1 }
        }
        return one >= 6 && one >= 4 * more && one >= 2 * spaced
    }

    /// A whitespace-separated piece as text and number tokens: a piece that is a number (or
    /// numbers a stage could not read); a
    /// label with a number run onto its end (`予以公开287`); otherwise text. Digits that open a
    /// label's numbering (`1.属于`) or stand before a unit (`2019年`) stay text.
    static func split(_ piece: Substring, line: Int, previousIsNumber: Bool) -> [SectionToken] {
        // Numbers a stage could not read (`PrintedNumber.unreadable`): number tokens that are
        // no count, so that the row they stand in is null.
        if piece.allSatisfy({ $0 == PrintedNumber.unreadable }) {
            return piece.map { SectionToken(kind: .number, text: String($0), line: line, opensLine: false) }
        }
        // A lone `|` is a number only among numbers (elsewhere it is a border). OCR prints a
        // ruling line beside a number as `|`, `I` or `l`, the look-alikes of 1.
        let ruled = (piece.first.map(rulingMarks.contains) ?? false || piece.last.map(rulingMarks.contains) ?? false)
            && (previousIsNumber || piece.contains { $0.isASCII && $0.isNumber })
        if let digits = numberDigits(ruled ? Substring(piece.map { $0 == "|" ? "1" : $0 }) : piece, previousIsNumber: previousIsNumber) {
            var token = SectionToken(kind: .number, text: digits, line: line, opensLine: false)
            if ruled {
                var core = piece
                while core.first.map(rulingMarks.contains) ?? false { core = core.dropFirst() }
                while core.last.map(rulingMarks.contains) ?? false { core = core.dropLast() }
                token.withoutRuling = core.isEmpty ? "" : numberDigits(core, previousIsNumber: previousIsNumber) ?? ""
            }
            return [token]
        }
        // Labels with digits run onto their ends (`予以公开287`), as many as the piece holds:
        // a table printed on one line runs every row together (`规章000规范性文件337第…`).
        var out: [SectionToken] = []
        var start = piece.startIndex
        for number in runOnNumbers(piece) {
            if start < number.lowerBound { out.append(SectionToken(kind: .text, text: String(piece[start..<number.lowerBound]), line: line, opensLine: false)) }
            out.append(SectionToken(kind: .number, text: String(piece[number]), line: line, opensLine: false))
            start = number.upperBound
        }
        if start < piece.endIndex { out.append(SectionToken(kind: .text, text: String(piece[start...]), line: line, opensLine: false)) }
        return out
    }

    /// The digit runs of a piece that are a row's numbers run onto the end of its label: after
    /// an ideograph or a closing bracket, and at the piece's end or before the next label (an
    /// ideograph that is no unit, an opening bracket). Before a label's numbering (`5.属于`)
    /// the numbering's digit is the next label's. Digits before a unit (`2019年`, `3件`) or
    /// after `第` stay text, and so does a lone digit inside a piece with no other run.
    static func runOnNumbers(_ piece: Substring) -> [Range<Substring.Index>] {
        var out: [Range<Substring.Index>] = []
        var i = piece.startIndex
        var previous: Character?
        while i < piece.endIndex {
            guard piece[i].isASCII, piece[i].isNumber else { previous = piece[i]; i = piece.index(after: i); continue }
            var end = i
            while end < piece.endIndex, piece[end].isASCII, piece[end].isNumber { end = piece.index(after: end) }
            defer { previous = piece[piece.index(before: end)]; i = end }
            guard let before = previous, before != "第", CJK.isIdeograph(before) || closingMarks.contains(before) else { continue }
            guard end < piece.endIndex else { out.append(i..<end); continue }
            let next = piece[end]
            var numberEnd = end
            if LabelText.indexMarks.contains(next) {
                // The label's numbering: its last digit, or `10` and up.
                numberEnd = piece.index(before: end)
                if piece[numberEnd] == "0", numberEnd > i { numberEnd = piece.index(before: numberEnd) }
                guard numberEnd > i, piece.index(after: end) < piece.endIndex, LabelText.opensChineseText(piece[piece.index(after: end)]) else { continue }
            } else if !(LabelText.opensChineseText(next) && !units.contains(next)), !closingBrackets.contains(next) {
                // Not before the next label: Chinese text that is no unit, or a closing bracket
                // whose opening bracket was lost (`3.其他0000000）总计`).
                continue
            }
            out.append(i..<numberEnd)
        }
        // One digit inside a label is as likely the label's own numbering with its mark lost
        // (`人4保护第三方`, as OCR reads it) as a cell: a number only where the piece runs
        // several rows together.
        if out.count == 1, let only = out.first, only.upperBound < piece.endIndex, piece[only].count == 1 { return [] }
        return out
    }

    /// What a label can end with before its run-on number: a closing bracket or quote.
    private static let closingMarks: ScalarSet = "）)”"
    private static let closingBrackets: ScalarSet = "）)"

    /// What follows a count in prose: the digits before it are part of the text.
    private static let units: ScalarSet = ["年", "月", "日", "号", "个", "件", "条", "项", "次", "人", "名", "家", "元", "万", "亿", "余", "多", "天", "期", "批", "份", "类", "户", "届", "篇", "部", "页", "位", "倍", "周", "季", "度", "时", "分", "秒"]

    /// The digits of a piece that prints one number: plain digits, a signed or decimal number,
    /// thousands separators, or digits with OCR look-alikes (`1O`, `l2`) where at least one
    /// real digit, or a number just before, says it is a number.
    static func numberDigits(_ piece: Substring, previousIsNumber: Bool) -> String? {
        if let value = PrintedNumber.parse(piece) {
            if value == value.rounded(), value >= 0, !piece.containsBytes(of: ".") { return piece.filter { $0.isASCII && $0.isNumber } }
            return String(piece.filter { $0 != "," && $0 != " " })
        }
        guard piece.allSatisfy({ ($0.isASCII && $0.isNumber) || lookAlike[$0] != nil }) else { return nil }
        let real = piece.contains { $0.isASCII && $0.isNumber }
        guard real || (previousIsNumber && piece.count == 1) else { return nil }
        return String(piece.map { lookAlike[$0] ?? $0 })
    }

    /// What OCR prints for a table's ruling line, each also a look-alike of the digit 1.
    static let rulingMarks: ScalarSet = ["|", "I", "l"]

    /// Characters OCR prints for a digit.
    private static let lookAlike: [Character: Character] = ["O": "0", "o": "0", "l": "1", "I": "1", "|": "1"]

    /// A section's labels between two runs of numbers, split where a new enumeration opens
    /// (`（三）不予公开1.属于国家秘密` is two pieces).
    static func labelPieces(_ text: String) -> [String] {
        let characters = Array(text)
        var pieces: [String] = []
        var start = 0
        for i in characters.indices.dropFirst() where LabelText.opensPiece(characters, at: i) {
            pieces.append(String(characters[start..<i]))
            start = i
        }
        if start < characters.count { pieces.append(String(characters[start...])) }
        return pieces
    }
}
