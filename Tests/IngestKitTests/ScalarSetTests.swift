import Testing
import IngestKit

/// `ScalarSet` answers as `Set<Character>` does, for the marks the scans look up.
@Suite struct ScalarSetTests {
    static let marks = "。！？；;!?，,：:“”（(一二三四五六七八九十|-—"
    /// Characters canonically equivalent to a mark without being its scalar: the Greek
    /// question mark (`;`), the compatibility ideographs of `六` and `年`, `;` with a combining
    /// mark, and the angstrom sign beside the letter it equals.
    static let equivalents = ["\u{37E}", "\u{F9D1}", "\u{F98E}", ";\u{301}", "\u{212B}", "\u{C5}", "A\u{30A}"]

    @Test func agreesWithASetOfCharactersOnEveryCharacterOfTrickyText() {
        let scalars = ScalarSet(stringLiteral: Self.marks)
        let characters = Set(Self.marks)
        var looked = 0
        for text in TrickyText.pieces + TrickyText.samples(2000) + [Self.marks] + Self.equivalents {
            for c in text {
                #expect(scalars.contains(c) == characters.contains(c), "\(String(c).debugDescription)")
                looked += 1
            }
        }
        #expect(looked > 5000)
        #expect(scalars.contains(Character("\u{37E}")))
        #expect(scalars.contains(Character("\u{F9D1}")))
    }

    @Test func aMemberThatIsNotItsNormalFormStillMatchesItsEquivalents() {
        let angstrom = ScalarSet(["\u{212B}"])
        for c in ["\u{212B}", "\u{C5}", "A\u{30A}"].map(Character.init) { #expect(angstrom.contains(c)) }
        #expect(!angstrom.contains(Character("A")))
    }

    @Test func aMarkWithACombiningMarkIsNotTheMark() {
        let set: ScalarSet = ["中", "e"]
        #expect(set.contains(Character("中")))
        #expect(!set.contains(Character("中\u{301}")))
        #expect(!set.contains(Character("e\u{301}")))
        #expect(ScalarSet(["中", "e\u{301}"]).contains(Character("中")))
        #expect(!ScalarSet(["中", "e\u{301}"]).contains(Character("e")))
    }
}
