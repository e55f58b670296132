/* main_export.c - `edusim export`: a results file's tables as tidy CSV (one value per
 * row), with each run's scenario, design point and replicate joined in, for R,
 * spreadsheets and anything else that does not read HDF5. The columns are those of the
 * Python API's tables (analysis/edusim_analysis/results.py), in the same order. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edusim/effects.h"
#include "edusim/sweep.h"
#include "main_cmds.h"

#define ES_MAX_SEL 256

enum { W_INDICATORS, W_EFFECTS, W_COHORTS, W_RUNS, W_N };
static const char *const what_names[W_N] = {"indicators", "effects", "cohorts", "runs"};

static void usage(FILE *f)
{
    fprintf(f, "usage: edusim export RESULTS.h5 [--what indicators|effects|cohorts|runs]\n"
               "                     [--indicator NAME/SUBGROUP]... [-o OUT.csv]\n"
               "Write a table of a complete results file as tidy CSV, one value per row, with\n"
               "the scenario, the design point and its parameter values (sweeps with axes) and\n"
               "the replicate of each run joined in.\n"
               "  --what indicators  (default) scenario, [point, PARAMETER...], replicate, run,\n"
               "                     year, region, indicator, subgroup, units, value\n"
               "  --what effects     paired effects against the baseline, as edusim compare:\n"
               "                     scenario, baseline, [point, PARAMETER...], year, region,\n"
               "                     indicator, subgroup, units, mean_diff, se, ci_low, ci_high, n\n"
               "  --what cohorts     scenario, [point, PARAMETER...], replicate, run, cohort, sex,\n"
               "                     region, variable, units, value\n"
               "  --what runs        run, scenario, [point, PARAMETER...], replicate, seed, status,\n"
               "                     error\n"
               "  --indicator N/S    only this indicator (N alone: all its subgroups); repeatable\n"
               "  -o, --output FILE  write to FILE (default: standard output)\n"
               "Failed runs are left out of the indicators and cohorts (see --what runs); a\n"
               "missing value is an empty field.\n");
}

/* A CSV field, quoted when it holds a comma, quote or line break. */
static void field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void num(FILE *f, double v)
{
    if (isfinite(v)) fprintf(f, "%.17g", v);
}

typedef struct ctx {
    const es_results *r;
    FILE *f;
    unsigned char *sel; /* [nind] */
} ctx;

/* The scenario's name without its design point ("S@3" -> "S", 3) in sweeps with axes. */
static void scen_point(const es_results *r, int s, char *name, size_t n, int *point)
{
    const char *nm = r->scen_names[s], *at = r->naxes ? strrchr(nm, '@') : NULL;
    *point = at ? atoi(at + 1) : -1;
    snprintf(name, n, "%.*s", at ? (int)(at - nm) : (int)strlen(nm), nm);
}

static void design_header(const es_results *r, FILE *f)
{
    if (!r->naxes) return;
    fputs(",point", f);
    for (int a = 0; a < r->naxes; a++) {
        fputc(',', f);
        field(f, r->axis_names[a]);
    }
}

/* ",point,v1,v2..." of a run (sweeps with axes only). */
static void design(const es_results *r, FILE *f, int run)
{
    if (!r->naxes) return;
    char nm[256];
    int p;
    scen_point(r, r->run_scen[run], nm, sizeof nm, &p);
    fprintf(f, ",%d", p);
    for (int a = 0; a < r->naxes; a++) {
        fputc(',', f);
        num(f, r->params[(size_t)run * r->naxes + a]);
    }
}

static void scen_field(const es_results *r, FILE *f, int s)
{
    char nm[256];
    int p;
    scen_point(r, s, nm, sizeof nm, &p);
    field(f, nm);
}

static void write_indicators(const ctx *c)
{
    const es_results *r = c->r;
    FILE *f = c->f;
    fputs("scenario", f);
    design_header(r, f);
    fputs(",replicate,run,year,region,indicator,subgroup,units,value\n", f);
    size_t block = (size_t)r->nruns * r->nyears * r->nregions;
    for (int run = 0; run < r->nruns; run++) {
        if (!r->run_ok[run]) continue;
        for (int y = 0; y < r->nyears; y++)
            for (int g = 0; g < r->nregions; g++)
                for (int k = 0; k < r->nind; k++) {
                    if (!c->sel[k]) continue;
                    scen_field(r, f, r->run_scen[run]);
                    design(r, f, run);
                    fprintf(f, ",%d,%d,%d,", r->run_rep[run], run, r->years[y]);
                    field(f, r->regions[g]);
                    fputc(',', f);
                    field(f, r->ind_name[k]);
                    fputc(',', f);
                    field(f, r->ind_sub[k]);
                    fputc(',', f);
                    field(f, r->ind_units[k]);
                    fputc(',', f);
                    num(f, r->values[(size_t)k * block + ((size_t)run * r->nyears + y) * r->nregions + g]);
                    fputc('\n', f);
                }
    }
}

static int first_run_of(const es_results *r, int s)
{
    for (int run = 0; run < r->nruns; run++)
        if (r->run_scen[run] == s) return run;
    return -1;
}

static int write_effects(const ctx *c, const char *path)
{
    const es_results *r = c->r;
    FILE *f = c->f;
    const char *bname = r->baseline[0] ? r->baseline : r->scen_names[0];
    int *base_of = malloc((size_t)r->nscen * sizeof *base_of);
    if (!base_of || es_sweep_pairing((const char *const *)r->scen_names, r->nscen, bname, base_of) != 0) {
        fprintf(stderr, "edusim export: the baseline '%s' is not among the scenarios of %s\n", bname, path);
        free(base_of);
        return 2;
    }
    es_effects e;
    es_status st = es_effects_compute_paired(r->values, r->nind, r->nruns, r->nyears, r->nregions, r->run_scen,
                                             r->run_rep, r->run_ok, r->nscen, base_of, &e);
    free(base_of);
    if (st != ES_OK) {
        fprintf(stderr, "edusim export: paired effects of %s: %s\n", path, es_status_str(st));
        return 1;
    }
    if (e.nscen == 0) {
        fprintf(stderr, "edusim export: %s holds only the baseline '%s' (%d run%s): no paired effects to export "
                        "(--what indicators has its values)\n", path, bname, r->nruns, r->nruns == 1 ? "" : "s");
        es_effects_free(&e);
        return 2;
    }
    fputs("scenario,baseline", f);
    design_header(r, f);
    fputs(",year,region,indicator,subgroup,units,mean_diff,se,ci_low,ci_high,n\n", f);
    for (int j = 0; j < e.nscen; j++) {
        int run = first_run_of(r, e.scen[j]);
        for (int y = 0; y < r->nyears; y++)
            for (int g = 0; g < r->nregions; g++)
                for (int k = 0; k < r->nind; k++) {
                    if (!c->sel[k]) continue;
                    const double *v = e.v + ((((size_t)k * e.nscen + j) * r->nyears + y) * r->nregions + g) * ES_N_EFFECT_STATS;
                    scen_field(r, f, e.scen[j]);
                    fputc(',', f);
                    scen_field(r, f, e.base[j]);
                    design(r, f, run);
                    fprintf(f, ",%d,", r->years[y]);
                    field(f, r->regions[g]);
                    fputc(',', f);
                    field(f, r->ind_name[k]);
                    fputc(',', f);
                    field(f, r->ind_sub[k]);
                    fputc(',', f);
                    field(f, r->ind_units[k]);
                    for (int q = ES_EF_MEAN; q <= ES_EF_HI; q++) {
                        fputc(',', f);
                        num(f, v[q]);
                    }
                    fprintf(f, ",%d\n", (int)v[ES_EF_N]);
                }
    }
    es_effects_free(&e);
    return 0;
}

static int col_index(const es_results_extra *x, const char *name)
{
    for (int j = 0; j < x->ncols; j++)
        if (!strcmp(x->col_name[j], name)) return j;
    return -1;
}

static int write_cohorts(const ctx *c, const es_results_extra *x, const char *path)
{
    const es_results *r = c->r;
    FILE *f = c->f;
    int jrun = col_index(x, "run"), jco = col_index(x, "cohort"), jsex = col_index(x, "sex"),
        jreg = col_index(x, "region");
    if (x->ncols == 0 || jrun < 0 || jco < 0 || jsex < 0 || jreg < 0) {
        fprintf(stderr, "edusim export: %s has no cohort table with run, cohort, sex and region columns\n", path);
        return 2;
    }
    static const char *const sex[] = {"female", "male", "both"};
    fputs("scenario", f);
    design_header(r, f);
    fputs(",replicate,run,cohort,sex,region,variable,units,value\n", f);
    for (int i = 0; i < r->ncohort_rows; i++) {
        const double *row = r->cohort_rows + (size_t)i * r->ncohort_cols;
        int run = (int)row[jrun], s = (int)row[jsex], g = (int)row[jreg];
        if (run < 0 || run >= r->nruns || !r->run_ok[run]) continue;
        for (int j = 0; j < x->ncols; j++) {
            if (j == jrun || j == jco || j == jsex || j == jreg) continue;
            scen_field(r, f, r->run_scen[run]);
            design(r, f, run);
            fprintf(f, ",%d,%d,%d,", r->run_rep[run], run, (int)row[jco]);
            if (s >= 0 && s <= 2) fputs(sex[s], f);
            else fprintf(f, "%d", s);
            fputc(',', f);
            if (g >= 0 && g < r->nregions) field(f, r->regions[g]);
            else fprintf(f, "%d", g);
            fputc(',', f);
            field(f, x->col_name[j]);
            fputc(',', f);
            field(f, x->col_units[j]);
            fputc(',', f);
            num(f, row[j]);
            fputc('\n', f);
        }
    }
    return 0;
}

static void write_runs(const ctx *c, const es_results_extra *x)
{
    const es_results *r = c->r;
    FILE *f = c->f;
    fputs("run,scenario", f);
    design_header(r, f);
    fputs(",replicate,seed,status,error\n", f);
    for (int run = 0; run < r->nruns; run++) {
        fprintf(f, "%d,", run);
        scen_field(r, f, r->run_scen[run]);
        design(r, f, run);
        fprintf(f, ",%d,%llu,%s,", r->run_rep[run], run < x->nruns ? (unsigned long long)x->run_seed[run] : 0ULL,
                r->run_status[run] == 0 ? "ok" : r->run_status[run] == 1 ? "failed" : "not run");
        field(f, r->run_error[run] ? r->run_error[run] : "");
        fputc('\n', f);
    }
}

/* Mark the requested indicators in sel; an unknown one is an error with the closest
 * name and where to find them all. */
static int select_indicators(const es_results *r, const char *const *want, int nwant, unsigned char *sel,
                             const char *path)
{
    memset(sel, nwant ? 0 : 1, (size_t)r->nind);
    char **full = calloc((size_t)r->nind, sizeof *full);
    if (!full) return 1;
    for (int k = 0; k < r->nind; k++) {
        full[k] = malloc(strlen(r->ind_name[k]) + strlen(r->ind_sub[k]) + 2);
        if (full[k]) sprintf(full[k], "%s/%s", r->ind_name[k], r->ind_sub[k]);
    }
    int rc = 0;
    for (int q = 0; q < nwant && !rc; q++) {
        int found = 0, whole = !strchr(want[q], '/');
        for (int k = 0; k < r->nind; k++)
            if (full[k] && (whole ? !strcmp(r->ind_name[k], want[q]) : !strcmp(full[k], want[q]))) sel[k] = found = 1;
        if (found) continue;
        const char *s = es_suggest(want[q], (const char *const *)(whole ? r->ind_name : full), r->nind);
        fprintf(stderr, "edusim export: --indicator: no indicator '%s' in %s", want[q], path);
        if (s) fprintf(stderr, " (did you mean '%s'?)", s);
        fprintf(stderr, "; it has %d, NAME/SUBGROUP as listed by `edusim info %s`\n", r->nind, path);
        rc = 2;
    }
    for (int k = 0; k < r->nind; k++) free(full[k]);
    free(full);
    return rc;
}

int es_cmd_export(int argc, char **argv)
{
    const char *path = NULL, *out = NULL, *inds[ES_MAX_SEL];
    int what = W_INDICATORS, ninds = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && more) out = argv[++i];
        else if (!strcmp(a, "--what") && more) {
            const char *w = argv[++i];
            what = -1;
            for (int k = 0; k < W_N; k++)
                if (!strcmp(w, what_names[k])) what = k;
            if (what < 0) {
                const char *s = es_suggest(w, what_names, W_N);
                fprintf(stderr, "edusim export: --what: '%s' is not a table%s%s%s (valid: indicators, effects, cohorts, runs)\n",
                        w, s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
                return 2;
            }
        } else if (!strcmp(a, "--indicator") && more) {
            if (ninds == ES_MAX_SEL) {
                fprintf(stderr, "edusim export: more than %d --indicator options\n", ES_MAX_SEL);
                return 2;
            }
            inds[ninds++] = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            static const char *const opts[] = {"--what", "--indicator", "-o", "--output", "--help", NULL};
            es_bad_option("export", a, opts);
            return 2;
        } else if (!path) path = a;
        else {
            fprintf(stderr, "edusim export: more than one results file ('%s' and '%s')\n", path, a);
            return 2;
        }
    }
    if (!path) {
        usage(stderr);
        return 2;
    }
    if (ninds && (what == W_COHORTS || what == W_RUNS)) {
        fprintf(stderr, "edusim export: --indicator goes with --what indicators or effects, not %s\n", what_names[what]);
        return 2;
    }
    es_diag d;
    es_diag_init(&d);
    es_results_extra x;
    es_results r;
    memset(&r, 0, sizeof r);
    /* The extra columns first: that open refuses incomplete files, which
     * es_results_load_partial (the reader with the cohort rows) would accept. */
    es_status st = es_results_extra_load(path, &x, &d);
    if (st == ES_OK)
        st = what == W_COHORTS ? es_results_load_partial(path, &r, &d) : es_results_load(path, &r, &d);
    if (st != ES_OK) {
        es_print_diag(&d);
        es_diag_free(&d);
        es_results_extra_free(&x);
        return es_exit_code(st);
    }
    int rc = 0;
    ctx c = {&r, stdout, calloc((size_t)(r.nind ? r.nind : 1), 1)};
    if (!c.sel) {
        fprintf(stderr, "edusim export: out of memory\n");
        rc = 1;
    } else rc = select_indicators(&r, inds, ninds, c.sel, path);
    /* Write OUT only once the arguments are known good, and not leave a partial one. */
    char tmp[4200];
    if (!rc && out) {
        snprintf(tmp, sizeof tmp, "%s.partial", out);
        if (!(c.f = fopen(tmp, "w"))) {
            fprintf(stderr, "edusim export: cannot write '%s': %s\n", tmp, strerror(errno));
            rc = 1;
        }
    }
    if (!rc) {
        switch (what) {
        case W_INDICATORS: write_indicators(&c); break;
        case W_EFFECTS: rc = write_effects(&c, path); break;
        case W_COHORTS: rc = write_cohorts(&c, &x, path); break;
        default: write_runs(&c, &x); break;
        }
        int bad = ferror(c.f) != 0;
        if (out) bad |= fclose(c.f) != 0;
        else bad |= fflush(stdout) != 0;
        if (bad && !rc) {
            fprintf(stderr, "edusim export: writing %s failed\n", out ? tmp : "standard output");
            rc = 1;
        }
        if (out && !rc && rename(tmp, out) != 0) {
            fprintf(stderr, "edusim export: cannot rename '%s' to '%s': %s\n", tmp, out, strerror(errno));
            rc = 1;
        }
        if (out && rc) remove(tmp);
    }
    free(c.sel);
    es_results_free(&r);
    es_results_extra_free(&x);
    es_diag_free(&d);
    return rc;
}
