import IngestKit
import TextSource
import PDFExtract
import Sinks
import PostgresSink
import Cleanup
import Tables
import AnnualReport
import RegionNingxia
import RegionJiangsu
import Exec
import HTMLSource
import OCR

/// The stages this build of `ingest` knows. A new stage module adds its import above and one
/// line here (`ingest new-stage` does both).
public let stageCatalog = StageRegistry([
    PDFExtractor.self,
    OCRStage.self,
    HTMLExtract.self,
    TextExtract.self,
    TextCleanup.self,
    TableRecovery.self,
    AnnualReportSchema.self,
    JSONLinesSink.self,
    SQLiteSink.self,
    CSVSink.self,
    PostgresSink.self,
    NingxiaRegion.self,
    JiangsuRegion.self,
    ExecStage.self,
])
