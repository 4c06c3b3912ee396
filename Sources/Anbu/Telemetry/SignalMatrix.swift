#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// One signal of a ``DenseDistrict``: a `[households × bins]` row-major matrix of `Float`, row `h` at
/// `h * bins`, NaN where a bin is missing.
///
/// A collection of `Float` with value semantics, used like `[Float]` (subscripts, `count`, `withUnsafeBufferPointer`,
/// `Array(matrix)`). Its memory is either its own or a read-only memory map of a `.npy` file's data (AnbuIO's
/// `DenseForm.read` maps the files so that loading a district copies nothing). Mutating a copy that shares memory
/// copies it first, as `Array` does; mutating a mapped matrix that nothing shares copies only the pages it writes
/// (the map is private: the file is never written).
///
/// - Complexity: Reading an element is O(1) with one bounds check, as for `Array`. The first mutation of a shared
///   matrix is O(`count`).
public struct SignalMatrix: @unchecked Sendable {
    // Sendable as `Array` is: the memory is owned by `storage` and written only through a uniquely referenced one.
    @usableFromInline internal var storage: Storage
    /// `storage.base`, kept beside it so that reading an element is one load.
    @usableFromInline internal var base: UnsafeMutablePointer<Float>
    /// The number of values (households × bins).
    public let count: Int

    @inlinable
    internal init(storage: Storage) {
        self.storage = storage
        base = storage.base
        count = storage.count
    }

    /// An empty matrix.
    public init() { self.init(storage: Storage(allocating: 0)) }

    /// A matrix of `count` copies of `value`.
    public init(repeating value: Float, count: Int) {
        precondition(count >= 0, "negative count \(count)")
        let storage = Storage(allocating: count)
        storage.base.initialize(repeating: value, count: count)
        self.init(storage: storage)
    }

    /// A matrix holding `values`, in order.
    public init(_ values: some Sequence<Float>) {
        if let matrix = values as? SignalMatrix {
            self = matrix
            return
        }
        let copied = values.withContiguousStorageIfAvailable { buffer in
            let storage = Storage(allocating: buffer.count)
            if let source = buffer.baseAddress { storage.base.initialize(from: source, count: buffer.count) }
            return storage
        }
        self.init(storage: copied ?? Self(Array(values)).storage)
    }

    /// A matrix of `count` values written by `initializer`, which must initialize every element of the buffer it is
    /// given (for writers that produce the values in place, such as a file read).
    ///
    /// Large matrices are placed on 2 MiB boundaries and advised to use transparent huge pages (Linux), so that
    /// touching them first costs 512 times fewer page faults.
    public init<E: Error>(
        unsafeUninitializedCount count: Int,
        initializingWith initializer: (UnsafeMutableBufferPointer<Float>) throws(E) -> Void
    ) throws(E) {
        precondition(count >= 0, "negative count \(count)")
        let storage = Storage(allocating: count)
        try initializer(UnsafeMutableBufferPointer(start: storage.base, count: count))
        self.init(storage: storage)
    }

    /// A matrix over `count` values at `base` that someone else owns, typically a memory map: `release` is called
    /// once when the last copy goes away; `makeWritable` is asked once, before the first mutation, to make the
    /// memory writable without changing its source (a private map's `mprotect`), and returning `false` makes the
    /// first mutation copy instead.
    package init(
        adopting base: UnsafeMutablePointer<Float>, count: Int, makeWritable: @escaping @Sendable () -> Bool,
        release: @escaping @Sendable () -> Void
    ) {
        self.init(storage: Storage(adopting: base, count: count, makeWritable: makeWritable, release: release))
    }

    /// Whether the values live in memory that another owner lent (a memory-mapped file) rather than memory of
    /// their own.
    package var isAdopted: Bool { storage.isAdopted }

    /// Calls `body` with the values' memory.
    @inlinable
    public func withUnsafeBufferPointer<R, E: Error>(
        _ body: (UnsafeBufferPointer<Float>) throws(E) -> R
    ) throws(E) -> R {
        try withExtendedLifetime(storage) { () throws(E) -> R in
            try body(UnsafeBufferPointer(start: base, count: count))
        }
    }

    /// Calls `body` with the values' memory as bytes.
    @inlinable
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try withUnsafeBufferPointer { (buffer) throws(E) -> R in try body(UnsafeRawBufferPointer(buffer)) }
    }

    /// Calls `body` with the values' memory for writing, copying it first when it is shared.
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R, E: Error>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws(E) -> R
    ) throws(E) -> R {
        makeUniqueAndWritable()
        return try withExtendedLifetime(storage) { () throws(E) -> R in
            try body(UnsafeMutableBufferPointer(start: base, count: count))
        }
    }

    @inlinable
    internal mutating func makeUniqueAndWritable() {
        if _slowPath(!isKnownUniquelyReferenced(&storage) || !storage.isWritable) { separate() }
    }

    /// Makes `storage` this matrix's own and writable: a writable adopted memory when possible, a copy otherwise.
    @usableFromInline
    internal mutating func separate() {
        if isKnownUniquelyReferenced(&storage), storage.becomeWritable() { return }
        let copy = Storage(allocating: count)
        copy.base.initialize(from: base, count: count)
        self = SignalMatrix(storage: copy)
    }
}

extension SignalMatrix {
    /// The memory behind a ``SignalMatrix``: allocated here, or adopted from an owner (a memory map) that releases it.
    @usableFromInline
    internal final class Storage: @unchecked Sendable {
        @usableFromInline let base: UnsafeMutablePointer<Float>
        @usableFromInline let count: Int
        /// Whether the memory may be written; adopted memory starts read-only.
        @usableFromInline private(set) var isWritable: Bool
        private let makeWritable: (@Sendable () -> Bool)?
        private let release: (@Sendable () -> Void)?

        /// Uninitialized memory for `count` values.
        init(allocating count: Int) {
            let bytes = Swift.max(count, 1) * MemoryLayout<Float>.stride
            let hugePage = 1 << 21
            let alignment = bytes >= 2 * hugePage ? hugePage : 64
            var memory: UnsafeMutableRawPointer?
            guard posix_memalign(&memory, alignment, bytes) == 0, let memory else {
                fatalError("out of memory: \(bytes) bytes for a signal matrix")
            }
            #if os(Linux)
            if alignment == hugePage {
                _ = madvise(memory, bytes & ~(hugePage - 1), MADV_HUGEPAGE)
            }
            #endif
            base = memory.bindMemory(to: Float.self, capacity: Swift.max(count, 1))
            self.count = count
            isWritable = true
            makeWritable = nil
            release = nil
        }

        init(
            adopting base: UnsafeMutablePointer<Float>, count: Int, makeWritable: @escaping @Sendable () -> Bool,
            release: @escaping @Sendable () -> Void
        ) {
            self.base = base
            self.count = count
            isWritable = false
            self.makeWritable = makeWritable
            self.release = release
        }

        var isAdopted: Bool { release != nil }

        /// Makes adopted memory writable; `false` when its owner cannot.
        func becomeWritable() -> Bool {
            if !isWritable, let makeWritable, makeWritable() { isWritable = true }
            return isWritable
        }

        deinit {
            if let release { release() } else { free(base) }
        }
    }
}

extension SignalMatrix: RandomAccessCollection, MutableCollection {
    /// The position of the first value (0).
    @inlinable public var startIndex: Int { 0 }

    /// The position after the last value (`count`).
    @inlinable public var endIndex: Int { count }

    /// The value at `position` (row-major: household `h`, bin `b` at `h * bins + b`).
    @inlinable
    public subscript(position: Int) -> Float {
        get {
            precondition(UInt(bitPattern: position) < UInt(bitPattern: count), "index \(position) outside 0..<\(count)")
            return withExtendedLifetime(storage) { base[position] }
        }
        set {
            precondition(UInt(bitPattern: position) < UInt(bitPattern: count), "index \(position) outside 0..<\(count)")
            makeUniqueAndWritable()
            base[position] = newValue
        }
    }

    /// Calls `body` with the values' memory (always available).
    @inlinable
    public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R? {
        try withExtendedLifetime(storage) { try body(UnsafeBufferPointer(start: base, count: count)) }
    }

    /// Calls `body` with the values' memory for writing, copying it first when it is shared (always available).
    @inlinable
    public mutating func withContiguousMutableStorageIfAvailable<R>(
        _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R? {
        makeUniqueAndWritable()
        var buffer = UnsafeMutableBufferPointer(start: base, count: count)
        return try withExtendedLifetime(storage) { try body(&buffer) }
    }
}

extension SignalMatrix: ExpressibleByArrayLiteral {
    /// A matrix holding the literal's values.
    public init(arrayLiteral values: Float...) { self.init(values) }
}
