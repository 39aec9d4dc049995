package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.testing.Fixtures.call;
import static io.github.wasmsnapshot.testing.Fixtures.initializedAtRuntime;
import static io.github.wasmsnapshot.testing.Fixtures.instantiate;
import static io.github.wasmsnapshot.testing.Fixtures.load;
import static io.github.wasmsnapshot.testing.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.github.wasmsnapshot.testing.Sections;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Function imports may stay unresolved unless called; other imports are refused. (README: "What pre-initialization
 * does").
 */
class ImportsTest {

    @Test
    void callingAnImportDuringInitializationFailsNamingIt() {
        var e = assertThrows(SnapshotException.class, () -> snapshot(load("import-called")));
        assertTrue(e.getMessage().contains("`env.now`"), e.getMessage());
        assertTrue(e.getMessage().contains("`wizer-initialize`"), e.getMessage());
    }

    @Test
    void importsNotCalledDuringInitializationStayImported() throws Exception {
        byte[] module = load("import-uncalled");
        byte[] output = snapshot(module);

        assertArrayEquals(Sections.of(module).get(Sections.IMPORT).bytes(),
                Sections.of(output).get(Sections.IMPORT).bytes());

        List<Long> originalLog = new ArrayList<>();
        List<Long> outputLog = new ArrayList<>();
        Instance original = initializedAtRuntime(module, "wizer-initialize", imports(originalLog));
        Instance initialized = instantiate(output, imports(outputLog));

        long sumOfSquares = 0;
        for (int i = 0; i < 10; i++) {
            sumOfSquares += i * i;
        }
        assertEquals(sumOfSquares, call(original, "run", 10));
        assertEquals(sumOfSquares, call(initialized, "run", 10));
        assertEquals(originalLog, outputLog);
        assertEquals(List.of(9L, 81L), outputLog.subList(18, 20));
    }

    private static HostFunction[] imports(List<Long> log) {
        return new HostFunction[] {
            new HostFunction("env", "log", FunctionType.of(List.of(ValType.I32, ValType.I32), List.of()),
                    (instance, args) -> {
                        log.add(args[0]);
                        log.add(args[1]);
                        return null;
                    }),
            new HostFunction("wasi_snapshot_preview1", "proc_exit", FunctionType.of(List.of(ValType.I32), List.of()),
                    (instance, args) -> null)
        };
    }

    @ParameterizedTest
    @CsvSource({"import-memory, imported memory `env.memory`", "import-global, imported global `env.base`",
        "import-table, imported table `env.table`"})
    void importedMemoriesGlobalsAndTablesAreRefused(String fixture, String expected) {
        var e = assertThrows(SnapshotException.class, () -> snapshot(load(fixture)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("not supported"), e.getMessage());
    }
}
