package io.github.wasmsnapshot.core;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.MemorySection;
import com.dylibso.chicory.wasm.types.TagSection;
import io.github.wasmsnapshot.core.binary.ByteReader;
import io.github.wasmsnapshot.core.binary.ModuleBinary;
import io.github.wasmsnapshot.core.binary.Section;
import io.github.wasmsnapshot.core.simd.SimdModule;
import java.util.HashSet;
import java.util.Set;

/** Stage 1: split the binary into sections (our reader, with byte offsets) and decode and validate it (Chicory). */
final class ModuleParser {
    private ModuleParser() {}

    /** The limits flag of a memory whose addresses are i64. */
    private static final int MEMORY64 = 0x04;
    private static final int HAS_MAXIMUM = 0x01;
    private static final int HAS_PAGE_SIZE = 0x08;

    static ParsedModule parse(byte[] input) throws SnapshotException {
        ModuleBinary binary = ModuleBinary.read(input);
        refuseMemory64(binary);
        SimdModule module;
        try {
            module = SimdModule.parse(input);
        } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new SnapshotException("invalid module: " + e.getMessage(), e);
        } catch (RuntimeException | AssertionError e) {
            // Chicory's parser trips over some malformed code (a NullPointerException, or one of its asserts).
            throw new SnapshotException("malformed module: Chicory's parser failed on it with "
                    + e.getClass().getSimpleName(), e);
        }
        checkExports(module.module());
        return new ParsedModule(binary, module);
    }

    /**
     * A refusal that belongs with the checker's, made here because Chicory's parser would fail first,
     * calling the memory64 flag a malformed limit.
     */
    private static void refuseMemory64(ModuleBinary binary) throws SnapshotException {
        Section section = binary.section(Section.MEMORY).orElse(null);
        if (section == null) {
            return;
        }
        ByteReader in = section.payload(binary.bytes());
        int count = in.u32();
        for (int i = 0; i < count; i++) {
            int flagsOffset = in.position();
            int flags = in.u8();
            if ((flags & MEMORY64) != 0) {
                throw new SnapshotException(String.format("defined memory %d is a 64-bit memory (memory64: limits flags"
                        + " 0x%02x at byte offset %d), which is not supported: Chicory runs 32-bit memories only",
                        i, flags, flagsOffset));
            }
            in.u64();
            if ((flags & HAS_MAXIMUM) != 0) {
                in.u64();
            }
            if ((flags & HAS_PAGE_SIZE) != 0) {
                in.u32();
            }
        }
    }

    /** Chicory 1.7.5's validator does not look at the export section. */
    private static void checkExports(WasmModule module) throws SnapshotException {
        var exports = module.exportSection();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < exports.exportCount(); i++) {
            Export export = exports.getExport(i);
            if (!names.add(export.name())) {
                throw new SnapshotException("invalid module: two exports are named `" + export.name() + "`");
            }
            String kind = export.exportType().name().toLowerCase();
            int count = indexSpaceSize(module, export.exportType());
            if (export.index() < 0 || export.index() >= count) {
                throw new SnapshotException("invalid module: export `" + export.name() + "` refers to " + kind + " "
                        + Integer.toUnsignedString(export.index()) + ", but the module has " + count + " " + kind
                        + (count == 1 ? "" : "s"));
            }
        }
    }

    private static int indexSpaceSize(WasmModule module, ExternalType type) {
        int defined = switch (type) {
            case FUNCTION -> module.functionSection().functionCount();
            case TABLE -> module.tableSection().tableCount();
            case MEMORY -> module.memorySection().map(MemorySection::memoryCount).orElse(0);
            case GLOBAL -> module.globalSection().globalCount();
            case TAG -> module.tagSection().map(TagSection::tagCount).orElse(0);
        };
        return module.importSection().count(type) + defined;
    }
}
