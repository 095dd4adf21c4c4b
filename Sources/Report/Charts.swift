import Foundation

/// Charts as inline SVG: nothing to fetch, nothing to run, drawn by any browser and printed as
/// they are. Every mark carries a `<title>` with its figure (shown on hover, read by screen
/// readers), and every chart a `data-chart` name and one `data-value` per mark, so a test can
/// check the picture against the files it was drawn from.
enum Chart {
    /// A segment of a horizontal bar: its value and its CSS class (`good`, `bad`, `neutral`, `extra`).
    struct Segment {
        let value: Double
        let style: String
        let title: String
    }

    struct Bar {
        let label: String
        let segments: [Segment]
    }

    static let labelWidth = 120.0, width = 640.0, rowHeight = 18.0

    /// Horizontal stacked bars, one a row, scaled to the longest; `legend` names the segments' styles.
    static func bars(_ name: String, _ title: String, _ bars: [Bar], legend: [(style: String, text: String)], percent: Bool = false) -> String {
        let most = percent ? 1 : max(bars.map { $0.segments.reduce(0) { $0 + $1.value } }.max() ?? 0, 1e-9)
        let plot = width - labelWidth - 60
        let height = Double(bars.count) * rowHeight + 34
        var svg = header(name, title, height: height)
        svg += legendRow(legend)
        for (i, bar) in bars.enumerated() {
            let y = 24 + Double(i) * rowHeight
            svg += text(x: labelWidth - 6, y: y + 12, bar.label, anchor: "end")
            var x = labelWidth
            for segment in bar.segments where segment.value > 0 {
                let w = plot * segment.value / most
                svg += "<rect class=\"\(segment.style)\" x=\"\(f(x))\" y=\"\(f(y + 2))\" width=\"\(f(w))\" height=\"\(f(rowHeight - 4))\" data-value=\"\(f(segment.value))\">"
                    + "<title>\(HTML.escape(bar.label)): \(HTML.escape(segment.title))</title></rect>"
                x += w
            }
            // Shares are labelled by the first segment (the share met); counts by their total.
            let label = percent ? Self.percent(bar.segments.first?.value ?? 0) : number(bar.segments.reduce(0) { $0 + $1.value })
            svg += text(x: x + 4, y: y + 12, label, anchor: "start", style: "value")
        }
        return svg + "</svg>"
    }

    /// One row per group, one dot per member at its value (a strip plot): each mentor's load in
    /// their school, so a school's spread shows at a glance. `limit` draws a line (the cap).
    static func strips(_ name: String, _ title: String, _ rows: [(label: String, values: [Double])], limit: Double?, unit: String) -> String {
        let most = max(rows.flatMap(\.values).max() ?? 0, limit ?? 0, 1)
        let plot = width - labelWidth - 30
        let height = Double(rows.count) * rowHeight + 40
        var svg = header(name, title, height: height)
        func xOf(_ v: Double) -> Double { labelWidth + plot * v / most }
        // An axis at 0, half and the most.
        for v in [0, most / 2, most] {
            svg += "<line class=\"grid\" x1=\"\(f(xOf(v)))\" y1=\"20\" x2=\"\(f(xOf(v)))\" y2=\"\(f(height - 14))\"/>"
            svg += text(x: xOf(v), y: height - 2, number(v), anchor: "middle", style: "axis")
        }
        if let limit {
            svg += "<line class=\"limit\" x1=\"\(f(xOf(limit)))\" y1=\"16\" x2=\"\(f(xOf(limit)))\" y2=\"\(f(height - 14))\"><title>\(unit) limit \(number(limit))</title></line>"
        }
        for (i, row) in rows.enumerated() {
            let y = 24 + Double(i) * rowHeight
            svg += text(x: labelWidth - 6, y: y + 12, row.label, anchor: "end")
            // Members at the same value are stacked slightly so their number shows.
            var seen = [Double: Int]()
            for v in row.values.sorted() {
                let k = seen[v, default: 0]
                seen[v] = k + 1
                let dy = Double(k % 5) * 2.4 - 4.8
                svg += "<circle class=\"dot\" cx=\"\(f(xOf(v)))\" cy=\"\(f(y + 9 + dy))\" r=\"2.2\" data-value=\"\(f(v))\"><title>\(HTML.escape(row.label)): \(number(v)) \(unit)</title></circle>"
            }
        }
        return svg + "</svg>"
    }

    /// A grid of cells coloured by value (rows x columns); `marked` cells are outlined (a rule not met).
    static func heatmap(_ name: String, _ title: String, rows: [String], columns: [String], columnLabels: [String]? = nil,
                        value: (Int, Int) -> Double?, marked: (Int, Int) -> String?, unit: String) -> String {
        let cell = max(6, min(22, (width - labelWidth - 10) / Double(max(columns.count, 1))))
        let top = 46.0
        let height = top + Double(rows.count) * cell + 8
        var values = [Double]()
        for r in rows.indices { for c in columns.indices { if let v = value(r, c) { values.append(v) } } }
        let most = max(values.max() ?? 0, 1)
        var svg = header(name, title, height: height, width: max(width, labelWidth + Double(columns.count) * cell + 10))
        let labels = columnLabels ?? columns
        let every = max(1, Int((28 / cell).rounded(.up)))
        for (c, label) in labels.enumerated() where c % every == 0 {
            let x = labelWidth + Double(c) * cell + cell / 2
            svg += "<text class=\"axis\" transform=\"translate(\(f(x)),\(f(top - 4))) rotate(-50)\">\(HTML.escape(label))</text>"
        }
        for (r, label) in rows.enumerated() {
            let y = top + Double(r) * cell
            svg += text(x: labelWidth - 6, y: y + cell * 0.7, label, anchor: "end")
            for c in columns.indices {
                let v = value(r, c)
                let shade = v.map { 0.12 + 0.88 * $0 / most } ?? 0
                let mark = marked(r, c)
                svg += "<rect class=\"cell\(mark == nil ? "" : " marked")\" x=\"\(f(labelWidth + Double(c) * cell))\" y=\"\(f(y))\" width=\"\(f(cell - 1))\" height=\"\(f(cell - 1))\" "
                    + "style=\"fill-opacity:\(f(v == nil ? 0.04 : shade))\" data-value=\"\(v.map(f) ?? "")\"><title>\(HTML.escape(label)), \(HTML.escape(labels[c])): "
                    + "\(v.map { "\(number($0)) \(unit)" } ?? "none")\(mark.map { "; \(HTML.escape($0))" } ?? "")</title></rect>"
            }
        }
        return svg + "</svg>"
    }

    // MARK: pieces

    static func header(_ name: String, _ title: String, height: Double, width: Double = width) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-chart=\"\(name)\" role=\"img\" aria-label=\"\(HTML.escape(title))\" "
            + "viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\"><title>\(HTML.escape(title))</title>"
    }

    static func legendRow(_ legend: [(style: String, text: String)]) -> String {
        var x = labelWidth, svg = ""
        for item in legend {
            svg += "<rect class=\"\(item.style)\" x=\"\(f(x))\" y=\"4\" width=\"10\" height=\"10\"/>"
            svg += text(x: x + 14, y: 13, item.text, anchor: "start", style: "axis")
            x += 24 + Double(item.text.count) * 6.5
        }
        return svg
    }

    static func text(x: Double, y: Double, _ s: String, anchor: String, style: String = "label") -> String {
        "<text class=\"\(style)\" x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\">\(HTML.escape(s))</text>"
    }

    /// Coordinates with at most two decimals, the same bytes on every run.
    static func f(_ x: Double) -> String {
        guard x.isFinite, abs(x) < 1e12 else { return "0" }
        let r = (x * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(format: "%.2f", r)
    }

    static func number(_ x: Double) -> String {
        x.isFinite && x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(format: "%.1f", x)
    }

    static func percent(_ x: Double) -> String { String(format: "%.1f %%", x * 100) }
}

/// Escaping for text and attribute values.
enum HTML {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
