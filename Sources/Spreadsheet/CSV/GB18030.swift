// GB18030 → UTF-8: a two-byte table built once from glibc iconv, iconv itself for four-byte sequences.
import ZipArchive

/// Decodes GB18030 (and so GBK/GB2312) exactly as glibc iconv does, several times faster: the ~24,000
/// two-byte sequences are looked up in a table that iconv filled once; four-byte sequences (CJK Ext A/B
/// and the rest of Unicode) still go through iconv. A lone 0x80 is CP936's euro sign.
package enum GB18030 {
    /// Unicode scalar for lead 0x81…0xFE × trail 0x40…0xFE; 0 where the pair is not a character.
    /// Built a lead byte's row at a time: one iconv call converts the row's 190 pairs (24,000 calls of one pair
    /// each cost ~140 M instructions, more than reading a county's CSVs); a row iconv refuses anywhere is
    /// converted pair by pair, so a pair it does not know stays 0 exactly as before.
    package static let table: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 126 * 191)
        guard let converter = Iconv(from: "GB18030", to: "UTF-32LE") else { return table }
        let trails = (0x40...0xFE).filter { $0 != 0x7F }
        var output: [UInt8] = []
        var row: [UInt8] = []
        func scalar(_ bytes: ArraySlice<UInt8>) -> UInt32 {
            var value: UInt32 = 0
            for (shift, byte) in bytes.enumerated() { value |= UInt32(byte) << (8 * UInt32(shift)) }
            return value
        }
        for lead in 0x81...0xFE {
            row.removeAll(keepingCapacity: true)
            for trail in trails { row.append(UInt8(lead)); row.append(UInt8(trail)) }
            output.removeAll(keepingCapacity: true)
            let whole = (try? row.withUnsafeBytes { try converter.convert($0, into: &output, final: true) }) != nil
            if whole, output.count == trails.count * 4 {
                for (index, trail) in trails.enumerated() {
                    table[(lead - 0x81) * 191 + (trail - 0x40)] = scalar(output[index * 4..<index * 4 + 4])
                }
                continue
            }
            for trail in trails {
                output.removeAll(keepingCapacity: true)
                let pair: [UInt8] = [UInt8(lead), UInt8(trail)]
                let ok = (try? pair.withUnsafeBytes { try converter.convert($0, into: &output, final: true) }) != nil
                if ok, output.count == 4 { table[(lead - 0x81) * 191 + (trail - 0x40)] = scalar(output[0..<4]) }
            }
        }
        return table
    }()

    package struct Failure: Error {
        package var offset: Int
    }

    /// Decodes `bytes` to UTF-8; throws the offset of the first byte that is not GB18030.
    package static func decode(_ bytes: ArraySlice<UInt8>) throws -> [UInt8] {
        let table = self.table
        let fourByte = Iconv(from: "GB18030")
        var failure: Int?
        // At most 3 output bytes per input byte (a lone 0x80 becomes the 3-byte euro sign).
        let output = try bytes.withUnsafeBufferPointer { input -> [UInt8] in
            try [UInt8](unsafeUninitializedCapacity: input.count * 3 + 16) { out, written in
                let count = input.count
                var index = 0
                var at = 0
                var scratch: [UInt8] = []
                loop: while index < count {
                    let byte = input[index]
                    if byte < 0x80 {
                        out[at] = byte
                        at += 1
                        index += 1
                        continue
                    }
                    if byte == 0x80 {
                        out[at] = 0xE2; out[at + 1] = 0x82; out[at + 2] = 0xAC
                        at += 3
                        index += 1
                        continue
                    }
                    guard byte <= 0xFE, index + 1 < count else { failure = index; break loop }
                    let trail = input[index + 1]
                    if trail >= 0x40, trail <= 0xFE, trail != 0x7F {
                        let scalar = table[Int(byte - 0x81) * 191 + Int(trail - 0x40)]
                        guard scalar != 0 else { failure = index; break loop }
                        if scalar < 0x800 {
                            out[at] = UInt8(0xC0 | scalar >> 6); out[at + 1] = UInt8(0x80 | scalar & 0x3F)
                            at += 2
                        } else if scalar < 0x10000 {
                            out[at] = UInt8(0xE0 | scalar >> 12); out[at + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
                            out[at + 2] = UInt8(0x80 | scalar & 0x3F)
                            at += 3
                        } else {
                            // Six pairs (GB18030-2005's former private-use codes, 𠂇 and others) are outside the BMP.
                            out[at] = UInt8(0xF0 | scalar >> 18); out[at + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
                            out[at + 2] = UInt8(0x80 | scalar >> 6 & 0x3F); out[at + 3] = UInt8(0x80 | scalar & 0x3F)
                            at += 4
                        }
                        index += 2
                        continue
                    }
                    guard trail >= 0x30, trail <= 0x39, index + 3 < count, let converter = fourByte else { failure = index; break loop }
                    scratch.removeAll(keepingCapacity: true)
                    let sequence = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(input)[index..<index + 4])
                    guard (try? converter.convert(sequence, into: &scratch, final: true)) != nil else { failure = index; break loop }
                    for byte in scratch { out[at] = byte; at += 1 }
                    index += 4
                }
                written = at
            }
        }
        if let failure { throw Failure(offset: failure) }
        return output
    }

}
