// BIFF8 records of a Workbook stream: iteration, and strings that run on across CONTINUE records.

/// One record: its type and where its data lies in the stream.
struct BIFFRecord {
    var type: UInt16
    var offset: Int
    var length: Int
}

/// The records of a BIFF stream, read from a position, with their CONTINUE records gathered for string reading.
struct BIFFStream {
    let bytes: [UInt8]

    static let continueRecord: UInt16 = 0x003C

    /// The record at `position`, or nil at the end or when the header runs past the stream.
    func record(at position: Int) -> BIFFRecord? {
        guard position + 4 <= bytes.count else { return nil }
        let type = UInt16(bytes[position]) | UInt16(bytes[position + 1]) << 8
        let length = Int(bytes[position + 2]) | Int(bytes[position + 3]) << 8
        return BIFFRecord(type: type, offset: position + 4, length: min(length, bytes.count - position - 4))
    }

    func u16(_ offset: Int) -> Int {
        guard offset + 2 <= bytes.count else { return 0 }
        return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
    }

    func u32(_ offset: Int) -> UInt32 {
        guard offset + 4 <= bytes.count else { return 0 }
        return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }

    func double(_ offset: Int) -> Double {
        guard offset + 8 <= bytes.count else { return 0 }
        var bits: UInt64 = 0
        for index in 0..<8 { bits |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        return Double(bitPattern: bits)
    }
}

/// Reads strings from a record and the CONTINUE records after it, as BIFF8 splits them: a string's characters may
/// break at a record boundary, and the continuation starts with a fresh flags byte saying whether the rest is one or
/// two bytes a character.
struct BIFFStringReader {
    /// The record's data followed by each CONTINUE's data, with where each segment starts.
    private var data: [UInt8] = []
    private var segmentStarts: Set<Int> = []
    private(set) var position = 0

    init(stream: BIFFStream, first: BIFFRecord, next: inout Int) {
        append(stream, first)
        next = first.offset + first.length
        while let record = stream.record(at: next), record.type == BIFFStream.continueRecord {
            append(stream, record)
            next = record.offset + record.length
            if data.count > 64 << 20 { break }
        }
    }

    private mutating func append(_ stream: BIFFStream, _ record: BIFFRecord) {
        if !data.isEmpty { segmentStarts.insert(data.count) }
        data += stream.bytes[record.offset..<(record.offset + record.length)]
    }

    var isAtEnd: Bool { position >= data.count }

    mutating func skip(_ count: Int) { position = min(position + max(count, 0), data.count) }

    mutating func u8() -> Int {
        guard position < data.count else { return 0 }
        defer { position += 1 }
        return Int(data[position])
    }

    mutating func u16() -> Int { u8() | u8() << 8 }

    mutating func u32() -> Int { u16() | u16() << 16 }


    /// An XLUnicodeRichExtendedString (SST entries): character count, flags, optional rich-run and extension sizes,
    /// the characters (switching width at a CONTINUE), then the runs and extension skipped.
    mutating func richString() -> String {
        let count = u16()
        return characters(count, flags: u8(), rich: true)
    }

    /// An XLUnicodeString (LABEL, STRING): character count, flags, characters.
    mutating func unicodeString(countBytes: Int = 2) -> String {
        let count = countBytes == 1 ? u8() : u16()
        return characters(count, flags: u8(), rich: false)
    }

    private mutating func characters(_ count: Int, flags: Int, rich: Bool) -> String {
        var wide = flags & 0x01 != 0
        let runs = rich && flags & 0x08 != 0 ? u16() : 0
        let extensionSize = rich && flags & 0x04 != 0 ? u32() : 0
        var units: [UInt16] = []
        units.reserveCapacity(min(count, 1 << 16))
        while units.count < count, !isAtEnd {
            if segmentStarts.contains(position) {
                // Characters that go on in a CONTINUE (even from their first one): its first byte is their width.
                wide = u8() & 0x01 != 0
            }
            if wide {
                units.append(UInt16(u8()) | UInt16(u8()) << 8)
            } else {
                units.append(UInt16(u8()))
            }
        }
        skip(runs * 4)
        skip(extensionSize)
        return String(decoding: units, as: UTF16.self)
    }
}
