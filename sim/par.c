/* par.c - building blocks for parallel loops whose results must not depend on the
 * number of threads: per-thread tallies and lists reduced in thread order, and a
 * bucket sort whose buckets are sorted in parallel into a total order (by a hash key,
 * then id). */
#include "edusim/par.h"

#include <stdlib.h>
#include <string.h>

es_status es_par_tally_init(es_par_tally *pt, int threads, int64_t stride)
{
    pt->threads = threads < 1 ? 1 : threads;
    pt->stride = stride;
    pt->t = calloc((size_t)pt->threads * (size_t)pt->stride, sizeof *pt->t);
    return pt->t ? ES_OK : ES_ERR_NOMEM;
}

void es_par_tally_reduce(es_par_tally *pt, int64_t *into)
{
    for (int k = 0; k < pt->threads; k++)
        for (int64_t j = 0; j < pt->stride; j++) into[j] += pt->t[(int64_t)k * pt->stride + j];
    free(pt->t);
    pt->t = NULL;
}

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
    int t = es_par_thread();
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

/* (key, id) of a record, read without alignment assumptions. */
static int rec_less(const char *a, const char *b, size_t koff, size_t idoff)
{
    uint64_t ka, kb;
    memcpy(&ka, a + koff, sizeof ka);
    memcpy(&kb, b + koff, sizeof kb);
    if (ka != kb) return ka < kb;
    int64_t ia, ib;
    memcpy(&ia, a + idoff, sizeof ia);
    memcpy(&ib, b + idoff, sizeof ib);
    return ia < ib;
}

/* Sort n records by (key, id). The keys are hashes, uniform over 64 bits, so a
 * counting sort on their top bits into about n/2 slots leaves one or two records a
 * slot, and an insertion sort per slot finishes the job: the order of a comparison
 * sort by (key, id), in linear expected time. scratch holds n records. */
static int sort_uniform(char *v, int64_t n, size_t size, size_t koff, size_t idoff, char *scratch)
{
    if (n < 2) return 0;
    int bits = 1;
    while (((int64_t)1 << bits) < n / 2 && bits < 24) bits++;
    int64_t ns = (int64_t)1 << bits;
    int64_t *start = calloc((size_t)ns + 1, sizeof *start);
    if (!start) return 1;
    for (int64_t k = 0; k < n; k++) {
        uint64_t key;
        memcpy(&key, v + (size_t)k * size + koff, sizeof key);
        start[(key >> (64 - bits)) + 1]++;
    }
    for (int64_t b = 0; b < ns; b++) start[b + 1] += start[b];
    for (int64_t k = 0; k < n; k++) {
        uint64_t key;
        memcpy(&key, v + (size_t)k * size + koff, sizeof key);
        memcpy(scratch + (size_t)start[key >> (64 - bits)]++ * size, v + (size_t)k * size, size);
    }
    /* start[b] is now the end of slot b; insertion sort inside each slot. */
    char tmp[64];
    for (int64_t b = 0, lo = 0; b < ns; lo = start[b++]) {
        for (int64_t i = lo + 1; i < start[b]; i++) {
            memcpy(tmp, scratch + (size_t)i * size, size);
            int64_t j = i;
            while (j > lo && rec_less(tmp, scratch + (size_t)(j - 1) * size, koff, idoff)) {
                memcpy(scratch + (size_t)j * size, scratch + (size_t)(j - 1) * size, size);
                j--;
            }
            memcpy(scratch + (size_t)j * size, tmp, size);
        }
    }
    memcpy(v, scratch, (size_t)n * size);
    free(start);
    return 0;
}

static int32_t rec_bucket(const char *rec, size_t boff)
{
    int32_t b;
    memcpy(&b, rec + boff, sizeof b);
    return b;
}

es_status es_par_bucket_sort(void *v, int64_t n, size_t size, size_t boff, size_t koff, size_t idoff,
                             int nb, int threads, int64_t *first)
{
    if (size > 64) return ES_ERR_INTERNAL; /* records are small; see tmp in sort_uniform */
    char *in = v, *out = malloc((size_t)(n ? n : 1) * size), *scratch = malloc((size_t)(n ? n : 1) * size);
    int64_t *pos = malloc((size_t)(nb ? nb : 1) * sizeof *pos);
    if (!out || !pos || !scratch) { free(out); free(pos); free(scratch); return ES_ERR_NOMEM; }
    memset(first, 0, (size_t)(nb + 1) * sizeof *first);
    for (int64_t k = 0; k < n; k++) first[rec_bucket(in + (size_t)k * size, boff) + 1]++;
    for (int b = 0; b < nb; b++) first[b + 1] += first[b];
    memcpy(pos, first, (size_t)nb * sizeof *pos);
    for (int64_t k = 0; k < n; k++) {
        const char *rec = in + (size_t)k * size;
        memcpy(out + (size_t)pos[rec_bucket(rec, boff)]++ * size, rec, size);
    }
    int fail = 0;
    (void)threads;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads < 1 ? 1 : threads) reduction(| : fail)
#endif
    for (int b = 0; b < nb; b++)
        fail |= sort_uniform(out + (size_t)first[b] * size, first[b + 1] - first[b], size, koff, idoff,
                             scratch + (size_t)first[b] * size);
    if (!fail) memcpy(v, out, (size_t)n * size);
    free(out);
    free(pos);
    free(scratch);
    return fail ? ES_ERR_NOMEM : ES_OK;
}
