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

/// What a record is: `record.kind`. A record without the key is an annual report.
public enum RecordKind {
    /// `record.kind` of a document that is not an annual report (a notice about one, a budget,
    /// a blank scan); `record.kind_reason` says why. Sinks keep it out of the report tables.
    public static let notAnnualReport = "not_annual_report"
}

extension JSONValue {
    /// Why the record (as a stage builds it, or as `Document.outputRecord` gives it) is not an
    /// annual report, or nil when it is one.
    public var notAnnualReportReason: String? {
        guard self["kind"].stringValue == RecordKind.notAnnualReport else { return nil }
        return self["kind_reason"].stringValue ?? "not an annual report"
    }
}
