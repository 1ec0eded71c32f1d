import ArgumentParser
import Foundation

/// `ingest new-stage NAME`: creates a stage module with its registration and a test.
struct NewStageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new-stage",
        abstract: "Create a new stage module: Plugins/<Module>, its test, its Package.swift targets and its registration.",
        discussion: """
            NAME is the name pipeline.json will use, lowercase words joined by dots or hyphens \
            (region.guangdong, demo.line-count). Writes Plugins/<Module>/<Module>Stage.swift (a working \
            stage to change), Tests/<Module>Tests/, adds both targets to Package.swift (above its \
            `// stage-catalog:` markers) and the import and registration line to \
            Plugins/StageCatalog/StageCatalog.swift; nothing under Sources/ changes. Prints the README section.
            """
    )

    @Argument(help: "The stage's name in pipeline.json, e.g. region.guangdong.")
    var name: String

    @Option(name: .long, help: "The module name (default: from NAME, e.g. RegionGuangdong).")
    var module: String?

    @Option(name: .long, help: "The package to add the stage to.")
    var packagePath = "."

    func run() throws {
        guard let names = StageNames(stage: name, module: module) else {
            printError("'\(name)' is not a stage name: use lowercase words joined by dots or hyphens, such as region.guangdong"
                + (module == nil ? "" : ", and a module name of letters and digits"))
            throw ExitCode(2)
        }
        let scaffold = StageScaffold(root: URL(fileURLWithPath: packagePath), names: names)
        do {
            let written = try scaffold.apply()
            for path in written { print("wrote \(path)") }
        } catch let error as ScaffoldError {
            printError(error.description)
            throw ExitCode(2)
        }
        print("\nBuild with `swift build`, then add {\"stage\": \"\(names.stage)\"} to pipeline.json.")
        print("README section:\n")
        print(StageTemplate.readme(names))
    }
}

/// A scaffold that cannot be made, with the reason.
struct ScaffoldError: Error, CustomStringConvertible {
    let description: String
}

/// The files a new stage touches, all checked before any is written.
struct StageScaffold {
    let root: URL
    let names: StageNames

    static let packageFile = "Package.swift"
    static let catalogFile = "Plugins/StageCatalog/StageCatalog.swift"

    /// Writes the new files and edits the two registration files; returns the paths touched.
    func apply() throws -> [String] {
        let sourcePath = "Plugins/\(names.module)/\(names.type).swift"
        let testPath = "Tests/\(names.testModule)/\(names.type)Tests.swift"
        for path in ["Plugins/\(names.module)", "Tests/\(names.testModule)"] where exists(path) {
            throw ScaffoldError(description: "\(path) already exists; choose another name or --module")
        }
        let package = try registerTargets(in: read(Self.packageFile))
        let catalog = try registerStage(in: read(Self.catalogFile))
        try write(StageTemplate.source(names), to: sourcePath)
        try write(StageTemplate.test(names), to: testPath)
        try write(package, to: Self.packageFile)
        try write(catalog, to: Self.catalogFile)
        return [sourcePath, testPath, Self.packageFile, Self.catalogFile]
    }

    /// Package.swift with the stage target, the catalog dependency and the test target added
    /// above their `// stage-catalog:` markers.
    func registerTargets(in manifest: String) throws -> String {
        if manifest.contains("name: \"\(names.module)\"") {
            throw ScaffoldError(description: "\(Self.packageFile) already has a target named \(names.module)")
        }
        var lines = manifest.components(separatedBy: "\n")
        try insert(".target(name: \"\(names.module)\", dependencies: [\"IngestKit\"], path: \"Plugins/\(names.module)\"),",
                   above: "// stage-catalog: modules", in: &lines)
        try insert("\"\(names.module)\",", above: "// stage-catalog: dependencies", in: &lines)
        try insert(".testTarget(name: \"\(names.testModule)\", dependencies: [\"IngestKit\", \"\(names.module)\"]),",
                   above: "// stage-catalog: tests", in: &lines)
        return lines.joined(separator: "\n")
    }

    /// StageCatalog.swift with the module imported and the stage type registered.
    func registerStage(in source: String) throws -> String {
        var lines = source.components(separatedBy: "\n")
        guard let lastImport = lines.lastIndex(where: { $0.hasPrefix("import ") }),
              let open = lines.firstIndex(where: { $0.contains("StageRegistry([") }),
              let close = lines[open...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("])") })
        else {
            throw ScaffoldError(description: "\(Self.catalogFile) has no `import` lines or no `StageRegistry([ ... ])` list to add \(names.type) to")
        }
        lines.insert("    \(names.type).self,", at: close)
        lines.insert("import \(names.module)", at: lastImport + 1)
        return lines.joined(separator: "\n")
    }

    /// Inserts `line` above the marker comment, with the marker's indentation.
    private func insert(_ line: String, above marker: String, in lines: inout [String]) throws {
        guard let index = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(marker) }) else {
            throw ScaffoldError(description: "\(Self.packageFile) has no `\(marker)` comment; put it where new \(marker.split(separator: " ").last ?? "") lines go")
        }
        let indent = lines[index].prefix { $0 == " " }
        lines.insert(indent + line, at: index)
    }

    private func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    private func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: url(path).path) }

    private func read(_ path: String) throws -> String {
        do {
            return try String(contentsOf: url(path), encoding: .utf8)
        } catch {
            throw ScaffoldError(description: "cannot read \(url(path).path): is --package-path the package's root? (\(error.localizedDescription))")
        }
    }

    private func write(_ text: String, to path: String) throws {
        let target = url(path)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: target, options: .atomic)
    }
}
