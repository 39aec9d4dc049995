package io.github.wasmsnapshot.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.wasmsnapshot.core.Report;
import io.github.wasmsnapshot.core.SnapshotException;
import io.github.wasmsnapshot.core.SnapshotListener;
import io.github.wasmsnapshot.core.SnapshotOption;
import io.github.wasmsnapshot.core.SnapshotResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What Maven's JVM and a module's JVM say to each other arrives as it was said. */
class ForkProtocolTest {
    /** Longer than DataOutputStream.writeUTF takes, with a lone surrogate and a line break. */
    private static final String AWKWARD = "x".repeat(70_000) + "\uD800 \n\u2028 end";

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    @Test
    void theRequest() throws Exception {
        Map<SnapshotOption, List<String>> options = new EnumMap<>(SnapshotOption.class);
        options.put(SnapshotOption.INIT_FUNCTION, List.of("init"));
        options.put(SnapshotOption.ENVIRONMENT, List.of("A=1", "", AWKWARD));
        options.put(SnapshotOption.WASI_ARGUMENTS, List.of());
        byte[] module = {0, 'a', 's', 'm', 1, 0, 0, 0};
        for (Optional<Instant> clockStart : List.of(Optional.<Instant>empty(),
                Optional.of(Instant.parse("2026-01-01T00:00:00.001Z")))) {
            bytes.reset();

            ForkProtocol.write(out, new ForkProtocol.Request("/project", clockStart, "digest", options,
                    Map.of("HOME", "/root", "EMPTY", "", "AWKWARD", AWKWARD), module));
            ForkProtocol.Request read = ForkProtocol.readRequest(in());

            assertEquals("/project", read.basedir());
            assertEquals(clockStart, read.clockStart());
            assertEquals("digest", read.digest());
            assertEquals(options, read.options());
            assertEquals(Map.of("HOME", "/root", "EMPTY", "", "AWKWARD", AWKWARD), read.environment());
            assertArrayEquals(module, read.module());
        }
    }

    @Test
    void everyEventInItsOrderThenTheResult() throws Exception {
        ForkProtocol.Events events = new ForkProtocol.Events(out);
        events.debug("parsed");
        events.info(AWKWARD);
        events.warn("careful");
        events.progress("still initializing");
        events.stdout("");
        events.stderr("to stderr");
        Report report = new Report("wizer.initialize", 100, 200, List.of(1, 17), 3, 1L << 33, 2,
                List.of(new Report.StageTime("parse", Duration.ofNanos(123_456_789))));
        byte[] output = new byte[100_000];
        Arrays.fill(output, (byte) 7);
        events.result(new SnapshotResult(output, report));

        List<String> heard = new ArrayList<>();
        ForkProtocol.Reply reply = ForkProtocol.readReply(in(), recorder(heard));

        assertEquals(List.of("debug parsed", "info " + AWKWARD, "warn careful", "progress still initializing",
                "stdout ", "stderr to stderr"), heard);
        ForkProtocol.Made made = assertInstanceOf(ForkProtocol.Made.class, reply);
        assertEquals(report, made.result().report());
        assertArrayEquals(output, made.result().output());
    }

    @Test
    void aFailureWithWhatWasThrown() throws Exception {
        SnapshotException thrown = new SnapshotException("the init function trapped",
                new IllegalStateException(null, new ArithmeticException("/ by zero")));

        new ForkProtocol.Events(out).failure("src/main/wasm/a.wasm: the init function trapped", thrown);
        ForkProtocol.Failed failed = assertInstanceOf(ForkProtocol.Failed.class,
                ForkProtocol.readReply(in(), SnapshotListener.NONE));

        assertEquals("src/main/wasm/a.wasm: the init function trapped", failed.line());
        Throwable forked = failed.error();
        for (Throwable original = thrown; original != null; original = original.getCause()) {
            assertEquals(original.toString(), forked.toString());
            assertEquals(original.getMessage(), forked.getMessage());
            assertArrayEquals(original.getStackTrace(), forked.getStackTrace());
            forked = forked.getCause();
        }
        assertNull(forked);
    }

    @Test
    void anAnswerCutShortIsTheEndOfTheStream() throws Exception {
        new ForkProtocol.Events(out).info("the last thing it said");
        List<String> heard = new ArrayList<>();

        assertThrows(EOFException.class, () -> ForkProtocol.readReply(in(), recorder(heard)));

        assertEquals(List.of("info the last thing it said"), heard);
    }

    private DataInputStream in() {
        return new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    }

    private static SnapshotListener recorder(List<String> heard) {
        return new SnapshotListener() {
            @Override
            public void debug(String message) {
                heard.add("debug " + message);
            }

            @Override
            public void info(String message) {
                heard.add("info " + message);
            }

            @Override
            public void warn(String message) {
                heard.add("warn " + message);
            }

            @Override
            public void progress(String message) {
                heard.add("progress " + message);
            }

            @Override
            public void stdout(String line) {
                heard.add("stdout " + line);
            }

            @Override
            public void stderr(String line) {
                heard.add("stderr " + line);
            }
        };
    }
}
