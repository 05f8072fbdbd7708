// Raw-deflate compression through zlib, fed and drained in chunks.
import CZlib

/// A streaming raw-deflate compressor (windowBits −15, as zip entries need).
final class Deflater {
    private var stream = z_stream()
    private let output: UnsafeMutablePointer<Bytef>
    private let outputSize = 64 << 10

    init(level: Int) throws {
        output = UnsafeMutablePointer<Bytef>.allocate(capacity: outputSize)
        let status = deflateInit2_(&stream, Int32(level), Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY,
                                   zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            output.deallocate()
            throw ZipError(file: "<deflate>", .invalidArgument("deflateInit2 失败（\(status)）"))
        }
    }

    deinit {
        deflateEnd(&stream)
        output.deallocate()
    }

    /// Compresses `input`; every compressed chunk goes to `sink`.
    func compress(_ input: UnsafeRawBufferPointer, finish: Bool, sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        var offset = 0
        repeat {
            let step = min(input.count - offset, 1 << 30)
            if let base = input.baseAddress {
                stream.next_in = UnsafeMutablePointer(mutating: (base + offset).assumingMemoryBound(to: Bytef.self))
            } else {
                stream.next_in = nil
            }
            stream.avail_in = uInt(step)
            offset += step
            let flush = finish && offset >= input.count ? Z_FINISH : Z_NO_FLUSH
            while true {
                stream.next_out = output
                stream.avail_out = uInt(outputSize)
                let status = deflate(&stream, flush)
                let produced = outputSize - Int(stream.avail_out)
                if produced > 0 { try sink(UnsafeRawBufferPointer(start: output, count: produced)) }
                if status == Z_STREAM_END { break }
                guard status == Z_OK || status == Z_BUF_ERROR else {
                    throw ZipError(file: "<deflate>", .invalidArgument("deflate 失败（\(status)）"))
                }
                if flush == Z_NO_FLUSH && stream.avail_in == 0 && stream.avail_out != 0 { break }
            }
        } while offset < input.count
    }
}
