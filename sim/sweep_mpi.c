/* sweep_mpi.c - a sweep's runs handed out to MPI ranks; rank files merged on rank 0. */
#include "edusim/sweep_mpi.h"

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int es_mpi_launched(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        if (getenv(vars[i])) return 1;
    return 0;
}

es_status es_mpi_init(int *argc, char ***argv, int *rank, int *size)
{
    int provided = 0;
    /* Runs use OpenMP threads; MPI is called from the main thread only. */
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) return ES_ERR_INTERNAL;
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, size);
    return ES_OK;
}

void es_mpi_finalize(void) { MPI_Finalize(); }
void es_mpi_bcast_int(int *v) { MPI_Bcast(v, 1, MPI_INT, 0, MPI_COMM_WORLD); }

static int fetch_next(void *ctx)
{
    MPI_Win *win = ctx;
    int one = 1, got = -1;
    MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, *win);
    MPI_Fetch_and_op(&one, &got, MPI_INT, 0, 0, MPI_SUM, *win);
    MPI_Win_unlock(0, *win);
    return got;
}

static int file_exists(const char *p)
{
    FILE *f = fopen(p, "rb");
    if (f) fclose(f);
    return f != NULL;
}

es_status es_sweep_run_mpi(const es_sweep *sw, const es_sweep_opts *o, const char *out, es_diag *d)
{
    int rank = 0, size = 1, nruns = es_sweep_nruns(sw);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    unsigned char *mask = calloc((size_t)nruns, 1);
    int *kept = malloc((size_t)nruns * sizeof *kept);
    int st = mask && kept ? ES_OK : ES_ERR_NOMEM, worst = ES_OK;
    /* Runs already finished (--resume, more replicates) are decided once, on rank 0.
     * Rank files of an interrupted sweep go into OUT.partial first, as this sweep's
     * rank files take their names. */
    if (rank == 0 && st == ES_OK && o->resume) {
        es_sweep_opts mo = *o;
        mo.mode = ES_SWEEP_MERGE;
        mo.sources = NULL;
        mo.nsources = 0;
        mo.keep_out = 0;
        mo.kept = kept;
        mo.progress = NULL;
        kept[0] = -1;
        es_diag scratch;
        es_diag_init(&scratch);
        int any = 0;
        for (int k = 0; k < 4096 && !any; k++) {
            char p0[4300];
            snprintf(p0, sizeof p0, "%s.rank%d.partial", out, k);
            any = file_exists(p0);
        }
        if (any) {
            es_status s2 = es_sweep_run(sw, &mo, out, &scratch);
            if (kept[0] == -1 && s2 != ES_OK) {
                for (int i = 0; i < scratch.n; i++) es_diag_add(d, "%s", scratch.msg[i]);
                st = s2;
            }
        }
        es_diag_free(&scratch);
    }
    if (rank == 0 && st == ES_OK) st = es_sweep_finished_mask(sw, o, out, mask, d);
    MPI_Allreduce(MPI_IN_PLACE, &st, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (st != ES_OK) goto end;
    MPI_Bcast(mask, nruns, MPI_UNSIGNED_CHAR, 0, MPI_COMM_WORLD);
    int *counter = NULL;
    MPI_Win win;
    MPI_Win_allocate(rank == 0 ? (MPI_Aint)sizeof(int) : 0, sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &counter, &win);
    if (rank == 0) {
        MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, win);
        *counter = 0;
        MPI_Win_unlock(0, win);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    char rankout[4200];
    snprintf(rankout, sizeof rankout, "%s.rank%d", out, rank);
    es_sweep_opts po = *o;
    po.mode = ES_SWEEP_PART;
    po.next_run = fetch_next;
    po.next_ctx = &win;
    po.skip = mask;
    po.resume = po.keep_out = 0;
    po.sources = NULL;
    po.nsources = 0;
    po.shard_i = rank;
    po.shard_n = size;
    po.kept = po.computed = NULL;
    if (rank != 0) po.progress = NULL;
    es_diag pd;
    es_diag_init(&pd);
    st = es_sweep_run(sw, &po, rankout, &pd);
    for (int i = 0; st != ES_ERR_INTERRUPTED && i < pd.n; i++) es_diag_add(d, "rank %d: %s", rank, pd.msg[i]);
    es_diag_free(&pd);
    MPI_Win_free(&win); /* collective: every rank has stopped fetching */
    MPI_Allreduce(&st, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (rank == 0) {
        char (*paths)[4300] = calloc((size_t)size, sizeof *paths);
        const char **src = calloc((size_t)size, sizeof *src);
        int n = 0;
        for (int k = 0; paths && src && k < size; k++) {
            snprintf(paths[n], sizeof paths[n], "%s.rank%d", out, k);
            if (!file_exists(paths[n])) snprintf(paths[n], sizeof paths[n], "%s.rank%d.partial", out, k);
            if (file_exists(paths[n])) {
                src[n] = paths[n];
                n++;
            }
        }
        es_sweep_opts mo = *o;
        mo.mode = ES_SWEEP_MERGE;
        mo.sources = src;
        mo.nsources = n;
        mo.kept = kept;
        kept[0] = -1;
        es_diag md;
        es_diag_init(&md);
        if (!paths || !src) st = ES_ERR_NOMEM;
        else st = es_sweep_run(sw, &mo, out, &md);
        /* Once every finished run is in OUT or OUT.partial, the rank files go. */
        int nkept = 0;
        if (kept[0] != -1)
            for (int k = 0; k < n; k++) remove(src[k]);
        for (int run = 0; kept[0] != -1 && run < nruns; run++) nkept += kept[run];
        if (worst == ES_ERR_INTERRUPTED && kept[0] != -1)
            es_diag_add(d, "interrupted with %d of %d runs finished; `edusim sweep --resume` (under mpirun or not) continues %s.partial",
                        nkept, nruns, out);
        else
            for (int i = 0; i < md.n; i++) es_diag_add(d, "%s", md.msg[i]);
        es_diag_free(&md);
        if (worst == ES_ERR_INTERRUPTED && st != ES_OK) st = ES_ERR_INTERRUPTED;
        else if (worst != ES_OK && st == ES_OK) st = worst;
        free(paths);
        free(src);
    }
    MPI_Bcast(&st, 1, MPI_INT, 0, MPI_COMM_WORLD);
end:
    free(mask);
    free(kept);
    return (es_status)st;
}
