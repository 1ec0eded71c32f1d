/// The ways a run of printed numbers can be the cells of one template row (or group of
/// rows), as crawlers, extractors and OCR print them:
///
/// - as many numbers as cells: read as printed;
/// - more numbers than cells: a number broken over two lines (`1` / `62`) or its digits
///   spaced apart (`1 1`): neighbours joined again;
/// - fewer numbers than cells: a run of equal neighbouring cells printed once (`9 0 9` for
///   9,0,0,0,0,0,9), or, where the row printed one digit run and nothing else, its cells
///   run together (`713000074`).
///
/// Every reading but the first must satisfy `fits` (the row's own identity, such as its
/// total), and the caller's further identities decide between what is left. A reading keeps,
/// per cell, the token it came from.
enum RunReadings {
    /// A reading: per cell, its value and the index (in the run) of the token it came from.
    typealias Reading = [(value: Int, token: Int)]

    /// The most readings considered for one run; more means the run settles nothing.
    static let limit = 4096

    /// How a run was read.
    enum Mode: String, Sendable { case printed, joined, expanded, split }

    /// The readings of a run of number tokens as `width` cells. A token printed with a `|` at
    /// an edge is read both ways, the `|` as the digit 1 and as a ruling line; then every
    /// reading, the one as printed too, must satisfy `fits`, and what is left keeps the token
    /// indices of the run.
    /// `expands`: whether runs of equal cells may have been printed once (a crawler's text of
    /// an HTML table, not a PDF, which prints every cell: there a missing number is lost).
    static func readings(_ tokens: [SectionToken], width: Int, expands: Bool = true, fits: ([Int]) -> Bool) -> (mode: Mode, readings: [Reading]) {
        let ruled = tokens.indices.filter { tokens[$0].withoutRuling != nil }
        let glued = tokens.contains(where: \.glued)
        guard !ruled.isEmpty || glued else { return readings(tokens.map(\.text), width: width, expands: expands, fits: fits) }
        guard ruled.count <= 4 else { return (.printed, []) }
        var mode: Mode?
        var out: [Reading] = []
        // Numbers spaced apart are read both as printed and joined again.
        for mask in 0..<(1 << ruled.count) { for join in glued ? [false, true] : [false] {
            var digits: [String] = [], index: [Int] = []
            for (i, token) in tokens.enumerated() {
                var text = token.text
                if let r = ruled.firstIndex(of: i), mask & (1 << r) != 0 {
                    text = token.withoutRuling!
                    if text.isEmpty { continue }
                }
                if join, token.glued, !digits.isEmpty { digits[digits.count - 1] += text; continue }
                digits.append(text); index.append(i)
            }

            let found = readings(digits, width: width, expands: expands, fits: fits)
            let fitting = found.readings.filter { fits($0.map(\.value)) }
            guard !fitting.isEmpty else { continue }
            if mode == nil || mask == 0 && !join { mode = found.mode }
            out += fitting.map { $0.map { (value: $0.value, token: index[$0.token]) } }
            if out.count >= limit { break }
        } }
        return (mode ?? .printed, out)
    }

    /// The readings of `digits` (one string of digits per printed number) as `width` cells,
    /// and how they were found. Empty when no reading fits.
    static func readings(_ digits: [String], width: Int, expands: Bool = true, fits: ([Int]) -> Bool) -> (mode: Mode, readings: [Reading]) {
        let m = digits.count
        // One digit run where a row of several cells stands: its cells run together
        // (`0000000`, `713000074`, longer than any one number).
        if m == 1, width > 1, digits[0].count > 9 || digits[0].count > 1 && digits[0].first == "0" {
            return (.split, split(digits, width: width, expands: expands, fits: fits))
        }
        guard m > 0, width > 0, digits.allSatisfy({ !$0.isEmpty && $0.count <= 9 }) else { return (.printed, []) }
        // `01` is not a cell: a piece of a number spaced apart, which only joining can read.
        let pieces = digits.contains { $0.count > 1 && $0.first == "0" }
        if pieces, m <= width { return (.printed, []) }
        if m == width {
            return (.printed, [digits.enumerated().map { (Int($0.element)!, $0.offset) }])
        }
        if m > width {
            return (.joined, joined(digits, width: width).filter { fits($0.map(\.value)) })
        }
        guard expands else { return m == 1 ? (.split, split(digits, width: width, expands: false, fits: fits)) : (.expanded, []) }
        let expanded = self.expanded(digits.indices.map { (Int(digits[$0])!, $0) }, width: width).filter { fits($0.map(\.value)) }
        if !expanded.isEmpty { return (.expanded, expanded) }
        if m == 1 { return (.split, split(digits, width: width, expands: true, fits: fits)) }
        // A number broken over two lines inside a row whose equal cells were printed once.
        var rejoined: [Reading] = []
        for cut in 1..<m {
            let pair = digits[cut - 1] + digits[cut]
            guard pair.count <= 9, digits[cut - 1].first != "0" else { continue }
            let printed = (0..<m - 1).map { i -> (value: Int, token: Int) in
                i < cut - 1 ? (Int(digits[i])!, i) : i == cut - 1 ? (Int(pair)!, i) : (Int(digits[i + 1])!, i + 1)
            }
            rejoined += self.expanded(printed, width: width).filter { fits($0.map(\.value)) }
        }
        return (.expanded, rejoined)
    }

    /// Joins neighbours until `width` numbers remain; a join never makes a number with a
    /// leading zero.
    static func joined(_ digits: [String], width: Int) -> [Reading] {
        let m = digits.count
        guard m - width <= 6 else { return [] }
        var out: [Reading] = []
        // Choose width-1 cut points among the m-1 gaps.
        func walk(_ start: Int, _ cells: Reading) {
            if out.count >= limit { return }
            let left = width - cells.count
            if left == 1 {
                let s = digits[start...].joined()
                guard s.count <= 9, s.count == 1 || s.first != "0" else { return }
                out.append(cells + [(Int(s)!, start)])
                return
            }
            var end = start + 1
            while m - end >= left - 1 {
                let s = digits[start..<end].joined()
                if s.count > 9 || (s.count > 1 && s.first == "0") { break }
                walk(end, cells + [(Int(s)!, start)])
                end += 1
            }
        }
        walk(0, [])
        return out
    }

    /// Repeats each printed number over a run of cells so that `width` cells are filled; two
    /// neighbouring printed numbers are never equal (they would have been printed once).
    static func expanded(_ printed: [(value: Int, token: Int)], width: Int) -> [Reading] {
        let m = printed.count
        guard m <= width else { return [] }
        for i in 1..<max(m, 1) where printed[i].value == printed[i - 1].value { return [] }
        var out: [Reading] = []
        func walk(_ i: Int, _ cells: Reading) {
            if out.count >= limit { return }
            if i == m - 1 {
                out.append(cells + Array(repeating: printed[i], count: width - cells.count))
                return
            }
            let most = width - cells.count - (m - 1 - i)
            guard most >= 1 else { return }
            for n in 1...most { walk(i + 1, cells + Array(repeating: printed[i], count: n)) }
        }
        walk(0, [])
        return out
    }

    /// Cuts digit runs into numbers (no leading zeros), then expands as above. None when
    /// there are more ways than `limit`: a reading picked from some of them settles nothing.
    static func split(_ digits: [String], width: Int, expands: Bool, fits: ([Int]) -> Bool) -> [Reading] {
        var out: [Reading] = []
        var seen = 0
        func walk(_ i: Int, _ printed: [(value: Int, token: Int)]) {
            if seen > limit || printed.count > width { return }
            if i == digits.count {
                let readings = printed.count == width ? [printed] : expands ? expanded(printed, width: width) : []
                // Every reading counts, the expansions of a cut too.
                seen += max(1, readings.count)
                out += readings.filter { fits($0.map(\.value)) }
                return
            }
            guard let ways = cuts(digits[i], most: width - printed.count) else { seen = limit + 1; return }
            for parts in ways {
                walk(i + 1, printed + parts.map { (Int($0)!, i) })
            }
        }
        walk(0, [])
        return seen > limit ? [] : out
    }

    /// Every way to cut a digit string into at most `most` numbers of up to nine digits
    /// without leading zeros; nil when there are more than `limit`.
    static func cuts(_ s: String, most: Int) -> [[String]]? {
        let chars = Array(s)
        var out: [[String]] = []
        func walk(_ start: Int, _ parts: [String]) {
            if out.count > limit { return }
            if start == chars.count { out.append(parts); return }
            // What is left must fit in the numbers left, nine digits each.
            guard parts.count < most, chars.count - start <= 9 * (most - parts.count) else { return }
            for end in (start + 1)...min(chars.count, start + 9) {
                let part = String(chars[start..<end])
                if part.count > 1, part.first == "0" { break }
                walk(end, parts + [part])
            }
        }
        walk(0, [])
        return out.count > limit ? nil : out
    }
}
