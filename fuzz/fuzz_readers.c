/* fuzz_readers.c - libFuzzer target for the input readers: scenario text (with a
 * --set override taken from its first line), sweep files and calibration files.
 * Besides crashes, leaks and hangs it checks that every refusal has a message and
 * that a valid scenario's resolved text resolves to itself.
 * The first byte picks the reader; the rest is the file. Built by the `fuzz` preset
 * (clang, -fsanitize=fuzzer,address,undefined); fuzz/run.sh runs it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "edusim/calibrate.h"
#include "edusim/cfg.h"
#include "edusim/params.h"
#include "edusim/sweep.h"

/* Read scenario text like `validate` does; the resolved text when there were no
 * errors, else NULL. Every refusal must say why. */
static char *validate(const char *name, const char *text, size_t n, const char *set)
{
    es_diag d;
    es_diag_init(&d);
    es_cfg_limits lim = es_cfg_default_limits();
    es_cfg *c = NULL;
    char *resolved = NULL;
    if (es_cfg_load_string(name, text, n, &lim, &c, &d) == ES_OK) {
        int ok = !set || es_cfg_set(c, set, &d) == ES_OK;
        es_params *p = calloc(1, sizeof *p);
        if (ok && p) {
            es_params_read(c, p);
            es_cfg_check_unknown(c);
            ok = es_cfg_error_count(c) == 0;
        }
        free(p);
        if (ok) resolved = es_cfg_resolved_yaml(c);
        es_cfg_free(c);
    } else if (d.n == 0 && d.dropped == 0) {
        abort(); /* refused without a message */
    }
    es_diag_free(&d);
    return resolved;
}

/* Oracles beyond "no crash": the resolved text of a valid scenario is itself valid
 * and resolves to the same text (sweeps compare scenarios by their resolved text). */
static void scenario_text(const char *text, size_t n)
{
    char set[512], *setp = NULL;
    const char *nl = memchr(text, '\n', n);
    size_t l = nl ? (size_t)(nl - text) : n;
    if (l > 0 && l < sizeof set && memchr(text, '=', l) && !memchr(text, 0, l)) {
        memcpy(set, text, l);
        set[l] = 0;
        setp = set;
    }
    char *r1 = validate("fuzz.yaml", text, n, setp);
    if (r1) {
        char *r2 = validate("resolved.yaml", r1, strlen(r1), NULL);
        if (!r2 || strcmp(r1, r2) != 0) {
            fprintf(stderr, "resolved text does not resolve to itself:\n--- first\n%s\n--- second\n%s\n", r1, r2 ? r2 : "(errors)");
            abort();
        }
        free(r2);
    }
    free(r1);
}

/* Sweep and calibration readers take paths: the bytes go to a private file. */
static void file_reader(int which, const uint8_t *data, size_t n)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/edusim_fuzz_%d.yaml", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f) return;
    fwrite(data, 1, n, f);
    fclose(f);
    es_diag d;
    es_diag_init(&d);
    if (which == 1) {
        es_sweep sw;
        es_sweep_load(path, NULL, 0, &sw, &d);
        es_sweep_free(&sw);
    } else {
        es_calib c;
        if (es_calib_load(path, &c, &d) == ES_OK) es_calib_free(&c);
    }
    es_diag_free(&d);
    remove(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    int which = data[0] % 3;
    if (which == 0) scenario_text((const char *)data + 1, size - 1);
    else file_reader(which, data + 1, size - 1);
    return 0;
}
