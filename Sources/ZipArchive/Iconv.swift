// A thin wrapper over glibc iconv for legacy encodings (GB18030/GBK, UTF-16).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts legacy-encoded bytes to UTF-8 through iconv, reporting the offset of the first bad byte.
public final class Iconv {
    public struct Failure: Error, Sendable, Equatable {
        /// Byte offset, within the input of the failing call, of the sequence that failed.
        public var offset: Int
        /// True when the input ended inside a multi-byte sequence.
        public var incomplete: Bool
    }

    private let handle: iconv_t

    public init?(from encoding: String, to target: String = "UTF-8") {
        guard let handle = iconv_open(target, encoding), handle != iconv_t(bitPattern: -1) else { return nil }
        self.handle = handle
    }

    deinit { iconv_close(handle) }

    /// Converts `input`, appending UTF-8 to `output`. Returns how many trailing input bytes were left
    /// unconsumed because they start an incomplete sequence (carry them into the next block);
    /// when `final` is true such a tail is an error.
    @discardableResult
    public func convert(_ input: UnsafeRawBufferPointer, into output: inout [UInt8], final: Bool) throws -> Int {
        guard let inBase = input.baseAddress else { return 0 }
        var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(mutating: inBase.assumingMemoryBound(to: CChar.self))
        var inLeft = input.count
        // Sized to the input (a 4-byte sequence needs a few bytes, not a zeroed page per call), grown through E2BIG.
        var block = [UInt8](repeating: 0, count: max(64, min(input.count * 3 / 2 + 16, 4 << 20)))
        while inLeft > 0 {
            let result: Int = block.withUnsafeMutableBytes { out in
                var outPointer = out.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outLeft = out.count
                let status = iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
                output.append(contentsOf: out.prefix(out.count - outLeft))
                return status == -1 ? Int(errno) : 0
            }
            if result == 0 { break }
            if result == E2BIG { continue }
            let offset = input.count - inLeft
            if result == EINVAL {
                if final { throw Failure(offset: offset, incomplete: true) }
                return inLeft
            }
            throw Failure(offset: offset, incomplete: false)
        }
        return 0
    }

    /// Converts a whole buffer at once.
    public static func convert(_ bytes: [UInt8], from encoding: String) throws -> String {
        guard let converter = Iconv(from: encoding) else { throw Failure(offset: 0, incomplete: false) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 3 / 2)
        try bytes.withUnsafeBytes { _ = try converter.convert($0, into: &output, final: true) }
        return String(decoding: output, as: UTF8.self)
    }
}
