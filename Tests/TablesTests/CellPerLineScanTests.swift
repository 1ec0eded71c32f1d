import IngestKit
import Testing
import TestSupport
@testable import Tables

/// `CellPerLine.classify` reads only as much of a line as its answer needs, and answers as the
/// whole-line version it replaced (kept here as the reference) did.
@Suite struct CellPerLineScanTests {
    static let pieces = ["", " ", "  ", "中", "文", "，", "。", "；", ";", "!", "a", "1", "12", "3.5", "-66", "1,626", "12%", "+", "+ 54",
                         "信息内容", "本年制发件数", "1.", "（一）", "予以公开", "\u{301}", "e\u{301}", " \u{301}", "中\u{301}", "Ａ", "👨\u{200D}👩",
                         "“", "：", "属于国家秘密"]

    static let samples: [String] = {
        var seeded = SeededGenerator(seed: 5)
        let long = String(repeating: "政府信息公开", count: 20)
        return pieces + (0..<4000).map { _ in (0..<(seeded.below(10))).map { _ in seeded.pick(pieces) }.joined(separator: seeded.below(3) == 0 ? "" : " ") }
            + ["（一）予以公开 287 1 0 0 0 0 288", "信息内容 本年制发件数 本年废止件数", "29 2 0", long + " 1 2", long + " 3", long, "a  " + long + " 1 2"]
    }()

    @Test func classifyAgrees() {
        for width in [40.0, 7.5] {
            let reader = CellPerLine(minRows: 2, maxLabelWidth: width)
            for s in Self.samples {
                #expect(describe(reader.classify(s)) == describe(Reference(maxLabelWidth: width).classify(s)), "\(s.debugDescription)")
            }
        }
    }

    private func describe(_ line: CellPerLine.Line) -> String {
        switch line {
        case .numbers(let label, let values): "numbers \(label.debugDescription) \(values)"
        case .headerWords(let words): "header \(words)"
        case .label(let text): "label \(text.debugDescription)"
        case .blank: "blank"
        case .other: "other"
        }
    }

    /// The classification the scan replaced.
    private struct Reference {
        var maxLabelWidth: Double

        func classify(_ line: String) -> CellPerLine.Line {
            let s = line.trimming(.whitespaces)
            if s.isEmpty { return .blank }
            let tokens = s.split(separator: " ")
            let count = tokens.reversed().prefix { CellText.isNumber($0) }.count
            if count > 0 {
                let label = tokens.dropLast(count).joined(separator: " ")
                if label.isEmpty || (isLabel(label) && (count > 1 || CellPerLine.isSingleValueLabel(label))) {
                    return .numbers(label: label, values: tokens.suffix(count).map(String.init))
                }
            }
            if tokens.count >= 2, tokens.allSatisfy({ $0.count >= 4 && $0.allSatisfy { !$0.isASCII && $0.isLetter } }) {
                return .headerWords(tokens.map(String.init))
            }
            return isLabel(s) ? .label(s) : .other
        }

        func isLabel(_ text: String) -> Bool {
            let width = text.reduce(0.0) { $0 + ($1.isASCII ? 0.5 : 1) }
            return width <= maxLabelWidth && !text.contains { "。！？；;!?".contains($0) }
        }
    }
}
