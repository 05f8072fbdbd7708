// Writes zip archives: deflate or stored entries, streaming, fixed timestamps, ZIP64 only when needed.
import Dispatch

/// Writes a zip archive into a `ZipSink`. Entries are written in the order added; with the default fixed
/// timestamp the same entries give the same bytes.
public final class ZipWriter {
    public struct Options: Sendable {
        /// zlib level 0–9 (6 by default, 1 for speed).
        public var level: Int = 6
        /// MS-DOS time and date written for every entry (1980-01-01 00:00 by default).
        public var dosTime: UInt16 = 0
        public var dosDate: UInt16 = (0 << 9) | (1 << 5) | 1
        public init(level: Int = 6) { self.level = level }
    }

    private struct Written {
        var name: [UInt8]
        var method: UInt16
        var crc: UInt32
        var compressed: UInt64
        var uncompressed: UInt64
        var offset: UInt64
    }

    private let sink: ZipSink
    private let options: Options
    private var written: [Written] = []
    private var names: Set<String> = []
    private var finished = false

    public init(sink: ZipSink, options: Options = Options()) {
        self.sink = sink
        self.options = options
    }

    /// An entry's bytes as they go into the archive: deflated (or stored), with the CRC and size of the original.
    /// Prepared once, it can be added to any number of archives (a part every file of a batch shares).
    public struct PreparedEntry: Sendable {
        public let method: UInt16
        public let payload: [UInt8]
        public let crc: UInt32
        public let uncompressedCount: Int

        /// `data` deflated at `level`; tiny or incompressible data is stored rather than deflated.
        public init(_ data: [UInt8], level: Int) throws {
            var compressed: [UInt8] = []
            if data.count > 64 && level > 0 {
                compressed.reserveCapacity(data.count / 3)
                let deflater = try Deflater(level: level)
                try data.withUnsafeBytes { try deflater.compress($0, finish: true) { compressed.append(contentsOf: $0) } }
            }
            let store = compressed.isEmpty || compressed.count >= data.count
            method = store ? 0 : 8
            payload = store ? data : compressed
            crc = CRC32.checksum(data)
            uncompressedCount = data.count
        }
    }

    /// The zlib level entries are deflated at unless `add` says otherwise.
    public var level: Int { options.level }

    /// Adds a whole entry. Tiny or incompressible data is stored rather than deflated.
    public func add(_ name: String, _ data: [UInt8], level: Int? = nil) throws {
        try add(name, prepared: PreparedEntry(data, level: level ?? options.level))
    }

    /// Adds an entry prepared before (the same bytes `add` would write for its data).
    public func add(_ name: String, prepared entry: PreparedEntry) throws {
        let offset = try beginEntry(name)
        try entry.payload.withUnsafeBytes { try sink.write($0) }
        try endEntry(name: name, method: entry.method, crc: entry.crc,
                     compressed: UInt64(entry.payload.count), uncompressed: UInt64(entry.uncompressedCount), offset: offset)
    }

    /// Adds an entry whose bytes `produce` writes chunk by chunk through the given writer (deflated).
    /// With `concurrent`, CRC and deflate run on a second thread while `produce` goes on.
    public func addStreaming(_ name: String, level: Int? = nil, concurrent: Bool = false, _ produce: (ZipEntryWriter) throws -> Void) throws {
        let offset = try beginEntry(name)
        let entryWriter = try ZipEntryWriter(sink: sink, level: level ?? options.level, concurrent: concurrent)
        do {
            try produce(entryWriter)
        } catch {
            entryWriter.abandon()
            throw error
        }
        try entryWriter.finish()
        try endEntry(name: name, method: entryWriter.method, crc: entryWriter.crc.value,
                     compressed: entryWriter.compressedCount, uncompressed: entryWriter.uncompressedCount, offset: offset)
    }

    private func beginEntry(_ name: String) throws -> UInt64 {
        guard !finished else { throw ZipError(file: "<zip>", entry: name, .invalidArgument("archive already finished")) }
        guard !name.isEmpty, names.insert(ZipEntry.lookupKey(name)).inserted else {
            throw ZipError(file: "<zip>", entry: name, .invalidArgument("重复或空的条目名"))
        }
        let offset = sink.position
        let nameBytes = Array(name.utf8)
        var header = LittleEndian()
        header.u32(CentralDirectory.localSignature)
        header.u16(20)
        header.u16(nameBytes.contains { $0 >= 0x80 } ? 0x0800 : 0)
        header.u16(8)  // method, patched
        header.u16(options.dosTime)
        header.u16(options.dosDate)
        header.u32(0)  // crc, patched
        header.u32(0)  // compressed, patched
        header.u32(0)  // uncompressed, patched
        header.u16(UInt16(nameBytes.count))
        header.u16(0)
        header.bytes.append(contentsOf: nameBytes)
        try header.bytes.withUnsafeBytes { try sink.write($0) }
        return offset
    }

    private func endEntry(name: String, method: UInt16, crc: UInt32, compressed: UInt64, uncompressed: UInt64, offset: UInt64) throws {
        guard compressed < 0xFFFF_FFFF, uncompressed < 0xFFFF_FFFF else {
            throw ZipError(file: "<zip>", entry: name, .limitExceeded("单个条目超过 4 GiB"))
        }
        var patch = LittleEndian()
        patch.u16(method)
        try sink.patch(at: offset + 8, patch.bytes)
        patch = LittleEndian()
        patch.u32(crc)
        patch.u32(UInt32(compressed))
        patch.u32(UInt32(uncompressed))
        try sink.patch(at: offset + 14, patch.bytes)
        written.append(Written(name: Array(name.utf8), method: method, crc: crc, compressed: compressed,
                               uncompressed: uncompressed, offset: offset))
    }

    /// Writes the central directory. No entry can be added afterwards.
    public func finish() throws {
        guard !finished else { return }
        finished = true
        let directoryStart = sink.position
        for entry in written {
            let needs64 = entry.offset >= 0xFFFF_FFFF
            var record = LittleEndian()
            record.u32(CentralDirectory.centralSignature)
            record.u16(needs64 ? 45 : 20)
            record.u16(needs64 ? 45 : 20)
            record.u16(entry.name.contains { $0 >= 0x80 } ? 0x0800 : 0)
            record.u16(entry.method)
            record.u16(options.dosTime)
            record.u16(options.dosDate)
            record.u32(entry.crc)
            record.u32(UInt32(entry.compressed))
            record.u32(UInt32(entry.uncompressed))
            record.u16(UInt16(entry.name.count))
            record.u16(needs64 ? 12 : 0)
            record.u16(0)
            record.u16(0)
            record.u16(0)
            record.u32(0)
            record.u32(needs64 ? 0xFFFF_FFFF : UInt32(entry.offset))
            record.bytes.append(contentsOf: entry.name)
            if needs64 {
                record.u16(0x0001)
                record.u16(8)
                record.u64(entry.offset)
            }
            try record.bytes.withUnsafeBytes { try sink.write($0) }
        }
        let directorySize = sink.position - directoryStart
        let needs64 = written.count >= 0xFFFF || directoryStart >= 0xFFFF_FFFF || directorySize >= 0xFFFF_FFFF
        var tail = LittleEndian()
        if needs64 {
            let record64 = sink.position
            tail.u32(CentralDirectory.eocd64Signature)
            tail.u64(44)
            tail.u16(45)
            tail.u16(45)
            tail.u32(0)
            tail.u32(0)
            tail.u64(UInt64(written.count))
            tail.u64(UInt64(written.count))
            tail.u64(directorySize)
            tail.u64(directoryStart)
            tail.u32(CentralDirectory.eocd64LocatorSignature)
            tail.u32(0)
            tail.u64(record64)
            tail.u32(1)
        }
        tail.u32(CentralDirectory.eocdSignature)
        tail.u16(0)
        tail.u16(0)
        tail.u16(UInt16(min(written.count, 0xFFFF)))
        tail.u16(UInt16(min(written.count, 0xFFFF)))
        tail.u32(UInt32(min(directorySize, 0xFFFF_FFFF)))
        tail.u32(UInt32(min(directoryStart, 0xFFFF_FFFF)))
        tail.u16(0)
        try tail.bytes.withUnsafeBytes { try sink.write($0) }
        if let file = sink as? FileSink { try file.flush() }
    }

    /// Builds a whole archive in memory from (name, bytes) pairs.
    public static func archive(_ entries: [(String, [UInt8])], options: Options = Options()) throws -> [UInt8] {
        let sink = MemorySink()
        let writer = ZipWriter(sink: sink, options: options)
        for (name, data) in entries { try writer.add(name, data) }
        try writer.finish()
        return sink.bytes
    }
}

/// Receives one entry's bytes chunk by chunk and deflates them straight into the archive, on this thread or,
/// when concurrent, on a second one fed through a bounded pipe.
public final class ZipEntryWriter {
    private let sink: ZipSink
    private let deflater: Deflater?
    fileprivate var crc = CRC32()
    fileprivate private(set) var compressedCount: UInt64 = 0
    fileprivate private(set) var uncompressedCount: UInt64 = 0
    fileprivate var method: UInt16 { deflater == nil ? 0 : 8 }
    private var pipe: ChunkPipe?
    private var worker: DispatchGroup?
    private var workerError: Error?

    fileprivate init(sink: ZipSink, level: Int, concurrent: Bool) throws {
        self.sink = sink
        deflater = level > 0 ? try Deflater(level: level) : nil
        if concurrent { startWorker() }
    }

    private func startWorker() {
        let pipe = ChunkPipe(capacity: 8)
        let group = DispatchGroup()
        self.pipe = pipe
        worker = group
        group.enter()
        struct Unchecked: @unchecked Sendable { let writer: ZipEntryWriter }
        let box = Unchecked(writer: self)
        DispatchQueue.global(qos: .userInitiated).async {
            defer { group.leave() }
            do {
                while let chunk = try pipe.take() {
                    try chunk.withUnsafeBytes { try box.writer.process($0) }
                }
                try box.writer.finishDeflate()
            } catch {
                box.writer.workerError = error
                pipe.cancel()
            }
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        if let pipe {
            do { try pipe.put(Array(bytes)) } catch { throw workerError ?? error }
            return
        }
        try process(bytes)
    }

    public func write(_ bytes: [UInt8]) throws {
        if let pipe {
            do { try pipe.put(bytes) } catch { throw workerError ?? error }
            return
        }
        try bytes.withUnsafeBytes { try process($0) }
    }

    private func process(_ bytes: UnsafeRawBufferPointer) throws {
        crc.update(bytes)
        uncompressedCount += UInt64(bytes.count)
        if let deflater {
            try deflater.compress(bytes, finish: false) { chunk in
                compressedCount += UInt64(chunk.count)
                try sink.write(chunk)
            }
        } else {
            compressedCount += UInt64(bytes.count)
            try sink.write(bytes)
        }
    }

    private func finishDeflate() throws {
        guard let deflater else { return }
        try deflater.compress(UnsafeRawBufferPointer(start: nil, count: 0), finish: true) { chunk in
            compressedCount += UInt64(chunk.count)
            try sink.write(chunk)
        }
    }

    fileprivate func finish() throws {
        if let pipe, let worker {
            pipe.finish(nil)
            worker.wait()
            if let workerError { throw workerError }
            return
        }
        try finishDeflate()
    }

    /// Stops the worker after the producer failed.
    fileprivate func abandon() {
        guard let pipe, let worker else { return }
        pipe.finish(nil)
        worker.wait()
    }
}

struct LittleEndian {
    var bytes: [UInt8] = []
    mutating func u16(_ value: UInt16) { bytes.append(UInt8(value & 0xFF)); bytes.append(UInt8(value >> 8)) }
    mutating func u32(_ value: UInt32) { u16(UInt16(value & 0xFFFF)); u16(UInt16(value >> 16)) }
    mutating func u64(_ value: UInt64) { u32(UInt32(value & 0xFFFF_FFFF)); u32(UInt32(value >> 32)) }
}
