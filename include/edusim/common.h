/* common.h - status codes and the diagnostics list shared by every module. */
#ifndef EDUSIM_COMMON_H
#define EDUSIM_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* Library functions return a status; only the program turns one into an exit. */
typedef enum es_status {
    ES_OK = 0,
    ES_ERR_INPUT,       /* invalid scenario / command line / file content */
    ES_ERR_IO,          /* a file could not be read or written */
    ES_ERR_NOMEM,       /* an allocation failed */
    ES_ERR_LIMIT,       /* a resource limit (depth, length, size) was exceeded */
    ES_ERR_INTERRUPTED, /* stopped by a signal at a safe point */
    ES_ERR_INTERNAL,    /* a broken invariant: a bug */
    ES_N_STATUS
} es_status;

const char *es_status_str(es_status s);

/* Keep freed memory in the process instead of returning it to the kernel (glibc: no
 * mmap'd blocks, the heap trimmed only above 1 GiB free). The yearly step frees and
 * allocates the same large buffers every year; returned to the kernel, each is
 * faulted in again page by page, which cost a fifth of a run's CPU time as system
 * time. Process-wide: programs call it once at start (a no-op without glibc). */
void es_tune_allocator(void);

/* Diagnostics: complete one-line messages ("file:line:col: key: what (valid: range)"),
 * collected so that several errors can be reported in one pass. */
typedef struct es_diag {
    char **msg;   /* [n] owned strings */
    int n;        /* messages stored */
    int cap;      /* allocated slots */
    int dropped;  /* messages beyond ES_DIAG_MAX, counted but not stored */
    int summarized; /* errors stated by one stored summary ("and N more ...") */
} es_diag;

#define ES_DIAG_MAX 100

void es_diag_init(es_diag *d);
void es_diag_free(es_diag *d);
void es_diag_clear(es_diag *d);
/* printf-style; never fails (an allocation failure is counted as dropped). Control
 * bytes of the formatted message (below 0x20 and DEL) are stored as \xNN. */
void es_diag_add(es_diag *d, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
int es_diag_count(const es_diag *d); /* stored + dropped + summarized */
/* Every message of src into d (those beyond ES_DIAG_MAX counted as dropped), with src's
 * dropped and summarized counts, so that d counts as many errors as src. */
void es_diag_append(es_diag *d, const es_diag *src);

#endif
