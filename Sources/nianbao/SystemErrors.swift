// Any error the system or a library raises, as the Chinese sentence of its `errno` (SystemError words them all).
import Foundation
import ZipArchive

enum SystemErrors {
    /// The `errno` inside an error: Foundation's POSIX errors (directly or underlying) and the socket errors of the
    /// server's libraries (a field named `errnoCode`), found without naming their types.
    static func code(_ error: any Error) -> Int32? {
        let bridged = error as NSError
        if bridged.domain == NSPOSIXErrorDomain { return Int32(bridged.code) }
        if let underlying = bridged.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(underlying.code)
        }
        if bridged.domain == NSCocoaErrorDomain {
            switch bridged.code {
            case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return ENOENT
            case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return EACCES
            case NSFileWriteOutOfSpaceError: return ENOSPC
            case NSFileWriteVolumeReadOnlyError: return EROFS
            case NSFileWriteFileExistsError: return EEXIST
            default: break
            }
        }
        if let code = errno(in: error, depth: 0) { return code }
        // Socket libraries say `… (errno: 98)` in their descriptions.
        let text = "\(error)"
        if let range = text.range(of: #"errno: ?\d+"#, options: .regularExpression) {
            return Int32(text[range].drop { !$0.isNumber })
        }
        return nil
    }

    /// A field named `errno`/`errnoCode` holding an Int32, a few levels into the value (NIO's IOError keeps it in an enum).
    private static func errno(in value: Any, depth: Int) -> Int32? {
        guard depth < 3 else { return nil }
        for child in Mirror(reflecting: value).children {
            if child.label == "errno" || child.label == "errnoCode", let code = child.value as? Int32 { return code }
            if let code = errno(in: child.value, depth: depth + 1) { return code }
        }
        return nil
    }

    /// One Chinese sentence for `error`; its own description when it carries no `errno` (our errors are Chinese).
    static func sentence(_ error: any Error) -> String {
        code(error).map(SystemError.sentence) ?? "\(error)"
    }
}
