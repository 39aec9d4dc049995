package io.github.wasmsnapshot.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.wasmsnapshot.core.Engine;
import io.github.wasmsnapshot.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our output, byte for byte, against what wizer itself made of the same fixture with the same options
 * (fixtures/wizer, listed in cases.txt), on every engine.
 */
class WizerParityTest {
    @TempDir
    Path dir;

    static Stream<Arguments> cases() throws IOException {
        try (InputStream in = WizerParityTest.class.getResourceAsStream("/fixtures/wizer/cases.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.startsWith("#") && !line.isBlank())
                    .flatMap(line -> Stream.of(Engine.values()).map(engine -> Arguments.of(line, engine)))
                    .toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void theOutputIsWizers(String line, Engine engine) throws Exception {
        List<String> words = Arrays.asList(line.trim().split("\\s+"));
        String name = words.get(0);
        Path input = Files.write(dir.resolve("in.wasm"), Fixtures.load(words.get(1)));
        Path output = dir.resolve("out.wasm");
        List<String> args = new ArrayList<>(List.of(input.toString(), "-o", output.toString(), "--engine",
                engine.toString(), "--cache-dir", "none"));
        args.addAll(words.subList(2, words.size()));
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        int status = new Main(InputStream.nullInputStream(), new ByteArrayOutputStream(),
                new PrintStream(stderr, true, StandardCharsets.UTF_8)).run(args.toArray(String[]::new));

        assertEquals(Main.OK, status, stderr.toString(StandardCharsets.UTF_8));
        byte[] ours = Files.readAllBytes(output);
        byte[] wizers = Fixtures.load("wizer/" + name);
        assertArrayEquals(wizers, ours);
    }
}
