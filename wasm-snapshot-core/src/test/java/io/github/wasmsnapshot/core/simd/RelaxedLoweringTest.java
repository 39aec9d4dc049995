package io.github.wasmsnapshot.core.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RelaxedLoweringTest {
    /** (func (export "f") (param v128 v128) (result v128) local.get 0 local.get 1 RELAXED_OPCODE) */
    private static byte[] module(String relaxedOpcode) {
        String body = "00" + "2000" + "2001" + relaxedOpcode + "0b";
        int bodySize = body.length() / 2;
        return HexFormat.of().parseHex("0061736d01000000" + "01070160027b7b017b" + "03020100" + "070501016600"
                + "00" + "0a" + hex(bodySize + 2) + "01" + hex(bodySize) + body);
    }

    private static String hex(int value) {
        return String.format("%02x", value);
    }

    @Test
    void aRelaxedSwizzleRunsAsSwizzleEvenWithItsOpcodePadded() {
        long[] a = {0x1110_0f0e_0d0c_0b0aL, 0x1918_1716_1514_1312L}; // bytes 10 to 25
        long[] selectors = {0x0102_0380_ff10_0f00L, 0x1f1e_1d1c_1b1a_0504L}; // 0 15 16 255 128 3 2 1 4 5 26..31
        long[] expected = {0x0b0c_0d00_0000_190aL, 0x0000_0000_0000_0f0eL};
        for (String opcode : new String[] {"fd8002", "fd808200", "fd80828000"}) {
            var instance = SimdModule.parse(module(opcode)).instanceBuilder().build();
            assertArrayEquals(expected, instance.export("f").apply(a[0], a[1], selectors[0], selectors[1]), opcode);
        }
    }

    @Test
    void aModuleWithoutRelaxedSimdIsLeftAsItIs() {
        byte[] swizzle = module("fd0e");
        assertSame(swizzle, RelaxedLowering.lower(swizzle).bytes());
    }
}
