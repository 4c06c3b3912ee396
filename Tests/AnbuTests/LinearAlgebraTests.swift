@_spi(LinearAlgebra) import Anbu
import Testing
import Foundation

/// Each BLAS/LAPACK wrapper against a plain Swift reference on random inputs, and each refusal of bad shapes.
@Suite("Linear algebra over OpenBLAS")
struct LinearAlgebraTests {
    // MARK: References in plain Swift (Double accumulation, so they are the more accurate side)

    static func referenceProduct(_ a: Matrix, _ ta: Transposition, _ b: Matrix, _ tb: Transposition) -> [[Double]] {
        let opA = ta == .none ? a : a.transposed()
        let opB = tb == .none ? b : b.transposed()
        var result = [[Double]](repeating: [Double](repeating: 0, count: opB.columns), count: opA.rows)
        for i in 0..<opA.rows {
            for j in 0..<opB.columns {
                var sum = 0.0
                for k in 0..<opA.columns { sum += Double(opA[i, k]) * Double(opB[k, j]) }
                result[i][j] = sum
            }
        }
        return result
    }

    static func expectClose(_ actual: Matrix, _ expected: [[Double]], tolerance: Double = 1e-4) {
        #expect(actual.rows == expected.count)
        for i in 0..<actual.rows {
            #expect(actual.columns == expected[i].count)
            for j in 0..<actual.columns {
                let scale = max(1, abs(expected[i][j]))
                #expect(abs(Double(actual[i, j]) - expected[i][j]) <= tolerance * scale, "at (\(i), \(j))")
            }
        }
    }

    /// A random symmetric positive definite matrix `MᵀM + n·I`.
    static func randomSPD(_ n: Int, _ generator: inout SplitMix64) -> Matrix {
        let m = Matrix.random(rows: n + 3, columns: n, using: &generator)
        var a = Matrix(rows: n, columns: n)
        let mtm = referenceProduct(m, .transposed, m, .none)
        for i in 0..<n { for j in 0..<n { a[i, j] = Float(mtm[i][j]) + (i == j ? Float(n) : 0) } }
        return a
    }

    // MARK: multiply / product (sgemm)

    @Test("sgemm matches the reference for every transposition", arguments: [
        (Transposition.none, Transposition.none), (.transposed, .none), (.none, .transposed), (.transposed, .transposed),
    ])
    func productMatchesReference(ta: Transposition, tb: Transposition) throws {
        var generator = SplitMix64(seed: 11)
        for (m, k, n) in [(1, 1, 1), (7, 5, 3), (33, 17, 9), (100, 11, 168)] {
            let a = ta == .none
                ? Matrix.random(rows: m, columns: k, using: &generator)
                : Matrix.random(rows: k, columns: m, using: &generator)
            let b = tb == .none
                ? Matrix.random(rows: k, columns: n, using: &generator)
                : Matrix.random(rows: n, columns: k, using: &generator)
            let c = try LinearAlgebra.product(a, b, transposeA: ta, transposeB: tb)
            Self.expectClose(c, Self.referenceProduct(a, ta, b, tb))
        }
    }

    @Test("sgemm honours alpha and beta")
    func multiplyAccumulates() throws {
        var generator = SplitMix64(seed: 12)
        let a = Matrix.random(rows: 6, columns: 4, using: &generator)
        let b = Matrix.random(rows: 4, columns: 5, using: &generator)
        let c0 = Matrix.random(rows: 6, columns: 5, using: &generator)
        var c = c0
        try LinearAlgebra.multiply(a, b, alpha: 2, beta: -0.5, into: &c)
        let ab = Self.referenceProduct(a, .none, b, .none)
        let expected = (0..<6).map { i in (0..<5).map { j in 2 * ab[i][j] - 0.5 * Double(c0[i, j]) } }
        Self.expectClose(c, expected)
    }

    @Test("sgemm with an empty inner dimension scales C by beta")
    func emptyInnerDimension() throws {
        let a = Matrix(rows: 3, columns: 0)
        let b = Matrix(rows: 0, columns: 2)
        var c = Matrix(rows: 3, columns: 2, repeating: 4)
        try LinearAlgebra.multiply(a, b, beta: 0.5, into: &c)
        #expect(c.elements == [Float](repeating: 2, count: 6))
    }

    @Test("sgemm refuses mismatched inner dimensions and a wrong output shape")
    func productRejectsBadShapes() {
        let a = Matrix(rows: 3, columns: 4)
        let b = Matrix(rows: 5, columns: 2)
        #expect(throws: LinearAlgebraError.self) { try LinearAlgebra.product(a, b) }
        var wrong = Matrix(rows: 3, columns: 3)
        #expect(throws: LinearAlgebraError.self) {
            try LinearAlgebra.multiply(a, Matrix(rows: 4, columns: 2), into: &wrong)
        }
        let error = #expect(throws: LinearAlgebraError.self) { try LinearAlgebra.product(a, b) }
        guard case .dimensionMismatch(let operation, let detail) = error else {
            Issue.record("wrong error \(String(describing: error))")
            return
        }
        #expect(operation == "multiply")
        #expect(detail.contains("3 × 4") && detail.contains("5 × 2"))
    }

    // MARK: symmetricRankKUpdate / gram (ssyrk)

    @Test("ssyrk gives the full symmetric AᵀA and honours alpha and beta")
    func gramMatchesReference() throws {
        var generator = SplitMix64(seed: 21)
        for (k, n) in [(1, 1), (10, 3), (168, 11), (50, 64)] {
            let a = Matrix.random(rows: k, columns: n, using: &generator)
            let g = try LinearAlgebra.gram(a)
            Self.expectClose(g, Self.referenceProduct(a, .transposed, a, .none))
            for i in 0..<n { for j in 0..<n { #expect(g[i, j] == g[j, i]) } }
        }
        let a = Matrix.random(rows: 9, columns: 4, using: &generator)
        var c = Matrix(rows: 4, columns: 4, repeating: 1)
        try LinearAlgebra.symmetricRankKUpdate(a, alpha: 3, beta: 2, into: &c)
        let ata = Self.referenceProduct(a, .transposed, a, .none)
        Self.expectClose(c, ata.map { $0.map { 3 * $0 + 2 } })
    }

    @Test("ssyrk refuses an output that is not columns × columns")
    func gramRejectsBadShape() {
        var c = Matrix(rows: 3, columns: 4)
        #expect(throws: LinearAlgebraError.self) {
            try LinearAlgebra.symmetricRankKUpdate(Matrix(rows: 5, columns: 4), into: &c)
        }
    }

    // MARK: symmetricEigen (ssyevd)

    @Test("ssyevd: A v = λ v, unit vectors, ascending values", arguments: [1, 2, 5, 24, 168])
    func eigenDecomposition(n: Int) throws {
        var generator = SplitMix64(seed: UInt64(30 + n))
        let a = Self.randomSPD(n, &generator)
        let result = try LinearAlgebra.symmetricEigen(a)
        #expect(result.values.count == n)
        #expect(zip(result.values, result.values.dropFirst()).allSatisfy { $0 <= $1 })
        let scale = Double(result.values.last ?? 1)
        for j in 0..<n {
            var norm = 0.0
            for i in 0..<n {
                var av = 0.0
                for k in 0..<n { av += Double(a[i, k]) * Double(result.vectors[k, j]) }
                let lv = Double(result.values[j]) * Double(result.vectors[i, j])
                #expect(abs(av - lv) <= 2e-4 * scale, "residual of eigenpair \(j) at row \(i)")
                norm += Double(result.vectors[i, j]) * Double(result.vectors[i, j])
            }
            #expect(abs(norm - 1) < 1e-4)
        }
        var trace = 0.0
        for i in 0..<n { trace += Double(a[i, i]) }
        #expect(abs(result.values.reduce(0) { $0 + Double($1) } - trace) <= 1e-4 * max(1, trace))
    }

    @Test("ssyevd refuses a non-square matrix")
    func eigenRejectsNonSquare() {
        #expect(throws: LinearAlgebraError.self) { try LinearAlgebra.symmetricEigen(Matrix(rows: 3, columns: 2)) }
    }

    // MARK: choleskySolve (sposv)

    @Test("sposv solves A X = B for SPD A", arguments: [1, 4, 11, 40])
    func choleskySolve(n: Int) throws {
        var generator = SplitMix64(seed: UInt64(40 + n))
        let a = Self.randomSPD(n, &generator)
        let b = Matrix.random(rows: n, columns: 3, using: &generator)
        let x = try LinearAlgebra.choleskySolve(a, b)
        let ax = Self.referenceProduct(a, .none, x, .none)
        Self.expectClose(Matrix.fromRows(ax), (0..<n).map { i in (0..<3).map { Double(b[i, $0]) } }, tolerance: 1e-3)
    }

    @Test("sposv reports a matrix that is not positive definite, and bad shapes")
    func choleskyRejects() {
        let indefinite = try! Matrix(rows: 2, columns: 2, elements: [1, 2, 2, 1])
        let error = #expect(throws: LinearAlgebraError.self) {
            try LinearAlgebra.choleskySolve(indefinite, Matrix(rows: 2, columns: 1, repeating: 1))
        }
        #expect(error == .notPositiveDefinite(operation: "choleskySolve", leadingMinor: 2))
        #expect(throws: LinearAlgebraError.self) {
            try LinearAlgebra.choleskySolve(Matrix(rows: 2, columns: 3), Matrix(rows: 2, columns: 1))
        }
        #expect(throws: LinearAlgebraError.self) {
            try LinearAlgebra.choleskySolve(Matrix(rows: 2, columns: 2, repeating: 1), Matrix(rows: 3, columns: 1))
        }
    }

    // MARK: leastSquares (sgels)

    @Test("sgels recovers the coefficients of an exact overdetermined system")
    func leastSquaresRecoversCoefficients() throws {
        var generator = SplitMix64(seed: 51)
        let design = Matrix.random(rows: 60, columns: 5, using: &generator)
        let truth = Matrix.random(rows: 5, columns: 2, using: &generator)
        let y = try LinearAlgebra.product(design, truth)
        let estimate = try LinearAlgebra.leastSquares(design, y)
        Self.expectClose(estimate, (0..<5).map { i in (0..<2).map { Double(truth[i, $0]) } }, tolerance: 1e-3)
    }

    @Test("sgels matches the normal equations on a noisy system")
    func leastSquaresMatchesNormalEquations() throws {
        var generator = SplitMix64(seed: 52)
        let design = Matrix.random(rows: 200, columns: 7, using: &generator)
        let y = Matrix.random(rows: 200, columns: 3, using: &generator)
        let qr = try LinearAlgebra.leastSquares(design, y)
        let normal = try LinearAlgebra.choleskySolve(
            try LinearAlgebra.gram(design), try LinearAlgebra.product(design, y, transposeA: .transposed))
        Self.expectClose(qr, (0..<7).map { i in (0..<3).map { Double(normal[i, $0]) } }, tolerance: 1e-3)
    }

    @Test("sgels reports rank deficiency and refuses bad shapes")
    func leastSquaresRejects() {
        // A zero column: rank 1, and R's second diagonal element is exactly zero with any kernel (two identical
        // columns leave a rounding residue there with OpenBLAS's SkylakeX kernel, which LAPACK then accepts).
        let design = try! Matrix(rows: 3, columns: 2, elements: [1, 0, 2, 0, 3, 0])
        #expect(throws: LinearAlgebraError.self) {
            try LinearAlgebra.leastSquares(design, Matrix(rows: 3, columns: 1, repeating: 1))
        }
        #expect(throws: LinearAlgebraError.self) {
            try LinearAlgebra.leastSquares(Matrix(rows: 2, columns: 3), Matrix(rows: 2, columns: 1))
        }
        #expect(throws: LinearAlgebraError.self) {
            try LinearAlgebra.leastSquares(Matrix(rows: 4, columns: 2), Matrix(rows: 3, columns: 1))
        }
    }

    // MARK: Matrix itself

    @Test("Matrix refuses elements that do not fill its shape")
    func matrixRejectsWrongCount() {
        #expect(throws: LinearAlgebraError.self) { try Matrix(rows: 2, columns: 2, elements: [1, 2, 3]) }
        #expect(throws: LinearAlgebraError.self) { try Matrix(rows: -1, columns: 2, elements: []) }
    }

    @Test("transposed swaps indices")
    func transpose() throws {
        let m = try Matrix(rows: 2, columns: 3, elements: [1, 2, 3, 4, 5, 6])
        let t = m.transposed()
        #expect(t.rows == 3 && t.columns == 2)
        #expect(t.elements == [1, 4, 2, 5, 3, 6])
    }
}

@Suite("OpenBLAS runtime and core diagnosis")
struct OpenBLASRuntimeTests {
    @Test("Prescott on an AVX-512 CPU is outdated, with the fix in the warning")
    func prescottIsOutdated() throws {
        let diagnosis = CoreDiagnosis(coreInUse: "Prescott", cpuFlags: ["sse3", "avx2", "avx512f"])
        #expect(diagnosis.isOutdated)
        #expect(diagnosis.recommendedCore == "SkylakeX")
        let warning = try #require(diagnosis.warning)
        #expect(warning.contains("OPENBLAS_CORETYPE=SkylakeX"))
    }

    @Test("Haswell on an AVX2-only CPU is right; on an AVX-512 CPU it is older than the CPU supports")
    func haswell() {
        #expect(!CoreDiagnosis(coreInUse: "Haswell", cpuFlags: ["avx2"]).isOutdated)
        #expect(CoreDiagnosis(coreInUse: "Haswell", cpuFlags: ["avx2"]).warning == nil)
        #expect(CoreDiagnosis(coreInUse: "Haswell", cpuFlags: ["avx2", "avx512f"]).isOutdated)
        #expect(!CoreDiagnosis(coreInUse: "SkylakeX", cpuFlags: ["avx2", "avx512f"]).isOutdated)
    }

    @Test("An unknown core or an old CPU raises no warning")
    func noFalseWarnings() {
        #expect(!CoreDiagnosis(coreInUse: "Neoverse", cpuFlags: ["avx512f"]).isOutdated)
        #expect(!CoreDiagnosis(coreInUse: "Prescott", cpuFlags: ["sse3"]).isOutdated)
    }

    @Test("The loaded library reports a core and a thread count, and takes a thread count")
    func runtimeQueries() {
        #expect(!OpenBLASRuntime.coreName.isEmpty)
        #expect(OpenBLASRuntime.configuration.contains("OpenBLAS"))
        let before = OpenBLASRuntime.threadCount
        defer { OpenBLASRuntime.setThreadCount(max(1, before)) }
        OpenBLASRuntime.setThreadCount(1)
        #expect(OpenBLASRuntime.threadCount == 1)
    }

    @Test("A one-thread section runs its products on one OpenBLAS thread and gives the count back")
    func oneThreadSection() {
        let before = OpenBLASRuntime.threadCount
        defer { OpenBLASRuntime.setThreadCount(max(1, before)) }
        OpenBLASRuntime.setThreadCount(2)
        let inside = OpenBLASRuntime.onOneThread { OpenBLASRuntime.threadCount }
        #expect(inside == 1)
        #expect(OpenBLASRuntime.threadCount == 2)
        // Sections on several threads at once: each sees one thread, none leaves the count changed.
        nonisolated(unsafe) let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: 8)
        defer { counts.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            counts[i] = OpenBLASRuntime.onOneThread { OpenBLASRuntime.threadCount }
        }
        #expect(counts.allSatisfy { $0 == 1 })
        #expect(OpenBLASRuntime.threadCount == 2)
    }
}
