// Who may talk to the server: the Host and Origin it was asked under, and the access token on a LAN.
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Refuses requests that a web page elsewhere could make through the clerk's browser.
///
/// - `Host` must be the bound address or a loopback name (DNS rebinding), unless the server is bound to every
///   interface, where the token is what guards it.
/// - `Origin`, when a browser sends it, must be the same host (no cross-site posts).
/// - With a token, every request but `/healthz` needs it: the `nianbao_token` cookie that `/?token=T` sets, or
///   `Authorization: Bearer T`.
struct AccessGuard<Context: RequestContext>: RouterMiddleware {
    let settings: ServerSettings
    var token: String? { settings.token }

    static var cookieName: String { "nianbao_token" }


    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let authority = request.head.authority, allowed(authority) else {
            return ServerResponses.error(.forbidden("拒绝访问：请求的主机名不是本服务器（Host 不符）"))
        }
        if let origin = request.headers[.origin] {
            // A page elsewhere (another local app on another port, a sandboxed frame sending `null`) may not post here.
            let readOnly = request.method == .get || request.method == .head
            guard origin != "null" || readOnly else { return ServerResponses.error(.forbidden("拒绝访问：请求来自其他网站（Origin 不符）")) }
            if origin != "null", !Self.sameOrigin(origin, authority: authority) {
                return ServerResponses.error(.forbidden("拒绝访问：请求来自其他网站（Origin 不符）"))
            }
        }
        // The health check and the style sheet hold nothing secret (the token page uses the style).
        guard let token, request.uri.path != "/healthz", request.uri.path != "/app.css" else { return try await next(request, context) }
        if request.uri.path == "/", let given = request.uri.queryParameters.get("token") {
            guard Self.same(given, token) else { return TokenPage.response(failed: true) }
            return welcome(token)
        }
        // The token typed on the page: posted in the body, so it never stands in a URL (a proxy's or browser's history).
        if request.uri.path == "/login", request.method == .post {
            let body = (try? await request.body.collect(upTo: 4096)).map { String(buffer: $0) } ?? ""
            guard let given = TokenPage.token(fromForm: body), Self.same(given, token) else { return TokenPage.response(failed: true) }
            return welcome(token)
        }
        let bearer = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        let presented = bearer ?? Self.cookie(Self.cookieName, in: request.headers[values: .cookie])
        guard let presented, Self.same(presented, token) else {
            // A browser opening the page is asked for the token; the API answers in JSON.
            if request.uri.path == "/" && request.method == .get { return TokenPage.response(failed: presented != nil) }
            return ServerResponses.error(.unauthorized)
        }
        return try await next(request, context)
    }

    /// The token cookie, then the page.
    func welcome(_ token: String) -> Response {
        var response = Response(status: .seeOther)
        response.headers[.location] = "/"
        response.headers[.setCookie] = "\(Self.cookieName)=\(token); Path=/; HttpOnly; SameSite=Lax"
        return response
    }

    func allowed(_ authority: String) -> Bool {
        let host = Self.hostName(authority)
        if settings.bindsEveryInterface { return !host.isEmpty }
        return host == Self.hostName(settings.host) || ServerSettings.loopbackNames.contains(host)
    }

    /// Whether `origin` (`http://host:port`) names the same host and port as the request's `Host`.
    static func sameOrigin(_ origin: String, authority: String) -> Bool {
        guard let url = URL(string: origin), let host = url.host else { return false }
        let originPort = url.port ?? (url.scheme == "https" ? 443 : 80)
        return hostName(host) == hostName(authority) && originPort == port(authority)
    }

    /// The port of a `Host` header (80 when it has none).
    static func port(_ authority: String) -> Int {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            let rest = authority[authority.index(after: close)...]
            return rest.hasPrefix(":") ? Int(rest.dropFirst()) ?? -1 : 80
        }
        guard authority.filter({ $0 == ":" }).count == 1, let colon = authority.lastIndex(of: ":") else { return 80 }
        return Int(authority[authority.index(after: colon)...]) ?? -1
    }

    /// The host of a `Host` header or URL host, lowercased, without port or IPv6 brackets.
    static func hostName(_ authority: String) -> String {
        var text = authority.lowercased()
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return "" }
            return String(text[text.index(after: text.startIndex)..<close])
        }
        if text.filter({ $0 == ":" }).count == 1, let colon = text.lastIndex(of: ":") { text = String(text[..<colon]) }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    static func cookie(_ name: String, in headers: [String]) -> String? {
        for header in headers {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2, parts[0] == name { return parts[1] }
            }
        }
        return nil
    }

    /// Compares in time independent of where the strings differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        var difference = UInt8(left.count == right.count ? 0 : 1)
        for index in 0..<max(left.count, right.count) {
            difference |= (index < left.count ? left[index] : 0) ^ (index < right.count ? right[index] : 0)
        }
        return difference == 0
    }
}
