package io.github.wasmsnapshot.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a snapshot's output depends on, read once by {@link WasmSnapshot#read}: the module's bytes, the
 * preloads' bytes and, with WASI on, the inherited environment; the mapped directories are digested (their files are
 * read again, lazily, by the run). The run uses exactly what {@link #digest()} covers, so two inputs with the same
 * digest give the same output bytes, unless WASI's real entropy and clocks are asked for.
 */
public final class SnapshotInput {
    private static final int DIRECTORY_BUFFER = 1 << 16;

    private final byte[] module;
    private final List<byte[]> preloads;
    private final Map<String, String> inheritedEnvironment;
    private final String digest;

    private SnapshotInput(byte[] module, List<byte[]> preloads, Map<String, String> inheritedEnvironment,
            String digest) {
        this.module = module;
        this.preloads = preloads;
        this.inheritedEnvironment = inheritedEnvironment;
        this.digest = digest;
    }

    /** {@code environment}: what the initializer inherits if WASI inherits an environment. */
    static SnapshotInput read(byte[] module, SnapshotOptions options, Map<String, String> environment)
            throws SnapshotException {
        Digest digest = new Digest();
        digest.field("wasm-snapshot", Versions.wasmSnapshot());
        digest.field("init-func", options.initFunction().orElse(""));
        options.renames().forEach(rename -> digest.field("rename-func", rename.toString()));
        digest.field("keep-init-func", String.valueOf(options.keepInitFunction()));
        digest.field("max-data-segments", String.valueOf(options.maxDataSegments()));
        List<byte[]> preloads = new ArrayList<>();
        for (Preload preload : options.preloads()) {
            byte[] bytes = readPreload(preload);
            preloads.add(bytes);
            digest.field("preload", preload.name());
            digest.bytes(bytes);
        }
        Map<String, String> inherited = Map.of();
        if (options.wasi().isPresent()) {
            WasiConfig wasi = options.wasi().get();
            if (wasi.inheritEnvironment()) {
                inherited = new TreeMap<>(environment);
            }
            digestWasi(digest, wasi, inherited);
        }
        digest.field("module", "");
        digest.bytes(module);
        return new SnapshotInput(module, List.copyOf(preloads), inherited, digest.hex());
    }

    /** SHA-256, in hex, of everything the output depends on (see the class comment). */
    public String digest() {
        return digest;
    }

    /** The module's bytes, as read; not to be modified. */
    public byte[] module() {
        return module;
    }

    /** The bytes of {@link SnapshotOptions#preloads()}, in that order. */
    List<byte[]> preloads() {
        return preloads;
    }

    /** The environment the initializer inherits, as it was read, sorted by name; empty unless WASI inherits one. */
    public Map<String, String> inheritedEnvironment() {
        return inheritedEnvironment;
    }

    private static byte[] readPreload(Preload preload) throws SnapshotException {
        try {
            return InputFiles.read(preload.file());
        } catch (SnapshotException e) {
            throw new SnapshotException(preload.describe() + ": " + e.getMessage(), e);
        }
    }

    private static void digestWasi(Digest digest, WasiConfig wasi, Map<String, String> inherited)
            throws SnapshotException {
        digest.field("wasi-real-entropy-and-clock", String.valueOf(wasi.realEntropyAndClock()));
        digest.field("wasi-random-seed", String.valueOf(wasi.randomSeed()));
        digest.field("wasi-clock-start", wasi.clockStart().toString());
        inherited.forEach((name, value) -> digest.field("inherited-env", name + "=" + value));
        wasi.environment().forEach((name, value) -> digest.field("env", name + "=" + value));
        wasi.arguments().forEach(argument -> digest.field("wasi-arg", argument));
        for (MappedDirectory directory : wasi.directories()) {
            digest.field("mapdir", directory.guest());
            try {
                DirectoryWalk.walk(directory.host(), new DirectoryWalk.Visitor() {
                    @Override
                    public void directory(String relative) {
                        digest.field("d", relative);
                    }

                    @Override
                    public void file(String relative, Path host) throws IOException {
                        digest.field("f", relative);
                        digest.file(host);
                    }
                });
            } catch (IOException e) {
                throw MappedDirectories.cannotMap(directory, e);
            }
        }
    }

    /** SHA-256 over tagged, length-prefixed fields, so that no two different inputs encode the same. */
    private static final class Digest {
        private final MessageDigest sha256;

        Digest() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
        }

        void field(String tag, String value) {
            text(tag);
            text(value);
        }

        void bytes(byte[] bytes) {
            length(bytes.length);
            sha256.update(bytes);
        }

        /** Streams the file, so that a large file costs no more memory than a small one. */
        void file(Path file) throws IOException {
            length(Files.size(file));
            byte[] buffer = new byte[DIRECTORY_BUFFER];
            try (InputStream in = Files.newInputStream(file)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha256.update(buffer, 0, n);
                }
            }
        }

        String hex() {
            return HexFormat.of().formatHex(sha256.digest());
        }

        private void text(String text) {
            bytes(text.getBytes(StandardCharsets.UTF_8));
        }

        private void length(long length) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                sha256.update((byte) (length >>> shift));
            }
        }
    }
}
