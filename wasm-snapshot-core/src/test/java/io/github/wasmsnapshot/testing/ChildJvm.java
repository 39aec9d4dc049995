package io.github.wasmsnapshot.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Another JVM on the tests' class path, for what the tests cannot do to their own: kill it, close its stdout. */
public final class ChildJvm {
    private ChildJvm() {}

    public static Process start(Class<?> main, String... args) throws IOException {
        return start(List.of(), main, args);
    }

    /** {@code jvmOptions}: "-Xmx64m" and the like. */
    public static Process start(List<String> jvmOptions, Class<?> main, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }

    /** Sends {@code signal} (TERM, INT, KILL, STOP, CONT) to the process, as kill(1) does. */
    public static void signal(Process process, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** Whether the process ignores {@code signalNumber}, as a JVM started in the background ignores SIGINT. */
    public static boolean ignores(Process process, int signalNumber) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("SigIgn:")) {
                long ignored = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                return (ignored & (1L << (signalNumber - 1))) != 0;
            }
        }
        throw new IOException("no SigIgn line in /proc/" + process.pid() + "/status");
    }
}
