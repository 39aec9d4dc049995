// The module that calls.wasm preloads as `helper`.
#include <stdint.h>

__attribute__((export_name("twice")))
int32_t twice(int32_t value) { return 2 * value; }
