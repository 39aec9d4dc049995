package io.github.wasmsnapshot.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.wasmsnapshot.core.SnapshotException;
import java.io.EOFException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The one line of a failed module, in Maven's JVM or in its own. */
class FailureReasonTest {
    @Test
    void theCoresMessagesAsTheyAre() {
        assertEquals("the init function `init` trapped", FailureReason.of(new SnapshotException(
                "the init function `init` trapped", new IllegalStateException("underneath"))));
        assertEquals("/p/in.wasm: no such file", FailureReason.of(new IOException("/p/in.wasm: no such file")));
    }

    @Test
    void anIoErrorWithoutAMessageByItsName() {
        assertEquals("java.io.EOFException", FailureReason.of(new EOFException()));
    }

    @Test
    void outOfHeapWithTheSettingToRaise() {
        assertEquals(SnapshotException.outOfHeap("", new OutOfMemoryError("Java heap space")).getMessage(),
                FailureReason.of(new OutOfMemoryError("Java heap space")));
    }

    @Test
    void outOfHeapAsTheCauseOfAnotherError() {
        OutOfMemoryError outOfHeap = new OutOfMemoryError("Java heap space");
        assertEquals(SnapshotException.outOfHeap("", outOfHeap).getMessage(),
                FailureReason.of(new InternalError(outOfHeap)));
    }

    @Test
    void anythingElseIsABugOfOurs() {
        assertEquals("failed unexpectedly: java.lang.IllegalStateException: boom (run Maven with -e for the stack"
                + " trace)", FailureReason.of(new IllegalStateException("boom")));
    }
}
