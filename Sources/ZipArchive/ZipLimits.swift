// Caps on what reading an archive may inflate, counted on bytes actually produced.

/// Limits that stop zip bombs. Counted on inflated bytes, never trusted from declared sizes.
public struct ZipLimits: Sendable, Equatable {
    /// Most bytes one entry may inflate to.
    public var maxEntryBytes: UInt64
    /// Most bytes all entries read through one reader may inflate to.
    public var maxTotalBytes: UInt64
    /// Most entries an archive may list.
    public var maxEntries: Int
    /// Largest inflate ratio tolerated once an entry has produced more than `ratioGraceBytes`.
    public var maxRatio: UInt64
    /// Inflated size below which the ratio is not checked (small XML parts compress very well).
    public var ratioGraceBytes: UInt64

    public init(maxEntryBytes: UInt64 = 1 << 30, maxTotalBytes: UInt64 = 4 << 30, maxEntries: Int = 10_000,
                maxRatio: UInt64 = 500, ratioGraceBytes: UInt64 = 64 << 20) {
        self.maxEntryBytes = maxEntryBytes
        self.maxTotalBytes = maxTotalBytes
        self.maxEntries = maxEntries
        self.maxRatio = maxRatio
        self.ratioGraceBytes = ratioGraceBytes
    }

    public static let `default` = ZipLimits()
}
