package io.github.wasmsnapshot.maven;

import io.github.wasmsnapshot.core.OutputFiles;
import io.github.wasmsnapshot.core.SnapshotException;
import io.github.wasmsnapshot.core.SnapshotInput;
import io.github.wasmsnapshot.core.SnapshotListener;
import io.github.wasmsnapshot.core.SnapshotOptions;
import io.github.wasmsnapshot.core.SnapshotResult;
import io.github.wasmsnapshot.core.WasmSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.maven.plugin.logging.Log;

/**
 * Pre-initializes the planned modules, several at a time where the machine has the cores, skipping those that are up
 * to date, and says what happened: one info line per module, details at debug level, and what an initializer writes
 * to WASI stdout (info) and stderr (warn), line by line, each line prefixed by the module like the others. Whatever
 * order the modules finish in, their lines reach the log, and their fingerprints the record, in input order; only the
 * every-ten-seconds lines of a long initialization come as they happen. A module that fails, whatever went wrong, is
 * reported in one line and has no output afterwards; the others are still tried.
 */
final class ModuleRunner {
    private final Log log;
    private final Path basedir;
    private final Fingerprints fingerprints;
    private final Path temporaryDirectory;
    private final int threads;

    /** {@code threads}: how many modules may run at once. */
    ModuleRunner(Log log, Path basedir, Fingerprints fingerprints, Path temporaryDirectory, int threads) {
        this.log = log;
        this.basedir = basedir;
        this.fingerprints = fingerprints;
        this.temporaryDirectory = temporaryDirectory;
        this.threads = threads;
    }

    /** A planned module with its options resolved. */
    record ResolvedModule(Path input, Path output, SnapshotOptions options) {}

    /** A module that failed: one line naming its input and saying why, and what was thrown. */
    record Failure(String line, Throwable cause) {}

    /** What became of one module: its log lines, and the digest its output now holds or why it failed. */
    private record Outcome(ResolvedModule module, BufferedLog lines, String digest, Failure failure) {}

    List<Failure> runAll(List<ResolvedModule> modules) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, modules.size())),
                runnable -> {
                    Thread thread = new Thread(runnable, "wasm-snapshot-module");
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            List<Future<Outcome>> outcomes = new ArrayList<>();
            for (ResolvedModule module : modules) {
                outcomes.add(pool.submit(() -> run(module)));
            }
            List<Failure> failures = new ArrayList<>();
            for (Future<Outcome> pending : outcomes) {
                Outcome outcome = await(pending);
                outcome.lines().replay(log);
                if (outcome.failure() == null) {
                    fingerprints.record(outcome.module().output(), outcome.digest());
                } else {
                    failures.add(outcome.failure());
                }
            }
            return failures;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Outcome await(Future<Outcome> pending) {
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

    private Outcome run(ResolvedModule module) {
        String name = display(module.input()) + " -> " + display(module.output());
        BufferedLog lines = new BufferedLog();
        try {
            WasmSnapshot snapshot = new WasmSnapshot(module.options(), listener(name, lines));
            SnapshotInput input = snapshot.read(Files.readAllBytes(module.input()));
            if (fingerprints.isUpToDate(module.output(), input.digest())) {
                lines.info(name + ": up to date");
            } else {
                SnapshotResult result = snapshot.run(input);
                OutputFiles.write(module.output(), result.output(), temporaryDirectory);
                lines.info(name + ": " + result.report().summary());
            }
            return new Outcome(module, lines, input.digest(), null);
        } catch (Exception | Error e) {
            // whatever it was, it ends this module only
            Failure failure = new Failure(display(module.input()) + ": " + reason(e), e);
            lines.error(failure.line());
            lines.debug(e);
            deleteOutput(module.output(), lines);
            return new Outcome(module, lines, null, failure);
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

    /**
     * A failed module leaves no output: its stale output goes, if it is a file of its own. Discovery made sure no
     * output is an input; a symbolic link (written through, not replaced) or a special file is not ours to delete.
     */
    private void deleteOutput(Path output, BufferedLog lines) {
        try {
            if (Files.isRegularFile(output, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(output);
            }
        } catch (IOException e) {
            lines.error("cannot delete the stale output " + display(output) + ": " + e.getMessage());
        }
    }

    private static String reason(Throwable e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof SnapshotException || e instanceof IOException) {
            return e.getMessage();
        }
        if (e instanceof OutOfMemoryError outOfHeap) {
            return SnapshotException.outOfHeap("", outOfHeap).getMessage();
        }
        return "failed unexpectedly: " + e + " (run Maven with -e for the stack trace)";
    }

    /** The path relative to the project's directory if it lies inside it; the user sees these. */
    private String display(Path path) {
        return path.startsWith(basedir) ? basedir.relativize(path).toString() : path.toString();
    }
}
