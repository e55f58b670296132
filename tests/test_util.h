/* test_util.h - helpers shared by the test programs that drive the edusim program.
 * Include after <cmocka.h>. */
#ifndef EDUSIM_TEST_UTIL_H
#define EDUSIM_TEST_UTIL_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

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

#endif
