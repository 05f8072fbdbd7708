// Streams a multipart/form-data request body into a scratch folder, counting bytes against the upload cap.
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
/// the request fails with `ServerError.tooLarge` as soon as the declared or the read size passes the cap, without
/// reading the rest.
enum UploadReceiver {
    static let maximumFiles = 5_000
    static let maximumFieldBytes = 1_000_000

    static func receive(_ request: Request, body: BodyReader, limit: Int, into folder: ScratchFolder) async throws -> UploadForm {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            throw ServerError.tooLarge(limit: limit)
        }
        guard let boundary = boundary(request.headers[.contentType] ?? "") else {
            throw ServerError.badRequest("请求应为 multipart/form-data 上传")
        }
        let sink = PartSink(folder: folder)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in sink.header(name, value) }
        parser.onBody = { buffer in sink.body(&buffer) }
        parser.onPartComplete = { sink.complete() }
        var received = 0
        defer { sink.closeOpenFile() }
        while let chunk = try await body.next() {
            received += chunk.readableBytes
            if received > limit { throw ServerError.tooLarge(limit: limit) }
            do {
                try parser.execute(chunk)
            } catch {
                throw ServerError.badRequest("上传的数据格式不正确（multipart）")
            }
            if let failure = sink.failure { throw failure }
        }
        if let failure = sink.failure { throw failure }
        return sink.form
    }

    /// The boundary parameter of a `multipart/form-data` content type, unquoted.
    static func boundary(_ contentType: String) -> String? {
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let type = parts.first, type.lowercased() == "multipart/form-data" else { return nil }
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            var value = pair[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty || value.utf8.count > 200 ? nil : value
        }
        return nil
    }

    /// `name` and `filename` of a Content-Disposition header (`filename*=UTF-8''…` preferred when present).
    static func disposition(_ value: String) -> (name: String?, filename: String?) {
        var name: String?
        var filename: String?
        var extended: String?
        for (key, raw) in parameters(value) {
            switch key {
            case "name": name = raw
            case "filename": filename = raw.replacingOccurrences(of: "%22", with: "\"")
            case "filename*":
                if let quote = raw.range(of: "''") { extended = String(raw[quote.upperBound...]).removingPercentEncoding }
            default: break
            }
        }
        return (name, extended ?? filename)
    }

    /// `key=value` and `key="quoted value"` parameters after the first `;`, with backslash escapes.
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
                        if characters[index] == "\\", index + 1 < characters.count { index += 1 }
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

    init(_ body: RequestBody) { iterator = body.makeAsyncIterator() }

    /// Used by one task at a time: the upload, then (only after it stopped) the drain.
    func next() async throws -> ByteBuffer? { try await iterator.next() }
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

    init(folder: ScratchFolder) { self.folder = folder }

    func header(_ name: String, _ value: String) {
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
        if let file {
            fileSize += buffer.readableBytes
            buffer.withUnsafeReadableBytes { bytes in file.write(Data(bytes)) }
        } else if fileName == nil {
            fieldBytes += buffer.readableBytesView
            if fieldBytes.count > UploadReceiver.maximumFieldBytes { failure = .badRequest("表单字段太长") }
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
            closeOpenFile()
            // A file input left empty still sends a part with an empty name; it is not a file.
            guard !fileName.isEmpty else { try? FileManager.default.removeItem(atPath: filePath); return }
            form.files[fieldName, default: []].append(UploadedFile(name: fileName, path: filePath, size: fileSize))
        } else {
            form.fields[fieldName] = String(decoding: fieldBytes, as: UTF8.self)
        }
    }

    func closeOpenFile() {
        try? file?.close()
        file = nil
    }
}
