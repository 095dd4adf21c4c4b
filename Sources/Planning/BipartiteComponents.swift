/// The connected components of a bipartite graph (left nodes 0..<left, right nodes 0..<right),
/// by union-find: in order of each component's first node (left nodes before right ones), the
/// nodes of each side in increasing order. Every plan splits its problem this way (students and
/// mentors, children and helpers, people and sites) and solves the parts apart.
///
/// - Complexity: about O((left + right + edges) · α).
func bipartiteComponents(left: Int, right: Int, neighbours: (Int) -> [Int]) -> [(left: [Int], right: [Int])] {
    var parent = Array(0..<(left + right))
    func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
        return x
    }
    for l in 0..<left {
        for r in neighbours(l) {
            let a = find(l), b = find(left + r)
            if a != b { parent[max(a, b)] = min(a, b) }
        }
    }
    var order = [Int: Int](), lefts = [[Int]](), rights = [[Int]]()
    for x in 0..<(left + right) {
        let root = find(x)
        let k: Int
        if let existing = order[root] { k = existing } else { k = lefts.count; order[root] = k; lefts.append([]); rights.append([]) }
        if x < left { lefts[k].append(x) } else { rights[k].append(x - left) }
    }
    return Array(zip(lefts, rights))
}
