package io.github.wasmsnapshot.core;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
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
import java.util.TreeMap;
import java.util.function.Function;

/**
 * WASI preview 1 for one initialization: Chicory's implementation over {@link MappedDirectories},
 * with an empty stdin, stdout and stderr handed to the listener line by line, and, unless
 * {@link WasiConfig#realEntropyAndClock()}, {@code random_get} served by {@link SeededEntropy} and
 * the realtime and monotonic clocks, and sleeping on them, by a {@link VirtualClock} (Chicory reads
 * the monotonic clock from {@code System.nanoTime()} whatever clock it is given, and really
 * sleeps, so these calls are replaced).
 */
final class WasiSession implements AutoCloseable {
    static final String MODULE = "wasi_snapshot_preview1";
    private static final int RANDOM_CHUNK = 4096;
    private static final int REALTIME = 0;
    private static final int MONOTONIC = 1;
    private static final int SUCCESS = 0;
    private static final int EINVAL = 28;
    private static final int SUBSCRIPTION_SIZE = 48;
    private static final int EVENT_SIZE = 32;
    private static final byte EVENT_CLOCK = 0;
    private static final int SUBSCRIPTION_CLOCK_ABSTIME = 1;

    private final MappedDirectories directories;
    private final LineOutput stdout;
    private final LineOutput stderr;
    private final WasiPreview1 wasi;
    private final Map<String, HostFunction> functions = new HashMap<>();

    private WasiSession(WasiConfig config, SnapshotListener listener, MappedDirectories directories) {
        this.directories = directories;
        this.stdout = new LineOutput(listener::stdout);
        this.stderr = new LineOutput(listener::stderr);
        WasiOptions.Builder options = WasiOptions.builder()
                .withStdout(stdout, false)
                .withStderr(stderr, false)
                .withArguments(config.arguments());
        Map<String, String> environment = environment(config, listener);
        environment.forEach(options::withEnvironment);
        directories.guestToCopy().forEach(options::withDirectory);
        if (config.realEntropyAndClock()) {
            listener.warn("WASI gives the initializer real entropy and the system clock: the output will not be"
                    + " reproducible");
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
            makeDeterministic(config);
        }
        listener.debug("WASI: " + (config.realEntropyAndClock() ? "real entropy and clocks"
                : "entropy from seed " + config.randomSeed() + ", clocks from " + config.clockStart())
                + ", " + environment.size() + " environment variables, " + config.arguments().size()
                + " arguments, directories " + config.directories());
    }

    static WasiSession open(WasiConfig config, SnapshotListener listener) throws SnapshotException {
        return new WasiSession(config, listener, MappedDirectories.copy(config.directories(), config.clockStart()));
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

    private static Map<String, String> environment(WasiConfig config, SnapshotListener listener) {
        Map<String, String> environment = new LinkedHashMap<>();
        if (config.inheritEnvironment()) {
            listener.warn("the initializer sees this process's environment: the output may depend on the machine"
                    + " and the user that runs it");
            environment.putAll(new TreeMap<>(System.getenv()));
        }
        environment.putAll(config.environment());
        return environment;
    }

    private void makeDeterministic(WasiConfig config) {
        SeededEntropy entropy = new SeededEntropy(config.randomSeed());
        VirtualClock clock = new VirtualClock(config.clockStart());
        replace("random_get", original -> (instance, args) -> {
            int buffer = (int) args[0];
            int length = (int) args[1];
            if (length < 0) {
                return new long[] {EINVAL};
            }
            byte[] chunk = new byte[Math.min(length, RANDOM_CHUNK)];
            for (int written = 0; written < length; written += chunk.length) {
                if (length - written < chunk.length) {
                    chunk = new byte[length - written];
                }
                entropy.fill(chunk);
                instance.memory().write(buffer + written, chunk);
            }
            return new long[] {SUCCESS};
        });
        replace("clock_time_get", original -> (instance, args) -> {
            int clockId = (int) args[0];
            int result = (int) args[2];
            if (clockId == REALTIME) {
                instance.memory().writeLong(result, clock.realtime());
            } else if (clockId == MONOTONIC) {
                instance.memory().writeLong(result, clock.monotonic());
            } else {
                return original.apply(instance, args);
            }
            return new long[] {SUCCESS};
        });
        replace("clock_res_get", original -> (instance, args) -> {
            int clockId = (int) args[0];
            if (clockId != REALTIME && clockId != MONOTONIC) {
                return original.apply(instance, args);
            }
            instance.memory().writeLong((int) args[1], VirtualClock.STEP);
            return new long[] {SUCCESS};
        });
        replace("poll_oneoff", original -> (instance, args) -> {
            int subscriptions = (int) args[0];
            int events = (int) args[1];
            int count = (int) args[2];
            Memory memory = instance.memory();
            if (count <= 0) {
                return original.apply(instance, args);
            }
            long[] deadlines = new long[count];
            long wake = Long.MAX_VALUE;
            for (int i = 0; i < count; i++) {
                int subscription = subscriptions + i * SUBSCRIPTION_SIZE;
                int clockId = memory.readInt(subscription + 16);
                if (memory.read(subscription + 8) != EVENT_CLOCK || (clockId != REALTIME && clockId != MONOTONIC)) {
                    // Waits on stdin or stdout: nothing for the clock to decide.
                    return original.apply(instance, args);
                }
                boolean absolute = (memory.readShort(subscription + 40) & SUBSCRIPTION_CLOCK_ABSTIME) != 0;
                deadlines[i] = clock.deadline(clockId == REALTIME, memory.readLong(subscription + 24), absolute);
                wake = Math.min(wake, deadlines[i]);
            }
            long now = clock.sleepUntil(wake);
            int fired = 0;
            for (int i = 0; i < count; i++) {
                if (deadlines[i] <= now) {
                    int event = events + fired++ * EVENT_SIZE;
                    memory.fill((byte) 0, event, event + EVENT_SIZE);
                    memory.writeLong(event, memory.readLong(subscriptions + i * SUBSCRIPTION_SIZE));
                    memory.writeByte(event + 10, EVENT_CLOCK);
                }
            }
            memory.writeI32((int) args[3], fired);
            return new long[] {SUCCESS};
        });
    }

    private void replace(String name, Function<WasmFunctionHandle, WasmFunctionHandle> handle) {
        HostFunction original = functions.get(name);
        functions.put(name, new HostFunction(MODULE, name,
                FunctionType.of(original.paramTypes(), original.returnTypes()), handle.apply(original.handle())));
    }
}
