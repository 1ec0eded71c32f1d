import Foundation
import IngestKit
import Testing

/// docs/artifact.schema.json, parsed.
let artifactSchema: JSONValue = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/artifact.schema.json")
    return (try? JSONValue.parse(Data(contentsOf: url))) ?? .null
}()

/// Checks a value against the parts of JSON Schema the artifact schema uses ($ref, type, enum,
/// properties, required, additionalProperties, items, minItems, maxItems), and notes which
/// declared properties it saw, so a test can tell a schema key that no artifact has.
struct SchemaCheck {
    var problems: [String] = []
    var seen: Set<String> = []

    mutating func check(_ value: JSONValue, _ schema: JSONValue, at path: String, name: String = "Document") {
        if let ref = schema["$ref"].stringValue {
            let definition = String(ref.split(separator: "/").last ?? "")
            return check(value, artifactSchema["$defs"][definition], at: path, name: definition)
        }
        if let allowed = schema["enum"].arrayValue, !allowed.contains(value) { problems.append("\(path): \(value) not in enum") }
        if let type = schema["type"].stringValue, !Self.has(value, type: type) { problems.append("\(path): not a \(type)") }
        if let object = value.objectValue, let properties = schema["properties"].objectValue {
            for key in schema["required"].arrayValue?.compactMap(\.stringValue) ?? [] where object[key] == nil {
                problems.append("\(path): missing required \(key)")
            }
            for (key, member) in object {
                if let declared = properties[key] {
                    seen.insert("\(name).\(key)")
                    check(member, declared, at: "\(path).\(key)", name: "\(name).\(key)")
                } else if schema["additionalProperties"] == false {
                    problems.append("\(path).\(key): not declared in the schema")
                }
            }
        } else if let object = value.objectValue, schema["additionalProperties"].objectValue != nil {
            for (key, member) in object { check(member, schema["additionalProperties"], at: "\(path).\(key)", name: name) }
        }
        if let array = value.arrayValue {
            if let min = schema["minItems"].intValue, array.count < min { problems.append("\(path): fewer than \(min) items") }
            if let max = schema["maxItems"].intValue, array.count > max { problems.append("\(path): more than \(max) items") }
            for (i, item) in array.enumerated() where !schema["items"].isNull { check(item, schema["items"], at: "\(path)[\(i)]", name: name) }
        }
    }

    static func has(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("integer", .int),
             ("number", .int), ("number", .double): true
        default: false
        }
    }
}

/// A document with every field set, as a PDF source after all stages would have it.
func fullDocument() -> Document {
    var document = Document(id: "ab12", source: "in/report.pdf")
    document.kind = .pdf
    document.metadata.title = "年度报告"; document.metadata.author = "办公室"; document.metadata.creator = "WPS"
    document.metadata.producer = "PDF"; document.metadata.created = "2025-01-01T00:00:00Z"
    document.metadata.modified = "2025-01-02T00:00:00Z"; document.metadata.pageCount = 1; document.metadata.encoding = "utf-8"
    let box = Box(x0: 1, y0: 2, x1: 3, y1: 4)
    document.pages = [Page(number: 1, width: 595, height: 842, text: "一", lines: [TextLine(text: "一", box: box)],
                           glyphs: GlyphBoxes([box]), needsOCR: false, fonts: ["SimSun"])]
    document.text = CleanText(lines: [CleanLine(text: "一", origin: [LineRef(page: 1, line: 0)])])
    document.tables = [Table(layout: "geometry", heading: "二", firstLine: 0, endLine: 1,
                             rows: [[Cell(text: "9", row: 0, column: 0, page: 1, box: box, line: 0)]])]
    document.record = ["report": ["year": 2025]]
    document.provenance = ["report.year": Provenance(page: 1, box: box, text: "2025", line: 0)]
    document.addIssue(.info, "note", stage: "test")
    document.extensions = ["team": ["x": 1]]
    return document
}

@Suite struct ArtifactSchemaTests {
    @Test func aFullArtifactConformsToTheSchema() throws {
        var check = SchemaCheck()
        check.check(try JSON.value(of: fullDocument()), artifactSchema, at: "$")
        #expect(check.problems.isEmpty, "\(check.problems)")
    }

    @Test func everyPropertyTheSchemaDeclaresIsOneTheArtifactWrites() throws {
        var check = SchemaCheck()
        check.check(try JSON.value(of: fullDocument()), artifactSchema, at: "$")
        var declared = Set<String>()
        func collect(_ schema: JSONValue, _ title: String) {
            for key in schema["properties"].objectValue?.keys.sorted() ?? [] { declared.insert("\(title).\(key)") }
        }
        collect(artifactSchema, "Document")
        for (name, definition) in artifactSchema["$defs"].objectValue ?? [:] { collect(definition, name) }
        #expect(declared.subtracting(check.seen).isEmpty, "declared but never written: \(declared.subtracting(check.seen).sorted())")
    }

    @Test func glyphBoxesAreBase64PackedLittleEndianFloat32() throws {
        let encoded = try JSON.value(of: GlyphBoxes([Box(x0: 1, y0: 2, x1: 3, y1: 4)]))
        let bytes = try #require(Data(base64Encoded: encoded.stringValue ?? ""))
        let floats = stride(from: 0, to: bytes.count, by: 4).map { i in
            Float32(bitPattern: UInt32(littleEndian: bytes[i..<(i + 4)].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }))
        }
        #expect(floats == [1, 2, 3, 4])
    }
}
