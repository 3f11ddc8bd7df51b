/* Power loss for the crash test: preloaded into the server, this library keeps for each database
 * file (names ending in .db, -wal or -journal under $POWER_LOSS_DIR) an undo journal of every
 * write and truncation since the file's last successful fsync or fdatasync: where it wrote, what
 * was there and how long the file was. The journal goes to the page cache before the write, and
 * a sync of the file empties it. After the server is killed, applying the journals newest first
 * puts each file back as it was at its last sync: what a machine that lost power would find if
 * the disk had kept nothing it was not made to keep. (Directory entries are not modelled: the
 * files exist before the first round.) */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FDS 4096

/* The mode argument of an open that creates, read from the variadic arguments after `flags`. */
#define MODE_OF(flags) ({ \
    mode_t mode_ = 0; \
    if ((flags) & O_CREAT) { \
        va_list args_; \
        va_start(args_, flags); \
        mode_ = va_arg(args_, mode_t); \
        va_end(args_); \
    } \
    mode_; \
})
#define UNDO_SUFFIX ".undo"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char *tracked[MAX_FDS];

static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_write)(int, const void *, size_t);
static int (*real_ftruncate)(int, off_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_open)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);
static int (*real_close)(int);

static void resolve(void) {
    if (real_pwrite) return;
    real_pwrite = dlsym(RTLD_NEXT, "pwrite64");
    real_write = dlsym(RTLD_NEXT, "write");
    real_ftruncate = dlsym(RTLD_NEXT, "ftruncate64");
    real_fsync = dlsym(RTLD_NEXT, "fsync");
    real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
    real_open = dlsym(RTLD_NEXT, "open64");
    real_openat = dlsym(RTLD_NEXT, "openat64");
    real_close = dlsym(RTLD_NEXT, "close");
}

static int ends_with(const char *text, const char *end) {
    size_t a = strlen(text), b = strlen(end);
    return a >= b && strcmp(text + a - b, end) == 0;
}

static int is_database_file(const char *path) {
    const char *dir = getenv("POWER_LOSS_DIR");
    if (!dir || strncmp(path, dir, strlen(dir)) != 0) return 0;
    return ends_with(path, ".db") || ends_with(path, "-wal") || ends_with(path, "-journal");
}

static void remember(int fd, const char *path) {
    if (fd < 0 || fd >= MAX_FDS || !is_database_file(path)) return;
    pthread_mutex_lock(&lock);
    free(tracked[fd]);
    tracked[fd] = strdup(path);
    pthread_mutex_unlock(&lock);
}

/* Appends one record to the file's journal: offset, length of the old bytes, the file's old size,
 * then the old bytes. Called with the lock held. */
static void journal(const char *path, int fd, off_t offset, off_t end) {
    struct stat before;
    if (fstat(fd, &before) != 0) return;
    int64_t old_size = before.st_size;
    int64_t start = offset, stop = end < old_size ? end : old_size;
    int64_t kept = stop > start ? stop - start : 0;
    char *old = kept ? malloc(kept) : NULL;
    if (kept && pread(fd, old, kept, start) != kept) kept = 0;
    char name[4096];
    snprintf(name, sizeof name, "%s%s", path, UNDO_SUFFIX);
    int undo = real_open(name, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (undo >= 0) {
        int64_t head[3] = {start, kept, old_size};
        real_write(undo, head, sizeof head);
        if (kept) real_write(undo, old, kept);
        real_close(undo);
    }
    free(old);
}

static void forget_journal(int fd) {
    char name[4096];
    snprintf(name, sizeof name, "%s%s", tracked[fd], UNDO_SUFFIX);
    truncate(name, 0);
}

ssize_t pwrite64(int fd, const void *buffer, size_t count, off_t offset) {
    resolve();
    pthread_mutex_lock(&lock);
    if (fd >= 0 && fd < MAX_FDS && tracked[fd]) journal(tracked[fd], fd, offset, offset + (off_t)count);
    ssize_t written = real_pwrite(fd, buffer, count, offset);
    pthread_mutex_unlock(&lock);
    return written;
}

ssize_t pwrite(int fd, const void *buffer, size_t count, off_t offset) {
    return pwrite64(fd, buffer, count, offset);
}

ssize_t write(int fd, const void *buffer, size_t count) {
    resolve();
    if (fd < 0 || fd >= MAX_FDS || !tracked[fd]) return real_write(fd, buffer, count);
    pthread_mutex_lock(&lock);
    off_t at = lseek(fd, 0, SEEK_CUR);
    journal(tracked[fd], fd, at, at + (off_t)count);
    ssize_t written = real_write(fd, buffer, count);
    pthread_mutex_unlock(&lock);
    return written;
}

int ftruncate64(int fd, off_t length) {
    resolve();
    pthread_mutex_lock(&lock);
    if (fd >= 0 && fd < MAX_FDS && tracked[fd]) {
        struct stat now;
        if (fstat(fd, &now) == 0) journal(tracked[fd], fd, length, now.st_size);
    }
    int done = real_ftruncate(fd, length);
    pthread_mutex_unlock(&lock);
    return done;
}

int ftruncate(int fd, off_t length) {
    return ftruncate64(fd, length);
}

static int synced(int fd, int (*sync)(int)) {
    resolve();
    pthread_mutex_lock(&lock);
    int done = sync(fd);
    if (done == 0 && fd >= 0 && fd < MAX_FDS && tracked[fd]) forget_journal(fd);
    pthread_mutex_unlock(&lock);
    return done;
}

int fsync(int fd) { return synced(fd, real_fsync ? real_fsync : (resolve(), real_fsync)); }
int fdatasync(int fd) { return synced(fd, real_fdatasync ? real_fdatasync : (resolve(), real_fdatasync)); }

int open64(const char *path, int flags, ...) {
    resolve();
    mode_t mode = MODE_OF(flags);
    int fd = real_open(path, flags, mode);
    remember(fd, path);
    return fd;
}

int open(const char *path, int flags, ...) {
    mode_t mode = MODE_OF(flags);
    return open64(path, flags, mode);
}

int openat64(int dir, const char *path, int flags, ...) {
    resolve();
    mode_t mode = MODE_OF(flags);
    int fd = real_openat(dir, path, flags, mode);
    if (path[0] == '/') remember(fd, path);
    return fd;
}

int openat(int dir, const char *path, int flags, ...) {
    mode_t mode = MODE_OF(flags);
    return openat64(dir, path, flags, mode);
}

int close(int fd) {
    resolve();
    if (fd >= 0 && fd < MAX_FDS) {
        pthread_mutex_lock(&lock);
        free(tracked[fd]);
        tracked[fd] = NULL;
        pthread_mutex_unlock(&lock);
    }
    return real_close(fd);
}
