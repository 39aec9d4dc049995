package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.testing.Fixtures.load;
import static io.github.wasmsnapshot.testing.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Point 5: what a snapshot of memories and globals cannot hold is refused before anything runs. */
class RefusedTest {
    private static final Pattern OFFSET = Pattern.compile("at byte offset (\\d+)");

    /** The helper using the instruction is never called: the module is refused up front. */
    @ParameterizedTest
    @CsvSource({
        "table-set,  table.set,  set_slot,     0x26,",
        "table-grow, table.grow, grow_table,   0xFC, 15",
        "table-fill, table.fill, clear_table,  0xFC, 17",
        "table-copy, table.copy, copy_slots,   0xFC, 14",
        "table-init, table.init, load_slots,   0xFC, 12",
        "elem-drop,  elem.drop,  forget_elems, 0xFC, 13",
        "data-drop,  data.drop,  forget_data,  0xFC, 9"})
    void unsnapshottableInstructionsAreRefusedNamingTheInstructionTheFunctionAndTheOffset(
            String fixture, String instruction, String function, String opcode, Integer subOpcode) {
        byte[] module = load("refused-" + fixture);
        var e = assertThrows(SnapshotException.class, () -> snapshot(module));
        String message = e.getMessage();

        assertTrue(message.contains("unsupported instruction " + instruction + " "), message);
        assertTrue(message.contains("($" + function + ")"), message);
        var offset = OFFSET.matcher(message);
        assertTrue(offset.find(), message);
        int at = Integer.parseInt(offset.group(1));
        assertEquals(Integer.decode(opcode), module[at] & 0xFF, "the byte at the reported offset " + at);
        if (subOpcode != null) {
            assertEquals(subOpcode, module[at + 1] & 0xFF, "the sub-opcode after the reported offset " + at);
        }
    }

    @Test
    void mutableGlobalsOfReferenceTypeAreRefused() {
        var e = assertThrows(SnapshotException.class, () -> snapshot(load("refused-mutable-funcref-global")));
        assertTrue(e.getMessage().contains("mutable global 0"), e.getMessage());
        assertTrue(e.getMessage().contains("reference type (ref null func)"), e.getMessage());
    }
}
