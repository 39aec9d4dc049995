package io.github.wasmsnapshot.core;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * What went into a module and what came out, as one JSON object: the input's and the output's path and SHA-256,
 * the effective options (the init function that ran, preloads with their SHA-256, WASI as configured), this
 * library's and Chicory's versions, and the output's sizes and counts. It holds no time and, given relative paths,
 * no absolute path, so it is itself reproducible. Host paths (preloads, directories) are written relative to the
 * base directory they were resolved against where they lie under it.
 */
public final class Provenance {
    private Provenance() {}

    /** {@code inputPath} and {@code outputPath} are written as given. */
    public static String entry(String inputPath, String outputPath, SnapshotInput input, SnapshotOptions options,
            SnapshotResult result, Path base) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("input", orderedMap("path", inputPath, "sha256", sha256(input.module())));
        entry.put("output", orderedMap("path", outputPath, "sha256", sha256(result.output())));
        entry.put("options", options(options, input, result.report(), base));
        entry.put("versions", orderedMap("wasm-snapshot", Versions.wasmSnapshot(), "chicory", Versions.chicory()));
        Report report = result.report();
        entry.put("result", orderedMap(
                "inputBytes", report.inputBytes(),
                "outputBytes", report.outputBytes(),
                "memoryPages", report.memoryPages(),
                "dataSegments", report.dataSegments(),
                "dataBytes", report.dataBytes(),
                "globals", report.globals()));
        return Json.write(entry);
    }

    private static Map<String, Object> options(SnapshotOptions options, SnapshotInput input, Report report,
            Path base) {
        Map<String, Object> written = new LinkedHashMap<>();
        written.put(SnapshotOption.INIT_FUNCTION.parameter(), report.initFunction());
        written.put(SnapshotOption.RENAME_FUNCTIONS.parameter(),
                options.renames().stream().map(Rename::toString).toList());
        written.put(SnapshotOption.KEEP_INIT_FUNCTION.parameter(), options.keepInitFunction());
        written.put(SnapshotOption.MAX_DATA_SEGMENTS.parameter(), options.maxDataSegments());
        written.put(SnapshotOption.TIMEOUT.parameter(), options.timeout().map(t -> t.toSeconds()).orElse(0L));
        written.put(SnapshotOption.STACK_SIZE.parameter(), options.stackSize());
        written.put(SnapshotOption.PRELOADS.parameter(), preloads(options.preloads(), input.preloads(), base));
        written.put(SnapshotOption.ALLOW_WASI.parameter(), options.wasi().isPresent());
        options.wasi().ifPresent(wasi -> {
            written.put(SnapshotOption.WASI_RANDOM_SEED.parameter(), wasi.randomSeed());
            written.put(SnapshotOption.WASI_CLOCK_START.parameter(), wasi.clockStart().toString());
            written.put(SnapshotOption.WASI_REAL_ENTROPY_AND_CLOCK.parameter(), wasi.realEntropyAndClock());
            written.put(SnapshotOption.ENVIRONMENT.parameter(), new LinkedHashMap<>(wasi.environment()));
            written.put(SnapshotOption.INHERIT_ENVIRONMENT.parameter(), wasi.inheritEnvironment());
            written.put(SnapshotOption.WASI_ARGUMENTS.parameter(), wasi.arguments());
            written.put(SnapshotOption.MAPPED_DIRECTORIES.parameter(), wasi.directories().stream()
                    .map(d -> d.guest() + "::" + relative(d.host(), base)).toList());
        });
        return written;
    }

    private static List<Object> preloads(List<Preload> preloads, List<byte[]> bytes, Path base) {
        return IntStream.range(0, preloads.size()).<Object>mapToObj(i -> orderedMap(
                "name", preloads.get(i).name(),
                "file", relative(preloads.get(i).file(), base),
                "sha256", sha256(bytes.get(i)))).toList();
    }

    /** Forward slashes on every platform, so the report reads the same everywhere. */
    private static String relative(Path path, Path base) {
        Path absoluteBase = base.toAbsolutePath().normalize();
        Path absolute = path.toAbsolutePath().normalize();
        Path shown = absolute.startsWith(absoluteBase) ? absoluteBase.relativize(absolute) : path;
        return shown.toString().replace(path.getFileSystem().getSeparator(), "/");
    }

    private static Map<String, Object> orderedMap(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** The SHA-256 of {@code bytes}, in lower-case hex, as the report writes it. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
