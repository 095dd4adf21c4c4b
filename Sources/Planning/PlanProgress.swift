import Foundation
import Modeling

/// Where a run stands, for a progress line: the plan being solved, its components done, and the
/// latest search's incumbent, bound and gap. Planners write it from any thread; a printer reads
/// ``snapshot`` on its own schedule, so reporting costs the searches one lock per event.
public final class PlanProgress: @unchecked Sendable {
    public struct Snapshot: Sendable, Equatable {
        /// The plan being solved (`mentors`, `buddies`, `staffing`, `roster`), nil before the first.
        public var plan: String?
        public var components = 0
        public var componentsDone = 0
        /// The latest search's figures (a component's MIP, or the roster's rounds).
        public var incumbent: Double?
        public var bound: Double?
        public var gap: Double?
        /// A phase in words where a plan has phases (the roster: "column generation", "round 12").
        public var phase: String?
        /// Seconds since the plan started.
        public var elapsed: Double = 0

        /// "component 34 of 78" (the next one to finish), nil for a plan in one part.
        public var componentInWords: String? {
            components > 1 ? "component \(min(componentsDone + 1, components)) of \(components)" : nil
        }
    }

    private let lock = NSLock()
    private var state = Snapshot()
    private var planStarted = Date()
    private var began: (@Sendable (Snapshot) -> Void)?

    public init() {}

    /// Calls `f` whenever a plan begins (on the planner's thread; keep it short).
    public func onBegin(_ f: @escaping @Sendable (Snapshot) -> Void) {
        lock.withLock { began = f }
    }

    public var snapshot: Snapshot {
        lock.withLock {
            var s = state
            if s.plan != nil { s.elapsed = Date().timeIntervalSince(planStarted) }
            return s
        }
    }

    /// A plan starts, split into `components` independent parts.
    public func begin(plan: String, components: Int) {
        let (snapshot, began) = lock.withLock {
            state = Snapshot(plan: plan, components: components)
            planStarted = Date()
            return (state, self.began)
        }
        began?(snapshot)
    }

    func componentDone() {
        lock.withLock { state.componentsDone += 1 }
    }

    /// A search's progress (pass as ``SolveOptions/progress``).
    public func search(_ p: SolveProgress) {
        lock.withLock {
            state.incumbent = p.incumbent
            state.bound = p.bound
            state.gap = p.gap
        }
    }

    /// A phase of the plan, in words; with the incumbent and bound when it has them.
    public func phase(_ text: String, incumbent: Double? = nil, bound: Double? = nil) {
        lock.withLock {
            state.phase = text
            if let incumbent { state.incumbent = incumbent }
            if let bound { state.bound = bound }
            if let i = state.incumbent, let b = state.bound { state.gap = abs(i - b) / max(abs(i), 1e-9) }
        }
    }
}

extension SolveOptions {
    /// These options reporting to `progress`, when there is one.
    func reporting(to progress: PlanProgress?) -> SolveOptions {
        guard let progress else { return self }
        var o = self
        o.progress = { progress.search($0) }
        o.progressInterval = 1
        return o
    }
}
