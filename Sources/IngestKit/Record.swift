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
        out["issues"] = .array(issues.map(\.json))
        if !provenance.isEmpty { out["provenance"] = .object(provenance.mapValues(\.json)) }
        if !extensions.isEmpty, out["extensions"].isNull { out["extensions"] = .object(extensions) }
        return out
    }
}

extension Issue {
    /// The issue as a record prints it: the JSON of its Codable form, built directly.
    public var json: JSONValue {
        .object(["stage": .string(stage), "severity": .string(severity.rawValue), "message": .string(message)])
    }
}

extension Provenance {
    /// Where a value came from as a record prints it: the JSON of its Codable form (absent
    /// members left out, the box as `[x0, y0, x1, y1]`), built directly.
    public var json: JSONValue {
        var members: [String: JSONValue] = ["text": .string(text)]
        if let page { members["page"] = .int(page) }
        if let box { members["box"] = .array([box.x0, box.y0, box.x1, box.y1].map { Int(exactly: $0).map(JSONValue.int) ?? .double($0) }) }
        if let line { members["line"] = .int(line) }
        return .object(members)
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
