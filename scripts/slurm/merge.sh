#!/bin/bash
# merge.sh - combine the parts of a job-array sweep (sweep_array.sh) into one results
# file with paired effects:
#   sbatch --dependency=afterok:JOBID scripts/slurm/merge.sh part_*.h5
#SBATCH --job-name=edusim-merge
#SBATCH --cpus-per-task=1
#SBATCH --time=01:00:00
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: sbatch merge.sh PART.h5..." >&2; exit 2; }
edusim merge -o results.h5 "$@"
edusim compare results.h5
