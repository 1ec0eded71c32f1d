/// The names a new stage module is made of, derived from its pipeline name.
///
/// `demo.line-count` → module `DemoLineCount` (Plugins/DemoLineCount), type `DemoLineCountStage`,
/// test target `DemoLineCountTests`, and the record path it writes, `demo.line-count.lines`.
struct StageNames: Equatable {
    let stage: String
    let module: String
    let type: String

    /// Derives the names; nil when `stage` is not lowercase words joined by dots or hyphens.
    init?(stage: String, module: String? = nil) {
        let words = stage.split(whereSeparator: { $0 == "." || $0 == "-" || $0 == "_" })
        guard let first = stage.first, first.isASCII, first.isLowercase,
              stage.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || ".-_".contains($0) }),
              !stage.hasSuffix("."), !stage.contains(".."), !words.isEmpty
        else { return nil }
        self.stage = stage
        self.module = module ?? words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        self.type = self.module + "Stage"
        guard self.module.first?.isLetter == true, self.module.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            return nil
        }
    }

    var testModule: String { module + "Tests" }
    var field: String { stage + ".lines" }
}

/// The files of a new stage module: a working stage and its test, ready to be changed.
enum StageTemplate {
    static func source(_ names: StageNames) -> String {
        """
        import IngestKit

        /// `\(names.stage)`: counts the document's non-blank lines into the record.
        ///
        /// A starting point made by `ingest new-stage`: replace `process` with what the stage is
        /// for, keep its summary and options in step, and name it in pipeline.json:
        ///
        /// ```json
        /// {"stage": "\(names.stage)", "options": {"field": "\(names.field)"}}
        /// ```
        ///
        /// The contract (see `Stage`): `process` is a function of the document and the options;
        /// what it cannot do or has to guess goes into `issues`; it throws only to fail this
        /// document at this stage.
        public struct \(names.type): Stage {
            public static let name = "\(names.stage)"
            public static let summary = "Counts the document's non-blank lines into the record."
            public static let options = [
                OptionSpec("field", .string, default: "\(names.field)", "the record path (dotted) to write the count to"),
            ]

            /// Where the count goes in the record.
            let field: String

            public init(options: StageOptions) throws {
                field = options.string("field") ?? "\(names.field)"
                guard !field.isEmpty else { throw options.invalid("field", "must name a record path, such as \(names.field)") }
            }

            public func process(_ document: Document, in context: StageContext) async throws -> Document {
                var out = document
                let count = document.pages.flatMap(\\.lines).filter { !$0.text.allSatisfy(\\.isWhitespace) }.count
                out.record.setValue(.int(count), at: field)
                if count == 0 { out.addIssue(.warning, "no text to count: did an extract stage run first?", stage: context.stageName) }
                return out
            }
        }

        """
    }

    static func test(_ names: StageNames) -> String {
        """
        import Foundation
        import IngestKit
        import Testing
        @testable import \(names.module)

        @Suite struct \(names.type)Tests {
            let context = StageContext(outputDirectory: URL(fileURLWithPath: "/tmp"), workDirectory: URL(fileURLWithPath: "/tmp"),
                                       position: 0, stageName: \(names.type).name)

            @Test func theNonBlankLinesAreCountedIntoTheRecord() async throws {
                var document = Document(id: "test", source: "test.txt")
                document.pages = [Page(number: 1, text: "一\\n\\n二", lines: [TextLine(text: "一"), TextLine(text: " "), TextLine(text: "二")])]
                let out = try await \(names.type)(options: StageOptions(specs: \(names.type).options)).process(document, in: context)
                #expect(out.record.value(at: "\(names.field)") == 2)
            }

            @Test func aDocumentWithoutTextGetsAWarning() async throws {
                let out = try await \(names.type)(options: StageOptions(specs: \(names.type).options))
                    .process(Document(id: "test", source: "test.txt"), in: context)
                #expect(out.issues.first?.severity == .warning)
            }
        }

        """
    }

    /// The README section that documents the new stage.
    static func readme(_ names: StageNames) -> String {
        """
        ### `\(names.stage)`

        Counts the document's non-blank lines into the record (`\(names.field)`).
        Module `Plugins/\(names.module)`, type `\(names.type)`, tests in `Tests/\(names.testModule)`.

        | option | type | default | meaning |
        |---|---|---|---|
        | `field` | string | `"\(names.field)"` | the record path (dotted) to write the count to |

        ```json
        {"stage": "\(names.stage)"}
        ```
        """
    }
}
