package io.github.wasmsnapshot.examples.aot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExportSection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The compiled module as the jar ships it: its state is the one the initializer built during the build, and nothing
 * initializes it at run time (it no longer exports its init function).
 */
class CompiledCrc32Test {
    @Test
    void theTableIsInMemoryBeforeAnythingRuns() {
        Instance instance = Crc32.instance();
        // Entries 1 and 255 of the CRC-32 table; the uninitialized module's memory is all zeros.
        assertEquals(0x77073096, instance.memory().readInt(4));
        assertEquals(0x2D02EF8D, instance.memory().readInt(255 * 4));
    }

    @Test
    void checksumsAreJavasCrc32() {
        assertEquals(0xCBF43926L, new Crc32().checksum("123456789".getBytes(StandardCharsets.US_ASCII)));

        byte[] data = new byte[3 * Crc32.CHUNK + 12345];
        new Random(7).nextBytes(data);
        CRC32 expected = new CRC32();
        expected.update(data);
        assertEquals(expected.getValue(), new Crc32().checksum(data));
    }

    @Test
    void theInitFunctionIsNoLongerExported() {
        ExportSection exports = Crc32Module.load().exportSection();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < exports.exportCount(); i++) {
            names.add(exports.getExport(i).name());
        }
        assertEquals(List.of("memory", "update"), names);
    }

    @Test
    void theCodeRunsAsCompiledClasses() {
        // The packaged module keeps the state but not the code: its function bodies are `unreachable`, so only the
        // compiled classes can run it, and the tests above ran them.
        WasmModule packaged = Crc32Module.load();
        Instance interpreted = Instance.builder(packaged).build();
        assertThrows(TrapException.class, () -> interpreted.export("update").apply(0, Crc32.BUFFER, 1));
    }
}
