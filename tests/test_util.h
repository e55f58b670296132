/* test_util.h - helpers shared by the test programs that drive the edusim program.
 * Include after <cmocka.h>. */
#ifndef EDUSIM_TEST_UTIL_H
#define EDUSIM_TEST_UTIL_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "edusim/cfg.h"
#include "edusim/params.h"

/* Run a shell command (printf-style); its combined output goes to out (if not NULL).
 * Returns the exit status, -1 when killed. */
static inline int sh(char *out, size_t outsz, const char *fmt, ...)
{
    char cmd[4096], full[4200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    snprintf(full, sizeof full, "%s 2>&1", cmd);
    FILE *f = popen(full, "r");
    assert_non_null(f);
    size_t n = 0;
    char buf[512];
    while (fgets(buf, sizeof buf, f)) {
        size_t l = strlen(buf);
        if (out && n + l < outsz) {
            memcpy(out + n, buf, l);
            n += l;
        }
    }
    if (out) out[n] = 0;
    int st = pclose(f);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static inline void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Read parameters from YAML text as a scenario file would be; the errors (with
 * positions) go to d. Returns the number of errors, -1 when the text does not load. */
static inline int test_load_params(const char *name, const char *text, es_params *p, es_diag *d)
{
    es_cfg *c = NULL;
    es_cfg_limits lim = es_cfg_default_limits();
    if (es_cfg_load_string(name, text, strlen(text), &lim, &c, d) != ES_OK) return -1;
    es_params_read(c, p);
    es_cfg_check_unknown(c);
    const es_diag *cd = es_cfg_diag(c);
    for (int i = 0; i < cd->n; i++) es_diag_add(d, "%s", cd->msg[i]);
    int n = es_cfg_error_count(c);
    es_cfg_free(c);
    return n;
}

/* Parameters from YAML text that a test expects to load cleanly: any error is printed
 * to stderr, and the number of errors returned (0 expected). */
static inline int test_params_ok(const char *text, es_params *p)
{
    es_diag d;
    es_diag_init(&d);
    int n = test_load_params("test", text, p, &d);
    for (int i = 0; i < d.n; i++) fprintf(stderr, "%s\n", d.msg[i]);
    es_diag_free(&d);
    return n;
}

/* 1 when a message of d contains needle. */
static inline int test_has(const es_diag *d, const char *needle)
{
    for (int i = 0; i < d->n; i++)
        if (strstr(d->msg[i], needle)) return 1;
    return 0;
}

#endif
