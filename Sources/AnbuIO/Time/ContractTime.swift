public import Anbu

/// The contract's two time forms: ISO 8601 with an offset, and integer Unix seconds.
///
/// Parsing is byte-level and allocation-free: it dominates the cost of reading readings.csv, so it is written by hand
/// instead of going through a date formatter.
public enum ContractTime {
    /// Why a time did not parse.
    public enum ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The text is empty.
        case empty
        /// A date or clock field is missing or has the wrong number of digits, at this byte offset.
        case layout(offset: Int)
        /// A month, day, hour, minute or second is out of range.
        case fieldRange(String)
        /// An ISO 8601 time without `Z` or a `±HH:MM` offset.
        case missingOffset
        /// The offset is not `Z`, `±HH`, `±HHMM` or `±HH:MM` within ±18:00.
        case badOffset
        /// Unix seconds beyond what an `Int64` of milliseconds holds.
        case overflow

        /// A short reason.
        public var description: String {
            switch self {
            case .empty: "empty"
            case .layout(let offset): "unexpected character at position \(offset + 1)"
            case .fieldRange(let field): "\(field) out of range"
            case .missingOffset: "no offset (add Z or ±HH:MM)"
            case .badOffset: "offset is not Z or ±HH:MM within ±18:00"
            case .overflow: "out of range"
            }
        }
    }

    /// Parses a time from UTF-8 bytes to Unix milliseconds (fractions beyond milliseconds are cut toward the past).
    ///
    /// Accepts `YYYY-MM-DDTHH:MM[:SS[.f…]]` followed by `Z` or `±HH[[:]MM]` (a space may replace the `T`), and integer
    /// Unix seconds `[-]digits`.
    @inlinable
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<Int64, ParseError> {
        let n = bytes.count
        if n == 0 { return .failure(.empty) }
        // Integer Unix seconds.
        if n < 10 || bytes[4] != UInt8(ascii: "-") {
            return parseUnixSeconds(bytes)
        }
        @inline(__always) func digit(_ i: Int) -> Int {
            Int(bytes[i]) &- 48
        }
        @inline(__always) func isDigit(_ i: Int) -> Bool { bytes[i] &- 48 < 10 }
        @inline(__always) func two(_ i: Int) -> Int? {
            guard i + 1 < n, isDigit(i), isDigit(i + 1) else { return nil }
            return digit(i) &* 10 &+ digit(i + 1)
        }
        guard isDigit(0), isDigit(1), isDigit(2), isDigit(3) else { return .failure(.layout(offset: 0)) }
        let year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3)
        guard let month = two(5) else { return .failure(.layout(offset: 5)) }
        guard n > 7, bytes[7] == UInt8(ascii: "-") else { return .failure(.layout(offset: 7)) }
        guard let day = two(8) else { return .failure(.layout(offset: 8)) }
        guard month >= 1 && month <= 12 else { return .failure(.fieldRange("month")) }
        guard day >= 1 && day <= daysIn(month: month, year: year) else { return .failure(.fieldRange("day")) }
        guard n > 10 else { return .failure(.missingOffset) }
        let separator = bytes[10]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " ")
        else { return .failure(.layout(offset: 10)) }
        guard let hour = two(11) else { return .failure(.layout(offset: 11)) }
        guard n > 13, bytes[13] == UInt8(ascii: ":") else { return .failure(.layout(offset: 13)) }
        guard let minute = two(14) else { return .failure(.layout(offset: 14)) }
        var i = 16
        var second = 0
        var millis = 0
        if i < n, bytes[i] == UInt8(ascii: ":") {
            guard let s = two(i + 1) else { return .failure(.layout(offset: i + 1)) }
            second = s
            i += 3
            if i < n, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: ",") {
                i += 1
                let start = i
                var scale = 100
                while i < n, isDigit(i) {
                    millis &+= digit(i) &* scale
                    scale /= 10
                    i += 1
                }
                guard i > start else { return .failure(.layout(offset: i)) }
            }
        }
        guard hour <= 23 else { return .failure(.fieldRange("hour")) }
        guard minute <= 59 else { return .failure(.fieldRange("minute")) }
        guard second <= 59 else { return .failure(.fieldRange("second")) }
        guard i < n else { return .failure(.missingOffset) }
        var offset = 0
        let sign = bytes[i]
        if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
            guard i + 1 == n else { return .failure(.layout(offset: i + 1)) }
        } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            let rest = n - i - 1
            guard let hh = two(i + 1) else { return .failure(.badOffset) }
            var mm = 0
            if rest == 2 {
            } else if rest == 4, let m = two(i + 3) {
                mm = m
            } else if rest == 5, bytes[i + 3] == UInt8(ascii: ":"), let m = two(i + 4) {
                mm = m
            } else {
                return .failure(.badOffset)
            }
            guard mm < 60 else { return .failure(.badOffset) }
            offset = (hh * 60 + mm) * 60
            guard offset <= HouseholdTimeZone.maximumOffsetSeconds else { return .failure(.badOffset) }
            if sign == UInt8(ascii: "-") { offset = -offset }
        } else {
            return .failure(.layout(offset: i))
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offset)
        return .success(seconds * 1000 + Int64(millis))
    }

    @usableFromInline
    static func parseUnixSeconds(_ bytes: UnsafeRawBufferPointer) -> Result<Int64, ParseError> {
        var i = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") {
            negative = true
            i = 1
        }
        guard i < bytes.count else { return .failure(.layout(offset: i)) }
        var value: Int64 = 0
        while i < bytes.count {
            let d = bytes[i] &- 48
            guard d < 10 else { return .failure(.layout(offset: i)) }
            value = value &* 10 &+ Int64(d)
            guard value < 9_000_000_000_000_000 / 1000 else { return .failure(.overflow) }
            i += 1
        }
        return .success((negative ? -value : value) * 1000)
    }

    /// Parses a time from text; see ``parse(_:)-(UnsafeRawBufferPointer)``.
    public static func parse(_ text: String) -> Result<Int64, ParseError> {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    /// Days in `month` of `year` (proleptic Gregorian).
    @inlinable
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
    @inlinable
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a count of days since 1970-01-01.
    public static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Appends `2025-03-01T09:00:00+09:00` (with `.123` when the milliseconds are not zero) for Unix milliseconds
    /// `time` shown at `offsetSeconds` east of UTC.
    public static func appendISO8601(_ time: Int64, offsetSeconds: Int, to out: inout [UInt8]) {
        let local = time + Int64(offsetSeconds) * 1000
        var millis = Int(local % 1000)
        var seconds = local / 1000
        if millis < 0 {
            millis += 1000
            seconds -= 1
        }
        var days = Int(seconds / 86_400)
        var secondOfDay = Int(seconds % 86_400)
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let (year, month, day) = civilFromDays(days)
        func put(_ value: Int, digits: Int) {
            var divisor = 1
            for _ in 1..<digits { divisor *= 10 }
            var v = value
            while divisor > 0 {
                out.append(UInt8(48 + (v / divisor) % 10))
                v %= divisor
                divisor /= 10
            }
        }
        if year < 0 || year > 9999 {
            out.append(contentsOf: "\(year)".utf8)
        } else {
            put(year, digits: 4)
        }
        out.append(UInt8(ascii: "-"))
        put(month, digits: 2)
        out.append(UInt8(ascii: "-"))
        put(day, digits: 2)
        out.append(UInt8(ascii: "T"))
        put(secondOfDay / 3600, digits: 2)
        out.append(UInt8(ascii: ":"))
        put(secondOfDay / 60 % 60, digits: 2)
        out.append(UInt8(ascii: ":"))
        put(secondOfDay % 60, digits: 2)
        if millis != 0 {
            out.append(UInt8(ascii: "."))
            put(millis, digits: 3)
        }
        out.append(contentsOf: HouseholdTimeZone.formatOffset(offsetSeconds).utf8)
    }

    /// `2025-03-01T09:00:00+09:00` for Unix milliseconds `time` at `offsetSeconds` east of UTC.
    public static func iso8601(_ time: Int64, offsetSeconds: Int) -> String {
        var bytes: [UInt8] = []
        appendISO8601(time, offsetSeconds: offsetSeconds, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
