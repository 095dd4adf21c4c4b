"""Solve one min-cost flow network with OR-Tools' SimpleMinCostFlow and print a JSON line.

Used by careplan-bench as the side-by-side peer of careplan's own min-cost flow: the same
network, written to a file, timed in the same run. Not a dependency of careplan itself.

    python ortools_mincostflow.py NETWORK.txt

The file: "nodes arcs", then each node's supply (one a line), then each arc as
"tail head lower capacity cost" (nodes numbered from 0).
"""
import json
import sys
import time

import numpy as np
from ortools.graph.python import min_cost_flow


def main() -> None:
    started = time.perf_counter()
    with open(sys.argv[1]) as f:
        fields = f.read().split()
    n, m = int(fields[0]), int(fields[1])
    supply = np.array(fields[2:2 + n], dtype=np.int64)
    arcs = np.array(fields[2 + n:2 + n + 5 * m], dtype=np.int64).reshape(m, 5)
    read = time.perf_counter()
    tail, head, lower, cap, cost = (arcs[:, k] for k in range(5))
    # Lower bounds are sent first: what is left of each arc is 0..capacity - lower.
    np.subtract.at(supply, tail, lower)
    np.add.at(supply, head, lower)
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(tail, head, cap - lower, cost)
    smcf.set_nodes_supplies(np.arange(n), supply)
    status = smcf.solve()
    done = time.perf_counter()
    optimal = status == smcf.OPTIMAL
    print(json.dumps({
        "status": "Optimal" if optimal else f"status {int(status)}",
        "objective": smcf.optimal_cost() + int((lower * cost).sum()) if optimal else None,
        "read_seconds": read - started,
        "solve_seconds": done - read,
        "seconds": done - started,
    }))


if __name__ == "__main__":
    main()
