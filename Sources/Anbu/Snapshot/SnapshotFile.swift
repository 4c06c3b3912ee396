#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The snapshot file around the payload (docs/reliability.md, "Snapshot format"):
///
/// ```
/// header   magic "ANBUSNAP" (8 bytes) · schema version (UInt32) · flags (UInt32, 0 in versions 1 to 12)
/// payload  the monitor's state, as StateArchive writes it
/// trailer  payload length (UInt64) · CRC-32C of header and payload (UInt32) · 0 (UInt32) · end marker "ANBU_END"
/// ```
///
/// All numbers little-endian. The version is checked before anything else, so a newer file is reported as newer and
/// not as corrupt; the end marker tells a file cut short from one whose bytes changed (the checksum).
enum SnapshotFile {
    static let magic = Array("ANBUSNAP".utf8)
    static let endMarker = Array("ANBU_END".utf8)
    /// The schema version this Anbu writes and the newest it reads.
    static let version: UInt32 = 12
    static let headerSize = 16
    static let trailerSize = 24

    /// Writes a snapshot atomically: `body` writes the payload into a temporary file beside `file`, which is then
    /// flushed (`fsync`), renamed over `file`, and the directory flushed, so `file` is either the old snapshot or the
    /// complete new one, even across a crash or a power cut. The file is readable by its owner only.
    static func write(
        to file: String, _ body: (inout StateArchive) throws(SnapshotError) -> Void
    ) throws(SnapshotError) {
        let directory = Self.directory(of: file)
        let temporary = "\(file).partial-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Self.failure(temporary, "open") }
        let writer = SnapshotWriter(fd: fd, file: temporary)
        do throws(SnapshotError) {
            var header = magic
            withUnsafeBytes(of: version.littleEndian) { header += $0 }
            withUnsafeBytes(of: UInt32(0)) { header += $0 }
            header.withUnsafeBytes { writer.append($0) }
            var archive = StateArchive(writingTo: writer)
            try body(&archive)
            try writer.finish(payloadLength: UInt64(writer.written - headerSize))
            guard fsync(fd) == 0 else { throw Self.failure(temporary, "fsync") }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        guard close(fd) == 0 else {
            let failure = Self.failure(temporary, "close")
            unlink(temporary)
            throw failure
        }
        guard rename(temporary, file) == 0 else {
            let failure = Self.failure(file, "rename from \(temporary)")
            unlink(temporary)
            throw failure
        }
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directoryFD >= 0 else { throw Self.failure(directory, "open directory") }
        defer { close(directoryFD) }
        guard fsync(directoryFD) == 0 else { throw Self.failure(directory, "fsync directory") }
    }

    /// Reads a snapshot file and checks its header, end marker and checksum.
    ///
    /// - Returns: the file's bytes and the range of its payload.
    static func verified(_ file: String) throws(SnapshotError) -> (bytes: [UInt8], payload: Range<Int>) {
        let bytes = try contents(of: file)
        let size = bytes.count
        guard size >= headerSize else {
            throw bytes.elementsEqual(magic.prefix(size)) ? .truncated(file: file, size: size) : .notASnapshot(file: file)
        }
        guard bytes[0..<8].elementsEqual(magic) else { throw .notASnapshot(file: file) }
        let fileVersion = load(UInt32.self, bytes, at: 8)
        guard fileVersion <= version else { throw .newerVersion(file: file, version: fileVersion, supported: version) }
        guard fileVersion >= version else {
            // Version 1 kept each detector's state for all households at once; version 2 keeps it per block; version 3
            // adds the silence detector's still-phone power counts; version 4 replaces routine deviation's per-slot
            // means by seasonal baselines; versions 5 to 7 (session 6) add silence's quiet-stretch ratios, then its
            // phone-alone history (PhoneAloneQuiet), then the power-level detector; version 8 keeps silence's per-slot
            // counts and quiet history in one record per household and slot, the counts in half precision; version 9
            // adds the phone-stays-off detector; version 10 splits silence's record in two, the life-sign counts
            // (`Float16`) and the quiet history (session 7); version 11 adds silence's unanswered-calls section (the
            // contact gaps of call-log-only homes, session 9); version 12 keeps each alert's caseworker outcome (one
            // per alert, session 11).
            throw .corrupt(
                file: file, offset: 8, problem: "schema version \(fileVersion) is older than this Anbu reads "
                    + "(\(version)): older snapshots are not read (CHANGELOG.md); rerun from the data")
        }
        let flags = load(UInt32.self, bytes, at: 12)
        guard flags == 0 else {
            throw .corrupt(file: file, offset: 12, problem: "unknown flags 0x\(String(flags, radix: 16))")
        }
        guard size >= headerSize + trailerSize, bytes[(size - 8)...].elementsEqual(endMarker) else {
            throw .truncated(file: file, size: size)
        }
        let trailer = size - trailerSize
        let length = load(UInt64.self, bytes, at: trailer)
        guard length == UInt64(trailer - headerSize) else {
            throw .corrupt(file: file, offset: trailer,
                           problem: "payload length \(length), but the file holds \(trailer - headerSize) bytes")
        }
        let stored = load(UInt32.self, bytes, at: trailer + 8)
        let computed = bytes.withUnsafeBytes { CRC32C.update(0, UnsafeRawBufferPointer(rebasing: $0[0..<trailer])) }
        guard stored == computed else { throw .checksumMismatch(file: file, stored: stored, computed: computed) }
        return (bytes, headerSize..<trailer)
    }

    private static func load<Value: FixedWidthInteger>(_: Value.Type, _ bytes: [UInt8], at offset: Int) -> Value {
        bytes.withUnsafeBytes { Value(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: Value.self)) }
    }

    /// The whole file; its size comes from the file system, so a crafted length inside it allocates nothing.
    private static func contents(of file: String) throws(SnapshotError) -> [UInt8] {
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(file, "open") }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw failure(file, "stat") }
        let size = Int(status.st_size)
        var failedErrno: Int32 = 0
        var done = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            while done < size {
                let n = read(fd, buffer.baseAddress! + done, size - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else {
                    failedErrno = n < 0 ? errno : 0
                    break
                }
                done += n
            }
            initialized = done
        }
        guard failedErrno == 0 else { throw failure(file, "read", errno: failedErrno) }
        return bytes
    }

    private static func directory(of file: String) -> String {
        guard let slash = file.lastIndex(of: "/") else { return "." }
        return slash == file.startIndex ? "/" : String(file[..<slash])
    }

    /// The ``SnapshotError/io(file:operation:reason:)`` for the last system call.
    static func failure(_ file: String, _ operation: String, errno code: Int32 = errno) -> SnapshotError {
        .io(file: file, operation: operation, reason: String(cString: strerror(code)))
    }
}

/// Streams a snapshot to a file descriptor through a buffer, keeping the running checksum and byte count.
///
/// A failed `write` is kept and reported by ``finish(payloadLength:)``; appends after it write nothing.
final class SnapshotWriter {
    let file: String
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var checksum: UInt32 = 0
    private var failure: SnapshotError?
    /// Bytes appended so far (header and payload).
    private(set) var written = 0
    private static let bufferSize = 1 << 20

    init(fd: Int32, file: String) {
        self.fd = fd
        self.file = file
        buffer.reserveCapacity(Self.bufferSize)
    }

    /// Appends bytes to the checksummed part of the file.
    func append(_ bytes: UnsafeRawBufferPointer) {
        written += bytes.count
        checksum = CRC32C.update(checksum, bytes)
        if buffer.count + bytes.count > Self.bufferSize { flush() }
        if bytes.count >= Self.bufferSize {
            writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Writes the trailer and everything still buffered.
    ///
    /// - Throws: the first failed `write`.
    func finish(payloadLength: UInt64) throws(SnapshotError) {
        var trailer: [UInt8] = []
        withUnsafeBytes(of: payloadLength.littleEndian) { trailer += $0 }
        withUnsafeBytes(of: checksum.littleEndian) { trailer += $0 }
        withUnsafeBytes(of: UInt32(0)) { trailer += $0 }
        trailer += SnapshotFile.endMarker
        buffer += trailer
        flush()
        if let failure { throw failure }
    }

    private func flush() {
        let pending = buffer
        buffer.removeAll(keepingCapacity: true)
        pending.withUnsafeBytes { writeAll($0) }
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) {
        var done = 0
        while failure == nil && done < bytes.count {
            let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                failure = SnapshotFile.failure(file, "write")
                return
            }
            done += n
        }
    }
}
