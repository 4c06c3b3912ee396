/// Why a snapshot could not be written or read back. A failed read never changes or half-restores a monitor.
public enum SnapshotError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The system refused an operation on the file (`open`, `write`, `fsync`, `rename`, …), with its reason.
    case io(file: String, operation: String, reason: String)
    /// The file does not start with the snapshot's magic bytes: it is not an Anbu snapshot.
    case notASnapshot(file: String)
    /// The file was written by a newer Anbu, in a schema version this one cannot read.
    case newerVersion(file: String, version: UInt32, supported: UInt32)
    /// The file ends before its end marker: it was cut short (a crash while copying, a full disk).
    case truncated(file: String, size: Int)
    /// The checksum stored in the file does not match its content: bytes changed after it was written.
    case checksumMismatch(file: String, stored: UInt32, computed: UInt32)
    /// The content is inconsistent although its checksum holds (a bug, or a file made by hand), at a byte offset.
    case corrupt(file: String, offset: Int, problem: String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .io(let file, let operation, let reason): "\(file): \(operation) failed: \(reason)"
        case .notASnapshot(let file): "\(file): not an Anbu snapshot (wrong magic bytes)"
        case .newerVersion(let file, let version, let supported):
            "\(file): snapshot schema version \(version) is newer than this Anbu reads (\(supported))"
        case .truncated(let file, let size): "\(file): truncated: \(size) bytes and no end marker"
        case .checksumMismatch(let file, let stored, let computed):
            "\(file): checksum mismatch: stored \(Self.hex(stored)), content \(Self.hex(computed))"
        case .corrupt(let file, let offset, let problem): "\(file): corrupt at byte \(offset): \(problem)"
        }
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
