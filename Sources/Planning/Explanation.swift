/// A plan's answer to "why this?" for one subject (a student, a child, a helper, a person, a
/// site, a day): what the plan gave it, why, and what the next best option was. Each plan
/// builds its own from its problem and its plan as written; the command line only prints
/// ``lines``. Without `sensitive`, no line names a rule that reveals a student's risk level or
/// difficulty.
public struct Explanation: Sendable, Equatable {
    /// The first line: who or what is explained.
    public var title: String
    /// The answer, each line indented under the title.
    public var details: [String]

    public init(title: String, details: [String] = []) {
        self.title = title
        self.details = details
    }

    /// As printed: the title, then each detail indented by two spaces.
    public var lines: [String] { [title] + details.map { "  " + $0 } }
}
