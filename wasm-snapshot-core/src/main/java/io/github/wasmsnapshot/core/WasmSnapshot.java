package io.github.wasmsnapshot.core;

import com.dylibso.chicory.runtime.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pre-initializes a core WebAssembly module, as wizer does: parse, check, initialize, snapshot,
 * rewrite. The output depends only on the input bytes and the options (with WASI allowed, these
 * include what is in the mapped directories and the preloaded modules, and, if asked for, this
 * process's environment, or real entropy and clocks).
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

    /** Never modifies {@code input}. */
    public SnapshotResult run(byte[] input) throws SnapshotException {
        Stopwatch watch = new Stopwatch();
        ParsedModule parsed = watch.time("parse", () -> ModuleParser.parse(input));
        listener.debug("parsed " + parsed.binary().sections().size() + " sections");
        InitPlan plan = watch.time("check", () -> ModuleChecker.check(parsed, options));
        listener.debug("calling " + (plan.callReactorInitialize() ? "`_initialize`, then " : "")
                + "`" + plan.initFunction() + "`");
        Snapshot snapshot = initializeAndSnapshot(parsed, plan, watch);
        byte[] output = watch.time("rewrite", () -> Rewriter.rewrite(parsed.binary(), plan, snapshot));
        Report report = new Report(input.length, output.length,
                Arrays.stream(snapshot.memoryPages()).boxed().toList(), snapshot.dataSegments().size(),
                snapshot.dataBytes(), snapshot.globals().size(), watch.times);
        listener.debug("stage times: " + report.stageTimesLine());
        return new SnapshotResult(output, report);
    }

    /**
     * Kept apart so that the instance can be collected before the rewrite; the snapshot's data
     * segments still refer to its memories' pages, which the rewrite copies into the output.
     */
    private Snapshot initializeAndSnapshot(ParsedModule parsed, InitPlan plan, Stopwatch watch) throws SnapshotException {
        Instance instance = watch.time("initialize", () -> Initializer.initialize(parsed, plan, options, listener));
        return watch.time("snapshot", () -> Snapshotter.snapshot(parsed, instance, options));
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
