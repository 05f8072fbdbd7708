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
        var received = 0
        // The last bytes seen: a body is complete only when it ends with the closing boundary.
        var tail: [UInt8] = []
        let closing = Array("--\(boundary)--".utf8)
        defer { sink.closeOpenFile() }
        while let chunk = try await body.next() {
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
    private var lastProgress = DispatchTime.now().uptimeNanoseconds

    init(_ body: RequestBody) { iterator = body.makeAsyncIterator() }

    /// Used by one task at a time: the upload, then (only after it stopped) the drain.
    func next() async throws -> ByteBuffer? {
        let chunk = try await iterator.next()
        lock.withLock { lastProgress = DispatchTime.now().uptimeNanoseconds }
        return chunk
    }

    /// Seconds since the last chunk arrived (or since the reader was made).
    var secondsSinceProgress: Double {
        Double(DispatchTime.now().uptimeNanoseconds - lock.withLock { lastProgress }) / 1e9
    }

    /// Runs `receive` while a watchdog checks that bytes keep coming: a client that sends nothing for `idleSeconds`
    /// ends the upload (and gives its place in the queue back) even if the connection's own idle timer never wakes
    /// the reader up.
    func watched<T: Sendable>(idleSeconds: Int, _ receive: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await receive() }
            group.addTask {
                while true {
                    try await Task.sleep(nanoseconds: UInt64(max(1, idleSeconds)) * 500_000_000)
                    if self.secondsSinceProgress >= Double(idleSeconds) { return nil }
                }
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw ServerError.badRequest("上传中断：\(idleSeconds) 秒内没有收到数据")
            }
            return value
        }
    }
}

/// The parser's callbacks: collects one part's headers, then writes its body to a file or a field.
private final class PartSink: @unchecked Sendable {
    let folder: ScratchFolder
    var form = UploadForm()
    var failure: ServerError?
    private var headers: [(String, String)] = []
    private var started = false
    private var fieldName: String?
    private var fileName: String?
    private var fieldBytes: [UInt8] = []
    private var file: FileHandle?
    private var filePath = ""
    private var fileSize = 0
    private var fileCount = 0
    private var headerBytes = 0
    private var fieldBytesTotal = 0
    private var fieldCount = 0
    /// File bytes not yet written: multipart-kit hands over a slice at every CR, so writes are batched.
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
        guard FileManager.default.createFile(atPath: filePath, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: filePath) else {
            failure = .internalFailure("无法保存上传的文件")
            return
        }
        file = handle
    }

    func body(_ buffer: inout ByteBuffer) {
        start()
        guard failure == nil else { return }
        if file != nil {
            fileSize += buffer.readableBytes
            pending += buffer.readableBytesView
            if pending.count >= 64 * 1024 { flush() }
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
            guard !fileName.isEmpty else { try? FileManager.default.removeItem(atPath: filePath); return }
            form.files[fieldName, default: []].append(UploadedFile(name: fileName, path: filePath, size: fileSize))
        } else {
            fieldCount += 1
            guard fieldCount <= UploadReceiver.maximumFields else { failure = .badRequest("表单字段太多"); return }
            form.fields[fieldName] = String(decoding: fieldBytes, as: UTF8.self)
        }
    }

    /// Writes what is pending; a full disk fails the request, never the server.
    private func flush() {
        guard let file, !pending.isEmpty else { return }
        do {
            try file.write(contentsOf: pending)
        } catch {
            failure = .internalFailure("无法保存上传的文件（服务器磁盘空间不足？）")
            closeOpenFile()
        }
        pending.removeAll(keepingCapacity: true)
    }

    func closeOpenFile() {
        try? file?.close()
        file = nil
        pending.removeAll()
    }
}
