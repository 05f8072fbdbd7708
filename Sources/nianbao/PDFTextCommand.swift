// The hidden `pdf-text` subcommand: poppler in a process of its own, limited, writing the text layer to stdout.
import Documents
import ArgumentParser
import Foundation
import PopplerText
import Spreadsheet

/// Reads one PDF's text layer and writes it (`PDFText.serialized`) to stdout. Run by nianbao itself for each PDF, under
/// limits on memory and CPU time; exits 3 when the PDF needs a password to open, 4 when it cannot be read.
struct PDFTextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pdf-text", abstract: "（内部使用）读取 PDF 文字层。",
                                                    shouldDisplay: false)

    @Argument var file: String

    /// What the reading process may use (`NIANBAO_PDF_MEMORY_MB` overrides the memory).
    static var memoryLimit: rlim_t {
        let megabytes = ProcessInfo.processInfo.environment["NIANBAO_PDF_MEMORY_MB"].flatMap { rlim_t($0) } ?? 1_536
        return megabytes << 20
    }
    static let cpuSeconds: rlim_t = 60

    func run() throws {
        var memory = rlimit(rlim_cur: Self.memoryLimit, rlim_max: Self.memoryLimit)
        setrlimit(Int32(RLIMIT_AS.rawValue), &memory)
        var cpu = rlimit(rlim_cur: Self.cpuSeconds, rlim_max: Self.cpuSeconds)
        setrlimit(Int32(RLIMIT_CPU.rawValue), &cpu)
        do {
            let text = try PopplerText.extract(path: file)
            FileHandle.standardOutput.write(Data(text.serialized()))
        } catch let failure as PopplerText.Failure {
            FileHandle.standardError.write(Data(failure.message.utf8))
            throw ExitCode(failure == .needsPassword ? 3 : 4)
        }
    }
}

/// Runs `nianbao pdf-text` for a PDF and reads back its text layer; a crash, a hang or a limit reached in the child
/// is that file's error, and the batch goes on.
enum PDFChildProcess {
    /// How long one PDF may take (`NIANBAO_PDF_TIMEOUT`, seconds, overrides).
    static var timeout: TimeInterval {
        let given = ProcessInfo.processInfo.environment["NIANBAO_PDF_TIMEOUT"].flatMap { TimeInterval($0) }
        return given.map { $0.isFinite ? min(max($0, 0.001), 3_600) : 90 } ?? 90
    }

    @Sendable static func extract(path: String) throws -> PDFText {
        func failure(_ message: String) -> SpreadsheetError { SpreadsheetError(file: path, .invalid(message)) }
        let process = Process()
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["pdf-text", path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            throw failure("无法启动 PDF 读取进程（\(error)）")
        }
        // Both pipes are drained while the child runs, so a large text layer never blocks it.
        final class Box: @unchecked Sendable { var data = Data() }
        let out = Box(), err = Box()
        let reading = DispatchGroup()
        for (pipe, box) in [(output, out), (errors, err)] {
            reading.enter()
            DispatchQueue.global().async {
                box.data = pipe.fileHandleForReading.readDataToEndOfFile()
                reading.leave()
            }
        }
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
            reading.wait()
            throw failure("读取 PDF 超过 \(timeout) 秒仍未结束，文件可能已损坏或过于复杂")
        }
        reading.wait()
        let message = String(decoding: err.data, as: UTF8.self)
        switch (process.terminationReason, process.terminationStatus) {
        case (.exit, 0):
            guard let text = PDFText(serialized: [UInt8](out.data)) else { throw failure("PDF 读取进程的输出不完整") }
            return text
        case (.exit, 3):
            throw SpreadsheetError(file: path, .encrypted(message.isEmpty ? "PDF 设置了打开密码，无法读取" : message))
        case (.exit, 4):
            throw failure(message.isEmpty ? "PDF 无法读取" : message)
        case (.uncaughtSignal, let signal):
            let reason = signal == SIGXCPU ? "超过 CPU 时间限制" : (signal == SIGABRT || signal == SIGKILL ? "可能超出内存限制" : "PDF 库崩溃")
            throw failure("读取 PDF 的进程异常退出（信号 \(signal)，\(reason)），文件可能已损坏或过于复杂")
        case (_, let status):
            throw failure("读取 PDF 时读取进程异常退出（状态 \(status)）\(message.isEmpty ? "" : "：" + message.prefix(200))")
        }
    }
}
