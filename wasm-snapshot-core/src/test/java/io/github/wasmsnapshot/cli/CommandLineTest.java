package io.github.wasmsnapshot.cli;

import java.util.Map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wasmsnapshot.core.Rename;
import io.github.wasmsnapshot.core.SnapshotOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Wizer's spellings of the options, with a value after a space or an equals sign. */
class CommandLineTest {

    @Test
    void defaults() throws Exception {
        CommandLine command = CommandLine.parse(Map.of());

        assertNull(command.input());
        assertNull(command.output());
        assertEquals(SnapshotOptions.DEFAULT_INIT_FUNCTION, command.options().initFunction());
        assertFalse(command.options().keepInitFunction());
        assertEquals(SnapshotOptions.DEFAULT_MAX_DATA_SEGMENTS, command.options().maxDataSegments());
        assertEquals(List.of(), command.options().renames());
        assertFalse(command.verbose());
    }

    @Test
    void everyOptionInItsShortAndLongForms() throws Exception {
        CommandLine command = CommandLine.parse(Map.of(), "in.wasm", "-o", "out.wasm", "-f", "init", "-r", "_start=run",
                "--rename-func=main=go", "--keep-init-func", "--max-data-segments", "7", "--parallelism=3", "-v");

        assertEquals(Path.of("in.wasm"), command.input());
        assertEquals(Path.of("out.wasm"), command.output());
        assertEquals("init", command.options().initFunction());
        assertEquals(List.of(new Rename("_start", "run"), new Rename("main", "go")), command.options().renames());
        assertTrue(command.options().keepInitFunction());
        assertEquals(7, command.options().maxDataSegments());
        assertEquals(3, command.options().parallelism());
        assertTrue(command.verbose());
    }

    @Test
    void explicitBooleansAndDashes() throws Exception {
        CommandLine command = CommandLine.parse(Map.of(), "-", "--output=-", "--init-func=wizer.initialize",
                "--keep-init-func=false", "--verbose=false");

        assertNull(command.input());
        assertNull(command.output());
        assertEquals("wizer.initialize", command.options().initFunction());
        assertFalse(command.options().keepInitFunction());
        assertFalse(command.verbose());
    }
}
