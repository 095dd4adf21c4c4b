import Modeling

/// Small deterministic generators for test models.
struct LCG {
    var state: UInt64
    mutating func next(_ range: ClosedRange<Int>) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return range.lowerBound + Int((state >> 33) % UInt64(range.count))
    }
}

/// A generalized assignment problem of Chu and Beasley's type C/D: tight capacities.
/// `hard` (type D: cost falls as load rises) is far beyond GLPK's reach in seconds.
func generatedGAP(agents m: Int, jobs n: Int, seed: UInt64, hard: Bool) -> (Model, [[Variable]]) {
    var rng = LCG(state: seed)
    let load = (0..<m).map { _ in (0..<n).map { _ in rng.next(hard ? 1...100 : 5...25) } }
    let cost = (0..<m).map { i in (0..<n).map { j in hard ? 111 - load[i][j] + rng.next(-10...10) : rng.next(10...50) } }
    var model = Model(name: "gap")
    let x = (0..<m).map { i in (0..<n).map { j in model.addBinary("x_\(i)_\(j)") } }
    for j in 0..<n {
        model.addConstraint(LinearExpression(sum: (0..<m).map { x[$0][j] }) == 1, name: "job_\(j)")
    }
    for i in 0..<m {
        let capacity = Double(Int(0.8 * Double(load[i].reduce(0, +)) / Double(m)))
        model.addConstraint(variables: x[i], coefficients: load[i].map(Double.init), upper: capacity, name: "cap_\(i)")
    }
    var objective = LinearExpression()
    for i in 0..<m { for j in 0..<n { objective.add(x[i][j], Double(cost[i][j])) } }
    model.minimize(objective)
    return (model, x)
}
