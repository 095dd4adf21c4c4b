import CareModel
import Foundation
import GLPK
import Modeling
import ORLibrary
import Testing

@Suite struct GAPBenchmarks {
    static let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    static let known = GAPKnownValue.parse(csv: try! String(contentsOf: fixtures.appendingPathComponent("known_values_gap1-12.csv"), encoding: .utf8))

    /// gap1 to gap4 (5 agents, 15 to 30 jobs; 20 problems) in both senses reach the
    /// published optima, and each assignment is checked independently of GLPK.
    @Test(arguments: ["gap1", "gap2", "gap3", "gap4"], [ObjectiveSense.maximize, .minimize])
    func publishedOptima(file: String, sense: ObjectiveSense) throws {
        let instances = try GAPFile.load(Self.fixtures.appendingPathComponent("\(file).txt"))
        #expect(instances.count == 5)
        for (k, instance) in instances.enumerated() {
            let entry = try #require(Self.known.first { $0.file == "\(file).txt" && $0.index == k + 1 })
            let published = try #require(sense == .maximize ? entry.optimumMax : entry.optimumMin)
            let (model, x) = instance.model(sense: sense)
            let solution = try GLPKSolver().solve(model)
            #expect(solution.status == .optimal, "\(entry.name)")
            #expect(solution.objective == Double(published), "\(entry.name) \(sense)")
            let agentOf = (0..<instance.jobs).map { j in (0..<instance.agents).first { solution[x[$0][j]] == 1 } ?? -1 }
            #expect(instance.value(of: agentOf) == published, "\(entry.name): the assignment itself")
        }
    }

    @Test func knownValuesAreRead() {
        #expect(Self.known.count == 60)
        #expect(Self.known.first == GAPKnownValue(file: "gap1.txt", index: 1, name: "c515-1", optimumMax: 336, optimumMin: 261))
    }
}

@Suite struct GAPFileErrors {
    @Test func wordWhereANumberBelongs() {
        #expect(throws: DataError(file: "x.txt", line: 2, column: 4, message: "expected the number of jobs (a whole number), found \"five\"")) {
            try GAPFile.parse("1\n 2 five\n", file: "x.txt")
        }
    }

    @Test func fileEndsEarly() {
        #expect(throws: DataError(file: "x.txt", line: 3, column: 8, message: "expected a capacity, found the end of the file")) {
            try GAPFile.parse("1\n1 2\n3 4 5 6", file: "x.txt")
        }
    }

    @Test func negativeLoad() {
        #expect(throws: DataError(file: "x.txt", line: 1, column: 9, message: "expected a load of at least 0, found -1")) {
            try GAPFile.parse("1 1 1 7 -1 3", file: "x.txt")
        }
    }

    @Test func independentCheckRefusesOverload() {
        let instance = GAPInstance(agents: 2, jobs: 2, cost: [[1, 1], [1, 1]], load: [[3, 3], [1, 1]], capacity: [4, 4])
        #expect(instance.value(of: [0, 0]) == nil)
        #expect(instance.value(of: [0, 1]) == 2)
        #expect(instance.value(of: [0]) == nil)
    }
}
