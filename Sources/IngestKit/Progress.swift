import Foundation

/// How a run shows its progress on standard error.
public enum ProgressDisplay: Sendable, Equatable {
    /// Nothing until the summary.
    case none
    /// A bar redrawn in place on one terminal line, at most five times a second.
    case bar
    /// A plain line every so many seconds (and one at the end), for logs that are not a
    /// terminal: a scheduler's job log, `2> run.log`.
    case lines(every: Double)
}

/// Where a run stands: what the progress bar and the progress lines show.
public struct ProgressSnapshot: Sendable, Equatable {
    /// Documents finished (done, up to date, duplicate or failed).
    public var completed: Int
    public var total: Int
    /// Documents that failed.
    public var failed: Int
    /// Documents recognised as not being annual reports.
    public var setAside: Int
    /// Pages of the documents that went through stages in this run.
    public var pages: Int
    public var elapsedSeconds: Double

    public init(completed: Int, total: Int, failed: Int, setAside: Int, pages: Int, elapsedSeconds: Double) {
        self.completed = completed
        self.total = total
        self.failed = failed
        self.setAside = setAside
        self.pages = pages
        self.elapsedSeconds = elapsedSeconds
    }

    /// Pages per second so far.
    public var pagesPerSecond: Double { Double(pages) / max(elapsedSeconds, 0.001) }

    /// Seconds still to go at the pace so far, or nil before the first document is finished.
    public var remainingSeconds: Double? {
        guard completed > 0 else { return nil }
        return elapsedSeconds / Double(completed) * Double(max(0, total - completed))
    }

    /// `[#######·············]  12/60 documents  0 failed  3 not reports  45.2 pages/s  0:12 elapsed  0:48 left`
    public func bar(width: Int = 24) -> String {
        let filled = total == 0 ? width : min(width, completed * width / total)
        let bar = "[" + String(repeating: "#", count: filled) + String(repeating: "·", count: width - filled) + "]"
        return "\(bar) \(completed)/\(total) documents  \(failed) failed  \(setAside) not reports  "
            + String(format: "%.1f pages/s  ", pagesPerSecond)
            + "\(Self.clock(elapsedSeconds)) elapsed  \(remainingSeconds.map(Self.clock) ?? "–:––") left"
    }

    /// `progress: 12/60 documents (20%), 0 failed, 3 not annual reports, 45.2 pages/s, elapsed 0:12, remaining 0:48`
    public var line: String {
        let percent = total == 0 ? 100 : completed * 100 / total
        return "progress: \(completed)/\(total) documents (\(percent)%), \(failed) failed, \(setAside) not annual reports, "
            + String(format: "%.1f pages/s, ", pagesPerSecond)
            + "elapsed \(Self.clock(elapsedSeconds)), remaining \(remainingSeconds.map(Self.clock) ?? "unknown")"
    }

    /// `m:ss`, or `h:mm:ss` from an hour on.
    public static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        let (h, m, s) = (whole / 3600, whole / 60 % 60, whole % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, s) : String(format: "%d:%02d", m, s)
    }
}
