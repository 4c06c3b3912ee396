/// A dense row-major matrix of `Float`, the unit that Anbu's batched statistics hand to BLAS and LAPACK.
///
/// The district is a matrix: households are rows and time bins (or regression coefficients) are columns.
/// `Matrix` owns its storage; element `(r, c)` is `elements[r * columns + c]`.
///
/// This type is SPI (`@_spi(LinearAlgebra)`): it serves Anbu's own modules, tests and benchmarks and is
/// not part of the promised public API.
@_spi(LinearAlgebra)
public struct Matrix: Sendable, Equatable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The elements in row-major order; `count == rows * columns`.
    public internal(set) var elements: [Float]

    /// A matrix with every element set to `value`.
    ///
    /// - Precondition: `rows >= 0` and `columns >= 0`.
    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative, got \(rows) × \(columns)")
        self.rows = rows
        self.columns = columns
        self.elements = [Float](repeating: value, count: rows * columns)
    }

    /// A matrix over existing row-major elements.
    ///
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:detail:)`` when `elements.count` is not
    ///   `rows * columns`, ``LinearAlgebraError/invalidDimension(operation:detail:)`` for a negative dimension.
    public init(rows: Int, columns: Int, elements: [Float]) throws(LinearAlgebraError) {
        guard rows >= 0, columns >= 0 else {
            throw .invalidDimension(operation: "Matrix", detail: "dimensions \(rows) × \(columns) are negative")
        }
        guard elements.count == rows * columns else {
            throw .dimensionMismatch(
                operation: "Matrix",
                detail: "\(elements.count) elements cannot fill \(rows) × \(columns)"
            )
        }
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// The element at `row`, `column`.
    ///
    /// - Precondition: both indices are in range.
    public subscript(row: Int, column: Int) -> Float {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
            return elements[row * columns + column]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
            elements[row * columns + column] = newValue
        }
    }

    /// The transpose, as a new matrix.
    ///
    /// - Complexity: O(rows × columns).
    public func transposed() -> Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for r in 0..<rows {
            for c in 0..<columns {
                result.elements[c * rows + r] = elements[r * columns + c]
            }
        }
        return result
    }
}

/// Whether an operand enters a product as it is or transposed.
@_spi(LinearAlgebra)
public enum Transposition: Sendable {
    /// Use the matrix as it is.
    case none
    /// Use the transpose of the matrix.
    case transposed
}

/// Why a linear-algebra call was refused or failed. Every case names the operation and the dimensions involved,
/// so a mistake is found where it was made, never as corrupted memory later.
@_spi(LinearAlgebra)
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Operand shapes do not fit together.
    case dimensionMismatch(operation: String, detail: String)
    /// A dimension is negative or too large for the 32-bit integers BLAS takes.
    case invalidDimension(operation: String, detail: String)
    /// A matrix that must be symmetric positive definite is not: its leading minor of this order is not positive.
    case notPositiveDefinite(operation: String, leadingMinor: Int)
    /// A least-squares system has a rank-deficient design (a zero diagonal element of R at this index).
    case rankDeficient(operation: String, column: Int)
    /// LAPACK did not converge or reported an error code.
    case lapackFailure(operation: String, info: Int)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .dimensionMismatch(let operation, let detail): "\(operation): dimension mismatch: \(detail)"
        case .invalidDimension(let operation, let detail): "\(operation): invalid dimension: \(detail)"
        case .notPositiveDefinite(let operation, let minor):
            "\(operation): matrix is not positive definite (leading minor \(minor))"
        case .rankDeficient(let operation, let column): "\(operation): design is rank deficient at column \(column)"
        case .lapackFailure(let operation, let info): "\(operation): LAPACK failed with info \(info)"
        }
    }
}
