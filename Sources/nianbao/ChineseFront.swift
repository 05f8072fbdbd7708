// The command line's words in Chinese: argument-parser's errors, usage and help, translated in one place for every command.
import ArgumentParser
import Foundation

/// Runs the root command as argument-parser's `main` does, with every message it prints in Chinese (`--lang en`, or
/// `NIANBAO_LANG=en`, keeps its English). Commands added later get Chinese too: nothing here names one.
enum ChineseFront {
    /// Parses `arguments`, runs the command and exits; help and `--version` go to stdout, errors to stderr.
    static func main<Root: ParsableCommand>(_ root: Root.Type, _ arguments: [String]) -> Never {
        var arguments = arguments
        var english = ProcessInfo.processInfo.environment["NIANBAO_LANG"]?.lowercased().hasPrefix("en") == true
        if let flag = arguments.firstIndex(of: "--lang"), flag + 1 < arguments.count {
            english = arguments[flag + 1].lowercased().hasPrefix("en")
            arguments.removeSubrange(flag...(flag + 1))
        }
        var command: any ParsableCommand
        do {
            command = try Root.parseAsRoot(arguments)
        } catch {
            finish(Root.fullMessage(for: error), Root.exitCode(for: error), english: english)
        }
        do {
            try command.run()
            exit(0)
        } catch {
            // `--help` and `help X` arrive here too (a help command that runs): their text as it is. Any other error of
            // the command that ran: the arguments parsed, so the sentence alone (no usage lines).
            let type = Swift.type(of: command)
            let code = type.exitCode(for: error)
            if code == .success {
                finish(Root.fullMessage(for: error), code, english: english)
            }
            let message = type.message(for: error)
            finish(message.isEmpty ? "" : "Error: " + message, code, english: english)
        }
    }

    private static func finish(_ message: String, _ code: ExitCode, english: Bool) -> Never {
        // Most runs end here with nothing to say (a check that found errors): the rules are compiled only for text.
        if !message.isEmpty {
            let message = english ? message : translate(message)
            let text = message.hasSuffix("\n") ? message : message + "\n"
            (code == .success ? FileHandle.standardOutput : FileHandle.standardError).write(Data(text.utf8))
        }
        exit(code.rawValue)
    }

    /// argument-parser's sentences and headings, in the order they are tried; `$1`… are the parts kept.
    static let rules: [(pattern: String, template: String)] = [
        (#"(?m)^Error: "#, "错误："),
        (#"Missing expected argument '([^']+)'"#, "缺少必需的参数 $1"),
        (#"Missing one of: (.+)"#, "缺少以下参数之一：$1"),
        (#"Unknown option '([^']+)'\. Did you mean '([^']+)'\?"#, "未知的选项 $1（是不是 $2？）"),
        (#"Unknown option '([^']+)'"#, "未知的选项 $1"),
        (#"Missing value for '([^']+)'"#, "$1 缺少取值"),
        (#"The value '([^']*)' is invalid for '([^']+)'"#, "$2 的取值「$1」无效"),
        (#"\. Please provide one of the following:"#, "，可选："),
        (#"\. Please provide one of "#, "，可选 "),
        (#"The option '([^']+)' does not take any value, but '([^']*)' was specified\."#, "选项 $1 不带取值，却给了「$2」"),
        (#"(\d+) unexpected arguments: (.+)"#, "$1 个多余的参数：$2"),
        (#"Unexpected argument '([^']*)'"#, "多余的参数「$1」"),
        (#"Value to be set with (.+) had already been set with (.+)"#, "$1 重复给出（前面已给出 $2）"),
        (#"(?m)^Help:  "#, "说明："),
        (#"(?m)^Usage: "#, "用法："),
        (#"See '([^']+)' for more information\."#, "运行「$1」查看说明。"),
        (#"See '([^']+) <subcommand>' for detailed help\."#, "运行「$1 <子命令>」查看子命令的说明。"),
        (#"(?m)^USAGE: "#, "用法："),
        (#"(?m)^OVERVIEW: "#, "概要："),
        (#"(?m)^ARGUMENTS:"#, "参数："),
        (#"(?m)^OPTIONS:"#, "选项："),
        (#"(?m)^SUBCOMMANDS:"#, "子命令："),
        (#"Show help information\."#, "显示帮助。"),
        (#"Show the version\."#, "显示版本号。"),
        (#"\(default:\s+([^)]*)\)"#, "（默认：$1）"),
        (#"\(values:\s+([^)]*)\)"#, "（可选：$1）"),
        (#"<options>"#, "<选项>"),
        (#"<subcommand>"#, "<子命令>"),
    ]

    private static let compiled: [(NSRegularExpression, String)] = rules.compactMap { rule in
        (try? NSRegularExpression(pattern: rule.pattern)).map { ($0, rule.template) }
    }

    /// `text` with argument-parser's English replaced; our own (Chinese) words pass through.
    static func translate(_ text: String) -> String {
        var result = text
        for (expression, template) in compiled {
            result = expression.stringByReplacingMatches(in: result, range: NSRange(result.startIndex..., in: result), withTemplate: template)
        }
        return result
    }
}
