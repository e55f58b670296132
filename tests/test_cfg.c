/* test_cfg.c - the strict YAML reader: values, every error class with its position,
 * resource limits (depth, aliases, sizes), --set overrides, unknown keys and the
 * resolved document's round trip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "edusim/cfg.h"

/* ---- helpers ------------------------------------------------------------------ */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int has_msg(const es_diag *d, const char *needle)
{
    for (int i = 0; i < d->n; i++)
        if (strstr(d->msg[i], needle)) return 1;
    fprintf(stderr, "no message contains \"%s\"; messages:\n", needle);
    for (int i = 0; i < d->n; i++) fprintf(stderr, "  %s\n", d->msg[i]);
    return 0;
}

static es_status load_lim(const char *text, size_t len, const es_cfg_limits *lim, es_cfg **c, es_diag *d)
{
    return es_cfg_load_string("s.yaml", text, len, lim, c, d);
}

static es_cfg *load_ok(const char *text)
{
    es_diag d;
    es_diag_init(&d);
    es_cfg *c = NULL;
    es_cfg_limits lim = es_cfg_default_limits();
    es_status st = load_lim(text, strlen(text), &lim, &c, &d);
    for (int i = 0; i < d.n; i++) fprintf(stderr, "unexpected: %s\n", d.msg[i]);
    assert_int_equal(st, ES_OK);
    assert_non_null(c);
    assert_int_equal(d.n, 0);
    es_diag_free(&d);
    return c;
}

/* Loading must fail with status want and a message containing needle. */
static void load_fails_len(const char *text, size_t len, const es_cfg_limits *lim, es_status want,
                           const char *needle)
{
    es_diag d;
    es_diag_init(&d);
    es_cfg *c = (es_cfg *)&d; /* must be reset to NULL */
    es_cfg_limits def = es_cfg_default_limits();
    es_status st = load_lim(text, len, lim ? lim : &def, &c, &d);
    assert_int_equal(st, want);
    assert_null(c);
    assert_true(has_msg(&d, needle));
    es_diag_free(&d);
}

static void load_fails(const char *text, es_status want, const char *needle)
{
    load_fails_len(text, strlen(text), NULL, want, needle);
}

/* The cfg's own errors must contain needle. */
static void cfg_has(const es_cfg *c, const char *needle)
{
    assert_true(has_msg(es_cfg_diag(c), needle));
}

/* ---- valid documents ------------------------------------------------------------- */

static const char *const doc_valid =
    "# a scenario\n"
    "name: \"Mid region\"\n"
    "seed: 42\n"
    "education:\n"
    "  vwo_to_wo: 0.7\n"
    "  rates: [0.1, 0.2, 0.3]\n"
    "  teachers:\n"
    "    ratio: 2.4e5\n"
    "    strict: true\n"
    "policies:\n"
    "  - type: cofinancing\n"
    "    start: 2011\n"
    "  - type: subsidy\n"
    "    start: 2015\n"
    "    end: 2020\n";

static const char *const ptypes[] = {"cofinancing", "subsidy", "none"};

static void test_valid_document(void **state)
{
    (void)state;
    es_cfg *c = load_ok(doc_valid);
    const char *name = NULL;
    assert_int_equal(es_cfg_get_string(c, "name", "x", 63, &name), ES_OK);
    assert_string_equal(name, "Mid region");
    int64_t seed = 0, ratio = 0, start = 0, end = 0;
    assert_int_equal(es_cfg_get_int(c, "seed", 1, 0, INT64_MAX, NULL, &seed), ES_OK);
    assert_int_equal(seed, 42);
    double p = 0;
    assert_int_equal(es_cfg_get_double(c, "education.vwo_to_wo", 0.5, 0, 1, "probability", &p), ES_OK);
    assert_true(p == 0.7);
    double rates[5] = {0};
    int nr = 0;
    const double defr[3] = {9, 9, 9};
    assert_int_equal(es_cfg_get_double_list(c, "education.rates", defr, 3, 1, 5, 0, 1, NULL, rates, &nr), ES_OK);
    assert_int_equal(nr, 3);
    assert_true(rates[0] == 0.1 && rates[1] == 0.2 && rates[2] == 0.3);
    assert_int_equal(es_cfg_get_int(c, "education.teachers.ratio", 1, 0, 1000000, NULL, &ratio), ES_OK);
    assert_int_equal(ratio, 240000);
    int strict = 0;
    assert_int_equal(es_cfg_get_bool(c, "education.teachers.strict", 0, &strict), ES_OK);
    assert_int_equal(strict, 1);

    es_cfg_declare(c, "policies");
    assert_int_equal(es_cfg_seq_len(c, "policies"), 2);
    int t0 = -1, t1 = -1;
    assert_int_equal(es_cfg_get_choice(c, "policies.0.type", 2, ptypes, 3, &t0), ES_OK);
    assert_int_equal(es_cfg_get_choice(c, "policies.1.type", 2, ptypes, 3, &t1), ES_OK);
    assert_int_equal(t0, 0);
    assert_int_equal(t1, 1);
    assert_int_equal(es_cfg_get_int(c, "policies.1.start", 0, 1950, 2100, "year", &start), ES_OK);
    assert_int_equal(start, 2015);
    assert_int_equal(es_cfg_get_int(c, "policies.0.start", 0, 1950, 2100, "year", &start), ES_OK);
    assert_int_equal(start, 2011);
    assert_int_equal(es_cfg_get_int(c, "policies.1.end", 0, 1950, 2100, "year", &end), ES_OK);
    assert_int_equal(end, 2020);
    /* absent keys give the default */
    assert_int_equal(es_cfg_get_int(c, "policies.0.end", 2030, 1950, 2100, "year", &end), ES_OK);
    assert_int_equal(end, 2030);
    assert_int_equal(es_cfg_get_double(c, "missing.deep.key", 3.5, 0, 10, NULL, &p), ES_OK);
    assert_true(p == 3.5);

    /* structure queries */
    assert_int_equal(es_cfg_has(c, "education.teachers"), 1);
    assert_int_equal(es_cfg_has(c, "education.nothing"), 0);
    assert_int_equal(es_cfg_is_map(c, "education.teachers"), 1);
    assert_int_equal(es_cfg_is_map(c, "policies"), 0);
    assert_int_equal(es_cfg_seq_len(c, "nothing"), -1);
    char where[128];
    es_cfg_where(c, "education.teachers.ratio", where, sizeof where);
    assert_string_equal(where, "s.yaml:8:5");
    es_cfg_where(c, "policies.1", where, sizeof where);
    assert_string_equal(where, "s.yaml:13:5");
    es_cfg_where(c, "not.there", where, sizeof where);
    assert_string_equal(where, "s.yaml");
    assert_string_equal(es_cfg_name(c), "s.yaml");

    assert_int_equal(es_cfg_check_unknown(c), 0);
    assert_int_equal(es_cfg_error_count(c), 0);

    es_cfg_error(c, "policies.1.end", "%d is after %s", 2020, "the end");
    assert_int_equal(es_cfg_error_count(c), 1);
    cfg_has(c, "s.yaml:15:5: error: policies.1.end: 2020 is after the end");
    es_cfg_free(c);
    es_cfg_free(NULL);
}

static void test_aliases_copied(void **state)
{
    (void)state;
    es_cfg *c = load_ok("base: &b {x: 1, y: [1, 2]}\nother: *b\n");
    es_diag d;
    es_diag_init(&d);
    assert_int_equal(es_cfg_set(c, "other.x=5", &d), ES_OK);
    int64_t bx = 0, ox = 0;
    assert_int_equal(es_cfg_get_int(c, "base.x", 0, 0, 10, NULL, &bx), ES_OK);
    assert_int_equal(es_cfg_get_int(c, "other.x", 0, 0, 10, NULL, &ox), ES_OK);
    assert_int_equal(bx, 1); /* a copy: the override changes one place only */
    assert_int_equal(ox, 5);
    assert_int_equal(es_cfg_seq_len(c, "other.y"), 2);
    es_diag_free(&d);
    es_cfg_free(c);
}

/* ---- load errors ------------------------------------------------------------------ */

static void test_duplicate_key(void **state)
{
    (void)state;
    load_fails("a: 1\nb:\n  c: 2\n  d: 3\n  c: 4\n", ES_ERR_INPUT,
               "s.yaml:5:3: error: b.c: duplicate key (first at line 3)");
    load_fails("x: {k: 1, k: 2}\n", ES_ERR_INPUT, "s.yaml:1:11: error: x.k: duplicate key (first at line 1)");
}

static void test_complex_key_and_tag(void **state)
{
    (void)state;
    load_fails("? [a, b]\n: 1\n", ES_ERR_INPUT, "s.yaml:1:3: error: a key must be a single value, got a sequence");
    load_fails("a:\n  b: !foo 1\n", ES_ERR_INPUT, "s.yaml:2:6: error: a.b: unsupported tag '!foo'");
    load_fails("a: 1\n---\nb: 2\n", ES_ERR_INPUT, "s.yaml:2:1: error: a second document is not supported");
}

static void test_empty_and_top_level(void **state)
{
    (void)state;
    const char *want = "s.yaml:1:1: error: empty file (write `{}` for a scenario of all defaults)";
    load_fails("", ES_ERR_INPUT, want);
    load_fails("# only a comment\n\n# another\n", ES_ERR_INPUT, want);
    load_fails("---\n", ES_ERR_INPUT, want);
    load_fails("- 1\n- 2\n", ES_ERR_INPUT, "s.yaml:1:1: error: the top level must be a mapping of keys, got a sequence");
    load_fails("\n  just text\n", ES_ERR_INPUT, "s.yaml:2:3: error: the top level must be a mapping of keys, got a single value");
    es_cfg *c = load_ok("{}");
    assert_int_equal(es_cfg_check_unknown(c), 0);
    es_cfg_free(c);
}

static void test_syntax_errors(void **state)
{
    (void)state;
    load_fails("a:\n\tb: 1\n", ES_ERR_INPUT,
               "s.yaml:2:1: error: found character that cannot start any token (while scanning for the next token)");
    load_fails("a: 1\nb: \xff\xfe\n", ES_ERR_INPUT, "s.yaml:2:4: error: invalid leading UTF-8 octet (byte 0xff)");
    load_fails("a: x\x01y\n", ES_ERR_INPUT, "s.yaml:1:5: error: control characters are not allowed");
    load_fails("a: [1, 2\n", ES_ERR_INPUT,
               "s.yaml:2:1: error: did not find expected ',' or ']' (while parsing a flow sequence)");
    load_fails("a: 'abc\nb: 2\n", ES_ERR_INPUT,
               "s.yaml:3:1: error: found unexpected end of stream (while scanning a quoted scalar)");
    load_fails("a: b\n  c: d\n", ES_ERR_INPUT, "s.yaml:2:4: error: mapping values are not allowed in this context");
    load_fails("a: *nothing\n", ES_ERR_INPUT, "s.yaml:1:4: error: found undefined alias");
}

static void test_deep_nesting(void **state)
{
    (void)state;
    size_t n = 50000;
    char *t = malloc(n + 1);
    assert_non_null(t);
    memset(t, '[', n);
    t[n] = '\0';
    double t0 = now_s();
    load_fails_len(t, n, NULL, ES_ERR_LIMIT, "s.yaml:1:65: error: nesting deeper than 64 levels (limit max_depth)");
    assert_true(now_s() - t0 < 0.5);
    free(t);

    /* block mappings: "a:\n  a:\n    a:\n..." 3000 levels */
    int lv = 3000;
    size_t cap = (size_t)lv * (size_t)(2 * lv + 4) + 1, o = 0;
    t = malloc(cap);
    assert_non_null(t);
    for (int i = 0; i < lv; i++) {
        memset(t + o, ' ', (size_t)(2 * i));
        o += (size_t)(2 * i);
        memcpy(t + o, "a:\n", 3);
        o += 3;
    }
    t0 = now_s();
    load_fails_len(t, o, NULL, ES_ERR_LIMIT, "s.yaml:65:129: error: nesting deeper than 64 levels (limit max_depth)");
    assert_true(now_s() - t0 < 0.5);
    free(t);

    /* exactly 64 levels is fine: the top mapping and 63 sequences; 65 is not */
    char ok[256];
    for (int extra = 0; extra < 2; extra++) {
        int k = 63 + extra;
        o = 0;
        memcpy(ok, "a: ", 3), o = 3;
        for (int i = 0; i < k; i++) ok[o++] = '[';
        for (int i = 0; i < k; i++) ok[o++] = ']';
        ok[o] = '\0';
        if (!extra) es_cfg_free(load_ok(ok));
        else load_fails(ok, ES_ERR_LIMIT, "s.yaml:1:67: error: nesting deeper than 64 levels (limit max_depth)");
    }

    /* an alias to its own ancestor is a cycle: stopped by the depth limit */
    load_fails("a: &x [1, *x]\n", ES_ERR_LIMIT, "nesting deeper than 64 levels (limit max_depth)");
}

static void test_billion_laughs(void **state)
{
    (void)state;
    const char *t =
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
        "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
        "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
        "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
        "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
    double t0 = now_s();
    load_fails(t, ES_ERR_LIMIT, "error: more than 1000000 nodes (limit max_nodes");
    double dt = now_s() - t0;
    assert_true(dt < 0.5);

    /* a small node limit without aliases */
    es_cfg_limits lim = es_cfg_default_limits();
    lim.max_nodes = 5;
    const char *s = "a: 1\nb: 2\nc: 3\n";
    load_fails_len(s, strlen(s), &lim, ES_ERR_LIMIT, "s.yaml:3:1: error: more than 5 nodes (limit max_nodes");
}

static void test_size_limits(void **state)
{
    (void)state;
    es_cfg_limits lim = es_cfg_default_limits();
    lim.max_scalar_len = 8;
    const char *k = "short: 1\nparent:\n  averyveryverylongkey: 1\n";
    load_fails_len(k, strlen(k), &lim, ES_ERR_LIMIT,
                   "s.yaml:3:3: error: parent: key of 20 bytes is longer than the limit of 8 bytes (limit max_scalar_len)");
    const char *v = "name: abcdefghijk\n";
    load_fails_len(v, strlen(v), &lim, ES_ERR_LIMIT,
                   "s.yaml:1:7: error: name: value of 11 bytes is longer than the limit of 8 bytes (limit max_scalar_len)");
    lim = es_cfg_default_limits();
    lim.max_file_bytes = 10;
    load_fails_len(k, strlen(k), &lim, ES_ERR_LIMIT, "(limit max_file_bytes)");
}

/* ---- value errors ------------------------------------------------------------------- */

static void test_numbers(void **state)
{
    (void)state;
    es_cfg *c = load_ok("n: 10abc\n"
                        "i1: 2.4e5\n"
                        "i2: 2.5\n"
                        "p: 1.5\n"
                        "q: 0.7x\n"
                        "count: -3\n"
                        "plus: +5\n"
                        "small: 1e-3\n"
                        "neg: -2.5e-1\n"
                        "dot: .5\n");
    int64_t iv = 7;
    double dv = 7;
    assert_int_equal(es_cfg_get_int(c, "n", 7, 0, 100, NULL, &iv), ES_ERR_INPUT);
    assert_int_equal(iv, 7);
    cfg_has(c, "s.yaml:1:4: error: n: expected an integer, got '10abc' (valid: 0 to 100)");
    assert_int_equal(es_cfg_get_int(c, "i1", 0, 0, 1000000, NULL, &iv), ES_OK);
    assert_int_equal(iv, 240000);
    assert_int_equal(es_cfg_get_int(c, "i2", 3, 0, 10, "schools", &iv), ES_ERR_INPUT);
    assert_int_equal(iv, 3);
    cfg_has(c, "s.yaml:3:5: error: i2: expected an integer, got '2.5' (valid: 0 to 10 schools)");
    assert_int_equal(es_cfg_get_double(c, "p", 0.5, 0, 1, "probability", &dv), ES_ERR_INPUT);
    assert_true(dv == 0.5);
    cfg_has(c, "s.yaml:4:4: error: p: 1.5 is out of range (valid: 0 to 1 probability)");
    assert_int_equal(es_cfg_get_double(c, "q", 0.5, 0, 1, NULL, &dv), ES_ERR_INPUT);
    cfg_has(c, "s.yaml:5:4: error: q: expected a number, got '0.7x' (valid: 0 to 1)");
    assert_int_equal(es_cfg_get_int(c, "count", 10, 0, 100, "persons", &iv), ES_ERR_INPUT);
    cfg_has(c, "s.yaml:6:8: error: count: -3 is out of range (valid: 0 to 100 persons)");
    assert_int_equal(es_cfg_error_count(c), 5);
    assert_int_equal(es_cfg_get_int(c, "plus", 0, 0, 100, NULL, &iv), ES_OK);
    assert_int_equal(iv, 5);
    assert_int_equal(es_cfg_get_double(c, "small", 0, 0, 1, NULL, &dv), ES_OK);
    assert_true(dv == 1e-3);
    assert_int_equal(es_cfg_get_double(c, "neg", 0, -1, 1, NULL, &dv), ES_OK);
    assert_true(dv == -0.25);
    assert_int_equal(es_cfg_get_double(c, "dot", 0, -1, 1, NULL, &dv), ES_OK);
    assert_true(dv == 0.5);
    assert_int_equal(es_cfg_error_count(c), 5);
    es_cfg_free(c);
}

static void test_number_rejects(void **state)
{
    (void)state;
    es_cfg *c = load_ok("a: .nan\nb: nan\nc: .inf\nd: -.Inf\ne: 1e400\nf: 9223372036854775808\n"
                        "g: '5'\nh: \"5\"\ni: 0x1A\nj: 1_000\nk:\nl: 1e19\nm: [1]\nn: {x: 1}\no: 1.\n");
    double dv;
    int64_t iv;
    assert_int_equal(es_cfg_get_double(c, "a", 0, 0, 1, NULL, &dv), ES_ERR_INPUT);
    cfg_has(c, "s.yaml:1:4: error: a: not a finite number: '.nan' (valid: 0 to 1)");
    assert_int_equal(es_cfg_get_double(c, "b", 0, 0, 1, NULL, &dv), ES_ERR_INPUT);
    cfg_has(c, "b: not a finite number: 'nan'");
    assert_int_equal(es_cfg_get_double(c, "c", 0, -1e300, 1e300, NULL, &dv), ES_ERR_INPUT);
    cfg_has(c, "s.yaml:3:4: error: c: not a finite number: '.inf'");
    assert_int_equal(es_cfg_get_double(c, "d", 0, -1e300, 1e300, NULL, &dv), ES_ERR_INPUT);
    cfg_has(c, "d: not a finite number");
    assert_int_equal(es_cfg_get_double(c, "e", 0, -1e300, 1e300, NULL, &dv), ES_ERR_INPUT);
    cfg_has(c, "s.yaml:5:4: error: e: number out of range: '1e400'");
    assert_int_equal(es_cfg_get_int(c, "f", 0, 0, INT64_MAX, NULL, &iv), ES_ERR_INPUT);
    cfg_has(c, "s.yaml:6:4: error: f: number out of range: '9223372036854775808' (valid: at least 0)");
    assert_int_equal(es_cfg_get_double(c, "g", 0, 0, 10, NULL, &dv), ES_ERR_INPUT);
    cfg_has(c, "s.yaml:7:4: error: g: expected a number, got a string (valid: 0 to 10)");
    assert_int_equal(es_cfg_get_int(c, "h", 0, 0, 10, NULL, &iv), ES_ERR_INPUT);
    cfg_has(c, "s.yaml:8:4: error: h: expected an integer, got a string");
    assert_int_equal(es_cfg_get_int(c, "i", 0, 0, 100, NULL, &iv), ES_ERR_INPUT);
    cfg_has(c, "i: expected an integer, got '0x1A'");
    assert_int_equal(es_cfg_get_int(c, "j", 0, 0, 10000, NULL, &iv), ES_ERR_INPUT);
    cfg_has(c, "j: expected an integer, got '1_000'");
    assert_int_equal(es_cfg_get_double(c, "k", 0, 0, 1, NULL, &dv), ES_ERR_INPUT);
    cfg_has(c, "k: expected a number, got null");
    assert_int_equal(es_cfg_get_int(c, "l", 0, INT64_MIN, INT64_MAX, NULL, &iv), ES_ERR_INPUT);
    cfg_has(c, "l: number out of range: '1e19' (valid: any integer)");
    assert_int_equal(es_cfg_get_double(c, "m", 0, 0, 1, NULL, &dv), ES_ERR_INPUT);
    cfg_has(c, "s.yaml:13:4: error: m: expected a number, got a sequence");
    assert_int_equal(es_cfg_get_double(c, "n", 0, 0, 1, NULL, &dv), ES_ERR_INPUT);
    cfg_has(c, "s.yaml:14:4: error: n: expected a number, got a mapping (valid: 0 to 1)");
    assert_int_equal(es_cfg_get_double(c, "o", 0, 0, 10, NULL, &dv), ES_OK);
    assert_true(dv == 1.0);
    assert_int_equal(es_cfg_error_count(c), 14);
    assert_int_equal(es_cfg_check_unknown(c), 0);
    es_cfg_free(c);
}

static void test_bool_choice_string_list(void **state)
{
    (void)state;
    es_cfg *c = load_ok("b1: false\nb2: yes\nb3: 'true'\nch: subsidie\nname: a very long name\n"
                        "l1: [0.1, 0.2]\nl2: [0.1, x, 2]\nl3: 0.5\nseq: {a: 1}\nnm: {a: 1}\n");
    int b = 1, ch = -1;
    assert_int_equal(es_cfg_get_bool(c, "b1", 1, &b), ES_OK);
    assert_int_equal(b, 0);
    assert_int_equal(es_cfg_get_bool(c, "b2", 1, &b), ES_ERR_INPUT);
    assert_int_equal(b, 1);
    cfg_has(c, "s.yaml:2:5: error: b2: expected true or false, got 'yes' (valid: true or false)");
    assert_int_equal(es_cfg_get_bool(c, "b3", 0, &b), ES_ERR_INPUT);
    cfg_has(c, "b3: expected true or false, got a string");
    assert_int_equal(es_cfg_get_choice(c, "ch", 2, ptypes, 3, &ch), ES_ERR_INPUT);
    assert_int_equal(ch, 2);
    cfg_has(c, "s.yaml:4:5: error: ch: unknown choice 'subsidie' (valid: one of: cofinancing, subsidy, none)");
    const char *s = NULL;
    assert_int_equal(es_cfg_get_string(c, "name", "def", 8, &s), ES_ERR_INPUT);
    assert_string_equal(s, "def");
    cfg_has(c, "s.yaml:5:7: error: name: text of 16 bytes is too long (valid: text of at most 8 bytes)");
    double v[4] = {0};
    int n = 0;
    const double def[2] = {1, 2};
    assert_int_equal(es_cfg_get_double_list(c, "l1", def, 2, 3, 3, 0, 1, NULL, v, &n), ES_ERR_INPUT);
    assert_int_equal(n, 2);
    assert_true(v[0] == 1 && v[1] == 2);
    cfg_has(c, "s.yaml:6:5: error: l1: 2 values (valid: 3 values)");
    assert_int_equal(es_cfg_get_double_list(c, "l2", def, 2, 1, 4, 0, 1, "share", v, &n), ES_ERR_INPUT);
    cfg_has(c, "s.yaml:7:11: error: l2.1: expected a number, got 'x' (valid: 0 to 1 share)");
    cfg_has(c, "s.yaml:7:14: error: l2.2: 2 is out of range (valid: 0 to 1 share)");
    assert_int_equal(es_cfg_get_double_list(c, "l3", def, 2, 1, 4, 0, 1, NULL, v, &n), ES_ERR_INPUT);
    cfg_has(c, "l3: expected a list of numbers, got '0.5'");
    assert_int_equal(es_cfg_seq_len(c, "seq"), -1);
    cfg_has(c, "s.yaml:9:6: error: seq: expected a sequence, got a mapping");
    assert_int_equal(es_cfg_get_string(c, "nm", "d", 10, &s), ES_ERR_INPUT);
    cfg_has(c, "nm: expected a string, got a mapping");
    assert_int_equal(es_cfg_error_count(c), 10);
    es_cfg_free(c);
}

static void test_blocked_path(void **state)
{
    (void)state;
    es_cfg *c = load_ok("years: 5\nempty:\nlist: [1, 2]\n");
    int64_t v = 0;
    assert_int_equal(es_cfg_get_int(c, "years.start", 2000, 1900, 2100, NULL, &v), ES_ERR_INPUT);
    assert_int_equal(v, 2000);
    assert_int_equal(es_cfg_get_int(c, "years.end", 2010, 1900, 2100, NULL, &v), ES_ERR_INPUT);
    assert_int_equal(es_cfg_get_int(c, "list.x", 1, 0, 10, NULL, &v), ES_ERR_INPUT);
    /* a null section is absent, its keys take their defaults */
    assert_int_equal(es_cfg_get_int(c, "empty.start", 2000, 1900, 2100, NULL, &v), ES_OK);
    assert_int_equal(v, 2000);
    cfg_has(c, "s.yaml:1:8: error: years: expected a mapping with key 'start', got '5'");
    cfg_has(c, "s.yaml:3:7: error: list: expected a mapping with key 'x', got a sequence");
    assert_int_equal(es_cfg_error_count(c), 2); /* reported once per node */
    es_cfg_free(c);
}

static void test_several_errors_one_pass(void **state)
{
    (void)state;
    es_cfg *c = load_ok("a: 1.5\nb: 10abc\nc: yes\nd: 3\n");
    double a;
    int64_t bv, dv;
    int cv;
    es_cfg_get_double(c, "a", 0, 0, 1, NULL, &a);
    es_cfg_get_int(c, "b", 0, 0, 100, NULL, &bv);
    es_cfg_get_bool(c, "c", 0, &cv);
    assert_int_equal(es_cfg_get_int(c, "d", 0, 0, 100, NULL, &dv), ES_OK);
    assert_int_equal(es_cfg_error_count(c), 3);
    const es_diag *d = es_cfg_diag(c);
    assert_int_equal(d->n, 3);
    assert_non_null(strstr(d->msg[0], "s.yaml:1:4: error: a:"));
    assert_non_null(strstr(d->msg[1], "s.yaml:2:4: error: b:"));
    assert_non_null(strstr(d->msg[2], "s.yaml:3:4: error: c:"));
    es_cfg_free(c);
}

/* ---- unknown keys ------------------------------------------------------------------------ */

static void test_unknown_keys(void **state)
{
    (void)state;
    es_cfg *c = load_ok("educaton:\n  x: 1\n"
                        "years:\n  strat: 2000\n  end: 2010\n"
                        "regions:\n  - name: a\n    popultion: 5\n  - name: b\n    population: 3\n"
                        "zzzzqqqq: 1\n"
                        "free: {anything: [1, 2]}\n");
    double v;
    int64_t iv;
    const char *s;
    es_cfg_get_double(c, "education.x", 0, 0, 10, NULL, &v);
    es_cfg_get_int(c, "years.start", 0, 0, 3000, NULL, &iv);
    es_cfg_get_int(c, "years.end", 0, 0, 3000, NULL, &iv);
    es_cfg_get_int(c, "years.burn_in", 0, 0, 3000, NULL, &iv);
    es_cfg_declare(c, "regions");
    es_cfg_get_string(c, "regions.0.name", "", 20, &s);
    es_cfg_get_string(c, "regions.1.name", "", 20, &s);
    es_cfg_get_double(c, "regions.1.population", 0, 0, 1e9, NULL, &v);
    es_cfg_get_double(c, "seed", 0, 0, 1e9, NULL, &v);
    es_cfg_declare(c, "free");
    assert_int_equal(es_cfg_error_count(c), 0);
    assert_int_equal(es_cfg_check_unknown(c), 4);
    cfg_has(c, "s.yaml:1:1: error: educaton: unknown key (did you mean 'education'?)");
    cfg_has(c, "s.yaml:4:3: error: years.strat: unknown key (did you mean 'start'?)");
    cfg_has(c, "s.yaml:8:5: error: regions.0.popultion: unknown key (did you mean 'population'?)");
    cfg_has(c, "s.yaml:11:1: error: zzzzqqqq: unknown key (known keys here: education, free, regions, seed, years)");
    assert_int_equal(es_cfg_error_count(c), 4);
    es_cfg_free(c);
}

/* Many unknown keys: the first ones one by one with their suggestion, the rest in one
 * message that counts them; the error count is every unknown key; a long key path is
 * shown with its middle elided. */
static void test_many_unknown_keys(void **state)
{
    (void)state;
    enum { N = 250 };
    char *text = malloc(N * 32 + 2048);
    assert_non_null(text);
    size_t o = 0;
    o += (size_t)sprintf(text + o, "seed: 1\n");
    for (int i = 0; i < N; i++) o += (size_t)sprintf(text + o, "sede%d: 1\n", i);
    es_cfg *c = load_ok(text);
    double v;
    es_cfg_get_double(c, "seed", 0, 0, 1e9, NULL, &v);
    assert_int_equal(es_cfg_check_unknown(c), N);
    const es_diag *d = es_cfg_diag(c);
    assert_int_equal(d->n, 100);
    cfg_has(c, "s.yaml:2:1: error: sede0: unknown key (did you mean 'seed'?)");
    cfg_has(c, "s.yaml:100:1: error: sede98: unknown key");
    cfg_has(c, "s.yaml:101:1: error: and 151 more unknown keys from here on (not listed; limit: the first 99 unknown "
               "keys are reported one by one)");
    assert_int_equal(es_cfg_error_count(c), N);
    /* the count goes along when the messages are copied */
    es_diag all;
    es_diag_init(&all);
    es_diag_add(&all, "an earlier error");
    es_diag_append(&all, d);
    assert_int_equal(es_diag_count(&all), N + 1);
    es_diag_free(&all);
    es_cfg_free(c);
    /* a key of 700 bytes: shown with its middle elided */
    o = 0;
    for (int i = 0; i < 700; i++) text[o++] = 'k';
    o += (size_t)sprintf(text + o, ": 1\n");
    c = load_ok(text);
    assert_int_equal(es_cfg_check_unknown(c), 1);
    d = es_cfg_diag(c);
    assert_int_equal(d->n, 1);
    assert_non_null(strstr(d->msg[0], "s.yaml:1:1: error: kkkk"));
    assert_non_null(strstr(d->msg[0], "kkk...kkk"));
    assert_non_null(strstr(d->msg[0], "kkk: unknown key"));
    assert_true(strlen(d->msg[0]) < 600);
    es_cfg_free(c);
    free(text);
}

/* ---- --set ------------------------------------------------------------------------------- */

static void test_set_overrides(void **state)
{
    (void)state;
    es_cfg *c = load_ok("years:\n  start: 2004\n  end: 2030\n"
                        "policies:\n  - type: cofinancing\n    start: 2011\n"
                        "rates: [1, 2]\nsection:\n");
    es_diag d;
    es_diag_init(&d);
    assert_int_equal(es_cfg_set(c, "years.start=2010", &d), ES_OK);
    assert_int_equal(es_cfg_set(c, "new.deep.key=0.25", &d), ES_OK);
    assert_int_equal(es_cfg_set(c, "policies.0.end=2020", &d), ES_OK);
    assert_int_equal(es_cfg_set(c, "rates=[3, 4, 5]", &d), ES_OK);
    assert_int_equal(es_cfg_set(c, "name=\"a b: c\"", &d), ES_OK);
    assert_int_equal(es_cfg_set(c, "section.x=7", &d), ES_OK);
    assert_int_equal(es_cfg_set(c, "years.end=20x", &d), ES_OK);
    assert_int_equal(d.n, 0);
    int64_t iv;
    double dv;
    assert_int_equal(es_cfg_get_int(c, "years.start", 0, 1900, 2100, NULL, &iv), ES_OK);
    assert_int_equal(iv, 2010);
    assert_int_equal(es_cfg_get_double(c, "new.deep.key", 0, 0, 1, NULL, &dv), ES_OK);
    assert_true(dv == 0.25);
    assert_int_equal(es_cfg_get_int(c, "policies.0.end", 0, 1900, 2100, NULL, &iv), ES_OK);
    assert_int_equal(iv, 2020);
    assert_int_equal(es_cfg_get_int(c, "section.x", 0, 0, 10, NULL, &iv), ES_OK);
    assert_int_equal(iv, 7);
    double r[4];
    int n = 0;
    assert_int_equal(es_cfg_get_double_list(c, "rates", NULL, 0, 0, 4, 0, 10, NULL, r, &n), ES_OK);
    assert_int_equal(n, 3);
    assert_true(r[0] == 3 && r[2] == 5);
    const char *s;
    assert_int_equal(es_cfg_get_string(c, "name", "", 40, &s), ES_OK);
    assert_string_equal(s, "a b: c");
    assert_int_equal(es_cfg_get_int(c, "years.end", 0, 1900, 2100, NULL, &iv), ES_ERR_INPUT);
    cfg_has(c, "--set years.end=20x:1:11: error: years.end: expected an integer, got '20x'");
    char where[128];
    es_cfg_where(c, "new.deep.key", where, sizeof where);
    assert_string_equal(where, "--set new.deep.key=0.25:1:10");
    es_cfg_where(c, "years.start", where, sizeof where);
    assert_string_equal(where, "s.yaml:2:3"); /* the key stays where the file has it */

    /* errors */
    assert_int_equal(es_cfg_set(c, "years.start", &d), ES_ERR_INPUT);
    assert_true(has_msg(&d, "--set years.start: error: missing '='"));
    assert_int_equal(es_cfg_set(c, "=5", &d), ES_ERR_INPUT);
    assert_true(has_msg(&d, "--set =5: error: empty key"));
    assert_int_equal(es_cfg_set(c, "a..b=5", &d), ES_ERR_INPUT);
    assert_true(has_msg(&d, "--set a..b=5: error: empty key component"));
    assert_int_equal(es_cfg_set(c, "years=5", &d), ES_ERR_INPUT);
    assert_true(has_msg(&d, "--set years=5: error: years: cannot replace the mapping at s.yaml:2:3 by a single value"));
    assert_int_equal(es_cfg_set(c, "policies.3.end=1", &d), ES_ERR_INPUT);
    assert_true(has_msg(&d, "--set policies.3.end=1: error: policies: index 3 is out of range (valid: 0 to 0)"));
    assert_int_equal(es_cfg_set(c, "policies.x=1", &d), ES_ERR_INPUT);
    assert_true(has_msg(&d, "policies: a sequence has no key 'x'"));
    assert_int_equal(es_cfg_set(c, "years.start.x=1", &d), ES_ERR_INPUT);
    assert_true(has_msg(&d, "--set years.start.x=1: error: years.start: is a single value at --set years.start=2010:1:13"));
    assert_int_equal(es_cfg_set(c, "rates=[1, 2", &d), ES_ERR_INPUT);
    assert_true(has_msg(&d, "--set rates=[1, 2:1:"));
    assert_int_equal(d.n, 8);
    /* the failed overrides changed nothing */
    assert_int_equal(es_cfg_is_map(c, "years"), 1);
    assert_int_equal(es_cfg_seq_len(c, "policies"), 1);
    es_diag_free(&d);
    es_cfg_free(c);
}

/* --set KEY.I=v on a list the file does not spell out changes element I of the
 * default list; any other key, a bad number or a value out of range stops with its
 * position, and a list of variable length (no fixed default) still needs a list. */
static void test_set_list_element(void **state)
{
    (void)state;
    es_cfg *c = load_ok("a: 1\n");
    es_diag d;
    es_diag_init(&d);
    assert_int_equal(es_cfg_set(c, "pass.3=0.5", &d), ES_OK);
    assert_int_equal(es_cfg_set(c, "pass.0=0.25", &d), ES_OK);
    assert_int_equal(es_cfg_set(c, "bad.7=0.5", &d), ES_OK);
    assert_int_equal(es_cfg_set(c, "word.1=x", &d), ES_OK);
    assert_int_equal(es_cfg_set(c, "big.1=2", &d), ES_OK);
    assert_int_equal(es_cfg_set(c, "var.0=1", &d), ES_OK);
    assert_int_equal(d.n, 0);
    const double def[5] = {0.97, 0.95, 0.93, 0.88, 0.91};
    double v[5];
    int n = 0;
    assert_int_equal(es_cfg_get_double_list(c, "pass", def, 5, 5, 5, 0, 1, "probability", v, &n), ES_OK);
    assert_int_equal(n, 5);
    assert_true(v[0] == 0.25 && v[1] == 0.95 && v[2] == 0.93 && v[3] == 0.5 && v[4] == 0.91);
    assert_int_equal(es_cfg_get_double_list(c, "bad", def, 5, 5, 5, 0, 1, "probability", v, &n), ES_ERR_INPUT);
    cfg_has(c, "--set bad.7=0.5:1:7: error: bad: '7' is not an element of the list (valid: an index 0 to 4, or a list of 5 values)");
    assert_true(v[3] == 0.88); /* left at the defaults */
    assert_int_equal(es_cfg_get_double_list(c, "word", def, 5, 5, 5, 0, 1, "probability", v, &n), ES_ERR_INPUT);
    cfg_has(c, "word.1: expected a number, got 'x'");
    assert_int_equal(es_cfg_get_double_list(c, "big", def, 5, 5, 5, 0, 1, "probability", v, &n), ES_ERR_INPUT);
    cfg_has(c, "big.1: 2 is out of range (valid: 0 to 1 probability)");
    assert_int_equal(es_cfg_get_double_list(c, "var", NULL, 0, 0, 4, 0, 10, NULL, v, &n), ES_ERR_INPUT);
    cfg_has(c, "var: expected a list of numbers, got a mapping");
    es_diag_free(&d);
    es_cfg_free(c);
}

static void test_set_unknown_and_custom_error(void **state)
{
    (void)state;
    es_cfg *c = load_ok("years: {start: 2000}\n");
    es_diag d;
    es_diag_init(&d);
    assert_int_equal(es_cfg_set(c, "yaers.start=1", &d), ES_OK);
    int64_t v = 0;
    assert_int_equal(es_cfg_get_int(c, "years.start", 1, 0, 3000, NULL, &v), ES_OK);
    assert_int_equal(v, 2000);
    assert_int_equal(es_cfg_check_unknown(c), 1);
    cfg_has(c, "--set yaers.start=1:1:1: error: yaers: unknown key (did you mean 'years'?)");
    es_cfg_error(c, "years.end", "custom %d", 5); /* absent: the file is the position */
    cfg_has(c, "s.yaml: error: years.end: custom 5");
    es_cfg_error(c, "years.start", "custom %s", "x");
    cfg_has(c, "s.yaml:1:9: error: years.start: custom x");
    assert_int_equal(es_cfg_error_count(c), 3);
    assert_int_equal(d.n, 0);
    es_diag_free(&d);
    es_cfg_free(c);
}

/* ---- resolved YAML --------------------------------------------------------------------- */

typedef struct vals {
    double p, tiny, third;
    int64_t seed, big;
    int on;
    int ch;
    const char *name;
    double list[4];
    int nlist;
    int64_t start[2];
    int pt[2];
} vals;

static void read_all(es_cfg *c, vals *v)
{
    static const double dl[3] = {0.1, 0.2, 0.7};
    es_cfg_get_string(c, "name", "weird \"name\"\n\twith tab", 80, &v->name);
    es_cfg_get_int(c, "seed", 1, 0, INT64_MAX, NULL, &v->seed);
    es_cfg_get_double(c, "edu.p", 0.1, 0, 1, NULL, &v->p);
    es_cfg_get_double(c, "edu.tiny", 1e-300 / 3, 0, 1, NULL, &v->tiny);
    es_cfg_get_double(c, "edu.third", 1.0 / 3.0, 0, 1, NULL, &v->third);
    es_cfg_get_int(c, "edu.big", -9000000000000000000LL, INT64_MIN, INT64_MAX, NULL, &v->big);
    es_cfg_get_bool(c, "edu.flags.on", 1, &v->on);
    es_cfg_get_double_list(c, "edu.shares", dl, 3, 3, 3, 0, 1, NULL, v->list, &v->nlist);
    es_cfg_get_choice(c, "mode", 1, ptypes, 3, &v->ch);
    es_cfg_declare(c, "policies");
    int n = es_cfg_seq_len(c, "policies");
    assert_int_equal(n, 2);
    for (int i = 0; i < n; i++) {
        char k[64];
        snprintf(k, sizeof k, "policies.%d.type", i);
        es_cfg_get_choice(c, k, 2, ptypes, 3, &v->pt[i]);
        snprintf(k, sizeof k, "policies.%d.start", i);
        es_cfg_get_int(c, k, 2000, 1900, 2100, "year", &v->start[i]);
    }
}

static void test_resolved_round_trip(void **state)
{
    (void)state;
    es_cfg *c = load_ok("seed: 7\nedu: {p: 0.3}\npolicies:\n  - type: subsidy\n    start: 2011\n  - {type: none}\n"
                        "mode: cofinancing\n");
    vals a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    read_all(c, &a);
    assert_int_equal(es_cfg_error_count(c), 0);
    assert_int_equal(es_cfg_check_unknown(c), 0);
    char *y = es_cfg_resolved_yaml(c);
    assert_non_null(y);
    const char *want =
        "name: \"weird \\\"name\\\"\\n\\twith tab\"\n"
        "seed: 7\n"
        "edu:\n"
        "  p: 0.3\n"
        "  tiny: 3.3333333333333334e-301\n"
        "  third: 0.3333333333333333\n"
        "  big: -9000000000000000000\n"
        "  flags:\n"
        "    on: true\n"
        "  shares: [0.1, 0.2, 0.7]\n"
        "mode: \"cofinancing\"\n"
        "policies:\n"
        "  - type: \"subsidy\"\n"
        "    start: 2011\n"
        "  - type: \"none\"\n"
        "    start: 2000\n";
    if (strcmp(y, want) != 0) fprintf(stderr, "resolved:\n%s", y);
    assert_string_equal(y, want);

    es_cfg *c2 = load_ok(y);
    read_all(c2, &b);
    assert_int_equal(es_cfg_error_count(c2), 0);
    assert_int_equal(es_cfg_check_unknown(c2), 0);
    assert_string_equal(a.name, b.name);
    assert_true(a.p == b.p && a.tiny == b.tiny && a.third == b.third);
    assert_true(a.seed == b.seed && a.big == b.big && a.on == b.on && a.ch == b.ch);
    assert_int_equal(b.nlist, 3);
    assert_memory_equal(a.list, b.list, sizeof a.list);
    assert_memory_equal(a.start, b.start, sizeof a.start);
    assert_memory_equal(a.pt, b.pt, sizeof a.pt);
    char *y2 = es_cfg_resolved_yaml(c2);
    assert_non_null(y2);
    assert_string_equal(y, y2);
    free(y);
    free(y2);
    es_cfg_free(c2);
    es_cfg_free(c);

    /* nothing asked: still a loadable document */
    c = load_ok("a: 1\n");
    y = es_cfg_resolved_yaml(c);
    assert_non_null(y);
    assert_string_equal(y, "{}\n");
    free(y);
    es_cfg_free(c);
}

/* ---- files ------------------------------------------------------------------------------ */

static void test_load_file(void **state)
{
    (void)state;
    const char *path = EDUSIM_TEST_TMP "/test_cfg_file.yaml";
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("years:\n  start: 2004\n  ned: 2030\n", f);
    fclose(f);
    es_diag d;
    es_diag_init(&d);
    es_cfg *c = NULL;
    assert_int_equal(es_cfg_load_file(path, NULL, &c, &d), ES_OK);
    assert_non_null(c);
    assert_string_equal(es_cfg_name(c), path);
    int64_t v;
    es_cfg_get_int(c, "years.start", 0, 1900, 2100, NULL, &v);
    es_cfg_get_int(c, "years.end", 0, 1900, 2100, NULL, &v);
    assert_int_equal(es_cfg_check_unknown(c), 1);
    char want[512];
    snprintf(want, sizeof want, "%s:3:3: error: years.ned: unknown key (did you mean 'end'?)", path);
    cfg_has(c, want);
    es_cfg_free(c);

    /* over the size limit: rejected from stat */
    es_cfg_limits lim = es_cfg_default_limits();
    lim.max_file_bytes = 16;
    c = (es_cfg *)&d;
    assert_int_equal(es_cfg_load_file(path, &lim, &c, &d), ES_ERR_LIMIT);
    assert_null(c);
    snprintf(want, sizeof want, "%s: error: file of 33 bytes is larger than the limit of 16 bytes (limit max_file_bytes)", path);
    assert_true(has_msg(&d, want));
    remove(path);

    const char *missing = EDUSIM_TEST_TMP "/no_such_dir/missing.yaml";
    assert_int_equal(es_cfg_load_file(missing, NULL, &c, &d), ES_ERR_IO);
    assert_null(c);
    snprintf(want, sizeof want, "%s: error: cannot open the file: No such file or directory", missing);
    assert_true(has_msg(&d, want));
    assert_int_equal(es_cfg_load_file(EDUSIM_TEST_TMP, NULL, &c, &d), ES_ERR_IO);
    assert_true(has_msg(&d, "it is a directory"));
    es_diag_free(&d);
}


/* Class 5 of issue 22: the sets of valid names, and the getter's message. */
static void test_names(void **state)
{
    (void)state;
    char b[64];
    static const char *const safe_ok[] = {"base", "more_wo", "nl-2030", "a.b+c", "s63", "X"};
    for (size_t i = 0; i < sizeof safe_ok / sizeof *safe_ok; i++)
        assert_null(es_name_problem(safe_ok[i], ES_NAME_SAFE, b, sizeof b));
    static const char *const safe_bad[] = {"", "../../escaped", "/abs", "a/b", ".hidden", "..", "-o", "a b",
                                           "a@1", "x\x1b[2J", "caf\xc3\xa9",
                                           "0123456789012345678901234567890123456789012345678901234567890123"};
    for (size_t i = 0; i < sizeof safe_bad / sizeof *safe_bad; i++)
        assert_non_null(es_name_problem(safe_bad[i], ES_NAME_SAFE, b, sizeof b));
    assert_null(es_name_problem("Noord-Holland", ES_NAME_TEXT, b, sizeof b));
    assert_null(es_name_problem("Frysl\xc3\xa2n", ES_NAME_TEXT, b, sizeof b));
    assert_null(es_name_problem("Mid region", ES_NAME_TEXT, b, sizeof b));
    assert_non_null(es_name_problem("a\tb", ES_NAME_TEXT, b, sizeof b));
    assert_non_null(es_name_problem("a\x7f", ES_NAME_TEXT, b, sizeof b));
    assert_non_null(es_name_problem("", ES_NAME_TEXT, b, sizeof b));
    assert_null(es_name_problem("transitions.vwo_to_wo", ES_NAME_KEY, b, sizeof b));
    assert_null(es_name_problem("policies.0.intensity", ES_NAME_KEY, b, sizeof b));
    assert_non_null(es_name_problem("a..b", ES_NAME_KEY, b, sizeof b));
    assert_non_null(es_name_problem(".a", ES_NAME_KEY, b, sizeof b));
    assert_non_null(es_name_problem("a=1", ES_NAME_KEY, b, sizeof b));

    es_cfg *c = load_ok("name: \"../../escaped\"\nregion: \"Noord\\tHolland\"\nok: base\n");
    const char *v = NULL;
    assert_int_equal(es_cfg_get_name(c, "name", "scenario", ES_NAME_SAFE, &v), ES_ERR_INPUT);
    assert_string_equal(v, "scenario");
    assert_int_equal(es_cfg_get_name(c, "region", "r", ES_NAME_TEXT, &v), ES_ERR_INPUT);
    assert_int_equal(es_cfg_get_name(c, "ok", "x", ES_NAME_SAFE, &v), ES_OK);
    assert_string_equal(v, "base");
    assert_true(has_msg(es_cfg_diag(c), "s.yaml:1:7: error: name: '../../escaped' is not a valid name: it starts with '.' (valid: 1 to 63 characters"));
    assert_true(has_msg(es_cfg_diag(c), "s.yaml:2:9: error: region: 'Noord?Holland' is not a valid name: it contains the byte \\x09"));
    assert_int_equal(es_cfg_error_count(c), 2);
    /* through --set: the message names the argument */
    es_diag d;
    es_diag_init(&d);
    assert_int_equal(es_cfg_set(c, "ok=/etc/x", &d), ES_OK);
    assert_int_equal(es_cfg_get_name(c, "ok", "x", ES_NAME_SAFE, &v), ES_ERR_INPUT);
    assert_true(has_msg(es_cfg_diag(c), "--set ok=/etc/x:1:4: error: ok: '/etc/x' is not a valid name: it contains '/'"));
    es_diag_free(&d);
    es_cfg_free(c);
}

/* Class 6: every explicit tag is refused, the core schema's too, at the node. */
static void test_tags_refused(void **state)
{
    (void)state;
    load_fails("seed: !!str 7\n", ES_ERR_INPUT, "s.yaml:1:7: error: seed: unsupported tag '!!str' (valid: no tags");
    load_fails("seed: !!int 7\n", ES_ERR_INPUT, "s.yaml:1:7: error: seed: unsupported tag '!!int'");
    load_fails("a: {b: !!float 1}\n", ES_ERR_INPUT, "s.yaml:1:8: error: a.b: unsupported tag '!!float'");
    load_fails("seed: ! 7\n", ES_ERR_INPUT, "s.yaml:1:7: error: seed: unsupported tag '!'");
    load_fails("l: !!seq [1, 2]\n", ES_ERR_INPUT, "s.yaml:1:4: error: l: unsupported tag '!!seq'");
    load_fails("l: [1, !!bool true]\n", ES_ERR_INPUT, "s.yaml:1:8: error: l.1: unsupported tag '!!bool'");
    load_fails("x: 1\n!!str seed: 7\n", ES_ERR_INPUT, "s.yaml:2:1: error: unsupported tag '!!str' on a key");
    load_fails("a: &x !!str 1\nb: *x\n", ES_ERR_INPUT, "s.yaml:1:4: error: a: unsupported tag '!!str'");
    /* an exclamation mark inside a value is text, not a tag */
    es_cfg *c = load_ok("name: \"!!str 7\"\nother: a!b\n");
    es_cfg_free(c);
}

/* Control bytes of any message are stored escaped, whoever prints it. */
static void test_diag_escapes(void **state)
{
    (void)state;
    es_diag d;
    es_diag_init(&d);
    es_diag_add(&d, "f: '%s' and %s", "a\x1b[2Jb\r\n", "tab\there\x7f");
    assert_int_equal(d.n, 1);
    assert_string_equal(d.msg[0], "f: 'a\\x1b[2Jb\\x0d\\x0a' and tab\\x09here\\x7f");
    es_diag_add(&d, "plain %d", 3);
    assert_string_equal(d.msg[1], "plain 3");
    es_diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_document),
        cmocka_unit_test(test_aliases_copied),
        cmocka_unit_test(test_duplicate_key),
        cmocka_unit_test(test_complex_key_and_tag),
        cmocka_unit_test(test_empty_and_top_level),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_billion_laughs),
        cmocka_unit_test(test_size_limits),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_number_rejects),
        cmocka_unit_test(test_bool_choice_string_list),
        cmocka_unit_test(test_blocked_path),
        cmocka_unit_test(test_several_errors_one_pass),
        cmocka_unit_test(test_unknown_keys),
        cmocka_unit_test(test_set_overrides),
        cmocka_unit_test(test_set_list_element),
        cmocka_unit_test(test_set_unknown_and_custom_error),
        cmocka_unit_test(test_resolved_round_trip),
        cmocka_unit_test(test_many_unknown_keys),
        cmocka_unit_test(test_load_file),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_tags_refused),
        cmocka_unit_test(test_diag_escapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
