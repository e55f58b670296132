/* output_internal.h - helpers shared by the HDF5 writer (output.c) and reader
 * (output_read.c); library-internal. */
#ifndef EDUSIM_OUTPUT_INTERNAL_H
#define EDUSIM_OUTPUT_INTERNAL_H

#include <hdf5.h>
#include <stddef.h>

#include "edusim/output.h"

/* The format version this code writes and the newest it reads. */
#define ES_OUTPUT_FORMAT_VERSION 1

/* HDF5's automatic error printing is switched off around our calls and restored
 * afterwards, so the caller's (or the library default) handler is left as it was. */
typedef struct es_h5_quiet {
    H5E_auto2_t func;
    void *data;
    int saved;
} es_h5_quiet;
void es_h5_quiet_on(es_h5_quiet *q);
void es_h5_quiet_off(es_h5_quiet *q);

/* The innermost message of HDF5's current error stack, or "" (into buf). */
void es_h5_reason(char *buf, size_t n);

/* A variable-length UTF-8 string type (close with H5Tclose), or < 0. */
hid_t es_h5_vlen_str(void);
/* Read a string attribute (variable or fixed length) into a malloc'd string (*out,
 * caller frees). 0, or -1 when absent, not a string or unreadable (*out NULL). */
int es_h5_attr_get_str(hid_t obj, const char *name, char **out);

/* Non-empty, no '/', not "." or "..": usable as one HDF5 path component. */
int es_output_valid_name(const char *s);
/* ES_OK, or a message "cannot create results file 'TMP': invalid layout: ..." added. */
es_status es_output_check_layout(const char *tmp, const es_layout *l, es_diag *d);
/* Bytes free for an unprivileged writer in the file system of path's directory, or -1. */
double es_output_free_bytes(const char *path);
/* 0 when the directory of path exists and is writable, else -1 with a reason. */
int es_output_check_dir(const char *path, char *reason, size_t n);

/* Open a results file read-only after checking that it exists, is HDF5, is an edusim
 * results file of a readable format version and (with need_complete) is complete.
 * Returns the file id, or -1 with a message added to d and *st set. */
hid_t es_output_open_checked(const char *path, int need_complete, es_status *st, es_diag *d);

#endif
