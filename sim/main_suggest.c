/* main_suggest.c - "did you mean" for the program's choices (indicators, years,
 * regions, export tables): the closest by edit distance, when close enough to be
 * a typo rather than another word. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "main_cmds.h"

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t *row = malloc((lb + 1) * sizeof *row);
    if (!row) return (size_t)-1;
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    size_t d = row[lb];
    free(row);
    return d;
}

const char *es_suggest(const char *word, const char *const *cand, int n)
{
    /* A third of the word's length, at least 1: "po+v" finds "po+vo", but "xx" is
     * not taken for "wo". */
    size_t len = strlen(word), thr = len / 3 < 1 ? 1 : len / 3, best = (size_t)-1;
    const char *b = NULL;
    for (int i = 0; i < n; i++) {
        if (!cand[i] || !strcmp(cand[i], word)) continue;
        size_t d = edit_distance(word, cand[i]);
        if (d < best) best = d, b = cand[i];
    }
    return best <= thr ? b : NULL;
}

void es_bad_option(const char *cmd, const char *opt, const char *const *valid)
{
    int n = 0;
    while (valid[n]) n++;
    for (int i = 0; i < n; i++)
        if (!strcmp(opt, valid[i])) {
            fprintf(stderr, "edusim %s: option '%s' needs a value (see edusim %s --help)\n", cmd, opt, cmd);
            return;
        }
    const char *s = es_suggest(opt, valid, n);
    if (s) fprintf(stderr, "edusim %s: unknown option '%s' (did you mean '%s'? see edusim %s --help)\n", cmd, opt, s, cmd);
    else fprintf(stderr, "edusim %s: unknown option '%s' (see edusim %s --help)\n", cmd, opt, cmd);
}
