/* pop.c - allocation, growth and stable compaction of the person columns. */
#include "edusim/pop.h"

#include <stdlib.h>
#include <string.h>

/* Column table: one place that knows every column and its element size. */
#define ES_POP_COLUMNS(X) \
    X(id) X(region) X(birth_year) X(sex) X(stage) X(track) X(year) X(field) X(qual) \
    X(qual_stem) X(flags) X(vo_entry) X(degree_year) X(school) X(ability) X(interest) \
    X(employer) X(occ) X(job) X(fte) X(skill)

size_t es_pop_bytes_per_person(void)
{
    es_pop *p = NULL;
    size_t b = 0;
#define X(c) b += sizeof *p->c;
    ES_POP_COLUMNS(X)
#undef X
    return b;
}

es_status es_pop_reserve(es_pop *p, int64_t cap)
{
    if (cap <= p->cap) return ES_OK;
    int64_t nc = p->cap ? p->cap : 1024;
    while (nc < cap) nc += nc / 2;
#define X(c)                                                      \
    {                                                             \
        void *q = realloc(p->c, (size_t)nc * sizeof *p->c);       \
        if (!q) return ES_ERR_NOMEM;                              \
        p->c = q;                                                 \
    }
    ES_POP_COLUMNS(X)
#undef X
    p->cap = nc;
    return ES_OK;
}

es_status es_pop_init(es_pop *p, int64_t cap)
{
    memset(p, 0, sizeof *p);
    return es_pop_reserve(p, cap > 0 ? cap : 1024);
}

void es_pop_free(es_pop *p)
{
    if (!p) return;
#define X(c) free(p->c);
    ES_POP_COLUMNS(X)
#undef X
    memset(p, 0, sizeof *p);
}

int64_t es_pop_add(es_pop *p)
{
    if (p->n == p->cap && es_pop_reserve(p, p->n + 1) != ES_OK) return -1;
    int64_t i = p->n++;
#define X(c) memset(&p->c[i], 0, sizeof *p->c);
    ES_POP_COLUMNS(X)
#undef X
    p->id[i] = p->next_id++;
    p->school[i] = -1;
    p->employer[i] = -1;
    p->skill[i] = 1.0f;
    p->vo_entry[i] = -1;
    p->degree_year[i] = -1;
    return i;
}

int64_t es_pop_compact_par(es_pop *p, int threads)
{
    int64_t n = p->n, f = 0;
    while (f < n && p->stage[f] != ES_ST_GONE) f++;
    if (f == n) return 0;
    /* Runs of kept rows after the first removed one: [from, from + len) moves down to
     * the end of the previous run. A year removes a few per cent of the rows, so runs
     * are long and each column moves with a few memmoves per run. */
    int64_t cap = 1024, nr = 0;
    int64_t (*run)[2] = malloc((size_t)cap * sizeof *run);
    for (int64_t r = f; run && r < n;) {
        while (r < n && p->stage[r] == ES_ST_GONE) r++;
        int64_t from = r;
        while (r < n && p->stage[r] != ES_ST_GONE) r++;
        if (r == from) break;
        if (nr == cap) {
            int64_t (*g)[2] = realloc(run, (size_t)(cap *= 2) * sizeof *run);
            if (!g) { free(run); run = NULL; break; }
            run = g;
        }
        run[nr][0] = from;
        run[nr][1] = r - from;
        nr++;
    }
    if (!run) return es_pop_compact(p); /* no room for the runs: row by row */
    /* Each column is moved on its own (runs only move down, in order, so a run is read
     * before a later one overwrites it); columns share nothing, so they go to threads
     * whole, and the result is the serial compaction's whatever the split. */
    enum { NCOL = 0
#define X(c) + 1
        ES_POP_COLUMNS(X)
#undef X
    };
    (void)threads;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads < 1 ? 1 : threads)
#endif
    for (int col = 0; col < NCOL; col++) {
        int k = 0;
#define X(c)                                                                                   \
        if (k++ == col) {                                                                      \
            int64_t to = f;                                                                    \
            for (int64_t j = 0; j < nr; j++) {                                                 \
                memmove(p->c + to, p->c + run[j][0], (size_t)run[j][1] * sizeof *p->c);       \
                to += run[j][1];                                                               \
            }                                                                                  \
        }
        ES_POP_COLUMNS(X)
#undef X
    }
    int64_t kept = f;
    for (int64_t j = 0; j < nr; j++) kept += run[j][1];
    free(run);
    p->n = kept;
    return n - kept;
}

int64_t es_pop_compact(es_pop *p)
{
    int64_t w = 0;
    for (int64_t r = 0; r < p->n; r++) {
        if (p->stage[r] == ES_ST_GONE) continue;
        if (w != r) {
#define X(c) p->c[w] = p->c[r];
            ES_POP_COLUMNS(X)
#undef X
        }
        w++;
    }
    int64_t removed = p->n - w;
    p->n = w;
    return removed;
}

/* Level of a qualification for the job cells. */
int es_pop_job_level(int qual)
{
    if (qual >= ES_Q_WO) return 3;
    if (qual >= ES_Q_HBO) return 2;
    if (qual >= ES_Q_START) return 1;
    return 0;
}
