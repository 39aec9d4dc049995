package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.testing.Fixtures.call;
import static io.github.wasmsnapshot.testing.Fixtures.exportNames;
import static io.github.wasmsnapshot.testing.Fixtures.initializedAtRuntime;
import static io.github.wasmsnapshot.testing.Fixtures.instantiate;
import static io.github.wasmsnapshot.testing.Fixtures.load;
import static io.github.wasmsnapshot.testing.Fixtures.options;
import static io.github.wasmsnapshot.testing.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.Instance;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Which export initializes the module, and the errors when it cannot. */
class InitFunctionTest {

    @Test
    void theDefaultInitFunctionIsWizerInitializeAndItsWorkIsInTheOutput() throws Exception {
        byte[] primes = load("primes");
        List<Integer> expected = primesBelow(100_000);

        Instance original = initializedAtRuntime(primes, "wizer-initialize");
        Instance output = instantiate(snapshot(primes));

        for (Instance instance : List.of(original, output)) {
            assertEquals(expected.size(), call(instance, "count"));
            assertEquals(2, call(instance, "nth", 0));
            assertEquals(expected.get(expected.size() - 1), (int) call(instance, "nth", expected.size() - 1));
            for (int n : new int[] {0, 1, 2, 3, 4, 97, 7919, 65536, 99991, 99999}) {
                assertEquals(expected.contains(n) ? 1 : 0, call(instance, "is_prime", n), "is_prime(" + n + ")");
            }
        }
        assertEquals(call(original, "checksum"), call(output, "checksum"));
    }

    @Test
    void theInitFunctionIsConfigurable() throws Exception {
        byte[] module = load("init-mistyped");
        byte[] output = snapshot(module, options().withInitFunction("wizer.initialize").build());

        assertEquals(1, initializedAtRuntime(module, "wizer.initialize").memory().readInt(0));
        Instance initialized = instantiate(output);
        assertEquals(1, initialized.memory().readInt(0));
        assertFalse(exportNames(output).contains("wizer.initialize"));
    }

    @Test
    void aMissingInitFunctionIsNamed() {
        var e = assertThrows(SnapshotException.class,
                () -> snapshot(load("primes"), options().withInitFunction("setup").build()));
        assertTrue(e.getMessage().contains("no export named `setup`"), e.getMessage());
    }

    @Test
    void whenOnlyWizersOlderDefaultIsExportedItRunsAndSaysSo() throws Exception {
        byte[] module = load("init-mistyped");
        List<String> said = new ArrayList<>();
        byte[] output = new WasmSnapshot(SnapshotOptions.defaults(), new SnapshotListener() {
            @Override
            public void info(String message) {
                said.add(message);
            }
        }).run(module).output();

        assertArrayEquals(snapshot(module, options().withInitFunction("wizer.initialize").build()), output);
        assertEquals(List.of("the module exports no `wizer-initialize`: running `wizer.initialize`, wizer's default"
                + " before version 10"), said);
    }

    @Test
    void withoutEitherDefaultTheErrorNamesBothAndTheOption() {
        byte[] empty = {0, 'a', 's', 'm', 1, 0, 0, 0};
        var e = assertThrows(SnapshotException.class, () -> snapshot(empty));
        assertEquals("the module has no export named `wizer-initialize` (nor `wizer.initialize`, wizer's default"
                + " before version 10): set --init-func/initFunction to the export that initializes the module",
                e.getMessage());
    }

    @Test
    void theHintIsOnlyGivenForTheDefault() {
        var e = assertThrows(SnapshotException.class,
                () -> snapshot(load("init-mistyped"), options().withInitFunction("init").build()));
        assertFalse(e.getMessage().contains("wizer.initialize"), e.getMessage());
    }

    @Test
    void anInitFunctionThatIsNotAFunctionIsRefused() {
        for (String name : new String[] {"memory", "a_global"}) {
            var e = assertThrows(SnapshotException.class,
                    () -> snapshot(load("init-mistyped"), options().withInitFunction(name).build()));
            assertTrue(e.getMessage().contains("`" + name + "`"), e.getMessage());
            assertTrue(e.getMessage().contains("not a function"), e.getMessage());
        }
    }

    @Test
    void anInitFunctionWithParametersOrResultsIsRefused() {
        for (String name : new String[] {"takes_param", "returns_value"}) {
            var e = assertThrows(SnapshotException.class,
                    () -> snapshot(load("init-mistyped"), options().withInitFunction(name).build()));
            assertTrue(e.getMessage().contains("`" + name + "`"), e.getMessage());
            assertTrue(e.getMessage().contains("[] -> []"), e.getMessage());
        }
    }

    @Test
    void aTrappingInitFunctionFailsNamingItAndTheTrap() {
        var e = assertThrows(SnapshotException.class, () -> snapshot(load("trap")));
        assertTrue(e.getMessage().contains("`wizer-initialize`"), e.getMessage());
        assertTrue(e.getMessage().contains("divide by zero"), e.getMessage());
    }

    /** The reference answer, computed without Wasm. */
    static List<Integer> primesBelow(int limit) {
        boolean[] composite = new boolean[limit];
        List<Integer> primes = new ArrayList<>();
        for (int i = 2; i < limit; i++) {
            if (!composite[i]) {
                primes.add(i);
                for (long j = (long) i * i; j < limit; j += i) {
                    composite[(int) j] = true;
                }
            }
        }
        return primes;
    }

    /** An initializer that never returns stops when the thread that runs the snapshot is interrupted. */
    @Test
    void interruptingTheRunStopsTheInitializer() throws Exception {
        // wizer-initialize: loop br 0 end
        byte[] endless = HexFormat.of().parseHex("0061736d01000000" + "010401600000" + "03020100"
                + "071401" + "10" + HexFormat.of().formatHex("wizer-initialize".getBytes(StandardCharsets.US_ASCII))
                + "0000" + "0a0901070003400c000b0b");
        FutureTask<SnapshotResult> run = new FutureTask<>(() -> new WasmSnapshot(SnapshotOptions.defaults())
                .run(endless));
        Thread runner = new Thread(run);
        runner.start();
        while (initializers().isEmpty()) {
            Thread.sleep(10);
        }

        runner.interrupt();

        var e = assertThrows(ExecutionException.class, () -> run.get(10, TimeUnit.SECONDS));
        assertEquals("interrupted while initializing", e.getCause().getMessage());
        for (Thread initializer : initializers()) {
            initializer.join(10_000);
            assertFalse(initializer.isAlive(), "the initializer still runs");
        }
    }

    /** The threads an initialization runs on (see Initializer.Race): attempts and the compile. */
    private static final Set<String> INITIALIZER_THREADS = Set.of("wasm-snapshot-interpreted",
            "wasm-snapshot-compiled", "wasm-snapshot-compile");

    private static List<Thread> initializers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> INITIALIZER_THREADS.contains(t.getName())).toList();
    }
}
