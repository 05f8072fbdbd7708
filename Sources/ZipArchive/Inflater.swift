// Raw-deflate decompression through zlib, delivered in chunks.
import CZlib

/// Inflates a raw deflate stream (windowBits −15) into fixed-size chunks.
struct Inflater {
    /// Inflates `input` and hands each produced chunk to `sink`, which may throw to stop.
    /// Returns false when the input ended before the deflate stream did.
    /// `consumed` is told how many input bytes zlib has finished with, so a caller can drop them from memory.
    static func inflate(_ input: UnsafeRawBufferPointer, chunkSize: Int, consumed report: (Int) -> Void = { _ in },
                        sink: (UnsafeRawBufferPointer) throws -> Void) throws -> InflateOutcome {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return .failed("inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        let output = UnsafeMutablePointer<Bytef>.allocate(capacity: chunkSize)
        defer { output.deallocate() }
        var consumed = 0
        let total = input.count
        while true {
            if stream.avail_in == 0 && consumed < total, let base = input.baseAddress {
                report(consumed)
                let step = min(total - consumed, 1 << 20)
                stream.next_in = UnsafeMutablePointer(mutating: (base + consumed).assumingMemoryBound(to: Bytef.self))
                stream.avail_in = uInt(step)
                consumed += step
            }
            stream.next_out = output
            stream.avail_out = uInt(chunkSize)
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            let produced = chunkSize - Int(stream.avail_out)
            if produced > 0 { try sink(UnsafeRawBufferPointer(start: output, count: produced)) }
            switch status {
            case Z_STREAM_END:
                return .finished
            case Z_OK:
                continue
            case Z_BUF_ERROR:
                if stream.avail_in == 0 && consumed >= total { return .truncated }
                if produced == 0 { return .failed("inflate made no progress") }
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "inflate error \(status)"
                return .failed(message)
            }
        }
    }
}

enum InflateOutcome: Equatable {
    case finished
    case truncated
    case failed(String)
}
