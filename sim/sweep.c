/* sweep.c - reading sweep files and running scenarios x replicates into one file. */
#include "edusim/sweep.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "edusim/indicators.h"
#include "edusim/sim.h"

#define ES_MAX_SETS 128

static void dir_of(const char *path, char *dir, size_t n)
{
    snprintf(dir, n, "%s", path);
    char *s = strrchr(dir, '/');
    if (s) s[1] = 0;
    else dir[0] = 0;
}

/* Read a list of "key=value" strings at key into sets[]; returns the count. */
static int read_sets(es_cfg *c, const char *key, const char **sets, int at, es_status *st)
{
    if (!es_cfg_has(c, key)) return at;
    int n = es_cfg_seq_len(c, key);
    for (int j = 0; j < n && at < ES_MAX_SETS; j++) {
        char k[160];
        snprintf(k, sizeof k, "%s.%d", key, j);
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

es_status es_sweep_load(const char *path, const char *const *cmdsets, int ncmd, es_sweep *sw, es_diag *d)
{
    memset(sw, 0, sizeof *sw);
    es_cfg_limits lim = es_cfg_default_limits();
    es_cfg *c = NULL;
    es_status st = es_cfg_load_file(path, &lim, &c, d);
    if (st != ES_OK) return st;
    const char *s = "sweep";
    if (es_cfg_get_string(c, "name", "sweep", 63, &s) != ES_OK) st = ES_ERR_INPUT;
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
    if (n <= 0 || n > ES_MAX_SWEEP_SCENARIOS) {
        es_cfg_error(c, "scenarios", "%d scenarios (valid: 1 to %d)", n < 0 ? 0 : n, ES_MAX_SWEEP_SCENARIOS);
        st = ES_ERR_INPUT;
        n = n < 0 ? 0 : n > ES_MAX_SWEEP_SCENARIOS ? ES_MAX_SWEEP_SCENARIOS : n;
    }
    sw->nscen = n;
    char dir[1024];
    dir_of(path, dir, sizeof dir);
    const char *files[ES_MAX_SWEEP_SCENARIOS];
    int nsets[ES_MAX_SWEEP_SCENARIOS];
    const char *ssets[ES_MAX_SWEEP_SCENARIOS][ES_MAX_SETS];
    for (int i = 0; i < n; i++) {
        char k[128];
        snprintf(k, sizeof k, "scenarios.%d.name", i);
        char def[32];
        snprintf(def, sizeof def, "scenario%d", i);
        const char *nm = def;
        if (es_cfg_get_string(c, k, def, 63, &nm) != ES_OK) st = ES_ERR_INPUT;
        snprintf(sw->scen_name[i], sizeof sw->scen_name[i], "%s", nm);
        for (int j = 0; j < i; j++)
            if (!strcmp(sw->scen_name[j], sw->scen_name[i])) {
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
    const char *base = n > 0 ? sw->scen_name[0] : "";
    if (es_cfg_get_string(c, "baseline", base, 63, &base) != ES_OK) st = ES_ERR_INPUT;
    sw->baseline = -1;
    for (int i = 0; i < n; i++)
        if (!strcmp(sw->scen_name[i], base)) sw->baseline = i;
    if (n > 0 && sw->baseline < 0) {
        es_cfg_error(c, "baseline", "'%s' is not a scenario of this sweep (valid: a name from scenarios)", base);
        st = ES_ERR_INPUT;
    }
    es_cfg_check_unknown(c);
    const es_diag *cd = es_cfg_diag(c);
    for (int i = 0; i < cd->n; i++) es_diag_add(d, "%s", cd->msg[i]);
    if (es_cfg_error_count(c) > 0) st = ES_ERR_INPUT;
    /* Each scenario: its file (relative to the sweep file; empty: the embedded
     * default), global and own overrides, then the command line's. */
    for (int i = 0; i < n && st == ES_OK; i++) {
        char full[4200];
        if (files[i][0] && files[i][0] != '/') snprintf(full, sizeof full, "%s%s", dir, files[i]);
        else snprintf(full, sizeof full, "%s", files[i]);
        for (int j = 0; j < ncmd && nsets[i] < ES_MAX_SETS; j++) ssets[i][nsets[i]++] = cmdsets[j];
        es_status s2 = es_scenario_load(files[i][0] ? full : NULL, ssets[i], nsets[i], &sw->scen[i], d);
        if (s2 != ES_OK) {
            es_diag_add(d, "%s: scenario '%s' of the sweep is invalid", path, sw->scen_name[i]);
            st = s2;
        }
    }
    if (st == ES_OK) {
        const es_params *a = &sw->scen[0].par;
        for (int i = 1; i < n; i++) {
            const es_params *b = &sw->scen[i].par;
            int same = a->start_year == b->start_year && a->end_year == b->end_year && a->nregions == b->nregions;
            for (int r = 0; same && r < a->nregions; r++) same = !strcmp(a->region[r].name, b->region[r].name);
            if (!same) {
                es_diag_add(d, "%s: scenario '%s' has other years or regions than '%s' (valid: the same years and regions in every scenario)",
                            path, sw->scen_name[i], sw->scen_name[0]);
                st = ES_ERR_INPUT;
            }
        }
    }
    if (st == ES_OK) sw->resolved_yaml = es_cfg_resolved_yaml(c);
    es_cfg_free(c);
    return st;
}

void es_sweep_free(es_sweep *sw)
{
    if (!sw) return;
    for (int i = 0; i < sw->nscen; i++) es_scenario_free(&sw->scen[i]);
    free(sw->resolved_yaml);
    sw->resolved_yaml = NULL;
}

/* Write run `run` kept from an earlier, interrupted sweep (values and cohort rows as
 * they were written then). */
static es_status write_kept(es_output *f, const es_sweep *sw, const es_results *prev, const int *map, int run,
                            double *buf, double *all, size_t cells, int nind, int nruns, int *rs, int *rr, int *ok)
{
    int s = run / sw->replicates, rep = run % sw->replicates;
    for (int k = 0; k < nind; k++)
        for (size_t c = 0; c < cells; c++) {
            double v = prev->values[((size_t)map[k] * nruns + run) * cells + c];
            buf[(size_t)k * cells + c] = v;
            all[((size_t)k * nruns + run) * cells + c] = v;
        }
    int nrow = 0, first = -1;
    for (int q = 0; q < prev->ncohort_rows; q++)
        if ((int)prev->cohort_rows[(size_t)q * prev->ncohort_cols] == run) {
            if (first < 0) first = q;
            nrow++;
        }
    rs[run] = s;
    rr[run] = rep;
    ok[run] = 1;
    es_run_info info = {run, sw->scen_name[s], rep, sw->seed + (uint64_t)rep, 0, ""};
    return es_output_write_run(f, &info, buf, nrow, nrow ? prev->cohort_rows + (size_t)first * prev->ncohort_cols : NULL);
}

/* Check that an interrupted file belongs to this sweep before keeping its runs. */
static es_status check_prev(const es_sweep *sw, const es_results *prev, int nruns, int nind, int ny, int nrt,
                            const char *path, int *map, es_diag *d)
{
    /* The file lists indicators by name; the program by its table: map one to the other. */
    const es_indicator *tab = es_indicators();
    for (int k = 0; k < nind && k < prev->nind; k++) {
        map[k] = -1;
        for (int j = 0; j < prev->nind; j++)
            if (!strcmp(prev->ind_name[j], tab[k].desc.name) && !strcmp(prev->ind_sub[j], tab[k].desc.subgroup)) map[k] = j;
        if (map[k] < 0) {
            es_diag_add(d, "'%s' lacks indicator %s/%s of this program; it was left as it is", path,
                        tab[k].desc.name, tab[k].desc.subgroup);
            return ES_ERR_INPUT;
        }
    }
    if (prev->nruns != nruns || prev->nind != nind || prev->nyears != ny || prev->nregions != nrt ||
        (prev->ncohort_rows > 0 && prev->ncohort_cols != ES_N_COHORT_COLS)) {
        es_diag_add(d, "'%s' has another layout than this sweep (%d runs, %d indicators); it was left as it is",
                    path, prev->nruns, prev->nind);
        return ES_ERR_INPUT;
    }
    for (int run = 0; run < nruns; run++) {
        if (prev->run_status[run] != 0) continue;
        int s = run / sw->replicates;
        if (strcmp(prev->scen_names[prev->run_scen[run]], sw->scen_name[s]) != 0 ||
            prev->run_rep[run] != run % sw->replicates) {
            es_diag_add(d, "'%s': run %d is '%s' replicate %d, not '%s' replicate %d of this sweep; it was left as it is",
                        path, run, prev->scen_names[prev->run_scen[run]], prev->run_rep[run], sw->scen_name[s],
                        run % sw->replicates);
            return ES_ERR_INPUT;
        }
    }
    return ES_OK;
}

es_status es_sweep_run(const es_sweep *sw, const es_sweep_opts *o, const char *out, es_diag *d)
{
    const es_params *p0 = &sw->scen[0].par;
    int nruns = sw->nscen * sw->replicates, threads = o->threads > 0 ? o->threads : 1;
    int nind = es_indicators_count(), ny = p0->end_year - p0->start_year + 1, nrt = p0->nregions + 1;
    size_t cells = (size_t)ny * nrt;
    char part[4200], kept[4300];
    snprintf(part, sizeof part, "%s.partial", out);
    snprintf(kept, sizeof kept, "%s.partial.resume", out);
    es_results prev;
    memset(&prev, 0, sizeof prev);
    int have_prev = 0, done_new = 0;
    int *map = calloc((size_t)nind, sizeof *map);
    if (!map) return ES_ERR_NOMEM;
    if (o->resume) {
        FILE *t = fopen(part, "rb");
        if (t) {
            fclose(t);
            es_status s1 = es_results_load_partial(part, &prev, d);
            if (s1 == ES_OK) s1 = check_prev(sw, &prev, nruns, nind, ny, nrt, part, map, d);
            if (s1 != ES_OK) { es_results_free(&prev); free(map); return s1; }
            if (rename(part, kept) != 0) {
                es_diag_add(d, "cannot move '%s' aside to resume", part);
                es_results_free(&prev);
                free(map);
                return ES_ERR_IO;
            }
            have_prev = 1;
        } else if ((t = fopen(out, "rb")) != NULL) {
            fclose(t);
            es_diag_add(d, "'%s' is complete: nothing to resume", out);
            free(map);
            return ES_OK;
        }
    }
    /* Runs to compute: all, less those kept from the interrupted sweep. */
    int *todo = malloc((size_t)nruns * sizeof *todo), ntodo = 0;
    if (!todo) { es_results_free(&prev); free(map); return ES_ERR_NOMEM; }
    for (int run = 0; run < nruns; run++)
        if (!(have_prev && prev.run_status[run] == 0)) todo[ntodo++] = run;
    /* Runs side by side when there are enough of them, else threads inside a run. */
    int batch = ntodo >= threads ? threads : 1, inner = ntodo >= threads ? 1 : threads;
    es_ind_desc *descs = malloc((size_t)nind * sizeof *descs);
    int32_t *years = malloc((size_t)ny * sizeof *years);
    const char **regions = malloc((size_t)nrt * sizeof *regions);
    double *all = malloc((size_t)nind * nruns * cells * sizeof *all), *buf = malloc((size_t)nind * cells * sizeof *buf);
    int *rs = calloc((size_t)nruns, sizeof *rs), *rr = calloc((size_t)nruns, sizeof *rr), *ok = calloc((size_t)nruns, sizeof *ok);
    es_run_result *res = calloc((size_t)batch, sizeof *res);
    es_status *bst = calloc((size_t)batch, sizeof *bst);
    es_diag *bd = calloc((size_t)batch, sizeof *bd);
    es_output *f = NULL;
    es_status st = ES_OK;
    int next = 0; /* next run index to write */
    if (!descs || !years || !regions || !all || !buf || !rs || !rr || !ok || !res || !bst || !bd) { st = ES_ERR_NOMEM; goto end; }
    es_indicator_descs(descs);
    for (int y = 0; y < ny; y++) years[y] = p0->start_year + y;
    for (int r = 0; r < p0->nregions; r++) regions[r] = p0->region[r].name;
    regions[nrt - 1] = "national";
    es_layout lay = {nind, descs, ny, years, nrt, regions, nruns, ES_N_COHORT_COLS, es_cohort_columns()};
    es_provenance prov = {o->version, o->git_revision, o->compiler, o->flags, o->command_line, threads, sw->seed};
    if ((st = es_output_create(out, &lay, &prov, &f, d)) != ES_OK) goto end;
    for (int s = 0; s < sw->nscen && st == ES_OK; s++)
        st = es_output_add_scenario(f, sw->scen_name[s], sw->scen[s].resolved_yaml);
    if (st == ES_OK) st = es_output_add_sweep(f, sw->name, sw->scen_name[sw->baseline], sw->resolved_yaml);
    if (st != ES_OK) { es_diag_add(d, "%s", es_output_last_error(f)); goto end; }
    for (int b0 = 0; b0 < ntodo; b0 += batch) {
        if ((o->stop && *o->stop) || (o->stop_after > 0 && done_new >= o->stop_after)) {
            st = ES_ERR_INTERRUPTED;
            es_diag_add(d, "interrupted with %d of %d runs finished; `--resume` continues %s", next, nruns, part);
            goto end;
        }
        int nb = b0 + batch <= ntodo ? batch : ntodo - b0;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(batch)
#endif
        for (int k = 0; k < nb; k++) {
            int run = todo[b0 + k], s = run / sw->replicates, rep = run % sw->replicates;
            es_params p = sw->scen[s].par;
            p.seed = sw->seed + (uint64_t)rep;
            es_run_opts ro = {inner, o->stop, NULL, NULL};
            es_diag_init(&bd[k]);
            bst[k] = es_sim_run(&p, &ro, &res[k], &bd[k]);
        }
        /* Written in run order from this thread (kept runs first where they come
         * earlier): the file does not depend on threads or on interruptions. */
        for (int k = 0; k < nb && st == ES_OK; k++) {
            int run = todo[b0 + k], s = run / sw->replicates, rep = run % sw->replicates;
            while (st == ES_OK && next < run)
                st = write_kept(f, sw, &prev, map, next++, buf, all, cells, nind, nruns, rs, rr, ok);
            if (st != ES_OK) break;
            rs[run] = s;
            rr[run] = rep;
            ok[run] = bst[k] == ES_OK;
            char err[512] = "";
            if (!ok[run]) snprintf(err, sizeof err, "%s", bd[k].n ? bd[k].msg[0] : es_status_str(bst[k]));
            es_run_info info = {run, sw->scen_name[s], rep, sw->seed + (uint64_t)rep, ok[run] ? 0 : 1, err};
            /* cohort rows carry the run index */
            for (int q = 0; ok[run] && q < res[k].ncohort_rows; q++) res[k].cohort_rows[(size_t)q * ES_N_COHORT_COLS] = run;
            if (bst[k] == ES_ERR_INTERRUPTED) st = ES_ERR_INTERRUPTED;
            else st = es_output_write_run(f, &info, ok[run] ? res[k].values : NULL, ok[run] ? res[k].ncohort_rows : 0,
                                          ok[run] ? res[k].cohort_rows : NULL);
            for (int ind = 0; ind < nind; ind++)
                for (size_t c = 0; c < cells; c++)
                    all[((size_t)ind * nruns + run) * cells + c] =
                        ok[run] ? res[k].values[(size_t)ind * cells + c] : NAN;
            next = run + 1;
            done_new++;
        }
        for (int k = 0; k < nb; k++) {
            es_run_result_free(&res[k]);
            es_diag_free(&bd[k]);
        }
        if (st != ES_OK) {
            if (st == ES_ERR_INTERRUPTED) es_diag_add(d, "interrupted; `--resume` continues %s", part);
            else es_diag_add(d, "%s", es_output_last_error(f));
            goto end;
        }
        if (o->progress) o->progress(o->progress_ctx, next, nruns, 0);
    }
    while (st == ES_OK && next < nruns) st = write_kept(f, sw, &prev, map, next++, buf, all, cells, nind, nruns, rs, rr, ok);
    if (st != ES_OK) { es_diag_add(d, "%s", es_output_last_error(f)); goto end; }
    es_effects ef;
    if ((st = es_effects_compute(all, nind, nruns, ny, nrt, rs, rr, ok, sw->nscen, sw->baseline, &ef)) != ES_OK) goto end;
    const char *names[ES_MAX_SWEEP_SCENARIOS];
    for (int j = 0; j < ef.nscen; j++) names[j] = sw->scen_name[ef.scen[j]];
    st = es_output_write_effects(f, &ef, names, sw->scen_name[sw->baseline]);
    es_effects_free(&ef);
    if (st != ES_OK) { es_diag_add(d, "%s", es_output_last_error(f)); goto end; }
    st = es_output_finish(f, d);
    f = NULL;
    if (st == ES_OK && have_prev) remove(kept);
end:
    if (st == ES_ERR_INTERRUPTED && f && have_prev) {
        /* Interrupted again: the new .partial gets every run finished so far (the kept
         * ones after `next` too), so nothing finished is ever lost. */
        es_status s2 = ES_OK;
        for (int run = next; run < nruns && s2 == ES_OK; run++)
            if (prev.run_status[run] == 0) s2 = write_kept(f, sw, &prev, map, run, buf, all, cells, nind, nruns, rs, rr, ok);
        if (s2 == ES_OK) remove(kept);
    } else if (st != ES_OK && have_prev && !f) {
        rename(kept, part);
    }
    es_output_abort(f);
    es_results_free(&prev);
    free(map); free(todo); free(descs); free(years); free(regions); free(all); free(buf); free(rs); free(rr); free(ok);
    free(res); free(bst); free(bd);
    return st;
}
