package io.github.wasmsnapshot.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wasmsnapshot.core.ClockStartDefault;
import io.github.wasmsnapshot.core.MappedDirectory;
import io.github.wasmsnapshot.core.Preload;
import io.github.wasmsnapshot.core.Rename;
import io.github.wasmsnapshot.core.SnapshotOption;
import io.github.wasmsnapshot.core.SnapshotOptions;
import io.github.wasmsnapshot.core.WasiConfig;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The POM configuration reaches the mojo's fields, through the plugin descriptor that the build generated. */
@MojoTest
class SnapshotMojoConfigurationTest {

    @Test
    @InjectMojo(goal = "snapshot", pom = "src/test/resources/unit/defaults/pom.xml")
    void defaults(SnapshotMojo mojo) throws Exception {
        assertEquals(List.of("**/*.wasm"), mojo.includes);
        assertUnset(mojo.excludes);
        assertEquals("wizer-initialize", mojo.initFunction);
        assertUnset(mojo.renameFunctions);
        assertEquals("false", mojo.keepInitFunction);
        assertEquals("10000", mojo.maxDataSegments);
        assertFalse(mojo.skip);
        assertTrue(mojo.fork, "each module in a JVM of its own");
        assertNull(mojo.modules);
        assertTrue(mojo.inputDirectory.toPath().endsWith("src/main/wasm"), mojo.inputDirectory.toString());

        assertUnset(mojo.preloads);
        assertEquals("false", mojo.allowWasi);
        assertEquals("0", mojo.wasiRandomSeed);
        assertNull(mojo.wasiClockStart);
        assertEquals("false", mojo.wasiRealEntropyAndClock);
        assertTrue(mojo.environment == null || mojo.environment.isEmpty(), String.valueOf(mojo.environment));
        assertEquals("false", mojo.inheritEnvironment);
        assertUnset(mojo.wasiArguments);
        assertUnset(mojo.directories);
        assertUnset(mojo.mappedDirectories);
        assertNull(mojo.outputTimestamp);

        SnapshotOptions options = ParameterValues.read(mojo).resolve(Path.of("/p"), ClockStartDefault.NONE);
        assertEquals(Optional.empty(), options.initFunction(), "the default, with wizer's older default as fallback");
        assertEquals(Optional.empty(), options.wasi());
    }

    @Test
    @InjectMojo(goal = "snapshot", pom = "src/test/resources/unit/configured/pom.xml")
    void everyParameter(SnapshotMojo mojo) throws Exception {
        assertTrue(mojo.inputDirectory.toPath().endsWith("modules"), mojo.inputDirectory.toString());
        assertEquals(List.of("**/*.wasm", "extra/*.bin"), mojo.includes);
        assertEquals(List.of("broken/**"), mojo.excludes);
        assertTrue(mojo.outputDirectory.toPath().endsWith("out"), mojo.outputDirectory.toString());
        assertEquals("init", mojo.initFunction);
        assertEquals(List.of("main=run", "a=b"), mojo.renameFunctions);
        assertEquals("true", mojo.keepInitFunction);
        assertEquals("5", mojo.maxDataSegments);
        assertTrue(mojo.skip);
        assertFalse(mojo.fork);
        assertEquals(List.of("helper=lib/helper.wasm"), mojo.preloads);
        assertEquals("true", mojo.allowWasi);
        assertEquals("-7", mojo.wasiRandomSeed);
        assertEquals("2024-01-01T00:00:00Z", mojo.wasiClockStart);
        assertEquals("true", mojo.wasiRealEntropyAndClock);
        assertEquals(Map.of("ZED", "last", "ALPHA", "first"), mojo.environment);
        assertEquals("true", mojo.inheritEnvironment);
        assertEquals(List.of("prog", "--flag"), mojo.wasiArguments);
        assertEquals(List.of("data"), mojo.directories);
        assertEquals(List.of("/assets::src/main/assets"), mojo.mappedDirectories);

        SnapshotOptions options = ParameterValues.read(mojo).resolve(Path.of("/p"), ClockStartDefault.NONE);
        assertEquals(Optional.of("init"), options.initFunction());
        assertEquals(List.of(new Rename("main", "run"), new Rename("a", "b")), options.renames());
        assertTrue(options.keepInitFunction());
        assertEquals(5, options.maxDataSegments());
        assertEquals(List.of(new Preload("helper", Path.of("/p/lib/helper.wasm"))), options.preloads());
        WasiConfig wasi = options.wasi().orElseThrow();
        assertEquals(-7, wasi.randomSeed());
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), wasi.clockStart());
        assertTrue(wasi.realEntropyAndClock());
        assertEquals(List.of("ALPHA", "ZED"), List.copyOf(wasi.environment().keySet()), "sorted by name");
        assertTrue(wasi.inheritEnvironment());
        assertEquals(List.of("prog", "--flag"), wasi.arguments());
        assertEquals(List.of(new MappedDirectory("data", Path.of("/p/data")),
                new MappedDirectory("/assets", Path.of("/p/src/main/assets"))), wasi.directories());

        assertEquals(2, mojo.modules.size());
        ModuleConfiguration one = mojo.modules.get(0);
        assertEquals(new File("other/one.wasm").toPath(), tail(one.input, 2));
        assertEquals(new File("out/renamed.wasm").toPath(), tail(one.output, 2));
        assertEquals("setup", one.initFunction);
        assertEquals(List.of("x=y"), one.renameFunctions);
        assertEquals("false", one.keepInitFunction);
        assertEquals("7", one.maxDataSegments);
        assertEquals(List.of("other=lib/other.wasm"), one.preloads);
        assertEquals("false", one.allowWasi);
        ModuleConfiguration two = mojo.modules.get(1);
        assertEquals(new File("modules/two.wasm").toPath(), tail(two.input, 2));
        assertNull(two.output);
        assertNull(two.initFunction);
        assertNull(two.renameFunctions);
        assertNull(two.keepInitFunction);
        assertNull(two.maxDataSegments);
        assertNull(two.preloads);
        assertNull(two.allowWasi);
    }

    /**
     * Every snapshot option is a parameter named as the option says, with the option's default; every parameter that
     * makes sense on the command line has the user property {@code wasm-snapshot.NAME}.
     */
    @Test
    void parametersOfTheDescriptor() throws Exception {
        Map<String, Element> parameters = new HashMap<>();
        List<String> names = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/maven/plugin.xml")) {
            Document descriptor = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
            NodeList mojos = descriptor.getElementsByTagName("mojo");
            for (int m = 0; m < mojos.getLength(); m++) {
                Element mojo = (Element) mojos.item(m);
                if (mojo.getElementsByTagName("goal").item(0).getTextContent().equals("snapshot")) {
                    NodeList declared = ((Element) mojo.getElementsByTagName("parameters").item(0))
                            .getElementsByTagName("name");
                    for (int i = 0; i < declared.getLength(); i++) {
                        names.add(declared.item(i).getTextContent());
                    }
                    NodeList configuration = mojo.getElementsByTagName("configuration").item(0).getChildNodes();
                    for (int i = 0; i < configuration.getLength(); i++) {
                        if (configuration.item(i) instanceof Element parameter) {
                            parameters.put(parameter.getTagName(), parameter);
                        }
                    }
                }
            }
        }
        Map<String, String> expressions = new HashMap<>();
        parameters.forEach((name, parameter) -> expressions.put(name, parameter.getTextContent()));
        for (SnapshotOption option : SnapshotOption.values()) {
            if (option.parameter() != null) {
                assertTrue(names.contains(option.parameter()), option.toString());
                Element parameter = parameters.get(option.parameter());
                String defaultValue = parameter == null ? "" : parameter.getAttribute("default-value");
                assertEquals(option.pluginDefaultValue() == null ? "" : option.pluginDefaultValue(), defaultValue,
                        option.toString());
            }
        }
        for (String name : List.of("inputDirectory", "includes", "excludes", "outputDirectory", "initFunction",
                "renameFunctions", "keepInitFunction", "maxDataSegments", "skip", "preloads", "allowWasi",
                "wasiRandomSeed", "wasiClockStart", "wasiRealEntropyAndClock", "inheritEnvironment", "wasiArguments",
                "directories", "mappedDirectories", "timeout", "stackSize", "engine", "cacheDirectory", "fork")) {
            assertEquals("${wasm-snapshot." + name + "}", expressions.get(name), name);
        }
        assertNull(expressions.get("environment"), "a map has no user property");
        assertEquals("${project.build.outputTimestamp}", parameters.get("outputTimestamp")
                .getAttribute("default-value"));
    }

    /** Maven leaves a list without value or default null; the harness makes it empty. The mojo takes both as none. */
    private static void assertUnset(List<String> list) {
        assertTrue(list == null || list.isEmpty(), String.valueOf(list));
    }

    private static Path tail(File file, int names) {
        Path path = file.toPath();
        return path.subpath(path.getNameCount() - names, path.getNameCount());
    }
}
