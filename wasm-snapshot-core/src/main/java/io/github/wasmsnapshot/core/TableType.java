package io.github.wasmsnapshot.core;

import com.dylibso.chicory.wasm.types.ValType;
import io.github.wasmsnapshot.core.binary.ByteReader;
import io.github.wasmsnapshot.core.binary.ModuleBinary;
import io.github.wasmsnapshot.core.binary.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A defined table's entry in the table section, as positions into the module's bytes
 * ({@code start..end}, its minimum size at {@code minStart..minEnd}) and that minimum. Read from
 * the binary because Chicory raises its own copy of the minimum when the table grows.
 */
record TableType(int start, int minStart, int minEnd, int end, long min) {
    /** A table type with an initializer expression (function references): 0x40 0x00, then the usual type. */
    private static final int WITH_INITIALIZER = 0x40;
    private static final int LIMITS_HAS_MAX = 0x01;
    private static final int LIMITS_64_BIT = 0x04;

    /** The table section's entries in order; none if there is no table section. */
    static List<TableType> readAll(ModuleBinary binary) throws SnapshotException {
        Optional<Section> section = binary.section(Section.TABLE);
        if (section.isEmpty()) {
            return List.of();
        }
        ByteReader in = section.get().payload(binary.bytes());
        int count = in.u32();
        List<TableType> types = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int start = in.position();
            int referenceType = in.u8();
            boolean withInitializer = referenceType == WITH_INITIALIZER;
            if (withInitializer) {
                in.u8();
                referenceType = in.u8();
            }
            if (referenceType == ValType.ID.Ref || referenceType == ValType.ID.RefNull) {
                in.skipSignedLeb(5);
            }
            int flags = in.u8();
            boolean is64 = (flags & LIMITS_64_BIT) != 0;
            int minStart = in.position();
            long min = is64 ? in.u64() : in.u32() & 0xFFFF_FFFFL;
            int minEnd = in.position();
            if ((flags & LIMITS_HAS_MAX) != 0) {
                if (is64) {
                    in.u64();
                } else {
                    in.u32();
                }
            }
            if (withInitializer) {
                ConstantExpression.skip(in);
            }
            types.add(new TableType(start, minStart, minEnd, in.position(), min));
        }
        return types;
    }
}
