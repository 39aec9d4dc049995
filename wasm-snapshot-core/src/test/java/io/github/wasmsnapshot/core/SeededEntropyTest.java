package io.github.wasmsnapshot.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SeededEntropyTest {
    @Test
    void theStreamIsSplitMix64LittleEndian() {
        byte[] bytes = new byte[16];
        new SeededEntropy(0).fill(bytes);
        // SplitMix64 from seed 0: 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4.
        assertArrayEquals(HexFormat.of().parseHex("afcd1d7b39a820e2f465b9a16a9e786e"), bytes);
    }

    @Test
    void callsContinueOneStream() {
        byte[] whole = new byte[21];
        new SeededEntropy(-7).fill(whole);
        SeededEntropy pieces = new SeededEntropy(-7);
        byte[] joined = new byte[21];
        int at = 0;
        for (int size : new int[] {3, 0, 9, 1, 8}) {
            byte[] piece = new byte[size];
            pieces.fill(piece);
            System.arraycopy(piece, 0, joined, at, size);
            at += size;
        }
        assertArrayEquals(whole, joined);
    }
}
