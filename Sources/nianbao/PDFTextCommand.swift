// The hidden `pdf-text` subcommand: poppler in long-lived processes of its own, limited per file, serving many files.
import Documents
import ArgumentParser
import Foundation
import PopplerText
import Spreadsheet
import Synchronization

/// Serves PDF text layers over its stdin and stdout until stdin closes: a request is a path (a 4-byte little-endian
/// length, then its UTF-8), a response a status byte (0 read, 3 needs a password, 4 cannot be read), a 4-byte length and
/// then `PDFText.serialized` or the message. Started by nianbao itself (`PDFWorkerPool`), under a memory limit, and a
/// CPU-time limit renewed for each file.
struct PDFTextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pdf-text", abstract: "（内部使用）读取 PDF 文字层。",
                                                    shouldDisplay: false)

    /// What the reading process may use (`NIANBAO_PDF_MEMORY_MB` overrides the memory).
    static var memoryLimit: rlim_t {
        let megabytes = ProcessInfo.processInfo.environment["NIANBAO_PDF_MEMORY_MB"].flatMap { rlim_t($0) } ?? 1_536
        return megabytes << 20
    }
    static let cpuSeconds: rlim_t = 60

    func run() throws {
        var memory = rlimit(rlim_cur: Self.memoryLimit, rlim_max: Self.memoryLimit)
        setrlimit(Int32(RLIMIT_AS.rawValue), &memory)
        let hook = TestHook(ProcessInfo.processInfo.environment["NIANBAO_PDF_TEST_HOOK"])
        while let request = PDFWire.readFrame(from: STDIN_FILENO, limit: 65_536) {
            let path = String(decoding: request, as: UTF8.self)
            Self.limitCPU()
            hook?.apply(path)
            let response: (UInt8, [UInt8])
            do {
                response = (0, try PopplerText.extract(path: path).serialized())
            } catch let failure as PopplerText.Failure {
                response = (failure == .needsPassword ? 3 : 4, Array(failure.message.utf8))
            }
            guard PDFWire.write([response.0], frame: response.1, to: STDOUT_FILENO) else { return }
        }
    }

    /// This file may use `cpuSeconds` more than the process has used so far (the limit counts from the process's start).
    static func limitCPU() {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        var current = rlimit()
        getrlimit(Int32(RLIMIT_CPU.rawValue), &current)
        let used = rlim_t(max(0, usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + 1))
        var cpu = rlimit(rlim_cur: min(used + cpuSeconds, current.rlim_max), rlim_max: current.rlim_max)
        setrlimit(Int32(RLIMIT_CPU.rawValue), &cpu)
    }

    /// `NIANBAO_PDF_TEST_HOOK=crash:NAME`, `hang:NAME` or `memory:NAME`: the reading process crashes, hangs or exhausts
    /// its memory on a file whose path contains NAME, so that the tests can show a failing child costs that file only.
    struct TestHook {
        var action: Substring, name: Substring

        init?(_ value: String?) {
            guard let value, let colon = value.firstIndex(of: ":"), !value[value.index(after: colon)...].isEmpty else { return nil }
            (action, name) = (value[..<colon], value[value.index(after: colon)...])
        }

        func apply(_ path: String) {
            guard path.contains(name) else { return }
            switch action {
            case "crash": abort()
            case "hang": while true { sleep(3_600) }
            case "memory":
                var hoard: [[UInt8]] = []
                while true { hoard.append([UInt8](repeating: 1, count: 64 << 20)) }
            default: return
            }
        }
    }
}

/// Frames on a pipe: a 4-byte little-endian length, then the bytes.
enum PDFWire {
    /// Reads a whole frame, or nil at the end of the stream (or a short one) or when it is longer than `limit`.
    static func readFrame(from descriptor: Int32, deadline: DispatchTime? = nil, limit: Int = 1 << 28) -> [UInt8]? {
        guard let header = read(4, from: descriptor, deadline: deadline) else { return nil }
        let count = Int(UInt32(header[0]) | UInt32(header[1]) << 8 | UInt32(header[2]) << 16 | UInt32(header[3]) << 24)
        guard count <= limit else { return nil }
        return read(count, from: descriptor, deadline: deadline)
    }

    /// Exactly `count` bytes; nil at the end of the stream, on an error or past `deadline`. The buffer grows as bytes
    /// arrive, so a length that is not true costs nothing until it is sent.
    static func read(_ count: Int, from descriptor: Int32, deadline: DispatchTime? = nil) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(count, 1 << 20))
        var chunk = [UInt8](repeating: 0, count: min(count, 1 << 16))
        while bytes.count < count {
            if let deadline {
                let left = Int64(deadline.uptimeNanoseconds) - Int64(DispatchTime.now().uptimeNanoseconds)
                guard left > 0 else { return nil }
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, Int32(min(left / 1_000_000 + 1, Int64(Int32.max))))
                if ready < 0 && errno == EINTR { continue }
                guard ready > 0 else { return nil }
            }
            let wanted = min(count - bytes.count, chunk.count)
            let got = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, wanted) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { return nil }
            bytes += chunk[0..<got]
        }
        return bytes
    }

    /// Writes `prefix`, then `frame` as a frame; false when the other end is gone.
    static func write(_ prefix: [UInt8], frame: [UInt8], to descriptor: Int32) -> Bool {
        let count = UInt32(clamping: frame.count)
        var bytes = prefix + [UInt8(count & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count >> 16 & 0xFF), UInt8(count >> 24)]
        bytes += frame
        var done = 0
        while done < bytes.count {
            let wrote = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + done, bytes.count - done) }
            if wrote < 0 && errno == EINTR { continue }
            guard wrote > 0 else { return false }
            done += wrote
        }
        return true
    }
}

/// Long-lived `nianbao pdf-text` processes, one per core, each reading many PDFs in turn: a crash, a hang or a limit
/// reached in one costs the file it was reading (an unreadable error naming it), and the process is replaced.
final class PDFWorkerPool: Sendable {
    static let shared = PDFWorkerPool(size: ProcessInfo.processInfo.activeProcessorCount)

    /// How long one PDF may take (`NIANBAO_PDF_TIMEOUT`, seconds, overrides).
    static var timeout: TimeInterval {
        let given = ProcessInfo.processInfo.environment["NIANBAO_PDF_TIMEOUT"].flatMap { TimeInterval($0) }
        return given.map { $0.isFinite ? min(max($0, 0.001), 3_600) : 90 } ?? 90
    }

    /// One reading process and its pipes.
    final class Worker: @unchecked Sendable {
        let process: Process
        let requests: FileHandle
        let responses: FileHandle

        init() throws {
            process = Process()
            let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["pdf-text"]
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            requests = input.fileHandleForWriting
            responses = output.fileHandleForReading
        }

        /// Ends the process (it may be dead already) and waits for it.
        func stop() {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            try? requests.close()
            try? responses.close()
        }

        deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
    }

    private let idle = Mutex<[Worker]>([])
    private let slots: DispatchSemaphore

    init(size: Int) {
        slots = DispatchSemaphore(value: max(size, 1))
        // A request written to a process that just died must be that file's error, not the end of nianbao.
        signal(SIGPIPE, SIG_IGN)
    }

    @Sendable static func extract(path: String) throws -> PDFText { try shared.extract(path: path) }

    func extract(path: String) throws -> PDFText {
        func failure(_ message: String) -> SpreadsheetError { SpreadsheetError(file: path, .invalid(message)) }
        slots.wait()
        defer { slots.signal() }
        let worker: Worker
        if let waiting = idle.withLock({ $0.popLast() }) {
            worker = waiting
        } else {
            do { worker = try Worker() } catch { throw failure("无法启动 PDF 读取进程（\(error)）") }
        }
        let timeout = Self.timeout
        let deadline = DispatchTime.now() + timeout
        guard PDFWire.write([], frame: Array(path.utf8), to: worker.requests.fileDescriptor),
              let status = PDFWire.read(1, from: worker.responses.fileDescriptor, deadline: deadline)?.first,
              let payload = PDFWire.readFrame(from: worker.responses.fileDescriptor, deadline: deadline) else {
            let overran = DispatchTime.now() >= deadline
            worker.stop()
            if overran && worker.process.terminationReason == .uncaughtSignal && worker.process.terminationStatus == SIGKILL {
                throw failure("读取 PDF 超过 \(timeout) 秒仍未结束，文件可能已损坏或过于复杂")
            }
            switch (worker.process.terminationReason, worker.process.terminationStatus) {
            case (.uncaughtSignal, let signal):
                let reason = signal == SIGXCPU ? "超过 CPU 时间限制" : (signal == SIGABRT || signal == SIGKILL ? "可能超出内存限制" : "PDF 库崩溃")
                throw failure("读取 PDF 的进程异常退出（信号 \(signal)，\(reason)），文件可能已损坏或过于复杂")
            case (_, let status):
                throw failure("读取 PDF 时读取进程异常退出（状态 \(status)）")
            }
        }
        idle.withLock { $0.append(worker) }
        switch status {
        case 0:
            guard let text = PDFText(serialized: payload) else { throw failure("PDF 读取进程的输出不完整") }
            return text
        case 3:
            let message = String(decoding: payload, as: UTF8.self)
            throw SpreadsheetError(file: path, .encrypted(message.isEmpty ? "PDF 设置了打开密码，无法读取" : message))
        default:
            let message = String(decoding: payload, as: UTF8.self)
            throw failure(message.isEmpty ? "PDF 无法读取" : message)
        }
    }
}
