import CGLPKGuard
import Foundation
import Modeling

/// A model exactly as GLPK loads it: flat arrays, 1-based matrix triplets.
///
/// This is the unchecked layer under ``GLPKSolver``: nothing here is validated, so
/// it can carry what Swift validation would refuse (a duplicate matrix entry, a
/// lower bound above an upper one). The C guard still catches GLPK's fatal error and
/// it surfaces as ``GLPKError/fatal(message:)``. Normal code builds a ``Modeling/Model``.
public struct RawProblem: Sendable {
    public var name = ""
    public var maximize = false
    public var objectiveConstant = 0.0
    public var objective: [Double] = []
    public var columnKind: [VariableKind] = []
    public var columnLower: [Double] = []
    public var columnUpper: [Double] = []
    public var rowLower: [Double] = []
    public var rowUpper: [Double] = []
    /// 1-based row numbers; element 0 is ignored.
    public var rows: [Int32] = [0]
    /// 1-based column numbers; element 0 is ignored.
    public var columns: [Int32] = [0]
    /// Element 0 is ignored.
    public var values: [Double] = [0]
    /// Names, or empty arrays for none.
    public var columnNames: [String] = []
    public var rowNames: [String] = []

    public init() {}

    /// The model's arrays in GLPK's form; names only when `withNames` (export, debugging).
    public init(_ model: AssembledModel, withNames: Bool) {
        name = model.name
        maximize = model.sense == .maximize
        objectiveConstant = model.objectiveConstant
        objective = model.objective
        columnKind = model.columnKind
        columnLower = model.columnLower
        columnUpper = model.columnUpper
        rowLower = model.rowLower
        rowUpper = model.rowUpper
        let nnz = model.nonzeroCount
        rows = [Int32](repeating: 0, count: nnz + 1)
        columns = [Int32](repeating: 0, count: nnz + 1)
        values = [Double](repeating: 0, count: nnz + 1)
        for i in 0..<model.constraintCount {
            for p in model.rowStart[i]..<model.rowStart[i + 1] {
                rows[p + 1] = Int32(i + 1)
                columns[p + 1] = model.entryColumn[p] + 1
                values[p + 1] = model.entryValue[p]
            }
        }
        if withNames {
            columnNames = model.columnName
            rowNames = model.rowName
        }
    }

    public var nonzeroCount: Int { max(values.count - 1, 0) }

    /// Calls `body` with a `cpg_problem` pointing into this problem's arrays.
    func withCProblem<R>(_ body: (UnsafePointer<cpg_problem>) throws -> R) rethrows -> R {
        let kinds = columnKind.map { kind -> Int32 in
            switch kind {
            case .continuous: return Int32(CPG_CONTINUOUS)
            case .integer: return Int32(CPG_INTEGER)
            case .binary: return Int32(CPG_BINARY)
            }
        }
        return try CStrings.with(columnNames) { columnNamePointers in
            try CStrings.with(rowNames) { rowNamePointers in
                try name.withCString { namePointer in
                    try objective.withUnsafeBufferPointer { obj in
                    try kinds.withUnsafeBufferPointer { kind in
                    try columnLower.withUnsafeBufferPointer { clb in
                    try columnUpper.withUnsafeBufferPointer { cub in
                    try rowLower.withUnsafeBufferPointer { rlb in
                    try rowUpper.withUnsafeBufferPointer { rub in
                    try rows.withUnsafeBufferPointer { ia in
                    try columns.withUnsafeBufferPointer { ja in
                    try values.withUnsafeBufferPointer { ar in
                        var problem = cpg_problem(
                            nrows: Int32(rowLower.count), ncols: Int32(objective.count),
                            maximize: maximize ? 1 : 0, obj_const: objectiveConstant,
                            obj: obj.baseAddress, col_kind: kind.baseAddress,
                            col_lb: clb.baseAddress, col_ub: cub.baseAddress,
                            row_lb: rlb.baseAddress, row_ub: rub.baseAddress,
                            nnz: Int32(nonzeroCount), ia: ia.baseAddress, ja: ja.baseAddress, ar: ar.baseAddress,
                            col_names: columnNamePointers, row_names: rowNamePointers, name: namePointer)
                        return try body(&problem)
                    }}}}}}}}}
                }
            }
        }
    }
}

/// Arrays of C strings that live for the duration of a call.
enum CStrings {
    static func with<R>(
        _ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) throws -> R
    ) rethrows -> R {
        if strings.isEmpty { return try body(nil) }
        let copies: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer($0) }
        return try pointers.withUnsafeBufferPointer { try body($0.baseAddress) }
    }
}

/// Turns a guarded call's return code into a thrown error (nothing for CPG_OK), taking
/// ownership of the log and error strings the guard returned. Returns the log.
@discardableResult
func guardOutcome(_ code: Int32, log: UnsafeMutablePointer<CChar>?, error: UnsafeMutablePointer<CChar>?,
                  readFailure: ((String) -> GLPKError)? = nil, writeFailure: ((String) -> GLPKError)? = nil) throws -> String {
    let logText = takeCString(log) ?? ""
    let errorText = takeCString(error)
    switch Int(code) {
    case CPG_OK: return logText
    case CPG_EGLPK: throw GLPKError.fatal(message: GLPKSolver.clean(errorText ?? logText))
    case CPG_EREAD where readFailure != nil: throw readFailure!(logText)
    case CPG_EWRITE where writeFailure != nil: throw writeFailure!(logText)
    default: throw GLPKError.outOfMemory
    }
}

/// Takes ownership of a malloc'd C string from the guard.
func takeCString(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
    guard let pointer else { return nil }
    defer { cpg_free(pointer) }
    return String(cString: pointer)
}
