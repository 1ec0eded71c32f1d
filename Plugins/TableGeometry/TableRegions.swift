import Foundation
import IngestKit

/// Where a report's standard tables lie on its pages: from a section heading (`三、收到和处理
/// 政府信息公开申请情况`) to the next one, across page breaks.
public struct TableRegion: Sendable, Equatable {
    /// The heading line as printed (white space removed).
    public var heading: String
    /// The part of each page the region covers, in page order.
    public var parts: [Part]

    public struct Part: Sendable, Equatable {
        /// 1-based page number.
        public var page: Int
        public var top: Double
        public var bottom: Double
    }
}

/// Finds the regions of the tables that geometry recovers: table 二 (active disclosure), table 三
/// (applications) and table 四 (review and litigation).
public enum TableRegions {
    /// A section heading: its numeral and a phrase only that heading contains (row labels such
    /// as `三、本年度办理结果` or `四、结转下年度继续办理` start with numerals too).
    struct Heading {
        let numeral: String
        let phrases: [String]
    }

    static let recovered = [
        Heading(numeral: "二", phrases: ["主动公开政府信息"]),
        Heading(numeral: "三", phrases: ["收到和处理政府信息公开申请", "收到和处理政府信息公开申请情况"]),
        Heading(numeral: "四", phrases: ["行政复议"]),
    ]
    /// Headings that end a region.
    static let boundaries = [
        Heading(numeral: "五", phrases: ["存在的主要问题"]),
        Heading(numeral: "六", phrases: ["其他需要报告"]),
    ] + recovered
    /// The numerals a heading line can start with (most lines are passed over on this alone).
    static let numerals = ScalarSet(boundaries.compactMap(\.numeral.first))

    /// The regions of tables 二, 三 and 四 in a document extracted from a PDF.
    public static func regions(in pages: [Page]) -> [TableRegion] {
        let headings = pages.flatMap { page in
            page.lines.compactMap { line -> (heading: Heading, text: String, page: Int, box: Box)? in
                guard let box = line.box, let first = line.text.first(where: { !$0.isWhitespace }),
                      numerals.contains(first) else { return nil }
                let text = line.text.filter { !$0.isWhitespace }
                guard let heading = boundaries.first(where: { matches(text, $0) }) else { return nil }
                return (heading, text, page.number, box)
            }
        }
        var regions: [TableRegion] = []
        for (i, start) in headings.enumerated() where recovered.contains(where: { $0.numeral == start.heading.numeral }) {
            let end = headings.dropFirst(i + 1).first
            var parts: [TableRegion.Part] = []
            for page in pages where page.number >= start.page && page.number <= (end?.page ?? pages.last?.number ?? start.page) {
                let top = page.number == start.page ? start.box.y1 : 0
                let bottom = page.number == end?.page ? end!.box.y0 : (page.height ?? .greatestFiniteMagnitude)
                if bottom > top { parts.append(.init(page: page.number, top: top, bottom: bottom)) }
            }
            regions.append(TableRegion(heading: start.text, parts: parts))
        }
        return regions
    }

    static func matches(_ text: String, _ heading: Heading) -> Bool {
        guard text.hasPrefix(heading.numeral + "、") || text.hasPrefix(heading.numeral + "，") || text.hasPrefix(heading.numeral + ".") else {
            return false
        }
        guard text.count <= 40, !text.contains(where: { $0.isASCII && $0.isNumber }) else { return false }
        return heading.phrases.contains { text.contains($0) }
    }
}
