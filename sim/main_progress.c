/* main_progress.c - progress of run, sweep and calibrate: the bar on a terminal, and
 * off one (a Slurm or batch log, a pipe) a line at every tenth of the work with the
 * time spent and an estimate of the time left, so logs stay short and readable. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "main_cmds.h"

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int es_progress_parse(const char *s, es_progress_mode *m)
{
    if (!strcmp(s, "auto")) *m = ES_PROGRESS_AUTO;
    else if (!strcmp(s, "always")) *m = ES_PROGRESS_ALWAYS;
    else if (!strcmp(s, "never")) *m = ES_PROGRESS_NEVER;
    else {
        fprintf(stderr, "edusim: --progress: '%s' is not a progress mode (valid: auto, always, never)\n", s);
        return -1;
    }
    return 0;
}

int es_progress_init(es_progress *p, es_progress_mode mode, int quiet, int explicit_mode, const char *what)
{
    memset(p, 0, sizeof *p);
    p->what = what;
    p->t0 = mono_s();
    p->first_done = -1;
    /* --quiet silences progress unless --progress was asked for explicitly. */
    if (mode == ES_PROGRESS_NEVER || (quiet && !explicit_mode)) return 0;
    p->bar = mode == ES_PROGRESS_ALWAYS || isatty(STDERR_FILENO);
    return 1;
}

static void hms(char *buf, size_t n, double s)
{
    if (!(s >= 0)) s = 0;
    long t = (long)(s + 0.5);
    if (t >= 3600) snprintf(buf, n, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else snprintf(buf, n, "%ld:%02ld", t / 60, t % 60);
}

void es_progress_cb(void *ctx, int done, int total, int year)
{
    es_progress *p = ctx;
    if (total <= 0) return;
    if (p->bar) {
        int width = 30, fill = (int)((double)width * done / total);
        if (year) fprintf(stderr, "\r  year %d  [", year);
        else fprintf(stderr, "\r  %s %d / %d  [", p->what, done, total);
        for (int k = 0; k < width; k++) fputc(k < fill ? '#' : '.', stderr);
        fprintf(stderr, "] %3d%%", 100 * done / total);
        if (done == total) fputc('\n', stderr);
        fflush(stderr);
        return;
    }
    /* After the first report the rate is measured from it, so that work kept from an
     * earlier, interrupted sweep (--resume, counted in the first report) does not make
     * the estimate optimistic for long. */
    double now = mono_s();
    int first = p->first_done < 0;
    if (first) {
        p->first_done = done;
        p->t_first = now;
        p->next_tenth = 1;
    }
    int tenth = 10 * done / total;
    if (tenth < p->next_tenth && done < total) return;
    p->next_tenth = tenth + 1;
    char el[32], left[32];
    hms(el, sizeof el, now - p->t0);
    int since = first ? done : done - p->first_done;
    double spent = first ? now - p->t0 : now - p->t_first;
    if (done >= total) snprintf(left, sizeof left, "0:00");
    else if (since > 0) hms(left, sizeof left, spent / since * (total - done));
    else snprintf(left, sizeof left, "unknown");
    if (year)
        fprintf(stderr, "edusim: %3d %% (%d of %d years, now %d), elapsed %s, about %s left\n", 100 * done / total,
                done, total, year, el, left);
    else
        fprintf(stderr, "edusim: %3d %% (%d of %d %s), elapsed %s, about %s left\n", 100 * done / total, done,
                total, p->what, el, left);
    fflush(stderr);
}
