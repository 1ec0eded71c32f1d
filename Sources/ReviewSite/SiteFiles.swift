import Foundation

/// The files of the site under its root, written only when their bytes change, so re-running
/// the report after a replay rewrites only the pages whose records changed (and a browser or
/// `rsync` sees the others untouched). Files the site no longer produces are removed.
struct SiteFiles {
    let root: URL
    private(set) var written: [String] = []
    private(set) var unchanged = 0
    /// Every file the site holds after this build, written or not (page images included).
    private(set) var kept: Set<String> = []

    init(root: URL) throws {
        self.root = root
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// Writes `text` to `path` (relative to the root) unless the file already holds it.
    mutating func write(_ path: String, _ text: String) throws {
        kept.insert(path)
        let data = Data(text.utf8)
        let target = root.appendingPathComponent(path)
        if let old = try? Data(contentsOf: target), old == data {
            unchanged += 1
            return
        }
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: target, options: .atomic)
        written.append(path)
    }

    /// Marks a file made elsewhere (a page image) as part of the site.
    mutating func keep(_ path: String) { kept.insert(path) }

    /// Removes files under the site's own folders that this build did not produce (documents
    /// no longer in the database); returns how many.
    func removeStale(under folders: [String]) throws -> Int {
        var removed = 0
        for folder in folders {
            let base = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else { continue }
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                let relative = folder + "/" + url.path.dropFirst(base.path.count + 1)
                if !kept.contains(relative) {
                    try FileManager.default.removeItem(at: url)
                    removed += 1
                }
            }
        }
        return removed
    }
}

/// Text made safe inside HTML (element content and quoted attribute values).
func esc(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.count)
    for c in text {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(c)
        }
    }
    return out
}

/// A number as the report prints it: whole numbers without a decimal point, `—` for none.
func shown(_ value: Double?) -> String {
    guard let value else { return "—" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return String(format: "%g", value)
}

/// An HTML id made of a record path (`tables.applications.rows.total[6]` → `c-tables-applications-rows-total-6`).
func anchor(_ path: String) -> String {
    "c-" + String(path.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "-" }).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
}

/// A whole page: the shared stylesheet and script, relative to the page's depth in the site.
func page(title: String, depth: Int, body: String) -> String {
    let up = String(repeating: "../", count: depth)
    return """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(esc(title))</title>
        <link rel="stylesheet" href="\(up)site.css">
        </head>
        <body>
        \(body)
        <script src="\(up)site.js"></script>
        </body>
        </html>

        """
}
