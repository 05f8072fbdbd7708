// Why an input could not be read: a stable code of the registry (`file.*`) and one Chinese sentence, from any reader's error.
import Spreadsheet
import ZipArchive
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An unreadable input as every output names it: `error_code` and `error` in JSON, `无法读取 路径：原因` on a terminal.
public struct ReadFailure: Sendable, Equatable {
    public var code: FindingCode
    /// The reason without the path (the path is printed once, by whoever prints the failure).
    public var message: String

    public init(code: FindingCode, message: String) {
        self.code = code
        self.message = message
    }

    /// Classifies a reader's error and words it for the input at `path`.
    public init(_ error: any Error, path: String) {
        code = ReadFailure.classify(error)
        message = ReadFailure.withoutPath("\(error)", path: path)
    }

    /// A reader's description begins with the file it names (`路径：…`, `路径 [部件]：…`): the path goes, the part stays.
    public static func withoutPath(_ text: String, path: String) -> String {
        guard !path.isEmpty, text.hasPrefix(path) else { return text }
        var rest = text.dropFirst(path.count)
        if rest.hasPrefix("：") { rest = rest.dropFirst() } else if rest.hasPrefix(" ") { rest = rest.dropFirst() }
        return rest.isEmpty ? text : String(rest)
    }

    static func classify(_ error: any Error) -> FindingCode {
        if let error = error as? SpreadsheetError { return classify(error.kind) }
        if let error = error as? ZipError { return classify(error.kind) }
        return .fileDamaged
    }

    static func classify(_ kind: SpreadsheetError.Kind) -> FindingCode {
        switch kind {
        case .container(let zip): return classify(zip)
        case .empty: return .fileEmpty
        case .encrypted: return .fileEncrypted
        case .unsupportedFormat: return .fileUnsupported
        case .tooLarge: return .fileTooLarge
        case .unterminatedQuote: return .fileTruncated
        case .system(let code): return system(code)
        case .io: return .fileIO
        case .missingPart, .malformedXML, .doctypeRefused, .outOfRange, .sharedStringIndex, .undecodable, .invalid: return .fileDamaged
        }
    }

    static func classify(_ kind: ZipError.Kind) -> FindingCode {
        switch kind {
        case .notZip(.empty): return .fileEmpty
        case .notZip: return .fileUnsupported
        case .truncated: return .fileTruncated
        case .encrypted: return .fileEncrypted
        case .unsupportedMethod: return .fileUnsupported
        case .limitExceeded: return .fileTooLarge
        case .system(let code): return system(code)
        case .io: return .fileIO
        case .corrupt, .crcMismatch, .sizeMismatch, .entryNotFound, .invalidArgument: return .fileDamaged
        }
    }

    static func system(_ code: Int32) -> FindingCode {
        switch code {
        case ENOENT, ENOTDIR: return .fileNotFound
        case EACCES, EPERM: return .fileDenied
        case EISDIR: return .fileUnsupported
        default: return .fileIO
        }
    }
}
