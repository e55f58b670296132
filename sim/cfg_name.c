/* cfg_name.c - the sets of valid names (docs/hardening.md, class 5).
 *
 * A scenario's name becomes the default output file ("NAME.h5") and a sweep's names
 * become HDF5 attribute values and the "NAME@P" variants; a name such as
 * "../../escaped" or "/etc/x" would write outside the working folder, and a control
 * character would reach the terminal. Names that become file names or path
 * components are therefore held to a strict portable set; names that are only data
 * (regions are real place names with spaces) only exclude control characters. */
#include "cfg_internal.h"

#include <stdio.h>
#include <string.h>

#define ES_NAME_MAX 63
#define ES_KEY_MAX 127

static int is_alnum(unsigned char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
}

const char *es_name_rule(es_name_kind kind)
{
    switch (kind) {
    case ES_NAME_SAFE:
        return "1 to 63 characters of A-Z a-z 0-9 _ . + -, not starting with '.' or '-'";
    case ES_NAME_KEY:
        return "a dotted key of A-Z a-z 0-9 _ such as transitions.vwo_to_wo, at most 127 characters";
    default:
        return "1 to 63 bytes without control characters";
    }
}

static const char *bad_char(unsigned char ch, char *buf, size_t n)
{
    if (ch < 0x20 || ch == 0x7f || ch >= 0x80) snprintf(buf, n, "contains the byte \\x%02x", ch);
    else snprintf(buf, n, "contains '%c'", ch);
    return buf;
}

const char *es_name_problem(const char *s, es_name_kind kind, char *buf, size_t n)
{
    size_t len = s ? strlen(s) : 0, max = kind == ES_NAME_KEY ? ES_KEY_MAX : ES_NAME_MAX;
    if (!n) return "invalid";
    if (len == 0) return "is empty";
    if (len > max) {
        snprintf(buf, n, "is %zu bytes long", len);
        return buf;
    }
    if (kind == ES_NAME_SAFE && (s[0] == '.' || s[0] == '-')) {
        snprintf(buf, n, "starts with '%c'", s[0]);
        return buf;
    }
    if (kind == ES_NAME_KEY && (s[0] == '.' || s[len - 1] == '.' || strstr(s, ".."))) return "has an empty component";
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        int ok;
        if (kind == ES_NAME_SAFE) ok = is_alnum(ch) || ch == '_' || ch == '.' || ch == '+' || ch == '-';
        else if (kind == ES_NAME_KEY) ok = is_alnum(ch) || ch == '_' || ch == '.';
        else ok = ch >= 0x20 && ch != 0x7f;
        if (!ok) return bad_char(ch, buf, n);
    }
    return NULL;
}

es_status es_cfg_get_name(es_cfg *c, const char *key, const char *def, es_name_kind kind,
                          const char **out)
{
    size_t max = kind == ES_NAME_KEY ? ES_KEY_MAX : ES_NAME_MAX;
    /* a longer text is read whole so that the message can say what is wrong with it */
    es_status st = es_cfg_get_string(c, key, def, c ? c->lim.max_scalar_len : max, out);
    if (st != ES_OK) return st;
    char why[64];
    const char *p = es_name_problem(*out, kind, why, sizeof why);
    if (!p) return ES_OK;
    char shown[80];
    es_cfg_show(shown, sizeof shown, *out, strlen(*out));
    cn *n = NULL;
    size_t pl;
    /* at the value (a --set names its own argument), as every getter's message */
    if (es_cfg_lookup(c, key, &n, &pl) == LK_FOUND)
        es_cfg_add_err(&c->diag, n->src, n->line, n->col, key, strlen(key), "%s is not a valid name: it %s (valid: %s)",
                       shown, p, es_name_rule(kind));
    else
        es_cfg_error(c, key, "%s is not a valid name: it %s (valid: %s)", shown, p, es_name_rule(kind));
    *out = def;
    return ES_ERR_INPUT;
}
