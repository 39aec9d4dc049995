package io.github.wasmsnapshot.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wasmsnapshot.core.ClockStartDefault;
import io.github.wasmsnapshot.core.Configuration;
import io.github.wasmsnapshot.core.SnapshotException;
import io.github.wasmsnapshot.core.SnapshotInput;
import io.github.wasmsnapshot.core.SnapshotListener;
import io.github.wasmsnapshot.core.SnapshotOption;
import io.github.wasmsnapshot.core.SnapshotResult;
import io.github.wasmsnapshot.core.WasmSnapshot;
import io.github.wasmsnapshot.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module's snapshot in a JVM of its own: the same result and failures as in this JVM, and what becomes of a child
 * that cannot start, dies, runs out of heap, or is no longer wanted.
 */
class ForkedSnapshotTest {
    @TempDir
    Path project;

    private final List<String> events = new ArrayList<>();

    @Test
    void theSameResultAsInThisJvm() throws Exception {
        ModuleRunner.ResolvedModule module = module(new Configuration());
        SnapshotInput input = input(module, Fixtures.load("counter"));

        SnapshotResult forked = forked(List.of()).run(module, input, listener());
        SnapshotResult here = new WasmSnapshot(module.options()).run(input);

        assertArrayEquals(here.output(), forked.output());
        assertEquals(here.report().summary().replaceFirst("\\d+ ms$", ""),
                forked.report().summary().replaceFirst("\\d+ ms$", ""));
        assertEquals(List.of("parse", "check", "initialize", "snapshot", "rewrite"),
                forked.report().stageTimes().stream().map(time -> time.stage()).toList());
        assertTrue(events.get(0).startsWith("debug: in a JVM of its own: "), events.toString());
    }

    @Test
    void aFailureIsTheSameLineWithTheStackTraceOfTheChild() throws Exception {
        ModuleRunner.ResolvedModule module = module(new Configuration());
        SnapshotInput input = input(module, Fixtures.load("unreachable"));
        SnapshotException here = assertThrows(SnapshotException.class,
                () -> new WasmSnapshot(module.options()).run(input));

        SnapshotException forked = assertThrows(SnapshotException.class,
                () -> forked(List.of()).run(module, input, listener()));

        assertEquals(here.getMessage(), forked.getMessage());
        ForkProtocol.ForkedException thrown = assertInstanceOf(ForkProtocol.ForkedException.class, forked.getCause());
        // Maven's summary of a failure adds each cause's message it does not contain yet: they must be the same
        assertEquals(here.getMessage(), thrown.getMessage());
        assertEquals(here.getCause().getMessage(), thrown.getCause().getMessage());
        assertEquals(here.getCause().toString(), thrown.getCause().toString());
        assertTrue(Arrays.stream(thrown.getStackTrace()).anyMatch(frame -> frame.getClassName()
                .equals("io.github.wasmsnapshot.core.Initializer")), Arrays.toString(thrown.getStackTrace()));
    }

    @Test
    void theTimeoutStopsTheChildFromInside() throws Exception {
        ModuleRunner.ResolvedModule module = module(new Configuration()
                .with(SnapshotOption.INIT_FUNCTION, "spin-br-if").with(SnapshotOption.TIMEOUT, "1"));
        SnapshotInput input = input(module, Fixtures.load("runaway"));
        SnapshotException here = assertThrows(SnapshotException.class,
                () -> new WasmSnapshot(module.options()).run(input));

        SnapshotException forked = assertThrows(SnapshotException.class,
                () -> forked(List.of()).run(module, input, listener()));

        assertEquals(here.getMessage(), forked.getMessage());
    }

    @Test
    void outOfHeapSaysWhatToRaise() throws Exception {
        ModuleRunner.ResolvedModule module = module(new Configuration());
        SnapshotInput input = input(module, needsHeap());

        SnapshotException forked = assertThrows(SnapshotException.class,
                () -> forked(List.of("-Xmx64m")).run(module, input, listener()));

        // where and how the heap ran out (in the init function or after it, heap space or GC overhead) may vary
        String hint = SnapshotException.outOfHeap("", new OutOfMemoryError("x")).getMessage().replaceFirst(".*\\): ",
                "");
        assertTrue(forked.getMessage().matches("ran out of Java heap (in the init function `wizer-initialize`"
                + "|while pre-initializing) \\([^)]+\\): " + Pattern.quote(hint)), forked.getMessage());
    }

    @Test
    void aJvmThatCannotStartFailsTheModuleWithWhatItSaid() throws Exception {
        ModuleRunner.ResolvedModule module = module(new Configuration());
        SnapshotInput input = input(module, Fixtures.load("counter"));

        SnapshotException forked = assertThrows(SnapshotException.class,
                () -> forked(List.of("-XX:+NoSuchOption")).run(module, input, listener()));

        assertEquals("the forked JVM exited with status 1: Unrecognized VM option 'NoSuchOption'",
                forked.getMessage());
        assertTrue(events.get(events.size() - 1).startsWith("debug: the forked JVM's stderr:\n"
                + "Unrecognized VM option 'NoSuchOption'\nError: Could not create the Java Virtual Machine."),
                events.toString());
    }

    @Test
    void aJvmThatDiesMidwayFailsTheModuleWithItsStatus() throws Exception {
        ModuleRunner.ResolvedModule module = module(new Configuration());
        SnapshotInput input = input(module, needsHeap());

        SnapshotException forked = assertThrows(SnapshotException.class,
                () -> forked(List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError")).run(module, input, listener()));

        assertTrue(forked.getMessage().startsWith("the forked JVM exited with status 3: Terminating due to"
                + " java.lang.OutOfMemoryError: "), forked.getMessage());
    }

    @Test
    void whatTheJvmSaysOnStderrIsAWarningOfTheModule() throws Exception {
        ModuleRunner.ResolvedModule module = module(new Configuration());
        SnapshotInput input = input(module, Fixtures.load("counter"));

        forked(List.of("-Xlog:gc:stderr")).run(module, input, listener());

        List<String> warnings = events.stream().filter(event -> event.startsWith("warn: ")).toList();
        assertTrue(warnings.get(0).matches("warn: \\[[\\d.]+s\\]\\[info\\]\\[gc\\] Using Serial"), warnings.toString());
    }

    @Test
    void ofTheStderrOfAChildOnlyWhatSaysSomethingIsShown() {
        assertEquals(List.of("A fatal error has been detected by the Java Runtime Environment:",
                "SIGSEGV (0xb) at pc=0x0", "warning: something"), ForkedSnapshot.said("""
                Picked up JAVA_TOOL_OPTIONS: -Dx=1
                NOTE: Picked up JDK_JAVA_OPTIONS: -Dy=2

                #
                # A fatal error has been detected by the Java Runtime Environment:
                #
                #  SIGSEGV (0xb) at pc=0x0
                warning: something
                """));
    }

    @Test
    void interruptedItStopsTheChild() throws Exception {
        ModuleRunner.ResolvedModule module = module(new Configuration()
                .with(SnapshotOption.INIT_FUNCTION, "spin-br-if").with(SnapshotOption.TIMEOUT, "0"));
        SnapshotInput input = input(module, Fixtures.load("runaway"));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread job = new Thread(() -> {
            try {
                forked(List.of()).run(module, input, listener());
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        job.start();
        ProcessHandle child = child();

        job.interrupt();
        job.join(10_000);

        assertInstanceOf(InterruptedException.class, thrown.get());
        assertTrue(child.onExit().get(10, TimeUnit.SECONDS) != null && !child.isAlive());
    }

    /**
     * The one child of this JVM, once it is there: the module's (its arguments cannot be checked: the JDK shows none
     * of a command line as long as the tests' class path).
     */
    private static ProcessHandle child() throws InterruptedException {
        for (int tries = 0; tries < 1000; tries++) {
            Optional<ProcessHandle> child = ProcessHandle.current().children().findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no child JVM");
    }

    private ForkedSnapshot forked(List<String> jvmOptions) {
        return new ForkedSnapshot(ForkedSnapshot.classPath(getClass().getClassLoader()), jvmOptions, project);
    }

    private ModuleRunner.ResolvedModule module(Configuration configuration) throws Exception {
        configuration.with(SnapshotOption.CACHE_DIRECTORY, "none");
        return new ModuleRunner.ResolvedModule(project.resolve("in.wasm"), project.resolve("out.wasm"), configuration,
                configuration.resolve(project, ClockStartDefault.NONE));
    }

    private static SnapshotInput input(ModuleRunner.ResolvedModule module, byte[] bytes) throws SnapshotException {
        return new WasmSnapshot(module.options()).read(bytes);
    }

    private static byte[] needsHeap() throws Exception {
        return Files.readAllBytes(Path.of("src/test/resources/unit/modules/needs-heap.wasm"));
    }

    private SnapshotListener listener() {
        return new SnapshotListener() {
            @Override
            public void debug(String message) {
                add("debug: " + message);
            }

            @Override
            public void info(String message) {
                add("info: " + message);
            }

            @Override
            public void warn(String message) {
                add("warn: " + message);
            }

            @Override
            public void progress(String message) {
                add("progress: " + message);
            }

            @Override
            public void stdout(String line) {
                add("stdout: " + line);
            }

            @Override
            public void stderr(String line) {
                add("stderr: " + line);
            }

            private void add(String event) {
                synchronized (events) {
                    events.add(event);
                }
            }
        };
    }
}
