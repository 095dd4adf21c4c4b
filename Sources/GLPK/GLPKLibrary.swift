import CGLPKGuard

/// Facts about the GLPK library this process runs with.
public enum GLPKLibrary {
    /// GLPK's version, such as "5.0".
    public static var version: String { String(cString: cpg_version()) }

    /// The thread-local storage keyword GLPK was built with (for example
    /// "_Thread_local"), or nil when GLPK is not re-entrant and must be used from
    /// one thread at a time.
    public static var threadLocalStorage: String? {
        cpg_tls().map { String(cString: $0) }
    }

    public static var isReentrant: Bool { threadLocalStorage != nil }

    /// Forces a GLPK fatal error (a duplicate matrix entry) under the guard and returns
    /// GLPK's message. The process survives, and the thread's next solve works.
    public static func provokeFatalError() -> GLPKError {
        var error: UnsafeMutablePointer<CChar>?
        let code = cpg_selftest_fatal(&error)
        let message = takeCString(error) ?? ""
        return Int(code) == CPG_EGLPK ? .fatal(message: GLPKSolver.clean(message)) : .fatal(message: "no error raised")
    }
}
