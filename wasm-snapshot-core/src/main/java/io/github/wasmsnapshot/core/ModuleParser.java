package io.github.wasmsnapshot.core;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.MemorySection;
import com.dylibso.chicory.wasm.types.TagSection;
import io.github.wasmsnapshot.core.binary.ModuleBinary;
import io.github.wasmsnapshot.core.simd.SimdModule;
import java.util.HashSet;
import java.util.Set;

/** Stage 1: split the binary into sections (our reader, with byte offsets) and decode and validate it (Chicory). */
final class ModuleParser {
    private ModuleParser() {}

    static ParsedModule parse(byte[] input) throws SnapshotException {
        ModuleBinary binary = ModuleBinary.read(input);
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
