package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.testing.Fixtures.call;
import static io.github.wasmsnapshot.testing.Fixtures.initializedAtRuntime;
import static io.github.wasmsnapshot.testing.Fixtures.instantiate;
import static io.github.wasmsnapshot.testing.Fixtures.load;
import static io.github.wasmsnapshot.testing.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dylibso.chicory.runtime.Instance;
import io.github.wasmsnapshot.testing.Sections;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mutable globals' final values become their initializers, bit for bit; immutable ones are copied. (README:
 * "What pre-initialization does").
 */
class GlobalsTest {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");
    private static final int F32_SIGNALLING_NAN = 0x7fa00001;
    private static final long F64_NAN_WITH_PAYLOAD = 0xfff8000000000123L;

    private static byte[] input;
    private static byte[] output;

    @BeforeAll
    static void snapshotTheFixture() throws Exception {
        input = load("globals");
        output = snapshot(input);
    }

    @Test
    void everyMutableGlobalHoldsItsFinalValueWithoutTheInitFunction() {
        Instance original = initializedAtRuntime(input, "wizer-initialize");
        Instance initialized = instantiate(output);

        for (Instance instance : new Instance[] {original, initialized}) {
            assertEquals(Integer.MIN_VALUE, (int) call(instance, "i32_value"));
            assertEquals(0x8000000000000001L, call(instance, "i64_value"));
            assertEquals(F32_SIGNALLING_NAN, (int) call(instance, "f32_bits"));
            assertEquals(F64_NAN_WITH_PAYLOAD, call(instance, "f64_bits"));
            assertEquals(0x0706050403020100L, instance.exports().global("v128").getValueLow());
            assertEquals(0x0f0e0d0c0b0a0908L, instance.exports().global("v128").getValueHigh());
            assertEquals(77, instance.exports().global("untouched").getValue());
            assertEquals(42, instance.exports().global("k_sum").getValue());
        }
    }

    /** Checked on the encoding as well, so that no engine's handling of NaNs can hide a change of bits. */
    @Test
    void mutableGlobalsAreEncodedBitExact() {
        List<byte[]> globals = globalEntries(output);

        assertEncoded("7f 01 41 80 80 80 80 78 0b", globals.get(0));
        assertEncoded("7e 01 42 81 80 80 80 80 80 80 80 80 7f 0b", globals.get(1));
        assertEncoded("7d 01 43 01 00 a0 7f 0b", globals.get(2));
        assertEncoded("7c 01 44 23 01 00 00 00 00 f8 ff 0b", globals.get(3));
        assertEncoded("7b 01 fd 0c 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 0b", globals.get(4));
    }

    @Test
    void immutableGlobalsAreCopiedByteForByte() {
        List<byte[]> before = globalEntries(input);
        List<byte[]> after = globalEntries(output);

        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            if (before.get(i)[1] == 0) {
                assertArrayEquals(before.get(i), after.get(i), "immutable global " + i);
            }
        }
        // the extended-const one is kept as an expression, not folded to its value
        assertEncoded("7f 00 41 28 41 02 6a 0b", after.get(9));
    }

    /**
     * wat2wasm writes minimal LEB128s, so a re-encoding would look like a copy. This module,
     * written by hand, pads them: the immutable global's {@code i32.const 5} as five bytes.
     */
    @Test
    void immutableGlobalsKeepEvenTheirPaddedEncodings() throws Exception {
        byte[] module = HEX.parseHex(String.join(" ",
                "00 61 73 6d 01 00 00 00",
                "01 04 01 60 00 00", // type 0: [] -> []
                "03 02 01 00", // function 0: type 0
                "06 13 02", // two globals:
                "7f 01 41 80 80 80 80 00 0b", // (mut i32) (i32.const 0), padded
                "7f 00 41 85 80 80 80 00 0b", // i32 (i32.const 5), padded
                "07 14 01 10 77 69 7a 65 72 2d 69 6e 69 74 69 61 6c 69 7a 65 00 00", // export "wizer-initialize"
                "0a 0b 01 09 00 23 01 41 02 6a 24 00 0b")); // global.set 0 (global.get 1 + 2)
        byte[] output = snapshot(module);

        assertEncoded("7f 00 41 85 80 80 80 00 0b", globalEntries(output).get(1));
        assertEncoded("7f 01 41 07 0b", globalEntries(output).get(0));
    }

    private static void assertEncoded(String expected, byte[] actual) {
        assertEquals(expected, HEX.formatHex(actual));
    }

    /** The global section's entries (type, mutability, initializer expression), each as its bytes. */
    static List<byte[]> globalEntries(byte[] module) {
        byte[] payload = Sections.of(module).get(Sections.GLOBAL).payload();
        int[] position = {0};
        long count = Sections.leb(payload, position);
        List<byte[]> entries = new ArrayList<>();
        for (long g = 0; g < count; g++) {
            int start = position[0];
            position[0] += 2; // a number or vector type, then the mutability
            skipConstantExpression(payload, position);
            entries.add(Arrays.copyOfRange(payload, start, position[0]));
        }
        return entries;
    }

    /** The constant instructions the fixtures use. */
    private static void skipConstantExpression(byte[] bytes, int[] position) {
        while (true) {
            int opcode = bytes[position[0]++] & 0xFF;
            switch (opcode) {
                case 0x0B -> {
                    return;
                }
                case 0x41, 0x42 -> Sections.leb(bytes, position);
                case 0x43 -> position[0] += 4;
                case 0x44 -> position[0] += 8;
                case 0xFD -> {
                    assertEquals(12, Sections.leb(bytes, position), "v128.const");
                    position[0] += 16;
                }
                case 0x6A, 0x6B, 0x6C, 0x7C, 0x7D, 0x7E -> { }
                default -> throw new AssertionError("unexpected opcode in a constant expression: " + opcode);
            }
        }
    }
}
