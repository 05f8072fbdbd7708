// The archive on the page (`serve --db`): accept a file into the archive, the agencies × years held, a key's trend,
// and the county rollup from the archive. The page itself is ArchivePage.
import Archive
import Disclosure
import Foundation
import Hummingbird
import Readers

extension Routes {
    func addArchiveRoutes(to router: Router<BasicRequestContext>, archive: ReportArchive) {
        router.get("/archive") { _, _ in ServerResponses.bytes(Array(ArchivePage.html.utf8), type: "text/html; charset=utf-8").withPagePolicy() }
        router.get("/archive.js") { _, _ in ServerResponses.bytes(Array(ArchivePage.script.utf8), type: "text/javascript; charset=utf-8") }
        router.get("/archive.css") { _, _ in ServerResponses.bytes(Array(ArchivePage.style.utf8), type: "text/css; charset=utf-8") }
        router.post("/api/archive/add") { request, _ in
            await withUploads(request) { form in
                ServerResponses.json(.array(try ArchiveIntake.add(Self.someFiles(form), overrides: try FileOverrides(fields: form.fields), to: archive).map(\.json)))
            }
        }
        router.get("/api/archive/list") { _, _ in
            await onWorker { ServerResponses.json(ArchiveIntake.listing(try archive.versions())) }
        }
        router.get("/api/archive/keys") { _, _ in ServerResponses.json(ArchiveIntake.keys) }
        router.get("/api/archive/trend") { request, _ in
            let agency = request.uri.queryParameters.get("agency") ?? ""
            let key = request.uri.queryParameters.get("key") ?? ""
            let json = request.uri.queryParameters.get("format") == "json"
            return await onWorker {
                guard !agency.isEmpty, agency.count <= 100 else { throw ServerError.badRequest("请选择单位") }
                guard let label = ArchiveIntake.label(of: key) else { throw ServerError.badRequest("未知的指标 \(key)") }
                let points = try archive.trend(agency: agency, key: key)
                if json {
                    return ServerResponses.json(.array(points.map { point in
                        .object([("year", .number(Decimal(point.year))), ("value", point.value.map { .number($0) } ?? .null)])
                    }))
                }
                return ServerResponses.bytes(Array(TrendChart.svg(points, title: "\(agency) · \(label)").utf8), type: "image/svg+xml; charset=utf-8")
            }
        }
        router.post("/api/archive/rollup") { request, _ in
            let format = request.uri.queryParameters.get("format") ?? "xlsx"
            return await withUploads(request) { form in
                let (agency, year) = try Self.rollupTarget(form)
                // Each member checked against the archive's report of the year before, as `rollup --db` does.
                let members = try archive.currentReports(year: year).map { entry in
                    PreviousYearReports(try archive.previousYear(of: entry.report).map { [$0] } ?? []).checked(entry.report)
                }
                return try Self.rollupResponse(members, unreadable: [], skipped: [], agency: agency, year: year, format: format)
            }
        }
    }

    /// Runs a short archive read off the event loops, admitted like any request; errors answer as JSON.
    func onWorker(_ work: @escaping @Sendable () throws -> Response) async -> Response {
        do {
            try await queue.admit()
        } catch {
            return ServerResponses.error(.busy)
        }
        let result: Result<Response, any Error> = await queue.run { Result { try work() } }
        await queue.leave(ran: true)
        switch result {
        case .success(let response): return response
        case .failure(let error as ServerError): return ServerResponses.error(error)
        case .failure(let error): return ServerResponses.error(.internalFailure("\(error)"))
        }
    }
}

/// Uploaded files into the archive, and the archive's contents as the page shows them.
enum ArchiveIntake {
    /// What became of one uploaded file (or one member of an uploaded zip).
    struct Outcome: Sendable {
        var name: String
        var status: String
        var message: String
        var version: ArchivedVersion?

        var json: JSONValue {
            var fields: [(String, JSONValue)] = [("source", .string(name)), ("status", .string(status)), ("message", .string(message))]
            if let version {
                fields += [("agency", .string(version.agency)), ("year", .number(Decimal(version.year))),
                           ("version", .number(Decimal(version.version))), ("current", .bool(version.isCurrent))]
            }
            return .object(fields)
        }
    }

    /// Reads each file as /api/check does (a zip's members one by one) and keeps each readable report with its bytes:
    /// `added`, `new_version`, `already` (same bytes; nothing changed), `refused` (no agency or year), `error`, `skipped`.
    /// Each file (or zip member) read with the clerk's overrides for its name, as check and rollup read it, and kept.
    static func add(_ files: [UploadedFile], overrides: FileOverrides = FileOverrides(), to archive: ReportArchive,
                    at date: Date = Date()) throws -> [Outcome] {
        var outcomes: [Outcome] = []
        for item in ReportReading.items(files) {
            guard case .file(let file, let container) = item else {
                if case .skipped(let name, let reason) = item { outcomes.append(Outcome(name: name, status: "skipped", message: reason)) }
                continue
            }
            let bytes: [UInt8]
            do {
                bytes = try ZipFolder.bytes(at: file.path)
            } catch {
                let scratch = container ?? file
                outcomes.append(Outcome(name: file.name, status: "error", message: "\(error)".replacingOccurrences(of: scratch.path, with: scratch.name)))
                continue
            }
            let source = SourceFile(name: file.name, bytes: bytes)
            if let held = try archive.holding(sha256: source.sha256) {
                outcomes.append(Outcome(name: file.name, status: "already", message: AddOutcome.alreadyThere(held).sentence, version: held))
                continue
            }
            let read = ReportReading.read(file, archive: container, options: overrides.options(for: file.name))
            guard let report = read.report else {
                outcomes.append(Outcome(name: file.name, status: "error", message: "无法读取，未收入档案：\(read.error ?? "")"))
                continue
            }
            let outcome = try archive.add(report, source: source, addedAt: date)
            let status: String
            switch outcome {
            case .added: status = "added"
            case .newVersion: status = "new_version"
            case .alreadyThere: status = "already"
            case .refused: status = "refused"
            }
            outcomes.append(Outcome(name: file.name, status: status, message: outcome.sentence, version: outcome.version))
        }
        return outcomes
    }

    /// `{"years": [2022, 2023], "agencies": [{"agency", "cells": [null | {"versions", "errors", "warnings", "current"}]}]}`,
    /// `cells` parallel to `years`; `current` false when every version of that year was removed.
    static func listing(_ versions: [ArchivedVersion]) -> JSONValue {
        let holdings = ArchiveHoldings(versions)
        let agencies = holdings.agencies.map { agency -> JSONValue in
            let cells = holdings.years.map { year -> JSONValue in
                guard let list = agency.byYear[year] else { return .null }
                let current = list.first(where: \.isCurrent)
                return .object([
                    ("versions", .number(Decimal(list.count))), ("errors", .number(Decimal(current?.errors ?? 0))),
                    ("warnings", .number(Decimal(current?.warnings ?? 0))), ("current", .bool(current != nil)),
                ])
            }
            return .object([("agency", .string(agency.name)), ("cells", .array(cells))])
        }
        return .object([("years", .array(holdings.years.map { .number(Decimal($0)) })), ("agencies", .array(agencies))])
    }

    /// Every key of the newest layout with the label a clerk reads (row › column), for the trend's chooser.
    static let labels: [(key: String, label: String)] = {
        var list: [(String, String)] = []
        for table in Layout.newest.tables {
            for row in table.rows {
                for (key, column) in zip(row.valueKeys, row.columns) {
                    let columnLabel = column.group.flatMap { $0 == row.label ? nil : "\($0) › " } ?? ""
                    list.append((key, row.path.joined(separator: " › ") + " · " + columnLabel + column.label))
                }
            }
        }
        return list
    }()

    static let keys = JSONValue.array(labels.map { .object([("key", .string($0.key)), ("label", .string($0.label))]) })

    static func label(of key: String) -> String? { labels.first { $0.key == key }?.label }
}
