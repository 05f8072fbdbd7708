// Last year's reports, matched to this year's by agency and year, for the cross-year checks.
import Foundation

/// Last year's reports by agency. A report is compared with its agency's report of the year before; one given for
/// another year is named in a finding instead of being compared (or dropped) silently.
public struct PreviousYearReports: Sendable {
    private var byAgency: [String: [Report]] = [:]

    /// Reports without an agency cannot be matched; the caller names them.
    public init(_ reports: [Report]) {
        for report in reports {
            guard let agency = report.agency else { continue }
            byAgency[Rollup.agencyKey(agency), default: []].append(report)
        }
    }

    /// These reports and `more` after them (the archive's report of last year after the files given): an agency's
    /// report of year − 1 is taken from the first that has one.
    public func adding(_ more: [Report]) -> PreviousYearReports {
        var combined = self
        for report in more {
            guard let agency = report.agency else { continue }
            combined.byAgency[Rollup.agencyKey(agency), default: []].append(report)
        }
        return combined
    }

    public var isEmpty: Bool { byAgency.isEmpty }

    /// Last year's report of the same agency, or a finding saying why the ones given do not fit.
    public func match(_ report: Report) -> (previous: Report?, mismatch: Finding?) {
        guard let agency = report.agency, let candidates = byAgency[Rollup.agencyKey(agency)] else { return (nil, nil) }
        guard let year = report.year else { return (nil, nil) }
        if let previous = candidates.first(where: { $0.year == year - 1 }) { return (previous, nil) }
        let listed = candidates.map { "\($0.source)（\($0.year.map { "\($0) 年度" } ?? "年度不明")）" }.joined(separator: "、")
        return (nil, Finding(.crossYearPreviousMismatch,
                             message: "作为上一年度给出的「\(agency)」报告 \(listed) 不是 \(year - 1) 年度的，未做跨年核对"))
    }

    /// `report` with its cross-year findings, or the finding that says why there are none.
    public func checked(_ report: Report) -> Report {
        var report = report
        let (previous, mismatch) = match(report)
        if let previous { report.findings += Checker().crossYearFindings(report, previous: previous) }
        if let mismatch { report.findings.append(mismatch) }
        return report
    }
}
