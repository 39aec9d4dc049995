package io.github.wasmsnapshot.maven;

import io.github.wasmsnapshot.core.Report;
import io.github.wasmsnapshot.core.SnapshotListener;
import io.github.wasmsnapshot.core.SnapshotOption;
import io.github.wasmsnapshot.core.SnapshotResult;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What Maven's JVM and a module's forked JVM ({@link ForkedSnapshot}, {@link SnapshotChild}) say to each other, on
 * the child's stdin and stdout. The parent sends one {@link Request}; the child answers with any number of events, as
 * they happen (what the core tells its {@link SnapshotListener}), then one result or one failure, and exits. Strings
 * go as their UTF-16 units, so that every Java string, however long, arrives as it was. Only JDK and core classes
 * here: the child has no Maven on its class path.
 */
final class ForkProtocol {
    private static final byte DEBUG = 1;
    private static final byte INFO = 2;
    private static final byte WARN = 3;
    private static final byte PROGRESS = 4;
    private static final byte STDOUT = 5;
    private static final byte STDERR = 6;
    private static final byte RESULT = 7;
    private static final byte FAILURE = 8;
    /** How many causes of a failure travel; a longer chain is cut. */
    private static final int MAX_CAUSES = 16;

    private ForkProtocol() {}

    /**
     * A module's work: its options as the POM gave them (resolved against {@code basedir}, the WASI clock starting
     * at {@code clockStart} unless they give one), the digest of its input as the parent read it, the environment
     * the parent read for the initializer to inherit (empty unless it inherits one), and the module's bytes.
     */
    record Request(String basedir, Optional<Instant> clockStart, String digest,
            Map<SnapshotOption, List<String>> options, Map<String, String> environment, byte[] module) {}

    static void write(DataOutputStream out, Request request) throws IOException {
        writeString(out, request.basedir());
        out.writeBoolean(request.clockStart().isPresent());
        if (request.clockStart().isPresent()) {
            writeString(out, request.clockStart().get().toString());
        }
        writeString(out, request.digest());
        out.writeInt(request.options().size());
        for (var option : request.options().entrySet()) {
            writeString(out, option.getKey().name());
            writeStrings(out, option.getValue());
        }
        out.writeInt(request.environment().size());
        for (var variable : request.environment().entrySet()) {
            writeString(out, variable.getKey());
            writeString(out, variable.getValue());
        }
        out.writeInt(request.module().length);
        out.write(request.module());
        out.flush();
    }

    static Request readRequest(DataInputStream in) throws IOException {
        String basedir = readString(in);
        Optional<Instant> clockStart = in.readBoolean() ? Optional.of(Instant.parse(readString(in))) : Optional.empty();
        String digest = readString(in);
        Map<SnapshotOption, List<String>> options = new EnumMap<>(SnapshotOption.class);
        for (int n = in.readInt(); n > 0; n--) {
            options.put(SnapshotOption.valueOf(readString(in)), readStrings(in));
        }
        Map<String, String> environment = new TreeMap<>();
        for (int n = in.readInt(); n > 0; n--) {
            environment.put(readString(in), readString(in));
        }
        byte[] module = new byte[length(in)];
        in.readFully(module);
        return new Request(basedir, clockStart, digest, options, environment, module);
    }

    /** The child's side: each event is flushed at once, so that the parent's log shows it while the module runs. */
    static final class Events implements SnapshotListener {
        private final DataOutputStream out;

        Events(DataOutputStream out) {
            this.out = out;
        }

        @Override
        public void debug(String message) {
            event(DEBUG, message);
        }

        @Override
        public void info(String message) {
            event(INFO, message);
        }

        @Override
        public void warn(String message) {
            event(WARN, message);
        }

        @Override
        public void progress(String message) {
            event(PROGRESS, message);
        }

        @Override
        public void stdout(String line) {
            event(STDOUT, line);
        }

        @Override
        public void stderr(String line) {
            event(STDERR, line);
        }

        synchronized void result(SnapshotResult result) throws IOException {
            out.writeByte(RESULT);
            Report report = result.report();
            writeString(out, report.initFunction());
            out.writeInt(report.inputBytes());
            out.writeInt(report.outputBytes());
            out.writeInt(report.memoryPages().size());
            for (int pages : report.memoryPages()) {
                out.writeInt(pages);
            }
            out.writeInt(report.dataSegments());
            out.writeLong(report.dataBytes());
            out.writeInt(report.globals());
            out.writeInt(report.stageTimes().size());
            for (Report.StageTime time : report.stageTimes()) {
                writeString(out, time.stage());
                out.writeLong(time.duration().toNanos());
            }
            out.writeInt(result.output().length);
            out.write(result.output());
            out.flush();
        }

        /** {@code line}: the reason, as the in-process path words it; {@code error}: what was thrown, for -e and -X. */
        synchronized void failure(String line, Throwable error) throws IOException {
            out.writeByte(FAILURE);
            writeString(out, line);
            List<Throwable> chain = new ArrayList<>();
            for (Throwable e = error; e != null && chain.size() < MAX_CAUSES && !chain.contains(e); e = e.getCause()) {
                chain.add(e);
            }
            out.writeInt(chain.size());
            for (Throwable e : chain) {
                writeString(out, e.getClass().getName());
                writeNullable(out, e.getMessage());
                out.writeInt(e.getStackTrace().length);
                for (StackTraceElement frame : e.getStackTrace()) {
                    writeNullable(out, frame.getClassLoaderName());
                    writeNullable(out, frame.getModuleName());
                    writeNullable(out, frame.getModuleVersion());
                    writeString(out, frame.getClassName());
                    writeString(out, frame.getMethodName());
                    writeNullable(out, frame.getFileName());
                    out.writeInt(frame.getLineNumber());
                }
            }
            out.flush();
        }

        /** A listener cannot throw: if the parent is gone, so is the point of going on. */
        private synchronized void event(byte tag, String text) {
            try {
                out.writeByte(tag);
                writeString(out, text);
                out.flush();
            } catch (IOException e) {
                System.exit(SnapshotChild.PARENT_GONE);
            }
        }
    }

    /** How the child's work ended. */
    sealed interface Reply {}

    /** The module's snapshot. */
    record Made(SnapshotResult result) implements Reply {}

    /** The module failed: {@code line} says why, {@code error} is what was thrown in the child, if anything. */
    record Failed(String line, ForkedException error) implements Reply {}

    /**
     * The parent's side: passes every event to {@code listener} as it comes, and returns how the work ended.
     *
     * @throws java.io.EOFException if the child's stdout ends first: it exited, or died, without an answer
     */
    static Reply readReply(DataInputStream in, SnapshotListener listener) throws IOException {
        while (true) {
            byte tag = in.readByte();
            switch (tag) {
                case DEBUG -> listener.debug(readString(in));
                case INFO -> listener.info(readString(in));
                case WARN -> listener.warn(readString(in));
                case PROGRESS -> listener.progress(readString(in));
                case STDOUT -> listener.stdout(readString(in));
                case STDERR -> listener.stderr(readString(in));
                case RESULT -> {
                    return new Made(readResult(in));
                }
                case FAILURE -> {
                    return readFailure(in);
                }
                default -> throw new IOException("an unknown message, tag " + tag);
            }
        }
    }

    private static SnapshotResult readResult(DataInputStream in) throws IOException {
        String initFunction = readString(in);
        int inputBytes = in.readInt();
        int outputBytes = in.readInt();
        List<Integer> memoryPages = new ArrayList<>();
        for (int n = in.readInt(); n > 0; n--) {
            memoryPages.add(in.readInt());
        }
        int dataSegments = in.readInt();
        long dataBytes = in.readLong();
        int globals = in.readInt();
        List<Report.StageTime> stageTimes = new ArrayList<>();
        for (int n = in.readInt(); n > 0; n--) {
            stageTimes.add(new Report.StageTime(readString(in), Duration.ofNanos(in.readLong())));
        }
        byte[] output = new byte[length(in)];
        in.readFully(output);
        return new SnapshotResult(output, new Report(initFunction, inputBytes, outputBytes, List.copyOf(memoryPages),
                dataSegments, dataBytes, globals, List.copyOf(stageTimes)));
    }

    private static Failed readFailure(DataInputStream in) throws IOException {
        String line = readString(in);
        record Thrown(String type, String message, StackTraceElement[] trace) {}
        List<Thrown> chain = new ArrayList<>();
        for (int n = in.readInt(); n > 0; n--) {
            String type = readString(in);
            String message = readNullable(in);
            StackTraceElement[] trace = new StackTraceElement[length(in)];
            for (int i = 0; i < trace.length; i++) {
                trace[i] = new StackTraceElement(readNullable(in), readNullable(in), readNullable(in), readString(in),
                        readString(in), readNullable(in), in.readInt());
            }
            chain.add(new Thrown(type, message, trace));
        }
        ForkedException error = null;
        for (int i = chain.size() - 1; i >= 0; i--) {
            Thrown thrown = chain.get(i);
            error = new ForkedException(thrown.type(), thrown.message(), thrown.trace(), error);
        }
        return new Failed(line, error);
    }

    /**
     * What was thrown in the forked JVM, for Maven's -e and -X: its message and its stack trace there. The message is
     * the thrown one's, as in Maven's JVM, so that Maven's summary of a failure, which adds the messages of causes it
     * does not contain yet, reads the same; Maven names a cause by its class, this one, but {@link #toString()} names
     * the class thrown.
     */
    static final class ForkedException extends Exception {
        private final String type;

        ForkedException(String type, String message, StackTraceElement[] trace, ForkedException cause) {
            super(message, cause, false, true);
            this.type = type;
            setStackTrace(trace);
        }

        @Override
        public String toString() {
            return getMessage() == null ? type : type + ": " + getMessage();
        }
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        out.writeInt(text.length());
        out.writeChars(text);
    }

    private static String readString(DataInputStream in) throws IOException {
        char[] text = new char[length(in)];
        for (int i = 0; i < text.length; i++) {
            text[i] = in.readChar();
        }
        return new String(text);
    }

    private static int length(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("a negative length, " + length);
        }
        return length;
    }

    private static void writeNullable(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            writeString(out, text);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? readString(in) : null;
    }

    private static void writeStrings(DataOutputStream out, List<String> texts) throws IOException {
        out.writeInt(texts.size());
        for (String text : texts) {
            writeString(out, text);
        }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        List<String> texts = new ArrayList<>();
        for (int n = in.readInt(); n > 0; n--) {
            texts.add(readString(in));
        }
        return texts;
    }
}
