package io.github.wasmsnapshot.maven;

import io.github.wasmsnapshot.core.Configuration;
import io.github.wasmsnapshot.core.SnapshotListener;
import io.github.wasmsnapshot.core.SnapshotOption;
import io.github.wasmsnapshot.core.SnapshotOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.maven.plugin.logging.Log;

/**
 * Runs a goal's work on each planned module, several at a time where the machine has the cores (the longest
 * first, by {@link ModuleTimes}), and says what happened: one info line per module, details at debug level, and
 * what an initializer writes to WASI stdout (info) and stderr (warn), line by line, each line prefixed by the module
 * like the others.
 * Whatever order the modules finish in, their lines reach the log, and their results the caller, in input order;
 * only the every-ten-seconds lines of a long initialization come as they happen. A module that fails, whatever went
 * wrong, is reported in one line; the others are still run.
 */
final class ModuleRunner {
    private final Log log;
    private final Path basedir;
    private final int threads;

    /** {@code threads}: how many modules may run at once. */
    ModuleRunner(Log log, Path basedir, int threads) {
        this.log = log;
        this.basedir = basedir;
        this.threads = threads;
    }

    /** A planned module with its options as configured (the text the POM gives) and resolved. */
    record ResolvedModule(Path input, Path output, Configuration configuration, SnapshotOptions options) {
        /** The same module, its memories scanned on {@code threads} threads. */
        ResolvedModule withParallelism(int threads) {
            Configuration scanned = configuration.overriddenBy(new Configuration()
                    .with(SnapshotOption.PARALLELISM, Integer.toString(threads)));
            return new ResolvedModule(input, output, scanned, options.toBuilder().withParallelism(threads).build());
        }
    }

    /** A module that failed: one line naming its input and saying why, and what was thrown. */
    record Failure(ResolvedModule module, String line, Throwable cause) {}

    /** What a goal's work on one module gave: the rest of its info line, and what the goal keeps. */
    record Done<T>(String summary, T value) {}

    /** One module's work; {@code listener} puts what the core says in the module's lines. */
    @FunctionalInterface
    interface Job<T> {
        Done<T> run(ResolvedModule module, SnapshotListener listener) throws Exception;
    }

    /** What became of every module, in input order. */
    record Results<T>(List<ResolvedModule> done, List<T> values, List<Failure> failures) {}

    <T> Results<T> runAll(List<ResolvedModule> modules, Job<T> job) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, modules.size())),
                runnable -> {
                    Thread thread = new Thread(runnable, "wasm-snapshot-module");
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            List<Future<Outcome<T>>> outcomes = new ArrayList<>(Collections.nCopies(modules.size(), null));
            for (int index : ModuleTimes.longestFirst(modules)) {
                ResolvedModule module = modules.get(index);
                outcomes.set(index, pool.submit(() -> run(module, job)));
            }
            Results<T> results = new Results<>(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (Future<Outcome<T>> pending : outcomes) {
                Outcome<T> outcome = await(pending);
                outcome.lines().replay(log);
                if (outcome.failure() == null) {
                    results.done().add(outcome.module());
                    results.values().add(outcome.value());
                } else {
                    results.failures().add(outcome.failure());
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private record Outcome<T>(ResolvedModule module, BufferedLog lines, T value, Failure failure) {}

    private static <T> Outcome<T> await(Future<Outcome<T>> pending) {
        try {
            return pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pre-initializing", e);
        } catch (ExecutionException e) {
            // run() catches everything of a module's own
            throw new IllegalStateException(e.getCause());
        }
    }

    private <T> Outcome<T> run(ResolvedModule module, Job<T> job) {
        String name = display(module.input()) + " -> " + display(module.output());
        BufferedLog lines = new BufferedLog();
        try {
            Done<T> done = job.run(module, listener(name, lines));
            lines.info(name + ": " + done.summary());
            return new Outcome<>(module, lines, done.value(), null);
        } catch (Exception | Error e) {
            // whatever it was, it ends this module only
            Failure failure = new Failure(module, display(module.input()) + ": " + FailureReason.of(e), e);
            lines.error(failure.line());
            lines.debug(e);
            return new Outcome<>(module, lines, null, failure);
        }
    }

    private SnapshotListener listener(String name, BufferedLog lines) {
        return new SnapshotListener() {
            @Override
            public void debug(String message) {
                lines.debug(name + ": " + message);
            }

            @Override
            public void info(String message) {
                lines.info(name + ": " + message);
            }

            @Override
            public void warn(String message) {
                lines.warn(name + ": " + message);
            }

            @Override
            public void progress(String message) {
                log.info(name + ": " + message);
            }

            @Override
            public void stdout(String line) {
                lines.info(name + ": stdout: " + line);
            }

            @Override
            public void stderr(String line) {
                lines.warn(name + ": stderr: " + line);
            }
        };
    }

    /** The path relative to the project's directory if it lies inside it; the user sees these. */
    String display(Path path) {
        return path.startsWith(basedir) ? basedir.relativize(path).toString() : path.toString();
    }
}
