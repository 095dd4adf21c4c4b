/// A failure of GLPK itself, or of reading or writing a model file.
///
/// Bad models and options are caught earlier, as ``Modeling/ModelError``; these are
/// what is left: GLPK's own fatal errors (caught by the C guard, so the process lives
/// on), numerical failures, and files.
public enum GLPKError: Error, Equatable, Sendable, CustomStringConvertible {
    /// GLPK stopped with a fatal error; the message is GLPK's own. The thread's GLPK
    /// state was reset, and the next solve works.
    case fatal(message: String)
    /// The solver gave up (GLPK's return code and the manual's sentence for it).
    case numericalFailure(code: Int, meaning: String)
    /// A model file could not be read: GLPK's reader names the line.
    case readFailed(file: String, line: Int?, message: String)
    case writeFailed(file: String, message: String)
    case outOfMemory

    public var description: String {
        switch self {
        case .fatal(let message):
            return "GLPK stopped with an internal error: \(message)"
        case .numericalFailure(let code, let meaning):
            return "GLPK could not finish the solve (code \(code)): \(meaning)"
        case .readFailed(let file, let line, let message):
            if let line { return "\(file):\(line): \(message)" }
            return "\(file): \(message)"
        case .writeFailed(let file, let message):
            return "\(file): could not write the model: \(message)"
        case .outOfMemory:
            return "out of memory while preparing the solve"
        }
    }

    /// The reference manual's sentence for a return code of glp_simplex or glp_intopt.
    static func meaning(ofReturnCode code: Int) -> String {
        switch code {
        case 0x01: return "invalid basis (GLP_EBADB)"
        case 0x02: return "the basis matrix is singular (GLP_ESING)"
        case 0x03: return "the basis matrix is ill-conditioned (GLP_ECOND)"
        case 0x04: return "some variables have incorrect bounds (GLP_EBOUND)"
        case 0x05: return "the solver failed (GLP_EFAIL)"
        case 0x08: return "the iteration limit was exceeded (GLP_EITLIM)"
        case 0x0C: return "the optimal basis of the LP relaxation was not provided (GLP_EROOT)"
        case 0x10: return "no convergence (GLP_ENOCVG)"
        case 0x11: return "numerical instability (GLP_EINSTAB)"
        case 0x12: return "invalid data (GLP_EDATA)"
        case 0x13: return "a result is out of range: integer overflow (GLP_ERANGE)"
        default: return "the optimal solution could not be determined"
        }
    }
}
