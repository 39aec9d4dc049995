package io.github.wasmsnapshot.core;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.Import;
import java.util.ArrayList;
import java.util.List;

/**
 * Stage 3: instantiate the module in Chicory (its start function runs, {@code _start} does not),
 * then call a reactor's {@code _initialize} and the init function. Imports are not provided:
 * calling one fails initialization and names it.
 */
final class Initializer {
    /** Initializers of real modules (interpreters, regex compilers) recurse deeply. */
    private static final long STACK_SIZE = 512L << 20;

    private Initializer() {}

    static Instance initialize(ParsedModule parsed, InitPlan plan) throws SnapshotException {
        Instance[] instance = new Instance[1];
        SnapshotException[] failure = new SnapshotException[1];
        Thread thread = new Thread(null, () -> {
            try {
                instance[0] = run(parsed, plan);
            } catch (SnapshotException e) {
                failure[0] = e;
            }
        }, "wasm-snapshot-initialize", STACK_SIZE);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException("interrupted while initializing", e);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return instance[0];
    }

    private static Instance run(ParsedModule parsed, InitPlan plan) throws SnapshotException {
        Instance instance;
        try {
            instance = Instance.builder(parsed.module())
                    .withImportValues(ImportValues.builder().withFunctions(unresolvedImports(parsed)).build())
                    .withMemoryFactory(ByteArrayMemory::new)
                    .withStart(false)
                    .build();
        } catch (RuntimeException | StackOverflowError e) {
            throw failed("instantiating the module (running its start function)", e);
        }
        if (plan.callReactorInitialize()) {
            call(instance, InitPlan.REACTOR_INITIALIZE);
        }
        call(instance, plan.initFunction());
        return instance;
    }

    private static void call(Instance instance, String export) throws SnapshotException {
        try {
            instance.export(export).apply();
        } catch (RuntimeException | StackOverflowError e) {
            throw failed("the init function `" + export + "`", e);
        }
    }

    private static SnapshotException failed(String what, Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedImportCalled called) {
                return new SnapshotException(what + " called the import " + called.name
                        + ", which is not available during initialization", e);
            }
        }
        if (e instanceof StackOverflowError) {
            return new SnapshotException(what + " exhausted the call stack", e);
        }
        String reason = e instanceof ChicoryException ? "trapped: " + e.getMessage() : "failed: " + e;
        return new SnapshotException(what + " " + reason, e);
    }

    private static List<ImportFunction> unresolvedImports(ParsedModule parsed) {
        var module = parsed.module();
        List<ImportFunction> functions = new ArrayList<>();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imp = module.importSection().getImport(i);
            if (imp.importType() == ExternalType.FUNCTION) {
                var type = module.typeSection().getType(((FunctionImport) imp).typeIndex());
                String name = ParsedModule.describe(imp);
                functions.add(new HostFunction(imp.module(), imp.name(), type, (inst, args) -> {
                    throw new UnresolvedImportCalled(name);
                }));
            }
        }
        return functions;
    }

    private static final class UnresolvedImportCalled extends RuntimeException {
        final String name;

        UnresolvedImportCalled(String name) {
            super("import " + name + " called", null, false, false);
            this.name = name;
        }
    }
}
