/// A small writer of standalone SVG 1.1 documents, built for figures that must be identical byte for byte across runs:
/// elements are written in the order they are drawn, every number is printed with at most two decimals by one
/// routine, and text is XML-escaped. The output needs no browser plugin, script or external font.
struct SVGCanvas {
    let width: Double
    let height: Double
    private var body: [String] = []

    /// A blank canvas of `width` × `height` user units (pixels), with `title` as the document's accessible title.
    init(width: Double, height: Double, title: String) {
        self.width = width
        self.height = height
        body.append("<title>\(Self.escape(title))</title>")
        body.append("<rect x=\"0\" y=\"0\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" fill=\"#ffffff\"/>")
    }

    /// The finished document.
    var document: String {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        text += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(Self.number(width))\" "
        text += "height=\"\(Self.number(height))\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" "
        text += "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n"
        for line in body { text += line + "\n" }
        return text + "</svg>\n"
    }

    /// The document without its XML declaration, for embedding inline in HTML.
    var inline: String {
        let full = document
        guard let newline = full.firstIndex(of: "\n") else { return full }
        return String(full[full.index(after: newline)...])
    }

    mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String, opacity: Double = 1,
        stroke: String? = nil, tooltip: String? = nil
    ) {
        var element = "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(max(0, width)))\" "
        element += "height=\"\(Self.number(max(0, height)))\" fill=\"\(fill)\""
        if opacity < 1 { element += " fill-opacity=\"\(Self.number(opacity))\"" }
        if let stroke { element += " stroke=\"\(stroke)\" stroke-width=\"1\"" }
        body.append(Self.close(element, tooltip: tooltip))
    }

    mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dashed: Bool = false
    ) {
        var element = "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" "
        element += "y2=\"\(Self.number(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\""
        if dashed { element += " stroke-dasharray=\"4 3\"" }
        body.append(element + "/>")
    }

    /// An open line through `points`; nothing for fewer than two points.
    mutating func polyline(
        _ points: [(x: Double, y: Double)], stroke: String, width: Double = 1.5, dashed: Bool = false
    ) {
        guard points.count >= 2 else { return }
        var element = "<polyline points=\"\(Self.points(points))\" fill=\"none\" stroke=\"\(stroke)\" "
        element += "stroke-width=\"\(Self.number(width))\" stroke-linejoin=\"round\""
        if dashed { element += " stroke-dasharray=\"5 3\"" }
        body.append(element + "/>")
    }

    /// A filled polygon; nothing for fewer than three points.
    mutating func polygon(_ points: [(x: Double, y: Double)], fill: String, opacity: Double = 1) {
        guard points.count >= 3 else { return }
        var element = "<polygon points=\"\(Self.points(points))\" fill=\"\(fill)\" stroke=\"none\""
        if opacity < 1 { element += " fill-opacity=\"\(Self.number(opacity))\"" }
        body.append(element + "/>")
    }

    mutating func circle(
        x: Double, y: Double, radius: Double, fill: String, stroke: String? = nil, tooltip: String? = nil
    ) {
        var element = "<circle cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"\(Self.number(radius))\" "
        element += "fill=\"\(fill)\""
        if let stroke { element += " stroke=\"\(stroke)\" stroke-width=\"1.5\"" }
        body.append(Self.close(element, tooltip: tooltip))
    }

    /// A diamond marker centred at (x, y).
    mutating func diamond(x: Double, y: Double, radius: Double, fill: String, tooltip: String? = nil) {
        let points = [(x, y - radius), (x + radius, y), (x, y + radius), (x - radius, y)].map { (x: $0.0, y: $0.1) }
        let element = "<polygon points=\"\(Self.points(points))\" fill=\"\(fill)\" stroke=\"#ffffff\" stroke-width=\"1\""
        body.append(Self.close(element, tooltip: tooltip))
    }

    enum Anchor: String {
        case start, middle, end
    }

    mutating func text(
        _ string: String, x: Double, y: Double, size: Double = 11, anchor: Anchor = .start, fill: String = "#222222",
        bold: Bool = false, rotated: Bool = false
    ) {
        var element = "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-size=\"\(Self.number(size))\""
        if anchor != .start { element += " text-anchor=\"\(anchor.rawValue)\"" }
        if bold { element += " font-weight=\"bold\"" }
        if rotated { element += " transform=\"rotate(-90 \(Self.number(x)) \(Self.number(y)))\"" }
        element += " fill=\"\(fill)\">\(Self.escape(string))</text>"
        body.append(element)
    }

    // MARK: Formatting

    /// `value` rounded to two decimals, without trailing zeros: `12`, `3.5`, `-0.25`. Non-finite values print as 0.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let hundredths = Int64((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = hundredths.magnitude
        let whole = magnitude / 100
        let fraction = magnitude % 100
        if fraction == 0 { return "\(sign)\(whole)" }
        if fraction % 10 == 0 { return "\(sign)\(whole).\(fraction / 10)" }
        return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// `text` with the five XML special characters escaped.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    private static func points(_ points: [(x: Double, y: Double)]) -> String {
        points.map { "\(number($0.x)),\(number($0.y))" }.joined(separator: " ")
    }

    /// Closes an element, with a `<title>` child (a hover tooltip) when there is one.
    private static func close(_ element: String, tooltip: String?) -> String {
        guard let tooltip else { return element + "/>" }
        let name = element.dropFirst().prefix { $0 != " " }
        return element + "><title>\(escape(tooltip))</title></\(name)>"
    }
}
