import Foundation
import Testing
import IngestKit

/// The scans the text stages run per line give Foundation's and the standard library's answers.
@Suite struct TextScanTests {
    static let samples = ["", " ", "  表 二  ", "\t一、总体情况\u{3000}", "本年新收  12  3", "a  b", "ab ", " ab", "（三）不予公开",
                          "政府信息公开工作年度报告", "**加粗**  |  1 | 2 |", "x\u{00A0}", "e\u{301} "]

    @Test func trimmingLooksAtTheEndsAsFoundationDoes() {
        for s in Self.samples {
            for set in [CharacterSet.whitespaces, .whitespacesAndNewlines, CharacterSet(charactersIn: " #*>")] {
                #expect(s.trimming(set) == s.trimmingCharacters(in: set), "\(s.debugDescription)")
                #expect(s.dropFirst(0).trimming(set) == s.trimmingCharacters(in: set))
            }
        }
    }

    @Test func isLongerCountsCharacters() {
        for s in Self.samples {
            for n in 0...14 { #expect(s.isLonger(than: n) == (s.count > n), "\(s.debugDescription) \(n)") }
        }
    }

    @Test func containsBytesFindsWhatContainsFinds() {
        for s in Self.samples {
            for needle in ["  ", "报告", "**", "|", "总体", "z", "e\u{301}"] {
                #expect(s.containsBytes(of: needle) == s.contains(needle), "\(s.debugDescription) \(needle)")
            }
        }
    }

    @Test func anAlignedGapIsTextTwoSpacesThenText() {
        #expect("本年新收  12".hasAlignedGap)
        #expect("  a  b".hasAlignedGap)
        #expect(!"a b c".hasAlignedGap)
        #expect(!"  ab  ".hasAlignedGap)
        #expect(!"".hasAlignedGap)
    }
}
