package io.github.wasmsnapshot.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JVM that the command line and the Maven plugin start for their work: its options, its class archive, its end. */
class TunedJvmTest {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final List<String> LOGS = List.of("-Xlog:disable", "-Xlog:all=warning,cds*=off:stderr",
            "-XX:+DisplayVMOutputToStderr");

    @TempDir
    Path directory;

    @Test
    void noOptimizingCompilerNorParallelCollectorUnlessTheEngineIsTheInterpreter() {
        Path classes = directory.resolve("classes");
        for (Engine engine : List.of(Engine.AUTO, Engine.COMPILER)) {
            assertEquals(Stream.of(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), LOGS,
                    List.of("-Xmx1g", "-cp", classes.toString(), "Main")).flatMap(List::stream).toList(),
                    new TunedJvm(List.of(classes), "Main", engine, Optional.of(directory), List.of("-Xmx1g"))
                            .command());
        }
        assertEquals(Stream.of(List.of(JAVA), LOGS, List.of("-cp", classes.toString(), "Main"))
                .flatMap(List::stream).toList(),
                new TunedJvm(List.of(classes), "Main", Engine.INTERPRETER, Optional.of(directory), List.of())
                        .command(), "a directory on the class path: no archive");
    }

    @Test
    void theFirstRunDumpsTheClassArchiveAndTheNextOneLoadsFromIt() throws Exception {
        Path jar = jar("hello.jar");
        Path cache = directory.resolve("cache");

        try (TunedJvm first = new TunedJvm(List.of(jar), Hello.class.getName(), Engine.AUTO, Optional.of(cache),
                List.of())) {
            Process process = first.start(List.of(), ProcessBuilder.Redirect.PIPE);
            process.getOutputStream().close();
            assertEquals(0, process.waitFor());
        }
        List<Path> archives = list(cache.resolve("class-archives"));
        assertEquals(1, archives.size(), archives.toString());
        assertTrue(archives.get(0).getFileName().toString().matches("hello\\.jar-[0-9a-f]{1,8}\\.jsa"),
                archives.toString());

        try (TunedJvm next = new TunedJvm(List.of(jar), Hello.class.getName(), Engine.AUTO, Optional.of(cache),
                List.of("-Xlog:class+load=info:stdout"))) {
            assertTrue(next.command().contains("-XX:SharedArchiveFile=" + archives.get(0)), next.command().toString());
            Process process = next.start(List.of(), ProcessBuilder.Redirect.PIPE);
            process.getOutputStream().close();
            String loaded = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.waitFor());
            assertTrue(loaded.contains(Hello.class.getName() + " source: shared objects file (top)"), loaded);
        }
        assertEquals(archives, list(cache.resolve("class-archives")));

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 2000));
        TunedJvm rebuilt = new TunedJvm(List.of(jar), Hello.class.getName(), Engine.AUTO, Optional.of(cache),
                List.of());
        assertFalse(rebuilt.command().stream().anyMatch(option -> option.contains(archives.get(0).toString())),
                "a rebuilt jar gets an archive of its own: " + rebuilt.command());
    }

    @Test
    void noArchiveOfOursWhereTheOptionsGiveOneOrThereIsNoCache() throws Exception {
        Path jar = jar("hello.jar");
        assertEquals(List.of("-Xshare:off"), archiveOptions(new TunedJvm(List.of(jar), "Main", Engine.AUTO,
                Optional.of(directory), List.of("-Xshare:off"))));
        assertEquals(List.of("-XX:SharedArchiveFile=mine.jsa"), archiveOptions(new TunedJvm(List.of(jar), "Main",
                Engine.AUTO, Optional.of(directory), List.of("-XX:SharedArchiveFile=mine.jsa"))));
        assertEquals(List.of(), archiveOptions(new TunedJvm(List.of(jar), "Main", Engine.AUTO, Optional.empty(),
                List.of())));
        assertEquals(List.of(), archiveOptions(new TunedJvm(List.of(jar, directory), "Main", Engine.AUTO,
                Optional.of(directory), List.of())), "a directory on the class path");
    }

    @Test
    void closedWhileItRunsItIsStoppedAndWhatItDumpedIsDropped() throws Exception {
        Path jar = jar("hello.jar");
        Path cache = directory.resolve("cache");
        Process process;
        try (TunedJvm jvm = new TunedJvm(List.of(jar), Hello.class.getName(), Engine.AUTO, Optional.of(cache),
                List.of())) {
            process = jvm.start(List.of("wait"), ProcessBuilder.Redirect.PIPE);
            assertEquals('w', process.getInputStream().read(), "it runs");
        }
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "stopped");
        // JDK 19 and later write their archive themselves, at exit; JDK 17 dumps into a file of ours.
        if (Runtime.version().feature() < 19) {
            for (int tries = 0; tries < 100 && !list(cache.resolve("class-archives")).isEmpty(); tries++) {
                Thread.sleep(50);
            }
            assertEquals(List.of(), list(cache.resolve("class-archives")), "neither an archive nor a dump left");
        }
    }

    private static List<String> archiveOptions(TunedJvm jvm) {
        return jvm.command().stream().filter(option -> option.contains("Archive") || option.startsWith("-Xshare"))
                .toList();
    }

    /** A jar with {@link Hello} in it. */
    private Path jar(String name) throws IOException {
        Path jar = directory.resolve(name);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        String entry = Hello.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                InputStream in = Hello.class.getResourceAsStream("/" + entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
        }
        return jar;
    }

    private static List<Path> list(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }

    /** The child's main class: says hello, or with {@code wait}, says {@code w} and waits for its stdin to end. */
    public static final class Hello {
        public static void main(String[] args) throws IOException {
            if (args.length > 0) {
                OutputStream out = System.out;
                out.write('w');
                out.flush();
                System.in.read();
            }
        }
    }
}
