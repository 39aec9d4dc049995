package io.github.wasmsnapshot.maven;

import io.github.wasmsnapshot.core.OutputFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What each output of an execution was last made from, and its provenance entry: one line per output, the digest
 * of everything it depends on ({@link io.github.wasmsnapshot.core.SnapshotInput#digest()}), the output's path and
 * the entry ({@link io.github.wasmsnapshot.core.Provenance}, one line of JSON), tab-separated, sorted by path. An
 * output is up to date if its digest is unchanged and the file is still there. Outputs that failed or are no longer
 * planned drop out of the file when it is saved.
 */
final class SnapshotState {
    private record Made(String digest, String entry) {}

    private final Path file;
    private final Map<String, Made> previous = new HashMap<>();
    private final Map<String, Made> current = new TreeMap<>();

    private SnapshotState(Path file) {
        this.file = file;
    }

    /** The state saved at {@code file}, none if there is no such file. */
    static SnapshotState load(Path file) throws IOException {
        SnapshotState state = new SnapshotState(file);
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] fields = line.split("\t", 3);
                if (fields.length == 3) {
                    state.previous.put(fields[1], new Made(fields[0], fields[2]));
                }
            }
        }
        return state;
    }

    /** The provenance entry of {@code output} if it is still what {@code digest} describes. */
    Optional<String> upToDate(Path output, String digest) {
        Made made = previous.get(output.toString());
        return made != null && made.digest().equals(digest) && Files.isRegularFile(output)
                ? Optional.of(made.entry()) : Optional.empty();
    }

    /** {@code output} now holds what {@code digest} describes. */
    void record(Path output, String digest, String entry) {
        current.put(output.toString(), new Made(digest, entry));
    }

    /** Replaces the file with what was recorded. */
    void save() throws IOException {
        StringBuilder text = new StringBuilder();
        current.forEach((output, made) -> text.append(made.digest()).append('\t').append(output).append('\t')
                .append(made.entry()).append('\n'));
        OutputFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
