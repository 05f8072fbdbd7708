// Reads a whole file's bytes with an error that names it.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum FileBytes {
    static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SpreadsheetError(file: path, .io(String(cString: strerror(errno)))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw SpreadsheetError(file: path, .io(String(cString: strerror(errno)))) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw SpreadsheetError(file: path, .io("是一个文件夹，不是文件")) }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var offset = 0
        while offset < bytes.count {
            let got = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + offset, $0.count - offset) }
            if got < 0 { throw SpreadsheetError(file: path, .io(String(cString: strerror(errno)))) }
            if got == 0 { break }
            offset += got
        }
        if offset < bytes.count { bytes.removeLast(bytes.count - offset) }
        return bytes
    }
}
