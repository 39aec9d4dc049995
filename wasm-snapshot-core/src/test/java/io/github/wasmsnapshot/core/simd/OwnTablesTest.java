package io.github.wasmsnapshot.core.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dylibso.chicory.runtime.Instance;
import io.github.wasmsnapshot.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Each instance starts with the tables its module declares, whatever another instance of it grew: engine
 * {@code auto} instantiates a module again when it switches to compiled code (see EnginesTest).
 */
class OwnTablesTest {
    @Test
    void aSecondInstanceStartsWithTheDeclaredTables() {
        SimdModule module = SimdModule.parse(Fixtures.load("tables"));
        Instance first = module.instanceBuilder().withStart(false).build();
        assertEquals(4, first.export("grow").apply(5)[0]);
        assertEquals(9, first.export("size").apply()[0]);

        Instance second = module.instanceBuilder().withStart(false).build();

        assertEquals(4, second.export("size").apply()[0]);
        assertEquals(9, first.export("size").apply()[0]);
    }
}
