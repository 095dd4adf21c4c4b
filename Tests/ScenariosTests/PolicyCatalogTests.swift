import Foundation
@testable import Scenarios
import Testing

/// The policy form's catalog, held to the scenario reader: each key's bounds are accepted and one
/// step past them refused with the key's own message, and each default is what a scenario without
/// the key gets (read back through the key from a scenario that sets it to the default explicitly).
@Suite struct PolicyCatalogTests {
    func scenario(_ path: String, _ value: String) throws -> Scenario {
        // policy.mentor.weights.prefer: 3 -> nested mapping lines.
        let parts = path.split(separator: ".").map(String.init)
        var text = "data: d\n"
        for (depth, part) in parts.enumerated() {
            text += String(repeating: "  ", count: depth) + part + ":" + (depth == parts.count - 1 ? " \(value)\n" : "\n")
        }
        return try Scenario.parse(text, file: "s.yaml", directory: URL(fileURLWithPath: "/data"))
    }

    func refused(_ path: String, _ value: String) -> String? {
        do { _ = try scenario(path, value); return nil } catch { return "\(error)" }
    }

    @Test func everyKeyMatchesTheReader() throws {
        #expect(PolicyCatalog.keys.count == 63)
        #expect(Set(PolicyCatalog.keys.map(\.path)).count == PolicyCatalog.keys.count)
        for key in PolicyCatalog.keys {
            // The default, set explicitly, reads back as itself.
            #expect(key.value(in: try scenario(key.path, key.defaultValue)) == key.defaultValue, "\(key.path)")
            switch key.kind {
            case let .int(range), let .autoOrInt(range):
                for v in [range.lowerBound, range.upperBound] { #expect(key.value(in: try scenario(key.path, String(v))) == String(v), "\(key.path) \(v)") }
                for v in [range.lowerBound - 1, range.upperBound + 1] {
                    let error = refused(key.path, String(v))
                    #expect(error?.contains("\(key.path) must be") == true, "\(key.path) \(v): \(error ?? "accepted")")
                }
            case let .number(range):
                for v in [range.lowerBound, range.upperBound] {
                    #expect(key.value(in: try scenario(key.path, PolicyCatalog.n(v))) == PolicyCatalog.n(v), "\(key.path) \(v)")
                }
                let over = range.upperBound + max(range.upperBound * 0.01, 0.01)
                #expect(refused(key.path, String(over))?.contains("\(key.path) must be") == true, "\(key.path) \(over)")
                #expect(refused(key.path, String(range.lowerBound - 0.01))?.contains("\(key.path) must be") == true, "\(key.path) below")
            case let .choice(choices):
                for c in choices { #expect(key.value(in: try scenario(key.path, c)) == c) }
                #expect(refused(key.path, "nonsense")?.contains("\(key.path) must be one of \(choices.joined(separator: ", "))") == true)
            case let .intList(range):
                #expect(key.value(in: try scenario(key.path, "[\(range.upperBound), \(range.lowerBound)]")) == "[\(range.lowerBound), \(range.upperBound)]")
                #expect(refused(key.path, "[\(range.upperBound + 1)]") != nil)
            }
        }
    }

    /// Every key the reader allows (it lists them when refusing an unknown one) is in the catalog.
    @Test func noKeyIsMissing() throws {
        for section in ["policy.mentor", "policy.buddy", "policy.staffing", "policy.activities",
                        "policy.mentor.weights", "policy.mentor.loads", "policy.buddy.weights", "policy.staffing.weights",
                        "policy.staffing.cost_per_hire", "policy.activities.weights"] {
            let error = try #require(refused(section + ".unknown_key", "1"))
            let list = try #require(error.range(of: "expected one of ")).upperBound
            let allowed = error[list...].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(allowed.count >= 3, "\(section): \(error)")
            for key in allowed {
                let path = "\(section).\(key)"
                #expect(PolicyCatalog.keys.contains { $0.path == path || $0.path.hasPrefix(path + ".") }, "\(path) is not in the catalog")
            }
        }
    }

    @Test func defaultsAreThePolicies() {
        let values = Dictionary(uniqueKeysWithValues: PolicyCatalog.keys.map { ($0.path, $0.defaultValue) })
        #expect(values["policy.mentor.cap"] == "15")
        #expect(values["policy.mentor.balance_target"] == "auto")
        #expect(values["policy.mentor.same_gender_grades"] == "[]")
        #expect(values["policy.buddy.mode"] == "optimal")
        #expect(values["policy.staffing.travel_minutes"] == nil)
        #expect(values["policy.staffing.weights.travel"] == "0.01")
        #expect(values["policy.activities.sitting_minutes"] == "180")
    }
}
