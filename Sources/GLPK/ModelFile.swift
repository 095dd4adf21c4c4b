import CGLPKGuard
import Foundation
import Modeling

/// Model file formats GLPK reads and writes.
public enum ModelFileFormat: String, Sendable, CaseIterable {
    /// CPLEX LP: keeps the objective sense; the form to hand to another solver.
    case lp
    /// Free MPS (names without spaces). MPS carries no objective sense.
    case mps
    /// Fixed (column-position) MPS.
    case fixedMPS = "fixed-mps"

    /// The format a file name implies: `.lp`, `.mps` (free MPS).
    public init?(fileName: String) {
        switch (fileName as NSString).pathExtension.lowercased() {
        case "lp": self = .lp
        case "mps": self = .mps
        default: return nil
        }
    }

    var code: Int32 {
        switch self {
        case .lp: return Int32(CPG_FORMAT_LP)
        case .mps: return Int32(CPG_FORMAT_MPS_FREE)
        case .fixedMPS: return Int32(CPG_FORMAT_MPS_FIXED)
        }
    }
}

/// Reading and writing model files through GLPK, under the guard.
public enum ModelFile {
    /// Reads a model file into a ``Modeling/Model``. A malformed file throws
    /// ``GLPKError/readFailed(file:line:message:)`` with GLPK's reader's message and line.
    public static func read(_ path: String, format: ModelFileFormat) throws -> Model {
        guard FileManager.default.isReadableFile(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw GLPKError.readFailed(
                file: path, line: nil, message: exists ? "cannot read the file (permission denied)" : "no such file")
        }
        var cmodel = cpg_model()
        var log: UnsafeMutablePointer<CChar>?
        var error: UnsafeMutablePointer<CChar>?
        let code = cpg_read(path, format.code, &cmodel, &log, &error)
        defer { cpg_free_model(&cmodel) }
        try guardOutcome(code, log: log, error: error, readFailure: { readFailure(path: path, format: format, log: $0) })
        return model(from: cmodel, name: (path as NSString).lastPathComponent)
    }

    /// Writes `model` to `path` (validated first). The file is written beside its final
    /// place, made readable by its owner only, then renamed, so no half-written file is
    /// left. The objective constant is not written (formats disagree on it): it is
    /// returned so a comparison can add it back.
    @discardableResult
    public static func write(_ model: Model, to path: String, format: ModelFileFormat) throws -> Double {
        let assembled = try model.assemble()
        let raw = RawProblem(assembled, withNames: true)
        var withoutConstant = raw
        withoutConstant.objectiveConstant = 0
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
        var log: UnsafeMutablePointer<CChar>?
        var error: UnsafeMutablePointer<CChar>?
        let code = withoutConstant.withCProblem { cpg_write($0, format.code, temporary, &log, &error) }
        do {
            try guardOutcome(code, log: log, error: error, writeFailure: { log in
                .writeFailed(file: path, message: log.split(separator: "\n").last.map(String.init) ?? "unknown reason")
            })
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        chmod(temporary, 0o600)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw GLPKError.writeFailed(file: path, message: reason)
        }
        return assembled.objectiveConstant
    }

    private static func readFailure(path: String, format: ModelFileFormat, log: String) -> GLPKError {
        // GLPK's readers report "PATH:LINE: message".
        for line in log.split(separator: "\n") where line.hasPrefix(path + ":") {
            let rest = line.dropFirst(path.count + 1)
            if let colon = rest.firstIndex(of: ":"), let number = Int(rest[..<colon]) {
                let message = rest[rest.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                return .readFailed(file: path, line: number, message: message)
            }
        }
        let last = log.split(separator: "\n").last.map(String.init) ?? "not a valid \(format.rawValue) file"
        return .readFailed(file: path, line: nil, message: last)
    }

    private static func model(from c: cpg_model, name: String) -> Model {
        var model = Model(name: "")
        let n = Int(c.ncols), m = Int(c.nrows)
        var variables = [Variable]()
        variables.reserveCapacity(n)
        for j in 0..<n {
            let kind: VariableKind
            switch Int(c.col_kind[j]) {
            case CPG_BINARY: kind = .binary
            case CPG_INTEGER: kind = .integer
            default: kind = .continuous
            }
            let name = c.col_names[j].map { String(cString: $0) } ?? ""
            variables.append(model.addVariable(name, lower: c.col_lb[j], upper: c.col_ub[j], kind: kind))
        }
        for i in 0..<m {
            let first = Int(c.row_start[i]), end = Int(c.row_start[i + 1])
            let rowVariables = (first..<end).map { variables[Int(c.col_index[$0])] }
            let coefficients = (first..<end).map { c.values[$0] }
            let name = c.row_names[i].map { String(cString: $0) } ?? ""
            model.addConstraint(variables: rowVariables, coefficients: coefficients,
                                lower: c.row_lb[i], upper: c.row_ub[i], name: name)
        }
        var objective = LinearExpression(constant: c.obj_const)
        for j in 0..<n where c.obj[j] != 0 { objective.add(variables[j], c.obj[j]) }
        model.setObjective(objective, sense: c.maximize != 0 ? .maximize : .minimize)
        return model
    }
}
