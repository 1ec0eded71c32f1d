import Foundation

/// One option a stage accepts: its name, type, default and meaning. The list of these drives
/// validation of pipeline.json and the documentation `ingest stages` prints.
public struct OptionSpec: Sendable {
    public enum Kind: String, Sendable {
        case string, integer, number, boolean, stringList = "list of strings", object

        /// Whether a JSON value has this type (an integer is also a number).
        func accepts(_ value: JSONValue) -> Bool {
            switch (self, value) {
            case (.string, .string), (.integer, .int), (.number, .int), (.number, .double),
                 (.boolean, .bool), (.object, .object):
                true
            case (.stringList, .array(let items)):
                items.allSatisfy { $0.stringValue != nil }
            default:
                false
            }
        }
    }

    public let name: String
    public let kind: Kind
    public let defaultValue: JSONValue
    public let summary: String

    public init(_ name: String, _ kind: Kind, default defaultValue: JSONValue = .null, _ summary: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.summary = summary
    }
}

/// A stage's options from pipeline.json, validated against its `OptionSpec`s: every key is
/// known and every value has the declared type, so the typed accessors only fall back to
/// defaults.
public struct StageOptions: Sendable, Hashable {
    /// The options as written (validated), without defaults filled in.
    public let values: [String: JSONValue]
    private let defaults: [String: JSONValue]

    /// Validates `values` against `specs`; the problems carry `path` as their JSON location.
    public static func validate(_ value: JSONValue, specs: [OptionSpec], path: String) -> (StageOptions?, [ConfigProblem]) {
        guard let values = value.isNull ? [:] : value.objectValue else {
            return (nil, [ConfigProblem(path: path, message: "options must be an object, not \(value.typeName)")])
        }
        var problems: [ConfigProblem] = []
        let byName = Dictionary(specs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for key in values.keys.sorted() {
            let v = values[key]!
            guard let spec = byName[key] else {
                let known = specs.map(\.name).sorted().joined(separator: ", ")
                problems.append(ConfigProblem(path: "\(path).\(key)",
                    message: "unknown option '\(key)'" + (known.isEmpty ? " (this stage takes no options)" : " (known: \(known))")))
                continue
            }
            if !v.isNull, !spec.kind.accepts(v) {
                problems.append(ConfigProblem(path: "\(path).\(key)",
                    message: "'\(key)' must be a \(spec.kind.rawValue), not \(v.typeName)"))
            }
        }
        guard problems.isEmpty else { return (nil, problems) }
        return (StageOptions(values: values, specs: specs), [])
    }

    public init(values: [String: JSONValue] = [:], specs: [OptionSpec] = []) {
        self.values = values.filter { !$0.value.isNull }
        self.defaults = Dictionary(specs.map { ($0.name, $0.defaultValue) }, uniquingKeysWith: { a, _ in a })
    }

    /// The value of an option, or its declared default.
    public subscript(name: String) -> JSONValue { values[name] ?? defaults[name] ?? .null }

    public func string(_ name: String) -> String? { self[name].stringValue }
    public func int(_ name: String) -> Int? { self[name].intValue }
    public func double(_ name: String) -> Double? { self[name].doubleValue }
    public func bool(_ name: String) -> Bool? { self[name].boolValue }
    public func strings(_ name: String) -> [String]? { self[name].arrayValue?.compactMap(\.stringValue) }

    /// A stable digest of the options as written, for checkpoint keys.
    public var digest: String {
        let data = (try? JSONValue.object(values).serialized()) ?? Data()
        return SHA256.hex(of: data)
    }

    /// An error for a well-typed but unusable value, naming the option.
    public func invalid(_ name: String, _ reason: String) -> StageError {
        StageError("option '\(name)': \(reason)")
    }
}

/// A problem in a pipeline configuration, located by its JSON path (`stages[2].options.jobs`).
public struct ConfigProblem: Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
