package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.testing.Fixtures.load;
import static io.github.wasmsnapshot.testing.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.wasmsnapshot.core.binary.ModuleBinary;
import io.github.wasmsnapshot.core.binary.Section;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where two modules first differ, as the verify goal and --check say it. */
class DifferenceTest {
    @Test
    void equalBytesHaveNoDifference() throws Exception {
        byte[] module = snapshot(load("counter"));
        assertEquals(Optional.empty(), Difference.between(module, module.clone()));
    }

    @Test
    void aDifferenceIsNamedByOffsetAndSection() throws Exception {
        byte[] module = snapshot(load("counter"));
        Section data = ModuleBinary.read(module).section(Section.DATA).orElseThrow();
        byte[] flipped = module.clone();
        flipped[data.end() - 1] ^= 1;

        assertEquals(Optional.of("at byte offset " + (data.end() - 1) + ", in the data section at byte offset "
                + data.start() + " (it ends at byte offset " + data.end() + ")"), Difference.between(module, flipped));
        byte[] header = module.clone();
        header[5] = 9;
        assertEquals(Optional.of("at byte offset 5, in the header"), Difference.between(module, header));
    }

    @Test
    void aShorterModuleIsNamedWhereItEnds() throws Exception {
        byte[] module = snapshot(load("counter"));
        assertEquals(Optional.of("at byte offset 20, where the other module ends (20 bytes, the expected one has "
                + module.length + ")"), Difference.between(module, Arrays.copyOf(module, 20)));
    }
}
