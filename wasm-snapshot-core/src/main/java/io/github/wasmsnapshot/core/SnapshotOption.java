package io.github.wasmsnapshot.core;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Every option of a snapshot, declared once: its command-line names (wizer's spelling where wizer has the option),
 * its Maven plugin parameter (property {@code wasm-snapshot.PARAMETER}), its default and its help. The command line
 * is built from these; the plugin's parameters carry the same names and defaults; {@link Configuration} turns the
 * text either front-end was given into {@link SnapshotOptions}. Messages name an option by {@link #toString()},
 * which shows both spellings, so that the same mistake reads the same in either front-end.
 */
public enum SnapshotOption {
    INIT_FUNCTION(Kind.VALUE, "initFunction", "NAME", Defaults.INIT_FUNCTION,
            "the export that initializes the module; it must have type [] -> []; when left at the default and the"
                    + " module exports only wizer.initialize (wizer's default before version 10), that one",
            "-f", "--init-func"),
    RENAME_FUNCTIONS(Kind.REPEATED, "renameFunctions", "DST=SRC", null,
            "export the function exported as SRC under the name DST, replacing an export named DST; repeatable",
            "-r", "--rename-func"),
    KEEP_INIT_FUNCTION(Kind.FLAG, "keepInitFunction", "BOOL", Defaults.FALSE, "keep exporting the init function",
            "--keep-init-func"),
    MAX_DATA_SEGMENTS(Kind.VALUE, "maxDataSegments", "N", Defaults.MAX_DATA_SEGMENTS,
            "emit at most N snapshot data segments, merging the smallest gaps first, as wizer does",
            "--max-data-segments"),
    PARALLELISM(Kind.VALUE, null, "N", null,
            "threads that scan memory (default: the number of processors, at most " + Defaults.MAX_PARALLELISM
                    + "); the output does not depend on it",
            "--parallelism"),
    ENGINE(Kind.VALUE, "engine", "ENGINE", Defaults.ENGINE,
            "how initializers run: auto (interpret at once, compile in the background and switch when that is done),"
                    + " interpreter, or compiler (Chicory's, to JVM bytecode); the output is the same",
            "--engine"),
    CACHE_DIRECTORY(Kind.VALUE, "cacheDirectory", "DIR", null,
            "where compiled classes are kept for the next run of the same module (default: $XDG_CACHE_HOME or"
                    + " ~/.cache, under wasm-snapshot); none for no cache",
            "--cache-dir"),
    TIMEOUT(Kind.VALUE, "timeout", "SECONDS", "0",
            "stop the initialization after this many seconds and fail, even in a loop that never calls out; 0 for no"
                    + " limit (the Maven plugin's default: " + Defaults.PLUGIN_TIMEOUT + ")",
            "--timeout") {
        @Override
        public String pluginDefaultValue() {
            return Defaults.PLUGIN_TIMEOUT;
        }
    },
    STACK_SIZE(Kind.VALUE, "stackSize", "SIZE", Defaults.STACK_SIZE,
            "the stack of the thread that runs the initializer, in bytes or with k, m or g as java -Xss takes it:"
                    + " recursion deeper than it fits fails; raise it for initializers that recurse deeper",
            "--stack-size"),
    PRELOADS(Kind.REPEATED, "preloads", "NAME=FILE", null,
            "instantiate the module FILE first and satisfy the imports from module NAME with its exports; its state"
                    + " is not snapshotted and the output still imports NAME; repeatable",
            "--preload"),
    ALLOW_WASI(Kind.FLAG, "allowWasi", "BOOL", Defaults.FALSE,
            "provide WASI preview 1 to the initializer, deterministic unless asked otherwise; the WASI options below"
                    + " need it",
            "--allow-wasi"),
    ENVIRONMENT(Kind.REPEATED, "environment", "NAME=VALUE", null,
            "an environment variable the initializer sees; repeatable (default: an empty environment)", "--env"),
    INHERIT_ENVIRONMENT(Kind.FLAG, "inheritEnvironment", "BOOL", Defaults.FALSE,
            "also pass this process's environment, sorted by name (the option above overrides it); warns: the output"
                    + " may then depend on the machine",
            "--inherit-env"),
    WASI_ARGUMENTS(Kind.REPEATED, "wasiArguments", "ARG", null,
            "append ARG to the initializer's argv; repeatable (default: no arguments)", "--wasi-arg"),
    DIRECTORIES(Kind.REPEATED, "directories", "DIR", null,
            "give the initializer a copy of the host directory DIR, seen as DIR; repeatable", "--dir"),
    MAPPED_DIRECTORIES(Kind.REPEATED, "mappedDirectories", "GUEST::HOST", null,
            "give the initializer a copy of the host directory HOST, seen as GUEST; copies have sorted listings and"
                    + " fixed file times, and the host is never written; repeatable",
            "--mapdir"),
    WASI_RANDOM_SEED(Kind.VALUE, "wasiRandomSeed", "N", Defaults.WASI_RANDOM_SEED,
            "seed of the deterministic stream that random_get returns", "--wasi-random-seed"),
    WASI_CLOCK_START(Kind.VALUE, "wasiClockStart", "TIME", null,
            "where the virtual clock starts, an ISO-8601 instant or seconds since 1970, from 1970 to 2100 (default:"
                    + " the build's time, $SOURCE_DATE_EPOCH or project.build.outputTimestamp, else "
                    + Defaults.CLOCK_START + "); it advances 1 ms per read",
            "--wasi-clock-start"),
    WASI_REAL_ENTROPY_AND_CLOCK(Kind.FLAG, "wasiRealEntropyAndClock", "BOOL", Defaults.FALSE,
            "wizer's behaviour instead: real entropy and the system clocks; warns: the output is then not"
                    + " reproducible",
            "--wasi-real-entropy-and-clock");

    /** How an option takes its value. */
    public enum Kind {
        /** One value. */
        VALUE,
        /** true or false; on the command line the value may be left out, meaning true. */
        FLAG,
        /** Any number of values. */
        REPEATED
    }

    private final Kind kind;
    private final String parameter;
    private final String label;
    private final String defaultValue;
    private final String help;
    private final List<String> names;

    SnapshotOption(Kind kind, String parameter, String label, String defaultValue, String help, String... names) {
        this.kind = kind;
        this.parameter = parameter;
        this.label = label;
        this.defaultValue = defaultValue;
        this.help = help;
        this.names = List.of(names);
    }

    public Kind kind() {
        return kind;
    }

    /** The Maven plugin's parameter, or null if the plugin has none (the option's default applies). */
    public String parameter() {
        return parameter;
    }

    /** The value's placeholder in help texts: {@code NAME}, {@code N}, ... */
    public String label() {
        return label;
    }

    /** The default as text, as a front-end would give it; null where there is none or it depends on the machine. */
    public String defaultValue() {
        return defaultValue;
    }

    /** The Maven plugin's default: the same, unless a build calls for another one than the command line's. */
    public String pluginDefaultValue() {
        return defaultValue;
    }

    public String help() {
        return help;
    }

    /** The command-line names, short ones first. */
    public List<String> names() {
        return names;
    }

    /** The long command-line name. */
    public String cliName() {
        return names.get(names.size() - 1);
    }

    /** Whether WASI must be on for the option to mean anything. */
    public boolean configuresWasi() {
        return WasiOptions.SET.contains(this);
    }

    private static final class WasiOptions {
        static final Set<SnapshotOption> SET = EnumSet.of(ENVIRONMENT, INHERIT_ENVIRONMENT,
                WASI_ARGUMENTS, DIRECTORIES, MAPPED_DIRECTORIES, WASI_RANDOM_SEED, WASI_CLOCK_START,
                WASI_REAL_ENTROPY_AND_CLOCK);
    }

    /** Both spellings, {@code --init-func/initFunction}, for messages that both front-ends show. */
    @Override
    public String toString() {
        return parameter == null ? cliName() : cliName() + "/" + parameter;
    }
}
