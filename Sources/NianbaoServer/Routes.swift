// The HTTP API: check, view, convert, rollup, template, health, and the page itself.
import Archive
import Readers
import Disclosure
import Foundation
import HTTPTypes
import Hummingbird
import Spreadsheet
import ZipArchive

/// Every route of the server. Requests with uploads are admitted by the work queue, their files kept in a scratch
/// folder that is removed as soon as the response is built.
struct Routes: Sendable {
    let settings: ServerSettings
    let queue: WorkQueue
    /// The county archive, when the server was started with one (ArchiveRoutes).
    let archive: ReportArchive?
    /// Every file of every request is read here: `workers` files at once for the whole server.
    let pool: ReaderPool

    init(settings: ServerSettings, archive: ReportArchive? = nil) {
        self.settings = settings
        self.archive = archive
        queue = WorkQueue(slots: settings.workers, capacity: settings.queueLength)
        pool = ReaderPool(width: settings.workers)
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: AccessGuard<BasicRequestContext>(settings: settings))
        router.get("/") { _, _ in ServerResponses.bytes(Array(Page.html.utf8), type: "text/html; charset=utf-8").withPagePolicy() }
        let script = Array(PageScript.withExtensions(FormatRegistry.extensions).utf8)
        router.get("/app.js") { _, _ in ServerResponses.bytes(script, type: "text/javascript; charset=utf-8") }
        // The page's optional parts: with an archive (`serve --db`) its link and 收入档案 buttons, else nothing.
        let hooks = Array((archive == nil ? "// 本服务没有档案（serve 未给 --db）\n" : ArchivePage.mainPageHooks).utf8)
        router.get("/hooks.js") { _, _ in ServerResponses.bytes(hooks, type: "text/javascript; charset=utf-8") }
        router.get("/app.css") { _, _ in ServerResponses.bytes(Array(PageStyle.source.utf8), type: "text/css; charset=utf-8") }
        router.get("/healthz") { _, _ in ServerResponses.json(.object([("status", .string("ok"))])) }
        router.get("/api/template") { request, _ in template(request) }
        let pool = self.pool
        router.post("/api/check") { request, _ in
            await withUploads(request) { form in
                let outcomes = ReportReading.read(try Self.someFiles(form), overrides: try FileOverrides(fields: form.fields), pool: pool)
                return ServerResponses.json(.array(outcomes.map(\.json)))
            }
        }
        router.post("/api/view") { request, _ in
            await withUploads(request) { form in
                let outcomes = ReportReading.read(try Self.someFiles(form), overrides: try FileOverrides(fields: form.fields), pool: pool)
                return ServerResponses.json(.array(outcomes.map { outcome in
                    // `duplicate_key`: reports with the same key are one agency's for one year, as the rollup groups them.
                    .object([("report", outcome.json), ("form", outcome.report.map { .string(FormHTML.render($0)) } ?? .null),
                             ("duplicate_key", outcome.report.map { .string(Disclosure.Rollup.duplicateKey($0)) } ?? .null)])
                }))
            }
        }
        router.post("/api/marked") { request, _ in
            await withUploads(request) { form in try markedForms(form) }
        }
        router.post("/api/problems") { request, _ in await ProblemList.response(request, format: request.uri.queryParameters.get("format") ?? "xlsx") }
        router.post("/api/convert") { request, _ in
            let format = request.uri.queryParameters.get("to") ?? "xlsx"
            return await withUploads(request) { form in try convert(form, format: format) }
        }
        router.post("/api/rollup") { request, _ in
            let format = request.uri.queryParameters.get("format") ?? "xlsx"
            return await withUploads(request) { form in try rollup(form, format: format) }
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
            let limits = UploadLimits(idleSeconds: settings.idleSeconds, minimumRate: settings.minimumUploadRate, graceSeconds: settings.uploadGraceSeconds)
            let form = try await body.watched(limits) {
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
        let outcomes = ReportReading.read(files, overrides: try FileOverrides(fields: form.fields), pool: pool).filter { $0.skipped == nil }
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

    /// Every marked form (the form a township gets back, its wrong cells filled red) in one zip, named after each file.
    func markedForms(_ form: UploadForm) throws -> Response {
        let outcomes = ReportReading.read(try Self.someFiles(form), overrides: try FileOverrides(fields: form.fields), pool: pool)
        let sink = MemorySink()
        let zip = ZipWriter(sink: sink)
        var used: Set<String> = []
        var written = 0
        for outcome in outcomes {
            guard let report = outcome.report else { continue }
            // Folders of the upload are kept (two townships' 报表.xlsx in two folders stay two files).
            let stem = (outcome.name as NSString).deletingPathExtension.replacingOccurrences(of: "\\", with: "/")
            var name = stem + ".xlsx"
            var counter = 1
            while used.contains(name) { counter += 1; name = "\(stem)（\(counter)）.xlsx" }
            used.insert(name)
            try zip.add(name, try XLSXWriter.bytes(FormWriter(layout: report.layout).workbook(report), level: 1), level: 0)
            written += 1
        }
        guard written > 0 else { throw ServerError.badRequest("没有可读取的报表，无法生成标注表") }
        try zip.finish()
        return ServerResponses.attachment(sink.bytes, name: "标注表（\(written) 个）.zip", type: "application/zip")
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

    func rollup(_ form: UploadForm, format: String) throws -> Response {
        let (agency, year) = try Self.rollupTarget(form)
        let files = form.reportFiles
        guard !files.isEmpty else { throw ServerError.badRequest("没有上传任何文件") }
        let overrides = try FileOverrides(fields: form.fields)
        let outcomes = ReportReading.read(files, overrides: overrides, pool: pool)
        let previous = PreviousYearReports(ReportReading.read(form.files("previous"), pool: pool).compactMap(\.report))
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
        return try Self.rollupResponse(members, unreadable: unreadable, skipped: skipped, preferred: overrides.preferred,
                                       agency: agency, year: year, format: format)
    }

    /// The county workbook (`xlsx`), its JSON (`json`) or the page's verdict (`page`) of `members`, as /api/rollup and
    /// /api/archive/rollup answer it.
    static func rollupResponse(_ members: [Report], unreadable: [(path: String, error: String)], skipped: [(path: String, reason: String)],
                               preferred: Set<String> = [], agency: String, year: Int, format: String) throws -> Response {
        let name = "\(agency)\(year)年度政府信息公开工作年度报告（汇总）"
        let result = Disclosure.Rollup(agency: agency, year: year).run(
            members, unreadable: unreadable, skipped: skipped, preferred: preferred, source: name + ".xlsx")
        // Nothing of that year: no county form (an all-zero one would be worse than none), as on the command line.
        guard !result.included.isEmpty else {
            let years = Set(members.compactMap(\.year)).sorted().map(String.init)
            throw ServerError.badRequest("没有可汇总的 \(year) 年度报告，未生成汇总表" + (years.isEmpty ? "" : "：这些文件的报告年度为 \(years.joined(separator: "、"))"))
        }
        if format == "json" {
            return ServerResponses.attachment(Array((RollupWorkbook.json(result).render() + "\n").utf8), name: name + ".json",
                                              type: "application/json; charset=utf-8")
        }
        if format == "page" {
            return ServerResponses.json(RollupVerdict.json(result, workbook: try RollupWorkbook.bytes(result), name: name + ".xlsx"))
        }
        var response = ServerResponses.attachment(try RollupWorkbook.bytes(result), name: name + ".xlsx", type: ServerResponses.xlsxType)
        // What the page says after the download: whether the county form balances, and what was not summed.
        if let field = HTTPField.Name("X-Nianbao-Rollup") {
            response.headers[field] = Self.rollupStatus(result).addingPercentEncoding(withAllowedCharacters: ServerResponses.asciiUnreserved)
        }
        if let field = HTTPField.Name("X-Nianbao-Balanced") { response.headers[field] = result.complete ? "1" : "0" }
        return response
    }

    /// One line for the page after an XLSX download: the verdict's headline.
    static func rollupStatus(_ result: RollupResult) -> String { RollupVerdict.headline(result) }
}

extension Response {
    /// The page may load only its own script and style, and may not be framed.
    func withPagePolicy() -> Response {
        var response = self
        if let name = HTTPField.Name("Content-Security-Policy") {
            // No inline script and no string evaluation (browser automation that needs it bypasses the policy itself).
            response.headers[name] = "default-src 'self'; script-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
                + "form-action 'self'; base-uri 'none'"
        }
        return response
    }
}
