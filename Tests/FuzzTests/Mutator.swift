import Foundation
import Planning

/// Seeded byte- and line-level mutations of text inputs: the same seed, the same inputs.
struct Mutator {
    var rng: SeededRandom

    init(seed: UInt64) { rng = SeededRandom(seed: seed) }

    /// Tokens that have broken readers before, or might: structure, numbers at the edges, encodings.
    static let tokens: [[UInt8]] = ([
        "\"", "\"\"", ",", ",,", ";", ";;", "=", ":", "\n", "\r", "\r\n", "\n\n", " ", "\t", "", "-", "/", ".", "#",
        "0", "1", "-1", "00", "+5", "1.5", "-0", "0x10", "1e308", "-1e308", "1e-320", "1e400", "NaN", "nan", "inf", "-inf", "Infinity",
        "99999999999999999999", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "2147483648",
        "1000000", "100000", "1441", "3660", "10000",
        "true", "false", "yes", "pin", "forbid", "prefer", "on", "off", "child", "helper", "full", "part", "school", "station", "centre",
        "2026-12-07", "2026/12/9", "2026-02-29", "9999-12-31", "0001-01-01", "12/9/2026", "24:00", "23:59", "00:00", "99:99",
        "é", "李明", "\u{202E}", "\u{FEFF}", "🙂", "e\u{301}", "\u{1F}", "\u{7F}", "\u{85}", "\u{2028}",
        "{", "}", "[", "]", "- ", "&a", "*a", "!!int", "? ", "|", ">", "%", "---", "...", "~", "null", "'",
        "Maximize", "Minimize", "Subject To", "Bounds", "General", "Binary", "End", "<=", ">=", "free", "MARKER", "RHS", "RANGES",
        "BOUNDS", "ENDATA", "UP", "LO", "MI", "PL", "BV", "FR", "FX",
    ] as [String]).map { Array($0.utf8) } + [[0], [0xFF], [0xFE], [0xC3], [0x80], [0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0x00, 0x41]]

    mutating func pick<T>(_ items: [T]) -> T { items[rng.int(0...(items.count - 1))] }

    mutating func token() -> [UInt8] {
        switch rng.int(0...9) {
        case 0: return [UInt8](repeating: UInt8(ascii: "x"), count: rng.int(60...3000))   // a very long field
        case 1: return Array(String(rng.next() >> UInt64(rng.int(0...63))).utf8)          // a number of any size
        case 2: return Array(("-" + String(rng.next() >> UInt64(rng.int(0...63)))).utf8)
        default: return pick(Self.tokens)
        }
    }

    /// The lines of `bytes`, each with its line end.
    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var out = [[UInt8]](), current = [UInt8]()
        for b in bytes {
            current.append(b)
            if b == 0x0A { out.append(current); current = [] }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// One to four mutations of `bytes`; `others` are inputs of the same kind to splice from.
    mutating func mutate(_ input: [UInt8], others: [[UInt8]]) -> [UInt8] {
        var bytes = input
        // Mostly one mutation, so that many inputs get past the first check to the rules behind it.
        for _ in 0..<(rng.chance(0.6) ? 1 : rng.int(2...4)) { bytes = once(bytes, others: others) }
        return bytes
    }

    mutating func once(_ bytes: [UInt8], others: [[UInt8]]) -> [UInt8] {
        var bytes = bytes
        let n = bytes.count
        switch rng.int(0...13) {
        case 0 where n > 0:  // flip a bit
            bytes[rng.int(0...(n - 1))] ^= UInt8(1 << rng.int(0...7))
        case 1 where n > 0:  // replace a byte with an interesting one
            bytes[rng.int(0...(n - 1))] = pick([0, 0xFF, 0x22, 0x2C, 0x0A, 0x0D, 0x3B, 0x3D, 0x2D, 0x39, 0x80, 0x20])
        case 2:  // insert a token anywhere
            bytes.insert(contentsOf: token(), at: rng.int(0...n))
        case 3 where n > 0:  // delete a range
            let start = rng.int(0...(n - 1))
            bytes.removeSubrange(start..<min(n, start + rng.int(1...16)))
        case 4, 5, 6:  // replace a field (between separators) with a token
            return replaceField(bytes)
        case 7:  // duplicate a line (a row, or the header)
            var lines = Self.lines(bytes)
            guard !lines.isEmpty else { return bytes }
            let k = rng.int(0...(lines.count - 1))
            lines.insert(lines[k], at: rng.int(0...lines.count))
            return lines.flatMap { $0 }
        case 8:  // delete a line
            var lines = Self.lines(bytes)
            guard !lines.isEmpty else { return bytes }
            lines.remove(at: rng.int(0...(lines.count - 1)))
            return lines.flatMap { $0 }
        case 9:  // swap two lines
            var lines = Self.lines(bytes)
            guard lines.count > 1 else { return bytes }
            lines.swapAt(rng.int(0...(lines.count - 1)), rng.int(0...(lines.count - 1)))
            return lines.flatMap { $0 }
        case 10:  // splice a line from another input of the same kind
            guard !others.isEmpty else { return bytes }
            let from = Self.lines(pick(others))
            guard !from.isEmpty else { return bytes }
            var lines = Self.lines(bytes)
            lines.insert(pick(from), at: rng.int(0...lines.count))
            return lines.flatMap { $0 }
        case 11 where n > 0:  // truncate
            bytes.removeSubrange(rng.int(0...(n - 1))...)
        case 12:  // repeat a line many times (a large table)
            var lines = Self.lines(bytes)
            guard !lines.isEmpty else { return bytes }
            let k = rng.int(0...(lines.count - 1))
            lines.insert(contentsOf: Array(repeating: lines[k], count: rng.int(2...300)), at: k)
            return lines.flatMap { $0 }
        default:  // the same field token on every line (a whole column gone bad)
            var lines = Self.lines(bytes)
            let t = token(), column = rng.int(0...8)
            for k in lines.indices { lines[k] = replace(field: column, of: lines[k], with: t) }
            return lines.flatMap { $0 }
        }
        return bytes
    }

    mutating func replaceField(_ bytes: [UInt8]) -> [UInt8] {
        var lines = Self.lines(bytes)
        guard !lines.isEmpty else { return token() }
        let k = rng.int(0...(lines.count - 1))
        lines[k] = replace(field: rng.int(0...8), of: lines[k], with: token())
        return lines.flatMap { $0 }
    }

    /// `line` with its `column`-th field (separated by commas, spaces, colons or semicolons) replaced.
    func replace(field column: Int, of line: [UInt8], with token: [UInt8]) -> [UInt8] {
        let separators: Set<UInt8> = [0x2C, 0x20, 0x3A, 0x3B, 0x0A, 0x0D]
        var starts = [0]
        for (k, b) in line.enumerated() where separators.contains(b) { starts.append(k + 1) }
        let start = starts[column % starts.count]
        var end = start
        while end < line.count && !separators.contains(line[end]) { end += 1 }
        var out = line
        out.replaceSubrange(start..<end, with: token)
        return out
    }
}
