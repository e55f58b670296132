/* scenario.c - from a file name to validated parameters and resolved text. */
#include "edusim/scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static es_status with_default_regions(const char *path, const es_cfg_limits *lim, es_cfg **out, es_diag *d)
{
    FILE *f = fopen(path, "rb");
    if (!f) return ES_ERR_IO;
    const char *reg = es_params_default_regions_yaml();
    size_t cap = 1 << 16, n = 0, k;
    char *text = malloc(cap);
    while (text && (k = fread(text + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (n + 1 == cap) {
            char *t = realloc(text, cap * 2);
            if (!t) free(text);
            text = t;
            cap *= 2;
        }
    }
    fclose(f);
    size_t rl = strlen(reg);
    char *t = text ? realloc(text, n + rl + 2) : NULL;
    if (!t) {
        free(text);
        return ES_ERR_NOMEM;
    }
    text = t;
    if (n && text[n - 1] != '\n') text[n++] = '\n';
    memcpy(text + n, reg, rl + 1);
    /* a file whose text cannot take the block (a flow map, a document end) keeps its
     * own reading: the errors then say that regions are missing */
    es_diag quiet;
    es_diag_init(&quiet);
    es_status st = es_cfg_load_string(path, text, n + rl, lim, out, &quiet);
    es_diag_free(&quiet);
    (void)d;
    free(text);
    return st;
}

es_status es_scenario_load(const char *path, const char *const *sets, int nsets,
                           es_scenario *s, es_diag *d)
{
    memset(s, 0, sizeof *s);
    es_cfg_limits lim = es_cfg_default_limits();
    es_cfg *c = NULL;
    es_status st;
    if (path) {
        snprintf(s->source, sizeof s->source, "%s", path);
        st = es_cfg_load_file(path, &lim, &c, d);
    } else {
        snprintf(s->source, sizeof s->source, "<default>");
        const char *txt = es_params_default_yaml();
        st = es_cfg_load_string("<default>", txt, strlen(txt), &lim, &c, d);
    }
    if (st != ES_OK) return st;
    /* A file without regions runs the default region; `--set regions.0.KEY=V` must set
     * that region's value, as it does with no file, so the file is read again with the
     * default's regions block after its own lines (its positions stay as they are). */
    int regions_set = 0;
    for (int i = 0; i < nsets; i++) regions_set |= !strncmp(sets[i], "regions.", 8);
    if (path && regions_set && !es_cfg_has(c, "regions")) {
        es_cfg *c2 = NULL;
        if (with_default_regions(path, &lim, &c2, d) == ES_OK) {
            es_cfg_free(c);
            c = c2;
        }
    }
    for (int i = 0; i < nsets; i++) {
        if (es_cfg_set(c, sets[i], d) != ES_OK) st = ES_ERR_INPUT;
    }
    if (st == ES_OK) {
        (void)es_params_read(c, &s->par);
        es_cfg_check_unknown(c);
        es_diag_append(d, es_cfg_diag(c));
        if (es_cfg_error_count(c) > 0) st = ES_ERR_INPUT;
    }
    if (st == ES_OK) {
        s->resolved_yaml = es_cfg_resolved_yaml(c);
        if (!s->resolved_yaml) st = ES_ERR_NOMEM;
    }
    es_cfg_free(c);
    return st;
}

void es_scenario_free(es_scenario *s)
{
    if (!s) return;
    free(s->resolved_yaml);
    s->resolved_yaml = NULL;
}
