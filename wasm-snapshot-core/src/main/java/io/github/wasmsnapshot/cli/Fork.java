package io.github.wasmsnapshot.cli;

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
 * Runs the command line again in a JVM tuned for it, as a launcher script would: a jar's manifest cannot carry JVM
 * options, and {@code java -jar} gives every run a JVM tuned for long-running servers. The work is either short
 * (parse, interpret a short initializer, snapshot) or compiled code (the {@code auto} and {@code compiler}
 * engines), and for both HotSpot's optimizing compiler (C2) and its parallel collectors cost more than they save:
 * on the regex_test module the run takes about half the CPU with {@code -XX:TieredStopAtLevel=1
 * -XX:+UseSerialGC}. Only {@code --engine interpreter} keeps C2, which Chicory's own interpreter needs on long
 * initializers. The child also loads its classes from a class-data sharing archive kept in the user's cache
 * directory (made by the first run; about a tenth of a second off every later one), and its JVM logs go to stderr,
 * never to stdout, where the module may go. The child inherits stdin, stdout, stderr and the user's JVM options;
 * its exit status is ours. Off with {@code -Dwasm-snapshot.fork=false} or {@code WASM_SNAPSHOT_FORK=false}, and
 * when not run from a jar.
 */
final class Fork {
    /** Set in the child, so that it does not fork again. */
    private static final String FORKED = "wasm-snapshot.forked";
    private static final List<String> TUNED = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    /** The JVM's own warnings go to stdout by default: to stderr instead, and archive notes not at all. */
    private static final List<String> LOGS = List.of("-Xlog:disable", "-Xlog:all=warning,cds*=off:stderr");

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
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (!asked(args, "--engine", "interpreter")) {
            command.addAll(TUNED);
        }
        command.addAll(LOGS);
        List<String> jvmOptions = ManagementFactory.getRuntimeMXBean().getInputArguments();
        // The user's own archive options win.
        Optional<ClassArchive> archive = asked(args, "--cache-dir", "none")
                || jvmOptions.stream().anyMatch(option -> option.contains("Archive") || option.startsWith("-Xshare"))
                ? Optional.empty() : ClassArchive.of(jar.get(), environment);
        archive.ifPresent(classes -> command.addAll(classes.options()));
        command.addAll(jvmOptions);
        command.add("-D" + FORKED + "=true");
        command.addAll(List.of("-cp", jar.get().toString(), Main.class.getName()));
        command.addAll(Arrays.asList(args));
        try {
            Process child = new ProcessBuilder(command).inheritIO().start();
            // SIGINT and SIGTERM reach us; the child cleans up its own temporary files when it is told to stop.
            Thread stopChild = new Thread(child::destroy, "wasm-snapshot-stop-child");
            Runtime.getRuntime().addShutdownHook(stopChild);
            int status = child.waitFor();
            Runtime.getRuntime().removeShutdownHook(stopChild);
            archive.ifPresent(ClassArchive::publish);
            return Optional.of(status);
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
