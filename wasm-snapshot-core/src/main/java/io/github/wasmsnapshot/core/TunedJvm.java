package io.github.wasmsnapshot.core;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A JVM of its own for one short batch run of ours, as the command line and the Maven plugin start one: the JVM that
 * {@code java -jar} or Maven gives is tuned for long-running servers, and a jar's manifest cannot carry JVM options.
 * The work is either short (parse, interpret a short initializer, snapshot) or compiled code (the {@code auto} and
 * {@code compiler} engines), and for both HotSpot's optimizing compiler (C2) and its parallel collectors cost more
 * than they save, taking the cores the work needs: on the regex_test module the run takes about half the CPU with
 * {@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}. Only the {@code interpreter} engine keeps C2, which Chicory's
 * interpreter needs on long initializers. The JVM loads its classes from a class-data sharing archive in the cache
 * directory ({@link ClassArchive}: about a tenth of a second off every run after the first), and its own logs and
 * crash reports go to stderr, never to stdout, where a module or a protocol may go.
 *
 * <p>One instance is one run: {@link #start} it, wait for it, then {@link #close} it, which stops it if it still runs.
 * Until then a shutdown hook stops it if this JVM exits first (SIGINT, SIGTERM), so that no child outlives its parent.
 */
public final class TunedJvm implements AutoCloseable {
    private static final List<String> TUNED = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    /** The JVM's own warnings go to stdout by default: to stderr instead, and archive notes not at all. */
    private static final List<String> LOGS = List.of("-Xlog:disable", "-Xlog:all=warning,cds*=off:stderr",
            "-XX:+DisplayVMOutputToStderr");

    private final List<String> command = new ArrayList<>();
    private final Optional<ClassArchive> archive;
    private Process process;
    private Thread stopOnExit;

    /**
     * @param classPath the child's class path; it gets a class archive only if every entry is a jar
     * @param engine how the child runs initializers: the interpreter keeps C2
     * @param cacheDirectory where the class archive is kept; empty for none
     * @param jvmOptions more options, after ours, so that they win; if one of them names a class archive or turns
     *     sharing off, the child gets no archive of ours
     */
    public TunedJvm(List<Path> classPath, String mainClass, Engine engine, Optional<Path> cacheDirectory,
            List<String> jvmOptions) {
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (engine != Engine.INTERPRETER) {
            command.addAll(TUNED);
        }
        command.addAll(LOGS);
        boolean ownArchive = jvmOptions.stream().anyMatch(option -> option.contains("Archive")
                || option.startsWith("-Xshare"));
        archive = ownArchive ? Optional.empty() : cacheDirectory.flatMap(cache -> ClassArchive.of(classPath, cache));
        archive.ifPresent(classes -> command.addAll(classes.options()));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(mainClass);
    }

    /** The command that starts it, without the program's arguments. */
    public List<String> command() {
        return List.copyOf(command);
    }

    /** Starts it, with {@code arguments} for its main class, its stdin, stdout and stderr all as {@code io} says. */
    public Process start(List<String> arguments, ProcessBuilder.Redirect io) throws IOException {
        if (process != null) {
            throw new IllegalStateException("a TunedJvm runs once");
        }
        List<String> full = new ArrayList<>(command);
        full.addAll(arguments);
        process = new ProcessBuilder(full).redirectInput(io).redirectOutput(io).redirectError(io).start();
        // The child cleans up its own temporary files when it is told to stop.
        stopOnExit = new Thread(process::destroy, "wasm-snapshot-stop-child");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        return process;
    }

    /**
     * Stops it if it still runs. The class archive it dumped takes its place only if it ended by itself, not killed
     * by a signal.
     */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            process.destroy();
            // What it dumps as it stops goes once it is gone.
            archive.ifPresent(classes -> process.onExit().thenRun(classes::discard));
        } else if (process.exitValue() < 128) {
            archive.ifPresent(ClassArchive::publish);
        } else {
            archive.ifPresent(ClassArchive::discard);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // this JVM is exiting: the hook runs
        }
    }
}
