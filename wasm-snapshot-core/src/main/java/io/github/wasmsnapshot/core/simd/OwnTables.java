package io.github.wasmsnapshot.core.simd;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CustomSection;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableLimits;
import com.dylibso.chicory.wasm.types.TableSection;

/**
 * A module to instantiate once: Chicory records a table's growth in the module's own {@link TableLimits}, which
 * every instance of the module shares, so that a second instance would start with the first one's grown tables
 * (and two instances running at once would race on them). The copy shares everything but the table definitions.
 */
final class OwnTables {
    private OwnTables() {}

    static WasmModule of(WasmModule pristine) {
        TableSection tables = pristine.tableSection();
        if (tables.tableCount() == 0) {
            return pristine;
        }
        TableSection.Builder own = TableSection.builder();
        for (int i = 0; i < tables.tableCount(); i++) {
            Table table = tables.getTable(i);
            TableLimits limits = table.limits();
            own.addTable(new Table(table.elementType(), new TableLimits(limits.min(), limits.max(), limits.shared()),
                    table.initialize()));
        }
        WasmModule.Builder copy = WasmModule.builder()
                .setTypeSection(pristine.typeSection())
                .setImportSection(pristine.importSection())
                .setFunctionSection(pristine.functionSection())
                .setTableSection(own.build())
                .setGlobalSection(pristine.globalSection())
                .setExportSection(pristine.exportSection())
                .setElementSection(pristine.elementSection())
                .setCodeSection(pristine.codeSection())
                .setDataSection(pristine.dataSection())
                .withDigest(pristine.digest())
                // validated when it was decoded
                .withValidation(false);
        pristine.memorySection().ifPresent(copy::setMemorySection);
        pristine.startSection().ifPresent(copy::setStartSection);
        pristine.dataCountSection().ifPresent(copy::setDataCountSection);
        pristine.tagSection().ifPresent(copy::setTagSection);
        for (CustomSection custom : pristine.customSections()) {
            copy.addCustomSection(custom.name(), custom);
        }
        pristine.ignoredSections().forEach(copy::addIgnoredSection);
        return copy.build();
    }
}
