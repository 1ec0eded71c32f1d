/// A row of a pipe (markdown) table: a line that opens with `|` and has another `|` to close
/// a cell. A lone `|` before a number (`|73325`) is not one: OCR prints it for the digit 1 or
/// for a ruling line, and whoever reads the number decides which.
public enum PipeRow {
    public static func matches(_ line: some StringProtocol) -> Bool {
        // Over the UTF-8 bytes: spaces (0x20) and ideographic spaces (E3 80 80) are passed over.
        let bytes = line.utf8
        var i = bytes.startIndex
        while i != bytes.endIndex {
            if bytes[i] == 0x20 { i = bytes.index(after: i); continue }
            guard bytes[i] == 0xE3 else { break }
            let a = bytes.index(after: i)
            guard a != bytes.endIndex, bytes[a] == 0x80 else { break }
            let b = bytes.index(after: a)
            guard b != bytes.endIndex, bytes[b] == 0x80 else { break }
            i = bytes.index(after: b)
        }
        guard i != bytes.endIndex, bytes[i] == UInt8(ascii: "|") else { return false }
        return bytes[bytes.index(after: i)...].contains(UInt8(ascii: "|"))
    }
}
