// libFuzzer harness (differential): the incremental CSV parser fed in blocks must emit exactly the records of
// one whole-buffer parse, for any input and block size, or fail the same way.
func fuzz_csvblocks(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 1 else { return 0 }
    let blockSize = Int(data[0]) % 17 + 1
    let delimiter: UInt8 = [UInt8(ascii: ","), 0x09, UInt8(ascii: ";")][Int(data[1]) % 3]
    let bytes = Array(UnsafeBufferPointer(start: data + 2, count: size - 2))

    var whole: [[[UInt8]]] = []
    var wholeFailed = false
    var parser = CSVParser(delimiter: delimiter)
    do {
        try bytes.withUnsafeBufferPointer { buffer in
            try parser.parse(buffer, fileName: "f") { _, record in whole.append((0..<record.count).map { Array(record[$0]) }) }
        }
    } catch { wholeFailed = true }

    var blocks: [[[UInt8]]] = []
    var blocksFailed = false
    var incremental = CSVParser(delimiter: delimiter)
    var position = 0
    var span = blockSize
    do {
        try bytes.withUnsafeBufferPointer { buffer in
            while true {
                let end = min(buffer.count, position + span)
                let final = end == buffer.count
                let consumed = try incremental.parse(UnsafeBufferPointer(rebasing: buffer[position..<end]), final: final, fileName: "f") { _, record in
                    blocks.append((0..<record.count).map { Array(record[$0]) })
                }
                if final { break }
                if consumed == 0 { span *= 2; continue }
                position += consumed
                span = blockSize
            }
        }
    } catch { blocksFailed = true }

    if wholeFailed != blocksFailed || (!wholeFailed && whole != blocks) {
        fatalError("block parse differs: block \(blockSize), \(whole.count) vs \(blocks.count) records")
    }
    return 0
}
