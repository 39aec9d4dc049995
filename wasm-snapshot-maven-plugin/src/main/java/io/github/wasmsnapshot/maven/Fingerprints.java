package io.github.wasmsnapshot.maven;

import io.github.wasmsnapshot.core.OutputFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What each output was last made from: one line per output, the digest of everything it depends on
 * ({@link io.github.wasmsnapshot.core.SnapshotInput#digest()}) and the output's path, sorted by path. An output is up
 * to date if its digest is unchanged and the file is still there. Outputs that failed or are no longer planned drop
 * out of the file when it is saved.
 */
final class Fingerprints {
    private final Path file;
    private final Map<String, String> previous = new HashMap<>();
    private final Map<String, String> current = new TreeMap<>();

    private Fingerprints(Path file) {
        this.file = file;
    }

    /** The fingerprints saved at {@code file}, none if there is no such file. */
    static Fingerprints load(Path file) throws IOException {
        Fingerprints fingerprints = new Fingerprints(file);
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    fingerprints.previous.put(line.substring(space + 1), line.substring(0, space));
                }
            }
        }
        return fingerprints;
    }

    boolean isUpToDate(Path output, String digest) {
        return digest.equals(previous.get(output.toString())) && Files.isRegularFile(output);
    }

    /** {@code output} now holds what {@code digest} describes. */
    void record(Path output, String digest) {
        current.put(output.toString(), digest);
    }

    /** Replaces the file with the recorded fingerprints. */
    void save() throws IOException {
        StringBuilder text = new StringBuilder();
        current.forEach((output, digest) -> text.append(digest).append(' ').append(output).append('\n'));
        OutputFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
