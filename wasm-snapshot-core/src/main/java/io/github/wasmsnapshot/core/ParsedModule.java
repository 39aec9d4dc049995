package io.github.wasmsnapshot.core;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import io.github.wasmsnapshot.core.binary.ModuleBinary;
import io.github.wasmsnapshot.core.binary.NameSection;
import io.github.wasmsnapshot.core.simd.SimdModule;
import java.util.Optional;

/** The input as the later stages see it: its raw sections for rewriting and Chicory's decoded, validated module. */
record ParsedModule(ModuleBinary binary, SimdModule simd) {

    WasmModule module() {
        return simd.module();
    }

    Optional<Export> export(String name) {
        var exports = module().exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            if (exports.getExport(i).name().equals(name)) {
                return Optional.of(exports.getExport(i));
            }
        }
        return Optional.empty();
    }

    Optional<Export> exportedFunction(String name) {
        return export(name).filter(e -> e.exportType() == ExternalType.FUNCTION);
    }

    int importedFunctionCount() {
        return module().importSection().count(ExternalType.FUNCTION);
    }

    FunctionType functionType(int functionIndex) {
        int imported = importedFunctionCount();
        int typeIndex;
        if (functionIndex < imported) {
            typeIndex = ((FunctionImport) module().importSection().stream()
                    .filter(i -> i.importType() == ExternalType.FUNCTION)
                    .skip(functionIndex).findFirst().orElseThrow()).typeIndex();
        } else {
            typeIndex = module().functionSection().getFunctionType(functionIndex - imported);
        }
        return module().typeSection().getType(typeIndex);
    }

    String describeFunction(int functionIndex) {
        return describeFunction(binary, functionIndex);
    }

    /** "function 7" or, where the name section has one, "function 7 ($parse)". */
    static String describeFunction(ModuleBinary binary, int functionIndex) {
        return "function " + functionIndex
                + NameSection.functionName(binary, functionIndex).map(name -> " ($" + name + ")").orElse("");
    }

    static String describe(Import imp) {
        return "`" + imp.module() + "." + imp.name() + "`";
    }
}
