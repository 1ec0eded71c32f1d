import Testing
import TestSupport
@testable import IngestKit

/// The record a sink writes carries the issues and provenance exactly as their Codable form
/// prints them, built without a round trip through JSON bytes.
@Suite struct OutputRecordTests {
    @Test func issuesAndProvenanceAreTheirCodableJSON() throws {
        var document = Document(id: "ab", source: "a.pdf")
        document.addIssue(.warning, "table 二: 行政许可 \"决定\" \\ 未读出\n", stage: "schema.annual-report")
        document.addIssue(.info, "", stage: "extract.pdf")
        document.provenance["tables.applications.rows.total[6]"] = Provenance(page: 3, box: Box(x0: 72, y0: 96.25, x1: 1e300, y1: -0.5), text: "1,626", line: nil)
        document.provenance["year"] = Provenance(text: "2024年", line: 0)
        document.provenance["agency"] = Provenance(page: nil, box: Box(x0: 0, y0: 0, x1: 0.1, y1: 9_007_199_254_740_993), text: "")
        let record = document.outputRecord
        #expect(record["issues"] == (try JSON.value(of: document.issues)))
        #expect(record["provenance"] == (try JSON.value(of: document.provenance)))
    }
}

/// `JSONValue.serialized()` writes numbers and strings as `JSON.encoder` writes them, byte for
/// byte, on values of every kind (numbers of every size, strings with quotes, backslashes,
/// control characters, slashes, CJK and emoji), reads back as what the encoder wrote does, and puts an
/// object's keys in one order whatever order they were made in.
@Suite struct SerializedJSONTests {
    static let strings = ["", "a", "中文", "\"", "\\", "/", "a/b", "\n", "\r\n", "\t", "\u{0}", "\u{1}", "\u{1F}", "\u{7F}", "\u{8}", "\u{C}",
                          "🇨🇳", "e\u{301}", "\u{2028}", "\u{FEFF}", "Z", "_", "10", "2", "02", "B", "b", "é", "表二", "tables.rows[0]"]
    static let doubles: [Double] = [0, -0.0, 1, -1, 0.1, 1.5, 72.125, 1e15, 9e15, 1e16, 1e17, 1e21, 1e22, 1e-7, 5e-324, 1.7976931348623157e308,
                                    123456789.123, 0.30000000000000004, -66, 3.0e-5, 2.5e10]

    /// Strings and JSON values drawn from the seeded generator.
    struct Generator {
        var seeded: SeededGenerator
        init(state: UInt64) { seeded = SeededGenerator(seed: state) }
        mutating func next() -> Int { seeded.below(1 << 31) }
        mutating func string() -> String {
            (0..<(next() % 4)).map { _ in SerializedJSONTests.strings[next() % SerializedJSONTests.strings.count] }.joined()
        }
        mutating func value(_ depth: Int = 0, objects: Bool) -> JSONValue {
            switch next() % (depth > 3 ? 5 : objects ? 7 : 6) {
            case 0: return .null
            case 1: return .bool(next() % 2 == 0)
            case 2: return .int([0, -1, 7, Int.max, Int.min, 1_000_000_007][next() % 6])
            case 3: return .double(SerializedJSONTests.doubles[next() % SerializedJSONTests.doubles.count] * (next() % 2 == 0 ? 1 : -1))
            case 4: return .string(string())
            case 5: return .array((0..<(next() % 4)).map { _ in value(depth + 1, objects: objects) })
            default: return .object(Dictionary((0..<(next() % 5)).map { _ in (string(), value(depth + 1, objects: objects)) }, uniquingKeysWith: { a, _ in a }))
            }
        }
    }

    @Test func numbersAndStringsAreWhatTheEncoderWrites() throws {
        var generator = Generator(state: 5)
        for _ in 0..<3000 {
            let v = generator.value(objects: false)
            let mine = try v.serialized(), theirs = try JSON.encoder.encode(v)
            #expect(mine == theirs, "\(String(decoding: mine, as: UTF8.self)) vs \(String(decoding: theirs, as: UTF8.self))")
        }
        #expect(throws: (any Error).self) { try JSONValue.double(.nan).serialized() }
        #expect(throws: (any Error).self) { try JSONValue.array([.double(.infinity)]).serialized() }
    }

    @Test func objectsReadBackAsTheValueWithTheirKeysInOneOrder() throws {
        var generator = Generator(state: 9)
        for _ in 0..<3000 {
            let v = generator.value(objects: true)
            let bytes = try v.serialized()
            #expect(try JSONValue.parse(bytes) == JSONValue.parse(JSON.encoder.encode(v)))
            // The same members inserted in another order write the same bytes.
            if case .object(let members) = v {
                let rebuilt = JSONValue.object(Dictionary(members.reversed(), uniquingKeysWith: { a, _ in a }))
                #expect(try rebuilt.serialized() == bytes)
            }
        }
        let keys = ["rows[10]", "rows[2]", "rows[02]", "rows", "Rows", "rows[2]a", "_", "表二", "a10b2", "a10b10", "a9"]
        #expect(keys.sorted(by: JSONValue.keyPrecedes)
            == ["Rows", "_", "a9", "a10b2", "a10b10", "rows", "rows[02]", "rows[2]", "rows[2]a", "rows[10]", "表二"])
        // A strict order: irreflexive and never both ways.
        for a in keys { for b in keys { #expect(!(JSONValue.keyPrecedes(a, b) && JSONValue.keyPrecedes(b, a))) } }
    }
}
