package io.github.wasmsnapshot.core.simd;

import static io.github.wasmsnapshot.core.simd.V128.f32;
import static io.github.wasmsnapshot.core.simd.V128.f32Bits;
import static io.github.wasmsnapshot.core.simd.V128.f64;
import static io.github.wasmsnapshot.core.simd.V128.f64Bits;
import static io.github.wasmsnapshot.core.simd.V128.popLanes;
import static io.github.wasmsnapshot.core.simd.V128.pushLanes;
import static io.github.wasmsnapshot.core.simd.V128.saturateS16;

import com.dylibso.chicory.runtime.MStack;
import java.util.Map;

/**
 * The relaxed SIMD instructions (0xFD 0x100 to 0x113) in the spec's deterministic profile, where every relaxed
 * choice is the first of the allowed results: the same on every machine, and what wizer's
 * {@code --relaxed-simd-deterministic} selects. Chicory 1.7.5 cannot decode them (their opcodes collide with the
 * atomics in its opcode table), so {@link RelaxedLowering} rewrites each in place, before Chicory sees the code, as
 * a standard instruction of the same type and length: fourteen then have exactly their deterministic meaning
 * (relaxed_swizzle is swizzle, relaxed_trunc* trunc_sat*, relaxed_min/max min/max, relaxed_laneselect bitselect,
 * relaxed_q15mulr_s q15mulr_sat_s). The other six become a carrier ({@code v128.bitselect} for the ternary ones,
 * {@code i32x4.dot_i16x8_s} for the binary one) and are listed here by byte offset:
 * <ul>
 * <li>{@code f32x4/f64x2.relaxed_madd} is {@code a * b + c} rounded twice (not fused), {@code relaxed_nmadd}
 * {@code -a * b + c};
 * <li>{@code i16x8.relaxed_dot_i8x16_i7x16_s} multiplies signed bytes and adds pairs with signed saturation;
 * {@code i32x4.relaxed_dot_i8x16_i7x16_add_s} adds those sums pairwise into i32 lanes and adds {@code c}.
 * </ul>
 */
final class RelaxedSimd {
    static final int F32X4_MADD = 0x105;
    static final int F32X4_NMADD = 0x106;
    static final int F64X2_MADD = 0x107;
    static final int F64X2_NMADD = 0x108;
    static final int I16X8_DOT_I8X16_I7X16_S = 0x112;
    static final int I32X4_DOT_I8X16_I7X16_ADD_S = 0x113;

    static final RelaxedSimd NONE = new RelaxedSimd(Map.of());

    /** The relaxed opcode of each carrier instruction, by the byte offset of its 0xFD prefix. */
    private final Map<Integer, Integer> opcodeAt;

    RelaxedSimd(Map<Integer, Integer> opcodeAt) {
        this.opcodeAt = Map.copyOf(opcodeAt);
    }

    static boolean hasNoStandardEquivalent(int relaxedOpcode) {
        return (relaxedOpcode >= F32X4_MADD && relaxedOpcode <= F64X2_NMADD)
                || relaxedOpcode == I16X8_DOT_I8X16_I7X16_S || relaxedOpcode == I32X4_DOT_I8X16_I7X16_ADD_S;
    }

    boolean handles(int address) {
        return !opcodeAt.isEmpty() && opcodeAt.containsKey(address);
    }

    void eval(MStack stack, int address) {
        switch (opcodeAt.get(address)) {
            case F32X4_MADD -> multiplyAddF32(stack, false);
            case F32X4_NMADD -> multiplyAddF32(stack, true);
            case F64X2_MADD -> multiplyAddF64(stack, false);
            case F64X2_NMADD -> multiplyAddF64(stack, true);
            case I16X8_DOT_I8X16_I7X16_S -> pushLanes(stack, 16, dot(stack));
            case I32X4_DOT_I8X16_I7X16_ADD_S -> {
                int[] addend = popLanes(stack, 32);
                int[] dot = dot(stack);
                int[] result = new int[4];
                for (int i = 0; i < 4; i++) {
                    result[i] = dot[2 * i] + dot[2 * i + 1] + addend[i];
                }
                pushLanes(stack, 32, result);
            }
            default -> throw new IllegalStateException("no relaxed SIMD instruction at byte offset " + address);
        }
    }

    /** Java rounds {@code a * b} and then the sum, each once: the unfused result. */
    private static void multiplyAddF32(MStack stack, boolean negate) {
        int[] c = popLanes(stack, 32);
        int[] b = popLanes(stack, 32);
        int[] a = popLanes(stack, 32);
        int[] result = new int[4];
        for (int i = 0; i < 4; i++) {
            float product = (negate ? -f32(a[i]) : f32(a[i])) * f32(b[i]);
            result[i] = f32Bits(product + f32(c[i]));
        }
        pushLanes(stack, 32, result);
    }

    private static void multiplyAddF64(MStack stack, boolean negate) {
        long cHigh = stack.pop();
        long cLow = stack.pop();
        long bHigh = stack.pop();
        long bLow = stack.pop();
        long aHigh = stack.pop();
        long aLow = stack.pop();
        V128.push(stack, multiplyAdd(aLow, bLow, cLow, negate), multiplyAdd(aHigh, bHigh, cHigh, negate));
    }

    private static long multiplyAdd(long a, long b, long c, boolean negate) {
        double product = (negate ? -f64(a) : f64(a)) * f64(b);
        return f64Bits(product + f64(c));
    }

    /** Pops two i8x16 and returns the eight signed-saturated sums of adjacent signed products. */
    private static int[] dot(MStack stack) {
        int[] b = popLanes(stack, 8);
        int[] a = popLanes(stack, 8);
        int[] result = new int[8];
        for (int i = 0; i < 8; i++) {
            result[i] = saturateS16(a[2 * i] * b[2 * i] + a[2 * i + 1] * b[2 * i + 1]);
        }
        return result;
    }
}
