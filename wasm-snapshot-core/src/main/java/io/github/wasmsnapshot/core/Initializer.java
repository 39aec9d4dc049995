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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

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
        FutureTask<Instance> task = new FutureTask<>(() -> run(parsed, plan));
        new Thread(null, task, "wasm-snapshot-initialize", STACK_SIZE).start();
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException("interrupted while initializing", e);
        } catch (ExecutionException e) {
            // rethrown on the caller's thread, whatever it is: never an instance that is not there
            if (e.getCause() instanceof SnapshotException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) e.getCause();
        }
    }

    private static Instance run(ParsedModule parsed, InitPlan plan) throws SnapshotException {
        Instance instance;
        try {
            instance = Instance.builder(parsed.module())
                    .withImportValues(ImportValues.builder().withFunctions(unresolvedImports(parsed)).build())
                    .withMemoryFactory(ByteArrayMemory::new)
                    .withStart(false)
                    .build();
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
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
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
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
        if (e instanceof OutOfMemoryError) {
            return new SnapshotException(what + " ran out of Java heap for its memory: give the JVM more (-Xmx)", e);
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
