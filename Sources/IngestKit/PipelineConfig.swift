import Foundation

/// A pipeline as declared in pipeline.json:
///
/// ```json
/// {"stages": [{"stage": "extract.text"}, {"stage": "sink.jsonl", "options": {"file": "records.jsonl"}}]}
/// ```
///
/// Loading resolves every stage name in the registry and validates every option before any
/// document is touched; all problems are reported together, each with its JSON path.
public struct PipelineConfig: Sendable {
    /// One resolved stage of the pipeline.
    public struct Step: Sendable {
        public let position: Int
        public let type: any Stage.Type
        public let options: StageOptions
        public var name: String { type.name }
    }

    public let steps: [Step]
    /// Digest of the configuration as resolved (for the run ledger).
    public let digest: String

    static let topLevelKeys: Set<String> = ["stages", "description"]
    static let stepKeys: Set<String> = ["stage", "options"]

    /// Parses and validates a configuration file.
    public static func load(contentsOf url: URL, registry: StageRegistry) throws -> PipelineConfig {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ConfigError(file: url.path, problems: [ConfigProblem(path: "$", message: "cannot read the file: \(error.localizedDescription)")])
        }
        return try parse(data, file: url.path, registry: registry)
    }

    /// Parses and validates configuration bytes; `file` names them in errors.
    public static func parse(_ data: Data, file: String, registry: StageRegistry) throws -> PipelineConfig {
        let json: JSONValue
        do {
            json = try JSONValue.parse(data)
        } catch {
            throw ConfigError(file: file, problems: [ConfigProblem(path: "$", message: "not valid JSON (\(jsonErrorSummary(error)))")])
        }
        var problems: [ConfigProblem] = []
        guard let top = json.objectValue else {
            throw ConfigError(file: file, problems: [ConfigProblem(path: "$", message: "the configuration must be an object with a \"stages\" array")])
        }
        for key in top.keys.sorted() where !topLevelKeys.contains(key) {
            problems.append(ConfigProblem(path: key, message: "unknown key (known: \(topLevelKeys.sorted().joined(separator: ", ")))"))
        }
        guard let stages = top["stages"]?.arrayValue else {
            problems.append(ConfigProblem(path: "stages", message: top["stages"] == nil ? "missing: list the stages in order" : "must be an array"))
            throw ConfigError(file: file, problems: problems)
        }
        if stages.isEmpty { problems.append(ConfigProblem(path: "stages", message: "the pipeline has no stages")) }
        var steps: [Step] = []
        for (i, entry) in stages.enumerated() {
            let path = "stages[\(i)]"
            guard let object = entry.objectValue else {
                problems.append(ConfigProblem(path: path, message: "must be an object like {\"stage\": NAME, \"options\": {...}}"))
                continue
            }
            for key in object.keys.sorted() where !stepKeys.contains(key) {
                problems.append(ConfigProblem(path: "\(path).\(key)", message: "unknown key (a stage entry has \"stage\" and \"options\")"))
            }
            guard let name = object["stage"]?.stringValue else {
                problems.append(ConfigProblem(path: "\(path).stage", message: object["stage"] == nil ? "missing: name the stage" : "must be a string"))
                continue
            }
            guard let type = registry[name] else {
                let hints = registry.suggestions(for: name)
                problems.append(ConfigProblem(path: "\(path).stage",
                    message: "unknown stage '\(name)'" + (hints.isEmpty ? "; `ingest stages` lists the known ones" : " (did you mean \(hints.joined(separator: ", "))?)")))
                continue
            }
            let (options, optionProblems) = StageOptions.validate(object["options"] ?? .null, specs: type.options, path: "\(path).options")
            problems += optionProblems
            guard let options else { continue }
            do {
                _ = try type.init(options: options)
            } catch {
                problems.append(ConfigProblem(path: "\(path).options", message: "\(error)"))
                continue
            }
            steps.append(Step(position: i, type: type, options: options))
        }
        guard problems.isEmpty else { throw ConfigError(file: file, problems: problems) }
        let signature = steps.map { "\($0.name)@\($0.type.version):\($0.options.digest)" }.joined(separator: "|")
        return PipelineConfig(steps: steps, digest: SHA256.hex(of: signature))
    }

    /// Creates the stage values, in order.
    public func instantiate() throws -> [any Stage] {
        try steps.map { try $0.type.init(options: $0.options) }
    }

    /// The position of the stage named `reference`, or at the 1-based position it gives.
    public func position(of reference: String) -> Int? {
        if let n = Int(reference), steps.indices.contains(n - 1) { return n - 1 }
        return steps.firstIndex { $0.name == reference }
    }

    private static func jsonErrorSummary(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            return (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String ?? context.debugDescription
        }
        return "\(error)"
    }
}

/// A configuration that cannot be used, with every problem found in it.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let problems: [ConfigProblem]

    public var description: String {
        "\(file): \(problems.count) problem\(problems.count == 1 ? "" : "s")\n" + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}
