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

    /// Compact JSON with sorted keys and unescaped slashes and CJK, one line.
    public func serialized() throws -> Data {
        try JSON.encoder.encode(self)
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
