import Foundation
import GRDB
import History
import Scenarios
import Testing
import Yams

/// What-if from the command line: sweeps into folders, parallel equal to sequential, compare in
/// every format, the run history (round trip, a killed run, two writers at once), shards merged.
@Suite(.serialized) struct WhatIfCommands {
    /// A generated tiny district in `d` and a scenario `s.yaml` whose variants change the
    /// mentors' cap and the staffing budget (5 variants with the base).
    func sweep(_ scratch: Scratch, extraWhatif: String = "") throws -> String {
        #expect(try CLI.run("generate", "--district", "tiny", "--seed", "2", "--out", scratch.sub("d")).code == 0)
        try scratch.write("s.yaml", """
            name: what-if
            data: d
            plans: [mentors, buddies, staffing]
            policy: {mentor: {cap: 15}}
            solver: {work_limit: 20}
            whatif:
              cap-9: {policy.mentor.cap: 9}\(extraWhatif)
            sweep:
              policy.staffing.budget: [0, 300000]
              policy.mentor.weights.prefer: [1, 4]

            """)
        return scratch.sub("s.yaml")
    }

    /// Every file under `folder` with each summary's `seconds` lines left out (the only bytes a
    /// solve's clock may change).
    func withoutSeconds(_ folder: String) -> [String: String] {
        CLI.snapshot(folder).filter { !$0.key.hasSuffix("/") }.compactMapValues { data -> String? in
            guard let text = String(data: data, encoding: .utf8) else { return nil }
            return text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("\"seconds\"") }.joined(separator: "\n")
        }
    }

    @Test func aSweepWritesEveryVariantAndParallelEqualsSequential() throws {
        let scratch = try Scratch()
        let s = try sweep(scratch)
        let one = try CLI.run("run", s, "--out", scratch.sub("one"), "--jobs", "1", "--no-history")
        let three = try CLI.run("run", s, "--out", scratch.sub("three"), "--jobs", "3", "--no-history")
        #expect(one.code <= 1 && three.code == one.code)
        let names = ["base", "cap-9", "budget-0_prefer-1", "budget-0_prefer-4", "budget-300000_prefer-1", "budget-300000_prefer-4"]
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.sub("one")).sorted() == ([".careplan-output", "sweep.json"] + names).sorted())
        #expect(one.out.split(separator: "\n").map { String($0.prefix { $0 != ":" }) }.prefix(6) == names[...])  // one line a variant, in order
        #expect(one.out.contains("Compare them: careplan compare \(scratch.sub("one"))"))
        #expect(withoutSeconds(scratch.sub("one")) == withoutSeconds(scratch.sub("three")))
        let index = try SweepIndex.read(scratch.url.appendingPathComponent("one"))
        #expect(index.total == 6 && index.shard == nil && index.variants.map(\.name) == names)
        // cap-9 is what a scenario with cap 9 written out gives: the override applies like the key.
        try scratch.write("nine.yaml", "name: what-if\ndata: d\nplans: [mentors, buddies, staffing]\npolicy: {mentor: {cap: 9}}\nsolver: {work_limit: 20}\n")
        _ = try CLI.run("run", scratch.sub("nine.yaml"), "--out", scratch.sub("nine"), "--no-history")
        let variant = withoutSeconds(scratch.sub("one/cap-9")), plain = withoutSeconds(scratch.sub("nine"))
        for name in ["mentors/assignments.csv", "mentors/loads.csv", "mentors/unmet.csv", "buddies/pairs.csv", "staffing/placements.csv"] {
            #expect(variant[name] != nil && variant[name] == plain[name], "\(name)")
        }
        let loads = try #require(variant["mentors/loads.csv"]).split(separator: "\n").dropFirst().map { Int($0.split(separator: ",")[2])! }
        #expect(loads.max()! <= 9)
        let summary = try RunSummary.read(scratch.url.appendingPathComponent("one/cap-9/summary.json"))
        #expect(summary.variant == .init(name: "cap-9", overrides: [.init(path: "policy.mentor.cap", value: "9")]))
    }

    /// `explain` on a variant's folder answers from the variant's policy, not the base's.
    @Test func explainAnswersFromTheVariantsOwnScenario() throws {
        let scratch = try Scratch()
        let s = try sweep(scratch, extraWhatif: "\n  years-2: {policy.mentor.min_years: 2}")
        #expect(try CLI.run("run", s, "--out", scratch.sub("out"), "--no-history").code <= 1)
        // A child in difficulty (the difficulty column is filled).
        let rows = try String(contentsOfFile: scratch.sub("d/students.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        let child = try #require(rows.first { $0.split(separator: ",", omittingEmptySubsequences: false)[5] != "" }?.split(separator: ",").first)
        let variant = try CLI.run("explain", "--out", scratch.sub("out/years-2"), "--student", String(child), "--sensitive")
        let base = try CLI.run("explain", "--out", scratch.sub("out/base"), "--student", String(child), "--sensitive")
        #expect(variant.out.contains("qualification rules: a mentor with 2+ years of experience"))
        #expect(base.out.contains("qualification rules: a mentor with 3+ years of experience"))
    }

    @Test func aBadOverrideIsRefusedWithItsLineAndColumnBeforeAnythingRuns() throws {
        let scratch = try Scratch()
        let s = try sweep(scratch, extraWhatif: "\n  typo: {policy.mentor.capp: 9}")
        let r = try CLI.run("run", s, "--out", scratch.sub("out"))
        #expect(r.code == 2)
        #expect(r.err == "careplan: error: \(s):8:10: variant 'typo': unknown key 'capp' in policy.mentor; expected one of cap, min_years, max_high_risk, high_risk_level, psych_trained_level, loads, balance_target, same_gender_grades, weights\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == ["d", "s.yaml"])  // no folder, no history
    }

    // MARK: compare

    /// Two hand-written summaries: mentors in both, buddies only in A, staffing only in B.
    func summaries(_ scratch: Scratch) throws {
        func section(_ status: String, _ objective: Double, _ gap: Double, _ seconds: Double, _ figures: [(String, String, Double, String, String)]) -> String {
            let f = figures.map { "{\"key\": \"\($0.0)\", \"label\": \"\($0.1)\", \"value\": \($0.2), \"unit\": \"\($0.3)\", \"direction\": \"\($0.4)\"}" }
            return "{\"status\": \"\(status)\", \"stop\": \"completed\", \"objective\": \(objective), \"bound\": null, \"gap\": \(gap), \"seconds\": \(seconds), \"components\": 1, \"figures\": [\(f.joined(separator: ", "))], \"fixes\": []}"
        }
        let mentorsA = section("optimal", 100, 0, 1.5, [("students", "students", 100, "count", "neutral"), ("coverage", "coverage", 0.9, "share", "higher_is_better"),
                                                       ("max_load", "largest mentor load", 15, "units", "lower_is_better")])
        let mentorsB = section("feasible", 90, 0.01, 2, [("students", "students", 100, "count", "neutral"), ("coverage", "coverage", 0.95, "share", "higher_is_better"),
                                                        ("max_load", "largest mentor load", 16, "units", "lower_is_better")])
        for name in ["A", "B"] { try FileManager.default.createDirectory(atPath: scratch.sub(name), withIntermediateDirectories: true) }
        try scratch.write("A/summary.json", """
            {"scenario": "a", "inputs": {"scenario": {"path": "../s.yaml", "sha256": "aaa"}, "tables": [{"path": "../d/students.csv", "sha256": "s1"}]},
             "plans": {"mentors": \(mentorsA), "buddies": \(section("optimal", -3, 0, 0.25, [("matched", "matched", 5, "count", "higher_is_better")]))}}
            """)
        try scratch.write("B/summary.json", """
            {"scenario": "a", "inputs": {"scenario": {"path": "../s.yaml", "sha256": "aaa"},
                                          "tables": [{"path": "../d/students.csv", "sha256": "s2"}, {"path": "../d/mentors.csv", "sha256": "m"}]},
             "variant": {"name": "cap-12", "overrides": [{"path": "policy.mentor.cap", "value": "12"}]},
             "plans": {"mentors": \(mentorsB), "staffing": \(section("optimal", 1, 0, 0.1, [("hires", "hires", 2, "count", "neutral")]))}}
            """)
    }

    static let notes = """
        buddies: only in A; compared among those
        staffing: only in B; compared among those
        Overrides:
          A: none
          B: policy.mentor.cap=12
        Inputs against A:
          B: the same scenario file; tables differ: mentors.csv (only in B), students.csv
        Differences are to A; better or worse follows each figure's direction. An objective compares only between runs with the same weights; seconds are never better or worse.

        """

    @Test func compareText() throws {
        let scratch = try Scratch()
        try summaries(scratch)
        let r = try CLI.run(in: scratch.path, "compare", "A", "B")
        #expect(r.code == 0 && r.err.isEmpty)
        #expect(r.out == """
                                   A        B
            mentors
              status               optimal  feasible
              objective            100      90 (-10, better)
              gap                  0.00 %   1.00 % (+1.00 pt, worse)
              seconds              1.50 s   2.00 s (+0.50 s)
              students             100      100
              coverage             90.00 %  95.00 % (+5.00 pt, better)
              largest mentor load  15       16 (+1, worse)
            buddies
              status               optimal  -
              objective            -3       -
              gap                  0.00 %   -
              seconds              0.25 s   -
              matched              5        -
            staffing
              status               -        optimal
              objective            -        1
              gap                  -        0.00 %
              seconds              -        0.10 s
              hires                -        2


            """ + Self.notes)
    }

    @Test func compareMarkdownCSVAndJSON() throws {
        let scratch = try Scratch()
        try summaries(scratch)
        let md = try CLI.run(in: scratch.path, "compare", "A", "B", "--format", "markdown")
        #expect(md.out.hasPrefix("""
            | plan | figure | A | B |
            |---|---|---:|---:|
            | mentors | status | optimal | feasible |
            | mentors | objective | 100 | 90 (-10, better) |
            | mentors | gap | 0.00 % | 1.00 % (+1.00 pt, worse) |
            """))
        #expect(md.out.contains("| staffing | hires | - | 2 |\n\nbuddies: only in A; compared among those\n"))
        #expect(md.out.contains("\n- B: policy.mentor.cap=12\n"))
        let csv = try CLI.run(in: scratch.path, "compare", "A", "B", "--format", "csv").out.split(separator: "\n")
        #expect(csv.first == "plan,figure,label,unit,direction,run,value,difference,verdict")
        #expect(csv.contains("mentors,coverage,coverage,share,higher_is_better,B,0.95,0.05,better"))
        #expect(csv.contains("mentors,max_load,largest mentor load,units,lower_is_better,B,16,1,worse"))
        #expect(csv.contains("mentors,status,status,text,neutral,B,feasible,,changed"))
        #expect(csv.contains("buddies,matched,matched,count,higher_is_better,B,,,"))
        #expect(csv.count == 1 + 17 * 2)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try CLI.run(in: scratch.path, "compare", "A", "B", "--format", "json").out.utf8)) as? [String: Any])
        let rows = try #require(json["rows"] as? [[String: Any]])
        let coverage = try #require(rows.first { $0["plan"] as? String == "mentors" && $0["figure"] as? String == "coverage" })
        #expect(coverage["values"] as? [Double] == [0.9, 0.95])
        #expect((coverage["differences"] as? [Any])?.last as? Double == 0.05)
        #expect((coverage["verdicts"] as? [Any])?.last as? String == "better")
        #expect(json["input_differences"] as? [String] == ["B: the same scenario file; tables differ: mentors.csv (only in B), students.csv"])
        let bad = try CLI.run(in: scratch.path, "compare", "A", "nowhere")
        #expect(bad.code == 2)
        #expect(bad.err == "careplan: error: nowhere: no such folder, and not a run id; expected the --out folder of `careplan run` or a number from `careplan history`\n")
    }

    // MARK: history

    @Test func theHistoryHoldsWhatTheSummariesSay() throws {
        let scratch = try Scratch()
        let s = try sweep(scratch)
        #expect(try CLI.run("run", s, "--out", scratch.sub("out")).code <= 1)
        let path = scratch.sub("careplan.sqlite")  // beside the scenario
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let history = try History(path: path)
        let runs = try history.runs()
        // Recorded as each finishes (two at a time): every variant once.
        #expect(runs.compactMap(\.variant).sorted() == ["base", "budget-0_prefer-1", "budget-0_prefer-4", "budget-300000_prefer-1", "budget-300000_prefer-4", "cap-9"])
        #expect(runs.allSatisfy { $0.state == "finished" && $0.plans == ["buddies", "mentors", "staffing"] && $0.version == "0.1.0" })
        for run in runs {
            let detail = try #require(try history.run(run.id))
            let summary = try RunSummary.read(URL(fileURLWithPath: try #require(run.out)).appendingPathComponent("summary.json"))
            #expect(detail.overrides == summary.variant?.overrides)
            for (name, section) in detail.plans {
                let written = try #require(summary.plans[name])
                #expect(section.status == written.status && section.objective == written.objective && section.gap == written.gap)
                #expect(section.figures == written.figures)
            }
        }
        // Filters, show, and compare by id.
        let list = try CLI.run("history", "--history", path, "--plan", "staffing", "--since", "2020-01-01")
        #expect(list.code == 0 && list.out.split(separator: "\n").count == 7)
        #expect(try CLI.run("history", "--history", path, "--plan", "roster").out == "No runs in \(path) match.\n")
        let cap9 = try #require(runs.first { $0.variant == "cap-9" })
        let show = try CLI.run("history", "show", String(cap9.id), "--history", path)
        #expect(show.out.contains("\n  variant: cap-9\n  overrides: policy.mentor.cap=9\n  tables: "))
        // A run from the history is the run its folder holds (but the fix sentences, never recorded).
        let fromHistory = try #require(try history.compared(cap9.id))
        let fromFolder = try ComparedRun.load(folder: URL(fileURLWithPath: try #require(cap9.out)), display: "cap-9", prefix: nil)[0]
        #expect(fromHistory.overrides == fromFolder.overrides && fromHistory.tables == fromFolder.tables && fromHistory.scenarioSHA256 == fromFolder.scenarioSHA256)
        #expect(fromHistory.plans.keys.sorted() == fromFolder.plans.keys.sorted())
        for (name, s) in fromFolder.plans {
            let h = try #require(fromHistory.plans[name])
            #expect(h.status == s.status && h.stop == s.stop && h.objective == s.objective && h.bound == s.bound && h.gap == s.gap)
            #expect(h.seconds == s.seconds && h.components == s.components && h.figures == s.figures && h.fixes.isEmpty)
        }
        let byID = try CLI.run("compare", String(runs[0].id), String(cap9.id), "--history", path)
        #expect(byID.code == 0 && byID.out.contains("  run \(runs[0].id) (\(runs[0].variant!))  "))
        #expect(try history.integrity() == "ok")
    }

    @Test func aForeignHistoryFileIsRefusedAndLeftAsItIs() throws {
        let scratch = try Scratch()
        let s = try sweep(scratch)
        try scratch.write("notes.sqlite", "my notes\n")
        let r = try CLI.run("run", s, "--out", scratch.sub("out"), "--history", scratch.sub("notes.sqlite"))
        #expect(r.code == 2)
        #expect(r.err == "careplan: error: \(scratch.sub("notes.sqlite")): is not an SQLite file careplan wrote; choose another --history (it was left as it is)\n")
        #expect(try String(contentsOfFile: scratch.sub("notes.sqlite"), encoding: .utf8) == "my notes\n")
        #expect(!FileManager.default.fileExists(atPath: scratch.sub("out")))
        // Another program's SQLite file: refused, not one byte changed (not even its journal mode).
        let other = try DatabaseQueue(path: scratch.sub("other.sqlite"))
        try other.write { try $0.execute(sql: "CREATE TABLE pupils (id TEXT); INSERT INTO pupils VALUES ('S1')") }
        try other.close()
        let before = try Data(contentsOf: scratch.url.appendingPathComponent("other.sqlite"))
        let refused = try CLI.run("run", s, "--out", scratch.sub("out"), "--history", scratch.sub("other.sqlite"))
        #expect(refused.code == 2)
        #expect(refused.err == "careplan: error: \(scratch.sub("other.sqlite")): is an SQLite file careplan did not write (tables pupils); choose another --history (it was left as it is)\n")
        #expect(try Data(contentsOf: scratch.url.appendingPathComponent("other.sqlite")) == before)
    }

    /// A child process killed outright mid-sweep: the history stays whole, with every variant
    /// that finished before the kill, and the invocation reads as killed.
    @Test func aKilledSweepLeavesTheHistoryConsistent() throws {
        let scratch = try Scratch()
        _ = try sweep(scratch)
        // 13 variants of a bigger district, one at a time, so the kill lands mid-sweep.
        try scratch.write("long.yaml", """
            name: long
            generate: {district: zhoujiadu, seed: 1}
            plans: [mentors, staffing]
            solver: {work_limit: 20}
            sweep: {policy.mentor.cap: [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]}

            """)
        let path = scratch.sub("h.sqlite")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = ["run", scratch.sub("long.yaml"), "--out", scratch.sub("out"), "--jobs", "1", "--history", path, "--quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var recorded = 0
        for _ in 0..<600 where recorded < 2 {
            usleep(100_000)
            if FileManager.default.fileExists(atPath: path) { recorded = (try? History(path: path).runs().count) ?? 0 }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(recorded >= 2)
        let history = try History(path: path)
        #expect(try history.integrity() == "ok")
        let runs = try history.runs()
        #expect(runs.count >= 2 && runs.count < 13)
        #expect(runs.allSatisfy { $0.state == "killed" && $0.plans == ["mentors", "staffing"] })
        for run in runs { #expect(try history.run(run.id)?.plans.allSatisfy { !$0.section.figures.isEmpty } == true) }
        #expect(!FileManager.default.fileExists(atPath: scratch.sub("out")))  // no folder written in part
    }

    @Test func twoRunsWritingOneHistoryAtOnceBothLand() throws {
        let scratch = try Scratch()
        let s = try sweep(scratch)
        let path = scratch.sub("shared.sqlite")
        let processes = try (1...2).map { k -> Process in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: CLI.binary)
            p.arguments = ["run", s, "--out", scratch.sub("out\(k)"), "--jobs", "2", "--history", path, "--quiet"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            return p
        }
        for p in processes { p.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus <= 1 })
        let history = try History(path: path)
        let runs = try history.runs()
        #expect(runs.count == 12 && Set(runs.map(\.invocation)).count == 2)
        #expect(runs.allSatisfy { $0.state == "finished" })
        #expect(try history.integrity() == "ok")
    }

    // MARK: districts side by side

    @Test func benchPutsDistrictsSideBySideAndRecordsThem() throws {
        let scratch = try Scratch()
        let s = try sweep(scratch)  // its policy (cap 15, work limit 20); its variants are left out
        let r = try CLI.run("bench", "--districts", "tiny,mine", "--data", "mine=\(scratch.sub("d"))", "--plans", "mentors,staffing", "--repeat", "3",
                            "--scenario", s, "--out", scratch.sub("bench"))
        #expect(r.code == 0)
        #expect(r.out.hasPrefix("careplan bench: tiny, mine; plans mentors, staffing; 3 repeats each; seconds are medians; policy from \(s)\n"))
        #expect(r.err.split(separator: "\n").count == 6)  // a line a repeat
        let files = try FileManager.default.contentsOfDirectory(atPath: scratch.sub("bench")).sorted()
        #expect(files == [".careplan-output", "bench.csv", "bench.json", "bench.md", "runs"])
        // The district given by folder is what careplan run gives on it with the same policy.
        try scratch.write("mine.yaml", "name: m\ndata: d\nplans: [mentors, staffing]\npolicy: {mentor: {cap: 15}}\nsolver: {work_limit: 20}\n")
        _ = try CLI.run("run", scratch.sub("mine.yaml"), "--out", scratch.sub("mine"), "--no-history")
        let direct = try RunSummary.read(scratch.url.appendingPathComponent("mine/summary.json"))
        let benched = try RunSummary.read(scratch.url.appendingPathComponent("bench/runs/mine/summary.json"))
        #expect(direct.plans["mentors"]?.figures == benched.plans["mentors"]?.figures)
        #expect(direct.plans["staffing"]?.figures == benched.plans["staffing"]?.figures)
        let csv = try String(contentsOfFile: scratch.sub("bench/bench.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csv.contains("process,repeats,repeats,count,neutral,mine,3,,"))
        #expect(csv.contains { $0.hasPrefix("process,peak_memory_mib,peak memory (MiB),units,lower_is_better,tiny,") })
        let md = try String(contentsOfFile: scratch.sub("bench/bench.md"), encoding: .utf8)
        #expect(md.contains("| plan | figure | tiny | mine |"))
        let history = try History(path: scratch.sub("careplan.sqlite"))
        let runs = try history.runs()
        #expect(runs.map(\.district) == ["tiny", "mine"] && runs.allSatisfy { $0.command == "bench" && $0.plans == ["mentors", "staffing"] })
        #expect(try history.run(runs[1].id)?.peakMemory ?? 0 > 1_000_000)
        let unknown = try CLI.run("bench", "--districts", "tiny,atlantis", "--out", scratch.sub("b2"))
        #expect(unknown.code == 2)
        #expect(unknown.err == "careplan: error: --districts: 'atlantis' is neither a preset (zhoujiadu, changning, pudong, tiny, oneschool, survey-school) nor named by --data NAME=FOLDER\n")
    }

    // MARK: shards

    @Test func shardsMergedEqualOneRun() throws {
        let scratch = try Scratch()
        let s = try sweep(scratch)
        #expect(try CLI.run("run", s, "--out", scratch.sub("all"), "--no-history").code <= 1)
        for k in 1...3 {
            #expect(try CLI.run("run", s, "--out", scratch.sub("shard-\(k)"), "--shard", "\(k)/3", "--history", scratch.sub("h\(k).sqlite")).code <= 1)
        }
        #expect(try SweepIndex.read(scratch.url.appendingPathComponent("shard-2")).variants.map(\.position) == [1, 4])
        let merged = try CLI.run("merge", scratch.sub("shard-1"), scratch.sub("shard-2"), scratch.sub("shard-3"), "--out", scratch.sub("merged"),
                                 "--histories", scratch.sub("h1.sqlite"), scratch.sub("h2.sqlite"), scratch.sub("h3.sqlite"), "--history", scratch.sub("all.sqlite"))
        #expect(merged.code == 0)
        #expect(merged.out == "Copied 3 invocations into \(scratch.sub("all.sqlite")).\nWrote \(scratch.sub("merged")): 6 variants of 6, sweep.json\n")
        let one = withoutSeconds(scratch.sub("all")), joined = withoutSeconds(scratch.sub("merged"))
        #expect(one.keys.sorted() == joined.keys.sorted())
        for key in one.keys.sorted() where key != ".careplan-output" { #expect(one[key] == joined[key], "\(key)") }
        #expect(try History(path: scratch.sub("all.sqlite")).runs().count == 6)
        // Merged twice: each invocation once.
        #expect(try CLI.run("merge", scratch.sub("shard-1"), "--out", scratch.sub("m1"), "--histories", scratch.sub("h1.sqlite"),
                            "--history", scratch.sub("all.sqlite")).code == 1)
        #expect(try History(path: scratch.sub("all.sqlite")).runs().count == 6)
        let twice = try CLI.run("merge", scratch.sub("shard-1"), scratch.sub("shard-1"), "--out", scratch.sub("m2"))
        #expect(twice.code == 2)
        #expect(twice.err == "careplan: error: \(scratch.sub("shard-1")): holds variant base, which \(scratch.sub("shard-1")) holds too; merge each shard once\n")
    }

    /// The manifests in deploy/kubernetes: valid YAML, an Indexed Job whose completions,
    /// parallelism and --shard N agree, writing where the merge Job reads.
    @Test func theKubernetesManifestsAreAnIndexedJobAndAMerge() throws {
        let folder = CLI.root.appendingPathComponent("deploy/kubernetes")
        func load(_ name: String) throws -> [String: Any] {
            try #require(try Yams.load(yaml: String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) as? [String: Any])
        }
        let sweep = try load("sweep-job.yaml"), merge = try load("merge-job.yaml"), volume = try load("volume.yaml")
        #expect(sweep["apiVersion"] as? String == "batch/v1" && sweep["kind"] as? String == "Job")
        let spec = try #require(sweep["spec"] as? [String: Any])
        #expect(spec["completionMode"] as? String == "Indexed")
        let n = try #require(spec["completions"] as? Int)
        #expect(spec["parallelism"] as? Int == n)
        let pod = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
        #expect(["Never", "OnFailure"].contains(pod["restartPolicy"] as? String))
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        let command = ((container["command"] as? [String]) ?? []) + ((container["args"] as? [String]) ?? [])
        let line = command.joined(separator: " ")
        #expect(line.contains("JOB_COMPLETION_INDEX + 1") && line.contains("--shard $K/\(n) ") && line.contains("--out /work/out/shard-$K"))
        let claim = try #require(((pod["volumes"] as? [[String: Any]])?.first?["persistentVolumeClaim"] as? [String: Any])?["claimName"] as? String)
        #expect(claim == (volume["metadata"] as? [String: Any])?["name"] as? String)
        #expect((container["volumeMounts"] as? [[String: Any]])?.first?["mountPath"] as? String == "/work")
        let mergeSpec = try #require(merge["spec"] as? [String: Any])
        let mergePod = try #require((mergeSpec["template"] as? [String: Any])?["spec"] as? [String: Any])
        let mergeLine = (((mergePod["containers"] as? [[String: Any]])?.first?["args"] as? [String]) ?? []).joined()
        #expect(mergeLine.contains("careplan merge /work/out/shard-* --out /work/out/merged"))
        #expect(((mergePod["volumes"] as? [[String: Any]])?.first?["persistentVolumeClaim"] as? [String: Any])?["claimName"] as? String == claim)
        let containerfile = try String(contentsOf: CLI.root.appendingPathComponent("deploy/Containerfile"), encoding: .utf8)
        #expect(containerfile.contains("libglpk40") && containerfile.contains("libsqlite3-0") && containerfile.contains("--static-swift-stdlib"))
    }
}
