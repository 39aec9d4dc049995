package io.github.wasmsnapshot.core;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.MemorySection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.IntStream;

/**
 * Stage 3: instantiate the preloads, then the module in Chicory (start functions run, {@code _start}
 * does not), then call a reactor's {@code _initialize} and the init function. The imports are
 * those of {@link Imports}; WASI, when allowed, lives only as long as the initialization.
 */
final class Initializer {
    /** Initializers of real modules (interpreters, regex compilers) recurse deeply. */
    private static final long STACK_SIZE = 512L << 20;
    /**
     * Chicory's interpreter traps with exactly this, before any memory sees the access, when an i32
     * address operand (or a static offset) is 2 GiB or more.
     */
    private static final String INTERPRETER_ADDRESS_TRAP = "out of bounds memory access";

    private Initializer() {}

    static Instance initialize(ParsedModule parsed, InitPlan plan, SnapshotOptions options, SnapshotListener listener)
            throws SnapshotException {
        FutureTask<Instance> task = new FutureTask<>(() -> run(parsed, plan, options, listener));
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

    private static Instance run(ParsedModule parsed, InitPlan plan, SnapshotOptions options,
            SnapshotListener listener) throws SnapshotException {
        if (!options.allowWasi()) {
            return run(parsed, plan, options, new Imports(null));
        }
        try (WasiSession wasi = WasiSession.open(options.wasi(), listener)) {
            return run(parsed, plan, options, new Imports(wasi));
        }
    }

    private static Instance run(ParsedModule parsed, InitPlan plan, SnapshotOptions options, Imports imports)
            throws SnapshotException {
        for (Preload preload : options.preloads()) {
            String name = "the preload `" + preload.name() + "`";
            WasmModule module = read(preload, name);
            Instance instance = instantiate(module, imports.forModule(module, name), name);
            // As a WASI host links a reactor: initialized once, before anything calls it.
            if (exportsFunction(module, InitPlan.REACTOR_INITIALIZE)) {
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

    private static WasmModule read(Preload preload, String name) throws SnapshotException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(preload.file());
        } catch (NoSuchFileException e) {
            throw new SnapshotException("cannot read " + name + ": no such file " + preload.file(), e);
        } catch (IOException e) {
            throw new SnapshotException("cannot read " + name + " from " + preload.file() + ": " + e, e);
        }
        try {
            return Parser.parse(bytes);
        } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new SnapshotException(name + " (" + preload.file() + ") is not a valid module: " + e.getMessage(), e);
        }
    }

    private static Instance instantiate(WasmModule module, ImportValues imports, String name)
            throws SnapshotException {
        try {
            return Instance.builder(module)
                    .withImportValues(imports)
                    .withMemoryFactory(PagedMemory::new)
                    .withStart(false)
                    .build();
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // no instance to ask: the sizes it declares
            int declaredPages = 0;
            MemorySection memories = module.memorySection().orElse(null);
            for (int i = 0; memories != null && i < memories.memoryCount(); i++) {
                declaredPages = Math.max(declaredPages, memories.getMemory(i).limits().initialPages());
            }
            throw failed("instantiating " + name + " (running its start function)", e, declaredPages);
        }
    }

    private static boolean exportsFunction(WasmModule module, String name) {
        var exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            if (exports.getExport(i).name().equals(name) && exports.getExport(i).exportType() == ExternalType.FUNCTION) {
                return true;
            }
        }
        return false;
    }

    /** {@code what} names the call in messages. */
    private static void call(Instance instance, String export, String what) throws SnapshotException {
        try {
            instance.export(export).apply();
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            int memories = instance.module().importSection().count(ExternalType.MEMORY)
                    + instance.module().memorySection().map(MemorySection::memoryCount).orElse(0);
            int largestPages = IntStream.range(0, memories).map(i -> instance.memory(i).pages()).max().orElse(0);
            throw failed(what, e, largestPages);
        }
    }

    /** {@code largestMemoryPages} tells Chicory's 2 GiB addressing limit from a plain out-of-bounds access. */
    private static SnapshotException failed(String what, Throwable e, int largestMemoryPages) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof Imports.UnavailableImportCalled called) {
                return new SnapshotException(what + " called the import " + called.name
                        + ", which is not available during initialization" + called.why, e);
            }
            if (cause instanceof WasiExitException exit) {
                return new SnapshotException(what + " called `" + WasiSession.MODULE + ".proc_exit` with status "
                        + exit.exitCode() + ": an initializer must return, not exit", e);
            }
        }
        if (e instanceof StackOverflowError) {
            return new SnapshotException(what + " exhausted the call stack", e);
        }
        if (e instanceof OutOfMemoryError) {
            return new SnapshotException(what + " ran out of Java heap for its memory: give the JVM more (-Xmx)", e);
        }
        if (e instanceof WasmRuntimeException && INTERPRETER_ADDRESS_TRAP.equals(e.getMessage())
                && largestMemoryPages > PagedMemory.ADDRESSABLE_BYTES / Memory.PAGE_SIZE) {
            return new SnapshotException(what + " trapped: "
                    + PagedMemory.beyondAddressingLimit("an address at or above 2 GiB", largestMemoryPages), e);
        }
        String reason = e instanceof ChicoryException ? "trapped: " + e.getMessage() : "failed: " + e;
        return new SnapshotException(what + " " + reason, e);
    }
}
