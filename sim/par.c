/* par.c - building blocks for parallel loops whose results must not depend on the
 * number of threads: per-thread lists joined in thread order, and a bucket sort whose
 * buckets are sorted in parallel into a total order. */
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "edusim/sim.h"

es_status es_par_list_init(es_par_list *l, int threads, size_t size)
{
    memset(l, 0, sizeof *l);
    l->threads = threads < 1 ? 1 : threads;
    l->size = size;
    l->buf = calloc((size_t)l->threads, sizeof *l->buf);
    l->n = calloc((size_t)l->threads, sizeof *l->n);
    l->cap = calloc((size_t)l->threads, sizeof *l->cap);
    if (!l->buf || !l->n || !l->cap) {
        es_par_list_free(l);
        return ES_ERR_NOMEM;
    }
    return ES_OK;
}

void *es_par_list_push(es_par_list *l)
{
#ifdef _OPENMP
    int t = omp_get_thread_num();
#else
    int t = 0;
#endif
    if (l->n[t] == l->cap[t]) {
        int64_t cap = l->cap[t] ? 2 * l->cap[t] : 1024;
        char *g = realloc(l->buf[t], (size_t)cap * l->size);
        if (!g) {
            l->failed = 1; /* a plain store: every thread that fails writes the same 1 */
            return NULL;
        }
        l->buf[t] = g;
        l->cap[t] = cap;
    }
    return l->buf[t] + (size_t)l->n[t]++ * l->size;
}

void *es_par_list_join(es_par_list *l, int64_t *m)
{
    int64_t total = 0;
    for (int t = 0; t < l->threads; t++) total += l->n[t];
    char *out = l->failed ? NULL : malloc((size_t)(total ? total : 1) * l->size);
    if (out) {
        int64_t at = 0;
        for (int t = 0; t < l->threads; t++) {
            if (l->n[t]) memcpy(out + (size_t)at * l->size, l->buf[t], (size_t)l->n[t] * l->size);
            at += l->n[t];
        }
        *m = total;
    }
    es_par_list_free(l);
    return out;
}

void es_par_list_free(es_par_list *l)
{
    for (int t = 0; l->buf && t < l->threads; t++) free(l->buf[t]);
    free(l->buf);
    free(l->n);
    free(l->cap);
    l->buf = NULL;
    l->n = l->cap = NULL;
}

es_status es_par_bucket_sort(void *v, int64_t n, size_t size, const int32_t *bucket, int nb,
                             int (*cmp)(const void *, const void *), int threads, int64_t *first)
{
    char *in = v, *out = malloc((size_t)(n ? n : 1) * size);
    int64_t *pos = malloc((size_t)(nb ? nb : 1) * sizeof *pos);
    if (!out || !pos) { free(out); free(pos); return ES_ERR_NOMEM; }
    memset(first, 0, (size_t)(nb + 1) * sizeof *first);
    for (int64_t k = 0; k < n; k++) first[bucket[k] + 1]++;
    for (int b = 0; b < nb; b++) first[b + 1] += first[b];
    memcpy(pos, first, (size_t)nb * sizeof *pos);
    for (int64_t k = 0; k < n; k++) memcpy(out + (size_t)pos[bucket[k]]++ * size, in + (size_t)k * size, size);
    (void)threads;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads < 1 ? 1 : threads)
#endif
    for (int b = 0; b < nb; b++)
        qsort(out + (size_t)first[b] * size, (size_t)(first[b + 1] - first[b]), size, cmp);
    memcpy(v, out, (size_t)n * size);
    free(out);
    free(pos);
    return ES_OK;
}
