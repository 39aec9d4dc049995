package io.github.wasmsnapshot.maven;

import io.github.wasmsnapshot.core.SnapshotException;
import java.io.IOException;
import java.util.Optional;

/**
 * Why a module failed, in the one line the build shows, whether it failed in Maven's JVM or in its own: the core's
 * messages as they are, out of heap with the setting to raise, anything else as a bug of ours. No Maven classes here:
 * the forked JVM words its failures with it too.
 */
final class FailureReason {
    private FailureReason() {}

    static String of(Throwable e) {
        if (e instanceof SnapshotException || e instanceof IOException) {
            // an I/O error may have no message of its own (EOFException): then its name says it
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
        Optional<SnapshotException> outOfHeap = SnapshotException.outOfHeapIn(e);
        if (outOfHeap.isPresent()) {
            return outOfHeap.get().getMessage();
        }
        return "failed unexpectedly: " + e + " (run Maven with -e for the stack trace)";
    }
}
