package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.testing.Fixtures.call;
import static io.github.wasmsnapshot.testing.Fixtures.exportNames;
import static io.github.wasmsnapshot.testing.Fixtures.instantiate;
import static io.github.wasmsnapshot.testing.Fixtures.load;
import static io.github.wasmsnapshot.testing.Fixtures.options;
import static io.github.wasmsnapshot.testing.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.Instance;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The init function's export goes unless kept; renames. (README: "What pre-initialization does"). */
class ExportsTest {
    private static final byte[] INPUT = load("exports");

    @Test
    void theInitFunctionIsNoLongerExportedAndTheRestKeepTheirOrder() throws Exception {
        assertEquals(List.of("memory", "wizer-initialize", "_start", "main_initialized", "helper", "answer"),
                exportNames(INPUT));
        assertEquals(List.of("memory", "_start", "main_initialized", "helper", "answer"), exportNames(snapshot(INPUT)));
    }

    @Test
    void keepInitFunctionKeepsItsExport() throws Exception {
        byte[] output = snapshot(INPUT, options().withKeepInitFunction(true).build());

        assertEquals(exportNames(INPUT), exportNames(output));
        Instance instance = instantiate(output);
        assertEquals(42, call(instance, "main_initialized"));
        instance.export("wizer-initialize").apply();
        assertEquals(42, call(instance, "main_initialized"));
    }

    @Test
    void aRenameReplacesTheExportWithTheDestinationName() throws Exception {
        byte[] output = snapshot(INPUT, options().withRename(Rename.parse("_start=main_initialized")).build());

        assertEquals(List.of("memory", "_start", "helper", "answer"), exportNames(output));
        assertEquals(-1, call(instantiate(INPUT), "_start"));
        assertEquals(42, call(instantiate(output), "_start"));
    }

    @Test
    void aRenameToANewNameAndSeveralRenames() throws Exception {
        byte[] output = snapshot(INPUT, options()
                .withRename(Rename.parse("run=helper"))
                .withRename(Rename.parse("_start=main_initialized"))
                .build());

        assertEquals(List.of("memory", "_start", "run", "answer"), exportNames(output));
        assertEquals(7, call(instantiate(output), "run"));
    }

    @Test
    void twoRenamesToOneDestinationAreAnError() {
        var options = options().withRename(Rename.parse("x=helper")).withRename(Rename.parse("x=_start")).build();
        var e = assertThrows(SnapshotException.class, () -> snapshot(INPUT, options));
        assertTrue(e.getMessage().contains("`x`"), e.getMessage());
    }

    @Test
    void twoRenamesOfOneSourceAreAnError() {
        var options = options().withRename(Rename.parse("x=helper")).withRename(Rename.parse("y=helper")).build();
        var e = assertThrows(SnapshotException.class, () -> snapshot(INPUT, options));
        assertTrue(e.getMessage().contains("`helper`"), e.getMessage());
    }

    @Test
    void renamingAnExportThatIsNotAFunctionOrDoesNotExistIsAnError() {
        for (String source : new String[] {"memory", "nothing"}) {
            var options = options().withRename(Rename.parse("x=" + source)).build();
            var e = assertThrows(SnapshotException.class, () -> snapshot(INPUT, options));
            assertTrue(e.getMessage().contains("`" + source + "`"), e.getMessage());
        }
    }

    @Test
    void renameSpecificationsMustHaveBothNames() {
        for (String spec : new String[] {"x", "=x", "x=", ""}) {
            assertThrows(IllegalArgumentException.class, () -> Rename.parse(spec), spec);
        }
        assertEquals(new Rename("a", "b=c"), Rename.parse("a=b=c"));
    }
}
