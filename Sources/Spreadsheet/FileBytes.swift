// Reads or maps a whole file, with an error that names it.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ZipArchive

package enum FileBytes {
    /// The whole file in an array, read straight into it (no map or buffer in between to copy out of).
    package static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SpreadsheetError(file: path, .io(String(cString: strerror(errno)))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw SpreadsheetError(file: path, .io(String(cString: strerror(errno)))) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw SpreadsheetError(file: path, .io("是一个文件夹，不是文件 (is a directory)")) }
        let size = Int(info.st_size)
        var failure: String?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var done = 0
            initialized = 0
            guard let base = buffer.baseAddress else { return }  // an empty file
            while done < size {
                let got = pread(fd, base + done, size - done, off_t(done))
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else {
                    failure = got < 0 ? String(cString: strerror(errno)) : "文件在读取时变短了 (file shrank while reading)"
                    break
                }
                done += got
            }
            initialized = done
        }
        if let failure { throw SpreadsheetError(file: path, .io(failure)) }
        return bytes
    }

    /// The file memory-mapped, with an I/O error that names it.
    package static func map(_ path: String) throws -> ByteSource {
        do {
            return try ByteSource(path: path)
        } catch let error as ZipError {
            switch error.kind {
            case .io(let detail): throw SpreadsheetError(file: path, .io(detail))
            case .system(let code): throw SpreadsheetError(file: path, .system(code))
            default: throw SpreadsheetError(error)
            }
        }
    }
}
