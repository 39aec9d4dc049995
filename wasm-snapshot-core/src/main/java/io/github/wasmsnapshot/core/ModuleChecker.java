package io.github.wasmsnapshot.core;

import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.Global;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MutabilityType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Stage 2: refuse, before anything runs, what cannot be snapshotted: a missing or mistyped init
 * function, imports other than functions, mutable globals of reference types other than funcref
 * and externref, and conflicting renames. What only the final state can tell (a changed table of
 * another type, a host reference) is refused by the snapshot.
 */
final class ModuleChecker {
    static final String OLD_DEFAULT_INIT_FUNCTION = "wizer.initialize";

    private ModuleChecker() {}

    static InitPlan check(ParsedModule parsed, Optional<String> initFunction, boolean keepInitFunction,
            List<Rename> renames) throws SnapshotException {
        String init = initFunction(parsed, initFunction);
        boolean callReactorInitialize = !init.equals(InitPlan.REACTOR_INITIALIZE)
                && parsed.exportedFunction(InitPlan.REACTOR_INITIALIZE).isPresent();
        if (callReactorInitialize) {
            checkNullary(parsed, InitPlan.REACTOR_INITIALIZE, "the WASI reactor initializer");
        }
        checkImports(parsed);
        checkGlobals(parsed);
        checkRenames(parsed, renames);
        return new InitPlan(init, callReactorInitialize, keepInitFunction, renames);
    }

    /** The export to run: the one asked for, else the default, else wizer's default before version 10. */
    private static String initFunction(ParsedModule parsed, Optional<String> asked) throws SnapshotException {
        String name = asked.orElse(Defaults.INIT_FUNCTION);
        var export = parsed.export(name);
        if (export.isEmpty() && asked.isEmpty() && parsed.exportedFunction(OLD_DEFAULT_INIT_FUNCTION).isPresent()) {
            name = OLD_DEFAULT_INIT_FUNCTION;
            export = parsed.export(name);
        }
        if (export.isEmpty()) {
            throw new SnapshotException("the module has no export named `" + name + "`"
                    + (asked.isEmpty() ? " (nor `" + OLD_DEFAULT_INIT_FUNCTION + "`, wizer's default before version 10)"
                            : "")
                    + ": set " + SnapshotOption.INIT_FUNCTION + " to the export that initializes the module");
        }
        if (export.get().exportType() != ExternalType.FUNCTION) {
            throw new SnapshotException("the init function export `" + name + "` is a "
                    + export.get().exportType().name().toLowerCase() + ", not a function");
        }
        checkNullary(parsed, name, "the init function");
        return name;
    }

    private static void checkNullary(ParsedModule parsed, String name, String role) throws SnapshotException {
        int index = parsed.exportedFunction(name).orElseThrow().index();
        var type = parsed.functionType(index);
        if (!type.params().isEmpty() || !type.returns().isEmpty()) {
            throw new SnapshotException(role + " `" + name + "` (" + parsed.describeFunction(index)
                    + ") must have type [] -> [], but has " + type.params() + " -> " + type.returns());
        }
    }

    private static void checkImports(ParsedModule parsed) throws SnapshotException {
        var imports = parsed.module().importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            Import imp = imports.getImport(i);
            if (imp.importType() != ExternalType.FUNCTION) {
                throw new SnapshotException("imported " + imp.importType().name().toLowerCase() + " "
                        + ParsedModule.describe(imp) + " is not supported: only function imports can stay"
                        + " unresolved; the module must define its own memories, globals and tables");
            }
        }
    }

    private static void checkGlobals(ParsedModule parsed) throws SnapshotException {
        var globals = parsed.module().globalSection().globals();
        for (int i = 0; i < globals.length; i++) {
            Global global = globals[i];
            ValType type = global.valueType();
            if (global.mutabilityType() == MutabilityType.Var && type.isReference()
                    && type.typeIdx() != ValType.TypeIdxCode.FUNC.code()
                    && type.typeIdx() != ValType.TypeIdxCode.EXTERN.code()) {
                throw new SnapshotException("mutable global " + i + " has reference type " + referenceTypeName(type)
                        + ": only funcref and externref globals can be snapshotted");
            }
        }
    }

    /** As the text format writes it, {@code (ref null func)}; Chicory's toString gives {@code RefNull[-16]}. */
    static String referenceTypeName(ValType type) {
        String heapType = Arrays.stream(ValType.TypeIdxCode.values())
                .filter(code -> code.code() == type.typeIdx())
                .map(code -> code.name().toLowerCase())
                .findFirst()
                .orElse(String.valueOf(type.typeIdx()));
        return "(ref " + (type.opcode() == ValType.ID.RefNull ? "null " : "") + heapType + ")";
    }

    private static void checkRenames(ParsedModule parsed, List<Rename> renames) throws SnapshotException {
        Set<String> dsts = new HashSet<>();
        Set<String> srcs = new HashSet<>();
        for (Rename rename : renames) {
            if (!dsts.add(rename.dst())) {
                throw new SnapshotException("rename " + rename + ": `" + rename.dst() + "` is renamed to twice");
            }
            if (!srcs.add(rename.src())) {
                throw new SnapshotException("rename " + rename + ": `" + rename.src() + "` is renamed twice");
            }
            if (parsed.exportedFunction(rename.src()).isEmpty()) {
                throw new SnapshotException("rename " + rename + ": the module exports no function `"
                        + rename.src() + "`");
            }
        }
    }
}
