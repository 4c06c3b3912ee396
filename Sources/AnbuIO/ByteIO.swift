#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// An open file read in large blocks with `read(2)`, straight into the caller's buffer.
final class ByteSource {
    let path: String
    private let descriptor: Int32

    init(path: String, name: String) throws(DistrictFileError) {
        self.path = path
        descriptor = open(path, O_RDONLY)
        if descriptor < 0 {
            let code = errno
            throw DistrictFileError(
                code == ENOENT ? .missingFile : .io("cannot open \(path): \(String(cString: strerror(code)))"),
                at: FileLocation(file: name))
        }
    }

    deinit { close(descriptor) }

    /// The file's size in bytes, or `nil` when the system cannot tell (a pipe).
    var size: Int? {
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(status.st_size)
    }

    /// A private, read-only memory map of the whole file (`length` bytes, the file's size), or `nil` when the system
    /// cannot map it (then read it). The map outlives this source; `munmap` releases it.
    ///
    /// Pages are mapped when first touched, with no advice: measured on d5k and d100k, none of `MAP_POPULATE`,
    /// `MADV_WILLNEED` or a 2 MiB-aligned map with `MADV_HUGEPAGE` made loading plus one pass over the values
    /// reliably faster, warm or cold (docs/performance.md, "Dense read").
    func map(length: Int) -> UnsafeMutableRawPointer? {
        guard length > 0 else { return nil }
        guard let memory = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, 0), memory != MAP_FAILED else {
            return nil
        }
        return memory
    }

    /// Reads up to `count` bytes into `buffer`; returns the number read, 0 at the end of the file.
    func read(into buffer: UnsafeMutableRawPointer, count: Int, name: String) throws(DistrictFileError) -> Int {
        while true {
            let got = Glibc_read(descriptor, buffer, count)
            if got >= 0 { return got }
            let code = errno
            if code == EINTR { continue }
            throw DistrictFileError(
                .io("cannot read \(path): \(String(cString: strerror(code)))"), at: FileLocation(file: name))
        }
    }

    /// Reads until `count` bytes are in or the file ends; returns the number read.
    func readFully(into buffer: UnsafeMutableRawPointer, count: Int, name: String) throws(DistrictFileError) -> Int {
        var total = 0
        while total < count {
            let got = try read(into: buffer + total, count: count - total, name: name)
            if got == 0 { break }
            total += got
        }
        return total
    }

    /// The whole file.
    static func contents(of path: String, name: String) throws(DistrictFileError) -> [UInt8] {
        let source = try ByteSource(path: path, name: name)
        var bytes: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = try block.withUnsafeMutableBytes { raw in
                Result { () throws(DistrictFileError) in
                    try source.read(into: raw.baseAddress!, count: raw.count, name: name)
                }
            }.get()
            if got == 0 { break }
            bytes.append(contentsOf: block[0..<got])
        }
        return bytes
    }
}

/// A file written through a large buffer with `write(2)`.
final class ByteSink {
    let path: String
    let name: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private let flushAt: Int

    init(path: String, name: String, bufferSize: Int = 1 << 22) throws(DistrictFileError) {
        self.path = path
        self.name = name
        flushAt = bufferSize
        // A regular file already at `path` is replaced by a new one, not truncated: a reader that memory-mapped the old
        // file (`DenseForm.read`) keeps its data instead of faulting on pages that vanished.
        var status = stat()
        if stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG { unlink(path) }
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if descriptor < 0 {
            throw DistrictFileError(
                .io("cannot create \(path): \(String(cString: strerror(errno)))"), at: FileLocation(file: name))
        }
        buffer.reserveCapacity(bufferSize + 4096)
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    @inline(__always)
    func append(_ byte: UInt8) throws(DistrictFileError) {
        buffer.append(byte)
        if buffer.count >= flushAt { try flush() }
    }

    func append(_ text: String) throws(DistrictFileError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= flushAt { try flush() }
    }

    func append<Bytes: Sequence<UInt8>>(bytes: Bytes) throws(DistrictFileError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= flushAt { try flush() }
    }

    /// Appends raw memory, bypassing the buffer when it is large.
    func append(raw: UnsafeRawBufferPointer) throws(DistrictFileError) {
        if raw.count < flushAt {
            buffer.append(contentsOf: raw)
            if buffer.count >= flushAt { try flush() }
        } else {
            try flush()
            try writeAll(raw)
        }
    }

    /// Gives direct access to the buffer for formatting without intermediate strings.
    func withBuffer(_ body: (inout [UInt8]) -> Void) throws(DistrictFileError) {
        body(&buffer)
        if buffer.count >= flushAt { try flush() }
    }

    func flush() throws(DistrictFileError) {
        guard !buffer.isEmpty else { return }
        let pending = buffer
        buffer.removeAll(keepingCapacity: true)
        try pending.withUnsafeBytes { raw in Result { () throws(DistrictFileError) in try writeAll(raw) } }.get()
    }

    private func writeAll(_ raw: UnsafeRawBufferPointer) throws(DistrictFileError) {
        var done = 0
        while done < raw.count {
            let wrote = Glibc_write(descriptor, raw.baseAddress! + done, raw.count - done)
            if wrote < 0 {
                if errno == EINTR { continue }
                throw DistrictFileError(
                    .io("cannot write \(path): \(String(cString: strerror(errno)))"), at: FileLocation(file: name))
            }
            done += wrote
        }
    }

    /// Flushes and closes the file.
    func finish() throws(DistrictFileError) {
        try flush()
        if close(descriptor) != 0 {
            descriptor = -1
            throw DistrictFileError(
                .io("cannot close \(path): \(String(cString: strerror(errno)))"), at: FileLocation(file: name))
        }
        descriptor = -1
    }
}

@inline(__always)
private func Glibc_read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}

@inline(__always)
private func Glibc_write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

/// Creates `path` and its parents when missing.
func makeDirectory(_ path: String) throws(DistrictFileError) {
    var current = path.hasPrefix("/") ? "" : "."
    for part in path.split(separator: "/") {
        current += "/" + part
        if mkdir(current, 0o755) != 0 && errno != EEXIST {
            throw DistrictFileError(
                .io("cannot create directory \(current): \(String(cString: strerror(errno)))"),
                at: FileLocation(file: path))
        }
    }
}

/// Whether a file or directory exists at `path`.
func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }
