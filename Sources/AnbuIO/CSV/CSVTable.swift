/// A small CSV file read whole: its header and its records as text, with their line numbers.
///
/// Used for households.csv, absences.csv, incidents.csv and alerts.csv, which are small; readings.csv has its own
/// streaming reader.
struct CSVTable {
    /// The file's name, for error locations.
    var name: String
    /// The header's column names.
    var header: [String]
    /// The index of each required column in the header.
    var required: [String: Int]
    /// The records: the line each starts on, and its fields.
    var rows: [(line: Int, fields: [String], columns: [Int])]

    /// The unknown columns' indices.
    var extraIndices: [Int] { header.indices.filter { !required.values.contains($0) } }

    /// The unknown columns of every row.
    var extra: ExtraColumns {
        let indices = extraIndices
        return ExtraColumns(names: indices.map { header[$0] }, values: rows.map { row in indices.map { row.fields[$0] } })
    }

    /// Reads the file at `path`. Missing required columns and an empty file are thrown (nothing else can be read);
    /// problems in single rows are recorded and the rows skipped.
    static func read(
        path: String, name: String, requiredColumns: [String], sink: inout ProblemSink
    ) throws(DistrictFileError) -> CSVTable {
        var bytes = try ByteSource.contents(of: path, name: name)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }  // a UTF-8 byte-order mark
        return try bytes.withUnsafeBytes { raw in
            Result { () throws(DistrictFileError) in
                try parse(raw, name: name, requiredColumns: requiredColumns, sink: &sink)
            }
        }.get()
    }

    static func parse(
        _ raw: UnsafeRawBufferPointer, name: String, requiredColumns: [String], sink: inout ProblemSink
    ) throws(DistrictFileError) -> CSVTable {
        var fields: [CSVField] = []
        var position = 0
        var line = 1
        // The header.
        guard raw.count > 0,
            case .record(let next, let newlines, let malformed, _, _) = CSVScanner.scan(
                raw, from: 0, atEnd: true, fields: &fields)
        else { throw DistrictFileError(.emptyFile, at: FileLocation(file: name, line: 1)) }
        if malformed {
            throw DistrictFileError(
                .malformedQuote(CSVScanner.recordText(raw, from: 0, to: next)), at: FileLocation(file: name, line: 1))
        }
        let header = fields.map { CSVScanner.text(raw, $0) }
        var required: [String: Int] = [:]
        for column in requiredColumns {
            let matches = header.indices.filter { header[$0] == column }
            guard let first = matches.first else {
                throw DistrictFileError(.missingColumn(column), at: FileLocation(file: name, line: 1))
            }
            if matches.count > 1 {
                throw DistrictFileError(.duplicateColumn(column), at: FileLocation(file: name, line: 1))
            }
            required[column] = first
        }
        position = next
        line += newlines
        var rows: [(line: Int, fields: [String], columns: [Int])] = []
        while position < raw.count {
            guard
                case .record(let next, let newlines, let malformed, let terminated, let unclosed) = CSVScanner.scan(
                    raw, from: position, atEnd: true, fields: &fields)
            else { break }
            let text = CSVScanner.recordText(raw, from: position, to: next)
            let recordStart = position
            func columnOf(_ offset: Int) -> Int {
                var lineStart = offset
                while lineStart > recordStart, raw[lineStart - 1] != CSVScanner.newline { lineStart -= 1 }
                let quote = offset > recordStart && raw[offset - 1] == CSVScanner.quote ? 1 : 0
                return offset - quote - lineStart + 1
            }
            defer {
                position = next
                line += newlines
            }
            if fields.count == 1, fields[0].start == fields[0].end, !unclosed { continue }  // a blank line
            let location = FileLocation(file: name, line: line, column: 1)
            if unclosed || (!terminated && fields.count < header.count) {
                try sink.record(DistrictFileError(.truncatedLastLine(text), at: location))
                continue
            }
            if malformed {
                try sink.record(DistrictFileError(.malformedQuote(text), at: location))
                continue
            }
            if fields.count != header.count {
                try sink.record(
                    DistrictFileError(
                        .wrongFieldCount(text, expected: header.count, found: fields.count), at: location))
                continue
            }
            rows.append((line, fields.map { CSVScanner.text(raw, $0) }, fields.map { columnOf($0.start) }))
        }
        return CSVTable(name: name, header: header, required: required, rows: rows)
    }

    /// The text of required column `column` in row `row`.
    func field(_ row: Int, _ column: String) -> String { rows[row].fields[required[column]!] }

    /// The location of required column `column` in row `row`.
    func location(_ row: Int, _ column: String) -> FileLocation {
        FileLocation(file: name, line: rows[row].line, column: rows[row].columns[required[column]!])
    }
}
