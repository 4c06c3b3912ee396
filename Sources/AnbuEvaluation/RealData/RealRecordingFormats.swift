import Anbu

/// Why a real recording could not be read.
public enum RealDataError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A file could not be read.
    case unreadable(file: String, reason: String)
    /// A file lacks a column its format needs.
    case missingColumn(file: String, column: String)
    /// A value could not be parsed: the file, its line (1-based, the header is line 1), the column and the text.
    case badValue(file: String, line: Int, column: String, value: String)
    /// No recording of steps covers a window of the requested length: a district needs a phone per household.
    case noPhoneRecordings(days: Int)

    /// A sentence naming the file and place.
    public var description: String {
        switch self {
        case .unreadable(let file, let reason): "\(file): cannot be read: \(reason)"
        case .missingColumn(let file, let column): "\(file): no column \"\(column)\""
        case .badValue(let file, let line, let column, let value): "\(file):\(line): \(column) \"\(value)\" is not valid"
        case .noPhoneRecordings(let days): "no steps recording covers \(days) whole days"
        }
    }
}

/// Readers of the real public recordings' file formats (each folder's SOURCE.md describes its format), from the
/// file's text. Every reader keeps counts, levels and talk time only: identifiers of call counterparts are never
/// stored.
public enum RealRecordingFormat {
    /// Smart Grid Smart City, one household per file: `reading_datetime,general_supply_kwh` per half hour (local
    /// time). Power is the half hour's mean draw: kWh × 2 000 W.
    public static func sgsc(_ text: String, file: String, household: String) throws(RealDataError) -> RealRecording {
        let table = try CSVLines(text, file: file, required: ["reading_datetime", "general_supply_kwh"])
        var samples: [RecordedSample] = []
        for row in table.rows {
            let time = try table.localTime(row, "reading_datetime")
            let kwh = try table.number(row, "general_supply_kwh")
            samples.append(RecordedSample(localSeconds: time, signal: .power, value: Float(kwh * 2000)))
        }
        return RealRecording(source: "sgsc:\(household)", device: .power, samples: samples)
    }

    /// The four Melbourne meters, one long file: `household_id,interval_start_local,kwh` per half hour.
    public static func melbourne(_ text: String, file: String) throws(RealDataError) -> [RealRecording] {
        let table = try CSVLines(text, file: file, required: ["household_id", "interval_start_local", "kwh"])
        return try table.recordings(by: "household_id", source: "melbourne", device: .power) { row throws(RealDataError) in
            RecordedSample(
                localSeconds: try table.localTime(row, "interval_start_local"), signal: .power,
                value: Float(try table.number(row, "kwh") * 2000))
        }
    }

    /// UCI household power, one minute per row: `datetime,Global_active_power` (kW); `?` marks a missing minute.
    public static func uci(_ text: String, file: String) throws(RealDataError) -> RealRecording {
        let table = try CSVLines(text, file: file, required: ["datetime", "Global_active_power"])
        var samples: [RecordedSample] = []
        for row in table.rows where table.text(row, "Global_active_power") != "?" {
            let time = try table.localTime(row, "datetime")
            let kw = try table.number(row, "Global_active_power")
            samples.append(RecordedSample(localSeconds: time, signal: .power, value: Float(kw * 1000)))
        }
        return RealRecording(source: "uci:sceaux", device: .power, samples: samples)
    }

    /// Fitbit (Fitabase) hourly steps: `Id,ActivityHour,StepTotal` with `ActivityHour` as `M/D/YYYY H:MM` (24 h, or
    /// with `AM`/`PM`); one recording per person. `period` names the export (`2016-04`).
    public static func fitbitHourly(_ text: String, file: String, period: String) throws(RealDataError) -> [RealRecording] {
        let table = try CSVLines(text, file: file, required: ["Id", "ActivityHour", "StepTotal"])
        return try table.recordings(by: "Id", source: "fitbit-\(period)", device: .steps) { row throws(RealDataError) in
            RecordedSample(
                localSeconds: try table.localTime(row, "ActivityHour"), signal: .steps,
                value: Float(try table.number(row, "StepTotal")))
        }
    }

    /// The JHU activity monitoring data: `steps,date,interval` per five minutes, `interval` the clock time as HHMM,
    /// `NA` for a missing interval.
    public static func jhuActivity(_ text: String, file: String) throws(RealDataError) -> RealRecording {
        let table = try CSVLines(text, file: file, required: ["steps", "date", "interval"])
        var samples: [RecordedSample] = []
        for row in table.rows where table.text(row, "steps") != "NA" {
            let date = table.text(row, "date")
            guard let day = CalendarDay(isoDate: date) else {
                throw .badValue(file: file, line: row.line, column: "date", value: date)
            }
            let clock = Int64(try table.number(row, "interval"))
            let time = day.daysSinceEpoch * 86_400 + (clock / 100) * 3600 + (clock % 100) * 60
            samples.append(RecordedSample(localSeconds: time, signal: .steps, value: Float(try table.number(row, "steps"))))
        }
        return RealRecording(source: "jhu:1", device: .steps, samples: samples)
    }

    /// The Copenhagen Networks Study calls: `timestamp,from,to,duration` (seconds since the study's start; duration
    /// −1 for an unanswered call). Each participant's calls become their recording, spanning the whole 28-day study:
    /// calls they made are `call_out` (talk time, 0 when unanswered), calls to them `call_in` or, unanswered,
    /// `call_missed`. The other party is dropped as the row is read. The study gives no calendar date: its start is
    /// put on local midnight of Monday 1970-01-05, so weekdays are not the real ones.
    public static func copenhagenCalls(_ text: String, file: String) throws(RealDataError) -> [RealRecording] {
        let column = ["timestamp", "from", "to", "duration"]
        let table = try CSVLines(text, file: file, required: column)
        var byPerson: [String: [RecordedSample]] = [:]
        let studyStart: Int64 = 4 * 86_400
        for row in table.rows {
            let time = studyStart + Int64(try table.number(row, "timestamp"))
            let duration = try table.number(row, "duration")
            let talk = Float(max(0, duration))
            byPerson[table.text(row, "from"), default: []].append(
                RecordedSample(localSeconds: time, signal: .callOut, value: talk))
            byPerson[table.text(row, "to"), default: []].append(
                RecordedSample(localSeconds: time, signal: duration < 0 ? .callMissed : .callIn, value: talk))
        }
        return byPerson.keys.sorted { (Int($0) ?? 0, $0) < (Int($1) ?? 0, $1) }.map {
            RealRecording(
                source: "cns:\($0)", device: .calls, samples: byPerson[$0]!,
                span: studyStart..<(studyStart + 28 * 86_400))
        }
    }
}

/// A small comma-separated table: header names, rows of fields (surrounding double quotes removed), line numbers.
/// The real recordings' files hold no quoted commas; a byte-order mark and CRLF line ends are accepted.
struct CSVLines {
    struct Row {
        var line: Int
        var fields: [Substring]
    }

    let file: String
    let columns: [String: Int]
    let rows: [Row]

    init(_ text: String, file: String, required: [String]) throws(RealDataError) {
        self.file = file
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        // `\r\n` is one Character, so CRLF files split like LF files.
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        guard let header = lines.first else { throw .missingColumn(file: file, column: required.first ?? "?") }
        var names: [String: Int] = [:]
        for (index, name) in Self.fields(header).enumerated() {
            var cleaned = String(name)
            if cleaned.hasPrefix("\u{FEFF}") { cleaned.removeFirst() }
            names[cleaned] = index
        }
        for column in required where names[column] == nil { throw .missingColumn(file: file, column: column) }
        self.columns = names
        self.rows = lines.dropFirst().enumerated().compactMap { offset, line in
            line.isEmpty ? nil : Row(line: offset + 2, fields: Self.fields(line))
        }
    }

    private static func fields(_ line: Substring) -> [Substring] {
        line.split(separator: ",", omittingEmptySubsequences: false).map { field in
            var field = field
            if field.count >= 2, field.first == "\"", field.last == "\"" { field = field.dropFirst().dropLast() }
            return field
        }
    }

    /// One recording per value of `column` (sorted), named `source:value`, each row made a sample by `sample`.
    func recordings(
        by column: String, source: String, device: SignalSource,
        sample: (Row) throws(RealDataError) -> RecordedSample
    ) throws(RealDataError) -> [RealRecording] {
        var grouped: [String: [RecordedSample]] = [:]
        for row in rows { grouped[text(row, column), default: []].append(try sample(row)) }
        return grouped.keys.sorted().map { RealRecording(source: "\(source):\($0)", device: device, samples: grouped[$0]!) }
    }

    func text(_ row: Row, _ column: String) -> String {
        let index = columns[column]!
        return index < row.fields.count ? String(row.fields[index]) : ""
    }

    func number(_ row: Row, _ column: String) throws(RealDataError) -> Double {
        let value = text(row, column)
        guard let number = Double(value), number.isFinite else {
            throw .badValue(file: file, line: row.line, column: column, value: value)
        }
        return number
    }

    /// A local time written `YYYY-MM-DD HH:MM[:SS]` or `M/D/YYYY H:MM[:SS] [AM|PM]`, as local seconds since 1970.
    func localTime(_ row: Row, _ column: String) throws(RealDataError) -> Int64 {
        let value = text(row, column)
        guard let seconds = Self.localSeconds(value) else {
            throw .badValue(file: file, line: row.line, column: column, value: value)
        }
        return seconds
    }

    static func localSeconds(_ text: String) -> Int64? {
        let parts = text.split(separator: " ")
        guard parts.count == 2 || parts.count == 3 else { return nil }
        let day: CalendarDay?
        if parts[0].contains("/") {
            let date = parts[0].split(separator: "/").compactMap { Int64($0) }
            guard date.count == 3 else { return nil }
            day = CalendarDay(year: date[2], month: date[0], day: date[1])
        } else {
            day = CalendarDay(isoDate: String(parts[0]))
        }
        let clock = parts[1].split(separator: ":").compactMap { Int64($0) }
        guard let day, clock.count >= 2, clock.count <= 3, (0...23).contains(clock[0]), (0...59).contains(clock[1])
        else { return nil }
        var hour = clock[0]
        if parts.count == 3 {
            switch parts[2] {
            case "AM": hour = hour == 12 ? 0 : hour
            case "PM": hour = hour == 12 ? 12 : hour + 12
            default: return nil
            }
        }
        return day.daysSinceEpoch * 86_400 + hour * 3600 + clock[1] * 60 + (clock.count == 3 ? clock[2] : 0)
    }
}
