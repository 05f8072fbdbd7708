// Reads OLE2 / Compound File Binary containers (legacy .xls, .et, .doc, encrypted Office files): directory and streams.

/// An error reading a compound file, naming the file and, where known, the stream.
public struct CompoundFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case notCompoundFile
        case truncated(String)
        case corrupt(String)
        case limitExceeded(String)
        case streamNotFound
    }

    public var file: String
    public var stream: String?
    public var kind: Kind

    public init(file: String, stream: String? = nil, _ kind: Kind) {
        self.file = file
        self.stream = stream
        self.kind = kind
    }

    public var description: String {
        let place = stream.map { "\(file) [\($0)]" } ?? file
        switch kind {
        case .notCompoundFile: return "\(place)：不是 OLE2 复合文档。"
        case .truncated(let detail): return "\(place)：文件不完整，可能被截断（\(detail)）。"
        case .corrupt(let detail): return "\(place)：复合文档已损坏（\(detail)）。"
        case .limitExceeded(let detail): return "\(place)：超出读取限制（\(detail)）。"
        case .streamNotFound: return "\(place)：缺少所需的数据流。"
        }
    }
}

/// One entry of the compound file's directory.
public struct CompoundFileEntry: Sendable, Equatable {
    public enum Kind: UInt8, Sendable { case unknown = 0, storage = 1, stream = 2, root = 5 }
    public var name: String
    public var kind: Kind
    var start: UInt32
    public var size: UInt64
}

/// Reads a compound file held in memory: header, FAT through the DIFAT, mini FAT, directory, and streams by chain.
/// Every chain is followed with a visited set and a step limit, so a loop or an index past the end is an error, never
/// a hang or a crash; streams are bounded by the file's own size.
public struct CompoundFileReader: Sendable {
    public let fileName: String
    public let entries: [CompoundFileEntry]
    private let bytes: [UInt8]
    private let sectorSize: Int
    private let miniSectorSize: Int
    private let miniCutoff: UInt64
    private let fat: [UInt32]
    private let miniFAT: [UInt32]
    private let miniStream: [UInt8]

    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    static let endOfChain: UInt32 = 0xFFFF_FFFE
    static let free: UInt32 = 0xFFFF_FFFF
    /// Directory entries beyond this are refused (real files have a handful).
    static let maxEntries = 65_536

    public static func isCompoundFile(_ bytes: ArraySlice<UInt8>) -> Bool { bytes.starts(with: signature) }

    public init(bytes: [UInt8], fileName: String) throws {
        self.fileName = fileName
        self.bytes = bytes
        func fail(_ kind: CompoundFileError.Kind) -> CompoundFileError { CompoundFileError(file: fileName, kind) }
        guard bytes.count >= 512, bytes.starts(with: Self.signature) else {
            throw bytes.starts(with: Self.signature) ? fail(.truncated("文件头不足 512 字节")) : fail(.notCompoundFile)
        }
        func u16(_ offset: Int) -> Int { Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 }
        func u32(_ offset: Int) -> UInt32 {
            UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
        }
        let sectorShift = u16(0x1E)
        let miniShift = u16(0x20)
        guard sectorShift == 9 || sectorShift == 12, miniShift == 6 else { throw fail(.corrupt("扇区大小无效")) }
        let sectorSize = 1 << sectorShift
        self.sectorSize = sectorSize
        miniSectorSize = 1 << miniShift
        miniCutoff = UInt64(u32(0x38))
        // Sectors after the header (the last may be cut short).
        let sectorCount = bytes.count > sectorSize ? (bytes.count - 1) / sectorSize : 0
        func sectorOffset(_ sector: UInt32) throws -> Int {
            let offset = (Int(sector) + 1) * sectorSize
            guard Int(sector) < sectorCount, offset < bytes.count else {
                throw fail(.corrupt("扇区 \(sector) 超出文件范围"))
            }
            return offset
        }
        func sectorWords(_ sector: UInt32) throws -> [UInt32] {
            let offset = try sectorOffset(sector)
            let end = min(offset + sectorSize, bytes.count)
            return stride(from: offset, to: end - 3, by: 4).map(u32)
        }
        // The FAT's sectors: 109 listed in the header, the rest in the DIFAT chain.
        var fatSectors: [UInt32] = (0..<109).map { u32(0x4C + $0 * 4) }.filter { $0 < 0xFFFF_FFFA }
        var difat = u32(0x44)
        var visited = Set<UInt32>()
        while difat < 0xFFFF_FFFA {
            guard visited.insert(difat).inserted, visited.count <= sectorCount else { throw fail(.corrupt("DIFAT 链循环")) }
            let words = try sectorWords(difat)
            fatSectors += words.dropLast().filter { $0 < 0xFFFF_FFFA }
            difat = words.last ?? Self.endOfChain
        }
        guard fatSectors.count <= sectorCount else { throw fail(.corrupt("FAT 扇区数超出文件范围")) }
        var fat: [UInt32] = []
        fat.reserveCapacity(fatSectors.count * sectorSize / 4)
        for sector in fatSectors { fat += try sectorWords(sector) }
        self.fat = fat
        /// A chain's sectors, in order; a loop, a free or out-of-range link is an error.
        func chain(_ start: UInt32, in table: [UInt32], limit: Int, what: String) throws -> [UInt32] {
            var sectors: [UInt32] = []
            var seen = Set<UInt32>()
            var current = start
            while current != Self.endOfChain {
                guard current < 0xFFFF_FFFA, Int(current) < table.count else { throw fail(.corrupt("\(what)链指向无效扇区 \(current)")) }
                guard seen.insert(current).inserted, sectors.count < limit else { throw fail(.corrupt("\(what)链循环")) }
                sectors.append(current)
                current = table[Int(current)]
            }
            return sectors
        }
        func read(_ sectors: [UInt32]) throws -> [UInt8] {
            var data: [UInt8] = []
            data.reserveCapacity(sectors.count * sectorSize)
            for sector in sectors {
                let offset = try sectorOffset(sector)
                data += bytes[offset..<min(offset + sectorSize, bytes.count)]
            }
            return data
        }
        // Directory.
        let directory = try read(chain(u32(0x30), in: fat, limit: sectorCount, what: "目录"))
        var entries: [CompoundFileEntry] = []
        for offset in stride(from: 0, to: directory.count - 127, by: 128) {
            guard entries.count < Self.maxEntries else { throw fail(.limitExceeded("目录项超过 \(Self.maxEntries) 个")) }
            let nameLength = min(Int(directory[offset + 0x40]) | Int(directory[offset + 0x41]) << 8, 64)
            var units: [UInt16] = []
            for index in stride(from: 0, to: max(nameLength - 2, 0), by: 2) {
                units.append(UInt16(directory[offset + index]) | UInt16(directory[offset + index + 1]) << 8)
            }
            let kind = CompoundFileEntry.Kind(rawValue: directory[offset + 0x42]) ?? .unknown
            let start = UInt32(directory[offset + 0x74]) | UInt32(directory[offset + 0x75]) << 8 | UInt32(directory[offset + 0x76]) << 16
                | UInt32(directory[offset + 0x77]) << 24
            var size: UInt64 = 0
            for index in 0..<(sectorShift == 9 ? 4 : 8) { size |= UInt64(directory[offset + 0x78 + index]) << (8 * UInt64(index)) }
            entries.append(CompoundFileEntry(name: String(decoding: units, as: UTF16.self), kind: kind, start: start, size: size))
        }
        self.entries = entries
        // The mini stream lives in the root entry's chain; small streams are read through the mini FAT.
        var miniFAT: [UInt32] = []
        let miniFATStart = u32(0x3C)
        if miniFATStart < 0xFFFF_FFFA {
            for sector in try chain(miniFATStart, in: fat, limit: sectorCount, what: "MiniFAT") { miniFAT += try sectorWords(sector) }
        }
        self.miniFAT = miniFAT
        if let root = entries.first(where: { $0.kind == .root }), root.start < 0xFFFF_FFFA {
            var stream = try read(chain(root.start, in: fat, limit: sectorCount, what: "Mini 流"))
            if UInt64(stream.count) > root.size { stream.removeLast(stream.count - Int(root.size)) }
            miniStream = stream
        } else {
            miniStream = []
        }
    }

    /// The stream entry named `name` (compared case-insensitively, as Office does).
    public func entry(named name: String) -> CompoundFileEntry? {
        let wanted = name.lowercased()
        return entries.first { $0.kind == .stream && $0.name.lowercased() == wanted }
    }

    /// The whole content of a stream.
    public func read(_ entry: CompoundFileEntry) throws -> [UInt8] {
        func fail(_ kind: CompoundFileError.Kind) -> CompoundFileError { CompoundFileError(file: fileName, stream: entry.name, kind) }
        guard entry.size <= UInt64(bytes.count) * 2 else { throw fail(.corrupt("数据流长度 \(entry.size) 超过文件大小")) }
        let size = Int(entry.size)
        let small = entry.size < miniCutoff
        let table = small ? miniFAT : fat
        let unit = small ? miniSectorSize : sectorSize
        var data: [UInt8] = []
        data.reserveCapacity(size)
        var current = entry.start
        var seen = Set<UInt32>()
        while data.count < size {
            guard current != Self.endOfChain else { throw fail(.truncated("数据流在 \(data.count) 字节处结束")) }
            guard current < 0xFFFF_FFFA, Int(current) < table.count else { throw fail(.corrupt("指向无效扇区 \(current)")) }
            guard seen.insert(current).inserted else { throw fail(.corrupt("扇区链循环")) }
            // A run of consecutive sectors (how writers lay streams out) is copied at once.
            var run = 1
            while data.count + run * unit < size, Int(current) + run < table.count, table[Int(current) + run - 1] == current + UInt32(run),
                  seen.insert(current + UInt32(run)).inserted {
                run += 1
            }
            let offset = small ? Int(current) * unit : (Int(current) + 1) * unit
            let source = small ? miniStream : bytes
            let wanted = min(run * unit, size - data.count)
            // Only a stream's very end may be cut by the end of the file (writers pad the last sector, some do not).
            guard offset < source.count, offset + wanted <= source.count || data.count + run * unit >= size else {
                throw fail(.truncated("扇区 \(current) 超出文件范围"))
            }
            data += source[offset..<min(offset + wanted, source.count)]
            current = table[Int(current) + run - 1]
        }
        return data
    }

    /// The content of the stream named `name`.
    public func read(named name: String) throws -> [UInt8] {
        guard let entry = entry(named: name) else { throw CompoundFileError(file: fileName, stream: name, .streamNotFound) }
        return try read(entry)
    }
}
