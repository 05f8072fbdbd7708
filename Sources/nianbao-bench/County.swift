// `nianbao-bench county DIR`: a mixed county (make-county.py --mixed) checked per format beside each format's floor.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What one measured command cost: wall seconds, CPU seconds, the peak RSS of the process and everything it waited
/// for (wait4 folds in its children: nianbao's PDF workers count), and instructions when a counter was asked for.
struct Cost {
    var wall = 0.0
    var cpu = 0.0
    var peakKB = 0
    var instructions: Int?
    var failed = false

    mutating func add(_ other: Cost) {
        wall += other.wall
        cpu += other.cpu
        peakKB = max(peakKB, other.peakKB)
        if let more = other.instructions { instructions = (instructions ?? 0) + more }
        failed = failed || other.failed
    }
}

enum County {
    /// How instructions are counted: perf when the kernel lets it count, else callgrind when asked (`--callgrind`:
    /// each command runs once more under valgrind, children traced), else not at all.
    enum Counter { case none, perf, callgrind }

    static let usage = "usage: nianbao-bench county FOLDER [--floor BINARY] [--callgrind]   (FOLDER from make-county.py N FOLDER --mixed)"

    static func run(_ arguments: ArraySlice<String>) {
        guard let folder = arguments.first else { fail(usage) }
        var floor: String?
        var wantCallgrind = false
        var rest = arguments.dropFirst()
        while let option = rest.popFirst() {
            switch option {
            case "--floor": floor = rest.popFirst()
            case "--callgrind": wantCallgrind = true
            default: fail(usage)
            }
        }
        let counter: Counter = perfCounts() ? .perf : wantCallgrind ? .callgrind : .none
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
        var nianbao = here + "/nianbao"
        guard FileManager.default.isExecutableFile(atPath: nianbao) else { fail("\(nianbao) not built (swift build -c release --product nianbao)") }
        if counter == .callgrind { nianbao = strippedCopy(nianbao) }
        let kinds = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
            .filter { isFolder(folder + "/" + $0) }
        guard !kinds.isEmpty else { fail("\(folder): no format folders (make-county.py N \(folder) --mixed)") }

        print("county \(folder): nianbao check --quiet --jobs 1 per format folder, floors beside (one core each)")
        print("instructions: " + ["none" : "not counted (perf cannot count here; --callgrind counts under valgrind)",
                                  "perf": "perf stat -e instructions:u", "callgrind": "valgrind --tool=callgrind --trace-children=yes"][
                                    counter == .none ? "none" : counter == .perf ? "perf" : "callgrind"]!)
        let header = ["format", "files", "ours s", "floor s", "ratio", "ours G instr", "floor G instr", "ratio", "ours MB", "floor MB", "floor"]
        var rows: [[String]] = []
        var oursWithFloor = Cost(), floors = Cost()
        var kindsWithFloor: [String] = []
        for kind in kinds {
            let path = folder + "/" + kind
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 }
            let ours = measure([nianbao, "check", path, "--quiet", "--jobs", "1"], counter: counter)
            let (floorName, floorCost) = floorOf(kind: kind, folder: path, files: files, floor: floor, counter: counter)
            if let floorCost {
                oursWithFloor.add(ours)
                floors.add(floorCost)
                kindsWithFloor.append(kind)
            }
            rows.append(row(kind, files.count, ours, floorCost, floorName))
        }
        // A county checks its inbox in one run: the format folders named one by one (a folder of links to them, as
        // `mixed-1000-nopdf` is, would not be walked: links to folders are not followed).
        func files(_ kinds: [String]) -> Int {
            kinds.reduce(0) { $0 + (((try? FileManager.default.contentsOfDirectory(atPath: folder + "/" + $1)) ?? []).count) }
        }
        let oneRunWithFloor = measure([nianbao, "check"] + kindsWithFloor.map { folder + "/" + $0 } + ["--quiet", "--jobs", "1"], counter: counter)
        let total = measure([nianbao, "check"] + kinds.map { folder + "/" + $0 } + ["--quiet", "--jobs", "1"], counter: counter)
        rows.append(row("formats with a floor", nil, oursWithFloor, floors, "sum of the floors above"))
        rows.append(row("the same files, one run", files(kindsWithFloor), oneRunWithFloor, floors, "sum of the floors above"))
        rows.append(row("whole county, one run", files(kinds), total, nil, ""))
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        for line in [header] + rows {
            print(line.indices.map { column in
                column == 0 || column == line.count - 1 ? line[column].padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - line[column].count) + line[column]
            }.joined(separator: "  "))
        }
        if counter == .callgrind { unlink(nianbao) }
    }

    private static func row(_ name: String, _ files: Int?, _ ours: Cost, _ floor: Cost?, _ floorName: String) -> [String] {
        func seconds(_ cost: Cost?) -> String { cost.map { String(format: "%.3f", $0.wall) + ($0.failed ? "!" : "") } ?? "—" }
        func giga(_ cost: Cost?) -> String { cost?.instructions.map { String(format: "%.3f", Double($0) / 1e9) } ?? "—" }
        func mb(_ cost: Cost?) -> String { cost.map { String(format: "%.0f", Double($0.peakKB) / 1024) } ?? "—" }
        let wallRatio = floor.map { String(format: "%.2f×", ours.wall / max($0.wall, 1e-9)) } ?? "—"
        var instructionRatio = "—"
        if let mine = ours.instructions, let theirs = floor?.instructions, theirs > 0 {
            instructionRatio = String(format: "%.2f×", Double(mine) / Double(theirs))
        }
        return [name, files.map(String.init) ?? "", seconds(ours), seconds(floor), wallRatio, giga(ours), giga(floor), instructionRatio,
                mb(ours), mb(floor), floorName]
    }

    /// The floor of one format folder: what any reader of that format must at least do.
    private static func floorOf(kind: String, folder: String, files: [String], floor: String?, counter: Counter) -> (String, Cost?) {
        if kind.hasPrefix("csv") {
            let encoding = kind.hasSuffix("gb18030") ? "GB18030" : kind.hasSuffix("utf16") ? "UTF-16" : "UTF-8"
            return ("iconv -f \(encoding) -t UTF-8", measure(["/usr/bin/iconv", "-f", encoding, "-t", "UTF-8"] + files, counter: counter))
        }
        if kind == "pdf" {
            guard let pdftotext = which("pdftotext") else { return ("pdftotext missing", nil) }
            var cost = Cost()
            for file in files { cost.add(measure([pdftotext, "-bbox-layout", file, "/dev/null"], counter: counter)) }
            return ("pdftotext -bbox-layout, per file", cost)
        }
        let zipped = kind.hasPrefix("xlsx") ? "xlsx" : ["docx", "ods", "odt", "html"].contains(kind) ? kind : nil
        guard let zipped else { return ("none", nil) }
        guard let floor else { return ("--floor not given", nil) }
        let what = zipped == "html" ? "libxml2 HTML push parse, empty SAX" : "inflate + empty SAX2 (libxml2_floor.c)"
        return (what, measure([floor, "--batch", folder, zipped], counter: counter))
    }

    /// Runs `argv` with its output discarded; wall time from here, CPU from wait4, the peak RSS from GNU time: a
    /// child spawned from this process starts with this process's high-water mark, one forked by `time` with
    /// time's own (about 2 MB).
    static func measure(_ argv: [String], counter: Counter) -> Cost {
        let peak = temporaryPath("time")
        var cost = spawn(["/usr/bin/time", "-f", "%M", "-o", peak] + argv)
        cost.peakKB = (try? String(contentsOfFile: peak, encoding: .utf8)).flatMap { text in
            text.split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        } ?? cost.peakKB
        unlink(peak)
        switch counter {
        case .none: break
        case .perf:
            let out = temporaryPath("perf")
            let counted = spawn(["/usr/bin/env", "perf", "stat", "-x", ",", "-o", out, "-e", "instructions:u", "--"] + argv)
            cost.instructions = (try? String(contentsOfFile: out, encoding: .utf8)).flatMap(perfInstructions)
            cost.failed = cost.failed || counted.failed
            unlink(out)
        case .callgrind:
            let logs = temporaryPath("callgrind")
            mkdir(logs, 0o700)
            _ = spawn(["/usr/bin/env", "valgrind", "--tool=callgrind", "--trace-children=yes", "--log-file=\(logs)/log.%p",
                       "--callgrind-out-file=\(logs)/out.%p"] + argv)
            var total = 0
            for name in (try? FileManager.default.contentsOfDirectory(atPath: logs)) ?? [] {
                let path = logs + "/" + name
                if name.hasPrefix("log."), let text = try? String(contentsOfFile: path, encoding: .utf8),
                   let line = text.split(separator: "\n").first(where: { $0.contains("Collected :") }),
                   let number = Int(line.split(separator: " ").last.map(String.init) ?? "") {
                    total += number
                }
                unlink(path)
            }
            rmdir(logs)
            cost.instructions = total
        }
        return cost
    }

    private static func spawn(_ argv: [String]) -> Cost {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pointers = argv.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        var pid: pid_t = 0
        let started = DispatchTime.now()
        guard posix_spawn(&pid, argv[0], &actions, nil, &pointers, environ) == 0 else { return Cost(failed: true) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let wall = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        // Exit 1 is `check` finding errors in reports (the county has a few wrong totals); a signal or 64 is a failure.
        let exited = status & 0x7f == 0
        let code = (status >> 8) & 0xff
        return Cost(wall: wall, cpu: cpu, peakKB: usage.ru_maxrss, failed: !exited || code >= 3)
    }

    private static func perfCounts() -> Bool {
        guard which("perf") != nil else { return false }
        let out = temporaryPath("perf")
        defer { unlink(out) }
        _ = spawn(["/usr/bin/env", "perf", "stat", "-x", ",", "-o", out, "-e", "instructions:u", "--", "/bin/true"])
        return (try? String(contentsOfFile: out, encoding: .utf8)).flatMap(perfInstructions) != nil
    }

    /// The count of `perf stat -x ,` output (`12345,,instructions:u,…`); nil for `<not supported>`.
    private static func perfInstructions(_ text: String) -> Int? {
        text.split(separator: "\n").lazy.compactMap { line -> Int? in
            guard line.contains("instructions") else { return nil }
            return Int(line.split(separator: ",", omittingEmptySubsequences: false).first.map(String.init) ?? "")
        }.first
    }

    /// valgrind 3.19 cannot read the DWARF 5 of Swift 6.3: callgrind counts a copy without debug info.
    private static func strippedCopy(_ binary: String) -> String {
        let copy = temporaryPath("nianbao")
        let cost = spawn(["/usr/bin/env", "objcopy", "--strip-debug", binary, copy])
        guard !cost.failed, FileManager.default.fileExists(atPath: copy) else { fail("objcopy --strip-debug \(binary) failed") }
        chmod(copy, 0o755)
        return copy
    }

    private static func which(_ tool: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private static func isFolder(_ path: String) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
    }

    private static func temporaryPath(_ stem: String) -> String {
        NSTemporaryDirectory() + "nianbao-bench-\(stem)-\(getpid())-\(UInt32.random(in: 0 ... .max))"
    }
}
