// `nianbao serve`: the local web page for clerks (drop files, see the form with wrong cells marked, download).
import ArgumentParser
import Dispatch
import Foundation
import NianbaoServer

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "本机网页 Serve the web page: drop files, see each form with its wrong cells marked, download templates and the rollup.")

    @Option(help: "端口 Port (0 picks a free one; the first line printed is the address).")
    var port = 8080

    @Option(help: "监听地址 Address to listen on. Anything but 127.0.0.1/localhost needs --token.")
    var host = "127.0.0.1"

    @Option(help: "访问口令 Access token, required off loopback; open the page once as /?token=T.")
    var token: String?

    @Option(help: "每次上传的上限（MB）Upload cap per request, in MB.")
    var maxUploadMb = 200

    @Option(help: "同时处理的请求数 Requests processed at once (default: all cores).")
    var jobs: Int?

    @Option(help: "排队等候的请求数上限 Requests that may wait; more get 503.")
    var queue = 32

    @Option(help: "上传中途无数据多久后断开（秒）Seconds a client may send nothing in the middle of an upload.")
    var idleTimeout = 30

    @Flag(help: "启动后打开浏览器 Open the page in the default browser.")
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
        if let error = outcome.error {
            FileHandle.standardError.write(Data("无法启动服务：\(error)\n".utf8))
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
