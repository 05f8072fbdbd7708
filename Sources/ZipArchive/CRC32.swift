// CRC-32 by carry-less multiplication where the processor has it, else through zlib, incrementally.
import CFoldCRC
import CZlib

/// A running CRC-32 (zlib's, so the same polynomial every zip tool uses).
public struct CRC32: Sendable {
    public private(set) var value: UInt32 = 0
    public init() {}

    /// Folds more bytes into the checksum.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        // Whole 16-byte blocks of 64 bytes or more folded by PCLMULQDQ (about a tenth of the instructions of zlib's
        // tables), the rest by zlib; the same value either way.
        var folded = 0
        let start = nianbao_fold_crc32(value, base.assumingMemoryBound(to: UInt8.self), bytes.count, &folded)
        var remaining = bytes.count - folded
        var pointer = (base + folded).assumingMemoryBound(to: Bytef.self)
        var crc = uLong(start)
        while remaining > 0 {
            let step = min(remaining, Int(UInt32.max >> 1))
            crc = crc32(crc, pointer, uInt(step))
            pointer += step
            remaining -= step
        }
        value = UInt32(truncatingIfNeeded: crc)
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }
}
