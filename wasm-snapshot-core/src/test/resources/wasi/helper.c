// The module that calls.wasm preloads as `helper`: a reactor, so `twice` works only once
// `_initialize` has run.
#include <stdint.h>

static int32_t factor;

__attribute__((export_name("_initialize")))
void initialize(void) { factor = 2; }

__attribute__((export_name("twice")))
int32_t twice(int32_t value) { return factor * value; }
