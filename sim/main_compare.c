/* main_compare.c - `edusim compare`: paired effects of a sweep's scenarios against
 * their baselines. Every requested indicator, year and region is checked before any
 * row is printed, so a mistake is one message (with the closest valid choice and the
 * valid ones), not one per row, and a file with nothing to compare says so. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edusim/effects.h"
#include "edusim/sweep.h"
#include "main_cmds.h"

#define ES_MAX_ARGS 256

static int parse_indicator(const char *s, char *name, char *sub, size_t n)
{
    const char *slash = strchr(s, '/');
    if (!slash) return -1;
    snprintf(name, n, "%.*s", (int)(slash - s), s);
    snprintf(sub, n, "%s", slash + 1);
    return 0;
}

/* "a, b, c" of the first max names (and how many more) into buf. */
static void list_choices(char *buf, size_t n, const char *const *names, int count, int max)
{
    size_t o = 0;
    buf[0] = 0;
    for (int i = 0; i < count && i < max && o < n; i++) {
        int w = snprintf(buf + o, n - o, "%s%s", i ? ", " : "", names[i]);
        if (w > 0) o += (size_t)w;
    }
    if (count > max && o < n) snprintf(buf + o, n - o, " and %d more", count - max);
}

/* The index of "name/sub" in r, or -1 after one message saying what is valid: the
 * subgroups when the name exists, else the closest name/subgroup. */
static int find_indicator(const es_results *r, const char *q, const char *path)
{
    char name[256], sub[256];
    int named = parse_indicator(q, name, sub, sizeof name) == 0;
    for (int j = 0; named && j < r->nind; j++)
        if (!strcmp(r->ind_name[j], name) && !strcmp(r->ind_sub[j], sub)) return j;
    const char **subs = malloc((size_t)r->nind * sizeof *subs);
    char **full = calloc((size_t)r->nind, sizeof *full);
    int ns = 0;
    for (int j = 0; subs && full && j < r->nind; j++) {
        if (named && !strcmp(r->ind_name[j], name)) subs[ns++] = r->ind_sub[j];
        full[j] = malloc(strlen(r->ind_name[j]) + strlen(r->ind_sub[j]) + 2);
        if (full[j]) sprintf(full[j], "%s/%s", r->ind_name[j], r->ind_sub[j]);
    }
    char list[1024];
    if (!named)
        fprintf(stderr, "edusim compare: --indicator '%s' is not NAME/SUBGROUP (e.g. share_stem_he_intake/hbo)\n", q);
    else if (ns) {
        const char *s = es_suggest(sub, subs, ns);
        list_choices(list, sizeof list, subs, ns, 20);
        fprintf(stderr, "edusim compare: indicator '%s' has no subgroup '%s' in %s%s%s%s (valid: %s)\n", name, sub, path,
                s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "", list);
    } else {
        const char *s = full ? es_suggest(q, (const char *const *)full, r->nind) : NULL;
        fprintf(stderr, "edusim compare: no indicator '%s' in %s%s%s%s (valid: the %d NAME/SUBGROUP listed by `edusim info %s`)\n",
                q, path, s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "", r->nind, path);
    }
    for (int j = 0; full && j < r->nind; j++) free(full[j]);
    free(full);
    free(subs);
    return -1;
}

static int find_year(const es_results *r, int year, const char *path)
{
    for (int j = 0; j < r->nyears; j++)
        if (r->years[j] == year) return j;
    fprintf(stderr, "edusim compare: year %d is not in %s (valid: %d to %d)\n", year, path, r->years[0],
            r->years[r->nyears - 1]);
    return -1;
}

static int find_name(const char *const *names, int n, const char *what, const char *q, const char *path)
{
    for (int j = 0; j < n; j++)
        if (names[j] && !strcmp(names[j], q)) return j;
    const char *s = es_suggest(q, names, n);
    char list[1024];
    list_choices(list, sizeof list, names, n, 20);
    fprintf(stderr, "edusim compare: %s '%s' is not in %s%s%s%s (valid: %s)\n", what, q, path, s ? " (did you mean '" : "",
            s ? s : "", s ? "'?)" : "", list);
    return -1;
}

int es_cmd_compare(int argc, char **argv)
{
    const char *path = NULL, *baseline = NULL, *region = "national", *inds[ES_MAX_ARGS];
    int ninds = 0, nyears = 0, csv = 0, years[ES_MAX_ARGS];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            printf("usage: edusim compare RESULTS.h5 [--baseline NAME] [--indicator NAME/SUBGROUP]...\n"
                   "                      [--year Y]... [--region NAME] [--csv]\n"
                   "Paired effects of each scenario against the baseline over replicates: mean\n"
                   "difference, standard error and 95 %% confidence interval (Student t).\n"
                   "Defaults: the sweep's baseline, the headline indicators, the last year, national.\n"
                   "A file of one scenario (e.g. of edusim run) has nothing to compare: exit 2.\n");
            return 0;
        } else if (!strcmp(a, "--baseline") && more) baseline = argv[++i];
        else if (!strcmp(a, "--indicator") && more && ninds < ES_MAX_ARGS) inds[ninds++] = argv[++i];
        else if (!strcmp(a, "--year") && more && nyears < ES_MAX_ARGS) {
            long y;
            if (es_parse_long(argv[++i], 1900, 2200, &y)) {
                fprintf(stderr, "edusim compare: --year: '%s' is not a school year (valid: 1900 to 2200)\n", argv[i]);
                return 2;
            }
            years[nyears++] = (int)y;
        } else if (!strcmp(a, "--region") && more) region = argv[++i];
        else if (!strcmp(a, "--csv")) csv = 1;
        else if (a[0] == '-' && a[1]) {
            static const char *const opts[] = {"--baseline", "--indicator", "--year", "--region", "--csv", "--help",
                                               NULL};
            es_bad_option("compare", a, opts);
            return 2;
        } else if (!path) path = a;
        else {
            fprintf(stderr, "edusim compare: more than one results file\n");
            return 2;
        }
    }
    if (!path) {
        fprintf(stderr, "edusim compare: no results file (see edusim compare --help)\n");
        return 2;
    }
    es_diag d;
    es_diag_init(&d);
    es_results r;
    es_status st = es_results_load(path, &r, &d);
    if (st != ES_OK) {
        es_print_diag(&d);
        es_diag_free(&d);
        return es_exit_code(st);
    }
    static const char *const headline[] = {"share_n_profile_y4/havo", "share_n_profile_y4/vwo",
                                           "share_stem_teacher_training_intake/vo_programmes",
                                           "n_companies_in_partnerships/all", "share_stem_he_intake/hbo",
                                           "share_stem_he_intake/wo", "share_tech_vmbo_y3/bb+kb+gl"};
    int rc = 2, reg = -1, ki[ES_MAX_ARGS], yi[ES_MAX_ARGS], bad = 0;
    const char *bname = baseline ? baseline : r.baseline[0] ? r.baseline : r.scen_names[0];
    int *base_of = malloc((size_t)r.nscen * sizeof *base_of);
    es_effects e;
    memset(&e, 0, sizeof e);
    if (!base_of) {
        fprintf(stderr, "edusim compare: out of memory\n");
        rc = 1;
        goto end;
    }
    if (r.nscen < 2) {
        fprintf(stderr, "edusim compare: %s holds %d run%s of the one scenario '%s': nothing to compare (compare needs a "
                        "sweep with a baseline and another scenario; edusim export or info show a single run)\n",
                path, r.nruns, r.nruns == 1 ? "" : "s", r.scen_names[0]);
        goto end;
    }
    if (es_sweep_pairing((const char *const *)r.scen_names, r.nscen, bname, base_of) != 0) {
        /* The choices as the sweep file names them: "base", not "base@0", "base@1"... */
        const char **names = malloc((size_t)r.nscen * sizeof *names);
        char (*plain)[ES_SWEEP_NAME_LEN] = malloc((size_t)r.nscen * sizeof *plain);
        int n = 0;
        for (int j = 0; names && plain && j < r.nscen; j++) {
            snprintf(plain[n], sizeof plain[n], "%.*s", (int)strcspn(r.scen_names[j], "@"), r.scen_names[j]);
            int dup = 0;
            for (int k = 0; k < n; k++) dup |= !strcmp(plain[k], plain[n]);
            if (!dup) names[n] = plain[n], n++;
        }
        if (names && plain) find_name(names, n, "baseline", bname, path);
        free(names);
        free(plain);
        goto end;
    }
    reg = find_name((const char *const *)r.regions, r.nregions, "region", region, path);
    bad = reg < 0;
    if (!ninds)
        for (size_t k = 0; k < sizeof headline / sizeof headline[0]; k++) inds[ninds++] = headline[k];
    if (!nyears) years[nyears++] = r.years[r.nyears - 1];
    for (int q = 0; q < ninds; q++) bad |= (ki[q] = find_indicator(&r, inds[q], path)) < 0;
    for (int q = 0; q < nyears; q++) bad |= (yi[q] = find_year(&r, years[q], path)) < 0;
    if (bad) goto end;
    st = es_effects_compute_paired(r.values, r.nind, r.nruns, r.nyears, r.nregions, r.run_scen, r.run_rep, r.run_ok,
                                   r.nscen, base_of, &e);
    if (st != ES_OK) {
        fprintf(stderr, "edusim compare: %s\n", es_status_str(st));
        rc = 1;
        goto end;
    }
    if (e.nscen == 0) {
        fprintf(stderr, "edusim compare: every scenario of %s is a baseline ('%s' at each design point): nothing to compare\n",
                path, bname);
        goto end;
    }
    rc = 0;
    if (csv) printf("scenario,baseline,indicator,subgroup,units,year,region,mean_diff,se,ci_low,ci_high,n\n");
    else
        printf("paired effects against '%s' (%s), 95 %% CI, region %s\n\n%-20s %-52s %5s %12s %10s %25s %4s\n", bname,
               path, region, "scenario", "indicator", "year", "effect", "se", "95 % CI", "n");
    for (int q = 0; q < ninds; q++)
        for (int yq = 0; yq < nyears; yq++)
            for (int j = 0; j < e.nscen; j++) {
                int k = ki[q], y = yi[yq];
                const double *v = e.v + ((((size_t)k * e.nscen + j) * r.nyears + y) * r.nregions + reg) * ES_N_EFFECT_STATS;
                if (csv)
                    printf("%s,%s,%s,%s,%s,%d,%s,%.17g,%.17g,%.17g,%.17g,%d\n", r.scen_names[e.scen[j]], r.scen_names[e.base[j]],
                           r.ind_name[k], r.ind_sub[k], r.ind_units[k], r.years[y], region, v[ES_EF_MEAN],
                           v[ES_EF_SE], v[ES_EF_LO], v[ES_EF_HI], (int)v[ES_EF_N]);
                else {
                    char lab[600], ci[64];
                    snprintf(lab, sizeof lab, "%s/%s (%s)", r.ind_name[k], r.ind_sub[k], r.ind_units[k]);
                    snprintf(ci, sizeof ci, "[%.4g, %.4g]", v[ES_EF_LO], v[ES_EF_HI]);
                    printf("%-20s %-52s %5d %12.4g %10.3g %25s %4d\n", r.scen_names[e.scen[j]], lab, r.years[y],
                           v[ES_EF_MEAN], v[ES_EF_SE], ci, (int)v[ES_EF_N]);
                }
            }
end:
    es_effects_free(&e);
    free(base_of);
    es_results_free(&r);
    es_diag_free(&d);
    return rc;
}
