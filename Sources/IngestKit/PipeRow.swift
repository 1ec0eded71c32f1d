/// A row of a pipe (markdown) table: a line that opens with `|` and has another `|` to close
/// a cell. A lone `|` before a number (`|73325`) is not one: OCR prints it for the digit 1 or
/// for a ruling line, and whoever reads the number decides which.
public enum PipeRow {
    public static func matches(_ line: some StringProtocol) -> Bool {
        let s = line.drop(while: { $0 == " " || $0 == "\u{3000}" })
        return s.first == "|" && s.dropFirst().contains("|")
    }
}
