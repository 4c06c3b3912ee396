internal import CAnbuOpenBLAS

/// A thin, checked Swift layer over the BLAS and LAPACK routines the engine's batched statistics need.
///
/// Every entry point checks shapes before calling C and throws ``LinearAlgebraError`` on a mismatch, so a wrong
/// dimension is a typed error at the call, never an out-of-bounds read inside OpenBLAS. All matrices are row-major.
///
/// Where each routine serves the engine:
/// - ``multiply(_:_:transposeA:transposeB:alpha:beta:into:)`` (`sgemm`): the seasonal regression `XᵀY` for all households at once,
///   cohort distances, randomised range finders.
/// - ``gram(_:alpha:)`` (`ssyrk`): `AᵀA`, the covariance of district residuals.
/// - ``symmetricEigen(_:)`` (`ssyevd`): leading district factors of that covariance.
/// - ``choleskySolve(_:_:)`` (`sposv`) and ``leastSquares(_:_:)`` (`sgels`): regression coefficients.
///
/// Threads: OpenBLAS's thread count is process-wide; see ``OpenBLASRuntime``.
@_spi(LinearAlgebra)
public enum LinearAlgebra {
    /// `C ← alpha · op(A) · op(B) + beta · C` (`cblas_sgemm`).
    ///
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:detail:)`` when the inner dimensions of
    ///   `op(A)` and `op(B)` differ or `C` is not `rows(op(A)) × columns(op(B))`.
    /// - Complexity: O(m · n · k) for `op(A)` of `m × k` and `op(B)` of `k × n`.
    public static func multiply(
        _ a: Matrix, _ b: Matrix,
        transposeA: Transposition = .none, transposeB: Transposition = .none,
        alpha: Float = 1, beta: Float = 0,
        into c: inout Matrix
    ) throws(LinearAlgebraError) {
        let operation = "multiply"
        let (m, k) = transposeA == .none ? (a.rows, a.columns) : (a.columns, a.rows)
        let (kb, n) = transposeB == .none ? (b.rows, b.columns) : (b.columns, b.rows)
        guard k == kb else {
            throw .dimensionMismatch(
                operation: operation,
                detail: "op(A) is \(m) × \(k) but op(B) is \(kb) × \(n); inner dimensions differ"
            )
        }
        guard c.rows == m, c.columns == n else {
            throw .dimensionMismatch(
                operation: operation,
                detail: "C is \(c.rows) × \(c.columns) but op(A)·op(B) is \(m) × \(n)"
            )
        }
        try checkBLASRange(operation, m, n, k, a.columns, b.columns)
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            scale(&c, by: beta)
            return
        }
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                c.elements.withUnsafeMutableBufferPointer { pc in
                    cblas_sgemm(
                        CblasRowMajor, cblasTranspose(transposeA), cblasTranspose(transposeB),
                        Int32(m), Int32(n), Int32(k),
                        alpha, pa.baseAddress, Int32(max(1, a.columns)),
                        pb.baseAddress, Int32(max(1, b.columns)),
                        beta, pc.baseAddress, Int32(max(1, n))
                    )
                }
            }
        }
    }

    /// `op(A) · op(B)` as a new matrix.
    ///
    /// - Throws: as ``multiply(_:_:transposeA:transposeB:alpha:beta:into:)``.
    public static func product(
        _ a: Matrix, _ b: Matrix,
        transposeA: Transposition = .none, transposeB: Transposition = .none
    ) throws(LinearAlgebraError) -> Matrix {
        let m = transposeA == .none ? a.rows : a.columns
        let n = transposeB == .none ? b.columns : b.rows
        var c = Matrix(rows: m, columns: n)
        try multiply(a, b, transposeA: transposeA, transposeB: transposeB, into: &c)
        return c
    }

    /// `C ← alpha · AᵀA + beta · C`, the symmetric rank-k update (`cblas_ssyrk`), with both triangles of `C` filled.
    ///
    /// For residuals `A` (bins × households) this is the households' covariance up to scale; for `A`
    /// (households × bins) it is the bins' one.
    ///
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:detail:)`` when `C` is not
    ///   `A.columns × A.columns`.
    /// - Complexity: O(n² · k) for `A` of `k × n`, half the work of the equivalent `sgemm`.
    public static func symmetricRankKUpdate(
        _ a: Matrix, alpha: Float = 1, beta: Float = 0, into c: inout Matrix
    ) throws(LinearAlgebraError) {
        let operation = "symmetricRankKUpdate"
        let n = a.columns
        let k = a.rows
        guard c.rows == n, c.columns == n else {
            throw .dimensionMismatch(operation: operation, detail: "C is \(c.rows) × \(c.columns) but AᵀA is \(n) × \(n)")
        }
        try checkBLASRange(operation, n, k)
        guard n > 0 else { return }
        if k == 0 {
            scale(&c, by: beta)
            return
        }
        a.elements.withUnsafeBufferPointer { pa in
            c.elements.withUnsafeMutableBufferPointer { pc in
                cblas_ssyrk(
                    CblasRowMajor, CblasUpper, CblasTrans, Int32(n), Int32(k),
                    alpha, pa.baseAddress, Int32(n), beta, pc.baseAddress, Int32(n)
                )
            }
        }
        mirrorUpperToLower(&c)
    }

    /// `AᵀA` as a new symmetric matrix (the Gram matrix of `A`'s columns).
    public static func gram(_ a: Matrix, alpha: Float = 1) throws(LinearAlgebraError) -> Matrix {
        var c = Matrix(rows: a.columns, columns: a.columns)
        try symmetricRankKUpdate(a, alpha: alpha, into: &c)
        return c
    }

    /// Eigenvalues and eigenvectors of a symmetric matrix (`LAPACKE_ssyevd`, divide and conquer).
    ///
    /// Only the upper triangle of `a` is read.
    ///
    /// - Returns: eigenvalues in ascending order, and a matrix whose column `j` is the unit eigenvector of
    ///   eigenvalue `j`.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:detail:)`` for a non-square matrix,
    ///   ``LinearAlgebraError/lapackFailure(operation:info:)`` when LAPACK does not converge.
    /// - Complexity: O(n³).
    public static func symmetricEigen(_ a: Matrix) throws(LinearAlgebraError) -> SymmetricEigendecomposition {
        let operation = "symmetricEigen"
        guard a.rows == a.columns else {
            throw .dimensionMismatch(operation: operation, detail: "matrix is \(a.rows) × \(a.columns), not square")
        }
        let n = a.rows
        try checkBLASRange(operation, n)
        var vectors = a
        var values = [Float](repeating: 0, count: n)
        guard n > 0 else { return SymmetricEigendecomposition(values: values, vectors: vectors) }
        let info = vectors.elements.withUnsafeMutableBufferPointer { pv in
            values.withUnsafeMutableBufferPointer { pw in
                LAPACKE_ssyevd(
                    LAPACK_ROW_MAJOR, lapackCharacter("V"), lapackCharacter("U"),
                    Int32(n), pv.baseAddress, Int32(n), pw.baseAddress
                )
            }
        }
        guard info == 0 else { throw .lapackFailure(operation: operation, info: Int(info)) }
        return SymmetricEigendecomposition(values: values, vectors: vectors)
    }

    /// Solves `A X = B` for symmetric positive definite `A` by Cholesky factorisation (`LAPACKE_sposv`).
    ///
    /// This is the solve for normal equations `(XᵀWX) β = XᵀWY`: one factorisation serves every household's
    /// right-hand side. Only the upper triangle of `a` is read.
    ///
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:detail:)`` when `A` is not square or `B` has
    ///   another row count; ``LinearAlgebraError/notPositiveDefinite(operation:leadingMinor:)`` when the
    ///   factorisation breaks down.
    /// - Complexity: O(n³ + n² · columns(B)).
    public static func choleskySolve(_ a: Matrix, _ b: Matrix) throws(LinearAlgebraError) -> Matrix {
        let operation = "choleskySolve"
        guard a.rows == a.columns else {
            throw .dimensionMismatch(operation: operation, detail: "A is \(a.rows) × \(a.columns), not square")
        }
        guard b.rows == a.rows else {
            throw .dimensionMismatch(operation: operation, detail: "A is \(a.rows) × \(a.columns) but B has \(b.rows) rows")
        }
        let n = a.rows
        let rightHandSides = b.columns
        try checkBLASRange(operation, n, rightHandSides)
        var factor = a
        var solution = b
        guard n > 0, rightHandSides > 0 else { return solution }
        let info = factor.elements.withUnsafeMutableBufferPointer { pa in
            solution.elements.withUnsafeMutableBufferPointer { pb in
                LAPACKE_sposv(
                    LAPACK_ROW_MAJOR, lapackCharacter("U"), Int32(n), Int32(rightHandSides),
                    pa.baseAddress, Int32(n), pb.baseAddress, Int32(rightHandSides)
                )
            }
        }
        if info > 0 { throw .notPositiveDefinite(operation: operation, leadingMinor: Int(info)) }
        guard info == 0 else { throw .lapackFailure(operation: operation, info: Int(info)) }
        return solution
    }

    /// The least-squares solution `X` minimising `‖A X − B‖` for `A` with at least as many rows as columns and
    /// full column rank (`LAPACKE_sgels`, QR factorisation).
    ///
    /// Better conditioned than the normal equations; use it when the design is small enough to factor per call.
    ///
    /// - Returns: `X` of `A.columns × B.columns`.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:detail:)`` when `B` has another row count or `A`
    ///   has fewer rows than columns; ``LinearAlgebraError/rankDeficient(operation:column:)`` when `A` does not have
    ///   full column rank.
    /// - Complexity: O(m · n² + m · n · columns(B)) for `A` of `m × n`.
    public static func leastSquares(_ a: Matrix, _ b: Matrix) throws(LinearAlgebraError) -> Matrix {
        let operation = "leastSquares"
        guard b.rows == a.rows else {
            throw .dimensionMismatch(operation: operation, detail: "A is \(a.rows) × \(a.columns) but B has \(b.rows) rows")
        }
        guard a.rows >= a.columns else {
            throw .dimensionMismatch(
                operation: operation,
                detail: "A is \(a.rows) × \(a.columns): fewer equations than unknowns has no unique least-squares solution"
            )
        }
        let (m, n, rightHandSides) = (a.rows, a.columns, b.columns)
        try checkBLASRange(operation, m, n, rightHandSides)
        guard n > 0, rightHandSides > 0 else { return Matrix(rows: n, columns: rightHandSides) }
        var factor = a
        var work = b
        let info = factor.elements.withUnsafeMutableBufferPointer { pa in
            work.elements.withUnsafeMutableBufferPointer { pb in
                LAPACKE_sgels(
                    LAPACK_ROW_MAJOR, lapackCharacter("N"), Int32(m), Int32(n), Int32(rightHandSides),
                    pa.baseAddress, Int32(n), pb.baseAddress, Int32(rightHandSides)
                )
            }
        }
        if info > 0 { throw .rankDeficient(operation: operation, column: Int(info)) }
        guard info == 0 else { throw .lapackFailure(operation: operation, info: Int(info)) }
        // sgels leaves the solution in the first n rows of B.
        return try Matrix(rows: n, columns: rightHandSides, elements: Array(work.elements.prefix(n * rightHandSides)))
    }

    // MARK: - Private helpers

    private static func checkBLASRange(_ operation: String, _ dimensions: Int...) throws(LinearAlgebraError) {
        for dimension in dimensions where dimension > Int(Int32.max) {
            throw .invalidDimension(
                operation: operation,
                detail: "dimension \(dimension) exceeds the 32-bit range BLAS and LAPACK index with"
            )
        }
    }

    private static func cblasTranspose(_ transposition: Transposition) -> CBLAS_TRANSPOSE {
        transposition == .none ? CblasNoTrans : CblasTrans
    }

    private static func lapackCharacter(_ character: Unicode.Scalar) -> CChar {
        CChar(bitPattern: UInt8(character.value))
    }

    private static func scale(_ matrix: inout Matrix, by factor: Float) {
        for index in matrix.elements.indices {
            matrix.elements[index] = factor == 0 ? 0 : matrix.elements[index] * factor
        }
    }

    private static func mirrorUpperToLower(_ matrix: inout Matrix) {
        let n = matrix.rows
        for row in 0..<n {
            for column in 0..<row {
                matrix.elements[row * n + column] = matrix.elements[column * n + row]
            }
        }
    }
}

/// The result of ``LinearAlgebra/symmetricEigen(_:)``.
@_spi(LinearAlgebra)
public struct SymmetricEigendecomposition: Sendable, Equatable {
    /// Eigenvalues in ascending order.
    public let values: [Float]
    /// Column `j` is the unit eigenvector of `values[j]`.
    public let vectors: Matrix
}
