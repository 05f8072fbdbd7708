// Why an archive could not be opened or changed, in sentences that name the database file.

/// An archive that cannot be used as asked. Every case names the database file; none leaves it half changed.
public struct ArchiveError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Written by a newer nianbao: its schema version is above the one this program knows.
        case newerSchema(found: Int, supported: Int)
        /// A SQLite file of some other program, or no SQLite file at all.
        case notAnArchive(String)
        /// Another process held the archive for longer than the wait allowed.
        case busy(seconds: Double)
        /// The database refused (disk full, read-only, damaged): SQLite's own words.
        case database(String)
        /// A stored row that this program cannot make a report of.
        case damaged(String)
        /// A file over the size the archive keeps.
        case tooLarge(bytes: Int, limit: Int)
        /// No report in the archive matches what was asked.
        case notFound(String)
        /// The archive file does not exist (a command that only reads it was given a wrong name).
        case missing
    }

    public var file: String
    public var kind: Kind

    public init(file: String, _ kind: Kind) {
        self.file = file
        self.kind = kind
    }

    public var description: String {
        switch kind {
        case .newerSchema(let found, let supported):
            return "档案 \(file) 由更新版本的 nianbao 建立（结构版本 \(found)，本程序只认识到 \(supported)），未打开也未改动；请升级 nianbao 后再用"
        case .notAnArchive(let why):
            return "\(file) 不是 nianbao 档案：\(why)"
        case .busy(let seconds):
            return "档案 \(file) 正被另一个程序写入，等待 \(Int(seconds)) 秒后仍未空出，本次未写入；请稍后再试"
        case .database(let message):
            return "档案 \(file) 无法写入或读取：\(message)"
        case .damaged(let what):
            return "档案 \(file) 中的记录无法读取：\(what)"
        case .tooLarge(let bytes, let limit):
            return "文件有 \(bytes >> 20) MB，超过档案收存的上限 \(limit >> 20) MB，未收入 \(file)"
        case .notFound(let what):
            return "档案 \(file) 中没有\(what)"
        case .missing:
            return "档案 \(file) 不存在；请先用 nianbao archive add … --db \(file) 建立"
        }
    }
}
