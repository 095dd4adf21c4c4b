/* guard.c: every GLPK call careplan makes, each job under one setjmp.
 * See include/cglpk_guard.h for the contract. */
#include "cglpk_guard.h"

#include <float.h>
#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---------------------------------------------------------------------------
 * Text buffers for GLPK's terminal output. */

enum { LOG_LIMIT = 8 * 1024 * 1024 };

typedef struct text {
    char *data;
    size_t len, cap;
    int truncated;
} text;

static void text_append(text *t, const char *s) {
    size_t n = strlen(s);
    if (t->truncated) return;
    if (t->len + n + 1 > LOG_LIMIT) { t->truncated = 1; return; }
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap < t->len + n + 1) cap *= 2;
        char *data = realloc(t->data, cap);
        if (data == NULL) { t->truncated = 1; return; }
        t->data = data;
        t->cap = cap;
    }
    memcpy(t->data + t->len, s, n + 1);
    t->len += n;
}

/* Hands the buffer to the caller (who frees it with cpg_free). */
static char *text_take(text *t) {
    char *data = t->data;
    if (data == NULL) data = calloc(1, 1);
    t->data = NULL;
    t->len = t->cap = 0;
    return data;
}

/* ---------------------------------------------------------------------------
 * The guard: hooks, the jump buffer and the memory the job owns. */

enum { OWNED_MAX = 8 };

typedef struct guard {
    jmp_buf jump;
    text log;       /* ordinary output */
    text err;       /* what GLPK printed while in its error state */
    void *owned[OWNED_MAX];
    cpg_model *model;  /* a model being read: freed if the job fails */
} guard;

static int term_hook(void *info, const char *s) {
    guard *g = info;
    text_append(glp_at_error() ? &g->err : &g->log, s);
    return 1; /* never to the terminal */
}

static void error_hook(void *info) {
    guard *g = info;
    longjmp(g->jump, 1);
}

static guard *guard_open(void) {
    guard *g = calloc(1, sizeof *g);
    if (g == NULL) return NULL;
    glp_term_out(GLP_ON);
    glp_term_hook(term_hook, g);
    glp_error_hook(error_hook, g);
    return g;
}

/* Memory the job allocates itself, freed however the job ends. */
static void *guard_alloc(guard *g, size_t n, size_t size) {
    for (int k = 0; k < OWNED_MAX; k++) {
        if (g->owned[k] == NULL) {
            g->owned[k] = calloc(n ? n : 1, size);
            return g->owned[k];
        }
    }
    return NULL;
}

static void guard_release(guard *g, char **log, char **error) {
    for (int k = 0; k < OWNED_MAX; k++) free(g->owned[k]);
    if (log) *log = text_take(&g->log); else free(g->log.data);
    if (error) *error = g->err.len ? text_take(&g->err) : (free(g->err.data), NULL);
    else free(g->err.data);
    free(g);
}

/* Normal end: uninstall the hooks (the guard is about to be freed). */
static void guard_close(guard *g, char **log, char **error) {
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
    guard_release(g, log, error);
}

/* After the longjmp: GLPK's state on this thread is unusable, so free it all.
 * The next GLPK call on this thread starts a fresh environment. */
static void cpg_free_model_fields(cpg_model *m);

static void guard_fail(guard *g, char **log, char **error) {
    glp_free_env();
    if (g->model) cpg_free_model_fields(g->model);
    guard_release(g, log, error);
}

/* Opens a guard named g; a GLPK fatal error after this point returns CPG_EGLPK
 * from the enclosing function, with GLPK's message in *error. */
#define GUARD_BEGIN(g, log, error)                      \
    guard *g = guard_open();                            \
    if (g == NULL) return CPG_ENOMEM;                   \
    if (setjmp(g->jump) != 0) {                         \
        guard_fail(g, log, error);                      \
        return CPG_EGLPK;                               \
    }

/* ---------------------------------------------------------------------------
 * Building a glp_prob from flat arrays. */

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int bound_type(double lb, double ub) {
    int has_lb = !(isinf(lb) && lb < 0), has_ub = !(isinf(ub) && ub > 0);
    if (!has_lb && !has_ub) return GLP_FR;
    if (!has_ub) return GLP_LO;
    if (!has_lb) return GLP_UP;
    return lb == ub ? GLP_FX : GLP_DB;
}

static void build(glp_prob *P, const cpg_problem *p) {
    if (p->name && p->name[0]) glp_set_prob_name(P, p->name);
    glp_set_obj_dir(P, p->maximize ? GLP_MAX : GLP_MIN);
    glp_set_obj_coef(P, 0, p->obj_const);
    if (p->nrows > 0) glp_add_rows(P, p->nrows);
    if (p->ncols > 0) glp_add_cols(P, p->ncols);
    for (int i = 0; i < p->nrows; i++) {
        glp_set_row_bnds(P, i + 1, bound_type(p->row_lb[i], p->row_ub[i]), p->row_lb[i], p->row_ub[i]);
        if (p->row_names && p->row_names[i] && p->row_names[i][0]) glp_set_row_name(P, i + 1, p->row_names[i]);
    }
    for (int j = 0; j < p->ncols; j++) {
        /* Kind first: GLP_BV resets the bounds to [0, 1], which would undo a binary fixed at 0 or 1. */
        if (p->col_kind[j] == CPG_INTEGER) glp_set_col_kind(P, j + 1, GLP_IV);
        else if (p->col_kind[j] == CPG_BINARY) glp_set_col_kind(P, j + 1, GLP_BV);
        glp_set_col_bnds(P, j + 1, bound_type(p->col_lb[j], p->col_ub[j]), p->col_lb[j], p->col_ub[j]);
        glp_set_obj_coef(P, j + 1, p->obj[j]);
        if (p->col_names && p->col_names[j] && p->col_names[j][0]) glp_set_col_name(P, j + 1, p->col_names[j]);
    }
    if (p->nnz > 0) glp_load_matrix(P, p->nnz, p->ia, p->ja, p->ar);
}

static int has_integers(const cpg_problem *p) {
    for (int j = 0; j < p->ncols; j++)
        if (p->col_kind[j] != CPG_CONTINUOUS) return 1;
    return 0;
}

/* ---------------------------------------------------------------------------
 * The MIP callback: record bound and tree size, offer the start, report. */

typedef struct search {
    const cpg_options *o;
    const double *start1;  /* 1-based copy of the starting solution, or NULL */
    int start_offered, start_accepted;
    int has_bound;
    double bound;
    int nodes;
    double t0, last_report;
    int reported_incumbent;
    double last_incumbent;
    int stopped;
    int node_stopped;  /* the node limit stopped the search */
} search;

static void mip_callback(glp_tree *T, void *info) {
    search *s = info;
    if (glp_ios_reason(T) == GLP_IHEUR && s->start1 != NULL && !s->start_offered) {
        s->start_offered = 1;
        s->start_accepted = glp_ios_heur_sol(T, s->start1) == 0;
    }
    int best = glp_ios_best_node(T);
    if (best != 0) {
        s->bound = glp_ios_node_bound(T, best);
        s->has_bound = 1;
    }
    int active, current, total;
    glp_ios_tree_size(T, &active, &current, &total);
    s->nodes = total;
    if (s->o->node_limit > 0 && total >= s->o->node_limit && !s->node_stopped) {
        s->node_stopped = 1;
        glp_ios_terminate(T);
        return;
    }

    if (s->o->progress == NULL || s->stopped) return;
    glp_prob *P = glp_ios_get_prob(T);
    int mst = glp_mip_status(P);
    int has_incumbent = mst == GLP_FEAS || mst == GLP_OPT;
    double incumbent = has_incumbent ? glp_mip_obj_val(P) : 0.0;
    double now = now_seconds();
    int improved = has_incumbent && (!s->reported_incumbent || incumbent != s->last_incumbent);
    if (!improved && now - s->last_report < s->o->progress_interval) return;
    s->last_report = now;
    s->reported_incumbent = has_incumbent;
    s->last_incumbent = incumbent;

    cpg_progress pr;
    pr.has_incumbent = has_incumbent;
    pr.incumbent = incumbent;
    pr.has_bound = s->has_bound;
    pr.bound = s->bound;
    pr.gap = has_incumbent ? glp_ios_mip_gap(T) : HUGE_VAL;
    pr.elapsed = now - s->t0;
    pr.nodes = s->nodes;
    if (s->o->progress(s->o->progress_ctx, &pr) != 0) {
        s->stopped = 1;
        glp_ios_terminate(T);
    }
}

static int lp_status(glp_prob *P) {
    switch (glp_get_status(P)) {
    case GLP_OPT: return CPG_STATUS_OPTIMAL;
    case GLP_FEAS: return CPG_STATUS_FEASIBLE;
    case GLP_NOFEAS: return CPG_STATUS_INFEASIBLE;
    case GLP_UNBND: return CPG_STATUS_UNBOUNDED;
    default: return CPG_STATUS_FAILED;
    }
}

/* The presolver only says "no dual feasible solution" (unbounded or infeasible);
 * the simplex without it tells which. */
static int classify_without_presolve(glp_prob *P, int msg_lev) {
    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.msg_lev = msg_lev;
    if (glp_simplex(P, &smcp) != 0) return CPG_STATUS_FAILED;
    int status = lp_status(P);
    return status == CPG_STATUS_INFEASIBLE ? status : CPG_STATUS_UNBOUNDED;
}

static int remaining_ms(const cpg_options *o, double t0) {
    if (o->time_limit <= 0) return INT_MAX;
    double left = o->time_limit - (now_seconds() - t0);
    if (left <= 0.001) return 1;
    return left * 1000.0 >= (double)INT_MAX ? INT_MAX : (int)(left * 1000.0);
}

/* What glpsol does before the simplex when no presolver runs: scale the rows and
 * columns (GLPK picks the method) and start from an advanced (crash) basis. */
static void prepare_simplex(glp_prob *P) {
    glp_scale_prob(P, GLP_SF_AUTO);
    glp_adv_basis(P, 0);
}

static void solve_lp(glp_prob *P, const cpg_options *o, cpg_result *r, double t0) {
    if (!o->presolve) prepare_simplex(P);
    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.msg_lev = o->msg_lev;
    smcp.presolve = o->presolve ? GLP_ON : GLP_OFF;
    smcp.tm_lim = remaining_ms(o, t0);
    int ret = glp_simplex(P, &smcp);
    r->glp_ret = ret;
    switch (ret) {
    case 0: r->status = lp_status(P); break;
    case GLP_ETMLIM:
        r->stop = CPG_STOP_TIME;
        r->status = glp_get_prim_stat(P) == GLP_FEAS ? CPG_STATUS_FEASIBLE : CPG_STATUS_NO_SOLUTION;
        break;
    case GLP_ENOPFS: r->status = CPG_STATUS_INFEASIBLE; break;
    case GLP_ENODFS: r->status = classify_without_presolve(P, o->msg_lev); break;
    default: r->status = CPG_STATUS_FAILED; break;
    }
    if (r->status != CPG_STATUS_OPTIMAL && r->status != CPG_STATUS_FEASIBLE) return;
    r->has_solution = 1;
    r->objective = glp_get_obj_val(P);
    if (r->status == CPG_STATUS_OPTIMAL) {
        r->has_bound = 1;
        r->bound = r->objective;
    }
    int m = glp_get_num_rows(P), n = glp_get_num_cols(P);
    for (int j = 0; j < n; j++) {
        if (r->col_values) r->col_values[j] = glp_get_col_prim(P, j + 1);
        if (r->col_duals) r->col_duals[j] = glp_get_col_dual(P, j + 1);
    }
    for (int i = 0; i < m; i++) {
        if (r->row_values) r->row_values[i] = glp_get_row_prim(P, i + 1);
        if (r->row_duals) r->row_duals[i] = glp_get_row_dual(P, i + 1);
    }
}

static void solve_mip(glp_prob *P, const cpg_options *o, cpg_result *r, double t0, search *s) {
    r->is_mip = 1;
    if (!o->presolve) {
        /* Without the presolver, glp_intopt needs an optimal LP relaxation first. */
        prepare_simplex(P);
        glp_smcp smcp;
        glp_init_smcp(&smcp);
        smcp.msg_lev = o->msg_lev;
        smcp.tm_lim = remaining_ms(o, t0);
        int ret = glp_simplex(P, &smcp);
        r->glp_ret = ret;
        if (ret == GLP_ETMLIM) { r->stop = CPG_STOP_TIME; r->status = CPG_STATUS_NO_SOLUTION; return; }
        if (ret != 0) { r->status = CPG_STATUS_FAILED; return; }
        int status = lp_status(P);
        if (status != CPG_STATUS_OPTIMAL) { r->status = status; return; }
        /* The relaxation's optimum bounds the MIP until the search says more. */
        s->has_bound = 1;
        s->bound = glp_get_obj_val(P);
    }
    glp_iocp iocp;
    glp_init_iocp(&iocp);
    iocp.msg_lev = o->msg_lev;
    iocp.presolve = o->presolve ? GLP_ON : GLP_OFF;
    iocp.mir_cuts = o->mir_cuts ? GLP_ON : GLP_OFF;
    iocp.gmi_cuts = o->gomory_cuts ? GLP_ON : GLP_OFF;
    iocp.cov_cuts = o->cover_cuts ? GLP_ON : GLP_OFF;
    iocp.clq_cuts = o->clique_cuts ? GLP_ON : GLP_OFF;
    if (o->branching >= GLP_BR_FFV && o->branching <= GLP_BR_PCH) iocp.br_tech = o->branching;
    if (o->mip_gap >= 0) iocp.mip_gap = o->mip_gap;
    iocp.tm_lim = remaining_ms(o, t0);
    iocp.cb_func = mip_callback;
    iocp.cb_info = s;
    int ret = glp_intopt(P, &iocp);
    r->glp_ret = ret;
    int mst = glp_mip_status(P);
    int found = mst == GLP_OPT || mst == GLP_FEAS;
    switch (ret) {
    case 0:
        r->status = mst == GLP_OPT ? CPG_STATUS_OPTIMAL
                  : mst == GLP_FEAS ? CPG_STATUS_FEASIBLE
                  : mst == GLP_NOFEAS ? CPG_STATUS_INFEASIBLE : CPG_STATUS_NO_SOLUTION;
        break;
    case GLP_ETMLIM: r->stop = CPG_STOP_TIME; break;
    case GLP_EMIPGAP: r->stop = CPG_STOP_GAP; break;
    case GLP_ESTOP: r->stop = s->node_stopped ? CPG_STOP_NODES : CPG_STOP_CANCELLED; break;
    case GLP_ENOPFS: r->status = CPG_STATUS_INFEASIBLE; return;
    case GLP_ENODFS: r->status = classify_without_presolve(P, o->msg_lev); return;
    default: r->status = CPG_STATUS_FAILED; break;
    }
    if (r->stop != CPG_STOP_NONE)
        r->status = found ? CPG_STATUS_FEASIBLE : CPG_STATUS_NO_SOLUTION;
    if (!found) return;
    r->has_solution = 1;
    r->objective = glp_mip_obj_val(P);
    if (r->status == CPG_STATUS_OPTIMAL) {
        r->has_bound = 1;
        r->bound = r->objective;
    } else if (s->has_bound) {
        r->has_bound = 1;
        r->bound = s->bound;
    }
    int m = glp_get_num_rows(P), n = glp_get_num_cols(P);
    if (r->col_values)
        for (int j = 0; j < n; j++) r->col_values[j] = glp_mip_col_val(P, j + 1);
    if (r->row_values)
        for (int i = 0; i < m; i++) r->row_values[i] = glp_mip_row_val(P, i + 1);
}

int cpg_solve(const cpg_problem *p, const cpg_options *o, cpg_result *r,
              char **log, char **error) {
    GUARD_BEGIN(g, log, error)
    double t0 = now_seconds();
    /* msg_lev does not reach the scaling and basis routines; with the log off, silence
     * the terminal as a whole (a fatal error turns it back on for its message). */
    if (o->msg_lev == GLP_MSG_OFF) glp_term_out(GLP_OFF);
    r->status = CPG_STATUS_FAILED;
    r->stop = CPG_STOP_NONE;
    r->has_solution = r->has_bound = r->is_mip = r->start_accepted = 0;
    r->gap = HUGE_VAL;

    glp_prob *P = glp_create_prob();
    build(P, p);

    search s;
    memset(&s, 0, sizeof s);
    s.o = o;
    s.t0 = s.last_report = t0;
    if (o->start != NULL) {
        double *start1 = guard_alloc(g, (size_t)p->ncols + 1, sizeof(double));
        if (start1 == NULL) { glp_delete_prob(P); guard_close(g, log, error); return CPG_ENOMEM; }
        memcpy(start1 + 1, o->start, (size_t)p->ncols * sizeof(double));
        s.start1 = start1;
    }

    if (has_integers(p)) solve_mip(P, o, r, t0, &s);
    else solve_lp(P, o, r, t0);

    r->start_accepted = s.start_accepted;
    r->nodes = s.nodes;
    r->iterations = glp_get_it_cnt(P);
    if (r->has_solution && r->has_bound)
        r->gap = fabs(r->objective - r->bound) / (fabs(r->objective) + DBL_EPSILON);
    glp_delete_prob(P);
    r->seconds = now_seconds() - t0;
    guard_close(g, log, error);
    return CPG_OK;
}

/* ---------------------------------------------------------------------------
 * Model files. */

int cpg_write(const cpg_problem *p, int format, const char *path, char **log, char **error) {
    GUARD_BEGIN(g, log, error)
    glp_prob *P = glp_create_prob();
    build(P, p);
    int rc;
    if (format == CPG_FORMAT_LP) rc = glp_write_lp(P, NULL, path);
    else rc = glp_write_mps(P, format == CPG_FORMAT_MPS_FIXED ? GLP_MPS_DECK : GLP_MPS_FILE, NULL, path);
    glp_delete_prob(P);
    guard_close(g, log, error);
    return rc == 0 ? CPG_OK : CPG_EWRITE;
}

static char *copy_name(const char *name) {
    return name ? strdup(name) : NULL;
}

void cpg_free_model(cpg_model *m) {
    if (m != NULL) cpg_free_model_fields(m);
}

static void cpg_free_model_fields(cpg_model *m) {
    if (m->col_names) for (int j = 0; j < m->ncols; j++) free(m->col_names[j]);
    if (m->row_names) for (int i = 0; i < m->nrows; i++) free(m->row_names[i]);
    free(m->col_names); free(m->row_names);
    free(m->obj); free(m->col_kind); free(m->col_lb); free(m->col_ub);
    free(m->row_lb); free(m->row_ub); free(m->row_start); free(m->col_index); free(m->values);
    memset(m, 0, sizeof *m);
}

static void read_bounds(int type, double lb, double ub, double *lo, double *hi) {
    *lo = (type == GLP_FR || type == GLP_UP) ? -HUGE_VAL : lb;
    *hi = (type == GLP_FR || type == GLP_LO) ? HUGE_VAL : ub;
}

int cpg_read(const char *path, int format, cpg_model *m, char **log, char **error) {
    memset(m, 0, sizeof *m);
    GUARD_BEGIN(g, log, error)
    g->model = m;
    glp_prob *P = glp_create_prob();
    int rc;
    if (format == CPG_FORMAT_LP) rc = glp_read_lp(P, NULL, path);
    else rc = glp_read_mps(P, format == CPG_FORMAT_MPS_FIXED ? GLP_MPS_DECK : GLP_MPS_FILE, NULL, path);
    if (rc != 0) {
        glp_delete_prob(P);
        guard_close(g, log, error);
        return CPG_EREAD;
    }
    int nr = glp_get_num_rows(P), nc = glp_get_num_cols(P), nz = glp_get_num_nz(P);
    m->nrows = nr; m->ncols = nc; m->nnz = nz;
    m->maximize = glp_get_obj_dir(P) == GLP_MAX;
    m->obj_const = glp_get_obj_coef(P, 0);
    m->obj = calloc((size_t)nc + 1, sizeof(double));
    m->col_kind = calloc((size_t)nc + 1, sizeof(int));
    m->col_lb = calloc((size_t)nc + 1, sizeof(double));
    m->col_ub = calloc((size_t)nc + 1, sizeof(double));
    m->row_lb = calloc((size_t)nr + 1, sizeof(double));
    m->row_ub = calloc((size_t)nr + 1, sizeof(double));
    m->row_start = calloc((size_t)nr + 1, sizeof(int));
    m->col_index = calloc((size_t)nz + 1, sizeof(int));
    m->values = calloc((size_t)nz + 1, sizeof(double));
    m->col_names = calloc((size_t)nc + 1, sizeof(char *));
    m->row_names = calloc((size_t)nr + 1, sizeof(char *));
    int *ind = guard_alloc(g, (size_t)nc + 1, sizeof(int));
    double *val = guard_alloc(g, (size_t)nc + 1, sizeof(double));
    if (!m->obj || !m->col_kind || !m->col_lb || !m->col_ub || !m->row_lb || !m->row_ub ||
        !m->row_start || !m->col_index || !m->values || !m->col_names || !m->row_names || !ind || !val) {
        glp_delete_prob(P);
        cpg_free_model(m);
        guard_close(g, log, error);
        return CPG_ENOMEM;
    }
    for (int j = 0; j < nc; j++) {
        int kind = glp_get_col_kind(P, j + 1);
        m->col_kind[j] = kind == GLP_BV ? CPG_BINARY : kind == GLP_IV ? CPG_INTEGER : CPG_CONTINUOUS;
        read_bounds(glp_get_col_type(P, j + 1), glp_get_col_lb(P, j + 1), glp_get_col_ub(P, j + 1),
                    &m->col_lb[j], &m->col_ub[j]);
        m->obj[j] = glp_get_obj_coef(P, j + 1);
        m->col_names[j] = copy_name(glp_get_col_name(P, j + 1));
    }
    int k = 0;
    for (int i = 0; i < nr; i++) {
        read_bounds(glp_get_row_type(P, i + 1), glp_get_row_lb(P, i + 1), glp_get_row_ub(P, i + 1),
                    &m->row_lb[i], &m->row_ub[i]);
        m->row_names[i] = copy_name(glp_get_row_name(P, i + 1));
        m->row_start[i] = k;
        int len = glp_get_mat_row(P, i + 1, ind, val);
        for (int t = 1; t <= len; t++, k++) {
            m->col_index[k] = ind[t] - 1;
            m->values[k] = val[t];
        }
    }
    m->row_start[nr] = k;
    glp_delete_prob(P);
    guard_close(g, log, error);
    return CPG_OK;
}

/* ---------------------------------------------------------------------------
 * Min-cost flow by the out-of-kilter routine (relax4 is disabled in 5.0). */

enum { V_RHS = 0, V_PI = sizeof(double), V_SIZE = 2 * sizeof(double) };
enum { A_LOW = 0, A_CAP = sizeof(double), A_COST = 2 * sizeof(double), A_X = 3 * sizeof(double),
       A_SIZE = 4 * sizeof(double) };

int cpg_mincost_flow(const cpg_network *n, cpg_flow_result *r, char **log, char **error) {
    GUARD_BEGIN(g, log, error)
    double t0 = now_seconds();
    glp_arc **arcs = guard_alloc(g, (size_t)n->narcs + 1, sizeof(glp_arc *));
    if (arcs == NULL) { guard_close(g, log, error); return CPG_ENOMEM; }
    glp_graph *G = glp_create_graph(V_SIZE, A_SIZE);
    if (n->nnodes > 0) glp_add_vertices(G, n->nnodes);
    for (int v = 0; v < n->nnodes; v++)
        memcpy((char *)G->v[v + 1]->data + V_RHS, &n->supply[v], sizeof(double));
    for (int a = 0; a < n->narcs; a++) {
        glp_arc *arc = glp_add_arc(G, n->tail[a] + 1, n->head[a] + 1);
        memcpy((char *)arc->data + A_LOW, &n->low[a], sizeof(double));
        memcpy((char *)arc->data + A_CAP, &n->cap[a], sizeof(double));
        memcpy((char *)arc->data + A_COST, &n->cost[a], sizeof(double));
        arcs[a] = arc;
    }
    double cost = 0.0;
    r->glp_ret = glp_mincost_okalg(G, V_RHS, A_LOW, A_CAP, A_COST, &cost, A_X, V_PI);
    r->cost = cost;
    if (r->glp_ret == 0) {
        for (int a = 0; a < n->narcs; a++)
            memcpy(&r->flow[a], (char *)arcs[a]->data + A_X, sizeof(double));
        if (r->potential)
            for (int v = 0; v < n->nnodes; v++)
                memcpy(&r->potential[v], (char *)G->v[v + 1]->data + V_PI, sizeof(double));
    }
    glp_delete_graph(G);
    r->seconds = now_seconds() - t0;
    guard_close(g, log, error);
    return CPG_OK;
}

/* ---------------------------------------------------------------------------
 * Library facts and the self-test. */

int cpg_selftest_fatal(char **error) {
    GUARD_BEGIN(g, NULL, error)
    glp_prob *P = glp_create_prob();
    glp_add_rows(P, 1);
    glp_add_cols(P, 1);
    int ia[] = {0, 1, 1};
    int ja[] = {0, 1, 1};
    double ar[] = {0, 1.0, 2.0};
    glp_load_matrix(P, 2, ia, ja, ar); /* duplicate (1,1): GLPK's fatal error */
    glp_delete_prob(P);
    guard_close(g, NULL, error);
    return CPG_OK;
}

const char *cpg_version(void) { return glp_version(); }

const char *cpg_tls(void) { return glp_config("TLS"); }

void cpg_free(void *pointer) { free(pointer); }
