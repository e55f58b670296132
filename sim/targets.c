/* targets.c - the published targets (nl_targets.csv) as a table. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "edusim/calibrate.h"
#include "edusim/output.h"

#define ES_TARGETS_MAX_BYTES (16L << 20)

/* Split one CSV line into fields (RFC 4180 quoting, no embedded newlines). */
static int split(char *line, char **f, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        char *w = p;
        f[n++] = w;
        if (*p == '"') {
            p++;
            for (;;) {
                if (!*p) break;
                if (*p == '"' && p[1] == '"') { *w++ = '"'; p += 2; continue; }
                if (*p == '"') { p++; break; }
                *w++ = *p++;
            }
            while (*p && *p != ',') p++;
        } else {
            while (*p && *p != ',' && *p != '\n' && *p != '\r') *w++ = *p++;
        }
        char c = *p;
        *w = 0;
        if (c != ',') break;
        p++;
    }
    return n;
}

/* A plain decimal number, [-+]?(digits[.digits]|.digits)([eE][-+]?digits)?, finite:
 * strtod alone would take "nan", "inf" and "0x1p3". 0 when *v was set. */
static int dec_num(const char *s, double *v)
{
    size_t p = 0, d = 0;
    if (s[p] == '+' || s[p] == '-') p++;
    while (s[p] >= '0' && s[p] <= '9') p++, d++;
    if (s[p] == '.') {
        p++;
        while (s[p] >= '0' && s[p] <= '9') p++, d++;
    }
    if (!d) return -1;
    if (s[p] == 'e' || s[p] == 'E') {
        size_t e = 0;
        p++;
        if (s[p] == '+' || s[p] == '-') p++;
        while (s[p] >= '0' && s[p] <= '9') p++, e++;
        if (!e) return -1;
    }
    if (s[p]) return -1;
    double x = strtod(s, NULL);
    if (!isfinite(x)) return -1;
    *v = x;
    return 0;
}

/* One numeric field: an error names file:line:column, the column's name and the valid
 * range. */
static int num_field(const char *path, int lineno, const char *line, const char *fld, const char *name,
                     const char *valid, double *v, es_diag *d)
{
    if (dec_num(fld, v) == 0) return 0;
    char shown[80];
    es_diag_add(d, "%s:%d:%d: error: %s: '%s' is not a finite decimal number (valid: %s)", path, lineno, (int)(fld - line) + 1, name,
                es_escaped(fld, shown, sizeof shown), valid);
    return -1;
}

es_status es_targets_read(const char *path, es_target **out, int *n, es_diag *d)
{
    *out = NULL;
    *n = 0;
    es_status st0;
    /* A regular file of bounded size: a device or a pipe named here must not hang us. */
    struct stat sb;
    if (stat(path, &sb) != 0) {
        es_diag_add(d, "cannot read targets file '%s': %s", path, strerror(errno));
        return ES_ERR_IO;
    }
    if (!S_ISREG(sb.st_mode) || sb.st_size > ES_TARGETS_MAX_BYTES) {
        es_diag_add(d, "targets file '%s' is %s (limit: a regular file of at most %ld bytes)", path,
                    S_ISREG(sb.st_mode) ? "too large" : "not a regular file", ES_TARGETS_MAX_BYTES);
        return ES_ERR_LIMIT;
    }
    FILE *fp = es_input_open("targets file", path, &st0, d); /* never blocks on a FIFO swapped in */
    if (!fp) return st0;
    static const char *const want[7] = {"id", "indicator", "subgroup", "year", "value", "unit", "tol"};
    int col[7], cap = 0, lineno = 0;
    char line[8192], *f[64];
    es_status st = ES_OK;
    es_target *t = NULL;
    if (!fgets(line, sizeof line, fp)) {
        es_diag_add(d, "%s: empty targets file (valid: a header with id,indicator,subgroup,year,value,unit,tol)", path);
        fclose(fp);
        return ES_ERR_INPUT;
    }
    lineno = 1;
    int nf = split(line, f, 64);
    for (int k = 0; k < 7; k++) {
        col[k] = -1;
        for (int j = 0; j < nf; j++)
            if (!strcmp(f[j], want[k])) col[k] = j;
        if (col[k] < 0) {
            es_diag_add(d, "%s:1: no column '%s' (valid: a header with id,indicator,subgroup,year,value,unit,tol)", path, want[k]);
            st = ES_ERR_INPUT;
        }
    }
    while (st == ES_OK && fgets(line, sizeof line, fp)) {
        lineno++;
        if (line[0] == '\n' || line[0] == '\r' || !line[0]) continue;
        nf = split(line, f, 64);
        int maxc = 0;
        for (int k = 0; k < 7; k++) maxc = col[k] > maxc ? col[k] : maxc;
        if (nf <= maxc) {
            es_diag_add(d, "%s:%d: %d fields (valid: at least %d)", path, lineno, nf, maxc + 1);
            st = ES_ERR_INPUT;
            break;
        }
        if (!f[col[4]][0] || !f[col[6]][0]) continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 64;
            es_target *q = realloc(t, (size_t)cap * sizeof *q);
            if (!q) { st = ES_ERR_NOMEM; break; }
            t = q;
        }
        es_target *r = &t[*n];
        memset(r, 0, sizeof *r);
        snprintf(r->id, sizeof r->id, "%s", f[col[0]]);
        snprintf(r->indicator, sizeof r->indicator, "%s", f[col[1]]);
        snprintf(r->subgroup, sizeof r->subgroup, "%s", f[col[2]]);
        snprintf(r->unit, sizeof r->unit, "%s", f[col[5]]);
        double year = 0;
        r->weight = 1;
        int bad = num_field(path, lineno, line, f[col[3]], "year", "a year 1900 to 2200", &year, d) |
                  num_field(path, lineno, line, f[col[4]], "value", "a finite decimal number", &r->value, d) |
                  num_field(path, lineno, line, f[col[6]], "tol", "a finite decimal number > 0", &r->tol, d);
        if (!bad && (year != floor(year) || year < 1900 || year > 2200)) {
            es_diag_add(d, "%s:%d:%d: error: year: %.17g is out of range (valid: a year 1900 to 2200)", path, lineno,
                        (int)(f[col[3]] - line) + 1, year);
            bad = 1;
        }
        if (!bad && !(r->tol > 0)) {
            /* a tolerance of 0 divides by zero, a negative one turns the loss around */
            es_diag_add(d, "%s:%d:%d: error: tol: %.17g is not positive (valid: a finite decimal number > 0)", path,
                        lineno, (int)(f[col[6]] - line) + 1, r->tol);
            bad = 1;
        }
        if (bad) {
            st = ES_ERR_INPUT;
            break;
        }
        r->year = (int)year;
        (*n)++;
    }
    fclose(fp);
    if (st != ES_OK) {
        free(t);
        *n = 0;
        return st;
    }
    *out = t;
    return ES_OK;
}
