#!/bin/bash
# sweep_array.sh - a sweep as a Slurm job array without MPI: one shard per array task,
# all cores of the task for its runs; then merge the parts.
#   sbatch scripts/slurm/sweep_array.sh SWEEP.yaml
#   sbatch --dependency=afterok:JOBID scripts/slurm/merge.sh part_*.h5
# The shard count below must equal the number of array tasks (0-15: 16).
#SBATCH --job-name=edusim-sweep
#SBATCH --array=0-15
#SBATCH --cpus-per-task=16
#SBATCH --time=04:00:00
#SBATCH --output=edusim-sweep_%A_%a.log
set -euo pipefail
sweep=${1:?usage: sbatch sweep_array.sh SWEEP.yaml}
shards=16
# Progress as a line every 10 % with elapsed time and time left, for the log.
edusim sweep "$sweep" --threads "${SLURM_CPUS_PER_TASK:-1}" \
    --shard "$SLURM_ARRAY_TASK_ID/$shards" -o "part_$SLURM_ARRAY_TASK_ID.h5" --resume --progress auto
