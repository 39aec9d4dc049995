package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.testing.Fixtures.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.wasmsnapshot.core.binary.MalformedBinaryException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever the bytes, parsing and checking either accept the module or refuse it with a
 * SnapshotException: never another exception. (Only these stages: a corrupted init function may
 * well loop forever, as it would under wizer.)
 */
class MalformedInputTest {

    /** The offset of the export named {@code name} in the exports fixture: its kind byte follows. */
    private static int afterExportName(byte[] module, String name) {
        String encoded = (char) name.length() + name;
        for (int i = 0; i + encoded.length() < module.length; i++) {
            if (new String(module, i, encoded.length(), StandardCharsets.ISO_8859_1).equals(encoded)) {
                return i + encoded.length();
            }
        }
        throw new AssertionError("no export " + name);
    }

    @Test
    void anExportOfAFunctionThatDoesNotExistIsRefused() {
        byte[] module = load("exports");
        int kind = afterExportName(module, "helper");
        assertEquals(0, module[kind], "a function export");
        module[kind + 1] = 99;

        var e = assertThrows(SnapshotException.class, () -> ModuleParser.parse(module));
        assertEquals("invalid module: export `helper` refers to function 99, but the module has 4 functions",
                e.getMessage());
    }

    @Test
    void twoExportsWithOneNameAreRefused() {
        byte[] module = load("exports");
        int kind = afterExportName(module, "helper");
        System.arraycopy("_start".getBytes(StandardCharsets.ISO_8859_1), 0, module, kind - 6, 6);

        var e = assertThrows(SnapshotException.class, () -> ModuleParser.parse(module));
        assertEquals("invalid module: two exports are named `_start`", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"primes", "data", "globals", "memories", "exports", "import-uncalled", "start"})
    void corruptedModulesAreAcceptedOrRefusedWithASnapshotException(String fixture) {
        byte[] module = load(fixture);
        Random random = new Random(fixture.hashCode());
        for (int round = 0; round < 3000; round++) {
            byte[] corrupted;
            if (round % 3 == 0) {
                corrupted = Arrays.copyOf(module, 8 + random.nextInt(module.length - 8));
            } else {
                corrupted = module.clone();
                for (int changes = 1 + random.nextInt(3); changes > 0; changes--) {
                    corrupted[8 + random.nextInt(corrupted.length - 8)] = (byte) random.nextInt(256);
                }
            }
            try {
                ModuleChecker.check(ModuleParser.parse(corrupted), Optional.empty(), false, List.of());
            } catch (SnapshotException | MalformedBinaryException expected) {
                // refused, with a message for the user
            } catch (RuntimeException | Error e) {
                throw new AssertionError(fixture + " round " + round + ": " + e, e);
            }
        }
    }
}
