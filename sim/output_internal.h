/* output_internal.h - helpers shared by the HDF5 writer and reader (library-internal). */
#ifndef EDUSIM_OUTPUT_INTERNAL_H
#define EDUSIM_OUTPUT_INTERNAL_H

#include <hdf5.h>
#include <stddef.h>

#include "edusim/output.h"

hid_t es_h5_vlen_str(void);
int es_h5_attr_str(hid_t obj, const char *name, const char *value);
/* 0 when the directory of path exists and is writable, else -1 with a reason. */
int es_output_check_dir(const char *path, char *reason, size_t n);
/* Append rows [nrows][ncols] of doubles to an extendable compound table. */
int es_output_append_rows(hid_t ds, hid_t type, size_t size, const size_t *off, const es_col_desc *cols,
                          int ncols, int nrows, const double *rows);
/* Write one element of the runs table. */
int es_output_write_run_row(hid_t ds, const void *row, size_t size, int index);
/* Open a results file read-only after checking it exists, is HDF5 and is ours. */
hid_t es_output_open_checked(const char *path, int need_complete, es_diag *d);
const char *es_output_last_error(const es_output *o);

#endif
