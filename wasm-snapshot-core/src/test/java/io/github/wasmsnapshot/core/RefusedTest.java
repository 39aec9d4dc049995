package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.testing.Fixtures.load;
import static io.github.wasmsnapshot.testing.Fixtures.options;
import static io.github.wasmsnapshot.testing.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a snapshot cannot hold is refused: reference globals of other types before anything runs,
 * and what only the final state shows (non-null externrefs, a changed table of another type, a
 * function of a preload) after initialization. The modules use GC instructions (ref.i31,
 * extern.convert_any) to make non-null references without a host; wat2wasm cannot write those,
 * so they are written here by hand.
 */
class RefusedTest {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");
    private static final String HEADER_AND_TYPE = "00 61 73 6d 01 00 00 00 01 04 01 60 00 00 03 02 01 00";
    private static final String EXPORT_INIT = "07 14 01 10 77 69 7a 65 72 2d 69 6e 69 74 69 61 6c 69 7a 65 00 00";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // (global (mut anyref) (ref.null any)); the init function is `unreachable`, so it never ran
        "06 06 01 6e 01 d0 6e 0b | 0a 05 01 03 00 00 0b"
            + " | mutable global 0 has reference type (ref null any): only funcref and externref globals can be"
            + " snapshotted",
        // (global (mut externref) (ref.null extern)), set to (extern.convert_any (ref.i31 (i32.const 7)))
        "06 06 01 6f 01 d0 6f 0b | 0a 0c 01 0a 00 41 07 fb 1c fb 1b 24 00 0b"
            + " | mutable global 0 (externref) is not null after initialization: only a null externref can be"
            + " snapshotted",
        // (table 1 externref), entry 0 set to (extern.convert_any (ref.i31 (i32.const 7)))
        "04 04 01 6f 00 01 | 0a 0e 01 0c 00 41 00 41 07 fb 1c fb 1b 26 00 0b"
            + " | table 0 (externref) is not null at index 0 after initialization: only null externrefs can be"
            + " snapshotted",
        // (table 1 anyref), entry 0 set to (ref.i31 (i32.const 7))
        "04 04 01 6e 00 01 | 0a 0c 01 0a 00 41 00 41 07 fb 1c 26 00 0b"
            + " | table 0 of type (ref null any) was changed during initialization: only funcref and externref"
            + " tables can be snapshotted"})
    void referencesASnapshotCannotHoldAreRefused(String tableOrGlobal, String code, String expected) {
        // sections in their order: type, function, table or global, export, code
        byte[] module = HEX.parseHex(String.join(" ", HEADER_AND_TYPE, tableOrGlobal, EXPORT_INIT, code));

        var e = assertThrows(SnapshotException.class, () -> snapshot(module));
        assertEquals(expected, e.getMessage());
    }

    /** Chicory would take the preload's function 0 for the module's own function 0. */
    @Test
    void aFunctionReferenceFromAPreloadIsRefused(@TempDir Path dir) throws Exception {
        Path source = Files.write(dir.resolve("source.wasm"), load("funcref-source"));

        var e = assertThrows(SnapshotException.class, () -> snapshot(load("preload-funcref"),
                options().withPreload(new Preload("source", source)).build()));
        assertEquals("the init function `wizer-initialize` got a reference to function 0 of the preload from"
                + " `source.get`: a reference into another instance cannot be snapshotted", e.getMessage());
    }
}
