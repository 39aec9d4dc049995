package io.github.wasmsnapshot.core.simd;

import static io.github.wasmsnapshot.core.simd.V128.f32;
import static io.github.wasmsnapshot.core.simd.V128.f32Bits;
import static io.github.wasmsnapshot.core.simd.V128.f64;
import static io.github.wasmsnapshot.core.simd.V128.f64Bits;
import static io.github.wasmsnapshot.core.simd.V128.popLanes;
import static io.github.wasmsnapshot.core.simd.V128.pushLanes;

import com.dylibso.chicory.runtime.MStack;
import java.util.Map;

/**
 * The relaxed SIMD instructions (0xFD 0x100 to 0x113), deterministically: the same results on every machine, those
 * of the spec's reference interpreter and of wasmtime's deterministic mode, which wizer's
 * {@code --relaxed-simd-deterministic} selects. (The spec document's prose profile differs in two places, where it
 * names the unfused multiply-add and a saturating i16 dot product; we follow the executable reference, so that a
 * snapshot equals wizer's.) Chicory 1.7.5 cannot decode these instructions (their opcodes collide with the atomics
 * in its opcode table), so {@link RelaxedLowering} rewrites each in place, before Chicory sees the code, as a
 * standard instruction of the same type and length: fourteen then have exactly their deterministic meaning
 * (relaxed_swizzle is swizzle, relaxed_trunc* trunc_sat*, relaxed_min/max min/max, relaxed_laneselect bitselect,
 * relaxed_q15mulr_s q15mulr_sat_s). The other six become a carrier ({@code v128.bitselect} for the ternary ones,
 * {@code i32x4.dot_i16x8_s} for the binary one) and are listed here by byte offset:
 * <ul>
 * <li>{@code f32x4/f64x2.relaxed_madd} is the fused {@code a * b + c} (one rounding), {@code relaxed_nmadd} the
 * fused {@code -a * b + c};
 * <li>{@code i16x8.relaxed_dot_i8x16_i7x16_s} multiplies signed bytes and adds adjacent pairs, wrapping to 16
 * bits; {@code i32x4.relaxed_dot_i8x16_i7x16_add_s} adds four adjacent signed products and {@code c} in 32 bits.
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
            case I16X8_DOT_I8X16_I7X16_S -> {
                int[] products = products(stack);
                int[] result = new int[8];
                for (int i = 0; i < 8; i++) {
                    result[i] = products[2 * i] + products[2 * i + 1];
                }
                pushLanes(stack, 16, result);
            }
            case I32X4_DOT_I8X16_I7X16_ADD_S -> {
                int[] addend = popLanes(stack, 32);
                int[] products = products(stack);
                int[] result = new int[4];
                for (int i = 0; i < 4; i++) {
                    result[i] = products[4 * i] + products[4 * i + 1] + products[4 * i + 2] + products[4 * i + 3]
                            + addend[i];
                }
                pushLanes(stack, 32, result);
            }
            default -> throw new IllegalStateException("no relaxed SIMD instruction at byte offset " + address);
        }
    }

    /** {@link Math#fma} rounds once, exactly, with or without a fused instruction in the processor. */
    private static void multiplyAddF32(MStack stack, boolean negate) {
        int[] c = popLanes(stack, 32);
        int[] b = popLanes(stack, 32);
        int[] a = popLanes(stack, 32);
        int[] result = new int[4];
        for (int i = 0; i < 4; i++) {
            result[i] = f32Bits(Math.fma(negate ? -f32(a[i]) : f32(a[i]), f32(b[i]), f32(c[i])));
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
        return f64Bits(Math.fma(negate ? -f64(a) : f64(a), f64(b), f64(c)));
    }

    /** Pops two i8x16 and returns the sixteen products of their signed lanes. */
    private static int[] products(MStack stack) {
        int[] b = popLanes(stack, 8);
        int[] a = popLanes(stack, 8);
        int[] result = new int[16];
        for (int i = 0; i < 16; i++) {
            result[i] = a[i] * b[i];
        }
        return result;
    }
}
