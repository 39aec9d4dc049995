package io.github.wasmsnapshot.core.simd;

import com.dylibso.chicory.wasm.types.OpCode;
import io.github.wasmsnapshot.core.SnapshotException;
import io.github.wasmsnapshot.core.binary.ByteReader;
import io.github.wasmsnapshot.core.binary.ModuleBinary;
import io.github.wasmsnapshot.core.binary.Section;
import java.util.HashMap;
import java.util.Map;

/**
 * Rewrites the relaxed SIMD instructions of a module's code, in a copy, into the standard instructions that
 * {@link RelaxedSimd} describes, keeping every byte offset. Only Chicory sees the copy: the output is written from
 * the input's own bytes. A module that does not decode is returned as it is, for Chicory to report.
 */
final class RelaxedLowering {
    private static final int SIMD_PREFIX = 0xFD;
    private static final int FIRST_RELAXED = 0x100;
    private static final int LAST_RELAXED = 0x113;
    private static final int BITSELECT = 0x52;
    private static final int DOT_I16X8_S = 0xBA;
    /** 0x63 {@code (ref null ht)} and 0x64 {@code (ref ht)} are followed by a heap type. */
    private static final int REF_NULL = 0x63;
    private static final int REF = 0x64;

    /** The standard instruction each relaxed one (0x100 + index) becomes. */
    private static final int[] REPLACEMENT = {
        0x0E, // i8x16.relaxed_swizzle: i8x16.swizzle
        0xF8, 0xF9, 0xFC, 0xFD, // i32x4.relaxed_trunc_*: i32x4.trunc_sat_*
        BITSELECT, BITSELECT, BITSELECT, BITSELECT, // relaxed_madd/nmadd: carrier
        BITSELECT, BITSELECT, BITSELECT, BITSELECT, // relaxed_laneselect: v128.bitselect
        0xE8, 0xE9, 0xF4, 0xF5, // relaxed_min/max: min/max
        0x82, // i16x8.relaxed_q15mulr_s: i16x8.q15mulr_sat_s
        DOT_I16X8_S, // i16x8.relaxed_dot_i8x16_i7x16_s: carrier
        BITSELECT, // i32x4.relaxed_dot_i8x16_i7x16_add_s: carrier
    };

    record Lowered(byte[] bytes, RelaxedSimd relaxed) {}

    private final byte[] module;
    private final Map<Integer, Integer> carriers = new HashMap<>();
    private byte[] copy;

    private RelaxedLowering(byte[] module) {
        this.module = module;
    }

    static Lowered lower(byte[] module) {
        RelaxedLowering lowering = new RelaxedLowering(module);
        boolean decoded;
        try {
            var code = ModuleBinary.read(module).section(Section.CODE);
            decoded = code.isEmpty() || !mayBeRelaxed(module, code.get().payloadStart(), code.get().end())
                    || lowering.lowerCode(code.get().payload(module));
        } catch (SnapshotException e) {
            decoded = false;
        }
        return decoded && lowering.copy != null ? new Lowered(lowering.copy, new RelaxedSimd(lowering.carriers))
                : new Lowered(module, RelaxedSimd.NONE);
    }

    /**
     * Whether the bytes hold 0xFD followed by a LEB128 of 0x100 to 0x113, as every relaxed SIMD instruction's is
     * (padded or not): a quick scan that spares decoding most modules' code. (Its first byte holds bits 0 to 6, its
     * second bits 7 to 13; a looser scan took QuickJS's code, some of whose constants hold such bytes, for relaxed.)
     */
    private static boolean mayBeRelaxed(byte[] bytes, int start, int end) {
        for (int i = start; i + 2 < end; i++) {
            if ((bytes[i] & 0xFF) == SIMD_PREFIX && (bytes[i + 1] & 0x80) != 0
                    && (bytes[i + 1] & 0x7F) <= (LAST_RELAXED & 0x7F) && (bytes[i + 2] & 0x7F) == 0x02) {
                return true;
            }
        }
        return false;
    }

    /** False if an instruction is unknown to Chicory too. */
    private boolean lowerCode(ByteReader code) throws SnapshotException {
        int bodies = code.u32();
        for (int i = 0; i < bodies; i++) {
            int size = code.u32();
            int end = code.position() + size;
            int groups = code.u32();
            for (int g = 0; g < groups; g++) {
                code.u32();
                skipValueType(code);
            }
            while (code.position() < end) {
                if (!lowerInstruction(code)) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean lowerInstruction(ByteReader code) throws SnapshotException {
        int address = code.position();
        int opcode = code.u8();
        if (opcode >= 0xFB && opcode <= 0xFE) {
            int subStart = code.position();
            int sub = code.u32();
            if (opcode == SIMD_PREFIX && sub >= FIRST_RELAXED && sub <= LAST_RELAXED) {
                replace(address, subStart, code.position(), sub);
                return true; // no relaxed instruction has immediates
            }
            opcode = (opcode << 8) + sub; // as Chicory numbers them
        }
        OpCode op = OpCode.byOpCode(opcode);
        if (op == null) {
            return false;
        }
        for (var immediate : OpCode.signature(op)) {
            switch (immediate) {
                case BYTE -> code.skip(1);
                case VARUINT -> code.u32();
                case VARSINT32 -> code.skipSignedLeb(5);
                case VARSINT64 -> code.skipSignedLeb(10);
                case FLOAT32 -> code.skip(4);
                case FLOAT64 -> code.skip(8);
                case V128 -> code.skip(16);
                case VEC_VARUINT -> {
                    int count = code.u32();
                    for (int j = 0; j < count; j++) {
                        code.u32();
                    }
                }
                case VEC_CATCH -> {
                    int count = code.u32();
                    for (int j = 0; j < count; j++) {
                        int kind = code.u8();
                        if (kind <= 1) { // catch and catch_ref name a tag
                            code.u32();
                        }
                        code.u32();
                    }
                }
                case BLOCK_TYPE -> skipValueType(code); // also skips a type index (s33) or 0x40
                case VEC_VALUE_TYPE -> {
                    int count = code.u32();
                    for (int j = 0; j < count; j++) {
                        skipValueType(code);
                    }
                }
                case MEMARG -> {
                    int flags = code.u32();
                    if ((flags >>> 6) != 0) {
                        code.u32(); // memory index
                    }
                    code.u32(); // offset
                }
            }
        }
        return true;
    }

    /** A value type: one byte (or an s33 type index), and for 0x63 and 0x64 a heap type (s33). */
    private static void skipValueType(ByteReader code) throws SnapshotException {
        int first = code.u8();
        if ((first & 0x80) != 0) {
            code.skipSignedLeb(4); // the rest of a type index
        } else if (first == REF_NULL || first == REF) {
            code.skipSignedLeb(5);
        }
    }

    /** Writes the replacement into the sub-opcode's own bytes (LEB128 padded to their length). */
    private void replace(int address, int subStart, int subEnd, int relaxed) {
        if (copy == null) {
            copy = module.clone();
        }
        int replacement = REPLACEMENT[relaxed - FIRST_RELAXED];
        for (int position = subStart; position < subEnd; position++) {
            int shift = 7 * (position - subStart);
            int more = position < subEnd - 1 ? 0x80 : 0;
            copy[position] = (byte) (((replacement >>> shift) & 0x7F) | more);
        }
        if (RelaxedSimd.hasNoStandardEquivalent(relaxed)) {
            carriers.put(address, relaxed);
        }
    }
}
