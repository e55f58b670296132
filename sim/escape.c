/* escape.c - strings from files and command lines shown safely.
 *
 * A name, a path or a message can hold any byte that came from a scenario file, a
 * results file or the command line. Control characters (below 0x20, and DEL) would
 * move the cursor, clear the screen or forge a line of output on a terminal, so they
 * are written as \xNN; everything else, UTF-8 included, is written as it is. */
#include <stdio.h>
#include <string.h>

#include "edusim/output.h"

static int is_ctrl(unsigned char c) { return c < 0x20 || c == 0x7f; }

int es_has_control(const char *s)
{
    for (; s && *s; s++)
        if (is_ctrl((unsigned char)*s)) return 1;
    return 0;
}

void es_fputs_escaped(FILE *f, const char *s)
{
    if (!s) return;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (is_ctrl(*p)) fprintf(f, "\\x%02x", *p);
        else fputc(*p, f);
}

void es_print_escaped(FILE *f, const char *prefix, const char *msg)
{
    fputs(prefix ? prefix : "", f);
    es_fputs_escaped(f, msg);
    fputc('\n', f);
}

const char *es_escaped(const char *s, char *buf, size_t n)
{
    size_t o = 0;
    if (!n) return "";
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p && o + 5 < n; p++)
        if (is_ctrl(*p)) o += (size_t)snprintf(buf + o, n - o, "\\x%02x", *p);
        else buf[o++] = (char)*p;
    buf[o] = 0;
    return buf;
}
