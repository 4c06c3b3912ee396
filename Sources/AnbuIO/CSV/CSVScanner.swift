/// One field of a CSV record, as byte offsets into the scanned buffer (quotes excluded).
struct CSVField: Sendable {
    /// The first byte of the field's content.
    var start: Int
    /// One past the last byte of the content.
    var end: Int
    /// Whether the field was quoted and contains doubled quotes that must be unescaped.
    var escaped: Bool
}

/// The outcome of scanning one record.
enum CSVScan: Sendable, Equatable {
    /// A record: the next record starts at `next`; `newlines` line breaks were consumed (inside quotes and the
    /// terminator); `malformedQuote` when a quote broke RFC 4180; `terminated` unless the record ended at the buffer's
    /// end without a line break; `unclosedQuote` when a quoted field ran to the end of the data.
    case record(next: Int, newlines: Int, malformedQuote: Bool, terminated: Bool, unclosedQuote: Bool)
    /// The record continues past the end of the buffer; scan again with more data.
    case incomplete
}

/// A byte-level RFC 4180 scanner: fields separated by `,`, records by `\n` or `\r\n`, fields optionally in double
/// quotes with `""` for a quote; quoted fields may hold commas and line breaks.
enum CSVScanner {
    static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")

    /// Scans the record starting at `from`, appending its fields to `fields` (which it empties first).
    ///
    /// With `atEnd`, the end of the buffer ends the record; otherwise a record that reaches the end is `.incomplete`.
    static func scan(
        _ buffer: UnsafeRawBufferPointer, from: Int, atEnd: Bool, fields: inout [CSVField]
    ) -> CSVScan {
        fields.removeAll(keepingCapacity: true)
        let n = buffer.count
        var i = from
        var newlines = 0
        var malformed = false
        while true {
            // One field starts at i.
            if i < n, buffer[i] == quote {
                let start = i + 1
                var j = start
                var escaped = false
                var closed = false
                while j < n {
                    let b = buffer[j]
                    if b == quote {
                        if j + 1 < n, buffer[j + 1] == quote {
                            escaped = true
                            j += 2
                            continue
                        }
                        if j + 1 == n, !atEnd { return .incomplete }
                        closed = true
                        break
                    }
                    if b == newline { newlines += 1 }
                    j += 1
                }
                if !closed {
                    if !atEnd { return .incomplete }
                    fields.append(CSVField(start: start, end: n, escaped: escaped))
                    return .record(
                        next: n, newlines: newlines, malformedQuote: malformed, terminated: false, unclosedQuote: true)
                }
                fields.append(CSVField(start: start, end: j, escaped: escaped))
                i = j + 1
                // After the closing quote: a separator, a line break (`\n` or `\r\n`) or the end.
                if i < n, buffer[i] == carriageReturn {
                    if i + 1 < n {
                        if buffer[i + 1] == newline { i += 1 }
                    } else if atEnd {
                        i += 1
                    } else {
                        return .incomplete
                    }
                }
                if i < n, buffer[i] != comma, buffer[i] != newline {
                    malformed = true
                    while i < n, buffer[i] != comma, buffer[i] != newline { i += 1 }
                }
            } else {
                let start = i
                while i < n {
                    let b = buffer[i]
                    if b == comma || b == newline { break }
                    if b == quote { malformed = true }
                    i += 1
                }
                var end = i
                if (i < n && buffer[i] == newline) || (i == n && atEnd), end > start,
                    buffer[end - 1] == carriageReturn
                {
                    end -= 1
                }
                fields.append(CSVField(start: start, end: end, escaped: false))
            }
            if i >= n {
                if !atEnd { return .incomplete }
                return .record(
                    next: n, newlines: newlines, malformedQuote: malformed, terminated: false, unclosedQuote: false)
            }
            if buffer[i] == newline {
                return .record(
                    next: i + 1, newlines: newlines + 1, malformedQuote: malformed, terminated: true,
                    unclosedQuote: false)
            }
            i += 1  // the comma
        }
    }

    /// The text of a field, with doubled quotes unescaped; invalid UTF-8 is repaired with U+FFFD.
    static func text(_ buffer: UnsafeRawBufferPointer, _ field: CSVField) -> String {
        let raw = UnsafeRawBufferPointer(rebasing: buffer[field.start..<field.end])
        guard field.escaped else { return String(decoding: raw, as: UTF8.self) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            bytes.append(raw[i])
            i += raw[i] == quote && i + 1 < raw.count && raw[i + 1] == quote ? 2 : 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text of a whole record for an error message (without the line break).
    static func recordText(_ buffer: UnsafeRawBufferPointer, from: Int, to: Int) -> String {
        var end = min(to, buffer.count)
        while end > from, buffer[end - 1] == newline || buffer[end - 1] == carriageReturn { end -= 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: buffer[from..<max(from, end)]), as: UTF8.self)
    }
}

/// Writes CSV fields, quoting where RFC 4180 requires it.
enum CSVFormat {
    /// Appends `text` as one field: quoted when it holds a comma, a quote or a line break.
    static func appendField(_ text: String, to out: inout [UInt8]) {
        let needsQuotes = text.utf8.contains {
            $0 == CSVScanner.comma || $0 == CSVScanner.quote || $0 == CSVScanner.newline
                || $0 == CSVScanner.carriageReturn
        }
        guard needsQuotes else {
            out.append(contentsOf: text.utf8)
            return
        }
        out.append(CSVScanner.quote)
        for byte in text.utf8 {
            out.append(byte)
            if byte == CSVScanner.quote { out.append(CSVScanner.quote) }
        }
        out.append(CSVScanner.quote)
    }

    /// One record: the fields separated by commas, then `\n`.
    static func appendRecord(_ fields: [String], to out: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(CSVScanner.comma) }
            appendField(field, to: &out)
        }
        out.append(CSVScanner.newline)
    }
}
