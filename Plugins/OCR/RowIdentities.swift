import Foundation
import IngestKit
import TableGeometry

/// The template's identities that hold within one printed row, checked on a recognised page
/// before its numbers go on: in table 三 the total column is the sum of the six applicant
/// columns; in table 四 each group's total is the sum of its four results. A row that fails
/// is read again at a higher dpi; what stays inconsistent is left out (null with an issue),
/// unless every reading gives the same numbers (then the document itself disagrees with its
/// total, which the schema's checks report).
enum RowIdentities {
    /// Cells that must add up: the last is the total of the others.
    struct Group: Sendable {
        var page: Int
        var boxes: [IngestKit.Box]
        var values: [Int]

        var holds: Bool { values.dropLast().reduce(0, +) == values.last }
    }

    /// Table 三's columns, table 四's results per group and its groups, from the template.
    static let applicationWidth = ReportTemplate.applicationColumns.count
    static let reviewWidth = ReportTemplate.reviewResults.count
    static let reviewRowWidth = ReportTemplate.reviewGroups.count * ReportTemplate.reviewResults.count

    /// The groups of the geometry tables of `pages` whose cells are all counts, in place.
    static func groups(in pages: [Page]) -> [Group] {
        var out: [Group] = []
        for table in GeometryTables.tables(in: pages) {
            for row in table.rows {
                let cells = row.filter { $0.column >= 2 }.sorted { $0.column < $1.column }
                guard let first = cells.first, cells.last!.column - first.column == cells.count - 1 else { continue }
                let values = cells.compactMap { cell -> Int? in
                    guard cell.text.allSatisfy({ $0.isASCII && $0.isNumber }), cell.text.count <= 9 else { return nil }
                    return Int(cell.text)
                }
                guard values.count == cells.count, let page = first.page else { continue }
                let boxes = cells.compactMap(\.box)
                guard boxes.count == cells.count else { continue }
                if cells.count == applicationWidth {
                    out.append(Group(page: page, boxes: boxes, values: values))
                } else if cells.count == reviewRowWidth {
                    for g in stride(from: 0, to: reviewRowWidth, by: reviewWidth) {
                        out.append(Group(page: page, boxes: Array(boxes[g..<g + reviewWidth]), values: Array(values[g..<g + reviewWidth])))
                    }
                }
            }
        }
        return out
    }
}

/// Reads given cells of one page again at a higher dpi, for the rows whose identities fail.
struct FailedRowRereader: Sendable {
    let settings: RecognitionSettings

    /// The numbers in the cells around `boxes` (points) of page `pageIndex`, read on the page
    /// rendered at `settings.rereadDPI` and straightened by `skew`; nil where no number reads.
    func read(path: String, pageIndex: Int, skew: Double, boxes: [IngestKit.Box]) async throws -> [Int?] {
        let pdf = try PDFPages(path: path, password: settings.password)
        guard let sharp = PreparedPage.sharper(pdf, pageIndex: pageIndex, dpi: settings.rereadDPI, skew: skew) else {
            return boxes.map { _ in nil }
        }
        let engine = try await EnginePool.shared.take(languages: RecognitionSettings.digitLanguages,
                                                      whitelist: RecognitionSettings.digitWhitelist)
        let f = settings.rereadDPI / 72
        let pixels = { (b: IngestKit.Box) in
            PixelRect(x0: Int(b.x0 * f), y0: Int(b.y0 * f), x1: Int((b.x1 * f).rounded(.up)), y1: Int((b.y1 * f).rounded(.up)))
        }
        let values = sharp.readCells(engine, around: boxes.map(pixels), hints: boxes.map { _ in "" }).map { reading -> Int? in
            guard let text = reading.text, text.allSatisfy({ $0.isASCII && $0.isNumber }), text.count <= 9 else { return nil }
            return Int(text)
        }
        await EnginePool.shared.giveBack(engine)
        return values
    }
}
