// A WASI reactor whose initializer records what WASI showed it: entropy, both clocks, the
// environment, the arguments, a mapped directory (a file read, a listing, a timestamp), and it
// writes to stdout and stderr. `seen` / `seen_length` let a test read the record back.
#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

extern char **environ;

static char record[4096];
static int length;

static void note(const char *format, ...) {
    va_list args;
    va_start(args, format);
    length += vsnprintf(record + length, sizeof record - length, format, args);
    va_end(args);
}

static void note_clock(const char *name, clockid_t id) {
    struct timespec first, second, resolution;
    clock_gettime(id, &first);
    clock_gettime(id, &second);
    clock_getres(id, &resolution);
    note("%s=%lld.%09ld,%lld.%09ld res=%ld\n", name, (long long) first.tv_sec, first.tv_nsec,
         (long long) second.tv_sec, second.tv_nsec, resolution.tv_nsec);
}

static void note_arguments(void) {
    size_t count, size;
    if (__wasi_args_sizes_get(&count, &size)) return;
    char *buffer = malloc(size);
    char **argv = malloc(count * sizeof *argv);
    if (__wasi_args_get((uint8_t **) argv, (uint8_t *) buffer)) return;
    note("args=");
    for (size_t i = 0; i < count; i++) {
        note("%s%s", i ? "," : "", argv[i]);
    }
    note("\n");
}

static void note_directory(const char *path) {
    DIR *directory = opendir(path);
    if (!directory) {
        note("ls %s: failed\n", path);
        return;
    }
    note("ls %s=", path);
    struct dirent *entry;
    while ((entry = readdir(directory))) {
        if (strcmp(entry->d_name, ".") && strcmp(entry->d_name, "..")) {
            note("%s,", entry->d_name);
        }
    }
    closedir(directory);
    note("\n");
}

static void note_file(const char *path) {
    FILE *file = fopen(path, "r");
    if (!file) {
        note("cat %s: failed\n", path);
        return;
    }
    char line[256] = {0};
    fgets(line, sizeof line, file);
    fclose(file);
    line[strcspn(line, "\n")] = 0;
    struct stat status;
    stat(path, &status);
    note("cat %s=%s mtime=%lld\n", path, line, (long long) status.st_mtim.tv_sec);
}

__attribute__((export_name("wizer-initialize")))
void initialize(void) {
    unsigned char entropy[16];
    getentropy(entropy, sizeof entropy);
    note("random=");
    for (size_t i = 0; i < sizeof entropy; i++) {
        note("%02x", entropy[i]);
    }
    note("\n");
    note_clock("realtime", CLOCK_REALTIME);
    note_clock("monotonic", CLOCK_MONOTONIC);
    note("env=");
    for (char **variable = environ; *variable; variable++) {
        note("%s;", *variable);
    }
    note("\n");
    note_arguments();
    note_file("data/hello.txt");
    note_directory("data");
    note_directory("data/sub");
    printf("hello from the initializer\n");
    printf("second line, no newline");
    fflush(stdout);
    fprintf(stderr, "to stderr\n");
}

// Another init function: sleeping must take no real time and move the virtual clock.
__attribute__((export_name("nap")))
void nap(void) {
    sleep(5);
    struct timespec monotonic;
    clock_gettime(CLOCK_MONOTONIC, &monotonic);
    note("after sleep(5): monotonic=%lld.%09ld\n", (long long) monotonic.tv_sec, monotonic.tv_nsec);
}

// Another init function: writes to the mapped directory, which must leave the host untouched,
// and touches a file with the time "now", which must be the fixed file time.
__attribute__((export_name("scribble")))
void scribble(void) {
    FILE *file = fopen("data/new.txt", "w");
    note("create=%s", file && fputs("new", file) >= 0 && fclose(file) == 0 ? "ok" : "failed");
    int descriptor = open("data/hello.txt", O_RDONLY);
    // The WASI call itself: this wasi-libc's futimens refuses UTIME_NOW.
    __wasi_errno_t touched = __wasi_fd_filestat_set_times(descriptor, 0, 0, __WASI_FSTFLAGS_MTIM_NOW);
    close(descriptor);
    note(" touch=%s", touched == 0 ? "ok" : strerror(touched));
    struct stat status;
    stat("data/hello.txt", &status);
    note(" mtime=%lld\n", (long long) status.st_mtim.tv_sec);
    note_directory("data");
}

__attribute__((export_name("seen")))
const char *seen(void) { return record; }

__attribute__((export_name("seen_length")))
int seen_length(void) { return length; }
