package io.github.wasmsnapshot.core;

import com.dylibso.chicory.runtime.Instance;
import io.github.wasmsnapshot.core.binary.MalformedBinaryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Pre-initializes a core WebAssembly module, as wizer does: parse, check, initialize, snapshot, rewrite. The output
 * depends only on what {@link #read} takes in: the input bytes and the options, with the files they name (unless
 * WASI's real entropy and clocks are asked for).
 */
public final class WasmSnapshot {
    private final SnapshotOptions options;
    private final SnapshotListener listener;

    public WasmSnapshot(SnapshotOptions options, SnapshotListener listener) {
        this.options = options;
        this.listener = listener;
    }

    public WasmSnapshot(SnapshotOptions options) {
        this(options, SnapshotListener.NONE);
    }

    /** Reads, once, everything beyond {@code module} that the output depends on (preloads, environment). */
    public SnapshotInput read(byte[] module) throws SnapshotException {
        return read(module, System.getenv());
    }

    /**
     * As {@link #read(byte[])}, with {@code environment} as the environment the initializer inherits if WASI inherits
     * one, instead of this process's: a JVM that works for another passes the one that the other read.
     */
    public SnapshotInput read(byte[] module, Map<String, String> environment) throws SnapshotException {
        return SnapshotInput.read(module, options, environment);
    }

    /** {@code run(read(module))}. Never modifies {@code module}. */
    public SnapshotResult run(byte[] module) throws SnapshotException {
        return run(read(module));
    }

    /** Never modifies the input's bytes. */
    public SnapshotResult run(SnapshotInput input) throws SnapshotException {
        try {
            return pipeline(input);
        } catch (MalformedBinaryException e) {
            throw new SnapshotException(e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw SnapshotException.outOfHeap("while pre-initializing", e);
        }
    }

    private SnapshotResult pipeline(SnapshotInput input) throws SnapshotException {
        Stopwatch watch = new Stopwatch();
        ParsedModule parsed = watch.time("parse", () -> ModuleParser.parse(input.module()));
        listener.debug("parsed " + parsed.binary().sections().size() + " sections");
        InitPlan plan = watch.time("check", () -> ModuleChecker.check(parsed, options.initFunction(),
                options.keepInitFunction(), options.renames()));
        if (options.initFunction().isEmpty() && plan.initFunction().equals(ModuleChecker.OLD_DEFAULT_INIT_FUNCTION)) {
            listener.info("the module exports no `" + Defaults.INIT_FUNCTION + "`: running `"
                    + ModuleChecker.OLD_DEFAULT_INIT_FUNCTION + "`, wizer's default before version 10");
        }
        listener.debug("calling " + (plan.callReactorInitialize() ? "`_initialize`, then " : "")
                + "`" + plan.initFunction() + "`");
        Snapshot snapshot = initializeAndSnapshot(parsed, plan, input, watch);
        byte[] output = watch.time("rewrite", () -> Rewriter.rewrite(parsed.binary(), plan, snapshot));
        Report report = new Report(plan.initFunction(), input.module().length, output.length,
                Arrays.stream(snapshot.memoryPages()).boxed().toList(), snapshot.dataSegments().size(),
                snapshot.dataBytes(), snapshot.globals().size(), watch.times);
        listener.debug("stage times: " + report.stageTimesLine());
        return new SnapshotResult(output, report);
    }

    /**
     * Kept apart so that the instance can be collected before the rewrite; the snapshot's data
     * segments still refer to its memories' pages, which the rewrite copies into the output.
     */
    private Snapshot initializeAndSnapshot(ParsedModule parsed, InitPlan plan, SnapshotInput input, Stopwatch watch)
            throws SnapshotException {
        var work = new Initializer.Work(parsed, plan, parsePreloads(input), options.wasi(),
                input.inheritedEnvironment());
        var how = new Initializer.How(options.engine(), options.cacheDirectory(), options.timeout(),
                options.stackSize());
        Instance instance = watch.time("initialize", () -> Initializer.initialize(work, how, listener));
        return watch.time("snapshot", () -> Snapshotter.snapshot(parsed, instance, options.parallelism(),
                options.maxDataSegments()));
    }

    /** Through the same parse as the module itself, so a bad preload is refused the same way. */
    private List<Initializer.PreloadModule> parsePreloads(SnapshotInput input) throws SnapshotException {
        List<Initializer.PreloadModule> preloads = new ArrayList<>();
        for (int i = 0; i < options.preloads().size(); i++) {
            Preload preload = options.preloads().get(i);
            try {
                preloads.add(new Initializer.PreloadModule(preload.name(),
                        ModuleParser.parse(input.preloads().get(i))));
            } catch (SnapshotException | MalformedBinaryException e) {
                throw new SnapshotException(preload.describe() + ": " + e.getMessage(), e);
            }
        }
        return preloads;
    }

    private static final class Stopwatch {
        private final List<Report.StageTime> times = new ArrayList<>();

        <T> T time(String stage, Stage<T> work) throws SnapshotException {
            long start = System.nanoTime();
            T result = work.run();
            times.add(new Report.StageTime(stage, Duration.ofNanos(System.nanoTime() - start)));
            return result;
        }
    }

    @FunctionalInterface
    private interface Stage<T> {
        T run() throws SnapshotException;
    }
}
