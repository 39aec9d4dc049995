package io.github.wasmsnapshot.core;

import java.util.ArrayList;
import java.util.List;

/**
 * What one attempt at an initialization says, kept until it turns out to be the attempt that counts: only then does
 * it reach the listener (once), in the order it was said. Progress is not kept: it is about now.
 */
final class Recorded implements SnapshotListener {
    private final SnapshotListener listener;
    private final List<Runnable> said = new ArrayList<>();

    Recorded(SnapshotListener listener) {
        this.listener = listener;
    }

    synchronized void replay() {
        said.forEach(Runnable::run);
        said.clear();
    }

    @Override
    public synchronized void debug(String message) {
        said.add(() -> listener.debug(message));
    }

    @Override
    public synchronized void info(String message) {
        said.add(() -> listener.info(message));
    }

    @Override
    public synchronized void warn(String message) {
        said.add(() -> listener.warn(message));
    }

    @Override
    public void progress(String message) {
        listener.progress(message);
    }

    @Override
    public synchronized void stdout(String line) {
        said.add(() -> listener.stdout(line));
    }

    @Override
    public synchronized void stderr(String line) {
        said.add(() -> listener.stderr(line));
    }
}
