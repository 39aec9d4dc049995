package io.github.wasmsnapshot.maven;

import io.github.wasmsnapshot.core.SnapshotException;
import io.github.wasmsnapshot.core.SnapshotInput;
import io.github.wasmsnapshot.core.SnapshotListener;
import io.github.wasmsnapshot.core.SnapshotResult;
import io.github.wasmsnapshot.core.TunedJvm;
import io.github.wasmsnapshot.core.WasiConfig;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.regex.Pattern;

/**
 * Makes a module's snapshot in a JVM started for it alone ({@link TunedJvm}: tuned for short batch work, its classes
 * from a class archive), so that HotSpot's optimizing compiler and collector in Maven's JVM do not take the cores the
 * modules need. The child ({@link SnapshotChild}) gets the module's options as the POM gave them, with the clock
 * start, the environment to inherit and the digest of the input that Maven's JVM resolved and read, and the input's
 * bytes, on stdin; what it says reaches the module's listener as it happens, and its answer is the same result, or
 * the same one-line failure, as in Maven's JVM. A child that dies without an answer fails the module with its exit
 * status and the first line of its stderr (all of it at debug level). The child has Maven's heap limit; the module's
 * timeout stops it from inside. Interrupted, this stops the child.
 */
final class ForkedSnapshot {
    /** The options that set a JVM's heap limit, passed on so that {@code MAVEN_OPTS=-Xmx4g} means what it says. */
    private static final List<String> HEAP_OPTIONS = List.of("-Xmx", "-XX:MaxHeapSize=", "-XX:MaxRAMPercentage=");
    /** How the JVM's launcher says that it took options from JAVA_TOOL_OPTIONS, _JAVA_OPTIONS or JDK_JAVA_OPTIONS. */
    private static final Pattern PICKED_UP = Pattern.compile("(NOTE: )?Picked up \\w+: ");
    /** Of a child's stderr, as much as is kept to explain its end. */
    private static final int STDERR_KEPT = 64 * 1024;

    private final List<Path> classPath;
    private final List<String> jvmOptions;
    private final Path basedir;

    /** {@code jvmOptions}: passed to each child after the tuned ones. */
    ForkedSnapshot(List<Path> classPath, List<String> jvmOptions, Path basedir) {
        this.classPath = List.copyOf(classPath);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.basedir = basedir;
    }

    /** Children on the plugin's class path (Maven's plugin realm), with this JVM's heap limit. */
    static ForkedSnapshot ofThisJvm(Path basedir) {
        List<String> heap = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> HEAP_OPTIONS.stream().anyMatch(option::startsWith)).toList();
        return new ForkedSnapshot(classPath(ForkedSnapshot.class.getClassLoader()), heap, basedir);
    }

    /**
     * In Maven, the plugin realm's jars (Maven's own classes come from another realm, and the child needs none); where
     * the class loader is not a {@link URLClassLoader}, as in the plugin's unit tests, the JVM's class path.
     */
    static List<Path> classPath(ClassLoader loader) {
        if (loader instanceof URLClassLoader realm) {
            List<Path> entries = new ArrayList<>();
            for (URL url : realm.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()));
                } catch (URISyntaxException | IllegalArgumentException e) {
                    throw new IllegalStateException("the plugin's class path has " + url + ", which is not a file", e);
                }
            }
            return entries;
        }
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of).toList();
    }

    SnapshotResult run(ModuleRunner.ResolvedModule module, SnapshotInput input, SnapshotListener listener)
            throws SnapshotException, InterruptedException {
        TunedJvm jvm = new TunedJvm(classPath, SnapshotChild.class.getName(), module.options().engine(),
                module.options().cacheDirectory(), jvmOptions);
        listener.debug("in a JVM of its own: " + String.join(" ", jvm.command()));
        try (jvm) {
            Process child;
            try {
                child = jvm.start(List.of(), ProcessBuilder.Redirect.PIPE);
            } catch (IOException e) {
                throw new SnapshotException("cannot start a JVM for it (" + e.getMessage() + "); to run it in Maven's"
                        + " JVM, set fork to false (-Dwasm-snapshot.fork=false)", e);
            }
            FutureTask<String> stderr = inBackground("stderr", () -> kept(child.getErrorStream()));
            FutureTask<ForkProtocol.Reply> reply = inBackground("stdout", () -> ForkProtocol.readReply(
                    new DataInputStream(new BufferedInputStream(child.getInputStream())), listener));
            send(child, new ForkProtocol.Request(basedir.toString(),
                    module.options().wasi().map(WasiConfig::clockStart), input.digest(),
                    module.configuration().given(), input.inheritedEnvironment(), input.module()));
            Optional<ForkProtocol.Reply> answer = answer(reply);
            int status = child.waitFor();
            String errors = collected(stderr);
            if (answer.isEmpty()) {
                if (!errors.isEmpty()) {
                    listener.debug("the forked JVM's stderr:\n" + errors);
                }
                throw new SnapshotException("the forked JVM exited with status " + status
                        + said(errors).stream().findFirst().map(line -> ": " + line).orElse(""));
            }
            // What the JVM itself said (its warnings), or what wrote to System.err.
            said(errors).forEach(listener::warn);
            if (answer.get() instanceof ForkProtocol.Failed failed) {
                throw new SnapshotException(failed.line(), failed.error());
            }
            return ((ForkProtocol.Made) answer.get()).result();
        }
    }

    /**
     * The lines of a child's stderr that say something: not blank, without the decoration of a crash report's lines,
     * and without the JVM's notes that it picked up options from the environment (Maven's own JVM said so already).
     */
    static List<String> said(String stderr) {
        return stderr.lines().map(line -> line.replaceFirst("^[#\\s]+", ""))
                .filter(line -> !line.isEmpty() && !PICKED_UP.matcher(line).lookingAt()).toList();
    }

    /** The request, on the child's stdin; a child that died first is explained by its exit status and stderr. */
    private static void send(Process child, ForkProtocol.Request request) {
        try (DataOutputStream stdin = new DataOutputStream(new BufferedOutputStream(child.getOutputStream()))) {
            ForkProtocol.write(stdin, request);
        } catch (IOException e) {
            // the child is gone: its stdout ends, and its exit status says why
        }
    }

    /** The child's answer; empty where its stdout ended without one; a garbled answer is a failure of its own. */
    private static Optional<ForkProtocol.Reply> answer(FutureTask<ForkProtocol.Reply> reply)
            throws InterruptedException, SnapshotException {
        try {
            return Optional.of(reply.get());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EOFException) {
                return Optional.empty();
            }
            throw new SnapshotException("cannot read the forked JVM's answer: " + e.getCause(), e.getCause());
        }
    }

    private static String collected(FutureTask<String> stderr) throws InterruptedException {
        try {
            return stderr.get().strip();
        } catch (ExecutionException e) {
            return "(its stderr cannot be read: " + e.getCause() + ")";
        }
    }

    /** Up to {@link #STDERR_KEPT} bytes of the stream, read to its end, as text. */
    private static String kept(InputStream stream) throws IOException {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (stream) {
            for (int n; (n = stream.read(buffer)) > 0; ) {
                kept.write(buffer, 0, Math.max(0, Math.min(n, STDERR_KEPT - kept.size())));
            }
        }
        return kept.toString(Charset.defaultCharset());
    }

    private static <T> FutureTask<T> inBackground(String what, Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread thread = new Thread(task, "wasm-snapshot-child-" + what);
        thread.setDaemon(true);
        thread.start();
        return task;
    }
}
