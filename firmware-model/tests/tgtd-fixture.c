/*
 * Test harness: a private tgtd on 127.0.0.1 (see tgtd-fixture.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "tgtd-fixture.h"

#define MAX_FIXTURES    4
#define MAX_ARGS        24
#define RUN_DIR         "/run/tgtd"

static TgtdFixture *fixtures[MAX_FIXTURES];

void tgtd_pattern(uint64_t off, uint8_t *buf, size_t len)
{
    size_t i;
    uint64_t o, block;

    for (i = 0; i < len; i++) {
        o = off + i;
        block = o >> 9;
        buf[i] = (uint8_t)(block * 37 + (block >> 8) * 11 + (o & 511) * 13 +
                           ((o & 511) >> 8));
    }
}

static int64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000ll + ts.tv_nsec / 1000000;
}

static void sleep_ms(unsigned ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

    nanosleep(&ts, NULL);
}

static bool in_path(const char *prog)
{
    const char *path = getenv("PATH");
    char buf[512];
    const char *p, *end;

    if (!path) {
        path = "/usr/sbin:/usr/bin:/sbin:/bin";
    }
    for (p = path; *p; p = *end ? end + 1 : end) {
        end = strchr(p, ':');
        if (!end) {
            end = p + strlen(p);
        }
        snprintf(buf, sizeof(buf), "%.*s/%s", (int)(end - p), p, prog);
        if (access(buf, X_OK) == 0) {
            return true;
        }
    }
    return false;
}

bool tgtd_available(void)
{
    if (!in_path("tgtd") || !in_path("tgtadm")) {
        fprintf(stderr, "tgtd-fixture: tgtd/tgtadm not found "
                "(apt-get install tgt)\n");
        return false;
    }
    return true;
}

/* A TCP port of 127.0.0.1 nobody listens on. */
static int free_port(void)
{
    struct sockaddr_in sa = { .sin_family = AF_INET };
    socklen_t len = sizeof(sa);
    int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;

    if (fd < 0) {
        return -1;
    }
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
        getsockname(fd, (struct sockaddr *)&sa, &len) == 0) {
        port = ntohs(sa.sin_port);
    }
    close(fd);
    return port;
}

static int free_control_port(void)
{
    char path[64];
    unsigned n;
    int p;

    srand(getpid() ^ (unsigned)now_ms());
    for (n = 0; n < 100; n++) {
        p = 1000 + rand() % 30000;
        snprintf(path, sizeof(path), RUN_DIR "/socket.%d", p);
        if (access(path, F_OK) != 0) {
            return p;
        }
    }
    return -1;
}

/* fork + exec argv with stdout to out_fd (or /dev/null), stderr to log */
static pid_t spawn(char *const argv[], int out_fd, const char *log,
                   bool die_with_parent)
{
    pid_t pid = fork();
    int fd;

    if (pid != 0) {
        return pid;
    }
    if (die_with_parent) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
    }
    fd = open("/dev/null", O_RDWR);
    dup2(fd, 0);
    dup2(out_fd >= 0 ? out_fd : fd, 1);
    if (log) {
        int lfd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);

        dup2(lfd >= 0 ? lfd : fd, 2);
    } else {
        dup2(fd, 2);
    }
    execvp(argv[0], argv);
    _exit(127);
}

/* waits for pid at most ms; true with its status */
static bool wait_pid(pid_t pid, unsigned ms, int *status)
{
    int64_t end = now_ms() + ms;
    pid_t r;

    for (;;) {
        r = waitpid(pid, status, WNOHANG);
        if (r == pid || (r < 0 && errno == ECHILD)) {
            return true;
        }
        if (now_ms() >= end) {
            return false;
        }
        sleep_ms(10);
    }
}

static bool run_tgtadm(TgtdFixture *f, char *out, size_t out_size,
                       char **args)
{
    char cport[16], *argv[MAX_ARGS + 6];
    unsigned n = 0, i;
    int pipefd[2] = { -1, -1 }, status = 0;
    size_t got = 0;
    ssize_t r;
    pid_t pid;

    snprintf(cport, sizeof(cport), "%d", f->control_port);
    argv[n++] = (char *)"tgtadm";
    argv[n++] = (char *)"-C";
    argv[n++] = cport;
    for (i = 0; args[i] && i < MAX_ARGS; i++) {
        argv[n++] = args[i];
    }
    argv[n] = NULL;
    if (out && pipe(pipefd) != 0) {
        return false;
    }
    pid = spawn(argv, pipefd[1], f->log, false);
    if (pipefd[1] >= 0) {
        close(pipefd[1]);
    }
    if (pid < 0) {
        if (pipefd[0] >= 0) {
            close(pipefd[0]);
        }
        return false;
    }
    if (out) {
        /* tgtadm's answers are small; read until EOF */
        while (got + 1 < out_size &&
               (r = read(pipefd[0], out + got, out_size - 1 - got)) > 0) {
            got += r;
        }
        out[got] = '\0';
        close(pipefd[0]);
    }
    if (!wait_pid(pid, 10000, &status)) {
        kill(pid, SIGKILL);
        wait_pid(pid, 1000, &status);
        return false;
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

bool tgtd_fixture_tgtadm(TgtdFixture *f, char *out, size_t out_size, ...)
{
    char *args[MAX_ARGS + 1];
    unsigned n = 0;
    va_list ap;
    char *a;

    va_start(ap, out_size);
    while ((a = va_arg(ap, char *)) && n < MAX_ARGS) {
        args[n++] = a;
    }
    va_end(ap);
    args[n] = NULL;
    return run_tgtadm(f, out, out_size, args);
}

static void register_fixture(TgtdFixture *f)
{
    unsigned i;

    for (i = 0; i < MAX_FIXTURES; i++) {
        if (!fixtures[i]) {
            fixtures[i] = f;
            return;
        }
    }
}

static void unregister_fixture(TgtdFixture *f)
{
    unsigned i;

    for (i = 0; i < MAX_FIXTURES; i++) {
        if (fixtures[i] == f) {
            fixtures[i] = NULL;
        }
    }
}

bool tgtd_fixture_start(TgtdFixture *f)
{
    char portal[64], cport[16];
    char *argv[] = { (char *)"tgtd", (char *)"-f", (char *)"-C", cport,
                     (char *)"--iscsi", portal, NULL };
    int64_t end;
    int status;

    memset(f, 0, sizeof(*f));
    snprintf(f->dir, sizeof(f->dir), "/tmp/ql8400-tgtd.XXXXXX");
    if (!mkdtemp(f->dir)) {
        perror("tgtd-fixture: mkdtemp");
        f->dir[0] = '\0';
        return false;
    }
    snprintf(f->log, sizeof(f->log), "%s/tgtd.log", f->dir);
    f->iscsi_port = free_port();
    f->control_port = free_control_port();
    if (f->iscsi_port < 0 || f->control_port < 0) {
        fprintf(stderr, "tgtd-fixture: no free port\n");
        tgtd_fixture_stop(f);
        return false;
    }
    snprintf(cport, sizeof(cport), "%d", f->control_port);
    snprintf(portal, sizeof(portal), "portal=127.0.0.1:%d", f->iscsi_port);
    f->owner = getpid();
    register_fixture(f);
    f->pid = spawn(argv, -1, f->log, true);
    if (f->pid < 0) {
        f->pid = 0;
        tgtd_fixture_stop(f);
        return false;
    }
    end = now_ms() + 10000;
    while (!tgtd_fixture_tgtadm(f, NULL, 0, "--mode", "sys", "--op", "show",
                                NULL)) {
        if (now_ms() >= end || waitpid(f->pid, &status, WNOHANG) == f->pid) {
            fprintf(stderr, "tgtd-fixture: tgtd did not start\n");
            tgtd_fixture_dump_log(f);
            tgtd_fixture_stop(f);
            return false;
        }
        sleep_ms(100);
    }
    return true;
}

void tgtd_fixture_lun_path(const TgtdFixture *f, int tid, char *path,
                           size_t size)
{
    snprintf(path, size, "%s/lun-%d.img", f->dir, tid);
}

static bool write_lun(const char *path, size_t bytes)
{
    uint8_t buf[65536];
    size_t off, n;
    FILE *fp = fopen(path, "wb");
    bool ok = fp != NULL;

    for (off = 0; ok && off < bytes; off += n) {
        n = bytes - off < sizeof(buf) ? bytes - off : sizeof(buf);
        tgtd_pattern(off, buf, n);
        ok = fwrite(buf, 1, n, fp) == n;
    }
    if (fp && fclose(fp) != 0) {
        ok = false;
    }
    return ok;
}

bool tgtd_fixture_add_target(TgtdFixture *f, int tid, const char *iqn,
                             size_t lun_bytes)
{
    char path[256], tids[16];

    tgtd_fixture_lun_path(f, tid, path, sizeof(path));
    snprintf(tids, sizeof(tids), "%d", tid);
    if (!write_lun(path, lun_bytes)) {
        fprintf(stderr, "tgtd-fixture: cannot write %s\n", path);
        return false;
    }
    if (!tgtd_fixture_tgtadm(f, NULL, 0, "--lld", "iscsi", "--mode", "target",
                             "--op", "new", "--tid", tids, "-T", iqn, NULL) ||
        !tgtd_fixture_tgtadm(f, NULL, 0, "--lld", "iscsi", "--mode",
                             "logicalunit", "--op", "new", "--tid", tids,
                             "--lun", "1", "-b", path, NULL) ||
        !tgtd_fixture_tgtadm(f, NULL, 0, "--lld", "iscsi", "--mode", "target",
                             "--op", "bind", "--tid", tids, "-I", "ALL",
                             NULL)) {
        fprintf(stderr, "tgtd-fixture: cannot set up target %d\n", tid);
        tgtd_fixture_dump_log(f);
        return false;
    }
    return true;
}

bool tgtd_fixture_delete_target(TgtdFixture *f, int tid)
{
    char tids[16];

    snprintf(tids, sizeof(tids), "%d", tid);
    return tgtd_fixture_tgtadm(f, NULL, 0, "--lld", "iscsi", "--mode",
                               "target", "--op", "delete", "--force",
                               "--tid", tids, NULL);
}

void tgtd_fixture_kill(TgtdFixture *f)
{
    int status;

    if (f->pid > 0) {
        kill(f->pid, SIGKILL);
        wait_pid(f->pid, 5000, &status);
        f->pid = 0;
    }
}

static void remove_files(TgtdFixture *f)
{
    char path[512];
    DIR *d;
    struct dirent *e;

    if (f->control_port > 0) {
        snprintf(path, sizeof(path), RUN_DIR "/socket.%d", f->control_port);
        unlink(path);
        snprintf(path, sizeof(path), RUN_DIR "/socket.%d.lock",
                 f->control_port);
        unlink(path);
    }
    if (f->dir[0]) {
        d = opendir(f->dir);
        while (d && (e = readdir(d))) {
            if (e->d_name[0] != '.') {
                snprintf(path, sizeof(path), "%s/%s", f->dir, e->d_name);
                unlink(path);
            }
        }
        if (d) {
            closedir(d);
        }
        rmdir(f->dir);
        f->dir[0] = '\0';
    }
}

void tgtd_fixture_stop(TgtdFixture *f)
{
    char out[4096], *p;
    int status, tid;

    if (f->owner && f->owner != getpid()) {
        return;                 /* a forked test's copy: not its to stop */
    }
    if (f->pid > 0) {
        /* tgtd leaves when told to, once it has no targets */
        if (tgtd_fixture_tgtadm(f, out, sizeof(out), "--lld", "iscsi",
                                "--mode", "target", "--op", "show", NULL)) {
            for (p = out; (p = strstr(p, "Target ")); p++) {
                if (sscanf(p, "Target %d:", &tid) == 1) {
                    tgtd_fixture_delete_target(f, tid);
                }
            }
        }
        tgtd_fixture_tgtadm(f, NULL, 0, "--mode", "sys", "--op", "delete",
                            NULL);
        if (!wait_pid(f->pid, 5000, &status)) {
            kill(f->pid, SIGKILL);
            wait_pid(f->pid, 5000, &status);
        }
    }
    f->pid = 0;
    remove_files(f);
    unregister_fixture(f);
}

void tgtd_fixture_cleanup_all(void)
{
    unsigned i;

    for (i = 0; i < MAX_FIXTURES; i++) {
        TgtdFixture *f = fixtures[i];

        if (f && f->owner == getpid()) {
            if (f->pid > 0) {
                kill(f->pid, SIGKILL);
            }
            remove_files(f);
        }
    }
}

void tgtd_fixture_dump_log(const TgtdFixture *f)
{
    char buf[1024];
    size_t n;
    FILE *fp = f->log[0] ? fopen(f->log, "r") : NULL;

    if (!fp) {
        return;
    }
    fprintf(stderr, "---- %s ----\n", f->log);
    while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
        fwrite(buf, 1, n, stderr);
    }
    fclose(fp);
}
