// Streams a multipart/form-data request body into a scratch folder, counting bytes against the upload cap.
import Dispatch
import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// One uploaded file: the name the client gave (a folder upload keeps its relative path) and where it was stored.
struct UploadedFile: Sendable {
    var name: String
    var path: String
    var size: Int
}

/// The files and text fields of one multipart request.
struct UploadForm: Sendable {
    var files: [String: [UploadedFile]] = [:]
    var fields: [String: String] = [:]

    func files(_ field: String) -> [UploadedFile] { files[field] ?? [] }

    /// The files of `files`, or, from a client that named the field otherwise, every file but last year's.
    var reportFiles: [UploadedFile] {
        if let named = files["files"] { return named }
        return files.filter { $0.key != "previous" }.sorted { $0.key < $1.key }.flatMap(\.value)
    }
}

/// Receives a multipart body chunk by chunk: files go straight to disk, text fields stay in memory (small), and
/// the request fails with `ServerError.tooLarge` as soon as the read size passes the cap, without reading the rest
/// (a declared size over the cap is refused by `Routes` before the request is even admitted).
enum UploadReceiver {
    static let maximumFiles = 5_000
    /// Text fields together (agency, year, the page's modification times) and their count.
    static let maximumFieldBytes = 1_000_000
    static let maximumFields = 200
    /// Part headers together (a folder of 5,000 files needs about 1 MB).
    static let maximumHeaderBytes = 4_000_000

    static func receive(_ request: Request, body: BodyReader, limit: Int, into folder: ScratchFolder) async throws -> UploadForm {
        guard let boundary = boundary(request.headers[.contentType] ?? "") else {
            throw ServerError.badRequest("请求应为 multipart/form-data 上传")
        }
        let sink = PartSink(folder: folder)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in sink.header(name, value) }
        parser.onBody = { buffer in sink.body(&buffer) }
        parser.onPartComplete = { sink.complete() }
        let closing = Array("--\(boundary)--".utf8)
        do {
            let form = try await receive(body, parser: parser, sink: sink, limit: limit, closing: closing)
            await sink.disk.settle()
            if let failure = sink.failure { throw failure }
            return form
        } catch {
            // The files written so far are closed before the scratch folder is removed.
            sink.closeOpenFile()
            await sink.disk.settle()
            throw error
        }
    }

    private static func receive(_ body: BodyReader, parser: MultipartParser, sink: PartSink, limit: Int,
                                closing: [UInt8]) async throws -> UploadForm {
        var received = 0
        // The last bytes seen: a body is complete only when it ends with the closing boundary.
        var tail: [UInt8] = []
        while let chunk = try await body.next() {
            // The watchdog cut the upload (too slow): stop at the next chunk, whatever the body iterator does.
            try Task.checkCancellation()
            received += chunk.readableBytes
            if received > limit { throw ServerError.tooLarge(limit: limit) }
            tail += chunk.readableBytesView.suffix(closing.count + 64)
            if tail.count > closing.count + 64 { tail.removeFirst(tail.count - closing.count - 64) }
            do {
                try parser.execute(chunk)
            } catch {
                throw ServerError.badRequest("上传的数据格式不正确（multipart）")
            }
            if let failure = sink.failure { throw failure }
            // A disk slower than the network: wait rather than hold the upload in memory.
            if sink.disk.outstanding > 8 << 20 { await sink.disk.settle() }
        }
        if let failure = sink.failure { throw failure }
        guard tail.indices.contains(where: { tail[$0...].starts(with: closing) }) else {
            throw ServerError.badRequest("上传的数据不完整（缺少结束边界），请重新上传")
        }
        return sink.form
    }

    /// The boundary parameter of a `multipart/form-data` content type, unquoted.
    static func boundary(_ contentType: String) -> String? {
        let type = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard type == "multipart/form-data" else { return nil }
        guard let value = parameters(contentType).first(where: { $0.0 == "boundary" })?.1 else { return nil }
        return value.isEmpty || value.utf8.count > 200 ? nil : value
    }

    /// `name` and `filename` of a Content-Disposition header (`filename*=UTF-8''…` preferred when present).
    static func disposition(_ value: String) -> (name: String?, filename: String?) {
        var name: String?
        var filename: String?
        var extended: String?
        for (key, raw) in parameters(value) {
            switch key {
            case "name": name = raw
            // Browsers write `"`, LF and CR in a file name as %22, %0A and %0D, and a backslash as itself.
            case "filename": filename = raw.replacingOccurrences(of: "%22", with: "\"").replacingOccurrences(of: "%0A", with: "\n")
                .replacingOccurrences(of: "%0D", with: "\r")
            case "filename*":
                if let quote = raw.range(of: "''") { extended = String(raw[quote.upperBound...]).removingPercentEncoding }
            default: break
            }
        }
        return (name, extended ?? filename)
    }

    /// `key=value` and `key="quoted value"` parameters after the first `;` (no backslash escapes: browsers send
    /// Windows paths with their backslashes as they are).
    static func parameters(_ header: String) -> [(String, String)] {
        var result: [(String, String)] = []
        let characters = Array(header)
        var index = characters.firstIndex(of: ";") ?? characters.count
        while index < characters.count {
            index += 1
            while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 }
            var key = ""
            while index < characters.count, characters[index] != "=", characters[index] != ";" { key.append(characters[index]); index += 1 }
            var value = ""
            if index < characters.count, characters[index] == "=" {
                index += 1
                if index < characters.count, characters[index] == "\"" {
                    index += 1
                    while index < characters.count, characters[index] != "\"" {
                        value.append(characters[index])
                        index += 1
                    }
                    while index < characters.count, characters[index] != ";" { index += 1 }
                } else {
                    while index < characters.count, characters[index] != ";" { value.append(characters[index]); index += 1 }
                    value = value.trimmingCharacters(in: .whitespaces)
                }
            }
            result.append((key.trimmingCharacters(in: .whitespaces).lowercased(), value))
        }
        return result
    }
}

/// The request body's one iterator, shared by the upload and, when the upload is refused, the drain after it.
final class BodyReader: @unchecked Sendable {
    private var iterator: RequestBody.AsyncIterator
    private let lock = NSLock()
    private let started = DispatchTime.now().uptimeNanoseconds
    private var lastProgress = DispatchTime.now().uptimeNanoseconds
    private var received = 0

    init(_ body: RequestBody) { iterator = body.makeAsyncIterator() }

    /// Used by one task at a time: the upload, then (only after it stopped) the drain.
    func next() async throws -> ByteBuffer? {
        let chunk = try await iterator.next()
        lock.withLock {
            lastProgress = DispatchTime.now().uptimeNanoseconds
            received += chunk?.readableBytes ?? 0
        }
        return chunk
    }

    /// Seconds since the last chunk arrived (or since the reader was made).
    var secondsSinceProgress: Double {
        Double(DispatchTime.now().uptimeNanoseconds - lock.withLock { lastProgress }) / 1e9
    }

    /// Seconds since the reader was made, and bytes received since.
    var progress: (seconds: Double, bytes: Int) {
        lock.withLock { (Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9, received) }
    }

    /// Why the watchdog cuts the upload now, or nil: nothing for `limits.idleSeconds` (the gap timer), or fewer than
    /// `limits.minimumRate` bytes a second on average once `limits.graceSeconds` have passed (Apache mod_reqtimeout's
    /// `MinRate`: a client trickling a byte a second holds a place in the queue for ever otherwise, since it never leaves a gap).
    func verdict(_ limits: UploadLimits) -> ServerError? {
        if secondsSinceProgress >= Double(limits.idleSeconds) {
            return .badRequest("上传中断：\(limits.idleSeconds) 秒内没有收到数据")
        }
        let (seconds, bytes) = progress
        if seconds >= Double(limits.graceSeconds), Double(bytes) < Double(limits.minimumRate) * seconds {
            return .requestTimeout("上传太慢：\(Int(seconds)) 秒只收到 \(bytes) 字节（每秒至少应有 \(limits.minimumRate) 字节），已断开；请检查网络后重新上传")
        }
        return nil
    }

    /// Runs `receive` while a watchdog checks that bytes keep coming fast enough (`verdict`): a slow or stalled client
    /// ends the upload (and gives its place in the queue back) even if the connection's own idle timer never wakes the
    /// reader up.
    func watched<T: Sendable>(_ limits: UploadLimits, _ receive: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await receive() }
            let failure = Failure()
            group.addTask {
                // Twice a second at most, and at least twice per idle period.
                let interval = UInt64(min(500, max(1, limits.idleSeconds) * 500)) * 1_000_000
                while true {
                    try await Task.sleep(nanoseconds: interval)
                    if let verdict = self.verdict(limits) {
                        failure.error = verdict
                        return nil
                    }
                }
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw failure.error ?? ServerError.badRequest("上传中断")
            }
            return value
        }
    }

    private final class Failure: @unchecked Sendable {
        var error: ServerError?
    }
}

/// How slow an upload may be before it is cut.
struct UploadLimits: Sendable {
    var idleSeconds = 30
    var minimumRate = 500
    var graceSeconds = 20
}

/// The parser's callbacks: collects one part's headers, then writes its body to a file or a field. File bytes are
/// handed to a `DiskWriter`, so no blocking write runs on the server's event loop threads.
private final class PartSink: @unchecked Sendable {
    let folder: ScratchFolder
    let disk = DiskWriter()
    var form = UploadForm()
    var failure: ServerError? {
        get { own ?? disk.failure }
        set { own = newValue }
    }
    private var own: ServerError?
    private var headers: [(String, String)] = []
    private var started = false
    private var fieldName: String?
    private var fileName: String?
    private var fieldBytes: [UInt8] = []
    private var fileOpen = false
    private var filePath = ""
    private var fileSize = 0
    private var fileCount = 0
    private var headerBytes = 0
    private var fieldBytesTotal = 0
    private var fieldCount = 0
    /// File bytes not yet handed over: multipart-kit hands over a slice at every CR, so writes are batched.
    private var pending: [UInt8] = []

    init(folder: ScratchFolder) { self.folder = folder }

    func header(_ name: String, _ value: String) {
        headerBytes += name.utf8.count + value.utf8.count
        if headerBytes > UploadReceiver.maximumHeaderBytes { failure = failure ?? .badRequest("上传的数据中标头太多") }
        headers.append((name.lowercased(), value))
    }

    private func start() {
        guard !started else { return }
        started = true
        let disposition = headers.first { $0.0 == "content-disposition" }.map { UploadReceiver.disposition($0.1) }
        fieldName = disposition?.name
        fileName = disposition?.filename
        guard let fileName else { return }
        fileCount += 1
        guard fileCount <= UploadReceiver.maximumFiles else {
            failure = .badRequest("一次最多上传 \(UploadReceiver.maximumFiles) 个文件")
            return
        }
        filePath = folder.newFilePath(extensionOf: fileName)
        disk.open(filePath)
        fileOpen = true
    }

    func body(_ buffer: inout ByteBuffer) {
        start()
        guard failure == nil else { return }
        if fileOpen {
            fileSize += buffer.readableBytes
            pending += buffer.readableBytesView
            if pending.count >= 256 * 1024 { flush() }
        } else if fileName == nil {
            fieldBytes += buffer.readableBytesView
            fieldBytesTotal += buffer.readableBytes
            if fieldBytesTotal > UploadReceiver.maximumFieldBytes { failure = .badRequest("表单字段太长") }
        }
        buffer.moveReaderIndex(to: buffer.writerIndex)
    }

    func complete() {
        start()
        defer {
            headers = []
            started = false
            fieldName = nil
            fileName = nil
            fieldBytes = []
            fileSize = 0
        }
        guard failure == nil, let fieldName else { closeOpenFile(); return }
        if let fileName {
            flush()
            closeOpenFile()
            guard failure == nil else { return }
            // A file input left empty still sends a part with an empty name; it is not a file.
            guard !fileName.isEmpty else { disk.remove(filePath); return }
            form.files[fieldName, default: []].append(UploadedFile(name: fileName, path: filePath, size: fileSize))
        } else {
            fieldCount += 1
            guard fieldCount <= UploadReceiver.maximumFields else { failure = .badRequest("表单字段太多"); return }
            form.fields[fieldName] = String(decoding: fieldBytes, as: UTF8.self)
        }
    }

    /// Hands what is pending to the disk writer.
    private func flush() {
        guard fileOpen, !pending.isEmpty else { return }
        disk.write(pending)
        pending = []
        pending.reserveCapacity(256 * 1024)
    }

    func closeOpenFile() {
        if fileOpen { disk.close() }
        fileOpen = false
        pending.removeAll()
    }
}

/// Writes upload files on a serial queue of its own (open, write, close in order), off the event loop; the receiver
/// waits for it (`settle`) when too much is outstanding and before the files are read.
final class DiskWriter: @unchecked Sendable {
    private let queue = DispatchQueue(label: "nianbao.upload-writer")
    private let lock = NSLock()
    private var handle: FileHandle?
    private var outstandingBytes = 0
    private var error: ServerError?

    var failure: ServerError? { lock.withLock { error } }
    /// Bytes handed over and not yet written.
    var outstanding: Int { lock.withLock { outstandingBytes } }

    func open(_ path: String) {
        queue.async {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
                  let handle = FileHandle(forWritingAtPath: path) else {
                self.fail(.internalFailure("无法保存上传的文件"))
                return
            }
            self.handle = handle
        }
    }

    func write(_ bytes: [UInt8]) {
        lock.withLock { outstandingBytes += bytes.count }
        queue.async {
            defer { self.lock.withLock { self.outstandingBytes -= bytes.count } }
            guard let handle = self.handle, self.failure == nil else { return }
            do {
                try handle.write(contentsOf: bytes)
            } catch {
                // A full disk fails the request, never the server.
                self.fail(.internalFailure("无法保存上传的文件（服务器磁盘空间不足？）"))
            }
        }
    }

    func close() {
        queue.async {
            try? self.handle?.close()
            self.handle = nil
        }
    }

    func remove(_ path: String) {
        queue.async { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Returns once everything handed over so far is on disk (or failed).
    func settle() async {
        await withCheckedContinuation { continuation in queue.async { continuation.resume() } }
    }

    private func fail(_ failure: ServerError) {
        lock.withLock { if error == nil { error = failure } }
    }
}
