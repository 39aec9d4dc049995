package io.github.wasmsnapshot.maven;

import io.github.wasmsnapshot.core.InputFiles;
import io.github.wasmsnapshot.core.OutputFiles;
import io.github.wasmsnapshot.core.SnapshotException;
import io.github.wasmsnapshot.core.SnapshotInput;
import io.github.wasmsnapshot.core.SnapshotListener;
import io.github.wasmsnapshot.core.SnapshotOptions;
import io.github.wasmsnapshot.core.SnapshotResult;
import io.github.wasmsnapshot.core.WasmSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.logging.Log;

/**
 * Pre-initializes the planned modules one after the other, skipping those that are up to date, and says what
 * happened: one info line per module, details at debug level, and what an initializer writes to WASI stdout
 * (info) and stderr (warn), line by line, each line prefixed by the module like the others. A module that fails is reported and has no output
 * afterwards; the others are still tried.
 */
final class ModuleRunner {
    private final Log log;
    private final Path basedir;
    private final Fingerprints fingerprints;

    ModuleRunner(Log log, Path basedir, Fingerprints fingerprints) {
        this.log = log;
        this.basedir = basedir;
        this.fingerprints = fingerprints;
    }

    /** A planned module with its options resolved. */
    record ResolvedModule(Path input, Path output, SnapshotOptions options) {}

    /** @return one line per failed module: its input and why it failed */
    List<String> runAll(List<ResolvedModule> modules) {
        List<String> failures = new ArrayList<>();
        for (ResolvedModule module : modules) {
            String name = display(module.input()) + " -> " + display(module.output());
            try {
                log.info(name + ": " + run(module, name));
            } catch (SnapshotException | IOException e) {
                String failure = display(module.input()) + ": " + reason(e);
                log.error(failure);
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
        SnapshotInput input = snapshot.read(InputFiles.read(module.input()));
        if (fingerprints.isUpToDate(module.output(), input.digest())) {
            fingerprints.record(module.output(), input.digest());
            return "up to date";
        }
        SnapshotResult result = snapshot.run(input);
        OutputFiles.write(module.output(), result.output());
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

    private void deleteOutput(Path output) {
        try {
            Files.deleteIfExists(output);
        } catch (IOException e) {
            log.error("cannot delete the stale output " + display(output) + ": " + e);
        }
    }

    private static String reason(Exception e) {
        return e instanceof IOException ? e.toString() : e.getMessage();
    }

    /** The path relative to the project's directory if it lies inside it; the user sees these. */
    private String display(Path path) {
        return path.startsWith(basedir) ? basedir.relativize(path).toString() : path.toString();
    }
}
