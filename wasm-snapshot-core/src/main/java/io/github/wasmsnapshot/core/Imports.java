package io.github.wasmsnapshot.core;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.ValType;
import com.dylibso.chicory.wasm.types.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The functions an initialization imports: WASI when it is allowed, the exports of the preloaded
 * modules, and for anything else a function that fails the initialization and names the import.
 */
final class Imports {
    private final Optional<WasiSession> wasi;
    private final Map<String, Instance> preloads = new HashMap<>();

    /** {@code wasi} is empty when WASI is off. */
    Imports(Optional<WasiSession> wasi) {
        this.wasi = wasi;
    }

    void addPreload(String name, Instance instance) {
        preloads.put(name, instance);
    }

    /** {@code importer} names the module in messages: "the module", "the preload `x`". */
    ImportValues forModule(WasmModule module, String importer) throws SnapshotException {
        List<ImportFunction> functions = new ArrayList<>();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imp = module.importSection().getImport(i);
            if (imp.importType() == ExternalType.FUNCTION) {
                FunctionType type = module.typeSection().getType(((FunctionImport) imp).typeIndex());
                functions.add(function(imp, type, importer));
            }
        }
        return ImportValues.builder().withFunctions(functions).build();
    }

    private ImportFunction function(Import imp, FunctionType type, String importer) throws SnapshotException {
        if (imp.module().equals(WasiConfig.MODULE)) {
            if (wasi.isEmpty()) {
                return refusing(imp, type, ": WASI is off; turn it on with " + SnapshotOption.ALLOW_WASI);
            }
            return wasi.get().function(imp.name()).<ImportFunction>map(f -> f)
                    .orElseGet(() -> refusing(imp, type, ": Chicory's WASI does not provide it"));
        }
        Instance preload = preloads.get(imp.module());
        if (preload != null) {
            return fromPreload(preload, imp, type, importer);
        }
        return refusing(imp, type, "");
    }

    private static ImportFunction fromPreload(Instance preload, Import imp, FunctionType type, String importer)
            throws SnapshotException {
        var exports = preload.module().exportSection();
        Export export = null;
        for (int i = 0; i < exports.exportCount(); i++) {
            if (exports.getExport(i).name().equals(imp.name())) {
                export = exports.getExport(i);
            }
        }
        if (export == null || export.exportType() != ExternalType.FUNCTION) {
            throw new SnapshotException(importer + " imports " + ParsedModule.describe(imp) + ", but the preload `"
                    + imp.module() + "` has no function export `" + imp.name() + "`");
        }
        FunctionType exported = preload.exportType(imp.name());
        if (!exported.typesMatch(type)) {
            throw new SnapshotException(importer + " imports " + ParsedModule.describe(imp) + " as "
                    + type.params() + " -> " + type.returns() + ", but the preload exports it as "
                    + exported.params() + " -> " + exported.returns());
        }
        ImportFunction function = ImportFunction.exportAsImport(imp.module(), imp.name(), preload, imp.name());
        if (type.returns().stream().noneMatch(Imports::isFunctionReference)) {
            return function;
        }
        // Chicory passes a function reference as a bare index, which our module would take for one of
        // its own functions: the reference cannot be used, nor kept in a table or global of a snapshot.
        String name = ParsedModule.describe(imp);
        return new ImportFunction(imp.module(), imp.name(), type, (instance, args) -> {
            long[] results = function.handle().apply(instance, args);
            for (int i = 0; i < results.length; i++) {
                if (isFunctionReference(type.returns().get(i)) && results[i] != Value.REF_NULL_VALUE) {
                    throw new ForeignFunctionReference(name, results[i]);
                }
            }
            return results;
        });
    }

    private static boolean isFunctionReference(ValType type) {
        return type.isReference() && type.typeIdx() == ValType.TypeIdxCode.FUNC.code();
    }

    private static HostFunction refusing(Import imp, FunctionType type, String why) {
        String name = ParsedModule.describe(imp);
        return new HostFunction(imp.module(), imp.name(), type, (instance, args) -> {
            throw new UnavailableImportCalled(name, why);
        });
    }

    /** A preload's function returned one of its functions; thrown through the guest's frames as the next. */
    static final class ForeignFunctionReference extends RuntimeException {
        ForeignFunctionReference(String name, long function) {
            super("got a reference to function " + function + " of the preload from " + name + ": a reference"
                    + " into another instance cannot be snapshotted", null, false, false);
        }
    }

    /** Thrown through the guest's frames to the initializer, which turns it into the user's message. */
    static final class UnavailableImportCalled extends RuntimeException {
        final String name;
        final String why;

        UnavailableImportCalled(String name, String why) {
            super("import " + name + " called", null, false, false);
            this.name = name;
            this.why = why;
        }
    }
}
