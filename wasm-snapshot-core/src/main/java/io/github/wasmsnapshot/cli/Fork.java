package io.github.wasmsnapshot.cli;

import io.github.wasmsnapshot.core.Engine;
import io.github.wasmsnapshot.core.TunedJvm;
import io.github.wasmsnapshot.core.UserCache;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the command line again in a JVM tuned for it ({@link TunedJvm}), as a launcher script would. The child
 * inherits stdin, stdout, stderr and the user's JVM options; its exit status is ours. Its class archive is kept in the
 * user's cache directory, unless {@code --cache-dir none}. Off with {@code -Dwasm-snapshot.fork=false} or
 * {@code WASM_SNAPSHOT_FORK=false}, and when not run from a jar.
 */
final class Fork {
    /** Set in the child, so that it does not fork again. */
    private static final String FORKED = "wasm-snapshot.forked";

    private Fork() {}

    /** The child's exit status, or empty where this JVM should do the work itself. */
    static Optional<Integer> run(String[] args, Map<String, String> environment) {
        if (System.getProperty(FORKED) != null || "false".equals(System.getProperty("wasm-snapshot.fork"))
                || "false".equals(environment.get("WASM_SNAPSHOT_FORK"))) {
            return Optional.empty();
        }
        Optional<Path> jar = jar();
        if (jar.isEmpty()) {
            return Optional.empty();
        }
        // Only whether the engine is the interpreter matters to the JVM's tuning.
        Engine engine = asked(args, "--engine", "interpreter") ? Engine.INTERPRETER : Engine.AUTO;
        Optional<Path> cache = asked(args, "--cache-dir", "none") ? Optional.empty()
                : UserCache.directory(environment);
        List<String> jvmOptions = new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments());
        jvmOptions.add("-D" + FORKED + "=true");
        try (TunedJvm jvm = new TunedJvm(List.of(jar.get()), Main.class.getName(), engine, cache, jvmOptions)) {
            return Optional.of(jvm.start(Arrays.asList(args), ProcessBuilder.Redirect.INHERIT).waitFor());
        } catch (IOException e) {
            // no child to be had: do the work here
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(Main.FAILED);
        }
    }

    /** Whether the arguments give {@code option} the {@code value} (a look before they are parsed for real). */
    private static boolean asked(String[] args, String option, String value) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                return false;
            }
            if (args[i].equals(option + "=" + value)
                    || (args[i].equals(option) && i + 1 < args.length && args[i + 1].equals(value))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The jar this class was loaded from, if it was loaded from one. With {@code java -jar PATH} the location is
     * relative where the path was ({@code file:PATH}, an opaque URI).
     */
    private static Optional<Path> jar() {
        try {
            var source = Fork.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            URI location = source.getLocation().toURI();
            Path path = (location.isOpaque() ? Path.of(location.getSchemeSpecificPart()) : Path.of(location))
                    .toAbsolutePath();
            return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
