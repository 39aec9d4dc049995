package io.github.wasmsnapshot.core.simd;

import static io.github.wasmsnapshot.core.simd.V128.binary;
import static io.github.wasmsnapshot.core.simd.V128.binary64;
import static io.github.wasmsnapshot.core.simd.V128.binaryF32;
import static io.github.wasmsnapshot.core.simd.V128.binaryF64;
import static io.github.wasmsnapshot.core.simd.V128.f32;
import static io.github.wasmsnapshot.core.simd.V128.f32Bits;
import static io.github.wasmsnapshot.core.simd.V128.f64;
import static io.github.wasmsnapshot.core.simd.V128.f64Bits;
import static io.github.wasmsnapshot.core.simd.V128.lane;
import static io.github.wasmsnapshot.core.simd.V128.lanes;
import static io.github.wasmsnapshot.core.simd.V128.mask;
import static io.github.wasmsnapshot.core.simd.V128.mask64;
import static io.github.wasmsnapshot.core.simd.V128.popLanes;
import static io.github.wasmsnapshot.core.simd.V128.push;
import static io.github.wasmsnapshot.core.simd.V128.pushLanes;
import static io.github.wasmsnapshot.core.simd.V128.saturateS16;
import static io.github.wasmsnapshot.core.simd.V128.saturateS8;
import static io.github.wasmsnapshot.core.simd.V128.saturateU16;
import static io.github.wasmsnapshot.core.simd.V128.saturateU8;
import static io.github.wasmsnapshot.core.simd.V128.shift;
import static io.github.wasmsnapshot.core.simd.V128.shift64;
import static io.github.wasmsnapshot.core.simd.V128.unary;
import static io.github.wasmsnapshot.core.simd.V128.unary64;
import static io.github.wasmsnapshot.core.simd.V128.unaryF32;
import static io.github.wasmsnapshot.core.simd.V128.unaryF64;
import static io.github.wasmsnapshot.core.simd.V128.withLane;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.StackFrame;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.Instruction;
import java.util.Deque;

/**
 * Chicory's interpreter plus the fixed-width SIMD instructions, in plain Java arithmetic on Java 17 (Chicory's own
 * SIMD machine needs the incubating Vector API of Java 21). The base interpreter hands every instruction it does
 * not know to {@link #evalDefault}, so code without SIMD runs exactly as before; it already moves v128 values
 * through locals, globals, calls, blocks, {@code select} and {@code drop} as two slots (see {@link V128}).
 * Relaxed SIMD instructions arrive rewritten by {@link RelaxedLowering}; the few without a standard equivalent are
 * looked up here by address.
 */
final class SimdMachine extends InterpreterMachine {
    private final RelaxedSimd relaxed;

    SimdMachine(Instance instance, RelaxedSimd relaxed) {
        super(instance);
        this.relaxed = relaxed;
    }

    @Override
    protected void evalDefault(MStack stack, Instance instance, Deque<StackFrame> callStack, Instruction instruction,
            Operands operands) throws ChicoryException {
        switch (instruction.opcode()) {
            // ---- constants, memory
            case V128_CONST -> push(stack, operands.get(0), operands.get(1));
            case V128_LOAD -> {
                int address = readMemPtr(stack, operands);
                Memory memory = memory(instance, operands);
                push(stack, memory.readLong(address), memory.readLong(address + 8));
            }
            case V128_LOAD8x8_S -> loadExtended(stack, instance, operands, 8, true);
            case V128_LOAD8x8_U -> loadExtended(stack, instance, operands, 8, false);
            case V128_LOAD16x4_S -> loadExtended(stack, instance, operands, 16, true);
            case V128_LOAD16x4_U -> loadExtended(stack, instance, operands, 16, false);
            case V128_LOAD32x2_S -> loadExtended(stack, instance, operands, 32, true);
            case V128_LOAD32x2_U -> loadExtended(stack, instance, operands, 32, false);
            case V128_LOAD8_SPLAT -> splat(stack, 8, memory(instance, operands).read(readMemPtr(stack, operands)));
            case V128_LOAD16_SPLAT ->
                    splat(stack, 16, memory(instance, operands).readShort(readMemPtr(stack, operands)));
            case V128_LOAD32_SPLAT -> splat(stack, 32, memory(instance, operands).readInt(readMemPtr(stack, operands)));
            case V128_LOAD64_SPLAT -> {
                long value = memory(instance, operands).readLong(readMemPtr(stack, operands));
                push(stack, value, value);
            }
            case V128_LOAD32_ZERO ->
                    push(stack, memory(instance, operands).readU32(readMemPtr(stack, operands)), 0);
            case V128_LOAD64_ZERO -> push(stack, memory(instance, operands).readLong(readMemPtr(stack, operands)), 0);
            case V128_LOAD8_LANE -> loadLane(stack, instance, operands, 8);
            case V128_LOAD16_LANE -> loadLane(stack, instance, operands, 16);
            case V128_LOAD32_LANE -> loadLane(stack, instance, operands, 32);
            case V128_LOAD64_LANE -> loadLane(stack, instance, operands, 64);
            case V128_STORE -> {
                long high = stack.pop();
                long low = stack.pop();
                int address = readMemPtr(stack, operands);
                Memory memory = memory(instance, operands);
                // The upper half first: if it is out of bounds, the store traps before anything was written.
                memory.writeLong(address + 8, high);
                memory.writeLong(address, low);
            }
            case V128_STORE8_LANE -> storeLane(stack, instance, operands, 8);
            case V128_STORE16_LANE -> storeLane(stack, instance, operands, 16);
            case V128_STORE32_LANE -> storeLane(stack, instance, operands, 32);
            case V128_STORE64_LANE -> storeLane(stack, instance, operands, 64);

            // ---- lanes: splat, extract, replace, shuffle, swizzle
            case I8x16_SPLAT -> splat(stack, 8, stack.pop());
            case I16x8_SPLAT -> splat(stack, 16, stack.pop());
            case I32x4_SPLAT, F32x4_SPLAT -> splat(stack, 32, stack.pop());
            case I64x2_SPLAT, F64x2_SPLAT -> {
                long value = stack.pop();
                push(stack, value, value);
            }
            case I8x16_EXTRACT_LANE_S -> stack.push(extractLane(stack, 8, operands));
            case I8x16_EXTRACT_LANE_U -> stack.push(extractLane(stack, 8, operands) & 0xFF);
            case I16x8_EXTRACT_LANE_S -> stack.push(extractLane(stack, 16, operands));
            case I16x8_EXTRACT_LANE_U -> stack.push(extractLane(stack, 16, operands) & 0xFFFF);
            case I32x4_EXTRACT_LANE, F32x4_EXTRACT_LANE -> stack.push(extractLane(stack, 32, operands));
            case I64x2_EXTRACT_LANE, F64x2_EXTRACT_LANE -> {
                long high = stack.pop();
                long low = stack.pop();
                stack.push(operands.get(0) == 0 ? low : high);
            }
            case I8x16_REPLACE_LANE -> replaceLane(stack, 8, (int) operands.get(0), stack.pop());
            case I16x8_REPLACE_LANE -> replaceLane(stack, 16, (int) operands.get(0), stack.pop());
            case I32x4_REPLACE_LANE, F32x4_REPLACE_LANE -> replaceLane(stack, 32, (int) operands.get(0), stack.pop());
            case I64x2_REPLACE_LANE, F64x2_REPLACE_LANE -> replaceLane(stack, 64, (int) operands.get(0), stack.pop());
            case I8x16_SHUFFLE -> {
                int[] b = popLanes(stack, 8);
                int[] a = popLanes(stack, 8);
                int[] selectors = lanes(operands.get(0), operands.get(1), 8);
                int[] result = new int[16];
                for (int i = 0; i < 16; i++) {
                    int selector = selectors[i] & 0xFF;
                    result[i] = selector < 16 ? a[selector] : b[selector - 16];
                }
                pushLanes(stack, 8, result);
            }
            case I8x16_SWIZZLE -> swizzle(stack);

            // ---- bitwise
            case V128_NOT -> unary64(stack, a -> ~a);
            case V128_AND -> binary64(stack, (a, b) -> a & b);
            case V128_ANDNOT -> binary64(stack, (a, b) -> a & ~b);
            case V128_OR -> binary64(stack, (a, b) -> a | b);
            case V128_XOR -> binary64(stack, (a, b) -> a ^ b);
            case V128_BITSELECT -> {
                if (relaxed.handles(instruction.address())) {
                    relaxed.eval(stack, instruction.address());
                } else {
                    bitselect(stack);
                }
            }
            case V128_ANY_TRUE -> {
                long high = stack.pop();
                long low = stack.pop();
                stack.push((low | high) != 0 ? 1 : 0);
            }

            // ---- i8x16
            case I8x16_EQ -> binary(stack, 8, (a, b) -> mask(a == b));
            case I8x16_NE -> binary(stack, 8, (a, b) -> mask(a != b));
            case I8x16_LT_S -> binary(stack, 8, (a, b) -> mask(a < b));
            case I8x16_LT_U -> binary(stack, 8, (a, b) -> mask(Integer.compareUnsigned(a, b) < 0));
            case I8x16_GT_S -> binary(stack, 8, (a, b) -> mask(a > b));
            case I8x16_GT_U -> binary(stack, 8, (a, b) -> mask(Integer.compareUnsigned(a, b) > 0));
            case I8x16_LE_S -> binary(stack, 8, (a, b) -> mask(a <= b));
            case I8x16_LE_U -> binary(stack, 8, (a, b) -> mask(Integer.compareUnsigned(a, b) <= 0));
            case I8x16_GE_S -> binary(stack, 8, (a, b) -> mask(a >= b));
            case I8x16_GE_U -> binary(stack, 8, (a, b) -> mask(Integer.compareUnsigned(a, b) >= 0));
            case I8x16_ABS -> unary(stack, 8, Math::abs);
            case I8x16_NEG -> unary(stack, 8, a -> -a);
            case I8x16_POPCNT -> unary(stack, 8, a -> Integer.bitCount(a & 0xFF));
            case I8x16_ALL_TRUE -> stack.push(allTrue(stack, 8));
            case I8x16_BITMASK -> stack.push(bitmask(stack, 8));
            case I8x16_NARROW_I16x8_S -> narrow(stack, 16, false);
            case I8x16_NARROW_I16x8_U -> narrow(stack, 16, true);
            case I8x16_SHL -> shift(stack, 8, (a, n) -> a << n);
            case I8x16_SHR_S -> shift(stack, 8, (a, n) -> a >> n);
            case I8x16_SHR_U -> shift(stack, 8, (a, n) -> (a & 0xFF) >>> n);
            case I8x16_ADD -> binary(stack, 8, Integer::sum);
            case I8x16_ADD_SAT_S -> binary(stack, 8, (a, b) -> saturateS8(a + b));
            case I8x16_ADD_SAT_U -> binary(stack, 8, (a, b) -> saturateU8((a & 0xFF) + (b & 0xFF)));
            case I8x16_SUB -> binary(stack, 8, (a, b) -> a - b);
            case I8x16_SUB_SAT_S -> binary(stack, 8, (a, b) -> saturateS8(a - b));
            case I8x16_SUB_SAT_U -> binary(stack, 8, (a, b) -> saturateU8((a & 0xFF) - (b & 0xFF)));
            case I8x16_MIN_S -> binary(stack, 8, Math::min);
            case I8x16_MIN_U -> binary(stack, 8, (a, b) -> Integer.compareUnsigned(a, b) <= 0 ? a : b);
            case I8x16_MAX_S -> binary(stack, 8, Math::max);
            case I8x16_MAX_U -> binary(stack, 8, (a, b) -> Integer.compareUnsigned(a, b) >= 0 ? a : b);
            case I8x16_AVGR_U -> binary(stack, 8, (a, b) -> ((a & 0xFF) + (b & 0xFF) + 1) >>> 1);

            // ---- i16x8
            case I16x8_EQ -> binary(stack, 16, (a, b) -> mask(a == b));
            case I16x8_NE -> binary(stack, 16, (a, b) -> mask(a != b));
            case I16x8_LT_S -> binary(stack, 16, (a, b) -> mask(a < b));
            case I16x8_LT_U -> binary(stack, 16, (a, b) -> mask(Integer.compareUnsigned(a, b) < 0));
            case I16x8_GT_S -> binary(stack, 16, (a, b) -> mask(a > b));
            case I16x8_GT_U -> binary(stack, 16, (a, b) -> mask(Integer.compareUnsigned(a, b) > 0));
            case I16x8_LE_S -> binary(stack, 16, (a, b) -> mask(a <= b));
            case I16x8_LE_U -> binary(stack, 16, (a, b) -> mask(Integer.compareUnsigned(a, b) <= 0));
            case I16x8_GE_S -> binary(stack, 16, (a, b) -> mask(a >= b));
            case I16x8_GE_U -> binary(stack, 16, (a, b) -> mask(Integer.compareUnsigned(a, b) >= 0));
            case I16x8_ABS -> unary(stack, 16, Math::abs);
            case I16x8_NEG -> unary(stack, 16, a -> -a);
            case I16x8_ALL_TRUE -> stack.push(allTrue(stack, 16));
            case I16x8_BITMASK -> stack.push(bitmask(stack, 16));
            case I16x8_NARROW_I32x4_S -> narrow(stack, 32, false);
            case I16x8_NARROW_I32x4_U -> narrow(stack, 32, true);
            case I16x8_EXTEND_LOW_I8x16_S -> extend(stack, 8, 0, true);
            case I16x8_EXTEND_HIGH_I8x16_S -> extend(stack, 8, 8, true);
            case I16x8_EXTEND_LOW_I8x16_U -> extend(stack, 8, 0, false);
            case I16x8_EXTEND_HIGH_I8x16_U -> extend(stack, 8, 8, false);
            case I16x8_SHL -> shift(stack, 16, (a, n) -> a << n);
            case I16x8_SHR_S -> shift(stack, 16, (a, n) -> a >> n);
            case I16x8_SHR_U -> shift(stack, 16, (a, n) -> (a & 0xFFFF) >>> n);
            case I16x8_ADD -> binary(stack, 16, Integer::sum);
            case I16x8_ADD_SAT_S -> binary(stack, 16, (a, b) -> saturateS16(a + b));
            case I16x8_ADD_SAT_U -> binary(stack, 16, (a, b) -> saturateU16((a & 0xFFFF) + (b & 0xFFFF)));
            case I16x8_SUB -> binary(stack, 16, (a, b) -> a - b);
            case I16x8_SUB_SAT_S -> binary(stack, 16, (a, b) -> saturateS16(a - b));
            case I16x8_SUB_SAT_U -> binary(stack, 16, (a, b) -> saturateU16((a & 0xFFFF) - (b & 0xFFFF)));
            case I16x8_MUL -> binary(stack, 16, (a, b) -> a * b);
            case I16x8_MIN_S -> binary(stack, 16, Math::min);
            case I16x8_MIN_U -> binary(stack, 16, (a, b) -> Integer.compareUnsigned(a, b) <= 0 ? a : b);
            case I16x8_MAX_S -> binary(stack, 16, Math::max);
            case I16x8_MAX_U -> binary(stack, 16, (a, b) -> Integer.compareUnsigned(a, b) >= 0 ? a : b);
            case I16x8_AVGR_U -> binary(stack, 16, (a, b) -> ((a & 0xFFFF) + (b & 0xFFFF) + 1) >>> 1);
            case I16x8_Q15MULR_SAT_S -> binary(stack, 16, (a, b) -> saturateS16((a * b + 0x4000) >> 15));
            case I16x8_EXTMUL_LOW_I8x16_S -> extendedMultiply(stack, 8, 0, true);
            case I16x8_EXTMUL_HIGH_I8x16_S -> extendedMultiply(stack, 8, 8, true);
            case I16x8_EXTMUL_LOW_I8x16_U -> extendedMultiply(stack, 8, 0, false);
            case I16x8_EXTMUL_HIGH_I8x16_U -> extendedMultiply(stack, 8, 8, false);
            case I16x8_EXTADD_PAIRWISE_I8x16_S -> addPairwise(stack, 8, true);
            case I16x8_EXTADD_PAIRWISE_I8x16_U -> addPairwise(stack, 8, false);

            // ---- i32x4
            case I32x4_EQ -> binary(stack, 32, (a, b) -> mask(a == b));
            case I32x4_NE -> binary(stack, 32, (a, b) -> mask(a != b));
            case I32x4_LT_S -> binary(stack, 32, (a, b) -> mask(a < b));
            case I32x4_LT_U -> binary(stack, 32, (a, b) -> mask(Integer.compareUnsigned(a, b) < 0));
            case I32x4_GT_S -> binary(stack, 32, (a, b) -> mask(a > b));
            case I32x4_GT_U -> binary(stack, 32, (a, b) -> mask(Integer.compareUnsigned(a, b) > 0));
            case I32x4_LE_S -> binary(stack, 32, (a, b) -> mask(a <= b));
            case I32x4_LE_U -> binary(stack, 32, (a, b) -> mask(Integer.compareUnsigned(a, b) <= 0));
            case I32x4_GE_S -> binary(stack, 32, (a, b) -> mask(a >= b));
            case I32x4_GE_U -> binary(stack, 32, (a, b) -> mask(Integer.compareUnsigned(a, b) >= 0));
            case I32x4_ABS -> unary(stack, 32, Math::abs);
            case I32x4_NEG -> unary(stack, 32, a -> -a);
            case I32x4_ALL_TRUE -> stack.push(allTrue(stack, 32));
            case I32x4_BITMASK -> stack.push(bitmask(stack, 32));
            case I32x4_EXTEND_LOW_I16x8_S -> extend(stack, 16, 0, true);
            case I32x4_EXTEND_HIGH_I16x8_S -> extend(stack, 16, 4, true);
            case I32x4_EXTEND_LOW_I16x8_U -> extend(stack, 16, 0, false);
            case I32x4_EXTEND_HIGH_I16x8_U -> extend(stack, 16, 4, false);
            case I32x4_SHL -> shift(stack, 32, (a, n) -> a << n);
            case I32x4_SHR_S -> shift(stack, 32, (a, n) -> a >> n);
            case I32x4_SHR_U -> shift(stack, 32, (a, n) -> a >>> n);
            case I32x4_ADD -> binary(stack, 32, Integer::sum);
            case I32x4_SUB -> binary(stack, 32, (a, b) -> a - b);
            case I32x4_MUL -> binary(stack, 32, (a, b) -> a * b);
            case I32x4_MIN_S -> binary(stack, 32, Math::min);
            case I32x4_MIN_U -> binary(stack, 32, (a, b) -> Integer.compareUnsigned(a, b) <= 0 ? a : b);
            case I32x4_MAX_S -> binary(stack, 32, Math::max);
            case I32x4_MAX_U -> binary(stack, 32, (a, b) -> Integer.compareUnsigned(a, b) >= 0 ? a : b);
            case I32x4_DOT_I16x8_S -> {
                if (relaxed.handles(instruction.address())) {
                    relaxed.eval(stack, instruction.address());
                } else {
                    int[] b = popLanes(stack, 16);
                    int[] a = popLanes(stack, 16);
                    int[] result = new int[4];
                    for (int i = 0; i < 4; i++) {
                        result[i] = a[2 * i] * b[2 * i] + a[2 * i + 1] * b[2 * i + 1];
                    }
                    pushLanes(stack, 32, result);
                }
            }
            case I32x4_EXTMUL_LOW_I16x8_S -> extendedMultiply(stack, 16, 0, true);
            case I32x4_EXTMUL_HIGH_I16x8_S -> extendedMultiply(stack, 16, 4, true);
            case I32x4_EXTMUL_LOW_I16x8_U -> extendedMultiply(stack, 16, 0, false);
            case I32x4_EXTMUL_HIGH_I16x8_U -> extendedMultiply(stack, 16, 4, false);
            case I32x4_EXTADD_PAIRWISE_I16x8_S -> addPairwise(stack, 16, true);
            case I32x4_EXTADD_PAIRWISE_I16x8_U -> addPairwise(stack, 16, false);

            // ---- i64x2
            case I64x2_EQ -> binary64(stack, (a, b) -> mask64(a == b));
            case I64x2_NE -> binary64(stack, (a, b) -> mask64(a != b));
            case I64x2_LT_S -> binary64(stack, (a, b) -> mask64(a < b));
            case I64x2_GT_S -> binary64(stack, (a, b) -> mask64(a > b));
            case I64x2_LE_S -> binary64(stack, (a, b) -> mask64(a <= b));
            case I64x2_GE_S -> binary64(stack, (a, b) -> mask64(a >= b));
            case I64x2_ABS -> unary64(stack, Math::abs);
            case I64x2_NEG -> unary64(stack, a -> -a);
            case I64x2_ALL_TRUE -> {
                long high = stack.pop();
                long low = stack.pop();
                stack.push(low != 0 && high != 0 ? 1 : 0);
            }
            case I64x2_BITMASK -> {
                long high = stack.pop();
                long low = stack.pop();
                stack.push((low >>> 63) | (high >>> 63) << 1);
            }
            case I64x2_EXTEND_LOW_I32x4_S -> extend64(stack, 0, true);
            case I64x2_EXTEND_HIGH_I32x4_S -> extend64(stack, 2, true);
            case I64x2_EXTEND_LOW_I32x4_U -> extend64(stack, 0, false);
            case I64x2_EXTEND_HIGH_I32x4_U -> extend64(stack, 2, false);
            case I64x2_SHL -> shift64(stack, (a, n) -> a << n);
            case I64x2_SHR_S -> shift64(stack, (a, n) -> a >> n);
            case I64x2_SHR_U -> shift64(stack, (a, n) -> a >>> n);
            case I64x2_ADD -> binary64(stack, Long::sum);
            case I64x2_SUB -> binary64(stack, (a, b) -> a - b);
            case I64x2_MUL -> binary64(stack, (a, b) -> a * b);
            case I64x2_EXTMUL_LOW_I32x4_S -> extendedMultiply64(stack, 0, true);
            case I64x2_EXTMUL_HIGH_I32x4_S -> extendedMultiply64(stack, 2, true);
            case I64x2_EXTMUL_LOW_I32x4_U -> extendedMultiply64(stack, 0, false);
            case I64x2_EXTMUL_HIGH_I32x4_U -> extendedMultiply64(stack, 2, false);

            // ---- f32x4: sign operations and pmin/pmax are bitwise, the rest rounds (and canonicalizes NaNs)
            case F32x4_EQ -> binary(stack, 32, (a, b) -> mask(f32(a) == f32(b)));
            case F32x4_NE -> binary(stack, 32, (a, b) -> mask(f32(a) != f32(b)));
            case F32x4_LT -> binary(stack, 32, (a, b) -> mask(f32(a) < f32(b)));
            case F32x4_GT -> binary(stack, 32, (a, b) -> mask(f32(a) > f32(b)));
            case F32x4_LE -> binary(stack, 32, (a, b) -> mask(f32(a) <= f32(b)));
            case F32x4_GE -> binary(stack, 32, (a, b) -> mask(f32(a) >= f32(b)));
            case F32x4_ABS -> unary(stack, 32, a -> a & 0x7FFF_FFFF);
            case F32x4_NEG -> unary(stack, 32, a -> a ^ 0x8000_0000);
            case F32x4_SQRT -> unaryF32(stack, a -> (float) Math.sqrt(a));
            case F32x4_CEIL -> unaryF32(stack, a -> (float) Math.ceil(a));
            case F32x4_FLOOR -> unaryF32(stack, a -> (float) Math.floor(a));
            case F32x4_TRUNC -> unaryF32(stack, a -> (float) truncate(a));
            case F32x4_NEAREST -> unaryF32(stack, a -> (float) Math.rint(a));
            case F32x4_ADD -> binaryF32(stack, Float::sum);
            case F32x4_SUB -> binaryF32(stack, (a, b) -> a - b);
            case F32x4_MUL -> binaryF32(stack, (a, b) -> a * b);
            case F32x4_DIV -> binaryF32(stack, (a, b) -> a / b);
            case F32x4_MIN -> binaryF32(stack, Math::min);
            case F32x4_MAX -> binaryF32(stack, Math::max);
            case F32x4_PMIN -> binary(stack, 32, (a, b) -> f32(b) < f32(a) ? b : a);
            case F32x4_PMAX -> binary(stack, 32, (a, b) -> f32(a) < f32(b) ? b : a);

            // ---- f64x2
            case F64x2_EQ -> binary64(stack, (a, b) -> mask64(f64(a) == f64(b)));
            case F64x2_NE -> binary64(stack, (a, b) -> mask64(f64(a) != f64(b)));
            case F64x2_LT -> binary64(stack, (a, b) -> mask64(f64(a) < f64(b)));
            case F64x2_GT -> binary64(stack, (a, b) -> mask64(f64(a) > f64(b)));
            case F64x2_LE -> binary64(stack, (a, b) -> mask64(f64(a) <= f64(b)));
            case F64x2_GE -> binary64(stack, (a, b) -> mask64(f64(a) >= f64(b)));
            case F64x2_ABS -> unary64(stack, a -> a & Long.MAX_VALUE);
            case F64x2_NEG -> unary64(stack, a -> a ^ Long.MIN_VALUE);
            case F64x2_SQRT -> unaryF64(stack, Math::sqrt);
            case F64x2_CEIL -> unaryF64(stack, Math::ceil);
            case F64x2_FLOOR -> unaryF64(stack, Math::floor);
            case F64x2_TRUNC -> unaryF64(stack, SimdMachine::truncate);
            case F64x2_NEAREST -> unaryF64(stack, Math::rint);
            case F64x2_ADD -> binaryF64(stack, Double::sum);
            case F64x2_SUB -> binaryF64(stack, (a, b) -> a - b);
            case F64x2_MUL -> binaryF64(stack, (a, b) -> a * b);
            case F64x2_DIV -> binaryF64(stack, (a, b) -> a / b);
            case F64x2_MIN -> binaryF64(stack, Math::min);
            case F64x2_MAX -> binaryF64(stack, Math::max);
            case F64x2_PMIN -> binary64(stack, (a, b) -> f64(b) < f64(a) ? b : a);
            case F64x2_PMAX -> binary64(stack, (a, b) -> f64(a) < f64(b) ? b : a);

            // ---- conversions
            case I32x4_TRUNC_SAT_F32X4_S -> unary(stack, 32, a -> (int) f32(a));
            case I32x4_TRUNC_SAT_F32X4_U -> unary(stack, 32, a -> truncateUnsigned(f32(a)));
            case F32x4_CONVERT_I32x4_S -> unary(stack, 32, a -> f32Bits((float) a));
            case F32x4_CONVERT_I32x4_U -> unary(stack, 32, a -> f32Bits((float) Integer.toUnsignedLong(a)));
            case I32x4_TRUNC_SAT_F64x2_S_ZERO -> {
                long high = stack.pop();
                long low = stack.pop();
                pushLanes(stack, 32, new int[] {(int) f64(low), (int) f64(high), 0, 0});
            }
            case I32x4_TRUNC_SAT_F64x2_U_ZERO -> {
                long high = stack.pop();
                long low = stack.pop();
                pushLanes(stack, 32, new int[] {truncateUnsigned(f64(low)), truncateUnsigned(f64(high)), 0, 0});
            }
            case F64x2_CONVERT_LOW_I32x4_S -> {
                int[] a = popLanes(stack, 32);
                push(stack, f64Bits(a[0]), f64Bits(a[1]));
            }
            case F64x2_CONVERT_LOW_I32x4_U -> {
                int[] a = popLanes(stack, 32);
                push(stack, f64Bits(Integer.toUnsignedLong(a[0])), f64Bits(Integer.toUnsignedLong(a[1])));
            }
            case F32x4_DEMOTE_LOW_F64x2_ZERO -> {
                long high = stack.pop();
                long low = stack.pop();
                pushLanes(stack, 32, new int[] {f32Bits((float) f64(low)), f32Bits((float) f64(high)), 0, 0});
            }
            case F64x2_PROMOTE_LOW_F32x4 -> {
                int[] a = popLanes(stack, 32);
                push(stack, f64Bits(f32(a[0])), f64Bits(f32(a[1])));
            }
            default -> super.evalDefault(stack, instance, callStack, instruction, operands);
        }
    }

    private static Memory memory(Instance instance, Operands operands) {
        return instance.memory((int) operands.get(2));
    }

    /** {@code bits}-bit value (its low bits) in every lane. */
    private static void splat(MStack stack, int bits, long value) {
        long half = 0;
        for (int i = 0; i < 64 / bits; i++) {
            half = withLane(half, bits, i, value);
        }
        push(stack, half, half);
    }

    private static int extractLane(MStack stack, int bits, Operands operands) {
        long high = stack.pop();
        long low = stack.pop();
        int index = (int) operands.get(0);
        int perHalf = 64 / bits;
        return lane(index < perHalf ? low : high, bits, index % perHalf);
    }

    private static void replaceLane(MStack stack, int bits, int index, long value) {
        long high = stack.pop();
        long low = stack.pop();
        int perHalf = 64 / bits;
        if (index < perHalf) {
            low = withLane(low, bits, index, value);
        } else {
            high = withLane(high, bits, index - perHalf, value);
        }
        push(stack, low, high);
    }

    /** Eight bytes, read as lanes of {@code bits} bits and widened to twice that. */
    private static void loadExtended(MStack stack, Instance instance, Operands operands, int bits, boolean signed) {
        long value = memory(instance, operands).readLong(readMemPtr(stack, operands));
        widen(stack, lanes(value, 0, bits), 0, bits, signed);
    }

    private static void loadLane(MStack stack, Instance instance, Operands operands, int bits) {
        long high = stack.pop();
        long low = stack.pop();
        int address = readMemPtr(stack, operands);
        Memory memory = memory(instance, operands);
        long value = switch (bits) {
            case 8 -> memory.read(address);
            case 16 -> memory.readShort(address);
            case 32 -> memory.readInt(address);
            default -> memory.readLong(address);
        };
        push(stack, low, high);
        replaceLane(stack, bits, (int) operands.get(3), value);
    }

    private static void storeLane(MStack stack, Instance instance, Operands operands, int bits) {
        long high = stack.pop();
        long low = stack.pop();
        int address = readMemPtr(stack, operands);
        int index = (int) operands.get(3);
        int perHalf = 64 / bits;
        long half = index < perHalf ? low : high;
        Memory memory = memory(instance, operands);
        switch (bits) {
            case 8 -> memory.writeByte(address, (byte) lane(half, 8, index % perHalf));
            case 16 -> memory.writeShort(address, (short) lane(half, 16, index % perHalf));
            case 32 -> memory.writeI32(address, lane(half, 32, index % perHalf));
            default -> memory.writeLong(address, half);
        }
    }

    /** Lanes of {@code b} select lanes of {@code a}; indices of 16 or more select 0. */
    private static void swizzle(MStack stack) {
        int[] indices = popLanes(stack, 8);
        int[] a = popLanes(stack, 8);
        int[] result = new int[16];
        for (int i = 0; i < 16; i++) {
            int index = indices[i] & 0xFF;
            result[i] = index < 16 ? a[index] : 0;
        }
        pushLanes(stack, 8, result);
    }

    private static void bitselect(MStack stack) {
        long maskHigh = stack.pop();
        long maskLow = stack.pop();
        long bHigh = stack.pop();
        long bLow = stack.pop();
        long aHigh = stack.pop();
        long aLow = stack.pop();
        push(stack, (aLow & maskLow) | (bLow & ~maskLow), (aHigh & maskHigh) | (bHigh & ~maskHigh));
    }

    private static int allTrue(MStack stack, int bits) {
        for (int lane : popLanes(stack, bits)) {
            if (lane == 0) {
                return 0;
            }
        }
        return 1;
    }

    private static int bitmask(MStack stack, int bits) {
        int[] lanes = popLanes(stack, bits);
        int result = 0;
        for (int i = 0; i < lanes.length; i++) {
            result |= (lanes[i] >>> 31) << i;
        }
        return result;
    }

    /** Lanes of {@code bits} bits of both operands, saturated into lanes of half the width. */
    private static void narrow(MStack stack, int bits, boolean unsigned) {
        int[] b = popLanes(stack, bits);
        int[] a = popLanes(stack, bits);
        int[] result = new int[2 * a.length];
        for (int i = 0; i < a.length; i++) {
            result[i] = narrow(a[i], bits, unsigned);
            result[a.length + i] = narrow(b[i], bits, unsigned);
        }
        pushLanes(stack, bits / 2, result);
    }

    private static int narrow(int value, int bits, boolean unsigned) {
        if (bits == 16) {
            return unsigned ? saturateU8(value) : saturateS8(value);
        }
        return unsigned ? saturateU16(value) : saturateS16(value);
    }

    private static int widenLane(int value, int bits, boolean signed) {
        return signed ? value : value & (int) ((1L << bits) - 1);
    }

    /** Half the lanes of {@code bits} bits, from lane {@code first}, into lanes of twice the width. */
    private static void extend(MStack stack, int bits, int first, boolean signed) {
        widen(stack, popLanes(stack, bits), first, bits, signed);
    }

    private static void widen(MStack stack, int[] lanes, int first, int bits, boolean signed) {
        if (bits == 32) {
            push(stack, widen64(lanes[first], signed), widen64(lanes[first + 1], signed));
            return;
        }
        int[] result = new int[lanes.length / 2];
        for (int i = 0; i < result.length; i++) {
            result[i] = widenLane(lanes[first + i], bits, signed);
        }
        pushLanes(stack, 2 * bits, result);
    }

    private static long widen64(int value, boolean signed) {
        return signed ? value : Integer.toUnsignedLong(value);
    }

    private static void extend64(MStack stack, int first, boolean signed) {
        widen(stack, popLanes(stack, 32), first, 32, signed);
    }

    private static void extendedMultiply(MStack stack, int bits, int first, boolean signed) {
        int[] b = popLanes(stack, bits);
        int[] a = popLanes(stack, bits);
        int[] result = new int[a.length / 2];
        for (int i = 0; i < result.length; i++) {
            result[i] = widenLane(a[first + i], bits, signed) * widenLane(b[first + i], bits, signed);
        }
        pushLanes(stack, 2 * bits, result);
    }

    private static void extendedMultiply64(MStack stack, int first, boolean signed) {
        int[] b = popLanes(stack, 32);
        int[] a = popLanes(stack, 32);
        push(stack, widen64(a[first], signed) * widen64(b[first], signed),
                widen64(a[first + 1], signed) * widen64(b[first + 1], signed));
    }

    private static void addPairwise(MStack stack, int bits, boolean signed) {
        int[] a = popLanes(stack, bits);
        int[] result = new int[a.length / 2];
        for (int i = 0; i < result.length; i++) {
            result[i] = widenLane(a[2 * i], bits, signed) + widenLane(a[2 * i + 1], bits, signed);
        }
        pushLanes(stack, 2 * bits, result);
    }

    private static double truncate(double value) {
        return value < 0 ? Math.ceil(value) : Math.floor(value);
    }

    /** Saturating: NaN and negatives give 0, values of 2^32 or more give 2^32 - 1. */
    private static int truncateUnsigned(double value) {
        return (int) Math.min(Math.max((long) value, 0L), 0xFFFF_FFFFL);
    }
}
