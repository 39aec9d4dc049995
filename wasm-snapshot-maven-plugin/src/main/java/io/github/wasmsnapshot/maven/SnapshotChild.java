package io.github.wasmsnapshot.maven;

import io.github.wasmsnapshot.core.ClockStartDefault;
import io.github.wasmsnapshot.core.Configuration;
import io.github.wasmsnapshot.core.SnapshotException;
import io.github.wasmsnapshot.core.SnapshotInput;
import io.github.wasmsnapshot.core.SnapshotOption;
import io.github.wasmsnapshot.core.SnapshotOptions;
import io.github.wasmsnapshot.core.SnapshotResult;
import io.github.wasmsnapshot.core.WasmSnapshot;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The main class of the JVM that {@link ForkedSnapshot} starts for one module: reads the {@link ForkProtocol.Request}
 * from stdin, resolves the options as Maven's JVM did, makes the snapshot of exactly the input Maven's JVM read (the
 * environment to inherit too: a launcher may add to a JVM's own), and answers on stdout. Its class path is the
 * plugin's, without Maven: JDK and core classes only. Nothing else may reach stdout, so {@code System.out} goes to
 * stderr, which the parent collects.
 */
final class SnapshotChild {
    /** The exit status when the parent stopped listening: nobody is left to tell. */
    static final int PARENT_GONE = 3;

    private SnapshotChild() {}

    public static void main(String[] args) {
        DataOutputStream stdout = new DataOutputStream(new BufferedOutputStream(
                new FileOutputStream(FileDescriptor.out)));
        System.setOut(System.err);
        int status;
        try {
            answer(new ForkProtocol.Events(stdout));
            status = 0;
        } catch (IOException e) {
            status = PARENT_GONE;
        } catch (Throwable e) {
            // the answer itself failed (out of heap, most likely): the parent shows stderr
            e.printStackTrace();
            status = 1;
        }
        // Not a return: a compile that the auto engine abandoned may still hold a thread.
        System.exit(status);
    }

    private static void answer(ForkProtocol.Events events) throws IOException {
        SnapshotResult result;
        try {
            result = snapshot(ForkProtocol.readRequest(new DataInputStream(new BufferedInputStream(System.in))),
                    events);
        } catch (Exception | Error e) {
            // whatever it was, it is the module's failure, worded as in Maven's JVM
            events.failure(FailureReason.of(e), e);
            return;
        }
        events.result(result);
    }

    private static SnapshotResult snapshot(ForkProtocol.Request request,
            ForkProtocol.Events events) throws Exception {
        Configuration configuration = new Configuration();
        request.options().forEach((option, values) -> {
            if (option.kind() == SnapshotOption.Kind.REPEATED) {
                configuration.with(option, values);
            } else {
                configuration.with(option, values.get(0));
            }
        });
        SnapshotOptions options = configuration.resolve(Path.of(request.basedir()),
                request.clockStart().map(ClockStartDefault::resolved).orElse(ClockStartDefault.NONE));
        WasmSnapshot snapshot = new WasmSnapshot(options, events);
        SnapshotInput input = snapshot.read(request.module(), request.environment());
        if (!input.digest().equals(request.digest())) {
            throw new SnapshotException("its preloads or mapped directories changed while it was being"
                    + " pre-initialized: build again");
        }
        return snapshot.run(input);
    }
}
