// The HTTP API: check, view, convert, rollup, template, health, and the page itself.
import Archive
import Readers
import Disclosure
import Foundation
import HTTPTypes
import Hummingbird
import Spreadsheet

/// Every route of the server. Requests with uploads are admitted by the work queue, their files kept in a scratch
/// folder that is removed as soon as the response is built.
struct Routes: Sendable {
    let settings: ServerSettings
    let queue: WorkQueue
    /// The county archive, when the server was started with one (ArchiveRoutes).
    let archive: ReportArchive?

    init(settings: ServerSettings, archive: ReportArchive? = nil) {
        self.settings = settings
        self.archive = archive
        queue = WorkQueue(slots: settings.workers, capacity: settings.queueLength)
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: AccessGuard<BasicRequestContext>(settings: settings))
        router.get("/") { _, _ in ServerResponses.bytes(Array(Page.html.utf8), type: "text/html; charset=utf-8").withPagePolicy() }
        let script = Array(PageScript.withExtensions(FormatRegistry.extensions).utf8)
        router.get("/app.js") { _, _ in ServerResponses.bytes(script, type: "text/javascript; charset=utf-8") }
        router.get("/app.css") { _, _ in ServerResponses.bytes(Array(PageStyle.source.utf8), type: "text/css; charset=utf-8") }
        router.get("/healthz") { _, _ in ServerResponses.json(.object([("status", .string("ok"))])) }
        router.get("/api/template") { request, _ in template(request) }
        router.post("/api/check") { request, _ in
            await withUploads(request) { form in
                let outcomes = ReportReading.read(try Self.someFiles(form), jobs: settings.workers)
                return ServerResponses.json(.array(outcomes.map(\.json)))
            }
        }
        router.post("/api/view") { request, _ in
            await withUploads(request) { form in
                let outcomes = ReportReading.read(try Self.someFiles(form), jobs: settings.workers)
                return ServerResponses.json(.array(outcomes.map { outcome in
                    .object([("report", outcome.json), ("form", outcome.report.map { .string(FormHTML.render($0)) } ?? .null)])
                }))
            }
        }
        router.post("/api/convert") { request, _ in
            let format = request.uri.queryParameters.get("to") ?? "xlsx"
            return await withUploads(request) { form in try convert(form, format: format) }
        }
        router.post("/api/rollup") { request, _ in
            let format = request.uri.queryParameters.get("format") ?? "xlsx"
            return await withUploads(request) { form in try rollup(form, json: format == "json") }
        }
        if let archive { addArchiveRoutes(to: router, archive: archive) }
        return router
    }

    /// Admits the request, receives its files, runs `work` on a worker thread, and always removes the files.
    func withUploads(_ request: Request, _ work: @escaping @Sendable (UploadForm) throws -> Response) async -> Response {
        // Too large is said before busy: the answer does not change when the client retries.
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > settings.maximumUpload {
            return ServerResponses.tooLarge(limit: settings.maximumUpload, request: request, body: BodyReader(request.body))
        }
        do {
            try await queue.admit()
        } catch {
            return ServerResponses.error(.busy)
        }
        var ran = false
        let body = BodyReader(request.body)
        do {
            let folder = try ScratchFolder()
            defer { folder.remove() }
            let limit = settings.maximumUpload
            let form = try await body.watched(idleSeconds: settings.idleSeconds) {
                try await UploadReceiver.receive(request, body: body, limit: limit, into: folder)
            }
            ran = true
            let response: Result<Response, any Error> = await queue.run { Result { try work(form) } }
            await queue.leave(ran: true)
            return try response.get()
        } catch let error as ServerError {
            if !ran { await queue.leave(ran: false) }
            if case .tooLarge(let limit) = error { return ServerResponses.tooLarge(limit: limit, request: request, body: body) }
            return ServerResponses.error(error)
        } catch {
            if !ran { await queue.leave(ran: false) }
            return ServerResponses.error(.internalFailure("处理失败：\(error)"))
        }
    }

    /// The uploaded report files; a request without any is a mistake worth saying.
    static func someFiles(_ form: UploadForm) throws -> [UploadedFile] {
        let files = form.reportFiles
        guard !files.isEmpty else { throw ServerError.badRequest("没有上传任何文件（字段名应为 files）") }
        return files
    }

    func template(_ request: Request) -> Response {
        let parameters = request.uri.queryParameters
        let name = parameters.get("layout") ?? "2021"
        guard let layout = Layout.named(name) else { return ServerResponses.error(.badRequest("未知的格式版本 \(name)（可选 2021、2019）")) }
        let agency = parameters.get("agency").map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        var year: Int?
        if let text = parameters.get("year"), !text.isEmpty {
            guard let number = Int(text), (1990...2200).contains(number) else { return ServerResponses.error(.badRequest("年度应为四位数字")) }
            year = number
        }
        let writer = FormWriter(layout: layout, agency: agency, year: year)
        let base = "\(agency ?? "")\(year.map { "\($0)年度" } ?? "")政府信息公开工作年度报告表（\(layout.id)版）"
        do {
            if parameters.get("format") == "csv" {
                return ServerResponses.attachment(try CSVWriter.render(writer.grid()), name: base + ".csv", type: ServerResponses.csvType)
            }
            return ServerResponses.attachment(try XLSXWriter.bytes(writer.workbook()), name: base + ".xlsx", type: ServerResponses.xlsxType)
        } catch {
            return ServerResponses.error(.internalFailure("无法生成模板：\(error)"))
        }
    }

    func convert(_ form: UploadForm, format: String) throws -> Response {
        let files = form.reportFiles
        guard files.count == 1 else { throw ServerError.badRequest("转换时请只上传一个文件") }
        // A zip archive is a folder: the member named by the `member` field (its name as /api/check gives it), or its
        // only report.
        let outcomes = ReportReading.read(files, jobs: 1).filter { $0.skipped == nil }
        let chosen = form.fields["member"].map { member in outcomes.filter { $0.name == member } } ?? outcomes
        guard chosen.count == 1, let outcome = chosen.first else {
            throw ServerError.badRequest(outcomes.isEmpty ? "压缩包中没有可读取的文件" : "压缩包中有多个文件，请用 member 字段指定要转换的一个")
        }
        guard let report = outcome.report else { throw ServerError.badRequest("无法读取 \(outcome.name)：\(outcome.error ?? "")") }
        let base = ((outcome.name as NSString).lastPathComponent as NSString).deletingPathExtension
        switch format {
        case "xlsx":
            return ServerResponses.attachment(try XLSXWriter.bytes(FormWriter(layout: report.layout).workbook(report), level: 1), name: base + ".xlsx",
                                              type: ServerResponses.xlsxType)
        case "csv":
            return ServerResponses.attachment(try CSVWriter.render(FormWriter(layout: report.layout).grid(report)), name: base + ".csv",
                                              type: ServerResponses.csvType)
        case "tidy-csv":
            return ServerResponses.attachment(try TidyCSV.render([report]), name: base + ".tidy.csv", type: ServerResponses.csvType)
        case "json":
            return ServerResponses.attachment(Array((ReportJSON.object(report).render() + "\n").utf8), name: base + ".json",
                                              type: "application/json; charset=utf-8")
        default:
            throw ServerError.badRequest("未知的输出格式 \(format)（可选 xlsx、csv、tidy-csv、json）")
        }
    }

    /// The county and year a rollup form names.
    static func rollupTarget(_ form: UploadForm) throws -> (agency: String, year: Int) {
        let agency = (form.fields["agency"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !agency.isEmpty, agency.count <= 100 else { throw ServerError.badRequest("请填写汇总单位名称") }
        guard let year = Int((form.fields["year"] ?? "").trimmingCharacters(in: .whitespaces)), (1990...2200).contains(year) else {
            throw ServerError.badRequest("请填写汇总年度（四位数字）")
        }
        return (agency, year)
    }

    func rollup(_ form: UploadForm, json: Bool) throws -> Response {
        let (agency, year) = try Self.rollupTarget(form)
        let files = form.reportFiles
        guard !files.isEmpty else { throw ServerError.badRequest("没有上传任何文件") }
        let outcomes = ReportReading.read(files, jobs: settings.workers)
        let previous = PreviousYearReports(ReportReading.read(form.files("previous"), jobs: settings.workers).compactMap(\.report))
        var members: [Report] = []
        var unreadable: [(path: String, error: String)] = []
        var skipped: [(path: String, reason: String)] = []
        for outcome in outcomes {
            if let reason = outcome.skipped {
                skipped.append((outcome.name, reason))
                continue
            }
            guard let report = outcome.report else {
                unreadable.append((outcome.name, outcome.error ?? ""))
                continue
            }
            members.append(previous.checked(report))
        }
        return try Self.rollupResponse(members, unreadable: unreadable, skipped: skipped, agency: agency, year: year, json: json)
    }

    /// The county workbook (or its JSON) of `members`, as /api/rollup and /api/archive/rollup answer it.
    static func rollupResponse(_ members: [Report], unreadable: [(path: String, error: String)], skipped: [(path: String, reason: String)],
                               agency: String, year: Int, json: Bool) throws -> Response {
        let name = "\(agency)\(year)年度政府信息公开工作年度报告（汇总）"
        let result = Disclosure.Rollup(agency: agency, year: year).run(
            members, unreadable: unreadable, skipped: skipped, source: name + ".xlsx")
        // Nothing of that year: no county form (an all-zero one would be worse than none), as on the command line.
        guard !result.included.isEmpty else {
            let years = Set(members.compactMap(\.year)).sorted().map(String.init)
            throw ServerError.badRequest("没有可汇总的 \(year) 年度报告，未生成汇总表" + (years.isEmpty ? "" : "：这些文件的报告年度为 \(years.joined(separator: "、"))"))
        }
        if json {
            return ServerResponses.attachment(Array((RollupWorkbook.json(result).render() + "\n").utf8), name: name + ".json",
                                              type: "application/json; charset=utf-8")
        }
        var response = ServerResponses.attachment(try RollupWorkbook.bytes(result), name: name + ".xlsx", type: ServerResponses.xlsxType)
        // What the page says after the download: whether the county form balances, and what was not summed.
        if let field = HTTPField.Name("X-Nianbao-Rollup") {
            response.headers[field] = Self.rollupStatus(result).addingPercentEncoding(withAllowedCharacters: ServerResponses.asciiUnreserved)
        }
        if let field = HTTPField.Name("X-Nianbao-Balanced") { response.headers[field] = result.complete ? "1" : "0" }
        return response
    }

    /// One line for the page: units summed, files not summed, and the balance (the note of 汇总 when it fails).
    static func rollupStatus(_ result: RollupResult) -> String {
        var text = "已生成汇总表：汇总 \(result.included.count) 个单位"
        if !result.partial.isEmpty { text += "（其中 \(result.partial.count) 个部分汇总）" }
        let missing = result.missing
        if !missing.isEmpty {
            text += "，未汇总 \(missing.count) 个（\(missing.prefix(3).map { ($0 as NSString).lastPathComponent }.joined(separator: "、"))\(missing.count > 3 ? " 等" : "")，见「说明」）"
        }
        text += "。" + (result.note ?? "汇总表勾稽关系平衡。")
        let errors = result.aggregate.findings.filter { $0.severity == .error && $0.kind != .rollupUnbalanced }.count
        if errors > 0 { text += " 另有 \(errors) 个错误，见「问题清单」。" }
        return text
    }
}

extension Response {
    /// The page may load only its own script and style, and may not be framed.
    func withPagePolicy() -> Response {
        var response = self
        if let name = HTTPField.Name("Content-Security-Policy") {
            // 'unsafe-eval' only so that browser automation (Playwright's wait_for_function) works on the page; the page
            // itself never evaluates strings, and no inline script may run.
            response.headers[name] = "default-src 'self'; script-src 'self' 'unsafe-eval'; img-src 'self' data:; frame-ancestors 'none'; "
                + "form-action 'self'; base-uri 'none'"
        }
        return response
    }
}
