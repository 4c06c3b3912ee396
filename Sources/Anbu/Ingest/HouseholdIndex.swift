/// Maps household identifiers to dense row indices (their order in households.csv), built once per district.
///
/// An open-addressing hash table over the identifiers' UTF-8 bytes, so a reader can look a household up straight
/// from the bytes of a file without making a `String`.
///
/// - Complexity: building is O(n); a lookup hashes the identifier (8 bytes at a time) and compares it once in the
///   common case. About 16 bytes per household plus the identifiers' text.
public struct HouseholdIndex: Sendable {
    /// The identifiers, in row order.
    public let ids: [HouseholdID]
    /// Rows whose identifier repeats an earlier row's: `(row, firstRow)`. Lookups return the first row.
    public let duplicates: [(row: Int, firstRow: Int)]

    @usableFromInline let bytes: [UInt8]
    @usableFromInline let offsets: [Int32]  // ids.count + 1 entries into `bytes`
    @usableFromInline let slots: [Int32]  // row + 1, or 0 for an empty slot
    @usableFromInline let mask: Int

    /// An index over `ids` in row order.
    public init(_ ids: [HouseholdID]) {
        self.ids = ids
        var bytes: [UInt8] = []
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(ids.count + 1)
        for id in ids {
            bytes.append(contentsOf: id.rawValue.utf8)
            offsets.append(Int32(bytes.count))
        }
        self.bytes = bytes
        self.offsets = offsets
        var capacity = 16
        while capacity < ids.count * 2 { capacity <<= 1 }
        mask = capacity - 1
        var slots = [Int32](repeating: 0, count: capacity)
        var duplicates: [(row: Int, firstRow: Int)] = []
        bytes.withUnsafeBytes { all in
            for row in ids.indices {
                let key = UnsafeRawBufferPointer(rebasing: all[Int(offsets[row])..<Int(offsets[row + 1])])
                var slot = Self.hash(key) & (capacity - 1)
                while true {
                    let occupant = Int(slots[slot])
                    if occupant == 0 {
                        slots[slot] = Int32(row + 1)
                        break
                    }
                    let other = UnsafeRawBufferPointer(
                        rebasing: all[Int(offsets[occupant - 1])..<Int(offsets[occupant])])
                    if Self.equal(key, other) {
                        duplicates.append((row, occupant - 1))
                        break
                    }
                    slot = (slot + 1) & (capacity - 1)
                }
            }
        }
        self.slots = slots
        self.duplicates = duplicates
    }

    /// The number of households.
    public var count: Int { ids.count }

    /// The row of `id`, or `nil` when the district has no such household.
    public func row(of id: HouseholdID) -> Int? {
        var text = id.rawValue
        return text.withUTF8 { row(ofUTF8: UnsafeRawBufferPointer($0)) }
    }

    /// The row of the household whose identifier is these UTF-8 bytes, or `nil`.
    @inlinable
    public func row(ofUTF8 key: UnsafeRawBufferPointer) -> Int? {
        var slot = Self.hash(key) & mask
        return slots.withUnsafeBufferPointer { slots in
            bytes.withUnsafeBytes { all in
                offsets.withUnsafeBufferPointer { offsets in
                    while true {
                        let occupant = Int(slots[slot])
                        if occupant == 0 { return nil }
                        let start = Int(offsets[occupant - 1]), end = Int(offsets[occupant])
                        if end - start == key.count,
                            Self.equal(key, UnsafeRawBufferPointer(rebasing: all[start..<end]))
                        {
                            return occupant - 1
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    @inlinable
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        var i = 0
        while i + 8 <= a.count {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            {
                return false
            }
            i += 8
        }
        while i < a.count {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    /// A 64-bit multiplicative hash of the bytes, 8 at a time.
    @inlinable
    static func hash(_ key: UnsafeRawBufferPointer) -> Int {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        var i = 0
        while i + 8 <= key.count {
            h = (h ^ key.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 29
            i += 8
        }
        if i < key.count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < key.count {
                tail |= UInt64(key[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        }
        h ^= h >> 32
        h = h &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: h >> 16)
    }
}
