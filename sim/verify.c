/* verify.c - what makes a damaged results file refused instead of read: the
 * whole-file checksum in the user block, CRC-32 itself, and the checks of values.
 *
 * The first ES_USERBLOCK bytes of a results file are HDF5's user block, which the
 * library skips; edusim writes a short text header there:
 *
 *   edusim-results: HDF5 follows at byte 512
 *   format 2
 *   status complete            (or "status incomplete", without the next two lines)
 *   length 1009712             (the file's size in bytes)
 *   crc32 89abcdef             (CRC-32 of every byte after the user block)
 *
 * A complete file is verified before HDF5 reads a byte of it, so a flipped bit or a cut
 * anywhere is refused with a message instead of reaching HDF5's parsers (which crash on
 * some damage, e.g. in H5HG_read). An incomplete file (PATH.partial) changes with every
 * run, so it has no whole-file checksum: its runs carry their own (the `checksum`
 * column of /runs, over the values) and its chunks HDF5's fletcher32, and a resumed
 * sweep keeps only the runs that verify. */
#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output_internal.h"

static uint32_t crc_table[256];
static int crc_ready;

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
    crc_ready = 1;
}

uint32_t es_crc32(uint32_t crc, const void *data, size_t n)
{
    if (!crc_ready) crc_init(); /* idempotent: a race writes the same table */
    const unsigned char *p = data;
    uint32_t c = crc ^ 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) c = crc_table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

typedef struct ord_ctx {
    const char *name, *sub;
    int k;
} ord_ctx;

static int cmp_ord(const void *a, const void *b)
{
    const ord_ctx *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : strcmp(x->sub, y->sub);
}

static void order_of(ord_ctx *v, int n, int *order)
{
    qsort(v, (size_t)n, sizeof *v, cmp_ord);
    for (int j = 0; j < n; j++) order[j] = v[j].k;
}

void es_ind_order(const es_ind_desc *ind, int n, int *order)
{
    ord_ctx *v = malloc((size_t)(n ? n : 1) * sizeof *v);
    if (!v) { /* without memory: the layout's order, which the reader will not match */
        for (int j = 0; j < n; j++) order[j] = j;
        return;
    }
    for (int j = 0; j < n; j++) v[j] = (ord_ctx){ind[j].name, ind[j].subgroup, j};
    order_of(v, n, order);
    free(v);
}

void es_ind_order_names(char *const *name, char *const *sub, int n, int *order)
{
    ord_ctx *v = malloc((size_t)(n ? n : 1) * sizeof *v);
    if (!v) {
        for (int j = 0; j < n; j++) order[j] = j;
        return;
    }
    for (int j = 0; j < n; j++) v[j] = (ord_ctx){name[j], sub[j], j};
    order_of(v, n, order);
    free(v);
}

#define MAGIC "edusim-results: HDF5 follows at byte 512\n"

/* CRC-32 of bytes [from, size) of fd; 0, or -1 (errno set). */
static int crc_of(int fd, off_t from, off_t size, uint32_t *crc)
{
    static const size_t B = 1 << 20;
    unsigned char *buf = malloc(B);
    if (!buf) return -1;
    uint32_t c = 0;
    int rc = 0;
    for (off_t at = from; at < size;) {
        size_t want = (size_t)(size - at) < B ? (size_t)(size - at) : B;
        ssize_t got = pread(fd, buf, want, at);
        if (got <= 0) {
            if (got == 0) errno = EIO;
            rc = -1;
            break;
        }
        c = es_crc32(c, buf, (size_t)got);
        at += got;
    }
    free(buf);
    *crc = c;
    return rc;
}

int es_stamp(const char *path, int complete, char *why, size_t n)
{
    int fd = open(path, O_RDWR);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0) {
        snprintf(why, n, "%s", strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    char head[ES_USERBLOCK];
    memset(head, 0, sizeof head);
    uint32_t crc = 0;
    if (complete && crc_of(fd, ES_USERBLOCK, sb.st_size, &crc) != 0) {
        snprintf(why, n, "reading it back: %s", strerror(errno));
        close(fd);
        return -1;
    }
    if (complete)
        snprintf(head, sizeof head, MAGIC "format %d\nstatus complete\nlength %jd\ncrc32 %08" PRIx32 "\n",
                 ES_OUTPUT_FORMAT_VERSION, (intmax_t)sb.st_size, crc);
    else
        snprintf(head, sizeof head, MAGIC "format %d\nstatus incomplete\n", ES_OUTPUT_FORMAT_VERSION);
    ssize_t w = pwrite(fd, head, sizeof head, 0);
    int e = errno;
    if (close(fd) != 0 && w == (ssize_t)sizeof head) {
        w = -1;
        e = errno;
    }
    if (w != (ssize_t)sizeof head) {
        snprintf(why, n, "%s", w < 0 ? strerror(e) : "short write");
        return -1;
    }
    return 0;
}

int es_stamp_check(const char *path, es_diag *d)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        es_diag_add(d, "cannot read results file '%s': %s", path, fd < 0 ? strerror(errno) : "not a regular file");
        if (fd >= 0) close(fd);
        return -1;
    }
    char head[ES_USERBLOCK + 1];
    ssize_t got = pread(fd, head, ES_USERBLOCK, 0);
    head[got > 0 ? got : 0] = 0;
    int rc = -1;
    if (got != ES_USERBLOCK || strncmp(head, MAGIC, strlen(MAGIC)) != 0) {
        close(fd);
        es_h5_quiet q;
        es_h5_quiet_on(&q);
        htri_t is = H5Fis_hdf5(path);
        es_h5_quiet_off(&q);
        if (is <= 0) es_diag_add(d, "'%s' is not an HDF5 file (or its header is damaged)", path);
        else
            es_diag_add(d, "'%s' is not an edusim results file of format %d (no edusim header: written by another "
                           "program or an older edusim, or damaged)",
                        path, ES_OUTPUT_FORMAT_VERSION);
        return -1;
    }
    int fmt = 0;
    char status[16] = "";
    intmax_t len = -1;
    unsigned long crc = 0;
    const char *p = head + strlen(MAGIC);
    int nf = sscanf(p, "format %d\nstatus %15s\nlength %jd\ncrc32 %lx", &fmt, status, &len, &crc);
    if (nf < 2 || fmt != ES_OUTPUT_FORMAT_VERSION) {
        es_diag_add(d, "'%s' has an unsupported format_version (%d); this edusim reads version %d", path, fmt,
                    ES_OUTPUT_FORMAT_VERSION);
    } else if (!strcmp(status, "incomplete")) {
        rc = 0;
    } else if (strcmp(status, "complete") != 0 || nf != 4) {
        es_diag_add(d, "'%s' has a damaged edusim header (damaged results file)", path);
    } else if (len != (intmax_t)sb.st_size) {
        es_diag_add(d, "'%s' is %s: %jd bytes, its header says %jd (damaged results file)", path,
                    (intmax_t)sb.st_size < len ? "truncated" : "longer than written", (intmax_t)sb.st_size, len);
    } else {
        uint32_t have = 0;
        if (crc_of(fd, ES_USERBLOCK, sb.st_size, &have) != 0)
            es_diag_add(d, "cannot read results file '%s': %s", path, strerror(errno));
        else if (have != (uint32_t)crc)
            es_diag_add(d, "'%s' is damaged: its CRC-32 is %08" PRIx32 ", its header says %08lx (the file changed "
                           "after it was written)",
                        path, have, crc);
        else
            rc = 1;
    }
    close(fd);
    return rc;
}

hid_t es_h5_fixed_str(size_t len)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0) return t;
    if (H5Tset_size(t, len + 1) < 0 || H5Tset_strpad(t, H5T_STR_NULLTERM) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0) {
        H5Tclose(t);
        return -1;
    }
    return t;
}

hid_t es_h5_checked_dcpl(int rank, const hsize_t *chunk)
{
    hsize_t c[H5S_MAX_RANK];
    for (int i = 0; i < rank; i++) c[i] = chunk[i] ? chunk[i] : 1;
    hid_t pl = H5Pcreate(H5P_DATASET_CREATE);
    if (pl < 0) return pl;
    if (H5Pset_chunk(pl, rank, c) < 0 || H5Pset_fletcher32(pl) < 0) {
        H5Pclose(pl);
        return -1;
    }
    return pl;
}

/* ---- values ---- */

typedef struct vrow {
    int32_t run, replicate, status;
    char scenario[ES_RUN_NAME_LEN];
} vrow;

int es_output_check_values(hid_t f, const char *file, es_diag *d)
{
    hid_t ds = H5Dopen2(f, "axes/year", H5P_DEFAULT), sp = ds >= 0 ? H5Dget_space(ds) : -1;
    hssize_t ny = sp >= 0 ? H5Sget_simple_extent_npoints(sp) : -1;
    int32_t *y = ny > 0 ? malloc((size_t)ny * sizeof *y) : NULL;
    int rc = y && H5Dread(ds, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, y) >= 0 ? 0 : -1;
    if (sp >= 0) H5Sclose(sp);
    if (ds >= 0) H5Dclose(ds);
    if (rc < 0) es_diag_add(d, "%s: /axes/year cannot be read (damaged results file?)", file);
    for (hssize_t k = 0; rc == 0 && k < ny; k++)
        if (y[k] < 1800 || y[k] > 2500 || (k > 0 && y[k] <= y[k - 1])) {
            es_diag_add(d, "%s: /axes/year[%lld] is %d%s (valid: school years 1800-2500, unique and ascending)", file,
                        (long long)k, (int)y[k], k > 0 && y[k] <= y[k - 1] ? ", not after the year before it" : "");
            rc = -1;
        }
    free(y);
    if (rc < 0) return -1;
    ds = H5Dopen2(f, "runs", H5P_DEFAULT);
    sp = ds >= 0 ? H5Dget_space(ds) : -1;
    hssize_t nr = sp >= 0 ? H5Sget_simple_extent_npoints(sp) : -1;
    vrow *v = nr > 0 ? calloc((size_t)nr, sizeof *v) : NULL;
    hid_t mt = H5Tcreate(H5T_COMPOUND, sizeof(vrow)), st = es_h5_fixed_str(ES_RUN_NAME_LEN - 1);
    rc = v && mt >= 0 && st >= 0 && H5Tinsert(mt, "run", HOFFSET(vrow, run), H5T_NATIVE_INT32) >= 0 &&
                 H5Tinsert(mt, "replicate", HOFFSET(vrow, replicate), H5T_NATIVE_INT32) >= 0 &&
                 H5Tinsert(mt, "status", HOFFSET(vrow, status), H5T_NATIVE_INT32) >= 0 &&
                 H5Tinsert(mt, "scenario", HOFFSET(vrow, scenario), st) >= 0 &&
                 H5Dread(ds, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) >= 0
             ? 0
             : -1;
    if (rc < 0) es_diag_add(d, "%s: /runs cannot be read (damaged results file?)", file);
    int have_scen = H5Lexists(f, "scenarios", H5P_DEFAULT) > 0;
    for (hssize_t k = 0; rc == 0 && k < nr; k++) {
        const vrow *r = &v[k];
        char nm[ES_RUN_NAME_LEN + 16];
        if (r->run != k) {
            es_diag_add(d, "%s: /runs row %lld has run %d (valid: the row number, %lld)", file, (long long)k, (int)r->run,
                        (long long)k);
            rc = -1;
        } else if (r->status < -1 || r->status > 1) {
            es_diag_add(d, "%s: /runs row %lld has status %d (valid: -1 not run, 0 ok, 1 failed)", file, (long long)k,
                        (int)r->status);
            rc = -1;
        } else if (r->status >= 0 && (r->replicate < 0 || !es_output_valid_name(r->scenario))) {
            es_diag_add(d, "%s: /runs row %lld was run but has replicate %d and scenario '%s' (valid: a replicate >= 0 "
                           "and a scenario name)",
                        file, (long long)k, (int)r->replicate, es_escaped(r->scenario, nm, sizeof nm));
            rc = -1;
        } else if (r->status >= 0 && have_scen) {
            char p[ES_RUN_NAME_LEN + 16];
            snprintf(p, sizeof p, "scenarios/%s", r->scenario);
            if (H5Lexists(f, p, H5P_DEFAULT) <= 0) {
                es_diag_add(d, "%s: /runs row %lld names scenario '%s', which is not in /scenarios", file, (long long)k,
                            es_escaped(r->scenario, nm, sizeof nm));
                rc = -1;
            }
        }
    }
    free(v);
    if (st >= 0) H5Tclose(st);
    if (mt >= 0) H5Tclose(mt);
    if (sp >= 0) H5Sclose(sp);
    if (ds >= 0) H5Dclose(ds);
    return rc;
}
