package io.github.wasmsnapshot.core;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.MemorySection;
import io.github.wasmsnapshot.core.binary.Section;
import io.github.wasmsnapshot.core.simd.SimdModule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Stage 3: instantiate the preloads, then the module in Chicory (start functions run, {@code _start}
 * does not), then call a reactor's {@code _initialize} and the init function. The imports are
 * those of {@link Imports}; WASI, when allowed, lives only as long as the initialization.
 *
 * <p>An initialization runs on one engine or, with {@link Engine#AUTO}, on two in turn: interpreted at once, while
 * the module compiles in the background; when the compile is done first, the interpreted attempt is stopped and a
 * compiled one runs from scratch. Initialization is deterministic, so whichever attempt finishes leaves the same
 * state. Each attempt has its own WASI (its own copy of the mapped directories) and its own preload instances, and
 * what it says (the initializer's stdout and stderr included) reaches the listener only if it is the one that counts.
 */
final class Initializer {
    /** Far enough in the future never to come, and safe to add to {@link System#nanoTime()}. */
    private static final long NEVER = Long.MAX_VALUE / 4;
    /**
     * How long {@link Engine#AUTO} interprets before it starts compiling, per KiB of code: a little more than what
     * Chicory's compiler takes per KiB beyond its fixed start (measured with HotSpot's C1 on the 2-core build
     * machine: 660 ms for the 1.2 MB of regex_test's code, 240 ms for 13 KB, so 0.35 ms per KiB). Waiting about as
     * long as the compile would take before paying for it is the ski-rental rule, never worse than twice the better
     * choice made in hindsight: short initializers of large modules finish interpreted with no compile beside them,
     * and a small module, whose compile is cheap, compiles at once. With a cache, the rule spans runs: the time
     * interpreted in earlier runs of the module counts too (a build runs the same module again and again), and a
     * compile once started is finished and kept even when the interpreter finishes first, so that the runs after it
     * load the classes at once.
     */
    private static final double COMPILE_DELAY_MILLIS_PER_KIB = 0.5;
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

    /** What to initialize: the module and its plan, its preloads, and the WASI it gets, if any. */
    record Work(ParsedModule parsed, InitPlan plan, List<PreloadModule> preloads, Optional<WasiConfig> wasi,
            Map<String, String> inheritedEnvironment) {}

    /** How: the engine, where compiled classes are kept, how long it may run and the stack it may use. */
    record How(Engine engine, Optional<Path> cacheDirectory, Optional<Duration> timeout, long stackSize) {}

    /**
     * How long {@link Engine#AUTO} interprets {@code parsed} before it starts compiling it: not at all when the cache
     * holds its classes (loading them took 70 ms where compiling took 950, for QuickJS's 980 KB), less the time its
     * earlier runs spent interpreted, by the cache's record.
     */
    static Duration compileDelay(ParsedModule parsed, Optional<Path> cacheDirectory) {
        if (CompiledClasses.cached(parsed.module(), cacheDirectory)) {
            return Duration.ZERO;
        }
        long codeBytes = parsed.binary().section(Section.CODE).map(code -> code.end() - code.payloadStart()).orElse(0);
        Duration delay = Duration.ofMillis(Math.round(codeBytes / 1024.0 * COMPILE_DELAY_MILLIS_PER_KIB))
                .minus(CompiledClasses.interpreted(parsed.module(), cacheDirectory));
        return delay.isNegative() ? Duration.ZERO : delay;
    }

    static Instance initialize(Work work, How how, SnapshotListener listener) throws SnapshotException {
        Engine engine = how.engine();
        if (engine != Engine.INTERPRETER && work.parsed().simd().usesSimd()) {
            if (engine == Engine.COMPILER) {
                listener.warn("the module uses SIMD, which Chicory's compiler cannot run: it is interpreted");
            }
            engine = Engine.INTERPRETER;
        }
        Race race = new Race(work, how, listener);
        try {
            return race.run(engine);
        } finally {
            race.stopAll();
        }
    }

    /** The attempts of one initialization, and the compile; each reports when it is done. */
    private static final class Race {
        private final Work work;
        private final How how;
        private final SnapshotListener listener;
        private final BlockingQueue<Object> done = new LinkedBlockingQueue<>();
        private Attempt interpreted;
        private Attempt compiled;
        private Task<Function<Instance, Machine>> compile;
        /**
         * With {@link Engine#AUTO}, the attempt that exhausted the call stack, if one did. The engines use the stack
         * differently, so that a deep recursion may fit on one and not on the other: the other one then runs too,
         * whichever finished first, so that the outcome never depends on which engine was ahead.
         */
        private Attempt exhausted;

        Race(Work work, How how, SnapshotListener listener) {
            this.work = work;
            this.how = how;
            this.listener = listener;
        }

        Instance run(Engine engine) throws SnapshotException {
            long start = System.nanoTime();
            long deadline = start + how.timeout().map(Duration::toNanos).orElse(NEVER);
            long nextProgress = start + PROGRESS_INTERVAL.toNanos();
            long compileAt = start + switch (engine) {
                case INTERPRETER -> NEVER;
                case COMPILER -> 0;
                case AUTO -> compileDelay(work.parsed(), how.cacheDirectory()).toNanos();
            };
            if (engine != Engine.COMPILER) {
                interpreted = new Attempt(Optional.empty());
            }
            while (true) {
                long now = System.nanoTime();
                if (compile == null && now - compileAt >= 0) {
                    compile = new Task<>("compile", () -> CompiledClasses.compile(work.parsed().module(),
                            how.cacheDirectory()), null);
                }
                if (now - deadline >= 0) {
                    throw new SnapshotException("the initialization did not finish within "
                            + how.timeout().orElseThrow().toSeconds() + " s and was stopped: raise "
                            + SnapshotOption.TIMEOUT + " (0 for no limit) if it needs longer");
                }
                if (now - nextProgress >= 0) {
                    listener.progress("still initializing (" + running() + "), "
                            + Duration.ofNanos(now - start).toSeconds() + " s so far");
                    nextProgress += PROGRESS_INTERVAL.toNanos();
                }
                long wake = Math.min(deadline - now, nextProgress - now);
                if (compile == null) {
                    wake = Math.min(wake, compileAt - now);
                }
                Object event;
                try {
                    event = done.poll(wake, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SnapshotException("interrupted while initializing", e);
                }
                if (event != null && event == compile) {
                    compiled();
                } else if (event != null && (event == interpreted || event == compiled)) {
                    Attempt finished = (Attempt) event;
                    if (engine != Engine.AUTO || exhausted != null || !finished.exhaustedStack()) {
                        Instance instance = finished.result();
                        if (engine == Engine.AUTO && finished == interpreted) {
                            keepForNextRun(start);
                        }
                        return instance;
                    }
                    exhausted = finished;
                    if (finished == interpreted) {
                        listener.debug("the interpreter exhausted the call stack: running compiled");
                        interpreted = null;
                        compileAt = Math.min(compileAt, now);
                    } else {
                        listener.debug("compiled code exhausted the call stack: interpreting");
                        compiled = null;
                        interpreted = new Attempt(Optional.empty());
                    }
                }
                // else time to do something above, or an attempt that was stopped reporting its end
            }
        }

        /**
         * The interpreter won: with a cache, the compile, if started, is finished so that the next run loads its
         * classes at once, and if not, the time interpreted is recorded towards starting it sooner next time.
         */
        private void keepForNextRun(long start) throws SnapshotException {
            if (how.cacheDirectory().isEmpty()) {
                return;
            }
            if (compile == null) {
                CompiledClasses.addInterpreted(work.parsed().module(), how.cacheDirectory(),
                        Duration.ofNanos(System.nanoTime() - start));
                return;
            }
            try {
                compile.result();
                listener.debug("compiled after the interpreter finished: kept for the next run");
            } catch (SnapshotException | RuntimeException | Error e) {
                // the next run interprets, or tries again; only an interruption is this run's business
                if (Thread.currentThread().isInterrupted()) {
                    throw new SnapshotException("interrupted while initializing", e);
                }
            }
        }

        /** The compile is done: run compiled instead, or, if it failed, go on interpreting. */
        private void compiled() throws SnapshotException {
            Function<Instance, Machine> machines;
            try {
                machines = compile.result();
            } catch (SnapshotException e) {
                listener.debug("Chicory's compiler failed on the module (" + e.getMessage() + "): interpreting it");
                if (exhausted != null) {
                    exhausted.result();
                }
                if (interpreted == null) {
                    interpreted = new Attempt(Optional.empty());
                }
                return;
            }
            listener.debug("compiled in " + compile.millis() + " ms"
                    + (interpreted == null ? "" : ", before the interpreter finished: stopping it"));
            if (interpreted != null) {
                interpreted.stop();
                interpreted = null;
            }
            listener.debug("initializing compiled");
            compiled = new Attempt(Optional.of(machines));
        }

        private String running() {
            if (compiled != null) {
                return "compiled";
            }
            return compile != null && interpreted != null ? "interpreted, while compiling" : interpreted != null
                    ? "interpreted" : "compiling";
        }

        /**
         * Stops what still runs. A compile cannot be stopped (Chicory's compiler does not look at interruptions): it
         * is left to finish as a daemon, and nothing waits for it.
         */
        void stopAll() {
            for (Attempt attempt : new Attempt[] {interpreted, compiled}) {
                if (attempt != null) {
                    attempt.stop();
                }
            }
            if (compile != null) {
                compile.thread.interrupt();
            }
        }

        /**
         * A piece of work on a daemon thread of its own, which reports to the race when it is done, as itself or as
         * the attempt it runs ({@code reportAs}).
         */
        private final class Task<T> {
            private final FutureTask<T> future;
            private final Thread thread;
            private final long start = System.nanoTime();
            private volatile long end;

            Task(String name, Callable<T> work, Object reportAs) {
                this.future = new FutureTask<>(work) {
                    @Override
                    protected void done() {
                        end = System.nanoTime();
                        done.add(reportAs == null ? Task.this : reportAs);
                    }
                };
                this.thread = new Thread(null, future, "wasm-snapshot-" + name, how.stackSize());
                // One stuck where it cannot be stopped must not keep the JVM alive.
                thread.setDaemon(true);
                thread.start();
            }

            long millis() {
                return Duration.ofNanos(end - start).toMillis();
            }

            /** The result, on the caller's thread: never an instance that is not there. */
            T result() throws SnapshotException {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SnapshotException("interrupted while initializing", e);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof SnapshotException failure) {
                        throw failure;
                    }
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw (RuntimeException) e.getCause();
                }
            }

            /** Interrupts it and waits, a while, for it to end. */
            void stop() {
                if (future.isDone()) {
                    return;
                }
                thread.interrupt();
                try {
                    future.get(STOPPING.toNanos(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException | CancellationException e) {
                    // stopped by the interruption, or left running as a daemon
                }
            }
        }

        /**
         * One initialization on one engine. Where another attempt may replace it ({@link Engine#AUTO}), what it says
         * is kept until it turns out to count; otherwise it is said as it happens.
         */
        private final class Attempt {
            private final Recorded said = how.engine() == Engine.AUTO ? new Recorded(listener) : null;
            private final Task<Instance> task;

            Attempt(Optional<Function<Instance, Machine>> machines) {
                SnapshotListener saying = said == null ? listener : said;
                this.task = new Task<>(machines.isPresent() ? "compiled" : "interpreted",
                        () -> Initializer.run(work, machines, saying), this);
            }

            Instance result() throws SnapshotException {
                if (said != null) {
                    said.replay();
                }
                return task.result();
            }

            /** Whether it failed because the initializer recursed deeper than the stack holds. */
            boolean exhaustedStack() {
                try {
                    task.result();
                    return false;
                } catch (SnapshotException | RuntimeException | Error e) {
                    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                        if (cause instanceof StackOverflowError) {
                            return true;
                        }
                    }
                    return false;
                }
            }

            void stop() {
                task.stop();
            }
        }
    }

    private static Instance run(Work work, Optional<Function<Instance, Machine>> machines, SnapshotListener listener)
            throws SnapshotException {
        if (work.wasi().isEmpty()) {
            return run(work.parsed(), work.plan(), work.preloads(), new Imports(Optional.empty()), machines);
        }
        try (WasiSession wasi = WasiSession.open(work.wasi().get(), work.inheritedEnvironment(), listener)) {
            return run(work.parsed(), work.plan(), work.preloads(), new Imports(Optional.of(wasi)), machines);
        }
    }

    /** Preloads run interpreted: they are small stubs, and a compile would cost more than they do. */
    private static Instance run(ParsedModule parsed, InitPlan plan, List<PreloadModule> preloads, Imports imports,
            Optional<Function<Instance, Machine>> machines) throws SnapshotException {
        for (PreloadModule preload : preloads) {
            String name = "the preload `" + preload.name() + "`";
            SimdModule module = preload.module().simd();
            Instance instance = instantiate(module, imports.forModule(module.module(), name), name, Optional.empty());
            // As a WASI host links a reactor: initialized once, before anything calls it.
            if (preload.module().exportedFunction(InitPlan.REACTOR_INITIALIZE).isPresent()) {
                call(instance, InitPlan.REACTOR_INITIALIZE, "`" + InitPlan.REACTOR_INITIALIZE + "` of " + name);
            }
            imports.addPreload(preload.name(), instance);
        }
        Instance instance = instantiate(parsed.simd(), imports.forModule(parsed.module(), "the module"),
                "the module", machines);
        if (plan.callReactorInitialize()) {
            call(instance, InitPlan.REACTOR_INITIALIZE, "the init function `" + InitPlan.REACTOR_INITIALIZE + "`");
        }
        call(instance, plan.initFunction(), "the init function `" + plan.initFunction() + "`");
        return instance;
    }

    private static Instance instantiate(SimdModule module, ImportValues imports, String name,
            Optional<Function<Instance, Machine>> machines) throws SnapshotException {
        try {
            Instance.Builder builder = module.instanceBuilder(STOPPABLE)
                    .withImportValues(imports)
                    .withMemoryFactory(PagedMemory::new)
                    .withStart(false);
            machines.ifPresent(builder::withMachineFactory);
            return builder.build();
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
