package io.github.wasmsnapshot.core;

/**
 * {@code random_get}'s bytes when entropy is deterministic: the outputs of SplitMix64 (Steele,
 * Lea and Flood, 2014) from the seed, each written little-endian, as one stream across calls.
 * Specified here rather than taken from {@code java.util.Random} so that it is the same on every JDK.
 */
final class SeededEntropy {
    private long state;
    private long word;
    private int bytesLeftInWord;

    SeededEntropy(long seed) {
        this.state = seed;
    }

    void fill(byte[] buffer) {
        for (int i = 0; i < buffer.length; i++) {
            if (bytesLeftInWord == 0) {
                word = next();
                bytesLeftInWord = Long.BYTES;
            }
            buffer[i] = (byte) word;
            word >>>= 8;
            bytesLeftInWord--;
        }
    }

    private long next() {
        long z = state += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
