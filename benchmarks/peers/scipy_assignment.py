"""Time SciPy's sparse assignment on a pairs file and print a JSON line.

The side-by-side peer of careplan-bench's `assignment` workload: the same pairs, timed in the
same run. Not a dependency of careplan itself.

    python scipy_assignment.py PAIRS.csv [REPEATS]

PAIRS.csv has `child,helper,score` rows (0-based indices). SciPy finds a minimum-weight full
matching; weights are (max score + 1 - score), all positive, so over full matchings (every
child matched) it is the matching with the highest total score, as careplan's objective asks.
"""
import json
import sys
import time

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching


def main() -> None:
    path = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.int64)
    rows, cols, score = data[:, 0], data[:, 1], data[:, 2]
    n = int(max(rows.max(), cols.max())) + 1
    weight = (score.max() + 1 - score).astype(np.float64)
    graph = csr_matrix((weight, (rows, cols)), shape=(n, n))
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        r, c = min_weight_full_bipartite_matching(graph)
        times.append(time.perf_counter() - started)
    total = int(np.asarray(graph[r, c]).ravel().sum())
    total_score = int(len(r) * (score.max() + 1) - total)
    print(json.dumps({"seconds": sorted(times)[len(times) // 2], "all_seconds": times, "matched": int(len(r)),
                      "total_score": total_score}))


if __name__ == "__main__":
    main()
