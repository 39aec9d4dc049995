package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.testing.Fixtures.call;
import static io.github.wasmsnapshot.testing.Fixtures.initializedAtRuntime;
import static io.github.wasmsnapshot.testing.Fixtures.instantiate;
import static io.github.wasmsnapshot.testing.Fixtures.load;
import static io.github.wasmsnapshot.testing.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dylibso.chicory.runtime.Instance;
import org.junit.jupiter.api.Test;

/** The core pattern on a data structure spread over 65 pages: the output answers as the initialized original does. */
class HashTableTest {

    @Test
    void theOutputAnswersEveryLookupWithoutInitializing() throws Exception {
        byte[] input = load("hashtable");
        Instance original = initializedAtRuntime(input, "wizer-initialize");
        Instance initialized = instantiate(snapshot(input));

        assertEquals(20_000, call(initialized, "entries"));
        for (int i = 1; i <= 20_000; i += 37) {
            int key = i * 7 + 3;
            assertEquals(key * key, (int) call(original, "lookup", key), "key " + key);
            assertEquals(key * key, (int) call(initialized, "lookup", key), "key " + key);
            assertEquals(-1, (int) call(initialized, "lookup", key + 1), "absent key " + (key + 1));
        }
        int length = original.memory().pages() * Snapshotter.PAGE_SIZE;
        assertEquals(65, initialized.memory().pages());
        assertArrayEquals(original.memory().readBytes(0, length), initialized.memory().readBytes(0, length));
    }
}
