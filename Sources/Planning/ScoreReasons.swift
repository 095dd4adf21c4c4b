/// Why a candidate pair scores what it does, as a set of named reasons (`continuity`,
/// `same_class`, ...): each plan lists its reasons and their names once, in the order they are
/// written in outputs.
public protocol ScoreReasons: OptionSet, Sendable, Hashable where RawValue == Int, Element == Self {
    static var named: [(reason: Self, name: String)] { get }
}

extension ScoreReasons {
    /// The names of the reasons in this set, in the plan's order.
    public var names: [String] { Self.named.filter { contains($0.reason) }.map(\.name) }
}
