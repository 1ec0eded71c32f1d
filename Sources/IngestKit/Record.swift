import Foundation

extension Document {
    /// The schema identifier of the record this product writes.
    public static let recordSchema = "gov-annual-report/1"

    /// The record as sinks write it: what the stages built, plus the document's identity
    /// (`document.*`), its `issues` and, where any was kept, `provenance`.
    public var outputRecord: JSONValue {
        var out = record
        if out["schema"].isNull { out["schema"] = .string(Self.recordSchema) }
        var doc = out["document"].objectValue ?? [:]
        doc["id"] = .string(id)
        doc["source"] = .string(source)
        doc["pages"] = JSONValue(metadata.pageCount)
        doc["text_layer"] = hasTextLayer.map(JSONValue.bool) ?? .null
        doc["kind"] = JSONValue(kind?.rawValue)
        out["document"] = .object(doc)
        out["issues"] = (try? JSON.value(of: issues)) ?? .array([])
        if !provenance.isEmpty { out["provenance"] = (try? JSON.value(of: provenance)) ?? .null }
        if !extensions.isEmpty, out["extensions"].isNull { out["extensions"] = .object(extensions) }
        return out
    }
}
