// Responses the server sends: JSON, attachments, errors, with the headers every response carries.
import Disclosure
import Dispatch
import Foundation
import HTTPTypes
import Hummingbird

enum ServerResponses {
    static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options")
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")
    static let frameOptions = HTTPField.Name("X-Frame-Options")

    static func bytes(_ bytes: [UInt8], type: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentLength] = "\(bytes.count)"
        headers[.cacheControl] = "no-store"
        if let name = contentTypeOptions { headers[name] = "nosniff" }
        if let name = referrerPolicy { headers[name] = "no-referrer" }
        if let name = frameOptions { headers[name] = "DENY" }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        bytes(Array((value.render() + "\n").utf8), type: "application/json; charset=utf-8", status: status)
    }

    static func error(_ error: ServerError) -> Response {
        var response = json(.object([("error", .string(error.message))]), status: error.status)
        if error == .busy { response.headers[.retryAfter] = "2" }
        // A client cut for sending too slowly is not read any further: the connection ends with the answer.
        if case .requestTimeout = error { response.headers[.connection] = "close" }
        return response
    }

    /// 413 sent at once, then the rest of the upload read and dropped (never buffered) before the connection may
    /// close: a client still sending would otherwise get a reset instead of the answer.
    static func tooLarge(limit: Int, request: Request, body: BodyReader) -> Response {
        let error = ServerError.tooLarge(limit: limit)
        let message = Array((JSONValue.object([("error", .string(error.message))]).render() + "\n").utf8)
        var response = bytes(message, type: "application/json; charset=utf-8", status: error.status)
        let expectsContinue = request.headers[.expect]?.lowercased().contains("100-continue") == true
        response.body = ResponseBody(contentLength: message.count) { writer in
            try await writer.write(ByteBuffer(bytes: message))
            if !expectsContinue {
                // Bounded in bytes and time: the drain runs outside the work queue, so a client that keeps sending
                // after its 413 gets `drainLimit` bytes or `drainSeconds` at most, then the connection is closed.
                var drained = 0
                let deadline = DispatchTime.now().uptimeNanoseconds + drainSeconds * 1_000_000_000
                while let chunk = try await body.next() {
                    drained += chunk.readableBytes
                    if drained > drainLimit || DispatchTime.now().uptimeNanoseconds > deadline { throw ServerError.tooLarge(limit: limit) }
                }
            }
            try await writer.finish(nil)
        }
        return response
    }

    /// How much of a refused upload is read and dropped before the connection is simply closed (a browser shows the
    /// 413 once it has sent a few MB; a client that does not stop is not owed the rest).
    static let drainLimit = 64_000_000
    static let drainSeconds: UInt64 = 30

    /// A download: `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 name (RFC 6266/5987).
    static func attachment(_ bytes: [UInt8], name: String, type: String) -> Response {
        var response = self.bytes(bytes, type: type)
        let ext = (name as NSString).pathExtension
        let fallback = "nianbao" + (ext.isEmpty ? "" : ".\(ext.filter { $0.isASCII && ($0.isLetter || $0.isNumber) })")
        let encoded = name.addingPercentEncoding(withAllowedCharacters: asciiUnreserved) ?? fallback
        response.headers[.contentDisposition] = "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
        return response
    }

    static let asciiUnreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_")
    static let xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    static let csvType = "text/csv; charset=utf-8"
}
