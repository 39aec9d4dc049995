package io.github.wasmsnapshot.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.junit.jupiter.api.Test;

/** The POM configuration reaches the mojo's fields, through the plugin descriptor that the build generated. */
@MojoTest
class SnapshotMojoConfigurationTest {

    @Test
    @InjectMojo(goal = "snapshot", pom = "src/test/resources/unit/defaults/pom.xml")
    void defaults(SnapshotMojo mojo) {
        assertEquals(List.of("**/*.wasm"), mojo.includes);
        assertUnset(mojo.excludes);
        assertEquals("wizer-initialize", mojo.initFunction);
        assertUnset(mojo.renameFunctions);
        assertFalse(mojo.keepInitFunction);
        assertEquals(10_000, mojo.maxDataSegments);
        assertFalse(mojo.skip);
        assertNull(mojo.modules);
        assertTrue(mojo.inputDirectory.toPath().endsWith("src/main/wasm"), mojo.inputDirectory.toString());
    }

    @Test
    @InjectMojo(goal = "snapshot", pom = "src/test/resources/unit/configured/pom.xml")
    void everyParameter(SnapshotMojo mojo) {
        assertTrue(mojo.inputDirectory.toPath().endsWith("modules"), mojo.inputDirectory.toString());
        assertEquals(List.of("**/*.wasm", "extra/*.bin"), mojo.includes);
        assertEquals(List.of("broken/**"), mojo.excludes);
        assertTrue(mojo.outputDirectory.toPath().endsWith("out"), mojo.outputDirectory.toString());
        assertEquals("init", mojo.initFunction);
        assertEquals(List.of("main=run", "a=b"), mojo.renameFunctions);
        assertTrue(mojo.keepInitFunction);
        assertEquals(5, mojo.maxDataSegments);
        assertTrue(mojo.skip);

        assertEquals(2, mojo.modules.size());
        ModuleConfiguration one = mojo.modules.get(0);
        assertEquals(new File("other/one.wasm").toPath(), tail(one.input, 2));
        assertEquals(new File("out/renamed.wasm").toPath(), tail(one.output, 2));
        assertEquals("setup", one.initFunction);
        assertEquals(List.of("x=y"), one.renameFunctions);
        assertEquals(Boolean.FALSE, one.keepInitFunction);
        assertEquals(7, one.maxDataSegments);
        ModuleConfiguration two = mojo.modules.get(1);
        assertEquals(new File("modules/two.wasm").toPath(), tail(two.input, 2));
        assertNull(two.output);
        assertNull(two.initFunction);
        assertNull(two.renameFunctions);
        assertNull(two.keepInitFunction);
        assertNull(two.maxDataSegments);
    }

    /** Maven leaves a list without value or default null; the harness makes it empty. The mojo takes both as none. */
    private static void assertUnset(List<String> list) {
        assertTrue(list == null || list.isEmpty(), String.valueOf(list));
    }

    private static java.nio.file.Path tail(File file, int names) {
        java.nio.file.Path path = file.toPath();
        return path.subpath(path.getNameCount() - names, path.getNameCount());
    }
}
