// No libc: each init export makes one host call, so a test can tell exactly which call failed.
// `twice` comes from the preloaded module `helper`.
#include <stdint.h>

__attribute__((import_module("wasi_snapshot_preview1"), import_name("random_get")))
int32_t random_get(uint8_t *buffer, int32_t length);

__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_exit")))
_Noreturn void proc_exit(int32_t status);

__attribute__((import_module("helper"), import_name("twice")))
int32_t twice(int32_t value);

static uint8_t entropy[8];
static int32_t doubled;

__attribute__((export_name("take-entropy")))
void take_entropy(void) { random_get(entropy, sizeof entropy); }

__attribute__((export_name("exit-3")))
void exit_3(void) { proc_exit(3); }

__attribute__((export_name("use-helper")))
void use_helper(void) { doubled = twice(21); }

__attribute__((export_name("doubled")))
int32_t get_doubled(void) { return doubled; }

__attribute__((export_name("entropy")))
int64_t get_entropy(void) {
    int64_t value = 0;
    for (int i = 7; i >= 0; i--) {
        value = (value << 8) | entropy[i];
    }
    return value;
}
