/* cglpk_guard.h: the net under every GLPK call careplan makes.
 *
 * GLPK 5.0 calls abort() on invalid API use and on internal assertion failures.
 * Each entry point below runs one whole job (build, solve, read out, delete) on
 * the calling thread under one setjmp. glp_error_hook longjmps back here, the
 * thread's GLPK environment is freed with glp_free_env(), and the caller gets
 * CPG_EGLPK with GLPK's own message. No Swift frame is ever crossed by longjmp:
 * the only callback into Swift (progress) runs between GLPK calls and calls no
 * GLPK routine itself.
 *
 * All arrays named "1-based" have an ignored element 0, as GLPK expects.
 * Every string returned through a char ** is malloc'd; free it with cpg_free.
 */
#ifndef CGLPK_GUARD_H
#define CGLPK_GUARD_H

#ifdef __cplusplus
extern "C" {
#endif

/* Return codes of the entry points. */
enum {
    CPG_OK = 0,        /* the job ran; look at the result's status */
    CPG_EGLPK = 1,     /* GLPK stopped with a fatal error; see *error */
    CPG_EREAD = 2,     /* a model file could not be read; see the log */
    CPG_EWRITE = 3,    /* a model file could not be written; see the log */
    CPG_ENOMEM = 4     /* memory for the guard's own buffers ran out */
};

/* Column kinds. */
enum { CPG_CONTINUOUS = 0, CPG_INTEGER = 1, CPG_BINARY = 2 };

/* Outcomes of a solve. */
enum {
    CPG_STATUS_OPTIMAL = 0,
    CPG_STATUS_FEASIBLE = 1,     /* a solution, not proven optimal (a limit stopped the search) */
    CPG_STATUS_INFEASIBLE = 2,
    CPG_STATUS_UNBOUNDED = 3,
    CPG_STATUS_NO_SOLUTION = 4,  /* a limit stopped the search before any solution */
    CPG_STATUS_FAILED = 5        /* GLPK reported a numerical failure (see glp_ret) */
};

/* Why a solve stopped before proving its outcome. */
enum {
    CPG_STOP_NONE = 0,
    CPG_STOP_TIME = 1,
    CPG_STOP_GAP = 2,
    CPG_STOP_CANCELLED = 3,
    CPG_STOP_NODES = 4           /* the node limit (a work budget: deterministic, unlike time) */
};

/* Model file formats. */
enum { CPG_FORMAT_LP = 0, CPG_FORMAT_MPS_FREE = 1, CPG_FORMAT_MPS_FIXED = 2 };

/* A snapshot of a MIP search, handed to the progress function. */
typedef struct cpg_progress {
    int has_incumbent;
    double incumbent;
    int has_bound;
    double bound;
    double gap;          /* relative, as GLPK computes it; meaningful with an incumbent */
    double elapsed;      /* seconds since the solve began */
    int nodes;           /* search-tree nodes created so far */
} cpg_progress;

/* Return non-zero to stop the search (the incumbent is kept). */
typedef int (*cpg_progress_fn)(void *ctx, const cpg_progress *progress);

/* A whole model as flat arrays (0-based unless said otherwise). */
typedef struct cpg_problem {
    int nrows, ncols;
    int maximize;
    double obj_const;
    const double *obj;          /* [ncols] */
    const int *col_kind;        /* [ncols] CPG_CONTINUOUS, CPG_INTEGER, CPG_BINARY */
    const double *col_lb;       /* [ncols], -HUGE_VAL for none */
    const double *col_ub;       /* [ncols], +HUGE_VAL for none */
    const double *row_lb;       /* [nrows], -HUGE_VAL for none */
    const double *row_ub;       /* [nrows], +HUGE_VAL for none */
    int nnz;
    const int *ia;              /* 1-based row numbers [nnz + 1] */
    const int *ja;              /* 1-based column numbers [nnz + 1] */
    const double *ar;           /* values [nnz + 1] */
    const char *const *col_names; /* NULL, or [ncols] (NULL or "" for unnamed) */
    const char *const *row_names; /* NULL, or [nrows] */
    const char *name;           /* NULL or the problem's name */
} cpg_problem;

typedef struct cpg_options {
    int msg_lev;                /* GLP_MSG_OFF .. GLP_MSG_ALL */
    double time_limit;          /* seconds; <= 0 for none */
    double mip_gap;             /* relative gap to stop at; < 0 for GLPK's default (0) */
    int presolve;
    int mir_cuts, gomory_cuts, cover_cuts, clique_cuts;
    int branching;              /* 0 for GLPK's default (Driebeck-Tomlin), else a GLP_BR_* value */
    const double *start;        /* NULL, or [ncols] integral where integer: offered at the first heuristic call */
    cpg_progress_fn progress;   /* NULL for none */
    void *progress_ctx;
    double progress_interval;   /* seconds between progress calls (new incumbents are always reported) */
    int node_limit;             /* stop once the search tree has this many nodes; <= 0 for none */
} cpg_options;

typedef struct cpg_result {
    int is_mip;
    int status;                 /* CPG_STATUS_* */
    int stop;                   /* CPG_STOP_* */
    int glp_ret;                /* the last return code of glp_simplex / glp_intopt */
    int has_solution;
    double objective;
    int has_bound;
    double bound;
    double gap;
    double seconds;
    int iterations;             /* simplex iterations */
    int nodes;                  /* branch-and-bound nodes */
    int start_accepted;         /* 1 when GLPK took the starting solution as incumbent */
    double *col_values;         /* caller's [ncols] or NULL */
    double *row_values;         /* caller's [nrows] or NULL */
    double *row_duals;          /* caller's [nrows] or NULL; filled for LPs only */
    double *col_duals;          /* caller's [ncols] or NULL; reduced costs, LPs only */
} cpg_result;

/* Build, solve and read out one model. Returns CPG_OK or CPG_EGLPK. */
int cpg_solve(const cpg_problem *problem, const cpg_options *options,
              cpg_result *result, char **log, char **error);

/* Write a model to a file in CPLEX LP or MPS form. */
int cpg_write(const cpg_problem *problem, int format, const char *path,
              char **log, char **error);

/* A model read from a file; every array is malloc'd (free with cpg_free_model). */
typedef struct cpg_model {
    int nrows, ncols, maximize;
    double obj_const;
    double *obj;
    int *col_kind;
    double *col_lb, *col_ub, *row_lb, *row_ub;
    int nnz;
    int *row_start;             /* [nrows + 1], 0-based CSR by row */
    int *col_index;             /* [nnz], 0-based */
    double *values;             /* [nnz] */
    char **col_names;           /* [ncols], each malloc'd or NULL */
    char **row_names;           /* [nrows] */
} cpg_model;

/* Read a CPLEX LP or MPS file. CPG_EREAD with GLPK's messages in *log on a bad file. */
int cpg_read(const char *path, int format, cpg_model *model, char **log, char **error);
void cpg_free_model(cpg_model *model);

/* A min-cost flow network for the out-of-kilter routine. */
typedef struct cpg_network {
    int nnodes, narcs;
    const double *supply;       /* [nnodes]: > 0 supply, < 0 demand; integral */
    const int *tail, *head;     /* [narcs], 0-based node numbers */
    const double *low, *cap, *cost; /* [narcs]; integral, 0 <= low <= cap <= INT_MAX */
} cpg_network;

typedef struct cpg_flow_result {
    int glp_ret;                /* 0, GLP_ENOPFS, GLP_EDATA, GLP_ERANGE, GLP_EFAIL */
    double cost;
    double seconds;
    double *flow;               /* caller's [narcs] */
    double *potential;          /* caller's [nnodes] or NULL */
} cpg_flow_result;

int cpg_mincost_flow(const cpg_network *network, cpg_flow_result *result,
                     char **log, char **error);

/* A deliberately invalid call (a duplicate matrix entry) run under the guard,
 * so tests and `careplan doctor` can show the net holds. Returns CPG_EGLPK. */
int cpg_selftest_fatal(char **error);

const char *cpg_version(void);
/* glp_config("TLS"): the thread-local keyword GLPK was built with, or NULL. */
const char *cpg_tls(void);
void cpg_free(void *pointer);

#ifdef __cplusplus
}
#endif
#endif
