import IngestKit

/// A stage that resolves `report.region` within one province: the pattern for a province
/// module, which declares its name, its summary and its division table, and nothing else.
///
/// ```swift
/// public struct NingxiaRegion: ProvinceRegionStage {
///     public static let name = "region.ningxia"
///     public static let summary = "Resolves report.agency to its division of 宁夏回族自治区 (GB/T 2260 code)."
///     public static var divisions: DivisionTable { NingxiaDivisions.table }
///     public let resolver: RegionResolver
///     public init(resolver: RegionResolver) { self.resolver = resolver }
/// }
/// ```
///
/// Options, validation and `process` come from here, so every province behaves alike: see
/// `RegionResolver` for what is resolved, what is left null with an issue, and what passes
/// through untouched.
public protocol ProvinceRegionStage: Stage {
    /// The province's divisions with their GB/T 2260 codes.
    static var divisions: DivisionTable { get }
    /// The resolver built from the validated options.
    var resolver: RegionResolver { get }
    /// Makes the stage from a resolver over `divisions`.
    init(resolver: RegionResolver)
}

// MARK: - Default implementations

extension ProvinceRegionStage {
    /// `fields` and `assume_in_province`, shared by every province.
    public static var options: [OptionSpec] { RegionResolver.optionSpecs }

    /// Builds the resolver over the province's table from the validated options.
    public init(options: StageOptions) throws {
        self.init(resolver: try RegionResolver(table: Self.divisions, options: options))
    }

    /// Writes `report.region`, or leaves it null with an issue, or passes the document through.
    public func process(_ document: Document, in context: StageContext) async throws -> Document {
        resolver.apply(to: document, stage: context.stageName)
    }
}
