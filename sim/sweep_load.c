/* sweep_load.c - reading sweep files: scenarios, parameter axes (lists and Latin
 * hypercube ranges) and the scenario variants they make; a sweep rebuilt from a
 * results file for merging. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edusim/indicators.h"
#include "edusim/rng.h"
#include "edusim/sweep.h"
#include "edusim/world.h"

#define ES_MAX_SETS 128
#define ES_MAX_VARIANTS 4096

static void dir_of(const char *path, char *dir, size_t n)
{
    snprintf(dir, n, "%s", path);
    char *s = strrchr(dir, '/');
    if (s) s[1] = 0;
    else dir[0] = 0;
}

static char *dupstr(const char *s)
{
    size_t n = strlen(s ? s : "");
    char *d = malloc(n + 1);
    if (d) memcpy(d, s ? s : "", n + 1);
    return d;
}

/* Read a list of "key=value" strings at key into sets[]; returns the count. */
static int read_sets(es_cfg *c, const char *key, const char **sets, int at, es_status *st)
{
    if (!es_cfg_has(c, key)) return at;
    int n = es_cfg_seq_len(c, key);
    for (int j = 0; j < n; j++) {
        char k[160];
        snprintf(k, sizeof k, "%s.%d", key, j);
        if (at >= ES_MAX_SETS) {
            es_cfg_error(c, k, "too many overrides (valid: at most %d per scenario)", ES_MAX_SETS);
            *st = ES_ERR_INPUT;
            break;
        }
        const char *s = "";
        if (es_cfg_get_string(c, k, "", 4096, &s) != ES_OK) { *st = ES_ERR_INPUT; continue; }
        if (!strchr(s, '=')) {
            es_cfg_error(c, k, "'%s' is not an override (valid: \"dotted.key=value\")", s);
            *st = ES_ERR_INPUT;
            continue;
        }
        sets[at++] = s;
    }
    return at;
}

int es_sweep_pairing(const char *const *names, int n, const char *base, int *base_of)
{
    int b = -1;
    for (int s = 0; s < n; s++)
        if (!strcmp(names[s], base)) b = s;
    for (int s = 0; s < n; s++) {
        base_of[s] = b;
        const char *at = strrchr(names[s], '@');
        if (!at) continue;
        char want[2 * ES_SWEEP_NAME_LEN];
        snprintf(want, sizeof want, "%s%s", base, at);
        for (int j = 0; j < n; j++)
            if (!strcmp(names[j], want)) base_of[s] = j;
    }
    int found = 0;
    for (int s = 0; s < n; s++) found |= base_of[s] >= 0;
    return found ? 0 : -1;
}

void es_lhs(uint64_t seed, int n, int dims, double *out)
{
    int *perm = malloc((size_t)(n > 0 ? n : 1) * sizeof *perm);
    if (!perm) return;
    for (int j = 0; j < dims; j++) {
        uint64_t key = es_rng_key(seed, 0, ES_RNG_DESIGN, (uint64_t)j);
        for (int i = 0; i < n; i++) perm[i] = i;
        /* Fisher-Yates with keyed draws: draw k shuffles position n-1-k. */
        for (int i = n - 1; i > 0; i--) {
            int r = (int)(es_rng_u01(key, (uint32_t)(n - 1 - i)) * (i + 1));
            if (r > i) r = i;
            int t = perm[i];
            perm[i] = perm[r];
            perm[r] = t;
        }
        for (int i = 0; i < n; i++)
            out[(size_t)i * dims + j] = (perm[i] + es_rng_u01(key, (uint32_t)(n + i))) / n;
    }
    free(perm);
}

static int alloc_variants(es_sweep *sw, int n)
{
    sw->nscen = n;
    sw->scen_name = calloc((size_t)n, sizeof *sw->scen_name);
    sw->scen_yaml = calloc((size_t)n, sizeof *sw->scen_yaml);
    sw->scen_base = calloc((size_t)n, sizeof *sw->scen_base);
    sw->scen_point = calloc((size_t)n, sizeof *sw->scen_point);
    return sw->scen_name && sw->scen_yaml && sw->scen_base && sw->scen_point ? 0 : -1;
}

/* Parameter axes into sw->axis_key and sw->point; returns the number of points. */
static int read_axes(es_cfg *c, es_sweep *sw, es_status *st)
{
    int na = es_cfg_has(c, "axes") ? es_cfg_seq_len(c, "axes") : 0;
    if (na < 0 || na > ES_SWEEP_MAX_AXES) {
        es_cfg_error(c, "axes", "%d axes (valid: a list of 0 to %d)", na, ES_SWEEP_MAX_AXES);
        *st = ES_ERR_INPUT;
        return 1;
    }
    double vals[ES_SWEEP_MAX_AXES][256], lo[ES_SWEEP_MAX_AXES] = {0}, hi[ES_SWEEP_MAX_AXES] = {0};
    int nv[ES_SWEEP_MAX_AXES] = {0}, isint[ES_SWEEP_MAX_AXES] = {0}, nrange = 0, ncombo = 1;
    sw->naxes = na;
    sw->axis_key = calloc((size_t)(na ? na : 1), sizeof *sw->axis_key);
    if (!sw->axis_key) { *st = ES_ERR_NOMEM; return 1; }
    for (int j = 0; j < na; j++) {
        char k[96];
        const char *key = "";
        snprintf(k, sizeof k, "axes.%d.key", j);
        if (es_cfg_get_name(c, k, "", ES_NAME_KEY, &key) != ES_OK) *st = ES_ERR_INPUT;
        snprintf(sw->axis_key[j], sizeof sw->axis_key[j], "%s", key);
        for (int i = 0; i < j; i++)
            if (!strcmp(sw->axis_key[i], key)) {
                es_cfg_error(c, k, "duplicate axis '%s' (valid: each key once)", key);
                *st = ES_ERR_INPUT;
            }
        snprintf(k, sizeof k, "axes.%d.integer", j);
        if (es_cfg_get_bool(c, k, 0, &isint[j]) != ES_OK) *st = ES_ERR_INPUT;
        char kv[96], kr[96];
        snprintf(kv, sizeof kv, "axes.%d.values", j);
        snprintf(kr, sizeof kr, "axes.%d.range", j);
        int hv = es_cfg_has(c, kv), hr = es_cfg_has(c, kr);
        if (hv == hr) {
            es_cfg_error(c, hv ? kr : k, "axis '%s' needs exactly one of values: [list] or range: [lo, hi]", key);
            *st = ES_ERR_INPUT;
            continue;
        }
        if (hv) {
            if (es_cfg_get_double_list(c, kv, NULL, 0, 1, 256, -1e15, 1e15, NULL, vals[j], &nv[j]) != ES_OK) {
                *st = ES_ERR_INPUT;
                nv[j] = 1;
                vals[j][0] = 0;
            }
            for (int i = 0; isint[j] && i < nv[j]; i++)
                if (vals[j][i] != floor(vals[j][i])) {
                    char ki[128];
                    snprintf(ki, sizeof ki, "%s.%d", kv, i);
                    es_cfg_error(c, ki, "%.17g is not a whole number (valid: integers on an axis with integer: true)", vals[j][i]);
                    *st = ES_ERR_INPUT;
                }
            if (ncombo > ES_SWEEP_MAX_POINTS / nv[j]) {
                es_cfg_error(c, kv, "the axes make more than %d design points (valid: fewer values)", ES_SWEEP_MAX_POINTS);
                *st = ES_ERR_INPUT;
                nv[j] = 1;
            }
            ncombo *= nv[j];
        } else {
            double r[2] = {0, 0};
            int n2 = 0;
            if (es_cfg_get_double_list(c, kr, NULL, 0, 2, 2, -1e15, 1e15, NULL, r, &n2) != ES_OK) *st = ES_ERR_INPUT;
            else if (!(r[0] < r[1])) {
                es_cfg_error(c, kr, "range [%g, %g] is empty (valid: [lo, hi] with lo < hi)", r[0], r[1]);
                *st = ES_ERR_INPUT;
            }
            else if (isint[j] && (r[0] != floor(r[0]) || r[1] != floor(r[1]))) {
                /* the draws are lo..hi: bounds that are not whole would round outside them */
                es_cfg_error(c, kr, "range [%.15g, %.15g] of an integer axis (valid: [lo, hi] of whole numbers, lo < hi)", r[0], r[1]);
                *st = ES_ERR_INPUT;
            }
            lo[j] = r[0];
            hi[j] = r[1];
            nv[j] = -1;
            nrange++;
        }
    }
    int64_t samples = 0, sseed = 0;
    if (es_cfg_get_int(c, "samples", nrange ? 0 : 1, nrange ? 1 : 0, ES_SWEEP_MAX_POINTS, "points", &samples) != ES_OK)
        *st = ES_ERR_INPUT;
    if (nrange && !es_cfg_has(c, "samples")) {
        es_cfg_error(c, "axes", "an axis with a range needs `samples:` (valid: 1 to %d Latin hypercube points)", ES_SWEEP_MAX_POINTS);
        *st = ES_ERR_INPUT;
    }
    if (!nrange && es_cfg_has(c, "samples") && samples != 1) {
        es_cfg_error(c, "samples", "%lld samples but no axis has a range (valid: leave samples out)", (long long)samples);
        *st = ES_ERR_INPUT;
    }
    if (es_cfg_get_int(c, "sample_seed", (int64_t)sw->seed, 0, INT64_MAX / 2, NULL, &sseed) != ES_OK) *st = ES_ERR_INPUT;
    int nsamp = nrange ? (int)(samples > 0 ? samples : 1) : 1;
    if (*st != ES_OK || na == 0) return 1;
    if ((int64_t)ncombo * nsamp > ES_SWEEP_MAX_POINTS) {
        es_cfg_error(c, "samples", "%d x %d design points (valid: at most %d)", ncombo, nsamp, ES_SWEEP_MAX_POINTS);
        *st = ES_ERR_INPUT;
        return 1;
    }
    int np = ncombo * nsamp;
    double *u = malloc((size_t)nsamp * (nrange ? nrange : 1) * sizeof *u);
    sw->point = malloc((size_t)np * na * sizeof *sw->point);
    if (!u || !sw->point) { free(u); *st = ES_ERR_NOMEM; return 1; }
    if (nrange) es_lhs((uint64_t)sseed, nsamp, nrange, u);
    for (int p = 0; p < np; p++) {
        int combo = p / nsamp, smp = p % nsamp, rj = 0, rest = combo;
        /* list axes: the last varies fastest */
        int idx[ES_SWEEP_MAX_AXES] = {0};
        for (int j = na - 1; j >= 0; j--)
            if (nv[j] > 0) {
                idx[j] = rest % nv[j];
                rest /= nv[j];
            }
        for (int j = 0; j < na; j++) {
            double v;
            if (nv[j] > 0) v = vals[j][idx[j]];
            else {
                double x = u[(size_t)smp * nrange + rj++];
                /* integer axes: whole numbers lo..hi (whole, checked above), both included */
                v = isint[j] ? fmin(floor(lo[j] + (hi[j] - lo[j] + 1) * x), hi[j]) : lo[j] + (hi[j] - lo[j]) * x;
            }
            sw->point[(size_t)p * na + j] = v;
        }
    }
    free(u);
    return np;
}

static es_status check_shared_layout(const char *path, es_sweep *sw, es_diag *d)
{
    const es_params *a = &sw->scen[0].par;
    for (int i = 1; i < sw->nscen; i++) {
        const es_params *b = &sw->scen[i].par;
        int same = a->start_year == b->start_year && a->end_year == b->end_year && a->nregions == b->nregions;
        for (int r = 0; same && r < a->nregions; r++) same = !strcmp(a->region[r].name, b->region[r].name);
        if (!same) {
            es_diag_add(d, "%s: scenario '%s' has other years or regions than '%s' (valid: the same years and regions in every scenario)",
                        path, sw->scen_name[i], sw->scen_name[0]);
            return ES_ERR_INPUT;
        }
    }
    sw->first_year = a->start_year;
    sw->nyears = a->end_year - a->start_year + 1;
    sw->nregions = a->nregions + 1;
    sw->region = calloc((size_t)sw->nregions, sizeof *sw->region);
    if (!sw->region) return ES_ERR_NOMEM;
    for (int r = 0; r < sw->nregions; r++)
        if (!(sw->region[r] = dupstr(r < a->nregions ? a->region[r].name : "national"))) return ES_ERR_NOMEM;
    return ES_OK;
}

double es_sweep_table_bytes(const es_sweep *sw, double nruns)
{
    return (double)sw->ind.n * nruns * sw->nyears * sw->nregions * sizeof(double);
}

/* The sweep keeps every run's indicators in memory for the paired effects; refuse
 * replicates whose table cannot fit before anything runs. */
static es_status check_table_memory(es_cfg *c, const es_sweep *sw, es_diag *d)
{
    double per_run = es_sweep_table_bytes(sw, 1);
    double runs = (double)sw->nscen * sw->replicates, avail = es_available_memory();
    if (runs * per_run <= ES_MEMORY_SHARE * avail) return ES_OK;
    double fit = floor(ES_MEMORY_SHARE * avail / per_run / sw->nscen);
    es_cfg_error(c, "replicates",
                 "%d scenario variant%s x %d replicates = %.0f runs need %.3g GiB for their indicators in memory, more "
                 "than %.0f%% of the %.3g GiB of available memory (valid: at most %.0f replicates here; limit: available memory)",
                 sw->nscen, sw->nscen == 1 ? "" : "s", sw->replicates, runs, runs * per_run / 1073741824.0,
                 100 * ES_MEMORY_SHARE, avail / 1073741824.0, fit);
    const es_diag *cd = es_cfg_diag(c);
    if (cd->n > 0) es_diag_add(d, "%s", cd->msg[cd->n - 1]);
    return ES_ERR_LIMIT;
}

es_status es_sweep_load(const char *path, const char *const *cmdsets, int ncmd, es_sweep *sw, es_diag *d)
{
    memset(sw, 0, sizeof *sw);
    es_indset_init(&sw->ind);
    es_cfg_limits lim = es_cfg_default_limits();
    es_cfg *c = NULL;
    es_status st = es_cfg_load_file(path, &lim, &c, d);
    if (st != ES_OK) return st;
    const char *s = "sweep";
    if (es_cfg_get_name(c, "name", "sweep", ES_NAME_SAFE, &s) != ES_OK) st = ES_ERR_INPUT;
    snprintf(sw->name, sizeof sw->name, "%s", s);
    int64_t v;
    if (es_cfg_get_int(c, "seed", 1, 0, INT64_MAX / 2, NULL, &v) != ES_OK) st = ES_ERR_INPUT;
    sw->seed = (uint64_t)v;
    if (es_cfg_get_int(c, "replicates", 10, 1, 100000, "replicates", &v) != ES_OK) st = ES_ERR_INPUT;
    sw->replicates = (int)v;
    const char *sets[ES_MAX_SETS];
    int nglobal = read_sets(c, "set", sets, 0, &st);
    es_cfg_declare(c, "scenarios");
    int n = es_cfg_seq_len(c, "scenarios");
    if (n <= 0 || n > ES_SWEEP_MAX_SCENARIOS) {
        es_cfg_error(c, "scenarios", "%d scenarios (valid: a list of 1 to %d)", n < 0 ? 0 : n, ES_SWEEP_MAX_SCENARIOS);
        st = ES_ERR_INPUT;
        /* the scenarios beyond the limit are refused by the message above, not reported
         * again as unknown keys */
        for (int i = ES_SWEEP_MAX_SCENARIOS; i < n; i++) {
            char k[64];
            snprintf(k, sizeof k, "scenarios.%d", i);
            es_cfg_declare(c, k);
        }
        n = n < 0 ? 0 : n > ES_SWEEP_MAX_SCENARIOS ? ES_SWEEP_MAX_SCENARIOS : n;
    }
    char dir[1024];
    dir_of(path, dir, sizeof dir);
    /* every override of a variant: its own (with the global ones), the design point and
     * all of the command line's (none dropped) */
    const int maxsets = ES_MAX_SETS + ES_SWEEP_MAX_AXES + (ncmd > 0 ? ncmd : 0);
    char names[ES_SWEEP_MAX_SCENARIOS][64];
    const char *files[ES_SWEEP_MAX_SCENARIOS];
    int nsets[ES_SWEEP_MAX_SCENARIOS];
    const char *(*ssets)[ES_MAX_SETS] = calloc((size_t)(n ? n : 1), sizeof *ssets);
    if (!ssets) { es_cfg_free(c); return ES_ERR_NOMEM; }
    for (int i = 0; i < n; i++) {
        char k[128];
        snprintf(k, sizeof k, "scenarios.%d.name", i);
        char def[32];
        snprintf(def, sizeof def, "scenario%d", i);
        const char *nm = def;
        /* the safe set has no '@': the program adds "@P" for the design points */
        if (es_cfg_get_name(c, k, def, ES_NAME_SAFE, &nm) != ES_OK) st = ES_ERR_INPUT;
        snprintf(names[i], sizeof names[i], "%s", nm);
        for (int j = 0; j < i; j++)
            if (!strcmp(names[j], names[i])) {
                es_cfg_error(c, k, "duplicate scenario name '%s' (valid: unique names)", nm);
                st = ES_ERR_INPUT;
            }
        snprintf(k, sizeof k, "scenarios.%d.file", i);
        files[i] = "";
        if (es_cfg_get_string(c, k, "", 4096, &files[i]) != ES_OK) st = ES_ERR_INPUT;
        memcpy(ssets[i], sets, (size_t)nglobal * sizeof *sets);
        snprintf(k, sizeof k, "scenarios.%d.set", i);
        nsets[i] = read_sets(c, k, ssets[i], nglobal, &st);
    }
    const char *base = n > 0 ? names[0] : "";
    if (es_cfg_get_string(c, "baseline", base, 63, &base) != ES_OK) st = ES_ERR_INPUT;
    snprintf(sw->base_name, sizeof sw->base_name, "%s", base);
    int known = 0;
    for (int i = 0; i < n; i++) known |= !strcmp(names[i], base);
    if (n > 0 && !known) {
        es_cfg_error(c, "baseline", "'%s' is not a scenario of this sweep (valid: a name from scenarios)", base);
        st = ES_ERR_INPUT;
    }
    int np = read_axes(c, sw, &st);
    sw->npoints = np;
    if (st == ES_OK && (int64_t)n * np > ES_MAX_VARIANTS) {
        es_cfg_error(c, "axes", "%d scenarios x %d design points (valid: at most %d combinations)", n, np, ES_MAX_VARIANTS);
        st = ES_ERR_INPUT;
    }
    if (st == ES_OK && (int64_t)n * np * sw->replicates > ES_SWEEP_MAX_RUNS) {
        es_cfg_error(c, "replicates", "%d scenario%s x %d design point%s x %d replicates = %lld runs (valid: at most %d runs, "
                     "here at most %lld replicates)", n, n == 1 ? "" : "s", np, np == 1 ? "" : "s", sw->replicates,
                     (long long)n * np * sw->replicates, ES_SWEEP_MAX_RUNS, (long long)ES_SWEEP_MAX_RUNS / ((int64_t)n * np));
        st = ES_ERR_INPUT;
    }
    es_cfg_check_unknown(c);
    es_diag_append(d, es_cfg_diag(c));
    if (es_cfg_error_count(c) > 0) st = ES_ERR_INPUT;
    if (st == ES_OK && (alloc_variants(sw, n * np) < 0 || !(sw->scen = calloc((size_t)n * np, sizeof *sw->scen))))
        st = ES_ERR_NOMEM;
    /* Each variant: its file (relative to the sweep file; empty: the embedded default),
     * global and own overrides, the design point, then the command line's. */
    const char **vs = st == ES_OK ? malloc((size_t)maxsets * sizeof *vs) : NULL;
    char (*axset)[192] = st == ES_OK ? calloc(ES_SWEEP_MAX_AXES, sizeof *axset) : NULL;
    if (st == ES_OK && (!vs || !axset)) st = ES_ERR_NOMEM;
    for (int i = 0; i < n && st == ES_OK; i++) {
        char full[4200];
        if (files[i][0] && files[i][0] != '/') snprintf(full, sizeof full, "%s%s", dir, files[i]);
        else snprintf(full, sizeof full, "%s", files[i]);
        for (int p = 0; p < np && st == ES_OK; p++) {
            int k = i * np + p, m = 0;
            for (int j = 0; j < nsets[i]; j++) vs[m++] = ssets[i][j];
            for (int j = 0; j < sw->naxes; j++) {
                snprintf(axset[j], sizeof axset[j], "%s=%.17g", sw->axis_key[j], sw->point[(size_t)p * sw->naxes + j]);
                vs[m++] = axset[j];
            }
            for (int j = 0; j < ncmd; j++) vs[m++] = cmdsets[j];
            if (sw->naxes) snprintf(sw->scen_name[k], sizeof sw->scen_name[k], "%s@%d", names[i], p);
            else snprintf(sw->scen_name[k], sizeof sw->scen_name[k], "%s", names[i]);
            sw->scen_point[k] = p;
            es_status s2 = es_scenario_load(files[i][0] ? full : NULL, vs, m, &sw->scen[k], d);
            if (s2 != ES_OK) {
                es_diag_add(d, "%s: scenario '%s' of the sweep is invalid", path, sw->scen_name[k]);
                st = s2;
            } else if (!(sw->scen_yaml[k] = dupstr(sw->scen[k].resolved_yaml))) st = ES_ERR_NOMEM;
        }
    }
    free(vs);
    free(axset);
    free(ssets);
    if (st == ES_OK) {
        const char **nm = malloc((size_t)sw->nscen * sizeof *nm);
        if (!nm) st = ES_ERR_NOMEM;
        for (int k = 0; nm && k < sw->nscen; k++) nm[k] = sw->scen_name[k];
        if (nm) es_sweep_pairing(nm, sw->nscen, base, sw->scen_base);
        free(nm);
    }
    if (st == ES_OK) st = check_shared_layout(path, sw, d);
    for (int k = 0; st == ES_OK && k < sw->nscen; k++) st = es_indset_add_policies(&sw->ind, &sw->scen[k].par.pol);
    if (st == ES_OK) st = check_table_memory(c, sw, d);
    if (st == ES_OK && !(sw->resolved_yaml = es_cfg_resolved_yaml(c))) st = ES_ERR_NOMEM;
    es_cfg_free(c);
    return st;
}

es_status es_sweep_from_results(const char *path, es_sweep *sw, es_diag *d)
{
    memset(sw, 0, sizeof *sw);
    es_indset_init(&sw->ind);
    es_results r;
    es_status st = es_results_open(path, &r, d);
    if (st != ES_OK) return st;
    int ns = r.nscen;
    /* Runs are planned as (variant, replicate) in order: the first replicate count
     * runs belong to the first variant, and so on. */
    int reps = 0;
    while (reps < r.nruns && r.run_scen[reps] == r.run_scen[0]) reps++;
    int ok = ns > 0 && reps > 0 && r.nruns == ns * reps && r.sweep_yaml && r.sweep[0];
    for (int run = 0; ok && run < r.nruns; run++)
        ok = r.run_scen[run] == run / reps && r.run_rep[run] == run % reps && r.scen_names[run / reps][0] &&
             r.scen_yaml[run / reps] && strlen(r.scen_names[run / reps]) < ES_SWEEP_NAME_LEN;
    if (!ok) {
        es_diag_add(d, "'%s' does not describe a whole sweep (its /runs table, scenarios or sweep attributes are missing); it cannot be merged",
                    path);
        es_results_free(&r);
        return ES_ERR_INPUT;
    }
    snprintf(sw->name, sizeof sw->name, "%s", r.sweep);
    snprintf(sw->base_name, sizeof sw->base_name, "%s", r.baseline);
    sw->seed = r.seed;
    sw->replicates = reps;
    if (alloc_variants(sw, ns) < 0 || !(sw->resolved_yaml = dupstr(r.sweep_yaml))) st = ES_ERR_NOMEM;
    const char **nm = st == ES_OK ? malloc((size_t)ns * sizeof *nm) : NULL;
    if (st == ES_OK && !nm) st = ES_ERR_NOMEM;
    for (int k = 0; st == ES_OK && k < ns; k++) {
        snprintf(sw->scen_name[k], sizeof sw->scen_name[k], "%s", r.scen_names[k]);
        nm[k] = sw->scen_name[k];
        if (!(sw->scen_yaml[k] = dupstr(r.scen_yaml[k]))) st = ES_ERR_NOMEM;
    }
    if (st == ES_OK && es_sweep_pairing(nm, ns, sw->base_name, sw->scen_base) < 0) {
        es_diag_add(d, "'%s': baseline '%s' is not among its scenarios", path, sw->base_name);
        st = ES_ERR_INPUT;
    }
    free(nm);
    /* Design points: the distinct parameter rows, in variant order of first use. */
    if (st == ES_OK && r.naxes > 0) {
        sw->naxes = r.naxes;
        sw->axis_key = calloc((size_t)r.naxes, sizeof *sw->axis_key);
        sw->point = malloc((size_t)ns * r.naxes * sizeof *sw->point);
        if (!sw->axis_key || !sw->point) st = ES_ERR_NOMEM;
        for (int j = 0; st == ES_OK && j < r.naxes; j++)
            snprintf(sw->axis_key[j], sizeof sw->axis_key[j], "%s", r.axis_names[j]);
        for (int k = 0; st == ES_OK && k < ns; k++) {
            const char *at = strrchr(sw->scen_name[k], '@');
            int p = at ? atoi(at + 1) : 0;
            if (p < 0 || p >= ns) p = 0;
            sw->scen_point[k] = p;
            if (p + 1 > sw->npoints) sw->npoints = p + 1;
            memcpy(sw->point + (size_t)p * r.naxes, r.params + (size_t)k * reps * r.naxes, (size_t)r.naxes * sizeof *sw->point);
        }
    } else sw->npoints = 1;
    if (st == ES_OK) {
        sw->first_year = r.years[0];
        sw->nyears = r.nyears;
        sw->nregions = r.nregions;
        sw->region = calloc((size_t)r.nregions, sizeof *sw->region);
        if (!sw->region) st = ES_ERR_NOMEM;
        for (int k = 0; st == ES_OK && k < r.nregions; k++)
            if (!(sw->region[k] = dupstr(r.regions[k]))) st = ES_ERR_NOMEM;
        for (int y = 1; st == ES_OK && y < r.nyears; y++)
            if (r.years[y] != r.years[0] + y) {
                es_diag_add(d, "'%s': its years are not consecutive", path);
                st = ES_ERR_INPUT;
            }
    }
    /* The named policies' indicators: those of the file beyond the table, in its order. */
    for (int j = 0; st == ES_OK && j < r.nind; j++)
        if (!strcmp(r.ind_name[j], "policy_public_spending") && es_indicator_find(r.ind_name[j], r.ind_sub[j]) < 0)
            st = es_indset_add(&sw->ind, r.ind_sub[j]);
    es_results_free(&r);
    if (st != ES_OK) es_sweep_free(sw);
    return st;
}

void es_sweep_free(es_sweep *sw)
{
    if (!sw) return;
    for (int i = 0; i < sw->nscen; i++) {
        if (sw->scen) es_scenario_free(&sw->scen[i]);
        if (sw->scen_yaml) free(sw->scen_yaml[i]);
    }
    for (int r = 0; sw->region && r < sw->nregions; r++) free(sw->region[r]);
    free(sw->region);
    free(sw->scen);
    free(sw->scen_yaml);
    free(sw->scen_name);
    free(sw->scen_base);
    free(sw->scen_point);
    free(sw->axis_key);
    free(sw->point);
    free(sw->resolved_yaml);
    es_indset_free(&sw->ind);
    memset(sw, 0, sizeof *sw);
}
