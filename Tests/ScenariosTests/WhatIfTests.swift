import CareModel
import Foundation
import Planning
import Scenarios
import Testing

/// `whatif:` and `sweep:`: which variants a scenario makes, their names and overrides, and the
/// errors for overrides that cannot apply (each at the override's own line and column).
@Suite struct WhatIfVariants {
    @Test func namedVariantsThenTheSweepsProductInOrder() throws {
        let s = try parse("""
            name: autumn
            generate: {district: tiny, seed: 1}
            plans: [mentors, staffing]
            policy: {mentor: {cap: 15}}
            whatif:
              cap-12: {policy.mentor.cap: 12}
              more-budget:
                policy.staffing.budget: 1000000
                policy.mentor.min_years: 3
            sweep:
              policy.mentor.cap: [12, 15]
              policy.staffing.budget: [0, 500000, 1000000]
            """)
        #expect(s.mentorPolicy.cap == 15)
        #expect(s.variant == nil)
        #expect(s.variants.map(\.name) == ["cap-12", "more-budget",
                                           "cap-12_budget-0", "cap-12_budget-500000", "cap-12_budget-1000000",
                                           "cap-15_budget-0", "cap-15_budget-500000", "cap-15_budget-1000000"])
        let more = s.variants[1]
        #expect(more.label.overrides == [.init(path: "policy.staffing.budget", value: "1000000"), .init(path: "policy.mentor.min_years", value: "3")])
        #expect(more.scenario.staffingPolicy.budget == 1_000_000)
        #expect(more.scenario.mentorPolicy.minYears == 3)
        #expect(more.scenario.mentorPolicy.cap == 15)  // the base's, untouched
        let last = s.variants[7].scenario
        #expect(last.mentorPolicy.cap == 15 && last.staffingPolicy.budget == 1_000_000)
        #expect(last.variant?.overrides == [.init(path: "policy.mentor.cap", value: "15"), .init(path: "policy.staffing.budget", value: "1000000")])
        #expect(s.variants.allSatisfy { $0.scenario.variants.isEmpty && $0.scenario.plans == [.mentors, .staffing] })
        // --shard slices: position p (0 the base) in slice p mod N + 1.
        #expect(SweepRunner.variants(of: s).map(\.variant.name).first == "base")
        #expect(SweepRunner.variants(of: s, shard: Shard("2/3")).map(\.position) == [1, 4, 7])
        #expect(Shard("0/3") == nil && Shard("4/3") == nil && Shard("1/0") == nil && Shard("a/b") == nil)
    }

    @Test func mappingsMergeKeyByKeyAndDataReplacesGenerate() throws {
        let s = try parse("""
            generate: {district: tiny}
            policy: {mentor: {weights: {continuity: 7, prefer: 2}}}
            whatif:
              prefer-more: {policy.mentor.weights: {prefer: 5}}
              other-data: {data: other/}
              new-section: {policy.buddy.max_grade_gap: 1}
            """)
        let weights = s.variants[0].scenario.mentorPolicy.weights
        #expect(weights.prefer == 5 && weights.continuity == 7)
        #expect(s.variants[0].label.overrides == [.init(path: "policy.mentor.weights", value: "{prefer: 5}")])
        #expect(s.variants[1].scenario.source == .directory(URL(fileURLWithPath: "/data/other/")))
        #expect(s.source == .generate(district: "tiny", seed: 1))
        #expect(s.variants[2].scenario.buddyPolicy.maxGradeGap == 1)
    }

    /// Every override that cannot apply: exit 2's message, at the line and column of what is wrong.
    @Test(arguments: [
        ("whatif:\n  x: {policy.mentor.capp: 12}\n",
         "s.yaml:3:7: variant 'x': unknown key 'capp' in policy.mentor; expected one of cap, min_years, max_high_risk, high_risk_level, psych_trained_level, loads, balance_target, same_gender_grades, weights"),
        ("whatif:\n  x:\n    policy.mentor.cap: twelve\n",
         "s.yaml:4:24: variant 'x': policy.mentor.cap must be a whole number from 0 to 1000, found \"twelve\""),
        ("sweep:\n  policy.mentor.cap: []\n",
         "s.yaml:3:22: sweep.policy.mentor.cap has no values; give at least one, such as [12, 15]"),
        ("sweep:\n  policy.mentor.cap: 12\n",
         "s.yaml:3:22: sweep.policy.mentor.cap must be a list of values, such as [12, 15]"),
        ("sweep:\n  policy.mentor.cap: [12, -1]\n",
         "s.yaml:3:27: variant 'cap--1': policy.mentor.cap must be a whole number from 0 to 1000, found \"-1\""),
        ("whatif:\n  base: {policy.mentor.cap: 12}\n",
         "s.yaml:3:3: whatif: 'base' names the scenario without overrides; choose another name"),
        ("whatif:\n  ../up: {policy.mentor.cap: 12}\n",
         "s.yaml:3:3: whatif: '../up' cannot name a folder; use letters, digits, '.', '_' and '-', starting with a letter or digit (at most 64)"),
        ("whatif:\n  x: {}\n",
         "s.yaml:3:6: whatif.x overrides nothing; give at least one dotted path, such as policy.mentor.cap: 12"),
        ("whatif:\n  x: {policy..cap: 12}\n",
         "s.yaml:3:7: 'policy..cap' is not a dotted path; expected keys joined by dots, such as policy.mentor.cap"),
        ("plans: [mentors]\nwhatif:\n  x: {plans.mentors: 1}\n",
         "s.yaml:4:7: cannot set plans.mentors: plans is a list, not a mapping of keys"),
        ("whatif:\n  x: {sweep.a: 1}\n",
         "s.yaml:3:7: an override cannot change sweep itself"),
        ("whatif:\n  cap-12: {policy.mentor.cap: 12}\nsweep:\n  policy.mentor.cap: [12]\n",
         "s.yaml:5:3: sweep: the values 12 make the folder name 'cap-12', which a whatif variant already has"),
        ("sweep:\n  policy.mentor.cap: [1 2, 1-2]\n",
         "s.yaml:3:3: sweep: the values 1 2 and 1-2 both make the folder name 'cap-1-2'"),
        ("sweep:\n  policy.mentor.cap: [1]\n  mentor.cap: [1]\n",
         "s.yaml:4:16: variant 'policy-mentor-cap-1_mentor-cap-1': unknown key 'mentor' in the scenario; expected one of name, data, generate, plans, roster, activities, policy, solver, whatif, sweep"),
        ("whatif: [a, b]\n",
         "s.yaml:2:9: whatif must be a mapping of variant names to overrides, such as {cap-12: {policy.mentor.cap: 12}}"),
    ])
    func overridesThatCannotApply(yaml: String, message: String) throws {
        #expect(throws: DataError.self) { try parse("generate: {district: tiny}\n" + yaml) }
        do {
            _ = try parse("generate: {district: tiny}\n" + yaml)
        } catch let error as DataError {
            #expect(error.description == message)
        }
    }

    @Test func theSweepNamesAxesByTheShortestEndNoOtherShares() throws {
        let s = try parse("""
            generate: {district: tiny}
            sweep:
              policy.mentor.weights.continuity: [1]
              policy.buddy.weights.continuity: [2]
              solver.work_limit: [5]
            """)
        #expect(s.variants.map(\.name) == ["mentor-weights-continuity-1_buddy-weights-continuity-2_work_limit-5"])
    }
}
