/* common.c - status strings and the diagnostics list. */
#include "edusim/common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

const char *es_status_str(es_status s)
{
    switch (s) {
    case ES_OK: return "ok";
    case ES_ERR_INPUT: return "invalid input";
    case ES_ERR_IO: return "input/output error";
    case ES_ERR_NOMEM: return "out of memory";
    case ES_ERR_LIMIT: return "resource limit exceeded";
    case ES_ERR_INTERRUPTED: return "interrupted";
    case ES_ERR_INTERNAL: return "internal error";
    default: return "unknown status";
    }
}

void es_diag_init(es_diag *d) { memset(d, 0, sizeof *d); }

void es_diag_clear(es_diag *d)
{
    if (!d) return;
    for (int i = 0; i < d->n; i++) free(d->msg[i]);
    d->n = 0;
    d->dropped = 0;
    d->summarized = 0;
}

void es_diag_free(es_diag *d)
{
    if (!d) return;
    es_diag_clear(d);
    free(d->msg);
    memset(d, 0, sizeof *d);
}

void es_diag_add(es_diag *d, const char *fmt, ...)
{
    if (!d) return;
    if (d->n >= ES_DIAG_MAX) { d->dropped++; return; }
    if (d->n == d->cap) {
        int cap = d->cap ? 2 * d->cap : 8;
        char **m = realloc(d->msg, (size_t)cap * sizeof *m);
        if (!m) { d->dropped++; return; }
        d->msg = m;
        d->cap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0) { d->dropped++; return; }
    char *s = malloc((size_t)len + 1);
    if (!s) { d->dropped++; return; }
    va_start(ap, fmt);
    vsnprintf(s, (size_t)len + 1, fmt, ap);
    va_end(ap);
    /* A message quotes names, paths and values from files and the command line. It is
     * one line of text wherever it goes (terminal, log, results file), so every control
     * byte is written as \xNN here, once for all messages. */
    size_t nc = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) nc += *p < 0x20 || *p == 0x7f;
    if (nc) {
        char *e = malloc((size_t)len + 3 * nc + 1), *o = e;
        if (!e) { free(s); d->dropped++; return; }
        for (const unsigned char *p = (const unsigned char *)s; *p; p++)
            if (*p < 0x20 || *p == 0x7f) o += sprintf(o, "\\x%02x", *p);
            else *o++ = (char)*p;
        *o = 0;
        free(s);
        s = e;
    }
    d->msg[d->n++] = s;
}

int es_diag_count(const es_diag *d) { return d ? d->n + d->dropped + d->summarized : 0; }

void es_diag_append(es_diag *d, const es_diag *src)
{
    if (!d || !src) return;
    for (int i = 0; i < src->n; i++) es_diag_add(d, "%s", src->msg[i]);
    d->dropped += src->dropped;
    d->summarized += src->summarized;
}

void es_tune_allocator(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_MAX, 0);
    mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
#endif
}
