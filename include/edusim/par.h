/* par.h - building blocks for parallel loops whose results do not depend on the
 * number of threads: per-thread tallies summed in thread order, per-thread lists
 * joined in thread order, and a bucket sort into a total order. */
#ifndef EDUSIM_PAR_H
#define EDUSIM_PAR_H

#include <stddef.h>
#include <stdint.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "edusim/common.h"

/* This thread's number inside a parallel region (0 without OpenMP): the index of its
 * per-thread block of counts or list. */
static inline int es_par_thread(void)
{
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}

/* Per-thread tallies, summed in thread order after a parallel loop (integer sums, so
 * the result does not depend on how persons were split between threads). */
typedef struct es_par_tally {
    int threads;
    int64_t stride; /* counts per thread */
    int64_t *t;     /* [threads][stride] */
} es_par_tally;

/* stride counts per thread, zeroed. */
es_status es_par_tally_init(es_par_tally *pt, int threads, int64_t stride);

/* This thread's block (inline: called inside the loops over persons). */
static inline int64_t *es_par_tally_mine(es_par_tally *pt)
{
    return pt->t + (int64_t)es_par_thread() * pt->stride;
}
void es_par_tally_reduce(es_par_tally *pt, int64_t *into); /* adds and frees */

/* Records found by a parallel loop over persons with schedule(static): each thread
 * appends to its own list, and the lists are joined in thread order, which is the
 * order one thread would have found them in (static chunks are contiguous and
 * ascending), whatever the number of threads. */
typedef struct es_par_list {
    int threads;
    size_t size;   /* bytes per record */
    char **buf;    /* [threads] */
    int64_t *n, *cap;
    int failed;    /* an append ran out of memory */
} es_par_list;
es_status es_par_list_init(es_par_list *l, int threads, size_t size);
void *es_par_list_push(es_par_list *l); /* a slot in this thread's list, or NULL */
/* All records in thread order (malloc'd, *m of them), or NULL when out of memory;
 * frees the lists either way. */
void *es_par_list_join(es_par_list *l, int64_t *m);
void es_par_list_free(es_par_list *l);

/* Sort n records of `size` (<= 64) bytes by the int32_t bucket at byte offset boff
 * (in [0, nb)), then within a bucket by the uint64_t key at byte offset koff (a hash:
 * uniform bits), then the unique int64_t id at idoff; buckets in parallel. The order
 * is total, so it equals one qsort by (bucket, key, id) for any thread count. Fills
 * first[nb + 1] with each bucket's first record. */
es_status es_par_bucket_sort(void *v, int64_t n, size_t size, size_t boff, size_t koff, size_t idoff,
                             int nb, int threads, int64_t *first);

#endif
