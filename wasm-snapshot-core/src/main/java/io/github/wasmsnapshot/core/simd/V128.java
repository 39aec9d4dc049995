package io.github.wasmsnapshot.core.simd;

import com.dylibso.chicory.runtime.MStack;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntBinaryOperator;
import java.util.function.IntUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * A v128 as Chicory keeps it: two 64-bit slots, bytes 0..7 pushed first and bytes 8..15 on top, each little-endian
 * (so lane 0 is in the low bits of the first slot). Integer lanes of 8, 16 and 32 bits are handed to operators as
 * sign-extended ints and stored back truncated; operators that need unsigned lanes mask them. Float results that
 * are NaN become the positive canonical NaN, as the spec's deterministic profile prescribes, so that the results
 * are the same on every JVM and processor.
 */
final class V128 {
    static final int CANONICAL_NAN_32 = 0x7FC0_0000;
    static final long CANONICAL_NAN_64 = 0x7FF8_0000_0000_0000L;

    /** The operand of a float operator; Java has no float versions of the java.util.function operators. */
    interface FloatUnary {
        float apply(float a);
    }

    interface FloatBinary {
        float apply(float a, float b);
    }

    private V128() {}

    // ---- lanes of one 64-bit half

    /** Lane {@code index} (counted within the half) of {@code bits} bits, sign-extended. */
    static int lane(long half, int bits, int index) {
        return (int) (half << (64 - bits - index * bits) >> (64 - bits));
    }

    static long withLane(long half, int bits, int index, long value) {
        long mask = bits == 64 ? -1L : (1L << bits) - 1;
        int shift = index * bits;
        return (half & ~(mask << shift)) | ((value & mask) << shift);
    }

    private static long map(long a, int bits, IntUnaryOperator op) {
        long result = 0;
        for (int i = 0; i < 64 / bits; i++) {
            result = withLane(result, bits, i, op.applyAsInt(lane(a, bits, i)));
        }
        return result;
    }

    private static long map(long a, long b, int bits, IntBinaryOperator op) {
        long result = 0;
        for (int i = 0; i < 64 / bits; i++) {
            result = withLane(result, bits, i, op.applyAsInt(lane(a, bits, i), lane(b, bits, i)));
        }
        return result;
    }

    // ---- whole vectors as lane arrays, for the operators that move values between lanes

    /** Pops a v128 and returns its lanes of {@code bits} bits (8, 16 or 32), sign-extended. */
    static int[] popLanes(MStack stack, int bits) {
        long high = stack.pop();
        long low = stack.pop();
        return lanes(low, high, bits);
    }

    static int[] lanes(long low, long high, int bits) {
        int perHalf = 64 / bits;
        int[] lanes = new int[2 * perHalf];
        for (int i = 0; i < perHalf; i++) {
            lanes[i] = lane(low, bits, i);
            lanes[perHalf + i] = lane(high, bits, i);
        }
        return lanes;
    }

    /** Pushes the v128 whose lanes of {@code bits} bits are the low bits of {@code lanes}. */
    static void pushLanes(MStack stack, int bits, int[] lanes) {
        int perHalf = 64 / bits;
        long low = 0;
        long high = 0;
        for (int i = 0; i < perHalf; i++) {
            low = withLane(low, bits, i, lanes[i]);
            high = withLane(high, bits, i, lanes[perHalf + i]);
        }
        stack.push(low);
        stack.push(high);
    }

    static void push(MStack stack, long low, long high) {
        stack.push(low);
        stack.push(high);
    }

    // ---- lane-wise operators on the stack

    static void unary(MStack stack, int bits, IntUnaryOperator op) {
        long high = stack.pop();
        long low = stack.pop();
        push(stack, map(low, bits, op), map(high, bits, op));
    }

    static void binary(MStack stack, int bits, IntBinaryOperator op) {
        long bHigh = stack.pop();
        long bLow = stack.pop();
        long aHigh = stack.pop();
        long aLow = stack.pop();
        push(stack, map(aLow, bLow, bits, op), map(aHigh, bHigh, bits, op));
    }

    static void unary64(MStack stack, LongUnaryOperator op) {
        long high = stack.pop();
        long low = stack.pop();
        push(stack, op.applyAsLong(low), op.applyAsLong(high));
    }

    static void binary64(MStack stack, LongBinaryOperator op) {
        long bHigh = stack.pop();
        long bLow = stack.pop();
        long aHigh = stack.pop();
        long aLow = stack.pop();
        push(stack, op.applyAsLong(aLow, bLow), op.applyAsLong(aHigh, bHigh));
    }

    /** Shifts every lane by the i32 on top of the stack, taken modulo the lane width. */
    static void shift(MStack stack, int bits, IntBinaryOperator op) {
        int count = (int) stack.pop() & (bits - 1);
        unary(stack, bits, a -> op.applyAsInt(a, count));
    }

    static void shift64(MStack stack, LongBinaryOperator op) {
        int count = (int) stack.pop() & 63;
        unary64(stack, a -> op.applyAsLong(a, count));
    }

    // ---- floats

    static int f32Bits(float value) {
        return Float.isNaN(value) ? CANONICAL_NAN_32 : Float.floatToRawIntBits(value);
    }

    static long f64Bits(double value) {
        return Double.isNaN(value) ? CANONICAL_NAN_64 : Double.doubleToRawLongBits(value);
    }

    static float f32(int bits) {
        return Float.intBitsToFloat(bits);
    }

    static double f64(long bits) {
        return Double.longBitsToDouble(bits);
    }

    static void unaryF32(MStack stack, FloatUnary op) {
        unary(stack, 32, a -> f32Bits(op.apply(f32(a))));
    }

    static void binaryF32(MStack stack, FloatBinary op) {
        binary(stack, 32, (a, b) -> f32Bits(op.apply(f32(a), f32(b))));
    }

    static void unaryF64(MStack stack, DoubleUnaryOperator op) {
        unary64(stack, a -> f64Bits(op.applyAsDouble(f64(a))));
    }

    static void binaryF64(MStack stack, DoubleBinaryOperator op) {
        binary64(stack, (a, b) -> f64Bits(op.applyAsDouble(f64(a), f64(b))));
    }

    /** Comparison results are all ones or all zeros. */
    static int mask(boolean condition) {
        return condition ? -1 : 0;
    }

    static long mask64(boolean condition) {
        return condition ? -1L : 0L;
    }

    // ---- saturation

    static int saturate(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }

    static int saturateS8(int value) {
        return saturate(value, Byte.MIN_VALUE, Byte.MAX_VALUE);
    }

    static int saturateU8(int value) {
        return saturate(value, 0, 0xFF);
    }

    static int saturateS16(int value) {
        return saturate(value, Short.MIN_VALUE, Short.MAX_VALUE);
    }

    static int saturateU16(int value) {
        return saturate(value, 0, 0xFFFF);
    }
}
