// libFuzzer harness for the .npy reader and the dense/meta.json parser.
// Built by fuzz/build.sh into one module with AnbuIO's sources. The input is written to a file under /dev/shm and
// read as a .npy file (mapped and copied, with and without an expected shape; both must give the same values) and
// parsed as meta.json.

import Anbu
import Glibc

let fuzzPath = "/dev/shm/anbu-fuzz-npy-\(getpid()).npy"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPY(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = fopen(fuzzPath, "wb")!
    fwrite(data, 1, size, file)
    fclose(file)
    let mapped = try? NPY.read(path: fuzzPath, name: "dense/x.npy")
    let copied = try? NPY.read(path: fuzzPath, name: "dense/x.npy", loading: .copied)
    precondition((mapped == nil) == (copied == nil), "mapped and copied reads disagree on success")
    if let mapped, let copied {
        precondition(mapped.values.count == mapped.rows * mapped.columns)
        precondition(mapped.values.map(\.bitPattern) == copied.values.map(\.bitPattern))
    }
    _ = try? NPY.read(path: fuzzPath, name: "dense/x.npy", expected: (2, 3))
    _ = NPY.parseHeader(UnsafeRawBufferPointer(start: data, count: size))
    _ = try? DenseMeta.parse(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
