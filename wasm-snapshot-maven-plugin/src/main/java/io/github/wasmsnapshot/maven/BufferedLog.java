package io.github.wasmsnapshot.maven;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.logging.Log;

/**
 * What one module has to say, kept until it is its turn: modules run in parallel, but their lines reach the build
 * log in input order, each module's together.
 */
final class BufferedLog {
    private enum Level { DEBUG, INFO, WARN, ERROR }

    private record Entry(Level level, String line, Throwable error) {}

    private final List<Entry> entries = new ArrayList<>();

    synchronized void debug(String line) {
        entries.add(new Entry(Level.DEBUG, line, null));
    }

    synchronized void debug(Throwable error) {
        entries.add(new Entry(Level.DEBUG, null, error));
    }

    synchronized void info(String line) {
        entries.add(new Entry(Level.INFO, line, null));
    }

    synchronized void warn(String line) {
        entries.add(new Entry(Level.WARN, line, null));
    }

    synchronized void error(String line) {
        entries.add(new Entry(Level.ERROR, line, null));
    }

    synchronized void replay(Log log) {
        for (Entry entry : entries) {
            switch (entry.level()) {
                case DEBUG -> {
                    if (entry.error() != null) {
                        log.debug(entry.error());
                    } else {
                        log.debug(entry.line());
                    }
                }
                case INFO -> log.info(entry.line());
                case WARN -> log.warn(entry.line());
                case ERROR -> log.error(entry.line());
            }
        }
        entries.clear();
    }
}
