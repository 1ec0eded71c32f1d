import Foundation

/// Headless Chromium (Debian's `chromium`), driven from its command line: the DOM after the
/// page's scripts ran, or a screenshot.
struct Chromium {
    let executable: String
    /// A profile of its own, so that tests never share one with another browser.
    let profile: URL

    /// The browser on PATH, or nil when it is not installed.
    static func find(profile: URL) -> Chromium? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
        for folder in path.split(separator: ":") + ["/usr/bin"] {
            for name in ["chromium", "chromium-browser"] {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return Chromium(executable: candidate, profile: profile) }
            }
        }
        return nil
    }

    /// The serialised DOM of `file` once loaded.
    func dom(_ file: URL) throws -> String {
        String(decoding: try run(["--dump-dom", file.absoluteString]), as: UTF8.self)
    }

    /// Writes a PNG of `file` as shown in a window of `width` × `height`.
    func screenshot(_ file: URL, to target: URL, width: Int, height: Int) throws {
        _ = try run(["--screenshot=\(target.path)", "--window-size=\(width),\(height)", "--hide-scrollbars", file.absoluteString])
    }

    private func run(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                             "--allow-file-access-from-files", "--user-data-dir=\(profile.path)"] + arguments
        let output = Pipe()
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let timer = DispatchSource.makeTimerSource()
        timer.schedule(deadline: .now() + 120)
        timer.setEventHandler { if process.isRunning { process.terminate() } }
        timer.resume()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        timer.cancel()
        guard process.terminationStatus == 0 else {
            let log = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw ChromiumError(message: "chromium \(arguments.first ?? "") exited with \(process.terminationStatus): \(log.suffix(2000))")
        }
        return data
    }
}

struct ChromiumError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
