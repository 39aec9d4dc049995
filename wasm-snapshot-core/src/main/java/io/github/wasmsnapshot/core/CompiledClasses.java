package io.github.wasmsnapshot.core;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.CompiledModule;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Chicory's compiler, with the classes it makes kept for the next run of the same module, in
 * {@code DIR/compiled-WASMSNAPSHOT-CHICORY/DIGEST.jar}. Chicory keys its cache by the module's digest alone; that is
 * safe here because this library always compiles with the same options, and the directory's name carries both
 * versions. Beside a module's classes, or where they are still missing, {@code DIGEST.interpreted} holds how long its
 * initializations have run interpreted so far, in milliseconds (see {@link Initializer#compileDelay}). The cache is a
 * convenience: what cannot be read or written is compiled again, never a failure.
 */
final class CompiledClasses implements Cache {
    private final Path directory;

    private CompiledClasses(Path directory) {
        this.directory = directory.resolve("compiled-" + Versions.wasmSnapshot() + "-" + Versions.chicory());
    }

    /**
     * The module's machine factory, compiled, or loaded from the cache when it holds the module. It runs instances
     * of copies of {@code module} too: Chicory's own factory accepts only instances of the very module it compiled,
     * but each instance gets a copy that differs from it in its tables' limits alone (see SimdModule).
     */
    static Function<Instance, Machine> compile(WasmModule module, Optional<Path> cacheDirectory) {
        if (cacheDirectory.isPresent()) {
            try {
                return forCopies(MachineFactoryCompiler.builder(module)
                        .withCache(new CompiledClasses(cacheDirectory.get())).compile());
            } catch (RuntimeException | LinkageError e) {
                // a damaged entry: compile as if there were none
            }
        }
        return forCopies(MachineFactoryCompiler.builder(module).compile());
    }

    /** Whether the cache holds the module's classes: then loading them costs a small part of compiling them. */
    static boolean cached(WasmModule module, Optional<Path> cacheDirectory) {
        return cacheDirectory.isPresent() && module.digest() != null
                && Files.isRegularFile(new CompiledClasses(cacheDirectory.get()).file(module.digest()));
    }

    /** How long the module's initializations have run interpreted in earlier runs, by the cache's record. */
    static Duration interpreted(WasmModule module, Optional<Path> cacheDirectory) {
        return record(module, cacheDirectory).flatMap(UserCache::readTime).orElse(Duration.ZERO);
    }

    /**
     * Adds an interpreted initialization's time to the record. Two runs at once may each add to what they read, and
     * one of the two additions is lost: the record only decides when compiling starts to pay off.
     */
    static void addInterpreted(WasmModule module, Optional<Path> cacheDirectory, Duration time) {
        record(module, cacheDirectory).ifPresent(record -> UserCache.writeTime(record,
                interpreted(module, cacheDirectory).plus(time)));
    }

    private static Optional<Path> record(WasmModule module, Optional<Path> cacheDirectory) {
        return cacheDirectory.isEmpty() || module.digest() == null ? Optional.empty()
                : Optional.of(new CompiledClasses(cacheDirectory.get()).interpretedRecord(module.digest()));
    }

    private static Function<Instance, Machine> forCopies(Function<Instance, Machine> factory) {
        return ((CompiledModule) factory).machineFactory();
    }

    @Override
    public byte[] get(String key) {
        try {
            Path file = file(key);
            return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Published whole or not at all (a temporary file renamed into place), so parallel builds can share it. */
    @Override
    public void putIfAbsent(String key, byte[] data) {
        try {
            Path file = file(key);
            if (!Files.exists(file)) {
                OutputFiles.write(file, data);
            }
        } catch (IOException e) {
            // the next run compiles again
        }
    }

    private Path file(String key) {
        return directory.resolve(fileName(key) + ".jar");
    }

    private Path interpretedRecord(String key) {
        return directory.resolve(fileName(key) + ".interpreted");
    }

    private static String fileName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "-");
    }
}
