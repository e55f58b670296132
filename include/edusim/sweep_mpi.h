/* sweep_mpi.h - sweeps across MPI ranks (built with -DEDUSIM_MPI=ON).
 *
 * Every rank loads the sweep. Runs are handed out dynamically from an atomic counter
 * on rank 0 (MPI one-sided fetch-and-add), so fast ranks take more runs; each rank
 * writes its runs to OUT.rankK with the serial HDF5 library, and rank 0 merges the
 * rank files in run order into OUT, which is identical to a one-process sweep.
 * Parallel HDF5 is not needed. An interrupted sweep leaves OUT.partial (or the
 * rank files) for --resume. */
#ifndef EDUSIM_SWEEP_MPI_H
#define EDUSIM_SWEEP_MPI_H

#include "edusim/sweep.h"

/* True when started by an MPI launcher (mpirun, srun with PMI/PMIx). */
int es_mpi_launched(void);
es_status es_mpi_init(int *argc, char ***argv, int *rank, int *size);
void es_mpi_finalize(void);
void es_mpi_bcast_int(int *v);
/* es_sweep_run over all ranks (mode ALL): a collective call; the status is the same on
 * every rank, the messages are on rank 0. */
es_status es_sweep_run_mpi(const es_sweep *sw, const es_sweep_opts *o, const char *out, es_diag *d);

#endif
