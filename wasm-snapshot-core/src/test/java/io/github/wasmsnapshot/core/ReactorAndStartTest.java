package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.testing.Fixtures.call;
import static io.github.wasmsnapshot.testing.Fixtures.exportNames;
import static io.github.wasmsnapshot.testing.Fixtures.instantiate;
import static io.github.wasmsnapshot.testing.Fixtures.load;
import static io.github.wasmsnapshot.testing.Fixtures.options;
import static io.github.wasmsnapshot.testing.Fixtures.parse;
import static io.github.wasmsnapshot.testing.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.Instance;
import io.github.wasmsnapshot.testing.Sections;
import org.junit.jupiter.api.Test;

/** Points 2 and 3: a WASI reactor's `_initialize`, and the start function. */
class ReactorAndStartTest {

    @Test
    void reactorInitializeRunsOnceBeforeTheInitFunction() throws Exception {
        byte[] reactor = load("reactor");
        Instance original = instantiate(reactor);
        original.export("_initialize").apply();
        original.export("wizer-initialize").apply();

        Instance output = instantiate(snapshot(reactor));

        // the trace's digits are the calls in order: 1 = `_initialize`, 2 = the init function
        assertEquals(12, call(original, "trace"));
        assertEquals(12, call(output, "trace"));
        assertEquals(1, call(output, "reactor_calls"));
    }

    @Test
    void reactorInitializeAsTheInitFunctionRunsOnce() throws Exception {
        Instance output = instantiate(snapshot(load("reactor"), options().withInitFunction("_initialize").build()));

        assertEquals(1, call(output, "trace"));
        assertEquals(1, call(output, "reactor_calls"));
    }

    @Test
    void reactorInitializeIsNotExportedFromTheOutput() throws Exception {
        assertTrue(exportNames(load("reactor")).contains("_initialize"));
        for (var options : new SnapshotOptions[] {
            SnapshotOptions.defaults(),
            options().withKeepInitFunction(true).build(),
            options().withInitFunction("_initialize").withKeepInitFunction(true).build()}) {
            var names = exportNames(snapshot(load("reactor"), options));
            assertFalse(names.contains("_initialize"), names.toString());
            assertTrue(names.contains("trace"), names.toString());
        }
    }

    @Test
    void aReactorInitializeWithTheWrongTypeIsRefused() {
        var e = assertThrows(SnapshotException.class, () -> snapshot(load("reactor-mistyped")));
        assertTrue(e.getMessage().contains("`_initialize`"), e.getMessage());
        assertTrue(e.getMessage().contains("[] -> []"), e.getMessage());
    }

    @Test
    void theStartFunctionRunsOnceUnderscoreStartNeverAndTheOutputHasNoStartSection() throws Exception {
        byte[] start = load("start");
        assertTrue(parse(start).startSection().isPresent());
        Instance original = instantiate(start);
        original.export("wizer-initialize").apply();

        byte[] snapshot = snapshot(start);
        Instance output = instantiate(snapshot);

        assertFalse(parse(snapshot).startSection().isPresent());
        assertFalse(Sections.of(snapshot).has(Sections.START));
        for (Instance instance : new Instance[] {original, output}) {
            assertEquals(1, call(instance, "starts"));
            assertEquals(0xCAFE, call(instance, "load", 16));
            assertEquals(0xCAFE * 2 + 1, call(instance, "load", 32));
        }
        assertTrue(exportNames(snapshot).contains("_start"));
    }
}
