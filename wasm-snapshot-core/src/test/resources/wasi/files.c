// A WASI reactor whose init functions work on the mapped directory `data` and record what they saw:
// `tour` walks the tree (every entry's metadata, the start and end of every file), `edit` changes it
// (writes, appends, truncates, creates, renames, links, deletes) and walks it again, `peek` says so on
// stdout, then reads only the end of data/big.bin and the start of data/hello.txt. `seen` /
// `seen_length` read the record back.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char record[16384];
static int length;

static void note(const char *format, ...) {
    va_list args;
    va_start(args, format);
    length += vsnprintf(record + length, sizeof record - length, format, args);
    va_end(args);
}

static void note_bytes(const char *data, ssize_t count) {
    if (count < 0) {
        note("(%s)", strerror(errno));
        return;
    }
    for (ssize_t i = 0; i < count; i++) {
        unsigned char c = data[i];
        note(c >= ' ' && c < 127 && c != '\\' ? "%c" : "\\x%02x", c);
    }
}

static void note_result(const char *what, int ok) {
    note("%s=%s\n", what, ok ? "ok" : strerror(errno));
}

static void note_time(const char *name, struct timespec time) {
    note(" %s=%lld.%09ld", name, (long long) time.tv_sec, time.tv_nsec);
}

static void note_status(const char *path, const struct stat *status) {
    const char *type = S_ISDIR(status->st_mode) ? "dir" : S_ISREG(status->st_mode) ? "file"
            : S_ISLNK(status->st_mode) ? "link" : "other";
    note("%s %s size=%lld ino=%llu nlink=%llu", path, type, (long long) status->st_size,
         (unsigned long long) status->st_ino, (unsigned long long) status->st_nlink);
    note_time("atime", status->st_atim);
    note_time("mtime", status->st_mtim);
    note_time("ctime", status->st_ctim);
}

// The first 16 bytes by read, the last 8 by pread: a file is read at its start and at its end.
static void note_contents(const char *path, off_t size) {
    int descriptor = open(path, O_RDONLY);
    char buffer[16];
    note(" head=");
    note_bytes(buffer, read(descriptor, buffer, sizeof buffer));
    if (size > 16) {
        note(" tail=");
        note_bytes(buffer, pread(descriptor, buffer, 8, size - 8));
    }
    close(descriptor);
}

static void walk(const char *path) {
    struct stat status;
    if (lstat(path, &status)) {
        note("%s: %s\n", path, strerror(errno));
        return;
    }
    note_status(path, &status);
    if (!S_ISDIR(status.st_mode)) {
        note_contents(path, status.st_size);
    }
    note("\n");
    if (S_ISDIR(status.st_mode)) {
        DIR *directory = opendir(path);
        struct dirent *entry;
        while ((entry = readdir(directory))) {
            if (strcmp(entry->d_name, ".") && strcmp(entry->d_name, "..")) {
                char child[256];
                snprintf(child, sizeof child, "%s/%s", path, entry->d_name);
                walk(child);
            }
        }
        closedir(directory);
    }
}

__attribute__((export_name("tour")))
void tour(void) {
    walk("data");
}

static void note_read(const char *what, int descriptor) {
    char buffer[32];
    note("%s=", what);
    note_bytes(buffer, read(descriptor, buffer, sizeof buffer));
    note("\n");
}

static int write_file(const char *path, int flags, const char *text) {
    int descriptor = open(path, flags, 0644);
    if (descriptor < 0) {
        return 0;
    }
    int ok = write(descriptor, text, strlen(text)) == (ssize_t) strlen(text);
    return close(descriptor) == 0 && ok;
}

__attribute__((export_name("edit")))
void edit(void) {
    // A descriptor open for reading sees a write made through another one.
    int reader = open("data/a.txt", O_RDONLY);
    char first;
    note_result("read a.txt", read(reader, &first, 1) == 1 && first == 'a');
    int writer = open("data/a.txt", O_WRONLY);
    note_result("pwrite a.txt", pwrite(writer, "XY", 2, 1) == 2);
    close(writer);
    note_read("read on a.txt", reader);
    close(reader);

    // An unlinked file stays readable through a descriptor open on it.
    int kept = open("data/sub/2", O_RDONLY);
    note_result("unlink sub/2", unlink("data/sub/2") == 0);
    note_read("read unlinked sub/2", kept);
    close(kept);

    note_result("append M.txt", write_file("data/M.txt", O_WRONLY | O_APPEND, "+more"));
    note_result("truncate z.txt", write_file("data/z.txt", O_WRONLY | O_TRUNC, "short"));
    int resized = open("data/hello.txt", O_RDWR);
    note_result("shrink hello.txt", ftruncate(resized, 5) == 0);
    close(resized);
    resized = open("data/link-to-hello", O_RDWR);
    note_result("grow link-to-hello", ftruncate(resized, 30) == 0 && pwrite(resized, "!", 1, 29) == 1);
    close(resized);
    note_result("create a.txt exclusively", write_file("data/a.txt", O_WRONLY | O_CREAT | O_EXCL, "no"));

    // Explicit times stick; a read stamps the access time again.
    struct timespec times[2] = {{1234, 5}, {5678, 9}};
    note_result("set times of sub/1", utimensat(AT_FDCWD, "data/sub/1", times, 0) == 0);
    struct stat status;
    stat("data/sub/1", &status);
    note_status("data/sub/1", &status);
    note("\n");
    int timed = open("data/sub/1", O_RDONLY);
    note_read("read sub/1", timed);
    close(timed);
    stat("data/sub/1", &status);
    note_status("data/sub/1", &status);
    note("\n");

    note_result("mkdir new", mkdir("data/new", 0755) == 0);
    note_result("create new/created.txt", write_file("data/new/created.txt", O_WRONLY | O_CREAT, "created"));
    note_result("rename sub to moved", rename("data/sub", "data/moved") == 0);
    note_result("rename M.txt to new/M2.txt", rename("data/M.txt", "data/new/M2.txt") == 0);
    note_result("link moved/1 as one-hard", link("data/moved/1", "data/one-hard") == 0);
    note_result("symlink moved/1 as one-soft", symlink("moved/1", "data/one-soft") == 0);
    note_result("rmdir link-to-sub", rmdir("data/link-to-sub") == 0);
    note_result("unlink link-to-sub/1", unlink("data/link-to-sub/1") == 0);
    note_result("unlink link-to-sub/2", unlink("data/link-to-sub/2") == 0);
    note_result("rmdir link-to-sub", rmdir("data/link-to-sub") == 0);
    walk("data");
}

__attribute__((export_name("peek")))
void peek(void) {
    printf("peeking\n");
    fflush(stdout);
    struct stat status;
    note_result("stat big.bin", stat("data/big.bin", &status) == 0);
    int descriptor = open("data/big.bin", O_RDONLY);
    char tail[8];
    note("size=%lld end=%lld tail=", (long long) status.st_size, (long long) lseek(descriptor, 0, SEEK_END));
    note_bytes(tail, pread(descriptor, tail, sizeof tail, status.st_size - sizeof tail));
    close(descriptor);
    descriptor = open("data/hello.txt", O_RDONLY);
    note_read("\nhello.txt", descriptor);
    close(descriptor);
}

__attribute__((export_name("seen")))
const char *seen(void) { return record; }

__attribute__((export_name("seen_length")))
int seen_length(void) { return length; }
