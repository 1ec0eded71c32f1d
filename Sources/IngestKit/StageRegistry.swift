/// The stages a pipeline can name, by their `name`. A value: the command line builds one
/// from the stage catalog, tests copy it and add stages of their own.
public struct StageRegistry: Sendable {
    private var byName: [String: any Stage.Type] = [:]

    public init(_ stages: [any Stage.Type] = []) {
        for stage in stages { register(stage) }
    }

    /// Adds a stage; a later registration under the same name replaces the earlier one.
    public mutating func register(_ stage: any Stage.Type) {
        byName[stage.name] = stage
    }

    public subscript(name: String) -> (any Stage.Type)? { byName[name] }

    /// Every registered stage, by name.
    public var stages: [any Stage.Type] { byName.keys.sorted().map { byName[$0]! } }

    /// Registered names close to `name`, for "did you mean" hints.
    func suggestions(for name: String) -> [String] {
        let prefix = name.split(separator: ".").first.map(String.init) ?? name
        return byName.keys.sorted().filter { $0.hasPrefix(prefix) || name.hasPrefix($0) }
    }
}
