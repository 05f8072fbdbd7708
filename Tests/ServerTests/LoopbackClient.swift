// A plain HTTP/1.1 client over a loopback socket, so tests control every header and byte the server sees.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if os(Linux)
private let noSignal = Int32(MSG_NOSIGNAL)
#else
private let noSignal: Int32 = 0
#endif

/// The C library's `send`, which the client's own `send` method would otherwise shadow.
private func systemSend(_ socket: Int32, _ buffer: UnsafeRawPointer?, _ count: Int, _ flags: Int32) -> Int {
    send(socket, buffer, count, flags)
}

struct HTTPReply {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
    func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(body)) }
}

struct LoopbackClient {
    let port: Int

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// Sends `head` (request line and headers, without the blank line) and `body`, then reads the whole reply
    /// (the request says `Connection: close`). `bodyBytesToSend` may be less than the declared length.
    func exchange(_ head: String, body: [UInt8] = [], bodyBytesToSend: Int? = nil) throws -> HTTPReply {
        let socket = try openSocket()
        defer { close(socket) }
        try sendAll(socket, Array((head + "\r\n\r\n").utf8))
        let count = min(bodyBytesToSend ?? body.count, body.count)
        // A server that answers before the body is sent may close; what it said is still read below.
        try? sendAll(socket, Array(body[0..<count]))
        return try read(socket)
    }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> HTTPReply {
        try await send(requestHead("GET", path, headers: headers))
    }

    func post(_ path: String, parts: [MultipartPart], headers: [String: String] = [:]) async throws -> HTTPReply {
        let (body, type) = MultipartPart.encode(parts)
        var all = headers
        all["Content-Type"] = type
        all["Content-Length"] = "\(body.count)"
        return try await send(requestHead("POST", path, headers: all), body: body)
    }

    /// `exchange` on a thread of its own: blocking socket calls on the test's task would starve the server's tasks,
    /// which share the same small pool of threads; and not on a GCD worker either, since with many tests waiting in
    /// `recv` at once those run out and an exchange would wait for a worker longer than its test's deadline.
    func send(_ head: String, body: [UInt8] = [], bodyBytesToSend: Int? = nil) async throws -> HTTPReply {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try exchange(head, body: body, bodyBytesToSend: bodyBytesToSend) })
            }.start()
        }
    }

    func requestHead(_ method: String, _ path: String, headers: [String: String]) -> String {
        var lines = ["\(method) \(path) HTTP/1.1"]
        if headers["Host"] == nil { lines.append("Host: 127.0.0.1:\(port)") }
        lines.append("Connection: close")
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { lines.append("\(name): \(value)") }
        return lines.joined(separator: "\r\n")
    }

    func openSocket() throws -> Int32 {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw Failure(description: "socket failed") }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { close(descriptor); throw Failure(description: "connect failed") }
        return descriptor
    }

    func sendAll(_ socket: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { systemSend(socket, $0.baseAddress, $0.count, noSignal) }
            guard sent > 0 else { throw Failure(description: "send failed") }
            offset += sent
        }
    }

    func read(_ socket: Int32) throws -> HTTPReply {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            data += buffer[0..<count]
            if let reply = Self.complete(data) { return reply }
        }
        guard let reply = Self.complete(data, atEnd: true) else { throw Failure(description: "incomplete reply: \(String(decoding: data, as: UTF8.self))") }
        return reply
    }

    /// The reply once its head and a body of Content-Length bytes (or everything, at the end) have arrived.
    static func complete(_ data: [UInt8], atEnd: Bool = false) -> HTTPReply? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0..<max(0, data.count - 3)).first(where: { Array(data[$0..<$0 + 4]) == separator }) else { return nil }
        let lines = String(decoding: data[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(lines[0].split(separator: " ").dropFirst().first ?? "") ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = Array(data[(end + 4)...])
        if let length = headers["content-length"].flatMap({ Int($0) }) {
            return body.count >= length ? HTTPReply(status: status, headers: headers, body: Array(body[0..<length])) : nil
        }
        return atEnd ? HTTPReply(status: status, headers: headers, body: body) : nil
    }
}

/// One part of a multipart/form-data body.
struct MultipartPart {
    var name: String
    var filename: String?
    var bytes: [UInt8]

    static func file(_ name: String, _ filename: String, _ bytes: [UInt8]) -> MultipartPart { MultipartPart(name: name, filename: filename, bytes: bytes) }
    static func field(_ name: String, _ value: String) -> MultipartPart { MultipartPart(name: name, filename: nil, bytes: Array(value.utf8)) }

    static func encode(_ parts: [MultipartPart]) -> (body: [UInt8], contentType: String) {
        let boundary = "----nianbao-test-boundary-7MA4YWxkTrZu0gW"
        var body: [UInt8] = []
        for part in parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\""
            if let filename = part.filename { head += "; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream" }
            head += "\r\n\r\n"
            body += Array(head.utf8) + part.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return (body, "multipart/form-data; boundary=\(boundary)")
    }
}
