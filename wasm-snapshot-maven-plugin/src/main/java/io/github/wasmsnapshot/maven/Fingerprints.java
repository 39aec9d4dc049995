package io.github.wasmsnapshot.maven;

import io.github.wasmsnapshot.core.OutputFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What each output was last made from: one line per output, {@code SHA-256 of (plugin version, options, input
 * bytes)} and the output's path, sorted by path. An output is up to date if its line is unchanged and the file is
 * still there. Outputs that failed or are no longer planned drop out of the file when it is saved.
 */
final class Fingerprints {
    private final Path file;
    private final String pluginVersion;
    private final Map<String, String> previous = new HashMap<>();
    private final Map<String, String> current = new TreeMap<>();

    private Fingerprints(Path file, String pluginVersion) {
        this.file = file;
        this.pluginVersion = pluginVersion;
    }

    /** The fingerprints saved at {@code file}, none if there is no such file. */
    static Fingerprints load(Path file, String pluginVersion) throws IOException {
        Fingerprints fingerprints = new Fingerprints(file, pluginVersion);
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

    String of(byte[] input, ModuleOptions options) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((pluginVersion + "\n" + options + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest(input));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    boolean isUpToDate(Path output, String fingerprint) {
        return fingerprint.equals(previous.get(output.toString())) && Files.isRegularFile(output);
    }

    /** {@code output} now holds what {@code fingerprint} describes. */
    void record(Path output, String fingerprint) {
        current.put(output.toString(), fingerprint);
    }

    /** Replaces the file with the recorded fingerprints. */
    void save() throws IOException {
        StringBuilder text = new StringBuilder();
        current.forEach((output, fingerprint) -> text.append(fingerprint).append(' ').append(output).append('\n'));
        OutputFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
