package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.testing.Fixtures.load;
import static io.github.wasmsnapshot.testing.Fixtures.options;
import static io.github.wasmsnapshot.testing.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The output depends only on the input and the options: not on the thread count, nor on the run. */
class DeterminismTest {

    @ParameterizedTest
    @ValueSource(strings = {"primes", "memories", "sparse", "data", "globals", "hashtable"})
    void theOutputIsTheSameForAnyParallelismAndEveryRun(String fixture) throws Exception {
        byte[] input = load(fixture);
        byte[] copy = input.clone();
        byte[] reference = snapshot(input, options().withParallelism(1).build());

        for (int threads : new int[] {1, 2, 7}) {
            for (int run = 0; run < 2; run++) {
                assertArrayEquals(reference, snapshot(input, options().withParallelism(threads).build()),
                        threads + " threads, run " + run);
            }
        }
        assertArrayEquals(copy, input, "the input was modified");
    }
}
