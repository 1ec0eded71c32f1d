/// A few characters, each one Unicode scalar, looked up by scalar value: the marks and
/// numerals the label, token and line scans look for. `Set<Character>` hashes a character's
/// normalized form on every lookup, which those scans paid for every character they looked at.
///
/// It answers as `Set<Character>` does, canonical equivalence included: a character that is
/// not one scalar in normal form (`;` printed as U+037E, a compatibility ideograph such as
/// U+F9D1 for `六`, a letter with a combining mark) is compared as a `Character`, which is
/// rare in text and exact.
public struct ScalarSet: Sendable, ExpressibleByArrayLiteral, ExpressibleByStringLiteral {
    @usableFromInline let values: [UInt32]
    @usableFromInline let members: [Character]
    /// Whether some member is not its own normal form, so that a scalar which is no member
    /// can still be equivalent to one.
    @usableFromInline let membersNormalized: Bool

    public init(_ characters: some Sequence<Character>) {
        members = Array(characters)
        values = members.compactMap { c in c.unicodeScalars.count == 1 ? c.unicodeScalars.first!.value : nil }
        membersNormalized = members.allSatisfy { c in
            c.unicodeScalars.count == 1 && !Self.mayNotBeNormal(c.unicodeScalars.first!)
        }
    }

    public init(arrayLiteral elements: Unicode.Scalar...) {
        self.init(elements.map(Character.init))
    }

    /// The characters of `marks`: `"。！？"`.
    public init(stringLiteral marks: String) {
        self.init(marks)
    }

    @inlinable
    public func contains(_ c: Character) -> Bool {
        var scalars = c.unicodeScalars.makeIterator()
        guard let first = scalars.next() else { return false }
        if scalars.next() == nil {
            if values.contains(first.value) { return true }
            if membersNormalized, !Self.mayNotBeNormal(first) { return false }
        }
        return members.contains(c)
    }

    /// Whether a scalar may differ from its canonical composition (a singleton such as U+037E
    /// or a compatibility ideograph): what Unicode calls a full composition exclusion. ASCII,
    /// Latin-1 and the unified ideographs, most of the text, are decided without a lookup.
    @inlinable
    static func mayNotBeNormal(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0..<0x300, 0x3400...0x4DBF, 0x4E00...0x9FFF: false
        default: s.properties.isFullCompositionExclusion
        }
    }
}
