import Foundation

/// A JSON value: the shape of stage options, of the record a pipeline builds, and of the
/// artifact that out-of-process stages read and write.
///
/// Integers and decimals stay apart (`9` prints as `9`, `96171.6` as `96171.6`), and objects
/// print with sorted keys so that the same record always serialises to the same bytes.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The name of this value's type as a user reads it in an error message.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    public var isNull: Bool { if case .null = self { true } else { false } }
    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var intValue: Int? {
        switch self {
        case .int(let i): i
        case .double(let d) where d == d.rounded() && abs(d) < 9e15: Int(d)
        default: nil
        }
    }
    public var doubleValue: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    public var objectValue: [String: JSONValue]? { if case .object(let o) = self { o } else { nil } }

    /// Member access that reads as `record["report"]["year"]`; `.null` where absent.
    public subscript(key: String) -> JSONValue {
        get { objectValue?[key] ?? .null }
        set {
            var object = objectValue ?? [:]
            object[key] = newValue
            self = .object(object)
        }
    }

    /// Element access; `.null` out of range.
    public subscript(index: Int) -> JSONValue {
        guard let array = arrayValue, array.indices.contains(index) else { return .null }
        return array[index]
    }

    /// The value at a dotted path such as `report.year` (object keys only).
    public func value(at path: String) -> JSONValue {
        path.split(separator: ".").reduce(self) { $0[String($1)] }
    }

    /// Sets the value at a dotted path, creating intermediate objects.
    public mutating func setValue(_ value: JSONValue, at path: String) {
        let keys = path.split(separator: ".").map(String.init)
        setValue(value, keys: keys[...])
    }

    private mutating func setValue(_ value: JSONValue, keys: ArraySlice<String>) {
        guard let first = keys.first else { self = value; return }
        var child = self[first]
        child.setValue(value, keys: keys.dropFirst())
        self[first] = child
    }
}

// MARK: - Literals

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension JSONValue {
    /// `.int` for a whole number, `.double` otherwise, `.null` for nil.
    public init(_ number: Double?) {
        guard let number else { self = .null; return }
        if number == number.rounded(), abs(number) < 9e15 { self = .int(Int(number)) } else { self = .double(number) }
    }
    public init(_ number: Int?) { self = number.map(JSONValue.int) ?? .null }
    public init(_ string: String?) { self = string.map(JSONValue.string) ?? .null }
}

// MARK: - Codable

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? container.decode(Int.self) {
            self = .int(i)
        } else if let d = try? container.decode(Double.self) {
            self = .double(d)
        } else if let s = try? container.decode(String.self) {
            self = .string(s)
        } else if let a = try? container.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let b): try container.encode(b)
        case .int(let i): try container.encode(i)
        case .double(let d): try container.encode(d)
        case .string(let s): try container.encode(s)
        case .array(let a): try container.encode(a)
        case .object(let o): try container.encode(o)
        }
    }
}

// MARK: - Serialisation

extension JSONValue {
    /// Parses JSON bytes.
    public static func parse(_ data: Data) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// Compact JSON on one line: keys in `keyPrecedes` order, slashes and CJK unescaped,
    /// numbers and strings written as `JSON.encoder` writes them (tested against it). Written
    /// by hand: the encoder's generic path was a twentieth of a run's CPU.
    public func serialized() throws -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        try write(into: &out)
        return Data(out)
    }

    private func write(into out: inout [UInt8]) throws {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d):
            guard d.isFinite else {
                throw EncodingError.invalidValue(d, .init(codingPath: [], debugDescription: "\(d) is not a JSON number"))
            }
            var text = d.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            out.append(contentsOf: text.utf8)
        case .string(let s): Self.write(bytes: s.utf8, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                try item.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let sorted = members.map { (key: Array($0.key.utf8), value: $0.value) }.sorted { Self.keyPrecedes($0.key, $1.key) }
            for (i, member) in sorted.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.write(bytes: member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                try member.value.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// The order of an object's keys: by UTF-8 bytes, except that runs of digits compare as
    /// numbers (`rows[2]` before `rows[10]`).
    static func keyPrecedes(_ a: String, _ b: String) -> Bool {
        keyPrecedes(Array(a.utf8), Array(b.utf8))
    }

    /// `keyPrecedes` over the keys' UTF-8 bytes (an object's keys are turned into bytes once,
    /// not once per comparison).
    private static func keyPrecedes(_ x: [UInt8], _ y: [UInt8]) -> Bool {
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        var i = 0, j = 0
        while i < x.count, j < y.count {
            if isDigit(x[i]), isDigit(y[j]) {
                var iEnd = i, jEnd = j
                while iEnd < x.count, isDigit(x[iEnd]) { iEnd += 1 }
                while jEnd < y.count, isDigit(y[jEnd]) { jEnd += 1 }
                // Leading zeros aside, the longer run is the larger number.
                let p = x[i..<iEnd].drop { $0 == 0x30 }, q = y[j..<jEnd].drop { $0 == 0x30 }
                if p.count != q.count { return p.count < q.count }
                if !p.elementsEqual(q) { return p.lexicographicallyPrecedes(q) }
                i = iEnd; j = jEnd
                continue
            }
            if x[i] != y[j] { return x[i] < y[j] }
            i += 1; j += 1
        }
        // A key that is the start of the other comes first; keys equal as numbers (`x1`,
        // `x01`) by their bytes.
        if i < x.count || j < y.count { return i == x.count }
        return x.lexicographicallyPrecedes(y)
    }

    /// A JSON string of UTF-8 bytes: `"` and `\\` escaped, control characters as `\n`-style or
    /// `\u00XX` escapes, everything else (slashes, CJK) as it is.
    private static func write(bytes: some Sequence<UInt8>, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case 0x0A: out.append(contentsOf: "\\n".utf8)
            case 0x0D: out.append(contentsOf: "\\r".utf8)
            case 0x09: out.append(contentsOf: "\\t".utf8)
            case 0x08: out.append(contentsOf: "\\b".utf8)
            case 0x0C: out.append(contentsOf: "\\f".utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: "\\u00".utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// Shared encoders: compact, sorted keys, no escaped slashes. One place sets the format.
public enum JSON {
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Converts any Encodable into a `JSONValue` (for building records from typed structs).
    public static func value<T: Encodable>(of value: T) throws -> JSONValue {
        try JSONValue.parse(encoder.encode(value))
    }
}
