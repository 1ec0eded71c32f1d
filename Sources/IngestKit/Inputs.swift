import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Turns the command line's inputs (files, folders searched recursively, glob patterns) into
/// the list of files to ingest.
public enum Inputs {
    /// Files named by `arguments`, in a stable order, without repeats. Hidden files and folders
    /// found while searching a folder are left out. Arguments that name nothing are returned as
    /// `missing`.
    public static func expand(_ arguments: [String]) -> (files: [String], missing: [String]) {
        var files: [String] = []
        var missing: [String] = []
        var seen = Set<String>()
        func add(_ path: String) {
            let key = URL(fileURLWithPath: path).standardizedFileURL.path
            if seen.insert(key).inserted { files.append(path) }
        }
        for argument in arguments {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) {
                if isDirectory.boolValue {
                    walk(argument).forEach(add)
                } else {
                    add(argument)
                }
            } else if argument.contains(where: { "*?[".contains($0) }) {
                let matches = glob(argument)
                if matches.isEmpty { missing.append(argument) }
                for match in matches {
                    var dir: ObjCBool = false
                    _ = FileManager.default.fileExists(atPath: match, isDirectory: &dir)
                    if dir.boolValue { walk(match).forEach(add) } else { add(match) }
                }
            } else {
                missing.append(argument)
            }
        }
        return (files, missing)
    }

    /// Regular files below `folder`, sorted, paths joined onto the folder as given.
    static func walk(_ folder: String) -> [String] {
        let base = URL(fileURLWithPath: folder)
        guard let enumerator = FileManager.default.enumerator(
            at: base, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]
        ) else { return [] }
        var found: [String] = []
        let prefix = base.standardizedFileURL.path
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            var relative = url.standardizedFileURL.path
            if relative.hasPrefix(prefix) { relative.removeFirst(prefix.count) }
            while relative.hasPrefix("/") { relative.removeFirst() }
            found.append(folder.hasSuffix("/") ? folder + relative : folder + "/" + relative)
        }
        return found.sorted()
    }

    static func glob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard Glibc.glob(pattern, 0, nil, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { i in result.gl_pathv[i].map { String(cString: $0) } }.sorted()
    }
}
