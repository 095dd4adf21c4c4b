"""Solve one model file with HiGHS (highspy), one thread, and print a JSON line.

Used by careplan-bench as the side-by-side peer: the same exported CPLEX LP file, timed in
the same run. Not a dependency of careplan itself.

    python highs_solve.py MODEL.lp [TIME_LIMIT_SECONDS]
"""
import json
import sys
import time

import highspy


def main() -> None:
    path = sys.argv[1]
    limit = float(sys.argv[2]) if len(sys.argv) > 2 else 600.0
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("time_limit", limit)
    started = time.perf_counter()
    h.readModel(path)
    read = time.perf_counter()
    h.run()
    done = time.perf_counter()
    info = h.getInfo()
    status = h.modelStatusToString(h.getModelStatus())
    print(json.dumps({
        "status": status,
        "objective": info.objective_function_value,
        "bound": getattr(info, "mip_dual_bound", None),
        "read_seconds": read - started,
        "solve_seconds": done - read,
        "seconds": done - started,
    }))


if __name__ == "__main__":
    main()
