// `nianbao serve`: the local web page and its HTTP API on Hummingbird 2.
import Archive
import Disclosure
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// How the server is started.
public struct ServerSettings: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port (the first line printed says which).
    public var port = 8080
    /// Required when `host` is not a loopback address.
    public var token: String?
    /// Bytes one request may upload.
    public var maximumUpload = 200 * 1_000_000
    /// Requests reading files at once, and how many more may wait.
    public var workers = ProcessInfo.processInfo.activeProcessorCount
    public var queueLength = 32
    /// Seconds a connection may send nothing in the middle of a request before it is closed.
    public var idleSeconds = 30
    /// An upload slower than this many bytes a second on average, once `uploadGraceSeconds` have passed, is cut
    /// (Apache mod_reqtimeout's `MinRate` 500): a client trickling a byte a second never leaves a gap for the idle timer.
    public var minimumUploadRate = 500
    public var uploadGraceSeconds = 20
    /// Server log messages below this level are dropped (`LOG_LEVEL` in the environment overrides it).
    public var logLevel = "warning"
    /// The county archive (`--db`): the page keeps what the clerk accepts, lists it and rolls up from it.
    public var archivePath: String?

    public init() {}

    /// Host names that reach this machine only.
    static let loopbackNames: Set<String> = ["127.0.0.1", "localhost", "::1"]

    /// Bound to every interface (a county LAN): any Host may arrive, and the token guards the server.
    var bindsEveryInterface: Bool { ["0.0.0.0", "::", "[::]"].contains(host) }

    /// The host to print in the address: the bound one, or loopback when bound to every interface.
    var displayHost: String {
        if bindsEveryInterface { return "127.0.0.1" }
        return host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    }

    /// Loopback addresses need no token; anything else does.
    public var isLoopback: Bool { Self.loopbackNames.contains(AccessGuard<BasicRequestContext>.hostName(host)) }
}

/// The web server: one page for clerks and the API it uses (README, “网页”).
public struct NianbaoServer: Sendable {
    public let settings: ServerSettings
    /// Opened at start, so that an archive of a newer nianbao (or no archive at all) stops the server with its sentence.
    let archive: ReportArchive?

    public init(settings: ServerSettings) throws {
        var settings = settings
        // A service passes the token in its environment (`NIANBAO_TOKEN`), so that it does not show in `ps` to other users.
        if settings.token == nil, let token = ProcessInfo.processInfo.environment["NIANBAO_TOKEN"], !token.isEmpty { settings.token = token }
        if !settings.isLoopback, (settings.token ?? "").isEmpty {
            throw ServerStartError("在 \(settings.host) 上提供服务时必须用 --token 设置访问口令（局域网内其他人也能访问）")
        }
        if let token = settings.token, token.count < 8 || !token.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != ";" && $0 != "," }) {
            throw ServerStartError("--token 应为至少 8 个字符的 ASCII 口令，不含空格、逗号和分号")
        }
        self.settings = settings
        do {
            archive = try settings.archivePath.map { try ReportArchive(path: $0) }
        } catch {
            throw ServerStartError("\(error)")
        }
    }

    /// Runs until SIGINT or SIGTERM; `onReady` gets the address once the socket is listening.
    public func run(onReady: @escaping @Sendable (_ url: String) -> Void) async throws {
        let settings = self.settings
        let archive = self.archive
        var logger = Logger(label: "nianbao")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? Logger.Level(rawValue: settings.logLevel) ?? .warning
        let app = Application(
            router: Routes(settings: settings, archive: archive).router(),
            // A client that stops sending in the middle of an upload is cut off after 30 s, so it cannot hold a place
            // in the work queue, or keep Ctrl-C waiting, for ever.
            server: .http1(configuration: .init(idleTimeout: .seconds(Int64(settings.idleSeconds)))),
            configuration: ApplicationConfiguration(address: .hostname(settings.host, port: settings.port), serverName: nil),
            onServerRunning: { channel in
                onReady("http://\(settings.displayHost):\(channel.localAddress?.port ?? settings.port)/")
            },
            logger: logger)
        var group = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        // Ctrl-C lets requests in flight finish, but not for longer than this.
        group.maximumGracefulShutdownDuration = .seconds(10)
        // No limit on cancellation: ServiceLifecycle traps (fatalError) when it is exceeded, which took a whole test
        // process down under load; `nianbao serve` ends a shutdown that overruns with its own watchdog (ServeWatchdog).
        group.maximumCancellationDuration = nil
        // Upload folders a crashed or killed server left behind.
        ScratchFolder.sweep()
        do {
            try await ServiceGroup(configuration: group).run()
        } catch {
            throw ServerStartError.explaining(error, settings: settings)
        }
    }
}

/// A setting that keeps the server from starting.
public struct ServerStartError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }

    /// The operating system's refusal (SwiftNIO's `IOError`: `bind(descriptor:ptr:bytes:): Address already in use
    /// (errno: 98)`) in words the office's IT person can act on; other errors as they are.
    static func explaining(_ error: any Error, settings: ServerSettings) -> any Error {
        let text = "\(error)"
        guard let range = text.range(of: "errno: "), let code = Int32(text[range.upperBound...].prefix { $0.isNumber }) else { return error }
        switch code {
        case EADDRINUSE:
            return ServerStartError("端口 \(settings.port) 已被占用（可能已有一个 nianbao serve 在运行），请换一个端口（--port）")
        case EACCES:
            return ServerStartError("没有权限使用端口 \(settings.port)：1024 以下的端口需要管理员权限，请换一个端口（--port），例如 8080")
        case EADDRNOTAVAIL:
            return ServerStartError("本机没有地址 \(settings.host)，请检查 --host（局域网服务可用 0.0.0.0）")
        case EMFILE, ENFILE:
            return ServerStartError("打开的文件太多，系统拒绝了连接；请提高文件数上限（ulimit -n）后重启")
        default:
            return ServerStartError("系统错误 \(code)（\(String(cString: strerror(code)))）：\(text)")
        }
    }
}
