#if canImport(Glibc)
internal import Glibc
#endif
public import Anbu

/// NumPy's `.npy` format, for the one array type the contract uses: little-endian `float32` (`<f4`), C order, 2-D.
///
/// The header follows the format specification (numpy.lib.format): the magic `\x93NUMPY`, the version, a
/// little-endian header length, then a Python dict literal padded with spaces and ended by `\n` so the data starts
/// at a multiple of 64 bytes. Writing matches what `numpy.save` writes byte for byte, including the spare spaces NumPy
/// leaves so the first axis can grow in place.
public enum NPY {
    /// The magic bytes every `.npy` file starts with.
    public static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY

    /// The complete header (magic through the final `\n`) of a `<f4` C-order array shaped `[rows, columns]`, in
    /// format 1.0.
    public static func header(rows: Int, columns: Int) -> [UInt8] {
        var dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
        // numpy leaves room to rewrite the first axis with up to 21 digits.
        dict += String(repeating: " ", count: max(0, 21 - String(rows).count))
        let unpadded = magic.count + 2 + 2 + dict.utf8.count + 1
        let padding = (64 - unpadded % 64) % 64
        dict += String(repeating: " ", count: padding) + "\n"
        let length = dict.utf8.count
        return magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(dict.utf8)
    }

    /// The shape and data offset read from the start of a `.npy` file.
    public struct Header: Sendable, Hashable {
        /// Rows (the first axis).
        public var rows: Int
        /// Columns (the second axis).
        public var columns: Int
        /// Where the data starts.
        public var dataOffset: Int
    }

    /// Why a `.npy` header was refused.
    public enum HeaderError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The file does not start with `\x93NUMPY`.
        case notNPY
        /// A format version other than 1.0, 2.0 or 3.0.
        case version(major: UInt8, minor: UInt8)
        /// The file ends inside the header.
        case truncated
        /// The header dict is not the expected Python literal.
        case malformed(String)
        /// `descr` is not `<f4`.
        case dtype(String)
        /// `fortran_order` is `True`.
        case fortranOrder
        /// The shape is not 2-D.
        case dimensions(String)

        /// A short reason.
        public var description: String {
            switch self {
            case .notNPY: "no \\x93NUMPY magic"
            case .version(let major, let minor): "format version \(major).\(minor) is not 1.0, 2.0 or 3.0"
            case .truncated: "the file ends inside the header"
            case .malformed(let text): "header \(quoted(text)) is not a NumPy header dict"
            case .dtype(let descr): "dtype \(quoted(descr)) is not '<f4' (little-endian float32)"
            case .fortranOrder: "the array is in Fortran order, not C order"
            case .dimensions(let shape): "shape \(shape) is not 2-D"
            }
        }
    }

    /// Parses a header from the first bytes of a file (at least the first 12; the whole header to succeed).
    public static func parseHeader(_ bytes: UnsafeRawBufferPointer) -> Result<Header, HeaderError> {
        guard bytes.count >= 8 else { return .failure(bytes.count >= 6 && Array(bytes[0..<6]) == magic ? .truncated : .notNPY) }
        guard Array(bytes[0..<6]) == magic else { return .failure(.notNPY) }
        let major = bytes[6], minor = bytes[7]
        let lengthBytes: Int
        switch (major, minor) {
        case (1, 0): lengthBytes = 2
        case (2, 0), (3, 0): lengthBytes = 4
        default: return .failure(.version(major: major, minor: minor))
        }
        guard bytes.count >= 8 + lengthBytes else { return .failure(.truncated) }
        var length = 0
        for k in 0..<lengthBytes { length |= Int(bytes[8 + k]) << (8 * k) }
        let start = 8 + lengthBytes
        guard bytes.count >= start + length else { return .failure(.truncated) }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)]), as: UTF8.self)
        return parseDict(text).map { Header(rows: $0.rows, columns: $0.columns, dataOffset: start + length) }
    }

    /// Parses `{'descr': '<f4', 'fortran_order': False, 'shape': (R, C), }` with keys in any order.
    static func parseDict(_ text: String) -> Result<(rows: Int, columns: Int), HeaderError> {
        let trimmed = text.trimmingSpaces
        guard trimmed.hasPrefix("{"), trimmed.hasSuffix("}") else { return .failure(.malformed(text)) }
        var body = Substring(trimmed.dropFirst().dropLast())
        var descr: String?
        var fortran: Bool?
        var shape: [Int]?
        while true {
            body = body.drop { $0 == " " || $0 == "\n" }
            if body.isEmpty { break }
            guard let key = takeQuoted(&body) else { return .failure(.malformed(text)) }
            body = body.drop { $0 == " " }
            guard body.first == ":" else { return .failure(.malformed(text)) }
            body = body.dropFirst().drop { $0 == " " }
            switch key {
            case "descr":
                guard let value = takeQuoted(&body) else { return .failure(.malformed(text)) }
                descr = value
            case "fortran_order":
                if body.hasPrefix("False") {
                    fortran = false
                    body = body.dropFirst(5)
                } else if body.hasPrefix("True") {
                    fortran = true
                    body = body.dropFirst(4)
                } else {
                    return .failure(.malformed(text))
                }
            case "shape":
                guard body.first == "(", let close = body.firstIndex(of: ")") else { return .failure(.malformed(text)) }
                let inner = body[body.index(after: body.startIndex)..<close]
                body = body[body.index(after: close)...]
                var dims: [Int] = []
                for part in inner.split(separator: ",", omittingEmptySubsequences: false) {
                    let item = part.trimmingSpaces
                    if item.isEmpty { continue }
                    guard let value = Int(item), value >= 0 else { return .failure(.malformed(text)) }
                    dims.append(value)
                }
                shape = dims
            default:
                return .failure(.malformed(text))
            }
            body = body.drop { $0 == " " }
            if body.first == "," { body = body.dropFirst() } else if !body.isEmpty { return .failure(.malformed(text)) }
        }
        guard let descr, let fortran, let shape else { return .failure(.malformed(text)) }
        guard descr == "<f4" else { return .failure(.dtype(descr)) }
        guard !fortran else { return .failure(.fortranOrder) }
        guard shape.count == 2 else { return .failure(.dimensions("(" + shape.map(String.init).joined(separator: ", ") + ")")) }
        return .success((shape[0], shape[1]))
    }

    private static func takeQuoted(_ text: inout Substring) -> String? {
        guard let open = text.first, open == "'" || open == "\"" else { return nil }
        let rest = text.dropFirst()
        guard let close = rest.firstIndex(of: open) else { return nil }
        let value = String(rest[..<close])
        text = rest[rest.index(after: close)...]
        return value
    }

    /// Writes `values` (row-major, `rows * columns` long) as a `.npy` file.
    ///
    /// - Precondition: `values.count == rows * columns`.
    public static func write(
        _ values: SignalMatrix, rows: Int, columns: Int, to path: String, name: String
    ) throws(DistrictFileError) {
        precondition(values.count == rows * columns, "\(values.count) values for shape (\(rows), \(columns))")
        let sink = try ByteSink(path: path, name: name)
        try sink.append(bytes: header(rows: rows, columns: columns))
        #if _endian(big)
        let littleEndian = values.map { $0.bitPattern.littleEndian }
        try littleEndian.withUnsafeBytes { raw in Result { () throws(DistrictFileError) in try sink.append(raw: raw) } }.get()
        #else
        try values.withUnsafeBytes { raw throws(DistrictFileError) in try sink.append(raw: raw) }
        #endif
        try sink.finish()
    }

    /// Reads a `<f4` C-order 2-D `.npy` file into row-major values, checking its shape when `expected` is given.
    ///
    /// With ``DenseLoading/mapped`` (the default) the values are the file's own bytes, memory-mapped: nothing is
    /// copied, and the file must stay as it is while the values are in use (``DenseLoading``). Where a map is
    /// impossible, and with ``DenseLoading/copied``, the data is read with large `read(2)` calls straight into the
    /// matrix's memory (docs/performance.md, "Dense read").
    public static func read(
        path: String, name: String, expected: (rows: Int, columns: Int)? = nil, loading: DenseLoading = .mapped
    ) throws(DistrictFileError) -> (values: SignalMatrix, rows: Int, columns: Int) {
        let source = try ByteSource(path: path, name: name)
        let location = FileLocation(file: name)
        var head = [UInt8](repeating: 0, count: 4096)
        let got = try head.withUnsafeMutableBytes { raw in
            Result { () throws(DistrictFileError) in
                try source.readFully(into: raw.baseAddress!, count: raw.count, name: name)
            }
        }.get()
        let parsed = head.withUnsafeBytes { parseHeader(UnsafeRawBufferPointer(rebasing: $0[0..<got])) }
        let header: Header
        switch parsed {
        case .success(let value): header = value
        case .failure(let error): throw DistrictFileError(.npyHeader(error.description), at: location)
        }
        if let expected, expected.rows != header.rows || expected.columns != header.columns {
            throw DistrictFileError(
                .shapeMismatch(
                    expected: "(\(expected.rows), \(expected.columns)) from households.csv and meta.json",
                    found: "(\(header.rows), \(header.columns))"),
                at: location)
        }
        let (cells, overflow) = header.rows.multipliedReportingOverflow(by: header.columns)
        guard !overflow, cells <= Int.max / 8 else {
            throw DistrictFileError(.npyHeader("shape (\(header.rows), \(header.columns)) is too large"), at: location)
        }
        let needed = cells * 4
        // Check the size before allocating, so a header claiming a huge shape cannot make the reader allocate it.
        if let size = source.size, size - header.dataOffset != needed {
            let found = max(0, size - header.dataOffset)
            throw DistrictFileError(
                found < needed
                    ? .truncatedData(expectedBytes: needed, foundBytes: found)
                    : .npyHeader("the file holds more data than shape (\(header.rows), \(header.columns)) needs"),
                at: location)
        }
        if loading == .mapped, let values = mapped(source, header: header, cells: cells) {
            return (values, header.rows, header.columns)
        }
        let inHead = got - header.dataOffset
        var filled = 0
        var failure: DistrictFileError?
        let values = SignalMatrix(unsafeUninitializedCount: cells) { buffer in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            let fromHead = min(inHead, needed)
            if fromHead > 0 {
                head.withUnsafeBytes { h in
                    raw.baseAddress!.copyMemory(from: h.baseAddress! + header.dataOffset, byteCount: fromHead)
                }
            }
            filled = fromHead
            if filled < needed {
                switch Result(catching: { () throws(DistrictFileError) in
                    try source.readFully(into: raw.baseAddress! + filled, count: needed - filled, name: name)
                }) {
                case .success(let count): filled += count
                case .failure(let error): failure = error
                }
            }
            if filled < needed {
                // Zero the rest so the memory is initialised; the caller gets an error.
                (raw.baseAddress! + filled).initializeMemory(as: UInt8.self, repeating: 0, count: needed - filled)
            }
        }
        if let failure { throw failure }
        if filled < needed {
            throw DistrictFileError(.truncatedData(expectedBytes: needed, foundBytes: filled), at: location)
        }
        var spare: UInt8 = 0
        let more = try withUnsafeMutableBytes(of: &spare) { raw in
            Result { () throws(DistrictFileError) in try source.read(into: raw.baseAddress!, count: 1, name: name) }
        }.get()
        if inHead > needed || more > 0 {
            throw DistrictFileError(
                .npyHeader("the file holds more data than shape (\(header.rows), \(header.columns)) needs"),
                at: location)
        }
        #if _endian(big)
        let swapped = SignalMatrix(values.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) })
        return (swapped, header.rows, header.columns)
        #else
        return (values, header.rows, header.columns)
        #endif
    }

    /// The file's values as a private read-only map of it, or `nil` where they cannot be used in place: a file that is
    /// not regular or cannot be mapped, a data offset not aligned for `Float`, no values, or a big-endian machine.
    /// The caller has checked that the file's size is exactly the header plus the shape's data.
    private static func mapped(_ source: ByteSource, header: Header, cells: Int) -> SignalMatrix? {
        #if _endian(little)
        guard cells > 0, header.dataOffset % MemoryLayout<Float>.alignment == 0, let size = source.size,
            size == header.dataOffset + cells * MemoryLayout<Float>.stride,
            let map = source.map(length: size)
        else { return nil }
        let address = Int(bitPattern: map)
        return SignalMatrix(
            adopting: (map + header.dataOffset).bindMemory(to: Float.self, capacity: cells), count: cells,
            makeWritable: { mprotect(UnsafeMutableRawPointer(bitPattern: address), size, PROT_READ | PROT_WRITE) == 0 },
            release: { _ = munmap(UnsafeMutableRawPointer(bitPattern: address), size) })
        #else
        return nil
        #endif
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
