/* output_internal.h - helpers shared by the HDF5 writer (output.c) and reader
 * (output_read.c); library-internal. */
#ifndef EDUSIM_OUTPUT_INTERNAL_H
#define EDUSIM_OUTPUT_INTERNAL_H

#include <hdf5.h>
#include <stddef.h>
#include <stdint.h>

#include "edusim/output.h"

/* The format version this code writes and the newest it reads. */
#define ES_OUTPUT_FORMAT_VERSION 2
/* Bytes before the HDF5 data: the edusim header with the whole-file checksum. */
#define ES_USERBLOCK 512
/* Fixed lengths of the /runs strings (with the terminating zero). */
#define ES_RUN_NAME_LEN 80
#define ES_RUN_ERROR_LEN 256

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
/* A 1-D fixed-length string dataset of n strings into malloc'd strings (*out, [n],
 * caller frees each and the array); -1 for variable-length strings or another size. */
int es_h5_read_strings(hid_t ds, size_t n, char ***out);
/* Read a string attribute (fixed length only) into a malloc'd string (*out,
 * caller frees). 0, or -1 when absent, not a string or unreadable (*out NULL). */
int es_h5_attr_get_str(hid_t obj, const char *name, char **out);

/* ---- verify.c: checksums and the checks of values ---- */

/* CRC-32 (the polynomial of zlib's crc32 and of gzip): start with crc 0. */
uint32_t es_crc32(uint32_t crc, const void *data, size_t n);
/* The indicator order of the run checksums: by name, then subgroup (strcmp). */
void es_ind_order(const es_ind_desc *ind, int n, int *order);
void es_ind_order_names(char *const *name, char *const *sub, int n, int *order);
/* Write the header of the user block: complete (with the file's length and CRC-32 of
 * everything after the user block) or not. 0, or -1 with a reason. */
int es_stamp(const char *path, int complete, char *why, size_t n);
/* Check the header before HDF5 reads anything: 1 complete and verified, 0 marked
 * incomplete, -1 with a message (no header, damaged, truncated or changed). */
int es_stamp_check(const char *path, es_diag *d);
/* A fixed-length string type of len bytes plus a terminating zero, or < 0. */
hid_t es_h5_fixed_str(size_t len);
/* A dataset creation list: chunks of chunk[] (0 extents become 1) with fletcher32. */
hid_t es_h5_checked_dcpl(int rank, const hsize_t *chunk);
/* The values of a results file beyond their shapes: years ascending and unique, /runs
 * rows numbered 0.., status -1/0/1, replicates >= 0 where run, scenarios named in
 * /runs stored in /scenarios. 0, or -1 with a message naming the file and the row. */
int es_output_check_values(hid_t f, const char *file, es_diag *d);

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
