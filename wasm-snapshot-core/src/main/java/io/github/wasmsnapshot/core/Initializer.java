package io.github.wasmsnapshot.core;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Stage 3: instantiate the preloads, then the module in Chicory (start functions run, {@code _start}
 * does not), then call a reactor's {@code _initialize} and the init function. The imports are
 * those of {@link Imports}; WASI, when allowed, lives only as long as the initialization.
 */
final class Initializer {
    /** Initializers of real modules (interpreters, regex compilers) recurse deeply. */
    private static final long STACK_SIZE = 512L << 20;

    private Initializer() {}

    /** A preload, parsed, with the name its importers use. */
    record PreloadModule(String name, ParsedModule module) {}

    static Instance initialize(ParsedModule parsed, InitPlan plan, List<PreloadModule> preloads,
            Optional<WasiSession> wasi) throws SnapshotException {
        FutureTask<Instance> task = new FutureTask<>(() -> run(parsed, plan, preloads, new Imports(wasi)));
        new Thread(null, task, "wasm-snapshot-initialize", STACK_SIZE).start();
        try {
            return task.get();
        } catch (InterruptedException e) {
            task.cancel(true); // Chicory's interpreter stops at the next call or backward branch
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

    private static Instance run(ParsedModule parsed, InitPlan plan, List<PreloadModule> preloads, Imports imports)
            throws SnapshotException {
        for (PreloadModule preload : preloads) {
            String name = "the preload `" + preload.name() + "`";
            WasmModule module = preload.module().module();
            Instance instance = instantiate(module, imports.forModule(module, name), name);
            // As a WASI host links a reactor: initialized once, before anything calls it.
            if (preload.module().exportedFunction(InitPlan.REACTOR_INITIALIZE).isPresent()) {
                call(instance, InitPlan.REACTOR_INITIALIZE, "`" + InitPlan.REACTOR_INITIALIZE + "` of " + name);
            }
            imports.addPreload(preload.name(), instance);
        }
        Instance instance = instantiate(parsed.module(), imports.forModule(parsed.module(), "the module"),
                "the module");
        if (plan.callReactorInitialize()) {
            call(instance, InitPlan.REACTOR_INITIALIZE, "the init function `" + InitPlan.REACTOR_INITIALIZE + "`");
        }
        call(instance, plan.initFunction(), "the init function `" + plan.initFunction() + "`");
        return instance;
    }

    private static Instance instantiate(WasmModule module, ImportValues imports, String name)
            throws SnapshotException {
        try {
            return Instance.builder(module)
                    .withImportValues(imports)
                    .withMemoryFactory(ByteArrayMemory::new)
                    .withStart(false)
                    .build();
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw failed("instantiating " + name + " (running its start function)", e);
        }
    }

    /** {@code what} names the call in messages. */
    private static void call(Instance instance, String export, String what) throws SnapshotException {
        try {
            instance.export(export).apply();
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw failed(what, e);
        }
    }

    private static SnapshotException failed(String what, Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof Imports.UnavailableImportCalled called) {
                return new SnapshotException(what + " called the import " + called.name
                        + ", which is not available during initialization" + called.why, e);
            }
            if (cause instanceof Imports.ForeignFunctionReference foreign) {
                return new SnapshotException(what + " " + foreign.getMessage(), e);
            }
            if (cause instanceof HostFile.Unreadable unreadable) {
                return new SnapshotException(what + " failed: " + unreadable.getMessage(), e);
            }
            if (cause instanceof WasiExitException exit) {
                return new SnapshotException(what + " called `" + WasiConfig.MODULE + ".proc_exit` with status "
                        + exit.exitCode() + ": an initializer must return, not exit", e);
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
}
