import Foundation

/// Pages that a CMS writes from JavaScript (`document.write("<table>…")`, `var html = '…'`):
/// the markup inside string literals, unescaped and concatenated, to parse as HTML.
enum ScriptStrings {
    /// Whether the markup is a script that carries the page in strings rather than a page.
    static func isScriptPage(_ text: String) -> Bool {
        let head = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if head.hasPrefix("<") { return false }
        return !markup(inScript: String(head)).isEmpty
    }

    /// Replaces every `<script>` whose strings carry markup with that markup; other scripts
    /// stay (the reader drops them).
    static func inlineScripts(_ html: String) -> String {
        guard let regex = try? NSRegularExpression(pattern: #"<script\b[^>]*>(.*?)</script\s*>"#,
                                                   options: [.caseInsensitive, .dotMatchesLineSeparators]) else { return html }
        let ns = html as NSString
        var out = ""
        var last = 0
        for match in regex.matches(in: html, range: NSRange(location: 0, length: ns.length)) {
            let body = ns.substring(with: match.range(at: 1))
            let markup = markup(inScript: body)
            guard !markup.isEmpty else { continue }
            out += ns.substring(with: NSRange(location: last, length: match.range.location - last))
            out += markup
            last = match.range.location + match.range.length
        }
        guard last > 0 else { return html }
        return out + ns.substring(from: last)
    }

    /// The concatenated string literals of a script that carry markup (`<p`, `<table`, …),
    /// with the literals joined to them by `+`; empty when none carries markup.
    static func markup(inScript script: String) -> String {
        let literals = self.literals(script)
        guard literals.contains(where: { carriesMarkup($0.value) }) else { return "" }
        var kept = literals.map { carriesMarkup($0.value) }
        let scalars = Array(script.unicodeScalars)
        func joined(_ i: Int) -> Bool {
            let between = String(String.UnicodeScalarView(scalars[literals[i].end..<literals[i + 1].start]))
            return between.trimmingCharacters(in: .whitespacesAndNewlines) == "+"
        }
        var changed = true
        while changed {
            changed = false
            for i in 0..<max(literals.count - 1, 0) where kept[i] != kept[i + 1] && joined(i) {
                kept[i] = true; kept[i + 1] = true; changed = true
            }
        }
        return literals.indices.filter { kept[$0] }.map { literals[$0].value }.joined()
    }

    static func carriesMarkup(_ s: String) -> Bool {
        s.range(of: #"<\s*/?\s*(p|div|table|tr|td|th|span|br|h[1-6]|li|font|strong|b|tbody)\b"#,
                options: [.regularExpression, .caseInsensitive]) != nil
    }

    /// The string literals of a script ('…', "…", `…`), unescaped, with their scalar ranges.
    static func literals(_ script: String) -> [(value: String, start: Int, end: Int)] {
        let s = Array(script.unicodeScalars)
        var out: [(String, Int, Int)] = []
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == "/", i + 1 < s.count, s[i + 1] == "/" {          // line comment
                while i < s.count, s[i] != "\n" { i += 1 }
                continue
            }
            if c == "/", i + 1 < s.count, s[i + 1] == "*" {          // block comment
                i += 2
                while i + 1 < s.count, !(s[i] == "*" && s[i + 1] == "/") { i += 1 }
                i += 2
                continue
            }
            guard c == "'" || c == "\"" || c == "`" else { i += 1; continue }
            let start = i
            var value = String.UnicodeScalarView()
            i += 1
            while i < s.count, s[i] != c {
                if s[i] == "\\", i + 1 < s.count {
                    i += 1
                    switch s[i] {
                    case "n": value.append("\n")
                    case "t": value.append("\t")
                    case "r": value.append("\r")
                    case "b", "f", "v": break
                    case "0": value.append("\0")
                    case "\n": break                                    // line continuation
                    case "\r": if i + 1 < s.count, s[i + 1] == "\n" { i += 1 }
                    case "x" where i + 2 < s.count:
                        if let v = UInt32(String(String.UnicodeScalarView(s[(i + 1)...(i + 2)])), radix: 16), let u = Unicode.Scalar(v) {
                            value.append(u); i += 2
                        } else { value.append("x") }
                    case "u":
                        if i + 1 < s.count, s[i + 1] == "{", let close = s[(i + 1)...].firstIndex(of: "}"),
                           let v = UInt32(String(String.UnicodeScalarView(s[(i + 2)..<close])), radix: 16), let u = Unicode.Scalar(v) {
                            value.append(u); i = close
                        } else if i + 4 < s.count, let v = UInt32(String(String.UnicodeScalarView(s[(i + 1)...(i + 4)])), radix: 16) {
                            if let u = Unicode.Scalar(v) { value.append(u) }
                            i += 4
                        } else { value.append("u") }
                    default: value.append(s[i])
                    }
                } else {
                    value.append(s[i])
                }
                i += 1
            }
            i += 1
            out.append((String(value), start, min(i, s.count)))
        }
        return out
    }
}
