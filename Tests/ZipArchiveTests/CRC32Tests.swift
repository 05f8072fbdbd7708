// The folding CRC-32 gives zlib's values for every length, alignment and split of the input.
import CFoldCRC
import Testing
@testable import ZipArchive

@Suite struct CRC32Tests {
    /// The CRC-32 of zip, a bit at a time (reflected polynomial 0xEDB88320): the reference.
    private func bitwise(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// Deterministic bytes (a linear congruential generator).
    private func bytes(_ count: Int) -> [UInt8] {
        var state: UInt32 = 12_345
        return (0..<count).map { _ in
            state = state &* 1_103_515_245 &+ 12_345
            return UInt8(truncatingIfNeeded: state >> 16)
        }
    }

    @Test func knownValues() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
        #expect(CRC32.checksum([UInt8](repeating: 0, count: 64)) == 0x758D_6336)
        #expect(CRC32.checksum([UInt8](repeating: 0xFF, count: 1000)) == bitwise(ArraySlice([UInt8](repeating: 0xFF, count: 1000))))
    }

    /// Lengths around the fold's edges (64 bytes, 16-byte blocks), every alignment of the start.
    @Test func everyLengthAndAlignment() {
        let data = bytes(700)
        for length in [0, 1, 15, 16, 17, 63, 64, 65, 79, 80, 81, 127, 128, 129, 191, 192, 255, 256, 257, 600] {
            for offset in 0..<16 {
                let slice = data[offset..<(offset + length)]
                #expect(CRC32.checksum(Array(slice)) == bitwise(slice), "length \(length) offset \(offset)")
            }
        }
    }

    /// A checksum carried across chunks of any size equals the whole one.
    @Test func chunkedEqualsWhole() {
        let data = bytes(5_000)
        let whole = bitwise(data[...])
        for chunk in [1, 7, 16, 63, 64, 100, 1_000, 4_096] {
            var crc = CRC32()
            var start = 0
            while start < data.count {
                let end = min(data.count, start + chunk)
                data[start..<end].withUnsafeBytes { crc.update($0) }
                start = end
            }
            #expect(crc.value == whole, "chunks of \(chunk)")
        }
    }

    /// The fold takes whole 16-byte blocks from 64 bytes on, where the processor has the instructions.
    @Test func foldConsumesWholeBlocks() {
        let data = bytes(100)
        var consumed = -1
        _ = data.withUnsafeBufferPointer { nianbao_fold_crc32(0, $0.baseAddress, 100, &consumed) }
        #expect(consumed == (nianbao_fold_crc32_available() != 0 ? 96 : 0))
        _ = data.withUnsafeBufferPointer { nianbao_fold_crc32(0, $0.baseAddress, 63, &consumed) }
        #expect(consumed == 0)
    }
}
