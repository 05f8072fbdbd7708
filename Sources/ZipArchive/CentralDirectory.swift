// Parses the end-of-central-directory records (ZIP64 too) and the central directory.

enum CentralDirectory {
    static let eocdSignature: UInt32 = 0x0605_4B50
    static let eocd64Signature: UInt32 = 0x0606_4B50
    static let eocd64LocatorSignature: UInt32 = 0x0706_4B50
    static let centralSignature: UInt32 = 0x0201_4B50
    static let localSignature: UInt32 = 0x0403_4B50

    static func read(_ source: ByteSource, fileName: String, limits: ZipLimits) throws -> [ZipEntry] {
        func fail(_ kind: ZipError.Kind) -> ZipError { ZipError(file: fileName, kind) }
        let bytes = source.buffer
        let isZip = bytes.count >= 4 && source.u16(0) == 0x4B50
        guard isZip else { throw fail(.notZip(ForeignFileKind.guess(bytes))) }
        guard bytes.count >= 22 else { throw fail(.truncated("只有 \(bytes.count) 字节")) }
        // The EOCD is the last 22 bytes unless a comment (≤ 65535 bytes) follows it.
        var eocd = -1
        var position = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while position >= lowest {
            if source.u32(position) == eocdSignature,
               position + 22 + Int(source.u16(position + 20)) <= bytes.count {
                eocd = position
                break
            }
            position -= 1
        }
        guard eocd >= 0 else { throw fail(.truncated("找不到中央目录结尾记录")) }
        var entryCount = UInt64(source.u16(eocd + 10))
        var directorySize = UInt64(source.u32(eocd + 12))
        var directoryOffset = UInt64(source.u32(eocd + 16))
        if eocd >= 20, source.u32(eocd - 20) == eocd64LocatorSignature {
            let record = source.u64(eocd - 20 + 8)
            guard bytes.count >= 56, record <= UInt64(bytes.count - 56), source.u32(Int(record)) == eocd64Signature else {
                throw fail(.corrupt("ZIP64 结尾记录位置错误"))
            }
            entryCount = source.u64(Int(record) + 32)
            directorySize = source.u64(Int(record) + 40)
            directoryOffset = source.u64(Int(record) + 48)
        }
        guard entryCount <= UInt64(limits.maxEntries) else {
            throw fail(.limitExceeded("条目数 \(entryCount) 超过上限 \(limits.maxEntries)"))
        }
        let (directoryEnd, overflow) = directoryOffset.addingReportingOverflow(directorySize)
        guard !overflow, directoryEnd <= UInt64(eocd) else {
            throw fail(.truncated("中央目录超出文件范围"))
        }
        var entries: [ZipEntry] = []
        entries.reserveCapacity(Int(entryCount))
        var cursor = Int(directoryOffset)
        let end = Int(directoryOffset + directorySize)
        while entries.count < Int(entryCount) {
            guard cursor + 46 <= end, source.u32(cursor) == centralSignature else {
                throw fail(.corrupt("中央目录第 \(entries.count + 1) 项损坏"))
            }
            let flags = source.u16(cursor + 8)
            let method = source.u16(cursor + 10)
            let crc = source.u32(cursor + 16)
            var compressed = UInt64(source.u32(cursor + 20))
            var uncompressed = UInt64(source.u32(cursor + 24))
            let nameLength = Int(source.u16(cursor + 28))
            let extraLength = Int(source.u16(cursor + 30))
            let commentLength = Int(source.u16(cursor + 32))
            var offset = UInt64(source.u32(cursor + 42))
            let nameStart = cursor + 46
            guard nameStart + nameLength + extraLength + commentLength <= end else {
                throw fail(.corrupt("中央目录第 \(entries.count + 1) 项超出范围"))
            }
            let nameBytes = UnsafeRawBufferPointer(rebasing: bytes[nameStart..<nameStart + nameLength])
            let name = EntryName.decode(nameBytes, utf8Flag: flags & 0x0800 != 0)
            // ZIP64 extended information: only the fields whose 32-bit value is 0xFFFFFFFF are present.
            var extra = nameStart + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = source.u16(extra)
                let size = Int(source.u16(extra + 2))
                let body = extra + 4
                guard body + size <= extraEnd else { break }
                if id == 0x0001 {
                    var field = body
                    if uncompressed == 0xFFFF_FFFF, field + 8 <= body + size { uncompressed = source.u64(field); field += 8 }
                    if compressed == 0xFFFF_FFFF, field + 8 <= body + size { compressed = source.u64(field); field += 8 }
                    if offset == 0xFFFF_FFFF, field + 8 <= body + size { offset = source.u64(field); field += 8 }
                }
                extra = body + size
            }
            entries.append(ZipEntry(name: name, method: method, flags: flags, crc32: crc,
                                    compressedSize: compressed, uncompressedSize: uncompressed,
                                    localHeaderOffset: offset))
            cursor = nameStart + nameLength + extraLength + commentLength
        }
        try rejectOverlaps(entries, source: source, fileName: fileName)
        return entries
    }

    /// Where `entry`'s compressed bytes lie, from its local header (whose name/extra lengths may differ
    /// from the central directory's).
    static func dataRange(of entry: ZipEntry, in source: ByteSource, fileName: String) throws -> Range<Int> {
        func fail(_ kind: ZipError.Kind) -> ZipError { ZipError(file: fileName, entry: entry.name, kind) }
        let count = UInt64(source.count)
        // Offsets and sizes come from the file: every sum is checked before it is trusted.
        guard entry.localHeaderOffset < count, count - entry.localHeaderOffset >= 30 else {
            throw fail(.truncated("本地文件头超出文件范围"))
        }
        let header = Int(entry.localHeaderOffset)
        guard source.u32(header) == localSignature else { throw fail(.corrupt("本地文件头签名错误")) }
        let start = UInt64(header + 30) + UInt64(source.u16(header + 26)) + UInt64(source.u16(header + 28))
        let (end, overflow) = start.addingReportingOverflow(entry.compressedSize)
        guard !overflow, end <= count else {
            throw fail(.truncated("数据超出文件范围（需要 \(overflow ? "超过 2^64" : String(end)) 字节，文件只有 \(count) 字节）"))
        }
        return Int(start)..<Int(start + entry.compressedSize)
    }

    /// Overlapping entries are a known zip-bomb construction; no producer writes them.
    private static func rejectOverlaps(_ entries: [ZipEntry], source: ByteSource, fileName: String) throws {
        var ranges: [(Range<Int>, String)] = []
        ranges.reserveCapacity(entries.count)
        for entry in entries {
            let data = try dataRange(of: entry, in: source, fileName: fileName)
            ranges.append((Int(entry.localHeaderOffset)..<data.upperBound, entry.name))
        }
        ranges.sort { $0.0.lowerBound < $1.0.lowerBound }
        for pair in zip(ranges, ranges.dropFirst()) where pair.0.0.upperBound > pair.1.0.lowerBound {
            throw ZipError(file: fileName, entry: pair.1.1, .corrupt("条目与「\(pair.0.1)」的数据重叠"))
        }
    }
}
