// An initializer that computes with SIMD (clang's wasm_simd128.h, built with -msimd128): i32x4 arithmetic,
// f32x4.sqrt, i8x16.shuffle, saturating and widening operations. The tables it fills are what the snapshot
// must hold; the exported readers let a test compare the snapshot with the original after its init.
// No NaNs: engines may differ in NaN bits.
#include <stdint.h>
#include <wasm_simd128.h>

// Read at run time, so that the compiler cannot fold the computations away.
static volatile int32_t seed = 3;

static int32_t sums[64];
static float roots[16];
static int8_t saturated[32];
static int16_t widened[32];
static int32_t products[16];

__attribute__((export_name("wizer-initialize"))) void initialize(void) {
    int32_t s = seed;
    v128_t acc = wasm_i32x4_make(s, -s, 1000 * s, 7);
    for (int i = 0; i < 16; i++) {
        acc = wasm_i32x4_add(wasm_i32x4_mul(acc, wasm_i32x4_splat(s)), wasm_i32x4_make(i, -i, 7 * i, 1));
        acc = wasm_i32x4_sub(acc, wasm_i32x4_shr(acc, 3));
        wasm_v128_store(&sums[4 * i], acc);
    }
    for (int i = 0; i < 4; i++) {
        float f = (float) (s + i);
        v128_t x = wasm_f32x4_make(f, f * f, 2.0f * f + 0.5f, 1.0f / f);
        wasm_v128_store(&roots[4 * i], wasm_f32x4_add(wasm_f32x4_sqrt(x), wasm_f32x4_splat(0.25f)));
    }
    v128_t a = wasm_i8x16_make(s, 2 * s, 40 * s, -40 * s, 100, -100, 127, -128, 1, 2, 3, 4, 5, 6, 7, 8);
    v128_t b = wasm_i8x16_splat((int8_t) (30 * s));
    v128_t shuffled = wasm_i8x16_shuffle(a, b, 15, 0, 17, 1, 14, 2, 19, 3, 13, 4, 21, 5, 12, 6, 23, 7);
    v128_t up = wasm_i8x16_add_sat(shuffled, b);
    v128_t down = wasm_u8x16_sub_sat(a, wasm_i8x16_splat((int8_t) (50 * s)));
    wasm_v128_store(&saturated[0], up);
    wasm_v128_store(&saturated[16], down);
    wasm_v128_store(&widened[0], wasm_i16x8_extend_low_i8x16(up));
    wasm_v128_store(&widened[8], wasm_i16x8_extend_high_i8x16(up));
    wasm_v128_store(&widened[16], wasm_u16x8_extend_low_u8x16(down));
    wasm_v128_store(&widened[24], wasm_i16x8_sub_sat(wasm_u16x8_extend_high_u8x16(a), wasm_i16x8_splat(-32000)));
    v128_t h = wasm_v128_load(&widened[0]);
    wasm_v128_store(&products[0], wasm_i32x4_extmul_low_i16x8(h, h));
    wasm_v128_store(&products[4], wasm_i32x4_extmul_high_i16x8(h, wasm_i16x8_splat(-3)));
    wasm_v128_store(&products[8], wasm_i32x4_dot_i16x8(h, wasm_v128_load(&widened[16])));
    wasm_v128_store(&products[12], wasm_i32x4_trunc_sat_f32x4(wasm_f32x4_mul(wasm_v128_load(&roots[0]),
            wasm_f32x4_splat(1.0e9f))));
}

__attribute__((export_name("sum"))) int32_t sum(int32_t i) { return sums[i]; }
__attribute__((export_name("root"))) float root(int32_t i) { return roots[i]; }
__attribute__((export_name("saturated"))) int32_t saturated_at(int32_t i) { return saturated[i]; }
__attribute__((export_name("widened"))) int32_t widened_at(int32_t i) { return widened[i]; }
__attribute__((export_name("product"))) int32_t product(int32_t i) { return products[i]; }
