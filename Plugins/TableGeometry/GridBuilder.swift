import Foundation
import IngestKit

/// Text printed in one cell, possibly over several lines.
struct Block: Sendable, Equatable {
    var text: String
    var box: Box
    var page: Int

    init(_ words: [PageWord]) {
        let ordered = words.sorted { ($0.box.midY, $0.box.x0) < ($1.box.midY, $1.box.x0) }
        text = ordered.map(\.text).joined()
        box = ordered.dropFirst().reduce(ordered[0].box) { $0.union($1.box) }
        page = ordered[0].page
    }
}

/// One row of numbers with the labels that belong to it.
struct DataRow: Sendable {
    var y: Double
    /// Labels of merged cells covering this row and others (`三、本年度办理结果`, `（三）不予公开`),
    /// outermost first.
    var groups: [Block] = []
    /// The row's own label (`2.其他法律行政法规禁止公开`), reassembled from its lines.
    var label: Block?
    /// One entry per number column; nil where the row prints nothing in that column.
    var numbers: [PageWord?]
}

/// A header cell above the numbers, spanning `span` number columns from `column`.
struct HeaderCell: Sendable, Equatable {
    var text: String
    var box: Box
    var page: Int
    var column: Int
    var span: Int
}

/// A header row printed between rows of numbers (the sub-table headers of table 二:
/// `第二十条第（五）项`, `信息内容 本年处理决定数量`).
struct InnerHeader: Sendable {
    var y: Double
    /// Text printed left of the number columns.
    var label: Block?
    var cells: [HeaderCell]
}

/// The grid recovered from the words of one part of a table region.
struct Grid: Sendable {
    var spanningHeaders: [[HeaderCell]]
    var leafHeaders: [HeaderCell]
    var rows: [DataRow]
    var innerHeaders: [InnerHeader]
    var columnCount: Int
}

/// Recovers a grid from word positions alone: number columns from the alignment of the numbers,
/// rows from their baselines, row labels from the words left of the numbers (a label wrapped
/// over several lines joins the row whose numbers sit among its lines), merged row labels from
/// vertically contiguous words further left (vertical writing included), and headers from the
/// words above the first row (a header wider than one column spans the columns it covers).
struct GridBuilder {
    let words: [PageWord]
    /// Typical glyph height: the unit of every tolerance here.
    let unit: Double

    init(words: [PageWord]) {
        self.words = words
        let heights = words.map(\.box.height).sorted()
        unit = heights.isEmpty ? 10 : max(heights[heights.count / 2], 4)
    }

    func build() -> Grid? {
        let numbers = words.filter(\.isNumber)
        let rowCenters = cluster(numbers.map(\.box.midY), tolerance: unit * 0.45)
        guard !rowCenters.isEmpty else { return nil }
        let columns = cluster(numbers.map(\.box.midX), tolerance: unit * 0.9)
        let numbersLeft = numbers.map(\.box.x0).min()!
        let halfGap = rowCenters.count > 1 ? (rowCenters[1] - rowCenters[0]) / 2 : unit * 1.5
        let firstTop = rowCenters[0] - min(halfGap, unit * 2.5)
        let bands = Self.bands(rowCenters, top: firstTop)
        let firstNumbersTop = numbers.filter { abs($0.box.midY - rowCenters[0]) < unit * 0.45 }.map(\.box.y0).min()!

        var rows = rowCenters.map { DataRow(y: $0, numbers: Array(repeating: nil, count: columns.count)) }
        for word in numbers {
            let r = nearest(rowCenters, to: word.box.midY)
            let c = nearest(columns, to: word.box.midX)
            if rows[r].numbers[c] == nil { rows[r].numbers[c] = word }
        }
        let text = words.filter { !$0.isNumber }
        let inner = innerHeaderLines(text, rowCenters: rowCenters, below: firstNumbersTop, numbersLeft: numbersLeft)
        let inInner = { (word: PageWord) in inner.contains { abs(word.box.midY - $0) < self.unit * 0.45 } }
        let labels = text.filter { $0.box.midY >= firstTop && $0.box.x1 <= numbersLeft + unit * 0.3 && !inInner($0) }
        assignLabels(labels, to: &rows, bands: bands)
        let header = text.filter { $0.box.x1 > numbersLeft + unit * 0.3 && $0.box.midY < firstNumbersTop }
        let (spanning, leaves) = headers(header, columns: columns)
        let innerHeaders = inner.map { y -> InnerHeader in
            let line = text.filter { abs($0.box.midY - y) < unit * 0.45 }
            let left = line.filter { $0.box.x1 <= numbersLeft - unit }
            let (spans, cells) = headers(line.filter { $0.box.x1 > numbersLeft - unit }, columns: columns)
            return InnerHeader(y: y, label: left.isEmpty ? nil : Block(left), cells: spans.flatMap { $0 } + cells)
        }
        return Grid(spanningHeaders: spanning, leafHeaders: leaves, rows: rows, innerHeaders: innerHeaders, columnCount: columns.count)
    }

    /// Lines below the first row of numbers that print no number and are headers of a
    /// sub-table, not labels: they print over the number columns, or they reach them (within a
    /// glyph) while starting right of where labels start, as `第二十条第（六）项` centred over its
    /// table does. Where labels start is told by the label words that stop short of the numbers
    /// (single-line labels, the last lines of wrapped ones).
    private func innerHeaderLines(_ text: [PageWord], rowCenters: [Double], below top: Double, numbersLeft: Double) -> [Double] {
        let reaches = { (word: PageWord) in word.box.x1 > numbersLeft - self.unit }
        let labelStart = text.filter { $0.box.midY > top && !reaches($0) }.map(\.box.x0).max() ?? -Double.greatestFiniteMagnitude
        let isHeader = { (word: PageWord) in
            word.box.x1 > numbersLeft + self.unit * 0.3 || (reaches(word) && word.box.x0 > labelStart + self.unit * 0.6)
        }
        return cluster(text.map(\.box.midY), tolerance: unit * 0.45).filter { y in
            y > top && !rowCenters.contains { abs($0 - y) < unit * 0.45 }
                && text.contains { abs($0.box.midY - y) < unit * 0.45 && isHeader($0) }
        }
    }

    // MARK: - Labels

    /// Gives each row its own label and the labels of the merged cells that cover it.
    ///
    /// Label words fall into levels by their left edge; the rightmost level holds the rows' own
    /// labels, assigned by row band. Further left, vertically contiguous words make a cell. A cell
    /// at the height of a single row with no label of its own is that row's label (a label merged
    /// across the columns, such as `一、本年新收…` or `（七）总计`). The other cells are merged over
    /// several rows with their text centred: each takes the run of rows from the end of the
    /// previous one that centres it best, and rows labelled further left bound the runs.
    private func assignLabels(_ labels: [PageWord], to rows: inout [DataRow], bands: [ClosedRange<Double>]) {
        let levels = cluster(labels.map(\.box.x0), tolerance: unit * 0.6, chaining: true)
        guard let itemLevel = levels.indices.last else { return }
        let byLevel = Dictionary(grouping: labels) { nearest(levels, to: $0.box.x0) }
        var itemWords = Array(repeating: [PageWord](), count: rows.count)
        for word in byLevel[itemLevel] ?? [] {
            itemWords[band(of: word.box.midY, in: bands)].append(word)
        }
        for r in rows.indices where !itemWords[r].isEmpty { rows[r].label = Block(itemWords[r]) }
        /// The level at which each row's own label sits, for rows labelled left of the item level.
        var ownLevel = Array(repeating: Int?.none, count: rows.count)
        var groups = Array(repeating: [(level: Int, block: Block)](), count: rows.count)
        for level in levels.indices where level != itemLevel {
            var merged: [(block: Block, core: ClosedRange<Int>)] = []
            for block in contiguousBlocks(byLevel[level] ?? []) {
                let core = coreRows(of: block, rows: rows)
                if core.count == 1, rows[core.lowerBound].label == nil, ownLevel[core.lowerBound] == nil {
                    rows[core.lowerBound].label = block
                    ownLevel[core.lowerBound] = level
                } else {
                    merged.append((block, core))
                }
            }
            let walls = Set(rows.indices.filter { ownLevel[$0].map { $0 <= level } ?? false })
            for (block, span) in spans(of: merged, walls: walls, extents: extents(rows, bands)) {
                for r in span { groups[r].append((level, block)) }
            }
        }
        for r in rows.indices { rows[r].groups = groups[r].sorted { $0.level < $1.level }.map(\.block) }
    }

    /// Rows whose centre lies within the block's height, or the nearest row.
    private func coreRows(of block: Block, rows: [DataRow]) -> ClosedRange<Int> {
        let inside = rows.indices.filter { rows[$0].y >= block.box.y0 - unit * 0.25 && rows[$0].y <= block.box.y1 + unit * 0.25 }
        guard let first = inside.first, let last = inside.last else {
            let r = nearest(rows.map(\.y), to: block.box.midY)
            return r...r
        }
        return first...last
    }

    /// The rows each merged cell covers: from after the previous cell (or the last wall above
    /// its core) to the row that best centres its text, never across a wall or into the next
    /// cell's core; rows left after the last cell before a wall belong to it.
    private func spans(of cells: [(block: Block, core: ClosedRange<Int>)], walls: Set<Int>,
                       extents: [ClosedRange<Double>]) -> [(Block, ClosedRange<Int>)] {
        let cells = cells.sorted { $0.core.lowerBound < $1.core.lowerBound }
        var result: [(Block, ClosedRange<Int>)] = []
        var previousEnd = -1
        for (i, cell) in cells.enumerated() {
            var start = cell.core.lowerBound
            while start - 1 > previousEnd, !walls.contains(start - 1) { start -= 1 }
            var limit = cell.core.upperBound
            let nextCore = i + 1 < cells.count ? cells[i + 1].core.lowerBound : extents.count
            while limit + 1 < nextCore, !walls.contains(limit + 1) { limit += 1 }
            guard start <= cell.core.upperBound else { continue }
            let centre = cell.block.box.midY
            let offCentre = { (end: Int) in abs(centre - (extents[start].lowerBound + extents[end].upperBound) / 2) }
            var end = (cell.core.upperBound...limit).min { offCentre($0) < offCentre($1) } ?? cell.core.upperBound
            if i + 1 == cells.count || nextCore > limit + 1 { end = limit }
            result.append((cell.block, start...end))
            previousEnd = end
        }
        return result
    }

    /// Each row's vertical extent: its band, the last one as deep below its centre as above.
    private func extents(_ rows: [DataRow], _ bands: [ClosedRange<Double>]) -> [ClosedRange<Double>] {
        bands.indices.map { r in
            r < bands.count - 1 ? bands[r] : bands[r].lowerBound...(2 * rows[r].y - bands[r].lowerBound)
        }
    }

    /// Words of one label level grouped into cells: lines that touch or overlap vertically.
    private func contiguousBlocks(_ words: [PageWord]) -> [Block] {
        let sorted = words.sorted { ($0.box.y0, $0.box.x0) < ($1.box.y0, $1.box.x0) }
        var groups: [[PageWord]] = []
        var bottom = -Double.infinity
        for word in sorted {
            if let last = groups.indices.last, word.box.y0 - bottom < unit * 0.2 {
                groups[last].append(word)
            } else {
                groups.append([word])
            }
            bottom = max(groups[groups.count - 1].map(\.box.y1).max()!, word.box.y1)
        }
        return groups.map(Block.init)
    }

    // MARK: - Headers

    private func headers(_ words: [PageWord], columns: [Double]) -> ([[HeaderCell]], [HeaderCell]) {
        let edges = zip(columns, columns.dropFirst()).map { ($0 + $1) / 2 }
        var spanning: [HeaderCell] = []
        var leafWords = Array(repeating: [PageWord](), count: columns.count)
        let column = { (x: Double) in edges.firstIndex { x < $0 } ?? edges.count }
        for word in words {
            let first = column(word.box.x0 + unit * 0.3)
            let last = max(first, column(word.box.x1 - unit * 0.3))
            if last > first {
                spanning.append(HeaderCell(text: word.text, box: word.box, page: word.page, column: first, span: last - first + 1))
            } else {
                leafWords[first].append(word)
            }
        }
        let leaves = leafWords.enumerated().compactMap { column, words -> HeaderCell? in
            guard !words.isEmpty else { return nil }
            let block = Block(words)
            return HeaderCell(text: block.text, box: block.box, page: block.page, column: column, span: 1)
        }
        let levels = cluster(spanning.map(\.box.midY), tolerance: unit * 0.5)
        let rows = levels.map { y in spanning.filter { abs($0.box.midY - y) <= unit * 0.5 }.sorted { $0.column < $1.column } }
        return (rows, leaves)
    }

    // MARK: - Geometry helpers

    /// Row bands: from `top` to the midpoints between row centres, the last one open below.
    static func bands(_ centers: [Double], top: Double) -> [ClosedRange<Double>] {
        centers.indices.map { i in
            let lower = i == 0 ? top : (centers[i - 1] + centers[i]) / 2
            let upper = i == centers.count - 1 ? Double.greatestFiniteMagnitude : (centers[i] + centers[i + 1]) / 2
            return lower...max(lower, upper)
        }
    }

    private func band(of y: Double, in bands: [ClosedRange<Double>]) -> Int {
        bands.firstIndex { $0.contains(y) } ?? (y < bands[0].lowerBound ? 0 : bands.count - 1)
    }

    /// Sorted centres of 1-D clusters: a value joins a cluster when within `tolerance` of its
    /// mean (or, `chaining`, of its last member).
    func cluster(_ values: [Double], tolerance: Double, chaining: Bool = false) -> [Double] {
        var clusters: [[Double]] = []
        for v in values.sorted() {
            if let last = clusters.last {
                let reference = chaining ? last.last! : last.reduce(0, +) / Double(last.count)
                if v - reference <= tolerance {
                    clusters[clusters.count - 1].append(v)
                    continue
                }
            }
            clusters.append([v])
        }
        return clusters.map { $0.reduce(0, +) / Double($0.count) }
    }

    func nearest(_ centers: [Double], to value: Double) -> Int {
        centers.indices.min { abs(centers[$0] - value) < abs(centers[$1] - value) } ?? 0
    }
}
