/* calibrate_load.c - reading calibration files. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edusim/calibrate.h"
#include "edusim/cfg.h"
#include "edusim/indicators.h"
#include "edusim/scenario.h"

static void rel_path(const char *base_file, const char *p, char *out, size_t n)
{
    if (p[0] == '/') {
        snprintf(out, n, "%s", p);
        return;
    }
    const char *s = strrchr(base_file, '/');
    snprintf(out, n, "%.*s%s", s ? (int)(s - base_file + 1) : 0, base_file, p);
}

static int program_has(const char *name, const char *sub)
{
    const es_indicator *tab = es_indicators();
    for (int i = 0; i < es_indicators_count(); i++)
        if (!strcmp(tab[i].desc.name, name) && !strcmp(tab[i].desc.subgroup, sub)) return 1;
    return 0;
}

/* The targets: the file's rows the program computes in the scenario's years, limited
 * to `ids` when given, with their weights. */
static es_status read_targets(es_cfg *cf, es_calib *c, int y0, int y1, es_diag *d)
{
    es_target *all = NULL;
    int n = 0;
    es_status st = es_targets_read(c->targets_file, &all, &n, d);
    if (st != ES_OK) {
        es_cfg_error(cf, "targets.file", "cannot use '%s' (see the message above)", c->targets_file);
        es_cfg_declare(cf, "targets.ids");
        es_cfg_declare(cf, "targets.weights");
        return st;
    }
    int nids = es_cfg_has(cf, "targets.ids") ? es_cfg_seq_len(cf, "targets.ids") : -1;
    const char *ids[256];
    for (int i = 0; i < nids && i < 256; i++) {
        char k[64];
        snprintf(k, sizeof k, "targets.ids.%d", i);
        ids[i] = "";
        if (es_cfg_get_string(cf, k, "", 15, &ids[i]) != ES_OK) st = ES_ERR_INPUT;
        int found = 0;
        for (int j = 0; j < n; j++) found |= !strcmp(all[j].id, ids[i]);
        if (!found && st == ES_OK) {
            es_cfg_error(cf, k, "no target '%s' in %s (valid: an id of its first column)", ids[i], c->targets_file);
            st = ES_ERR_INPUT;
        }
    }
    int nw = es_cfg_has(cf, "targets.weights") ? es_cfg_seq_len(cf, "targets.weights") : 0;
    c->t = calloc((size_t)(n ? n : 1), sizeof *c->t);
    if (!c->t) { free(all); return ES_ERR_NOMEM; }
    for (int j = 0; j < n; j++) {
        int use = nids < 0;
        for (int i = 0; i < nids && i < 256; i++) use |= !strcmp(all[j].id, ids[i]);
        if (!use || !program_has(all[j].indicator, all[j].subgroup) || all[j].year < y0 || all[j].year > y1) continue;
        if (c->nt < ES_CAL_MAX_TARGETS) c->t[c->nt++] = all[j];
    }
    for (int i = 0; i < nw; i++) {
        char k[64], kw[64];
        snprintf(k, sizeof k, "targets.weights.%d.id", i);
        snprintf(kw, sizeof kw, "targets.weights.%d.weight", i);
        const char *id = "";
        double w = 1;
        if (es_cfg_get_string(cf, k, "", 15, &id) != ES_OK || es_cfg_get_double(cf, kw, 1, 0, 1e6, NULL, &w) != ES_OK) {
            st = ES_ERR_INPUT;
            continue;
        }
        int found = 0;
        for (int j = 0; j < c->nt; j++)
            if (!strcmp(c->t[j].id, id)) {
                c->t[j].weight = w;
                found = 1;
            }
        if (!found) {
            es_cfg_error(cf, k, "'%s' is not among the targets used (valid: an id of targets.ids)", id);
            st = ES_ERR_INPUT;
        }
    }
    free(all);
    if (st == ES_OK && c->nt == 0) {
        es_cfg_error(cf, "targets", "no target of %s is computed by this program in %d-%d", c->targets_file, y0, y1);
        st = ES_ERR_INPUT;
    }
    return st;
}

static es_status check_parameters(const es_calib *c, const char *path, const char **sv, int ns, es_diag *d)
{
    char val[ES_CAL_MAX_PARAMS][160];
    const char *ov[128 + ES_CAL_MAX_PARAMS];
    for (int i = 0; i < ns; i++) ov[i] = sv[i];
    for (int end = 0; end < 2; end++) {
        for (int j = 0; j < c->np; j++) {
            snprintf(val[j], sizeof val[j], "%s=%.17g", c->key[j], end ? c->hi[j] : c->lo[j]);
            ov[ns + j] = val[j];
        }
        es_scenario sc;
        memset(&sc, 0, sizeof sc);
        es_status st = es_scenario_load(c->scenario[0] ? c->scenario : NULL, ov, ns + c->np, &sc, d);
        es_scenario_free(&sc);
        if (st != ES_OK) {
            es_diag_add(d, "%s: the scenario with every parameter at the %s end of its range is invalid (the "
                           "error above; a parameter is applied as --set KEY=VALUE)", path, end ? "upper" : "lower");
            return ES_ERR_INPUT;
        }
    }
    return ES_OK;
}

es_status es_calib_load(const char *path, es_calib *c, es_diag *d)
{
    memset(c, 0, sizeof *c);
    es_cfg_limits lim = es_cfg_default_limits();
    es_cfg *cf = NULL;
    es_status st = es_cfg_load_file(path, &lim, &cf, d);
    if (st != ES_OK) return st;
    const char *s = "calibration";
    if (es_cfg_get_name(cf, "name", "calibration", ES_NAME_SAFE, &s) != ES_OK) st = ES_ERR_INPUT;
    snprintf(c->name, sizeof c->name, "%s", s);
    s = "";
    if (es_cfg_get_string(cf, "scenario", "", 4000, &s) != ES_OK) st = ES_ERR_INPUT;
    if (s[0]) rel_path(path, s, c->scenario, sizeof c->scenario); /* empty: the embedded default */
    int64_t v;
    if (es_cfg_get_int(cf, "seed", 1, 0, INT64_MAX / 2, NULL, &v) != ES_OK) st = ES_ERR_INPUT;
    c->seed = (uint64_t)v;
    if (es_cfg_get_int(cf, "replicates", 2, 1, 1000, "replicates", &v) != ES_OK) st = ES_ERR_INPUT;
    c->replicates = (int)v;
    /* overrides for every evaluation, one per line */
    int ns = es_cfg_has(cf, "set") ? es_cfg_seq_len(cf, "set") : 0;
    size_t len = 1;
    const char *sv[128];
    for (int i = 0; i < ns && i < 128; i++) {
        char k[32];
        snprintf(k, sizeof k, "set.%d", i);
        sv[i] = "";
        if (es_cfg_get_string(cf, k, "", 4000, &sv[i]) != ES_OK || !strchr(sv[i], '=')) {
            if (st == ES_OK && !strchr(sv[i], '=')) es_cfg_error(cf, k, "'%s' is not an override (valid: \"dotted.key=value\")", sv[i]);
            st = ES_ERR_INPUT;
        }
        len += strlen(sv[i]) + 1;
    }
    c->sets = calloc(len, 1);
    for (int i = 0; c->sets && i < ns && i < 128; i++) {
        strcat(c->sets, sv[i]);
        strcat(c->sets, "\n");
    }
    es_cfg_declare(cf, "parameters");
    int np = es_cfg_seq_len(cf, "parameters");
    if (np < 1 || np > ES_CAL_MAX_PARAMS) {
        es_cfg_error(cf, "parameters", "%d parameters (valid: a list of 1 to %d)", np < 0 ? 0 : np, ES_CAL_MAX_PARAMS);
        st = ES_ERR_INPUT;
        np = np < 0 ? 0 : np > ES_CAL_MAX_PARAMS ? ES_CAL_MAX_PARAMS : np;
    }
    c->np = np;
    for (int j = 0; j < np; j++) {
        char k[64];
        snprintf(k, sizeof k, "parameters.%d.key", j);
        const char *key = "";
        if (!es_cfg_has(cf, k)) {
            es_cfg_declare(cf, k);
            es_cfg_error(cf, k, "missing (valid: a dotted scenario key)");
            st = ES_ERR_INPUT;
        } else if (es_cfg_get_name(cf, k, "", ES_NAME_KEY, &key) != ES_OK) {
            st = ES_ERR_INPUT;
        }
        snprintf(c->key[j], sizeof c->key[j], "%s", key);
        snprintf(k, sizeof k, "parameters.%d.range", j);
        double r[2] = {0, 1};
        int n2 = 0;
        if (es_cfg_get_double_list(cf, k, NULL, 0, 2, 2, -1e15, 1e15, NULL, r, &n2) != ES_OK) st = ES_ERR_INPUT;
        else if (!(r[0] < r[1])) {
            es_cfg_error(cf, k, "range [%g, %g] is empty (valid: [lo, hi] with lo < hi)", r[0], r[1]);
            st = ES_ERR_INPUT;
        }
        c->lo[j] = r[0];
        c->hi[j] = r[1];
        snprintf(k, sizeof k, "parameters.%d.integer", j);
        if (es_cfg_get_bool(cf, k, 0, &c->isint[j]) != ES_OK) st = ES_ERR_INPUT;
        if (c->isint[j] && r[0] < r[1] && (r[0] != floor(r[0]) || r[1] != floor(r[1]))) {
            /* values are rounded: bounds that are not whole would round outside them */
            snprintf(k, sizeof k, "parameters.%d.range", j);
            es_cfg_error(cf, k, "range [%.15g, %.15g] of an integer parameter (valid: [lo, hi] of whole numbers, lo < hi)",
                         r[0], r[1]);
            st = ES_ERR_INPUT;
        }
    }
    if (es_cfg_get_int(cf, "method.screening", 8, 0, 4096, "points", &v) != ES_OK) st = ES_ERR_INPUT;
    c->screening = (int)v;
    if (es_cfg_get_int(cf, "method.max_evaluations", 40, 0, 100000, "evaluations", &v) != ES_OK) st = ES_ERR_INPUT;
    c->max_evals = (int)v;
    if (es_cfg_get_double(cf, "method.step", 0.15, 1e-4, 1, "share of the range", &c->step) != ES_OK) st = ES_ERR_INPUT;
    if (es_cfg_get_double(cf, "method.tolerance", 1e-3, 0, 1e6, "loss", &c->tolerance) != ES_OK) st = ES_ERR_INPUT;
    if (c->screening == 0 && c->max_evals == 0) {
        es_cfg_error(cf, "method", "no evaluations (valid: screening or max_evaluations > 0)");
        st = ES_ERR_INPUT;
    }
    s = "data/nl_targets.csv";
    if (es_cfg_get_string(cf, "targets.file", "", 4000, &s) != ES_OK) st = ES_ERR_INPUT;
    if (s[0]) rel_path(path, s, c->targets_file, sizeof c->targets_file);
    else if (c->scenario[0]) rel_path(c->scenario, "data/nl_targets.csv", c->targets_file, sizeof c->targets_file);
    else {
        es_cfg_error(cf, "targets.file", "missing (valid: a targets CSV; needed when no scenario file is named)");
        st = ES_ERR_INPUT;
    }
    /* The scenario with the overrides: its years bound the targets. */
    es_scenario sc;
    memset(&sc, 0, sizeof sc);
    int y0 = 0, y1 = -1;
    if (st == ES_OK) {
        const char *ov[128];
        for (int i = 0; i < ns && i < 128; i++) ov[i] = sv[i];
        if (es_scenario_load(c->scenario[0] ? c->scenario : NULL, ov, ns < 128 ? ns : 128, &sc, d) != ES_OK) {
            es_diag_add(d, "%s: the scenario to fit is invalid", path);
            st = ES_ERR_INPUT;
        } else {
            y0 = sc.par.start_year;
            y1 = sc.par.end_year;
        }
        es_scenario_free(&sc);
    }
    int scen_ok = st == ES_OK;
    if (st == ES_OK) st = read_targets(cf, c, y0, y1, d);
    /* Every parameter must be a key of the scenario, valid at both ends of its range:
     * found here, not in the first evaluation. */
    if (scen_ok && check_parameters(c, path, sv, ns < 128 ? ns : 128, d) != ES_OK) st = ES_ERR_INPUT;
    if (!scen_ok) {
        es_cfg_declare(cf, "targets.ids");
        es_cfg_declare(cf, "targets.weights");
    }
    es_cfg_check_unknown(cf);
    es_diag_append(d, es_cfg_diag(cf));
    if (es_cfg_error_count(cf) > 0 && st == ES_OK) st = ES_ERR_INPUT;
    if (st == ES_OK && !(c->resolved_yaml = es_cfg_resolved_yaml(cf))) st = ES_ERR_NOMEM;
    es_cfg_free(cf);
    if (st != ES_OK) es_calib_free(c);
    return st;
}

void es_calib_free(es_calib *c)
{
    if (!c) return;
    free(c->sets);
    free(c->t);
    free(c->resolved_yaml);
    memset(c, 0, sizeof *c);
}
