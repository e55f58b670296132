#!/bin/bash
# sweep_mpi.sh - a sweep across nodes with MPI (edusim built with cmake --preset mpi):
# runs are handed out to the ranks dynamically, each rank uses --threads cores.
#   sbatch scripts/slurm/sweep_mpi.sh SWEEP.yaml
#SBATCH --job-name=edusim-mpi
#SBATCH --nodes=4
#SBATCH --ntasks-per-node=4
#SBATCH --cpus-per-task=4
#SBATCH --time=04:00:00
#SBATCH --output=edusim-mpi_%j.log
set -euo pipefail
sweep=${1:?usage: sbatch sweep_mpi.sh SWEEP.yaml}
export OMP_PROC_BIND=close
srun edusim sweep "$sweep" --threads "${SLURM_CPUS_PER_TASK:-1}" -o results.h5 --resume --progress auto
