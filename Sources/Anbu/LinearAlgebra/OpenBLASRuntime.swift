internal import CAnbuOpenBLAS
import Foundation

/// What the loaded OpenBLAS says about itself, and the one place its process-wide thread count is set.
///
/// OpenBLAS picks its compute kernel (its "core") once, when the library loads, from the CPU it detects or from
/// the `OPENBLAS_CORETYPE` environment variable. Debian 12's OpenBLAS 0.3.21 misdetects recent CPUs as `Prescott`,
/// an SSE3 kernel about six times slower than the right one; ``CoreDiagnosis`` tells when that happened.
@_spi(LinearAlgebra)
public enum OpenBLASRuntime {
    /// The kernel OpenBLAS chose, e.g. `SkylakeX`, `Haswell`, `Prescott` (`openblas_get_corename()`).
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// OpenBLAS's build configuration (`openblas_get_config()`): version, threading model, core.
    public static var configuration: String {
        guard let text = openblas_get_config() else { return "unknown" }
        return String(cString: text)
    }

    /// The number of threads OpenBLAS uses for one call. Process-wide; read under the same lock as
    /// ``onOneThread(_:)``, so a read never sees the one thread of another thread's section.
    public static var threadCount: Int {
        lock.withLock { Int(openblas_get_num_threads()) }
    }

    /// Sets OpenBLAS's process-wide thread count.
    ///
    /// Waits while an ``onOneThread(_:)`` section runs anywhere in the process, so it never changes the count under
    /// the engine's products.
    ///
    /// - Precondition: `count >= 1`.
    public static func setThreadCount(_ count: Int) {
        precondition(count >= 1, "OpenBLAS needs at least one thread, got \(count)")
        lock.withLock { openblas_set_num_threads(Int32(clamping: count)) }
    }

    /// Runs `body` with OpenBLAS on one thread, then puts the process's thread count back.
    ///
    /// The engine's matrix products run inside such sections. A product's last bits can depend on how OpenBLAS
    /// splits it across threads (seen with the Haswell and Zen kernels, not with SkylakeX), so one BLAS thread is
    /// what makes the engine's results the same bits on every machine, for every ``Execution`` and whatever else in
    /// the process sets. The sections hold one process-wide lock, also taken by ``setThreadCount(_:)``: two
    /// monitors stepping at once, or a host changing the count through this type, cannot change it under a
    /// product. The engine parallelises over households itself, so its sections are short (a day's refit of 1,024
    /// households is about 10 MFLOP) and waiting for one another costs nothing measurable. A host that calls
    /// `openblas_set_num_threads` directly bypasses the lock.
    public static func onOneThread<Result, Failure: Error>(
        _ body: () throws(Failure) -> Result
    ) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        let before = openblas_get_num_threads()
        if before != 1 { openblas_set_num_threads(1) }
        defer { if before != 1 { openblas_set_num_threads(before) } }
        return try body()
    }

    /// Guards OpenBLAS's process-wide thread count (see ``onOneThread(_:)``). Recursive, so a section's body may read
    /// ``threadCount``.
    private static let lock = NSRecursiveLock()
}

/// Whether the OpenBLAS kernel in use matches what the CPU can run, and what to do when it does not.
///
/// Pure logic over the CPU's flags and the core's name, so it is tested without touching the library.
@_spi(LinearAlgebra)
public struct CoreDiagnosis: Sendable, Equatable {
    /// The kernel OpenBLAS is using.
    public let coreInUse: String
    /// The best kernel for the CPU's instruction set (`SkylakeX` with AVX-512, `Haswell` with AVX2), or `nil`
    /// when the CPU has neither and OpenBLAS's own detection is trusted.
    public let recommendedCore: String?
    /// True when ``coreInUse`` is a kernel for an older instruction set than the CPU supports.
    public let isOutdated: Bool

    /// Diagnoses `coreInUse` for a CPU with the given `/proc/cpuinfo` flags.
    public init(coreInUse: String, cpuFlags: Set<String>) {
        self.coreInUse = coreInUse
        let recommended: String?
        let requiredLevel: Int
        if cpuFlags.contains("avx512f") {
            recommended = "SkylakeX"
            requiredLevel = 3
        } else if cpuFlags.contains("avx2") {
            recommended = "Haswell"
            requiredLevel = 2
        } else {
            recommended = nil
            requiredLevel = 0
        }
        self.recommendedCore = recommended
        let level = Self.instructionLevel(ofCore: coreInUse)
        self.isOutdated = recommended != nil && (level.map { $0 < requiredLevel } ?? false)
    }

    /// A warning with the fix, when the core is outdated; `nil` otherwise.
    public var warning: String? {
        guard isOutdated, let recommendedCore else { return nil }
        return """
            OpenBLAS is using the \(coreInUse) kernel, which is older than this CPU supports; matrix products run \
            several times slower than they should. OpenBLAS chooses its kernel when the library loads, so set the \
            variable before the process starts: export OPENBLAS_CORETYPE=\(recommendedCore) (the Makefile does this \
            for `make test`, `make doctor`, `make bench` and `make demo`).
            """
    }

    /// The SIMD level a known OpenBLAS x86-64 core needs: 0 = SSE-era, 1 = AVX, 2 = AVX2, 3 = AVX-512.
    /// `nil` for a name this table does not know (then no warning is raised).
    static func instructionLevel(ofCore name: String) -> Int? {
        switch name.lowercased() {
        case "prescott", "core2", "penryn", "dunnington", "nehalem", "atom", "katmai", "coppermine", "northwood",
            "banias", "opteron", "opteron_sse3", "barcelona", "bobcat", "athlon", "nano", "sse_generic":
            0
        case "sandybridge", "bulldozer", "piledriver", "steamroller", "excavator":
            1
        case "haswell", "zen":
            2
        case "skylakex", "cooperlake", "sapphirerapids":
            3
        default:
            nil
        }
    }
}
