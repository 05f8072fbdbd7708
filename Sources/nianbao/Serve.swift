// `nianbao serve`: the local web page for clerks (drop files, see the form with wrong cells marked, download).
import ArgumentParser
import Dispatch
import Foundation
import NianbaoServer

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "启动本机网页：拖入文件，查看每份报表及标出的错误单元格，下载模板、已填模板和汇总表。")

    @Option(help: "端口（0 为自动选择；输出的第一行是网址）。")
    var port = 8080

    @Option(help: "监听地址；127.0.0.1、localhost 以外的地址（如局域网 0.0.0.0）必须同时给出 --token。")
    var host = "127.0.0.1"

    @Option(help: "访问口令（至少 8 个字符）；其他电脑先打开 /?token=口令。")
    var token: String?

    @Option(help: "每次上传的大小上限（MB）。")
    var maxUploadMb = 200

    @Option(help: "同时处理的请求数（默认：全部 CPU 核）。")
    var jobs: Int?

    @Option(help: "排队等候的请求数上限，再多的请求得到 503。")
    var queue = 32

    @Option(help: "上传中途多久没有数据就断开（秒）。")
    var idleTimeout = 30

    @Flag(help: "启动后用默认浏览器打开网页。")
    var open = false

    @Option(help: "档案（SQLite，不存在则新建）：网页上可收入档案、查看历年、从档案汇总（/archive） The county archive, kept from the page (/archive).")
    var db: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("端口应在 0 到 65535 之间") }
        guard (1...100_000).contains(maxUploadMb) else { throw ValidationError("--max-upload-mb 应在 1 到 100000 之间") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs 至少为 1") }
        guard queue >= 0 else { throw ValidationError("--queue 不能为负数") }
        guard (1...3600).contains(idleTimeout) else { throw ValidationError("--idle-timeout 应在 1 到 3600 秒之间") }
    }

    func run() throws {
        var settings = ServerSettings()
        settings.host = host
        settings.port = port
        settings.token = token
        settings.maximumUpload = maxUploadMb * 1_000_000
        settings.workers = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        settings.queueLength = queue
        settings.idleSeconds = idleTimeout
        settings.archivePath = db
        let server: NianbaoServer
        do {
            server = try NianbaoServer(settings: settings)
        } catch {
            throw ValidationError("\(error)")
        }
        let open = self.open
        let token = self.token
        let archived = db != nil
        let outcome = ServeOutcome()
        let finished = DispatchSemaphore(value: 0)
        let watchdog = ServeWatchdog.start()
        Task {
            do {
                try await server.run { url in
                    var lines = url + "\n"
                    if archived { lines += "档案：\(url)archive\n" }
                    if let token {
                        let port = url.split(separator: ":").last?.dropLast() ?? ""
                        lines += "局域网内其他电脑请打开 http://<本机地址>:\(port)/?token=\(token)\n"
                    }
                    lines += "按 Ctrl-C 停止\n"
                    // Written at once and unbuffered: whoever started the server reads the address from the first line.
                    FileHandle.standardOutput.write(Data(lines.utf8))
                    if open { Serve.openBrowser(token.map { "\(url)?token=\($0)" } ?? url) }
                }
            } catch {
                outcome.error = error
            }
            finished.signal()
        }
        finished.wait()
        withExtendedLifetime(watchdog) {}
        if let error = outcome.error {
            FileHandle.standardError.write(Data("无法启动服务（\(host):\(port)）：\(SystemErrors.sentence(error))\n".utf8))
            throw ExitCode(ExitStatus.unreadable)
        }
    }

    static func openBrowser(_ url: String) {
        let process = Process()
        #if os(macOS)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/open")
        process.arguments = [url]
        #else
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["xdg-open", url]
        #endif
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
    }
}

/// What the server task ended with, handed back to the waiting command.
private final class ServeOutcome: @unchecked Sendable {
    var error: (any Error)?
}

/// Ends the process when a shutdown asked for by Ctrl-C or SIGTERM has not finished 20 s later (requests in flight get
/// 10 s to finish, then are cancelled; a reader stuck in a library must not keep the service from stopping).
private final class ServeWatchdog {
    private let sources: [any DispatchSourceSignal]

    private init(sources: [any DispatchSourceSignal]) { self.sources = sources }

    static func start() -> ServeWatchdog {
        let queue = DispatchQueue(label: "nianbao.serve.watchdog")
        let sources = [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)  // as ServiceLifecycle does: the dispatch source, not the default action, gets it
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                queue.asyncAfter(deadline: .now() + 20) {
                    FileHandle.standardError.write(Data("停止服务超过 20 秒，强制退出\n".utf8))
                    exit(ExitStatus.unreadable)
                }
            }
            source.resume()
            return source
        }
        return ServeWatchdog(sources: sources)
    }
}
