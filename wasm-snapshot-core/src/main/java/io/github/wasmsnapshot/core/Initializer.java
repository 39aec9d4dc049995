package io.github.wasmsnapshot.core;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.MemorySection;
import io.github.wasmsnapshot.core.simd.SimdModule;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

/**
 * Stage 3: instantiate the preloads, then the module in Chicory (start functions run, {@code _start}
 * does not), then call a reactor's {@code _initialize} and the init function. The imports are
 * those of {@link Imports}; WASI, when allowed, lives only as long as the initialization.
 */
final class Initializer {
    /** How often a long initialization says that it is still running. */
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(10);
    /** How long a stopped initialization may take to notice. */
    private static final Duration STOPPING = Duration.ofSeconds(10);
    /**
     * Chicory's interpreter checks for interruption on calls and on {@code br}, not on {@code br_if} or
     * {@code br_table}: this makes every instruction check, so that a loop of those stops too. (Compiled code checks
     * on every backward jump.)
     */
    private static final ExecutionListener STOPPABLE = (instruction, stack) -> {
        if (Thread.currentThread().isInterrupted()) {
            throw new ChicoryInterruptedException("Thread interrupted");
        }
    };
    /**
     * Chicory's interpreter traps with exactly this, before any memory sees the access, when an i32
     * address operand (or a static offset) is 2 GiB or more.
     */
    private static final String INTERPRETER_ADDRESS_TRAP = "out of bounds memory access";

    private Initializer() {}

    /** A preload, parsed, with the name its importers use. */
    record PreloadModule(String name, ParsedModule module) {}

    /** How long the initialization may run, and the stack (in bytes) of the thread that runs it. */
    record Limits(Optional<Duration> timeout, long stackSize) {}

    static Instance initialize(ParsedModule parsed, InitPlan plan, List<PreloadModule> preloads,
            Optional<WasiSession> wasi, Limits limits, SnapshotListener listener) throws SnapshotException {
        FutureTask<Instance> task = new FutureTask<>(() -> run(parsed, plan, preloads, new Imports(wasi)));
        Thread thread = new Thread(null, task, "wasm-snapshot-initialize", limits.stackSize());
        // An initializer stuck where it cannot be stopped must not keep the JVM alive.
        thread.setDaemon(true);
        thread.start();
        try {
            return await(task, limits.timeout(), listener);
        } catch (TimeoutException e) {
            stop(thread, task);
            throw new SnapshotException("the initialization did not finish within "
                    + limits.timeout().orElseThrow().toSeconds() + " s and was stopped: raise " + SnapshotOption.TIMEOUT
                    + " (0 for no limit) if it needs longer");
        } catch (InterruptedException e) {
            stop(thread, task);
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

    /** The task's result, saying every {@link #PROGRESS_INTERVAL} that it is still running. */
    private static Instance await(FutureTask<Instance> task, Optional<Duration> timeout, SnapshotListener listener)
            throws InterruptedException, ExecutionException, TimeoutException {
        long start = System.nanoTime();
        long deadline = timeout.map(t -> start + t.toNanos()).orElse(Long.MAX_VALUE);
        while (true) {
            long left = deadline - System.nanoTime();
            try {
                return task.get(Math.min(left, PROGRESS_INTERVAL.toNanos()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (deadline - System.nanoTime() <= 0) {
                    throw e;
                }
                listener.progress("still initializing, " + Duration.ofNanos(System.nanoTime() - start).toSeconds()
                        + " s so far");
            }
        }
    }

    /** Interrupts the initialization and waits, a while, for it to end. */
    private static void stop(Thread thread, FutureTask<Instance> task) {
        thread.interrupt();
        try {
            task.get(STOPPING.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            // stopped by the interruption, or left running as a daemon
        }
    }

    private static Instance run(ParsedModule parsed, InitPlan plan, List<PreloadModule> preloads, Imports imports)
            throws SnapshotException {
        for (PreloadModule preload : preloads) {
            String name = "the preload `" + preload.name() + "`";
            SimdModule module = preload.module().simd();
            Instance instance = instantiate(module, imports.forModule(module.module(), name), name);
            // As a WASI host links a reactor: initialized once, before anything calls it.
            if (preload.module().exportedFunction(InitPlan.REACTOR_INITIALIZE).isPresent()) {
                call(instance, InitPlan.REACTOR_INITIALIZE, "`" + InitPlan.REACTOR_INITIALIZE + "` of " + name);
            }
            imports.addPreload(preload.name(), instance);
        }
        Instance instance = instantiate(parsed.simd(), imports.forModule(parsed.module(), "the module"),
                "the module");
        if (plan.callReactorInitialize()) {
            call(instance, InitPlan.REACTOR_INITIALIZE, "the init function `" + InitPlan.REACTOR_INITIALIZE + "`");
        }
        call(instance, plan.initFunction(), "the init function `" + plan.initFunction() + "`");
        return instance;
    }

    private static Instance instantiate(SimdModule module, ImportValues imports, String name)
            throws SnapshotException {
        try {
            return module.instanceBuilder(STOPPABLE)
                    .withImportValues(imports)
                    .withMemoryFactory(PagedMemory::new)
                    .withStart(false)
                    .build();
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // no instance to ask: the sizes it declares
            int declaredPages = 0;
            MemorySection memories = module.module().memorySection().orElse(null);
            for (int i = 0; memories != null && i < memories.memoryCount(); i++) {
                declaredPages = Math.max(declaredPages, memories.getMemory(i).limits().initialPages());
            }
            throw failed("instantiating " + name + (module.module().startSection().isPresent()
                    ? " (running its start function)" : ""), e, declaredPages);
        }
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
        if (e instanceof OutOfMemoryError outOfHeap) {
            return SnapshotException.outOfHeap("in " + what, outOfHeap);
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
