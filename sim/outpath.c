/* outpath.c - what an output path may name, and what an input file may be.
 *
 * A results file is written as PATH.partial and renamed to PATH, so both names are
 * checked: each must be nothing yet or a regular file. Opening a device, a FIFO or a
 * directory for writing would block, write into the device (as root, /dev/null became
 * an HDF5 file) or fail late; a symbolic link would be followed by the create and
 * replaced by the rename, so neither the link nor its target would be what the user
 * named. An output that is one of the command's inputs would be read while truncated.
 * Inputs must be regular files for the same reason the other way round: a FIFO blocks
 * the reader forever. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "edusim/output.h"

static const char *kind(mode_t m)
{
    if (S_ISDIR(m)) return "a directory";
    if (S_ISCHR(m)) return "a character device";
    if (S_ISBLK(m)) return "a block device";
    if (S_ISFIFO(m)) return "a FIFO (named pipe)";
    if (S_ISSOCK(m)) return "a socket";
    if (S_ISLNK(m)) return "a symbolic link";
    if (S_ISREG(m)) return "a regular file";
    return "not a regular file";
}

/* One name: nothing there, or a regular file that is none of the inputs. */
static es_status check_one(const char *what, const char *p, const struct stat *in, int nin,
                           const char *const *inputs, es_diag *d)
{
    struct stat sb;
    if (lstat(p, &sb) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) return ES_OK; /* the directory check says more */
        es_diag_add(d, "%s '%s': %s", what, p, strerror(errno));
        return ES_ERR_IO;
    }
    if (S_ISLNK(sb.st_mode)) {
        struct stat tb;
        const char *to = stat(p, &tb) == 0 ? kind(tb.st_mode) : "nothing";
        es_diag_add(d, "%s '%s' is a symbolic link (to %s); name the file itself (valid: a regular file or a new name)",
                    what, p, to);
        return ES_ERR_INPUT;
    }
    if (!S_ISREG(sb.st_mode)) {
        es_diag_add(d, "%s '%s' is %s (valid: a regular file or a new name)", what, p, kind(sb.st_mode));
        return ES_ERR_INPUT;
    }
    for (int i = 0; i < nin; i++)
        if (in[i].st_ino == sb.st_ino && in[i].st_dev == sb.st_dev) {
            es_diag_add(d, "%s '%s' is also an input of this command ('%s'); write the results elsewhere", what, p,
                        inputs[i]);
            return ES_ERR_INPUT;
        }
    return ES_OK;
}

es_status es_output_check_path(const char *path, const char *const *inputs, int ninputs, es_diag *d)
{
    if (!path || !path[0]) {
        es_diag_add(d, "the results file name is empty");
        return ES_ERR_INPUT;
    }
    size_t n = strlen(path);
    if (path[n - 1] == '/') {
        es_diag_add(d, "results file '%s' names a directory (valid: a file name)", path);
        return ES_ERR_INPUT;
    }
    struct stat *in = calloc((size_t)(ninputs > 0 ? ninputs : 1), sizeof *in);
    char *tmp = malloc(n + sizeof ".partial");
    if (!in || !tmp) {
        free(in);
        free(tmp);
        return ES_ERR_NOMEM;
    }
    const char **names = malloc((size_t)(ninputs > 0 ? ninputs : 1) * sizeof *names);
    es_status st = names ? ES_OK : ES_ERR_NOMEM;
    int nin = 0; /* the inputs that exist, with their names alongside */
    for (int i = 0; st == ES_OK && i < ninputs; i++)
        if (inputs[i] && stat(inputs[i], &in[nin]) == 0) names[nin++] = inputs[i];
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".partial", sizeof ".partial");
    if (st == ES_OK) st = check_one("results file", path, in, nin, names, d);
    if (st == ES_OK) st = check_one("results file", tmp, in, nin, names, d);
    free(names);
    free(in);
    free(tmp);
    return st;
}

es_status es_input_check_file(const char *what, const char *path, es_diag *d)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        es_diag_add(d, "cannot read %s '%s': %s", what, path, strerror(errno));
        return ES_ERR_IO;
    }
    if (!S_ISREG(sb.st_mode)) {
        es_diag_add(d, "%s '%s' is %s (valid: a regular file)", what, path, kind(sb.st_mode));
        return ES_ERR_INPUT;
    }
    return ES_OK;
}

FILE *es_input_open(const char *what, const char *path, es_status *st, es_diag *d)
{
    /* Opened without blocking, then checked on the open descriptor: a FIFO swapped in
     * after a stat() cannot make the reader wait. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
    struct stat sb;
    if (fd < 0) {
        es_diag_add(d, "cannot read %s '%s': %s", what, path, strerror(errno));
        *st = ES_ERR_IO;
        return NULL;
    }
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        es_diag_add(d, "%s '%s' is %s (valid: a regular file)", what, path, kind(sb.st_mode));
        close(fd);
        *st = ES_ERR_INPUT;
        return NULL;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        es_diag_add(d, "cannot read %s '%s': %s", what, path, strerror(errno));
        close(fd);
        *st = ES_ERR_IO;
        return NULL;
    }
    *st = ES_OK;
    return f;
}
