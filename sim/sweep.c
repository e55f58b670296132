/* sweep.c - running a sweep's runs into one results file, keeping the finished runs
 * of earlier files (resume, retry, more replicates, shards, MPI ranks).
 *
 * Every run's result depends only on its scenario and seed, and runs are written in
 * run order, so a file is the same whether its runs were computed here, on other
 * threads, in shards or on other ranks, before or after an interruption. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "edusim/indicators.h"
#include "edusim/sim.h"
#include "edusim/sweep.h"
#include "edusim/world.h"
#include "output_internal.h"

/* Earlier results files and where each run of this sweep can be found in them. */
typedef struct sources {
    int n, cap;
    es_results *r;
    char **path;
    int **map;        /* [n][nind] indicator of the file for the program's indicator k */
    int **row0, **nrow; /* [n][file runs] cohort rows of each run */
    int *src, *srun;  /* [nruns] source and its run index, -1 when no source has it */
} sources;

static void sources_free(sources *s)
{
    for (int i = 0; i < s->n; i++) {
        es_results_free(&s->r[i]);
        free(s->path[i]);
        free(s->map[i]);
        free(s->row0[i]);
        free(s->nrow[i]);
    }
    free(s->r); free(s->path); free(s->map); free(s->row0); free(s->nrow); free(s->src); free(s->srun);
    memset(s, 0, sizeof *s);
}

static int exists(const char *p)
{
    FILE *f = fopen(p, "rb");
    if (f) fclose(f);
    return f != NULL;
}

/* Whether run `run` of r holds the values its checksum was made of (fletcher32 of the
 * chunks and the CRC-32 of /runs); 1 yes, 0 no. */
static int run_verifies(const es_results *r, const int *order, int run, double *buf)
{
    size_t cells = (size_t)r->nyears * r->nregions;
    uint32_t c = 0;
    for (int j = 0; j < r->nind; j++) {
        if (es_results_read_run(r, order[j], run, buf) != ES_OK) return 0;
        c = es_crc32(c, buf, cells * sizeof *buf);
    }
    return c == r->run_crc[run];
}

/* Add the file's finished runs that this sweep lacks so far; refuse a file of another
 * sweep (other scenarios, seed, years, regions or indicators), leaving it as it is. */
static es_status add_source(const es_sweep *sw, const es_sweep_opts *o, sources *s, const char *path, es_diag *d)
{
    if (s->n == s->cap) {
        int cap = s->cap ? 2 * s->cap : 4;
        es_results *r = realloc(s->r, (size_t)cap * sizeof *r);
        if (r) s->r = r;
        char **p = realloc(s->path, (size_t)cap * sizeof *p);
        if (p) s->path = p;
        int **m = realloc(s->map, (size_t)cap * sizeof *m);
        if (m) s->map = m;
        int **a = realloc(s->row0, (size_t)cap * sizeof *a);
        if (a) s->row0 = a;
        int **b = realloc(s->nrow, (size_t)cap * sizeof *b);
        if (b) s->nrow = b;
        if (!r || !p || !m || !a || !b) return ES_ERR_NOMEM;
        s->cap = cap;
    }
    es_results *r = &s->r[s->n];
    es_status st = es_results_open(path, r, d);
    if (st != ES_OK) return st;
    int nind = sw->ind.n, k = s->n;
    s->path[k] = malloc(strlen(path) + 1);
    s->map[k] = malloc((size_t)nind * sizeof **s->map);
    s->row0[k] = malloc((size_t)(r->nruns ? r->nruns : 1) * sizeof **s->row0);
    s->nrow[k] = calloc((size_t)(r->nruns ? r->nruns : 1), sizeof **s->nrow);
    s->n++;
    if (!s->path[k] || !s->map[k] || !s->row0[k] || !s->nrow[k]) return ES_ERR_NOMEM;
    strcpy(s->path[k], path);
    es_ind_desc *tab = malloc((size_t)nind * sizeof *tab);
    if (!tab) return ES_ERR_NOMEM;
    es_indset_descs(&sw->ind, tab);
    for (int i = 0; i < nind; i++) {
        s->map[k][i] = -1;
        for (int j = 0; j < r->nind; j++)
            if (!strcmp(r->ind_name[j], tab[i].name) && !strcmp(r->ind_sub[j], tab[i].subgroup)) s->map[k][i] = j;
        if (s->map[k][i] < 0) {
            es_diag_add(d, "'%s' lacks indicator %s/%s of this program; it was left as it is", path, tab[i].name,
                        tab[i].subgroup);
            free(tab);
            return ES_ERR_INPUT;
        }
    }
    free(tab);
    int same = r->nyears == sw->nyears && r->nregions == sw->nregions && r->seed == sw->seed &&
               (r->ncohort_rows == 0 || r->ncohort_cols == ES_N_COHORT_COLS);
    for (int y = 0; same && y < r->nyears; y++) same = r->years[y] == sw->first_year + y;
    for (int g = 0; same && g < r->nregions; g++) same = r->regions[g] && !strcmp(r->regions[g], sw->region[g]);
    if (!same) {
        es_diag_add(d, "'%s' belongs to another sweep (other seed, years, regions or cohort columns); it was left as it is", path);
        return ES_ERR_INPUT;
    }
    /* The file's scenarios as this sweep's, compared by their resolved YAML. */
    int *vmap = malloc((size_t)(r->nscen ? r->nscen : 1) * sizeof *vmap);
    if (!vmap) return ES_ERR_NOMEM;
    for (int j = 0; j < r->nscen; j++) {
        vmap[j] = -1;
        for (int v = 0; v < sw->nscen; v++)
            if (!strcmp(r->scen_names[j], sw->scen_name[v])) vmap[j] = v;
        int v = vmap[j];
        if (v >= 0 && r->scen_yaml[j] && strcmp(r->scen_yaml[j], sw->scen_yaml[v]) != 0) {
            es_diag_add(d, "'%s': scenario '%s' differs from the one of this sweep; it was left as it is", path, r->scen_names[j]);
            free(vmap);
            return ES_ERR_INPUT;
        }
    }
    for (int q = 0; q < r->ncohort_rows; q++) {
        double rv = r->cohort_rows[(size_t)q * r->ncohort_cols];
        if (!(rv >= 0 && rv < r->nruns)) continue; /* also NaN: no cast out of range */
        int run = (int)rv;
        if (s->nrow[k][run]++ == 0) s->row0[k][run] = q;
        else if (s->row0[k][run] + s->nrow[k][run] - 1 != q) {
            es_diag_add(d, "'%s': the cohort rows of run %d are not together; it was left as it is", path, run);
            free(vmap);
            return ES_ERR_INPUT;
        }
    }
    /* A finished run is kept only when it verifies: a full disk can leave a run marked
     * ok whose values never reached the file (NaN everywhere), and a flipped bit a
     * number that is wrong. */
    int *order = malloc((size_t)(r->nind ? r->nind : 1) * sizeof *order);
    size_t vcells = (size_t)r->nyears * r->nregions;
    double *vb = malloc((vcells ? vcells : 1) * sizeof *vb);
    if (!order || !vb) {
        free(order);
        free(vb);
        free(vmap);
        return ES_ERR_NOMEM;
    }
    es_ind_order_names(r->ind_name, r->ind_sub, r->nind, order);
    int nbad = 0, firstbad = -1;
    es_status vst = ES_OK;
    for (int run = 0; run < r->nruns && vst == ES_OK; run++) {
        int stt = r->run_status[run];
        if (stt != 0 && !(stt == 1 && !o->retry_failed)) continue;
        if (!run_verifies(r, order, run, vb)) {
            if (o->mode == ES_SWEEP_MERGE) {
                es_diag_add(d, "'%s': run %d does not verify (its values do not match its checksum: a damaged file, or "
                               "a write that never reached the disk); it was left as it is",
                            path, run);
                vst = ES_ERR_INPUT;
            } else if (nbad++ == 0) {
                firstbad = run;
            }
            continue;
        }
        int v = vmap[r->run_scen[run]], rep = r->run_rep[run];
        if (v < 0 || rep >= sw->replicates) {
            es_diag_add(d, "'%s': run %d is '%s' replicate %d, which this sweep does not have; it was left as it is", path,
                        run, r->scen_names[r->run_scen[run]], rep);
            vst = ES_ERR_INPUT;
            break;
        }
        int target = v * sw->replicates + rep;
        if (s->src[target] < 0) {
            s->src[target] = k;
            s->srun[target] = run;
        } else {
            /* the same run in two files: kept once, and only when both say the same */
            const es_results *r0 = &s->r[s->src[target]];
            int r0run = s->srun[target];
            if (r0->run_status[r0run] != stt || r0->run_crc[r0run] != r->run_crc[run]) {
                es_diag_add(d, "'%s' and '%s' both hold run %d ('%s' replicate %d) with different %s; they were left "
                               "as they are",
                            s->path[s->src[target]], path, target, sw->scen_name[v], rep,
                            r0->run_status[r0run] != stt ? "status" : "values");
                vst = ES_ERR_INPUT;
            }
        }
    }
    if (vst == ES_OK && nbad)
        es_diag_add(d, "note: %d finished run%s of '%s' do%s not verify (the first: run %d); run%s again", nbad,
                    nbad == 1 ? "" : "s", path, nbad == 1 ? "es" : "", firstbad, nbad == 1 ? " it" : " them");
    free(order);
    free(vb);
    free(vmap);
    return vst;
}

/* OUT.rankK.partial files that an interrupted MPI sweep left beside OUT. */
static es_status add_rank_files(const es_sweep *sw, const es_sweep_opts *o, sources *s, const char *out, es_diag *d)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s", out);
    char *slash = strrchr(dir, '/');
    const char *base = slash ? slash + 1 : out;
    if (slash) slash[1] = 0;
    else snprintf(dir, sizeof dir, "./");
    char prefix[4200];
    snprintf(prefix, sizeof prefix, "%s.rank", base);
    DIR *dd = opendir(dir);
    if (!dd) return ES_OK;
    es_status st = ES_OK;
    struct dirent *e;
    while (st == ES_OK && (e = readdir(dd)) != NULL) {
        size_t n = strlen(e->d_name), pn = strlen(prefix);
        if (n > pn + 8 && !strncmp(e->d_name, prefix, pn) && !strcmp(e->d_name + n - 8, ".partial")) {
            char p[8400];
            snprintf(p, sizeof p, "%s%s", dir, e->d_name);
            st = add_source(sw, o, s, p, d);
        }
    }
    closedir(dd);
    return st;
}

/* A run kept from a source: its values (into buf and all) and its cohort rows, with
 * this file's run index. */
static es_status write_kept(es_output *f, const es_sweep *sw, const sources *s, int run, double *buf, double *all,
                            int *ok, es_diag *d)
{
    const es_results *r = &s->r[s->src[run]];
    int k = s->src[run], srun = s->srun[run], nind = sw->ind.n, nruns = es_sweep_nruns(sw);
    size_t cells = (size_t)sw->nyears * sw->nregions;
    int good = r->run_status[srun] == 0;
    for (int i = 0; good && i < nind; i++) {
        if (es_results_read_run(r, s->map[k][i], srun, buf + (size_t)i * cells) != ES_OK) {
            es_diag_add(d, "cannot read run %d of '%s'", srun, s->path[k]);
            return ES_ERR_IO;
        }
        if (all) memcpy(all + ((size_t)i * nruns + run) * cells, buf + (size_t)i * cells, cells * sizeof *buf);
    }
    int nrow = good ? s->nrow[k][srun] : 0;
    double *rows = nrow ? malloc((size_t)nrow * ES_N_COHORT_COLS * sizeof *rows) : NULL;
    if (nrow && !rows) return ES_ERR_NOMEM;
    if (nrow) memcpy(rows, r->cohort_rows + (size_t)s->row0[k][srun] * ES_N_COHORT_COLS, (size_t)nrow * ES_N_COHORT_COLS * sizeof *rows);
    for (int q = 0; q < nrow; q++) rows[(size_t)q * ES_N_COHORT_COLS] = run;
    ok[run] = good;
    int v = run / sw->replicates, rep = run % sw->replicates;
    es_run_info info = {run, sw->scen_name[v], rep, sw->seed + (uint64_t)rep, good ? 0 : 1, good ? "" : r->run_error[srun]};
    es_status st = es_output_write_run(f, &info, good ? buf : NULL, nrow, rows);
    free(rows);
    if (st != ES_OK) es_diag_add(d, "%s", es_output_last_error(f));
    return st;
}

/* Create OUT.partial with the whole plan: scenarios, sweep, every run (status -1 until
 * written) and the swept parameters. */
static es_status create_file(const es_sweep *sw, const es_sweep_opts *o, const char *out, es_output **fo, es_diag *d)
{
    int nind = sw->ind.n, nruns = es_sweep_nruns(sw);
    es_ind_desc *descs = malloc((size_t)nind * sizeof *descs);
    int32_t *years = malloc((size_t)sw->nyears * sizeof *years);
    es_run_info *plan = malloc((size_t)nruns * sizeof *plan);
    double *par = sw->naxes ? malloc((size_t)nruns * sw->naxes * sizeof *par) : NULL;
    const char **ax = sw->naxes ? malloc((size_t)sw->naxes * sizeof *ax) : NULL;
    es_status st = ES_OK;
    es_output *f = NULL;
    if (!descs || !years || !plan || (sw->naxes && (!par || !ax))) { st = ES_ERR_NOMEM; goto end; }
    es_indset_descs(&sw->ind, descs);
    for (int y = 0; y < sw->nyears; y++) years[y] = sw->first_year + y;
    es_layout lay = {nind, descs, sw->nyears, years, sw->nregions, (const char *const *)sw->region, nruns,
                     ES_N_COHORT_COLS, es_cohort_columns()};
    es_provenance prov = {o->version, o->git_revision, o->compiler, o->flags, o->command_line, o->threads, sw->seed};
    if ((st = es_output_create(out, &lay, &prov, &f, d)) != ES_OK) goto end;
    for (int v = 0; v < sw->nscen && st == ES_OK; v++) st = es_output_add_scenario(f, sw->scen_name[v], sw->scen_yaml[v]);
    if (st == ES_OK) st = es_output_add_sweep(f, sw->name, sw->base_name, sw->resolved_yaml);
    for (int run = 0; run < nruns; run++) {
        int v = run / sw->replicates, rep = run % sw->replicates;
        plan[run] = (es_run_info){run, sw->scen_name[v], rep, sw->seed + (uint64_t)rep, -1, ""};
        for (int j = 0; j < sw->naxes; j++) par[(size_t)run * sw->naxes + j] = sw->point[(size_t)sw->scen_point[v] * sw->naxes + j];
    }
    if (st == ES_OK) st = es_output_set_runs(f, plan, nruns);
    for (int j = 0; j < sw->naxes; j++) ax[j] = sw->axis_key[j];
    if (st == ES_OK && sw->naxes) st = es_output_add_parameters(f, sw->naxes, ax, par);
    if (st != ES_OK && st != ES_ERR_NOMEM) es_diag_add(d, "%s", es_output_last_error(f));
end:
    if (st != ES_OK) es_output_abort(f);
    else *fo = f;
    free(descs); free(years); free(plan); free(par); free(ax);
    return st;
}

static es_status write_effects(es_output *f, const es_sweep *sw, const double *all, const int *ok, es_diag *d)
{
    int nruns = es_sweep_nruns(sw);
    int *rs = malloc((size_t)nruns * sizeof *rs), *rr = malloc((size_t)nruns * sizeof *rr);
    if (!rs || !rr) { free(rs); free(rr); return ES_ERR_NOMEM; }
    for (int run = 0; run < nruns; run++) {
        rs[run] = run / sw->replicates;
        rr[run] = run % sw->replicates;
    }
    es_effects ef;
    es_status st = es_effects_compute_paired(all, sw->ind.n, nruns, sw->nyears, sw->nregions, rs, rr, ok,
                                             sw->nscen, sw->scen_base, &ef);
    if (st == ES_OK) {
        const char **names = malloc((size_t)(ef.nscen ? ef.nscen : 1) * sizeof *names);
        const char **bases = malloc((size_t)(ef.nscen ? ef.nscen : 1) * sizeof *bases);
        if (!names || !bases) st = ES_ERR_NOMEM;
        for (int j = 0; st == ES_OK && j < ef.nscen; j++) {
            names[j] = sw->scen_name[ef.scen[j]];
            bases[j] = sw->scen_name[ef.base[j]];
        }
        if (st == ES_OK && (st = es_output_write_effects(f, &ef, names, bases, sw->base_name)) != ES_OK)
            es_diag_add(d, "%s", es_output_last_error(f));
        free(names);
        free(bases);
        es_effects_free(&ef);
    }
    free(rs);
    free(rr);
    return st;
}

/* The runs of this call, in the order handed out: static (all, or a shard) or dynamic. */
static int next_batch(const es_sweep_opts *o, const sources *s, int nruns, int *cursor, int batch, int *out)
{
    int nb = 0;
    while (nb < batch) {
        int run;
        if (o->mode == ES_SWEEP_MERGE) return nb;
        if (o->mode == ES_SWEEP_PART && o->next_run) {
            run = o->next_run(o->next_ctx);
            if (run < 0 || run >= nruns) return nb;
        } else {
            if (*cursor >= nruns) return nb;
            run = (*cursor)++;
            if (o->mode == ES_SWEEP_PART && o->shard_n > 0 && run % o->shard_n != o->shard_i) continue;
        }
        if (s->src[run] >= 0 || (o->skip && o->skip[run])) continue;
        out[nb++] = run;
    }
    return nb;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Whether the results file at path (read back) holds every run that source k gave. */
static int holds_runs_of(const char *path, const sources *s, int k, int nruns)
{
    if (k >= s->n || !exists(path)) return 0;
    es_diag d;
    es_diag_init(&d);
    es_results r;
    int ok = es_results_open(path, &r, &d) == ES_OK && r.nruns == nruns;
    for (int run = 0; ok && run < nruns; run++)
        if (s->src[run] == k) ok = r.run_status[run] == s->r[k].run_status[s->srun[run]];
    es_results_free(&r); /* also after a failed open (then already empty) */
    es_diag_free(&d);
    return ok;
}

/* Memory for the runs side by side: the indicator table of every run, plus each
 * concurrent run's population (the largest of the runs to compute). When *batch runs
 * do not fit in ES_MEMORY_SHARE of the available memory but fewer do, fewer run side
 * by side (with more threads each) and a note says so; when one does not fit, the
 * sweep is refused before anything runs. */
static es_status check_memory(const es_sweep *sw, const es_sweep_opts *o, const sources *s, int nruns, int *batch,
                              int *inner, int threads, es_diag *d)
{
    if (o->mode == ES_SWEEP_MERGE || !sw->scen) return ES_OK;
    double need = 0;
    int vneed = -1;
    for (int run = 0; run < nruns; run += sw->replicates) {
        int v = run / sw->replicates;
        int any = 0;
        for (int r = run; r < run + sw->replicates && !any; r++) any = s->src[r] < 0 && !(o->skip && o->skip[r]);
        double x = es_world_memory_need(&sw->scen[v].par);
        if (any && x > need) need = x, vneed = v;
    }
    double table = o->mode == ES_SWEEP_PART ? 0 : es_sweep_table_bytes(sw, nruns);
    double avail = o->avail_memory > 0 ? o->avail_memory : es_available_memory(), cap = ES_MEMORY_SHARE * avail;
    const double gib = 1073741824.0;
    if (vneed < 0) return ES_OK;
    if (table + need > cap) {
        es_diag_add(d, "the sweep needs %.3g GiB for the indicators of %d runs and %.3g GiB for one run of '%s', more than "
                       "%.0f%% of the %.3g GiB of available memory (limit: available memory); lower the replicates, "
                       "`scale` or the regions' population",
                    table / gib, nruns, need / gib, sw->scen_name[vneed], 100 * ES_MEMORY_SHARE, avail / gib);
        return ES_ERR_LIMIT;
    }
    int k = *batch;
    while (k > 1 && table + k * need > cap) k--;
    if (k < *batch) {
        es_diag_add(d, "note: %d run%s side by side instead of %d: each needs about %.3g GiB (the largest, '%s'), and %d "
                       "would exceed %.0f%% of the %.3g GiB of available memory (limit: available memory)",
                    k, k == 1 ? "" : "s", *batch, need / gib, sw->scen_name[vneed], *batch, 100 * ES_MEMORY_SHARE, avail / gib);
        *batch = k;
        *inner = threads / k > 1 ? threads / k : 1;
    }
    return ES_OK;
}

es_status es_sweep_run(const es_sweep *sw, const es_sweep_opts *o, const char *out, es_diag *d)
{
    int nruns = es_sweep_nruns(sw), threads = o->threads > 0 ? o->threads : 1, nind = sw->ind.n;
    size_t cells = (size_t)sw->nyears * sw->nregions;
    if (o->mode != ES_SWEEP_MERGE && !sw->scen) return ES_ERR_INTERNAL;
    char part[4200], moved[4300];
    snprintf(part, sizeof part, "%s.partial", out);
    snprintf(moved, sizeof moved, "%s.partial.resume", out);
    sources s;
    memset(&s, 0, sizeof s);
    es_status st = ES_OK;
    es_output *f = NULL;
    int have_moved = 0, ndone = 0, nnew = 0, interrupted = 0, flushed = 0, rank0 = 0, rank1 = 0;
    double *all = NULL, *buf = NULL;
    int *ok = NULL, *written = NULL, *todo = NULL;
    es_run_result *res = NULL;
    es_status *bst = NULL;
    es_diag *bd = NULL;
    s.src = malloc((size_t)nruns * sizeof *s.src);
    s.srun = malloc((size_t)nruns * sizeof *s.srun);
    if (!s.src || !s.srun) { st = ES_ERR_NOMEM; goto end; }
    for (int run = 0; run < nruns; run++) s.src[run] = s.srun[run] = -1;
    /* Sources: an interrupted OUT.partial (moved aside, as OUT.partial is rewritten),
     * rank files of an interrupted MPI sweep, the complete OUT, and files named. */
    if (o->resume && exists(part)) {
        /* checked and opened under its own name, then moved aside (the open file stays
         * readable) */
        if ((st = add_source(sw, o, &s, part, d)) != ES_OK) goto end;
        if (rename(part, moved) != 0) {
            es_diag_add(d, "cannot move '%s' aside to resume", part);
            st = ES_ERR_IO;
            goto end;
        }
        have_moved = 1;
    }
    rank0 = s.n;
    if (o->resume && (st = add_rank_files(sw, o, &s, out, d)) != ES_OK) goto end;
    rank1 = s.n;
    if (o->resume && !have_moved && s.n == 0 && !o->keep_out && o->mode == ES_SWEEP_ALL && exists(out)) {
        es_diag_add(d, "'%s' is complete: nothing to resume (--retry-failed runs its failed runs again)", out);
        goto end;
    }
    if (o->keep_out && exists(out) && (st = add_source(sw, o, &s, out, d)) != ES_OK) goto end;
    for (int i = 0; i < o->nsources; i++)
        if ((st = add_source(sw, o, &s, o->sources[i], d)) != ES_OK) goto end;
    int batch = threads, inner = 1, ncompute = 0;
    if (o->mode == ES_SWEEP_ALL || (o->mode == ES_SWEEP_PART && !o->next_run))
        for (int run = 0; run < nruns; run++)
            ncompute += s.src[run] < 0 && !(o->skip && o->skip[run]) &&
                        !(o->mode == ES_SWEEP_PART && o->shard_n > 0 && run % o->shard_n != o->shard_i);
    /* Runs side by side when there are enough of them, else threads inside a run. */
    if (o->mode != ES_SWEEP_MERGE && !(o->mode == ES_SWEEP_PART && o->next_run) && ncompute < threads) {
        batch = 1;
        inner = threads;
    }
    if ((st = check_memory(sw, o, &s, nruns, &batch, &inner, threads, d)) != ES_OK) goto end;
    if (o->mode != ES_SWEEP_PART) all = malloc((size_t)nind * nruns * cells * sizeof *all);
    buf = malloc((size_t)nind * cells * sizeof *buf);
    ok = calloc((size_t)nruns, sizeof *ok);
    written = calloc((size_t)nruns, sizeof *written);
    todo = malloc((size_t)batch * sizeof *todo);
    res = calloc((size_t)batch, sizeof *res);
    bst = calloc((size_t)batch, sizeof *bst);
    bd = calloc((size_t)batch, sizeof *bd);
    if ((o->mode != ES_SWEEP_PART && !all) || !buf || !ok || !written || !todo || !res || !bst || !bd) {
        es_diag_add(d, "out of memory for the indicators of %d runs (%.3g GiB)", nruns,
                    es_sweep_table_bytes(sw, nruns) / 1073741824.0);
        st = ES_ERR_NOMEM;
        goto end;
    }
    if (all)
        for (size_t i = 0; i < (size_t)nind * nruns * cells; i++) all[i] = NAN;
    if ((st = create_file(sw, o, out, &f, d)) != ES_OK) goto end;
    es_output_fail_after(f, o->fail_write_after);
    if (o->mode == ES_SWEEP_PART) {
        char p[32];
        if (o->next_run) snprintf(p, sizeof p, "rank %d/%d", o->shard_i, o->shard_n);
        else snprintf(p, sizeof p, "shard %d/%d", o->shard_i, o->shard_n);
        if ((st = es_output_set_part(f, p)) != ES_OK) { es_diag_add(d, "%s", es_output_last_error(f)); goto end; }
    }
    int cursor = 0, next = 0;
    for (;;) {
        if ((o->stop && *o->stop) || (o->stop_after > 0 && nnew >= o->stop_after)) { interrupted = 1; break; }
        int nb = next_batch(o, &s, nruns, &cursor, batch, todo);
        if (nb == 0) break;
        qsort(todo, (size_t)nb, sizeof *todo, cmp_int);
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(batch)
#endif
        for (int k = 0; k < nb; k++) {
            int run = todo[k], v = run / sw->replicates, rep = run % sw->replicates;
            es_params p = sw->scen[v].par;
            p.seed = sw->seed + (uint64_t)rep;
            es_run_opts ro = {inner, o->stop, NULL, NULL, 0};
            es_diag_init(&bd[k]);
            bst[k] = es_sim_run(&p, &ro, &res[k], &bd[k]);
        }
        /* Written in run order from this thread, kept runs first where they come earlier. */
        for (int k = 0; k < nb && st == ES_OK; k++) {
            int run = todo[k], v = run / sw->replicates, rep = run % sw->replicates;
            for (; next < run && st == ES_OK; next++)
                if (s.src[next] >= 0 && !written[next]) {
                    st = write_kept(f, sw, &s, next, buf, all, ok, d);
                    written[next] = 1;
                    ndone++;
                }
            if (st != ES_OK) break;
            if (bst[k] == ES_ERR_INTERRUPTED) { interrupted = 1; continue; }
            ok[run] = bst[k] == ES_OK;
            char err[512] = "";
            if (!ok[run]) snprintf(err, sizeof err, "%s", bd[k].n ? bd[k].msg[0] : es_status_str(bst[k]));
            es_run_info info = {run, sw->scen_name[v], rep, sw->seed + (uint64_t)rep, ok[run] ? 0 : 1, err};
            for (int q = 0; ok[run] && q < res[k].ncohort_rows; q++) res[k].cohort_rows[(size_t)q * ES_N_COHORT_COLS] = run;
            /* the run's indicators in the sweep's layout (its named policies among all) */
            if (ok[run]) es_indset_expand(&sw->ind, &sw->scen[v].par.pol, res[k].values, cells, buf);
            st = es_output_write_run(f, &info, ok[run] ? buf : NULL, ok[run] ? res[k].ncohort_rows : 0,
                                     ok[run] ? res[k].cohort_rows : NULL);
            if (st != ES_OK) es_diag_add(d, "%s", es_output_last_error(f));
            for (int i = 0; all && ok[run] && i < nind; i++)
                memcpy(all + ((size_t)i * nruns + run) * cells, buf + (size_t)i * cells, cells * sizeof *all);
            written[run] = 1;
            if (o->computed) o->computed[run] = 1;
            ndone++;
            nnew++;
        }
        for (int k = 0; k < nb; k++) {
            es_run_result_free(&res[k]);
            es_diag_free(&bd[k]);
        }
        if (st != ES_OK || interrupted) break;
        if (o->progress) o->progress(o->progress_ctx, ndone, nruns, 0);
    }
    /* Every kept run not yet written: also on interruption, so nothing finished is lost. */
    for (int run = 0; run < nruns && st == ES_OK; run++)
        if (s.src[run] >= 0 && !written[run]) {
            st = write_kept(f, sw, &s, run, buf, all, ok, d);
            written[run] = 1;
            ndone++;
        }
    if (st != ES_OK) goto end;
    flushed = 1;
    for (int run = 0; o->kept && run < nruns; run++) o->kept[run] = s.src[run] >= 0;
    if (interrupted) {
        st = ES_ERR_INTERRUPTED;
        es_diag_add(d, "interrupted with %d of %d runs finished; `--resume` continues %s", ndone, nruns, part);
        goto end;
    }
    if (o->mode != ES_SWEEP_PART) {
        int missing = 0, first = -1;
        for (int run = 0; run < nruns; run++)
            if (!written[run] && missing++ == 0) first = run;
        if (missing) {
            es_diag_add(d, "%d of %d runs are in none of the files (the first: run %d, '%s' replicate %d); %s holds the others",
                        missing, nruns, first, sw->scen_name[first / sw->replicates], first % sw->replicates, part);
            st = ES_ERR_INPUT;
            goto end;
        }
        if ((st = write_effects(f, sw, all, ok, d)) != ES_OK) goto end;
    }
    st = es_output_finish(f, d);
    f = NULL;
end:
    if (f) es_output_abort(f); /* leaves OUT.partial, status incomplete, with every finished run */
    if (have_moved) {
        /* The moved file's runs are all in the new OUT.partial or OUT once flushed. After
         * a failure (a write fault) the new OUT.partial is kept if it holds all of them,
         * read back, so the runs computed before the fault are not lost either;
         * otherwise the moved file goes back, in place of a new file that lacks some. */
        if (flushed || holds_runs_of(part, &s, 0, nruns)) remove(moved);
        else {
            remove(part);
            rename(moved, part);
        }
    }
    if (flushed && o->resume)
        for (int i = rank0; i < rank1; i++) remove(s.path[i]);
    sources_free(&s);
    free(all); free(buf); free(ok); free(written); free(todo); free(res); free(bst); free(bd);
    return st;
}

es_status es_sweep_finished_mask(const es_sweep *sw, const es_sweep_opts *o, const char *out, unsigned char *mask,
                                 es_diag *d)
{
    int nruns = es_sweep_nruns(sw);
    sources s;
    memset(&s, 0, sizeof s);
    es_status st = ES_OK;
    char part[4200];
    snprintf(part, sizeof part, "%s.partial", out);
    s.src = malloc((size_t)nruns * sizeof *s.src);
    s.srun = malloc((size_t)nruns * sizeof *s.srun);
    if (!s.src || !s.srun) st = ES_ERR_NOMEM;
    for (int run = 0; st == ES_OK && run < nruns; run++) s.src[run] = s.srun[run] = -1;
    if (st == ES_OK && o->resume && exists(part)) st = add_source(sw, o, &s, part, d);
    if (st == ES_OK && o->resume) st = add_rank_files(sw, o, &s, out, d);
    if (st == ES_OK && o->keep_out && exists(out)) st = add_source(sw, o, &s, out, d);
    for (int run = 0; st == ES_OK && run < nruns; run++) mask[run] = s.src[run] >= 0;
    sources_free(&s);
    return st;
}
