#if _endian(big)
#error("The snapshot format is little-endian and StateArchive copies values as they lie in memory")
#endif

/// A value the archive copies as the bytes it lies in memory as (little-endian); every bit pattern is a valid value.
protocol ArchiveScalar: BitwiseCopyable {}
extension Float: ArchiveScalar {}
extension Double: ArchiveScalar {}
extension UInt8: ArchiveScalar {}
extension UInt16: ArchiveScalar {}
extension UInt32: ArchiveScalar {}
extension Int32: ArchiveScalar {}
extension Int64: ArchiveScalar {}
extension UInt64: ArchiveScalar {}
extension Int: ArchiveScalar {}  // 8 bytes: Anbu supports 64-bit platforms only

/// The symmetric visitor of snapshots: each component lists its stored state once, in one method
/// (`mutating func archive(_ archive: inout StateArchive) throws(SnapshotError)`), and the same method writes a
/// snapshot or reads one back, depending on the archive's direction.
///
/// Reading replaces each listed value by the stored one. ``values(_:)`` is for arrays whose length registration
/// already fixed (per household, per slot): the stored length must equal the array's, so a restored component is
/// never shaped differently from a registered one. ``list(_:)`` is for arrays whose length is state (alerts,
/// absences); a stored length is accepted only when the file holds that many bytes. ``section(_:)`` writes a name that
/// reading checks, so an error says where it is. ``require(_:_:)`` states what else must hold for the state to be
/// used without a crash (an index in range, a tier that exists); it checks only when reading.
///
/// Encoding: a length is a little-endian `UInt64`, values follow as their little-endian bytes; a section name is a
/// list of UTF-8 bytes. docs/reliability.md specifies the file around them.
struct StateArchive {
    /// Whether the archive reads (restores) rather than writes.
    let isReading: Bool
    private let output: SnapshotWriter?
    private let input: [UInt8]
    private let file: String
    /// The next byte to read in `input`, and the end of the payload.
    private var position: Int
    private let end: Int
    private var currentSection = "header"

    /// An archive that writes to `output`.
    init(writingTo output: SnapshotWriter) {
        isReading = false
        self.output = output
        input = []
        file = output.file
        position = 0
        end = 0
    }

    /// An archive that reads the payload `bytes[payload]` of `file`.
    init(reading bytes: [UInt8], payload: Range<Int>, file: String) {
        isReading = true
        output = nil
        input = bytes
        self.file = file
        position = payload.lowerBound
        end = payload.upperBound
    }

    /// The bytes of the payload not yet read.
    var remaining: Int { end - position }

    /// A named section: written, or checked when reading.
    mutating func section(_ name: String) throws(SnapshotError) {
        var stored = Array(name.utf8)
        try list(&stored)
        try require(stored.elementsEqual(name.utf8), "expected section \(name), found \(String(decoding: stored, as: UTF8.self))")
        currentSection = name
    }

    /// One value.
    mutating func value<Scalar: ArchiveScalar>(_ value: inout Scalar) throws(SnapshotError) {
        if let output {
            withUnsafeBytes(of: value) { output.append($0) }
        } else {
            try need(MemoryLayout<Scalar>.size, "a value")
            value = input.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: position, as: Scalar.self) }
            position += MemoryLayout<Scalar>.size
        }
    }

    /// An array whose length registration fixed: reading requires the stored length to equal `array.count`.
    mutating func values<Scalar: ArchiveScalar>(_ array: inout [Scalar]) throws(SnapshotError) {
        try elements(&array, fixedCount: array.count)
    }

    /// An array whose length is part of the state: reading accepts any length the file holds.
    mutating func list<Scalar: ArchiveScalar>(_ array: inout [Scalar]) throws(SnapshotError) {
        try elements(&array, fixedCount: nil)
    }

    /// An array of flags, stored one byte each; reading accepts only 0 and 1.
    mutating func flags(_ array: inout [Bool]) throws(SnapshotError) {
        var bytes = array.map { $0 ? UInt8(1) : 0 }
        try values(&bytes)
        try require(bytes.allSatisfy { $0 <= 1 }, "a flag other than 0 or 1")
        array = bytes.map { $0 == 1 }
    }

    /// Text, stored as a list of UTF-8 bytes; reading requires valid UTF-8.
    mutating func text(_ string: inout String) throws(SnapshotError) {
        var bytes = Array(string.utf8)
        try list(&bytes)
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw corrupt("text that is not UTF-8")
        }
        string = decoded
    }

    /// When reading, throws ``SnapshotError/corrupt(file:offset:problem:)`` unless `condition` holds.
    func require(_ condition: @autoclosure () -> Bool, _ problem: @autoclosure () -> String)
        throws(SnapshotError)
    {
        if isReading && !condition() { throw corrupt(problem()) }
    }

    /// A ``SnapshotError/corrupt(file:offset:problem:)`` at the current position, naming the section.
    func corrupt(_ problem: String) -> SnapshotError {
        .corrupt(file: file, offset: position, problem: "section \(currentSection): \(problem)")
    }

    private mutating func elements<Scalar: ArchiveScalar>(_ array: inout [Scalar], fixedCount: Int?)
        throws(SnapshotError)
    {
        var count = UInt64(array.count)
        try value(&count)
        if let output {
            array.withUnsafeBytes { output.append($0) }
            return
        }
        let stride = MemoryLayout<Scalar>.stride
        if let fixedCount, count != UInt64(fixedCount) {
            throw corrupt("\(count) values where the registered households need \(fixedCount)")
        }
        guard count <= UInt64(remaining / stride) else {
            throw corrupt("\(count) values of \(stride) bytes, but only \(remaining) bytes remain")
        }
        let n = Int(count)
        let start = position
        array = [Scalar](unsafeUninitializedCapacity: n) { buffer, initialized in
            input.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: source[start..<(start + n * stride)]))
            }
            initialized = n
        }
        position += n * stride
    }

    private func need(_ bytes: Int, _ what: String) throws(SnapshotError) {
        guard remaining >= bytes else { throw corrupt("\(what) of \(bytes) bytes, but only \(remaining) remain") }
    }
}
