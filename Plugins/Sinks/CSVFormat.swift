import Foundation
import IngestKit

/// RFC 4180 CSV: fields separated by commas, records ended by CRLF, a field quoted when it
/// holds a comma, a quote, CR or LF, and a quote inside a quoted field doubled.
///
/// ```swift
/// CSVFormat.record(["a", "b,c", "say \"hi\""])   // "a,\"b,c\",\"say \"\"hi\"\"\"\r\n"
/// CSVFormat.parse("a,\"b,c\"\r\n")                // [["a", "b,c"]]
/// ```
public enum CSVFormat {
    /// The UTF-8 byte order mark, which makes Excel read a CSV file as UTF-8.
    public static let byteOrderMark = Data([0xEF, 0xBB, 0xBF])

    /// One CSV record, CRLF included.
    public static func record(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",") + "\r\n"
    }

    /// `field`, quoted if it needs to be.
    public static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The text of a record value in a cell: empty for null, numbers as JSON prints them
    /// (a whole number without a decimal point), `true`/`false`, arrays and objects as JSON.
    public static func cell(_ value: JSONValue) -> String {
        switch value {
        case .null: ""
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double(let number): value.intValue.map(String.init) ?? "\(number)"
        case .string(let text): text
        case .array, .object: (try? value.serialized()).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
    }

    /// Parses CSV text (a leading byte order mark is skipped; CRLF or LF line ends) into records.
    /// A final record without a line end is kept only if `keepUnterminated` (a file cut off by
    /// a crash ends in a partial record, which a caller drops).
    public static func parse(_ text: String, keepUnterminated: Bool = true) -> [[String]] {
        var records: [[String]] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var started = false
        var iterator = text.unicodeScalars.drop(while: { $0 == "\u{FEFF}" }).makeIterator()
        var lookahead: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = lookahead { lookahead = nil; return scalar }
            return iterator.next()
        }
        while let scalar = next() {
            started = true
            if quoted {
                if scalar == "\"" {
                    let following = next()
                    if following == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; lookahead = following }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty: quoted = true
            case ",": fields.append(field); field = ""
            case "\r": continue
            case "\n":
                fields.append(field)
                records.append(fields)
                fields = []; field = ""; started = false
            default: field.unicodeScalars.append(scalar)
            }
        }
        if started, keepUnterminated {
            fields.append(field)
            records.append(fields)
        }
        return records
    }
}
