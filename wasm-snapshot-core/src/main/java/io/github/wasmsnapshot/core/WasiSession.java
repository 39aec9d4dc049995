package io.github.wasmsnapshot.core;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * WASI preview 1 for one initialization, assembled from a {@link WasiConfig}: Chicory's implementation over
 * {@link MappedDirectories}, with an empty stdin, stdout and stderr handed to the listener line by line, the
 * environment and arguments given, and, unless {@link WasiConfig#realEntropyAndClock()}, the calls of
 * {@link DeterministicWasi} in place of Chicory's.
 */
final class WasiSession implements AutoCloseable {
    private final MappedDirectories directories;
    private final LineOutput stdout;
    private final LineOutput stderr;
    private final WasiPreview1 wasi;
    private final Map<String, HostFunction> functions = new HashMap<>();

    private WasiSession(WasiConfig config, Map<String, String> inheritedEnvironment, SnapshotListener listener,
            MappedDirectories directories) {
        this.directories = directories;
        this.stdout = new LineOutput(listener::stdout);
        this.stderr = new LineOutput(listener::stderr);
        WasiOptions.Builder options = WasiOptions.builder()
                .withStdout(stdout, false)
                .withStderr(stderr, false)
                .withArguments(config.arguments());
        Map<String, String> environment = new LinkedHashMap<>(inheritedEnvironment);
        environment.putAll(config.environment());
        environment.forEach(options::withEnvironment);
        directories.guestToCopy().forEach(options::withDirectory);
        if (config.realEntropyAndClock()) {
            options.withRandom(new SecureRandom()).withClock(Clock.systemUTC());
        } else {
            // What Chicory stamps on files touched with "now"; the same instant as every other file time.
            options.withClock(Clock.fixed(config.clockStart(), ZoneOffset.UTC));
        }
        this.wasi = WasiPreview1.builder().withOptions(options.build()).build();
        for (HostFunction function : wasi.toHostFunctions()) {
            functions.put(function.name(), function);
        }
        if (!config.realEntropyAndClock()) {
            new DeterministicWasi(config).calls().forEach(this::replace);
        }
    }

    /** {@code inheritedEnvironment} is what the initializer inherits, the configured environment overriding it. */
    static WasiSession open(WasiConfig config, Map<String, String> inheritedEnvironment, SnapshotListener listener)
            throws SnapshotException {
        if (config.realEntropyAndClock()) {
            listener.warn("WASI gives the initializer real entropy and the system clock: the output will not be"
                    + " reproducible");
        }
        if (config.inheritEnvironment()) {
            listener.warn("the initializer sees this process's environment: the output may depend on the machine"
                    + " and the user that runs it");
        }
        listener.debug("WASI: " + (config.realEntropyAndClock() ? "real entropy and clocks"
                : "entropy from seed " + config.randomSeed() + ", clocks from " + config.clockStart())
                + ", " + (inheritedEnvironment.size() + config.environment().size()) + " environment variables, "
                + config.arguments().size() + " arguments, directories " + config.directories());
        return new WasiSession(config, inheritedEnvironment, listener,
                MappedDirectories.copy(config.directories(), config.clockStart()));
    }

    /** Chicory's or our own function for a WASI import; empty for a call Chicory does not know. */
    Optional<HostFunction> function(String name) {
        return Optional.ofNullable(functions.get(name));
    }

    /** Hands on unfinished output lines and drops the in-memory directories. */
    @Override
    public void close() {
        wasi.close();
        stdout.close();
        stderr.close();
        directories.close();
    }

    private void replace(String name, DeterministicWasi.Call call) {
        HostFunction chicory = functions.get(name);
        functions.put(name, new HostFunction(WasiConfig.MODULE, name,
                FunctionType.of(chicory.paramTypes(), chicory.returnTypes()),
                (instance, args) -> call.apply(chicory.handle(), instance, args)));
    }
}
