package io.github.wasmsnapshot.core;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import java.util.Map;

/**
 * The WASI preview 1 calls whose results would otherwise depend on the machine and the moment, made deterministic:
 * {@code random_get} from {@link SeededEntropy}, and the realtime and monotonic clocks, their resolution and sleeping
 * on them from one {@link VirtualClock}. Chicory reads the monotonic clock from {@code System.nanoTime()} whatever
 * clock it is given, and really sleeps, so these calls are replaced rather than configured. A replacement hands what
 * it does not decide (other clocks, waits on streams) to Chicory's own function.
 */
final class DeterministicWasi {
    private static final int RANDOM_CHUNK = 4096;
    private static final int REALTIME = 0;
    private static final int MONOTONIC = 1;
    private static final int SUCCESS = 0;
    private static final int EINVAL = 28;
    private static final byte EVENT_TYPE_CLOCK = 0;
    private static final int SUBCLOCK_FLAGS_ABSTIME = 1;

    /** Offsets in WASI's {@code subscription} struct, as laid out for a clock subscription. */
    private static final class Subscription {
        static final int SIZE = 48;
        static final int USERDATA = 0;
        static final int TAG = 8;
        static final int CLOCK_ID = 16;
        static final int CLOCK_TIMEOUT = 24;
        static final int CLOCK_FLAGS = 40;
    }

    /** Offsets in WASI's {@code event} struct. */
    private static final class Event {
        static final int SIZE = 32;
        static final int USERDATA = 0;
        static final int TYPE = 10;
    }

    /** A replaced call: Chicory's function for it, the calling instance, the arguments. */
    @FunctionalInterface
    interface Call {
        long[] apply(WasmFunctionHandle chicory, Instance instance, long[] args);
    }

    private final SeededEntropy entropy;
    private final VirtualClock clock;

    DeterministicWasi(WasiConfig config) {
        this.entropy = new SeededEntropy(config.randomSeed());
        this.clock = new VirtualClock(config.clockStart());
    }

    /** The replaced calls, by WASI function name. */
    Map<String, Call> calls() {
        return Map.of(
                "random_get", (chicory, instance, args) -> randomGet(instance.memory(), args),
                "clock_time_get", this::clockTimeGet,
                "clock_res_get", this::clockResGet,
                "poll_oneoff", this::pollOneoff);
    }

    private long[] randomGet(Memory memory, long[] args) {
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
            memory.write(buffer + written, chunk);
        }
        return new long[] {SUCCESS};
    }

    private long[] clockTimeGet(WasmFunctionHandle chicory, Instance instance, long[] args) {
        int clockId = (int) args[0];
        int result = (int) args[2];
        if (clockId == REALTIME) {
            instance.memory().writeLong(result, clock.realtime());
        } else if (clockId == MONOTONIC) {
            instance.memory().writeLong(result, clock.monotonic());
        } else {
            return chicory.apply(instance, args);
        }
        return new long[] {SUCCESS};
    }

    private long[] clockResGet(WasmFunctionHandle chicory, Instance instance, long[] args) {
        int clockId = (int) args[0];
        if (clockId != REALTIME && clockId != MONOTONIC) {
            return chicory.apply(instance, args);
        }
        instance.memory().writeLong((int) args[1], VirtualClock.STEP);
        return new long[] {SUCCESS};
    }

    private long[] pollOneoff(WasmFunctionHandle chicory, Instance instance, long[] args) {
        int subscriptions = (int) args[0];
        int events = (int) args[1];
        int count = (int) args[2];
        Memory memory = instance.memory();
        if (count <= 0) {
            return chicory.apply(instance, args);
        }
        long[] deadlines = new long[count];
        long wake = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            int subscription = subscriptions + i * Subscription.SIZE;
            int clockId = memory.readInt(subscription + Subscription.CLOCK_ID);
            if (memory.read(subscription + Subscription.TAG) != EVENT_TYPE_CLOCK
                    || (clockId != REALTIME && clockId != MONOTONIC)) {
                // Waits on stdin or stdout: nothing for the clock to decide.
                return chicory.apply(instance, args);
            }
            boolean absolute = (memory.readShort(subscription
                    + Subscription.CLOCK_FLAGS) & SUBCLOCK_FLAGS_ABSTIME) != 0;
            deadlines[i] = clock.deadline(clockId == REALTIME,
                    memory.readLong(subscription + Subscription.CLOCK_TIMEOUT), absolute);
            wake = Math.min(wake, deadlines[i]);
        }
        long now = clock.sleepUntil(wake);
        int fired = 0;
        for (int i = 0; i < count; i++) {
            if (deadlines[i] <= now) {
                int event = events + fired++ * Event.SIZE;
                memory.fill((byte) 0, event, event + Event.SIZE);
                memory.writeLong(event + Event.USERDATA,
                        memory.readLong(subscriptions + i * Subscription.SIZE + Subscription.USERDATA));
                memory.writeByte(event + Event.TYPE, EVENT_TYPE_CLOCK);
            }
        }
        memory.writeI32((int) args[3], fired);
        return new long[] {SUCCESS};
    }
}
