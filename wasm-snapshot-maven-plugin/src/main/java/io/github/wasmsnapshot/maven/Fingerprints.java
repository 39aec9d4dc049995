package io.github.wasmsnapshot.maven;

import io.github.wasmsnapshot.core.OutputFiles;
import io.github.wasmsnapshot.core.Preload;
import io.github.wasmsnapshot.core.SnapshotOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What each output was last made from: one line per output, {@code SHA-256 of (plugin version, options, the
 * contents of the preload files and, with WASI on, of the mapped directories and the inherited environment, input
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

    /** {@code resolved} is {@code options} as the core takes them, for the files and directories they name. */
    String of(byte[] input, ModuleOptions options, SnapshotOptions resolved) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        update(sha256, pluginVersion + "\n" + options.fingerprintText() + "\n");
        for (Preload preload : resolved.preloads()) {
            update(sha256, "preload " + preload.name() + "\n");
            digestTree(sha256, preload.file());
        }
        if (resolved.allowWasi()) {
            for (var directory : resolved.wasi().directories().entrySet()) {
                update(sha256, "directory " + directory.getKey() + "\n");
                digestTree(sha256, directory.getValue());
            }
            if (resolved.wasi().inheritEnvironment()) {
                new TreeMap<>(System.getenv()).forEach((name, value) -> update(sha256, "env " + name + "=" + value + "\n"));
            }
        }
        return HexFormat.of().formatHex(sha256.digest(input));
    }

    /**
     * Every directory and regular file under {@code root} (or {@code root} itself, if a file), by path relative
     * to it, in sorted order, with the files' bytes; symbolic links followed, as the core does. What cannot be
     * read is noted as such: the module then fails, and a failed module is never up to date.
     */
    private static void digestTree(MessageDigest sha256, Path root) {
        try (Stream<Path> walk = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
            for (Path path : walk.sorted(Comparator.comparing(p -> root.relativize(p).toString())).toList()) {
                String relative = root.relativize(path).toString();
                if (Files.isDirectory(path)) {
                    update(sha256, "d " + relative + "\n");
                } else if (Files.isRegularFile(path)) {
                    byte[] bytes = Files.readAllBytes(path);
                    update(sha256, "f " + relative + " " + bytes.length + "\n");
                    sha256.update(bytes);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            update(sha256, "unreadable " + e + "\n");
        }
    }

    private static void update(MessageDigest sha256, String text) {
        sha256.update(text.getBytes(StandardCharsets.UTF_8));
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
