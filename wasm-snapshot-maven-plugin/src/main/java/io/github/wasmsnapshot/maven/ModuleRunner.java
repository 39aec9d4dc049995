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
import org.apache.maven.plugin.logging.Log;

/**
 * Pre-initializes the planned modules one after the other, skipping those that are up to date, and says what
 * happened: one info line per module, details at debug level, and what an initializer writes to WASI stdout
 * (info) and stderr (warn), line by line, each line prefixed by the module like the others. A module that fails,
 * whatever went wrong, is reported in one line and has no output afterwards; the others are still tried.
 */
final class ModuleRunner {
    private final Log log;
    private final Path basedir;
    private final Fingerprints fingerprints;
    private final Path temporaryDirectory;

    ModuleRunner(Log log, Path basedir, Fingerprints fingerprints, Path temporaryDirectory) {
        this.log = log;
        this.basedir = basedir;
        this.fingerprints = fingerprints;
        this.temporaryDirectory = temporaryDirectory;
    }

    /** A planned module with its options resolved. */
    record ResolvedModule(Path input, Path output, SnapshotOptions options) {}

    /** A module that failed: one line naming its input and saying why, and what was thrown. */
    record Failure(String line, Throwable cause) {}

    List<Failure> runAll(List<ResolvedModule> modules) {
        List<Failure> failures = new ArrayList<>();
        for (ResolvedModule module : modules) {
            String name = display(module.input()) + " -> " + display(module.output());
            try {
                log.info(name + ": " + run(module, name));
            } catch (Exception | Error e) {
                // whatever it was, it ends this module only
                Failure failure = new Failure(display(module.input()) + ": " + reason(e), e);
                log.error(failure.line());
                log.debug(e);
                failures.add(failure);
                deleteOutput(module.output());
            }
        }
        return failures;
    }

    /** @return what happened, for the module's info line */
    private String run(ResolvedModule module, String name) throws SnapshotException, IOException {
        WasmSnapshot snapshot = new WasmSnapshot(module.options(), listener(name));
        SnapshotInput input = snapshot.read(Files.readAllBytes(module.input()));
        if (fingerprints.isUpToDate(module.output(), input.digest())) {
            fingerprints.record(module.output(), input.digest());
            return "up to date";
        }
        SnapshotResult result = snapshot.run(input);
        OutputFiles.write(module.output(), result.output(), temporaryDirectory);
        fingerprints.record(module.output(), input.digest());
        return result.report().summary();
    }

    private SnapshotListener listener(String name) {
        return new SnapshotListener() {
            @Override
            public void debug(String message) {
                log.debug(name + ": " + message);
            }

            @Override
            public void info(String message) {
                log.info(name + ": " + message);
            }

            @Override
            public void warn(String message) {
                log.warn(name + ": " + message);
            }

            @Override
            public void stdout(String line) {
                log.info(name + ": stdout: " + line);
            }

            @Override
            public void stderr(String line) {
                log.warn(name + ": stderr: " + line);
            }
        };
    }

    /**
     * A failed module leaves no output: its stale output goes, if it is a file of its own. Discovery made sure no
     * output is an input; a symbolic link (written through, not replaced) or a special file is not ours to delete.
     */
    private void deleteOutput(Path output) {
        try {
            if (Files.isRegularFile(output, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(output);
            }
        } catch (IOException e) {
            log.error("cannot delete the stale output " + display(output) + ": " + e.getMessage());
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
