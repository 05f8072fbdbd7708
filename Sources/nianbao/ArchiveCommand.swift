// `nianbao archive`: the county archive on the command line — add files, list, history, export, remove, restore.
import Archive
import ArgumentParser
import Disclosure
import Foundation
import Readers

struct ArchiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "县档案（一个 SQLite 文件）：按单位、年度和版本保存收入的每一份报告及其原文件。",
        subcommands: [ArchiveAdd.self, ArchiveList.self, ArchiveHistory.self, ArchiveExport.self, ArchiveRemove.self, ArchiveRestore.self])
}

/// Opening the archive for a command: a refusal (a newer nianbao's archive, another program's file, busy) is printed
/// and exits 2, as an input that cannot be read.
enum ArchiveAccess {
    static func open(_ path: String, create: Bool) throws -> ReportArchive {
        do {
            return try ReportArchive(path: path, create: create)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(ExitStatus.unreadable)
        }
    }

    /// Runs `body`; an archive error is printed and exits 2.
    static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ArchiveError {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(ExitStatus.unreadable)
        }
    }
}

struct ArchiveAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "读取文件（文件夹、zip 压缩包）并把每份报告连同原文件收入档案；同一文件不重复收入。")

    @Argument(help: ArgumentHelp("报告文件、文件夹、zip 压缩包或通配符。", valueName: "文件或文件夹"))
    var paths: [String]

    @Option(help: ArgumentHelp("档案文件（SQLite，不存在则新建）。", valueName: "档案文件"))
    var db: String

    @OptionGroup var options: ReportOptions

    @Option(help: .hidden)
    var addedAt: String?

    /// What reading one input gave, before it is stored in input order.
    enum Prepared: Sendable {
        case unreadable(String)
        case held(ArchivedVersion)
        case read(Report, SourceFile)
    }

    func run() throws {
        let readOptions = try options.readOptions()
        var time = Date()
        if let addedAt {
            guard let parsed = ISO8601DateFormatter().date(from: addedAt) else { throw ValidationError("--added-at 应为 ISO 8601 时间") }
            time = parsed
        }
        let (inputs, skipped) = Batch.expand(paths)
        guard !inputs.isEmpty else { throw ValidationError("没有找到可读取的文件") }
        let archive = try ArchiveAccess.open(db, create: true)
        let progress = Progress(total: inputs.count, quiet: options.quiet, label: "收入档案")
        var counts = (added: 0, versions: 0, held: 0, failed: 0)
        // Read in parallel a chunk at a time, stored in input order (versions are numbered as the files were given), each
        // chunk in one transaction; no more than a chunk of files is held in memory.
        let chunkSize = 64
        for start in stride(from: 0, to: inputs.count, by: chunkSize) {
            let chunk = Array(inputs[start..<min(start + chunkSize, inputs.count)])
            let prepared = ParallelMap.map(chunk, width: options.jobs ?? ProcessInfo.processInfo.activeProcessorCount) { path -> Prepared in
                progress.started(path)
                defer { progress.finished() }
                return Self.prepare(path, archive: archive, options: readOptions)
            }
            // The chunk's readable reports in one transaction: whole reports only after a crash, one commit per chunk.
            let readable = prepared.compactMap { item -> (report: Report, source: SourceFile)? in
                if case .read(let report, let source) = item { return (report, source) }
                return nil
            }
            var outcomes = try ArchiveAccess.run { try archive.add(readable, addedAt: time) }.makeIterator()
            for (path, item) in zip(chunk, prepared) {
                let line: String
                switch item {
                case .unreadable(let error):
                    counts.failed += 1
                    line = "✗ \(path)\n    无法读取，未收入档案：\(error)"
                case .held(let version):
                    counts.held += 1
                    line = "= \(path)\n    " + AddOutcome.alreadyThere(version).sentence
                case .read:
                    guard let outcome = outcomes.next() else { continue }
                    switch outcome {
                    case .added: counts.added += 1
                    case .newVersion: counts.added += 1; counts.versions += 1
                    case .alreadyThere: counts.held += 1
                    case .refused: counts.failed += 1
                    }
                    let mark: String
                    switch outcome {
                    case .refused: mark = "✗"
                    case .alreadyThere: mark = "="
                    case .added, .newVersion: mark = "+"
                    }
                    line = "\(mark) \(path)\n    \(outcome.sentence)"
                }
                if !options.quiet || item.isFailure { print(line) }
            }
        }
        progress.done()
        for path in skipped { print("- \(path)\n    跳过：\(Batch.skipReason(path))") }
        var summary = "共 \(inputs.count) 个文件：收入 \(counts.added) 份"
        if counts.versions > 0 { summary += "（其中新版本 \(counts.versions) 份）" }
        summary += "，已在档案中 \(counts.held) 份，未收入 \(counts.failed) 个"
        if !skipped.isEmpty { summary += "；跳过 \(skipped.count) 个不支持的文件" }
        print(summary + "；档案 \(db)")
        throw ExitCode(counts.failed > 0 ? ExitStatus.unreadable : ExitStatus.clean)
    }

    /// The input's bytes and hash; the report only when the archive does not hold these bytes already.
    static func prepare(_ path: String, archive: ReportArchive, options: ReadOptions) -> Prepared {
        let bytes: [UInt8]
        do {
            bytes = try ZipFolder.bytes(at: path)
        } catch {
            return .unreadable("\(error)")
        }
        guard bytes.count <= ReportArchive.maxSourceBytes else {
            return .unreadable("文件有 \(bytes.count >> 20) MB，超过档案收存的上限 \(ReportArchive.maxSourceBytes >> 20) MB")
        }
        let source = SourceFile(name: path, bytes: bytes)
        do {
            if let held = try archive.holding(sha256: source.sha256) { return .held(held) }
        } catch {
            return .unreadable("\(error)")
        }
        let result = Batch.readReport(path, options: options)
        guard let report = result.report else { return .unreadable(result.error ?? "") }
        return .read(report, source)
    }
}

extension ArchiveAdd.Prepared {
    var isFailure: Bool {
        if case .unreadable = self { return true }
        if case .read(let report, _) = self { return report.agency == nil || report.year == nil }
        return false
    }
}

struct ArchiveList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "档案目录：单位 × 年度，每份当前报告的核对结果和版本数。")

    @Option(help: ArgumentHelp("档案文件。", valueName: "档案文件"))
    var db: String

    func run() throws {
        let archive = try ArchiveAccess.open(db, create: false)
        let versions = try ArchiveAccess.run { try archive.versions() }
        for line in ArchiveTable.lines(versions, file: db) { print(line) }
    }
}

/// The agency × year table of `archive list`.
enum ArchiveTable {
    static func lines(_ versions: [ArchivedVersion], file: String) -> [String] {
        guard !versions.isEmpty else { return ["档案 \(file) 是空的：还没有收入任何报告"] }
        let holdings = ArchiveHoldings(versions)
        let years = holdings.years
        let current = versions.filter(\.isCurrent).count
        var lines = ["档案 \(file)：\(holdings.agencies.count) 个单位，\(years.count) 个年度，\(versions.count) 份报告（当前 \(current) 份）"]
        let rows = [["单位"] + years.map { "\($0) 年度" }] + holdings.agencies.map { agency in
            [agency.name] + years.map { year in status(agency.byYear[year] ?? []) }
        }
        let widths = (0..<(years.count + 1)).map { column in rows.map { width($0[column]) }.max() ?? 0 }
        for row in rows {
            lines.append(zip(row, widths).map { text, size in text + String(repeating: " ", count: size - width(text)) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
        lines.append("✓ 无问题  ✗ 有错误  ! 仅有警告  — 没有报告；“2 版”为该年度收到的版本数（当前为最新一版）")
        return lines
    }

    /// One cell: the current version's status, and how many versions were received.
    static func status(_ versions: [ArchivedVersion]) -> String {
        guard !versions.isEmpty else { return "—" }
        var text: String
        if let current = versions.first(where: \.isCurrent) {
            text = current.errors > 0 ? "✗ 错误 \(current.errors)" : current.warnings > 0 ? "! 警告 \(current.warnings)" : "✓"
        } else {
            text = "已移除"
        }
        if versions.count > 1 { text += " · \(versions.count) 版" }
        return text
    }

    /// Columns as a terminal shows them: CJK and full-width characters take two.
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            let wide = (0x1100...0x115F).contains(scalar.value) || (0x2E80...0xA4CF).contains(scalar.value)
                || (0xAC00...0xD7A3).contains(scalar.value) || (0xF900...0xFAFF).contains(scalar.value)
                || (0xFE30...0xFE4F).contains(scalar.value) || (0xFF00...0xFF60).contains(scalar.value) || (0xFFE0...0xFFE6).contains(scalar.value)
            return total + (wide ? 2 : 1)
        }
    }
}

struct ArchiveHistory: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "一个单位历年的全部版本。")

    @Argument(help: "单位名称（青山镇 也匹配 青山镇人民政府）。")
    var agency: String

    @Option(help: ArgumentHelp("档案文件。", valueName: "档案文件"))
    var db: String

    func run() throws {
        let archive = try ArchiveAccess.open(db, create: false)
        let versions = try ArchiveAccess.run { try archive.versions(agency: agency) }
        guard !versions.isEmpty else {
            print("档案 \(db) 中没有「\(agency)」的报告")
            throw ExitCode(ExitStatus.findings)
        }
        print("\(versions.last?.agency ?? agency)：\(versions.count) 份报告")
        var year: Int?
        for version in versions {
            if version.year != year {
                print("\(version.year) 年度")
                year = version.year
            }
            let state = version.removed ? "已移除" : version.isCurrent ? "当前" : "旧版"
            print("  第 \(version.version) 版  \(state)  \(version.addedAt)  \(version.source)  \(version.size) 字节  sha256 \(version.sha256.prefix(12))  "
                + "\(version.layout) 版  错误 \(version.errors) · 警告 \(version.warnings)")
        }
    }
}

struct ArchiveExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "导出：每个报告版本一行（CSV）或一个对象（JSON）。")

    @Option(help: ArgumentHelp("档案文件。", valueName: "档案文件"))
    var db: String

    @Option(help: "导出格式：csv 或 json。")
    var to: String

    @Option(name: .shortAndLong, help: "输出文件（- 为标准输出）。")
    var output = "-"

    func run() throws {
        guard to == "csv" || to == "json" else { throw ValidationError("--to 应为 csv 或 json") }
        let archive = try ArchiveAccess.open(db, create: false)
        let bytes = try ArchiveAccess.run {
            to == "csv" ? try archive.exportCSV() : Array((try archive.exportJSON().render() + "\n").utf8)
        }
        if output == "-" {
            FileHandle.standardOutput.write(Data(bytes))
        } else {
            try Outputs.writing { try AtomicFile.write(bytes, to: output, inputs: [db]) }
        }
    }
}

struct ArchiveRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "移除一个版本（只做标记，不删除；archive restore 可恢复）。")

    @Argument(help: "单位名称。")
    var agency: String

    @Option(help: "报告年度。")
    var year: Int

    @Option(help: "版本号（默认当前版本）。")
    var version: Int?

    @Option(help: ArgumentHelp("档案文件。", valueName: "档案文件"))
    var db: String

    func run() throws {
        let archive = try ArchiveAccess.open(db, create: false)
        let removed = try ArchiveAccess.run { try archive.remove(agency: agency, year: year, version: version) }
        let now = try ArchiveAccess.run { try archive.versions(agency: agency) }.first { $0.year == year && $0.isCurrent }
        print("已移除 \(removed.agency) \(removed.year) 年度第 \(removed.version) 版（\(removed.source)）；可用 archive restore 恢复。"
            + (now.map { "当前版本为第 \($0.version) 版" } ?? "该年度已没有当前版本"))
    }
}

struct ArchiveRestore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "恢复一个已移除的版本。")

    @Argument(help: "单位名称。")
    var agency: String

    @Option(help: "报告年度。")
    var year: Int

    @Option(help: "版本号（默认最近移除的一版）。")
    var version: Int?

    @Option(help: ArgumentHelp("档案文件。", valueName: "档案文件"))
    var db: String

    func run() throws {
        let archive = try ArchiveAccess.open(db, create: false)
        let restored = try ArchiveAccess.run { try archive.restore(agency: agency, year: year, version: version) }
        print("已恢复 \(restored.agency) \(restored.year) 年度第 \(restored.version) 版（\(restored.source)）" + (restored.isCurrent ? "，现为当前版本" : ""))
    }
}
