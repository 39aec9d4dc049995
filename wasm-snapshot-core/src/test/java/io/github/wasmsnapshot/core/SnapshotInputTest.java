package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.testing.Fixtures.wasi;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The digest covers what the output depends on, and nothing else. */
class SnapshotInputTest {
    @TempDir
    Path temp;

    private String digest(byte[] module, SnapshotOptions options) throws SnapshotException {
        return new WasmSnapshot(options).read(module).digest();
    }

    @Test
    void theSameInputAndOptionsGiveTheSameDigestWhateverTheThreadCount() throws Exception {
        byte[] module = wasi("observer.wasm");
        assertEquals(digest(module, SnapshotOptions.builder().withParallelism(1).build()),
                digest(module.clone(), SnapshotOptions.builder().withParallelism(7).build()));
    }

    @Test
    void everyInputChangesTheDigest() throws Exception {
        byte[] module = wasi("calls.wasm");
        Path helper = Files.write(temp.resolve("helper.wasm"), wasi("helper.wasm"));
        Path data = Files.createDirectories(temp.resolve("data"));
        Files.writeString(data.resolve("a.txt"), "one");
        SnapshotOptions options = SnapshotOptions.builder().withPreload(new Preload("helper", helper))
                .withWasi(WasiConfig.builder().withDirectory(new MappedDirectory("data", data)).build()).build();
        String base = digest(module, options);

        byte[] changed = module.clone();
        changed[changed.length - 1] ^= 1;
        assertNotEquals(base, digest(changed, options), "module bytes");
        assertNotEquals(base, digest(module, SnapshotOptions.builder().withPreload(new Preload("helper", helper))
                .withWasi(WasiConfig.builder().withDirectory(new MappedDirectory("data", data))
                        .withRandomSeed(1).build()).build()), "a WASI option");
        assertNotEquals(base, digest(module, SnapshotOptions.builder().withPreload(new Preload("helper", helper))
                .build()), "WASI off");

        Files.writeString(data.resolve("a.txt"), "two");
        String afterFileChange = digest(module, options);
        assertNotEquals(base, afterFileChange, "a mapped file's contents");
        Files.createDirectories(data.resolve("sub"));
        String afterListingChange = digest(module, options);
        assertNotEquals(afterFileChange, afterListingChange, "a mapped directory's listing");

        Files.write(helper, wasi("observer.wasm"));
        assertNotEquals(afterListingChange, digest(module, options), "the preload's bytes");
    }

    @Test
    void optionsThatDoNotReachTheInitializerDoNotChangeIt() throws Exception {
        byte[] module = wasi("observer.wasm");
        String off = digest(module, SnapshotOptions.defaults());
        assertEquals(off, digest(module, SnapshotOptions.builder().withParallelism(3).build()));
        assertNotEquals(off, digest(module, SnapshotOptions.builder().withKeepInitFunction(true).build()));
    }

    @Test
    void anUnreadableMappedDirectoryIsRefusedWhenRead() {
        Path missing = temp.resolve("missing");
        var e = assertThrows(SnapshotException.class, () -> digest(wasi("observer.wasm"), SnapshotOptions.builder()
                .withWasi(WasiConfig.builder().withDirectory(new MappedDirectory("data", missing)).build()).build()));
        assertEquals("cannot map the directory " + missing + " to data: no such directory " + missing,
                e.getMessage());
    }
}
