/// A decimal number parsed from bytes: `[+-]digits[.digits][(e|E)[+-]digits]`, or `nan` / `inf` / `infinity`.
///
/// The common case (up to 19 significant digits, small exponent) converts exactly with one multiplication or division
/// (Clinger's fast path) and allocates nothing; other numbers go through the C library's correctly rounded parser.
struct DecimalNumber: Sendable {
    /// The value as a `Double`, correctly rounded.
    var double: Double
    /// The value as a `Float`, correctly rounded from the text (not from ``double``).
    var float: Float
    /// Whether the text started with `-`.
    var negativeSign: Bool

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }
    private static let floatPowersOfTen: [Float] = (0...10).map { exponent in
        var value: Float = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// Parses the bytes; `nil` when they are not a number.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> DecimalNumber? {
        let n = bytes.count
        guard n > 0 else { return nil }
        var i = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            i = 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var digits = 0
        var dropped = false
        while i < n, bytes[i] &- 48 < 10 {
            let d = UInt64(bytes[i] &- 48)
            if significant < 19 {
                mantissa = mantissa &* 10 &+ d
                if mantissa != 0 { significant += 1 }
            } else {
                exponent += 1
                if d != 0 { dropped = true }
            }
            digits += 1
            i += 1
        }
        if i < n, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < n, bytes[i] &- 48 < 10 {
                let d = UInt64(bytes[i] &- 48)
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ d
                    if mantissa != 0 { significant += 1 }
                    exponent -= 1
                } else if d != 0 {
                    dropped = true
                }
                digits += 1
                i += 1
            }
        }
        if digits == 0 { return special(bytes, from: i, negative: negative) }
        if i < n, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var exponentNegative = false
            if i < n, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var written = 0
            let start = i
            while i < n, bytes[i] &- 48 < 10 {
                if written < 100_000 { written = written * 10 + Int(bytes[i] &- 48) }
                i += 1
            }
            guard i > start else { return nil }
            exponent += exponentNegative ? -written : written
        }
        guard i == n else { return nil }
        if !dropped, mantissa < 1 << 53, exponent >= -22, exponent <= 22 {
            var value = Double(mantissa)
            value = exponent >= 0 ? value * powersOfTen[exponent] : value / powersOfTen[-exponent]
            let float: Float
            if mantissa < 1 << 24, exponent >= -10, exponent <= 10 {
                let f = Float(mantissa)
                float = exponent >= 0 ? f * floatPowersOfTen[exponent] : f / floatPowersOfTen[-exponent]
            } else {
                float = Float(String(decoding: bytes, as: UTF8.self)) ?? Float(value)
            }
            return DecimalNumber(
                double: negative ? -value : value, float: negative ? -float : float, negativeSign: negative)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let double = Double(text), let float = Float(text) else { return nil }
        return DecimalNumber(double: double, float: float, negativeSign: negative)
    }

    /// `nan`, `inf`, `infinity` in any case, after an optional sign.
    private static func special(_ bytes: UnsafeRawBufferPointer, from: Int, negative: Bool) -> DecimalNumber? {
        var word: [UInt8] = []
        for k in from..<bytes.count {
            let b = bytes[k]
            word.append(b >= 65 && b <= 90 ? b + 32 : b)
        }
        let value: Double
        switch String(decoding: word, as: UTF8.self) {
        case "nan": value = .nan
        case "inf", "infinity": value = negative ? -.infinity : .infinity
        default: return nil
        }
        return DecimalNumber(double: value, float: Float(value), negativeSign: negative)
    }
}
