// The File Information Block of a Word 97–2003 document ([MS-DOC] 2.5): where the text, the piece table and the
// paragraph properties are, and whether the file is encrypted.

/// Little-endian reads that return nil past the end, so that a short or hostile stream is an error, never a trap.
struct LittleEndianBytes {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var count: Int { bytes.count }

    func u8(_ offset: Int) -> Int? {
        offset >= 0 && offset < bytes.count ? Int(bytes[offset]) : nil
    }

    func u16(_ offset: Int) -> Int? {
        guard offset >= 0, offset <= bytes.count - 2 else { return nil }
        return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
    }

    func i16(_ offset: Int) -> Int? {
        u16(offset).map { Int(Int16(truncatingIfNeeded: $0)) }
    }

    func u32(_ offset: Int) -> Int? {
        guard offset >= 0, offset <= bytes.count - 4 else { return nil }
        return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16 | Int(bytes[offset + 3]) << 24
    }

    /// Whether `offset..<offset + length` lies inside the bytes.
    func contains(_ offset: Int, length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= bytes.count && length <= bytes.count - offset
    }
}

/// Why a Word binary document cannot be read: a refusal of what it is (encrypted, an older format) or damage.
struct WordBinaryError: Error {
    enum Kind {
        /// The file is a kind the reader does not read; the message says what it is and what to do.
        case refused(String)
        /// The file is encrypted: the message names how, and what to do.
        case encrypted(String)
        /// The file is damaged: the message names what is wrong.
        case corrupt(String)
    }
    var kind: Kind
    var stream: String?

    static func refused(_ message: String) -> WordBinaryError { WordBinaryError(kind: .refused(message)) }
    static func corrupt(_ message: String, stream: String? = "WordDocument") -> WordBinaryError {
        WordBinaryError(kind: .corrupt(message), stream: stream)
    }
}

/// The parts of the FIB the reader uses.
struct WordFIB {
    /// Word 97's FIB version; Word 6.0/95 and older write less (`0x0065`–`0x0068`), in another layout.
    static let word97 = 0x00C1
    static let identifier = 0xA5EC

    var nFib: Int
    var isComplex: Bool
    var isEncrypted: Bool
    var isObfuscated: Bool
    /// `1Table` when set, else `0Table`.
    var usesTable1: Bool
    /// Characters of the main document (the text before footnotes, headers, comments…).
    var ccpText = 0
    var clx = (offset: 0, length: 0)
    var plcfBtePapx = (offset: 0, length: 0)
    var plcfBteChpx = (offset: 0, length: 0)
    var plcfSed = (offset: 0, length: 0)

    var tableStreamName: String { usesTable1 ? "1Table" : "0Table" }

    /// Reads the FIB at the start of the WordDocument stream: FibBase, then the counted arrays `fibRgW`, `fibRgLw`
    /// and `fibRgFcLcbBlob`, each located through its count rather than at a fixed offset.
    init(_ stream: LittleEndianBytes) throws {
        guard let ident = stream.u16(0), let nFib = stream.u16(2), let flags = stream.u16(0x0A) else {
            throw WordBinaryError.corrupt("文件信息块（FIB）不完整")
        }
        if ident == 0xA5DC || ident == 0xA699 || ident == 0xA697 {
            throw WordBinaryError.refused("这是 Word 6.0/95 或更早版本的文档，无法读取；请在 Word/WPS 中打开后另存为 .docx")
        }
        guard ident == WordFIB.identifier else {
            throw WordBinaryError.corrupt("文件信息块（FIB）的标识 \(String(ident, radix: 16, uppercase: true)) 不是 Word 文档的 A5EC")
        }
        self.nFib = nFib
        isComplex = flags & 0x0004 != 0
        isEncrypted = flags & 0x0100 != 0
        usesTable1 = flags & 0x0200 != 0
        isObfuscated = flags & 0x8000 != 0
        // Encryption is judged first: only the FibBase of an encrypted file is in clear, the rest of the FIB is not.
        if isEncrypted { return }
        if nFib < 0x00C0 {
            throw WordBinaryError.refused("这是 Word 6.0/95 或更早版本的文档（FIB 版本 \(nFib)），无法读取；请在 Word/WPS 中打开后另存为 .docx")
        }
        var position = 32
        guard let csw = stream.u16(position) else { throw WordBinaryError.corrupt("文件信息块（FIB）不完整") }
        position += 2 + csw * 2
        guard let cslw = stream.u16(position) else { throw WordBinaryError.corrupt("文件信息块（FIB）不完整") }
        let longs = position + 2
        position = longs + cslw * 4
        guard let cbRgFcLcb = stream.u16(position) else { throw WordBinaryError.corrupt("文件信息块（FIB）不完整") }
        let pairs = position + 2
        // ccpText is fibRgLw97's fourth value; fcClx/lcbClx the 34th pair of FibRgFcLcb97.
        guard cslw >= 4, cbRgFcLcb >= 34, let ccpText = stream.u32(longs + 12) else {
            throw WordBinaryError.corrupt("文件信息块（FIB）不完整")
        }
        self.ccpText = ccpText
        func pair(_ index: Int) -> (offset: Int, length: Int) {
            guard index < cbRgFcLcb, let offset = stream.u32(pairs + index * 8), let length = stream.u32(pairs + index * 8 + 4) else { return (0, 0) }
            return (offset, length)
        }
        plcfSed = pair(6)
        plcfBteChpx = pair(12)
        plcfBtePapx = pair(13)
        clx = pair(33)
    }
}

/// One piece of the document's text ([MS-DOC] 2.9.177 Pcd): characters `cpStart..<cpEnd` stored from `fc` in the
/// WordDocument stream, one byte each (compressed, cp1252) or two (UTF-16LE).
struct WordPiece {
    var cpStart: Int
    var cpEnd: Int
    /// The byte offset of the piece's first character in the WordDocument stream.
    var fc: Int
    var compressed: Bool

    /// The byte offset of character `cp` (inside the piece).
    func offset(of cp: Int) -> Int { fc + (cp - cpStart) * (compressed ? 1 : 2) }
}

/// The piece table (the Pcdt of the Clx, [MS-DOC] 2.9.38): Prc entries (formatting of fast-saved files) skipped.
enum WordPieceTable {
    static let maxPieces = 1 << 20

    static func read(clx table: LittleEndianBytes, at range: (offset: Int, length: Int), streamSize: Int) throws -> [WordPiece] {
        guard range.length > 0, table.contains(range.offset, length: range.length) else {
            throw WordBinaryError.corrupt("片段表（Clx）超出表流 \(range.offset)+\(range.length)", stream: nil)
        }
        var position = range.offset
        let end = range.offset + range.length
        // Prc: clxt 0x01, a 16-bit size, that many bytes of grpprl; as many as there are, each at least 3 bytes.
        while position < end, table.bytes[position] == 0x01 {
            guard let size = table.i16(position + 1), size >= 0 else { throw WordBinaryError.corrupt("片段表（Clx）的 Prc 长度无效", stream: nil) }
            position += 3 + size
        }
        guard position < end, table.bytes[position] == 0x02, let length = table.u32(position + 1) else {
            throw WordBinaryError.corrupt("片段表（Clx）中没有 Pcdt", stream: nil)
        }
        let plc = position + 5
        guard length >= 16, (length - 4) % 12 == 0, plc + length <= end, table.contains(plc, length: length) else {
            throw WordBinaryError.corrupt("片段表（PlcPcd）长度 \(length) 无效", stream: nil)
        }
        let count = (length - 4) / 12
        guard count <= maxPieces else { throw WordBinaryError.corrupt("片段表有 \(count) 个片段，超出读取限制", stream: nil) }
        var pieces: [WordPiece] = []
        pieces.reserveCapacity(count)
        let descriptors = plc + (count + 1) * 4
        for index in 0..<count {
            let cpStart = table.u32(plc + index * 4)!
            let cpEnd = table.u32(plc + index * 4 + 4)!
            let raw = table.u32(descriptors + index * 8 + 2)!
            guard cpEnd >= cpStart, index == 0 || cpStart >= pieces[index - 1].cpEnd else {
                throw WordBinaryError.corrupt("片段表的字符位置不是递增的（第 \(index + 1) 个片段）", stream: nil)
            }
            let compressed = raw & 0x4000_0000 != 0
            let fc = compressed ? (raw & 0x3FFF_FFFF) / 2 : raw & 0x3FFF_FFFF
            let piece = WordPiece(cpStart: cpStart, cpEnd: cpEnd, fc: fc, compressed: compressed)
            let bytes = (cpEnd - cpStart) * (compressed ? 1 : 2)
            guard fc <= streamSize, bytes <= streamSize - fc else {
                throw WordBinaryError.corrupt("片段表指向 WordDocument 流之外（第 \(index + 1) 个片段，偏移 \(fc)，\(bytes) 字节；流长 \(streamSize)）")
            }
            pieces.append(piece)
        }
        return pieces
    }

    /// cp1252's meaning of the bytes 0x80–0x9F in a compressed piece ([MS-DOC] 2.4.1); the others are Latin-1.
    static let cp1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}
