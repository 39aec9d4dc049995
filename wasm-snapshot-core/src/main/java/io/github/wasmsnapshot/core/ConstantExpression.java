package io.github.wasmsnapshot.core;

import com.dylibso.chicory.wasm.types.ValType;
import com.dylibso.chicory.wasm.types.Value;
import io.github.wasmsnapshot.core.binary.ByteReader;
import io.github.wasmsnapshot.core.binary.ByteWriter;

/** Skips and writes constant expressions (global initializers, segment offsets). */
final class ConstantExpression {
    private static final int END = 0x0B;
    private static final int I32_CONST = 0x41;
    private static final int I64_CONST = 0x42;
    private static final int F32_CONST = 0x43;
    private static final int F64_CONST = 0x44;
    private static final int GLOBAL_GET = 0x23;
    private static final int REF_NULL = 0xD0;
    private static final int REF_FUNC = 0xD2;
    private static final int SIMD_PREFIX = 0xFD;
    private static final int V128_CONST = 12;
    private static final int GC_PREFIX = 0xFB;

    private ConstantExpression() {}

    /** Moves the reader past one constant expression, its {@code end} included. */
    static void skip(ByteReader in) throws SnapshotException {
        while (true) {
            int offset = in.position();
            int opcode = in.u8();
            switch (opcode) {
                case END -> {
                    return;
                }
                case I32_CONST, REF_NULL -> in.skipSignedLeb(5);
                case I64_CONST -> in.skipSignedLeb(10);
                case F32_CONST -> in.skip(4);
                case F64_CONST -> in.skip(8);
                case GLOBAL_GET, REF_FUNC -> in.u32();
                // extended-const arithmetic: i32/i64 add, sub, mul
                case 0x6A, 0x6B, 0x6C, 0x7C, 0x7D, 0x7E -> { }
                case SIMD_PREFIX -> {
                    if (in.u32() != V128_CONST) {
                        throw unsupported(opcode, offset);
                    }
                    in.skip(16);
                }
                case GC_PREFIX -> skipGcImmediates(in, in.u32(), offset);
                default -> throw unsupported(opcode, offset);
            }
        }
    }

    private static void skipGcImmediates(ByteReader in, int subOpcode, int offset) throws SnapshotException {
        switch (subOpcode) {
            case 0, 1, 6, 7 -> in.u32(); // struct.new(_default), array.new(_default): type index
            case 8 -> { // array.new_fixed: type index, length
                in.u32();
                in.u32();
            }
            case 26, 27, 28 -> { } // any.convert_extern, extern.convert_any, ref.i31
            default -> throw unsupported(GC_PREFIX, offset);
        }
    }

    private static SnapshotException unsupported(int opcode, int offset) {
        return new SnapshotException(String.format(
                "unsupported instruction 0x%02X in a constant expression at byte offset %d", opcode, offset));
    }

    static void writeI32(ByteWriter out, int value) {
        out.u8(I32_CONST).signedLeb(value).u8(END);
    }

    /** Writes {@code value} as a constant expression of its type, bit for bit (NaN payloads included). */
    static void write(ByteWriter out, Snapshot.GlobalValue value) {
        if (value.type().isReference()) {
            writeReference(out, value.type(), (int) value.low());
            return;
        }
        switch (value.type().opcode()) {
            case ValType.ID.I32 -> out.u8(I32_CONST).signedLeb((int) value.low());
            case ValType.ID.I64 -> out.u8(I64_CONST).signedLeb(value.low());
            case ValType.ID.F32 -> out.u8(F32_CONST).littleEndian(value.low(), 4);
            case ValType.ID.F64 -> out.u8(F64_CONST).littleEndian(value.low(), 8);
            case ValType.ID.V128 -> out.u8(SIMD_PREFIX).u32(V128_CONST)
                    .littleEndian(value.low(), 8).littleEndian(value.high(), 8);
            default -> throw new IllegalStateException("no snapshot encoding for value type " + value.type());
        }
        out.u8(END);
    }

    /**
     * Writes {@code ref.func reference}, or {@code ref.null} of {@code type}'s heap type for
     * {@link Value#REF_NULL_VALUE}; only abstract heap types (func, extern) are written.
     */
    static void writeReference(ByteWriter out, ValType type, int reference) {
        if (reference == Value.REF_NULL_VALUE) {
            out.u8(REF_NULL).signedLeb(type.typeIdx());
        } else {
            out.u8(REF_FUNC).u32(reference);
        }
        out.u8(END);
    }
}
