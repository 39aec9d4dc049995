// A WASI reactor whose initializer records what it saw: the realtime clock, 8 bytes of entropy, the
// environment, a line of a file in a mapped directory. It also writes a line to stdout and one to stderr.
// `clock`, `entropy`, `seen` and `seen_length` let verify.groovy read the record back; none calls WASI.
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

extern char **environ;

static int64_t clock_seen;
static int64_t entropy_seen;
static char record[1024];
static int length;

__attribute__((export_name("wizer-initialize")))
void initialize(void) {
    __wasi_timestamp_t now = 0;
    if (__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &now) != 0) now = -1;
    clock_seen = (int64_t) now;
    getentropy(&entropy_seen, sizeof entropy_seen);
    for (char **variable = environ; *variable; variable++) {
        length += snprintf(record + length, sizeof record - length, "%s;", *variable);
    }
    FILE *file = fopen("data/greeting.txt", "r");
    char line[128] = "(no data/greeting.txt)";
    if (file) {
        fgets(line, sizeof line, file);
        fclose(file);
        line[strcspn(line, "\n")] = 0;
    }
    length += snprintf(record + length, sizeof record - length, "|%s", line);
    printf("the initializer says hello\n");
    fflush(stdout);
    fprintf(stderr, "the initializer complains\n");
}

__attribute__((export_name("clock")))
int64_t clock_value(void) { return clock_seen; }

__attribute__((export_name("entropy")))
int64_t entropy_value(void) { return entropy_seen; }

__attribute__((export_name("seen")))
const char *seen(void) { return record; }

__attribute__((export_name("seen_length")))
int seen_length(void) { return length; }
