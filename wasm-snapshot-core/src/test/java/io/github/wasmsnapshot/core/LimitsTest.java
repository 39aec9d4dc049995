package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.testing.Fixtures.instantiate;
import static io.github.wasmsnapshot.testing.Fixtures.load;
import static io.github.wasmsnapshot.testing.Fixtures.options;
import static io.github.wasmsnapshot.testing.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An initializer that never returns is stopped, by the timeout or by the stack it may use. */
class LimitsTest {

    @ParameterizedTest
    @ValueSource(strings = {"spin-br-if", "spin-br-table"})
    void aLoopThatNeverCallsOutIsStoppedAtTheTimeout(String init) {
        var e = assertThrows(SnapshotException.class, () -> snapshot(load("runaway"),
                options().withInitFunction(init).withTimeout(Duration.ofSeconds(1)).build()));
        assertEquals("the initialization did not finish within 1 s and was stopped: raise --timeout/timeout (0 for"
                + " no limit) if it needs longer", e.getMessage());
    }

    @Test
    void endlessRecursionFailsAtTheEndOfTheStack() {
        var e = assertThrows(SnapshotException.class,
                () -> snapshot(load("runaway"), options().withInitFunction("recurse-forever").build()));
        assertEquals("the init function `recurse-forever` trapped: call stack exhausted", e.getMessage());
    }

    @Test
    void theDefaultStackHoldsTenThousandCallsAndASmallerOneDoesNot() throws Exception {
        byte[] output = snapshot(load("runaway"));
        assertEquals(10_000, instantiate(output).global(0).getValue());

        var e = assertThrows(SnapshotException.class,
                () -> snapshot(load("runaway"), options().withStackSize(1 << 20).build()));
        assertEquals("the init function `wizer-initialize` trapped: call stack exhausted", e.getMessage());
    }

    @Test
    void aLongInitializationSaysItIsStillRunning() {
        List<String> progress = new ArrayList<>();
        SnapshotOptions options = options().withInitFunction("spin-br-if").withEngine(Engine.INTERPRETER)
                .withTimeout(Initializer.PROGRESS_INTERVAL.plusSeconds(2)).build();
        assertThrows(SnapshotException.class, () -> new WasmSnapshot(options, new SnapshotListener() {
            @Override
            public void progress(String message) {
                progress.add(message);
            }
        }).run(load("runaway")));
        assertEquals(List.of("still initializing (interpreted), 10 s so far"), progress);
    }

    @Test
    void stackSizesReadAsTheJvmReadsThem() {
        assertEquals(16L << 20, Sizes.parse("16m"));
        assertEquals(512L << 10, Sizes.parse("512K"));
        assertEquals(1L << 30, Sizes.parse("1g"));
        assertEquals(300_000, Sizes.parse("300000"));
        var e = assertThrows(IllegalArgumentException.class, () -> Sizes.parse("lots"));
        assertTrue(e.getMessage().startsWith("takes a size in bytes, or with k, m or g (8m), got 'lots'"));
    }
}
