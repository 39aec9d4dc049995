package io.github.wasmsnapshot.maven;

import io.github.wasmsnapshot.core.SnapshotException;
import java.io.IOException;

/**
 * Why a module failed, in the one line the build shows, whether it failed in Maven's JVM or in its own: the core's
 * messages as they are, out of heap with the setting to raise, anything else as a bug of ours. No Maven classes here:
 * the forked JVM words its failures with it too.
 */
final class FailureReason {
    /** How deep a chain of causes is searched for running out of heap. */
    private static final int MAX_CAUSES = 16;

    private FailureReason() {}

    static String of(Throwable e) {
        if (e instanceof SnapshotException || e instanceof IOException) {
            // an I/O error may have no message of its own (EOFException): then its name says it
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
        // also as the cause of another error: linking a lambda or loading a class, a fresh JVM may need heap too
        Throwable cause = e;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryError outOfHeap) {
                return SnapshotException.outOfHeap("", outOfHeap).getMessage();
            }
        }
        return "failed unexpectedly: " + e + " (run Maven with -e for the stack trace)";
    }
}
