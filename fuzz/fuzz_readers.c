/* fuzz_readers.c - libFuzzer target for the input readers: scenario text (with a
 * --set override taken from its first line), sweep files and calibration files.
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

static void scenario_text(const char *text, size_t n)
{
    es_diag d;
    es_diag_init(&d);
    es_cfg_limits lim = es_cfg_default_limits();
    es_cfg *c = NULL;
    if (es_cfg_load_string("fuzz.yaml", text, n, &lim, &c, &d) == ES_OK) {
        /* the first line as an override, when it looks like one */
        const char *nl = memchr(text, '\n', n);
        size_t l = nl ? (size_t)(nl - text) : n;
        if (l > 0 && l < 512 && memchr(text, '=', l) && !memchr(text, 0, l)) {
            char set[512];
            memcpy(set, text, l);
            set[l] = 0;
            es_cfg_set(c, set, &d);
        }
        es_params *p = calloc(1, sizeof *p);
        if (p) {
            es_params_read(c, p);
            free(p);
        }
        es_cfg_check_unknown(c);
        free(es_cfg_resolved_yaml(c));
        es_cfg_free(c);
    }
    es_diag_free(&d);
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
