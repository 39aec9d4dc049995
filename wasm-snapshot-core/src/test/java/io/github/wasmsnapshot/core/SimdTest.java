package io.github.wasmsnapshot.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dylibso.chicory.runtime.Instance;
import io.github.wasmsnapshot.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Initializers that use SIMD: their snapshots hold what a second engine computes, bit for bit. */
class SimdTest {

    /**
     * simd-families runs every SIMD instruction family, simd-relaxed every relaxed SIMD instruction; NAME.expected
     * is what Python's wasmtime (relaxed SIMD deterministic) computed from the same module (regenerate.sh).
     */
    @ParameterizedTest
    @ValueSource(strings = {"simd-families", "simd-relaxed"})
    void theSnapshotHoldsWhatWasmtimeComputes(String fixture) throws Exception {
        Instance snapshot = Fixtures.instantiate(Fixtures.snapshot(Fixtures.load(fixture)));

        int lines = 0;
        for (String line : expected(fixture).lines().toList()) {
            String[] words = line.split(" ");
            byte[] expected = HexFormat.of().parseHex(words[words.length - 1]);
            byte[] actual;
            if (words[0].equals("global")) {
                var global = snapshot.exports().global(words[1]);
                actual = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(global.getValueLow()).putLong(global.getValueHigh()).array();
            } else {
                actual = snapshot.memory().readBytes(Integer.parseInt(words[0]), 16);
            }
            assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(actual), fixture + ": " + line);
            lines++;
        }
        assertEquals(true, lines > 20, "too few expected values for " + fixture);
    }

    @Test
    void aMutableV128GlobalSetByTheInitIsSnapshottedBitForBit() throws Exception {
        byte[] output = Fixtures.snapshot(Fixtures.load("simd-bits"));

        var global = Fixtures.instantiate(output).exports().global("g");
        assertEquals(0xff80_0001_7fa0_0001L, global.getValueLow());
        assertEquals(0x8000_0000_ffff_ffffL, global.getValueHigh());
        // the output's global initializer is that v128.const (0xFD 0x0C and the 16 bytes, lane 0 first)
        byte[] constant = HexFormat.of().parseHex("fd0c" + "0100a07f" + "010080ff" + "ffffffff" + "00000080");
        assertEquals(true, indexOf(output, constant) >= 0, "v128.const with the global's bits in the output");
    }

    @Test
    void floatResultsThatAreNaNAreThePositiveCanonicalNaN() {
        Instance instance = Fixtures.instantiate(Fixtures.load("simd-bits"));

        assertArrayEquals(new long[] {0x7fc0_0000_7fc0_0000L, 0x7fc0_0000_7fc0_0000L},
                instance.export("f32x4-add-nan").apply());
        assertArrayEquals(new long[] {0x7ff8_0000_0000_0000L, 0x7ff8_0000_0000_0000L},
                instance.export("f64x2-sqrt-negative").apply());
        assertArrayEquals(new long[] {0x7fc0_0000_7fc0_0000L, 0},
                instance.export("f32x4-demote-nan").apply());
    }

    @Test
    void signOperationsAndPseudoMinimumMoveNaNBitsAsTheyAre() {
        Instance instance = Fixtures.instantiate(Fixtures.load("simd-bits"));

        assertArrayEquals(new long[] {0x7fa0_0001_ffa0_0001L, 0x0000_0000_8000_0000L},
                instance.export("f32x4-neg-nan").apply());
        assertArrayEquals(new long[] {0xffa0_0001_7fa0_0001L, 0x0000_0000_3f80_0000L},
                instance.export("f32x4-pmin-nan").apply());
    }

    /** simd/vectors.c, an initializer built by clang with -msimd128 (simd/build.sh). */
    @Test
    void aCInitializerBuiltWithSimd128AnswersAfterTheSnapshotAsAfterItsInit() throws Exception {
        byte[] original = resource("/simd/vectors.wasm");
        byte[] output = Fixtures.snapshot(original);

        Instance initialized = Fixtures.initializedAtRuntime(original, "wizer-initialize");
        Instance snapshot = Fixtures.instantiate(output);
        Instance uninitialized = Fixtures.instantiate(original);
        String[] readers = {"sum", "root", "saturated", "widened", "product"};
        int[] entries = {64, 16, 32, 32, 16};
        int differentFromUninitialized = 0;
        for (int r = 0; r < readers.length; r++) {
            for (int i = 0; i < entries[r]; i++) {
                long expected = Fixtures.call(initialized, readers[r], i);
                assertEquals(expected, Fixtures.call(snapshot, readers[r], i), readers[r] + "(" + i + ")");
                if (expected != Fixtures.call(uninitialized, readers[r], i)) {
                    differentFromUninitialized++;
                }
            }
        }
        assertEquals(true, differentFromUninitialized > 100, differentFromUninitialized + " values set by the init");
        assertEquals(Float.floatToIntBits((float) Math.sqrt(3) + 0.25f), (int) Fixtures.call(snapshot, "root", 0));
    }

    /** What wizer 11.0.3 made of simd/vectors.wasm (simd/build.sh with WIZER set). */
    @Test
    void theCInitializersSnapshotIsWizers() throws Exception {
        assertArrayEquals(Fixtures.load("wizer/simd-vectors"), Fixtures.snapshot(resource("/simd/vectors.wasm")));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SimdTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private static String expected(String fixture) throws IOException {
        try (InputStream in = SimdTest.class.getResourceAsStream("/fixtures/" + fixture + ".expected")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
