// swift-tools-version: 6.1
import PackageDescription

/// The engine lives in `Sources/`; every stage is a module under `Plugins/` that depends on
/// `IngestKit` only. `StageCatalog` is the one place that registers the stage modules.
let package = Package(
    name: "ingest",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ingest", targets: ["ingest"]),
        .library(name: "IngestKit", targets: ["IngestKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // Already resolved through postgres-nio; the engine's SHA-256 comes from it.
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // MARK: Engine
        .target(
            name: "IngestKit",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto")]
        ),
        .systemLibrary(
            name: "CPoppler",
            pkgConfig: "poppler-glib",
            providers: [.apt(["libpoppler-glib-dev"])]
        ),
        .systemLibrary(
            name: "CTesseract",
            pkgConfig: "tesseract",
            providers: [.apt(["libtesseract-dev", "libleptonica-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(
            name: "ReviewSite",
            dependencies: ["IngestKit", "CPoppler", "PDFExtract", "PostgresSink", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        // libFuzzer's target over the text path when `scripts/fuzz` builds it; otherwise it
        // runs the files it is given through that path.
        .executableTarget(
            name: "fuzz-text-path",
            dependencies: ["IngestKit", "TextSource", "Cleanup", "Tables", "AnnualReport"]
        ),
        // jemalloc is the program's allocator, for poppler's allocations as for ours: linked
        // before the C library, it takes malloc and free for every library the program loads.
        // glibc's allocator cost 4–7% of the wall clock of `ingest run` on the report PDFs
        // (README, "Measured"). `AllocatorSettings` holds its settings.
        .target(name: "AllocatorSettings"),
        .executableTarget(
            name: "ingest",
            dependencies: [
                "IngestKit", "StageCatalog", "ReviewSite", "AllocatorSettings",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]
        ),

        // MARK: Stages
        .target(name: "TextSource", dependencies: ["IngestKit"], path: "Plugins/TextSource"),
        .target(name: "Cleanup", dependencies: ["IngestKit"], path: "Plugins/Cleanup"),
        .target(name: "Tables", dependencies: ["IngestKit", "TableGeometry"], path: "Plugins/Tables"),
        .target(name: "AnnualReport", dependencies: ["IngestKit"], path: "Plugins/AnnualReport"),
        .target(name: "TableGeometry", dependencies: ["IngestKit"], path: "Plugins/TableGeometry"),
        .target(name: "PDFExtract", dependencies: ["IngestKit", "CPoppler"], path: "Plugins/PDFExtract"),
        .target(
            name: "Sinks",
            dependencies: ["IngestKit", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Plugins/Sinks"
        ),
        .target(
            name: "PostgresSink",
            dependencies: ["IngestKit", "Sinks", .product(name: "PostgresNIO", package: "postgres-nio")],
            path: "Plugins/PostgresSink"
        ),
        .target(name: "RegionMatching", dependencies: ["IngestKit"], path: "Plugins/RegionMatching"),
        .target(name: "RegionNingxia", dependencies: ["IngestKit", "RegionMatching"], path: "Plugins/RegionNingxia"),
        .target(name: "RegionJiangsu", dependencies: ["IngestKit", "RegionMatching"], path: "Plugins/RegionJiangsu"),
        .target(name: "Exec", dependencies: ["IngestKit"], path: "Plugins/Exec"),
        .target(name: "HTMLSource", dependencies: ["IngestKit", "CLibXML2"], path: "Plugins/HTMLSource"),
        .target(name: "OCR", dependencies: ["IngestKit", "CPoppler", "CTesseract", "TableGeometry"], path: "Plugins/OCR"),
        // stage-catalog: modules (`ingest new-stage` adds a stage target above this line)
        .target(
            name: "StageCatalog",
            dependencies: [
                "IngestKit", "TextSource", "Sinks", "PostgresSink", "PDFExtract", "Cleanup", "Tables", "AnnualReport",
                "RegionNingxia", "RegionJiangsu", "Exec", "HTMLSource", "OCR",
                // stage-catalog: dependencies (`ingest new-stage` adds the module above this line)
            ],
            path: "Plugins/StageCatalog"
        ),

        // MARK: Tests
        .testTarget(
            name: "SinksTests",
            dependencies: ["IngestKit", "Sinks", "PostgresSink", "TextSource", .product(name: "PostgresNIO", package: "postgres-nio")],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "PDFExtractTests", dependencies: ["IngestKit", "PDFExtract", "TextSource"]),
        .testTarget(name: "RegionTests", dependencies: ["IngestKit", "RegionMatching", "RegionNingxia", "RegionJiangsu", "StageCatalog"]),
        .testTarget(name: "ExecTests", dependencies: ["IngestKit", "Exec", "StageCatalog"]),
        .testTarget(name: "ScaffoldTests", dependencies: ["IngestKit"]),
        .testTarget(name: "CleanupTests", dependencies: ["IngestKit", "Cleanup", "TestSupport"]),
        .testTarget(name: "TablesTests", dependencies: ["IngestKit", "Tables", "TestSupport"]),
        .testTarget(name: "AnnualReportTests", dependencies: ["IngestKit", "TextSource", "Cleanup", "Tables", "AnnualReport", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "HTMLSourceTests",
            dependencies: ["IngestKit", "HTMLSource", "TextSource", "PDFExtract", "Cleanup", "Tables", "AnnualReport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "OCRTests", dependencies: ["IngestKit", "OCR", "PDFExtract", "StageCatalog", "TestSupport"]),
        // stage-catalog: tests (`ingest new-stage` adds a test target above this line)
        .testTarget(name: "TableGeometryTests", dependencies: ["IngestKit", "TableGeometry"]),
        .testTarget(
            name: "ReviewSiteTests",
            dependencies: ["IngestKit", "ReviewSite", "StageCatalog", "PostgresSink", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        .testTarget(name: "IngestKitTests", dependencies: ["IngestKit", "StageCatalog", "TextSource", "Sinks", "TestSupport"]),
        // What the test targets share: the seeded generator of their generated inputs.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
    ]
)
