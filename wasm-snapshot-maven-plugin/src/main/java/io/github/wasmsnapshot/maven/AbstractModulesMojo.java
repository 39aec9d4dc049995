package io.github.wasmsnapshot.maven;

import io.github.wasmsnapshot.core.ClockStartDefault;
import io.github.wasmsnapshot.core.Configuration;
import io.github.wasmsnapshot.core.Defaults;
import io.github.wasmsnapshot.core.OptionException;
import io.github.wasmsnapshot.core.SnapshotException;
import io.github.wasmsnapshot.core.SnapshotInput;
import io.github.wasmsnapshot.core.SnapshotListener;
import io.github.wasmsnapshot.core.SnapshotResult;
import io.github.wasmsnapshot.core.WasmSnapshot;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What the goals share: the parameters that say which modules an execution has and how each is pre-initialized, and
 * the planning of them (discovery, one resolution of every option, every configuration error at once). Goals that
 * share an execution, as {@code snapshot} and {@code verify} do when bound together, see the same modules.
 */
abstract class AbstractModulesMojo extends AbstractMojo {
    private static final String DEFAULT_INPUT_DIRECTORY = "src/main/wasm";

    /** The directory searched for modules; {@code includes} and {@code excludes} are relative to it. */
    @Parameter(property = "wasm-snapshot.inputDirectory", defaultValue = "${project.basedir}/"
            + DEFAULT_INPUT_DIRECTORY)
    File inputDirectory;

    /** Patterns (Ant style, relative to {@code inputDirectory}) of the modules to pre-initialize. */
    @Parameter(property = "wasm-snapshot.includes", defaultValue = "**/*.wasm")
    List<String> includes;

    /** Patterns (Ant style, relative to {@code inputDirectory}) of files not to pre-initialize. */
    @Parameter(property = "wasm-snapshot.excludes")
    List<String> excludes;

    /** Where the pre-initialized modules are written, each at its path relative to {@code inputDirectory}. */
    @Parameter(property = "wasm-snapshot.outputDirectory", defaultValue = "${project.build.outputDirectory}")
    File outputDirectory;

    /*
     * The snapshot options: each field is named as its SnapshotOption's parameter and holds the text the POM gives
     * (see ParameterValues), so the core parses every value, with the command line's messages.
     */

    /**
     * The export that initializes a module; it must have type {@code [] -> []}. Left at the default, a module that
     * exports only {@code wizer.initialize} (wizer's default before version 10) runs that one.
     */
    @Parameter(property = "wasm-snapshot.initFunction", defaultValue = Defaults.INIT_FUNCTION)
    String initFunction;

    /**
     * Renames of exported functions, each {@code DST=SRC}: the output exports the function exported as {@code SRC}
     * under the name {@code DST}, replacing an export named {@code DST}.
     */
    @Parameter(property = "wasm-snapshot.renameFunctions")
    List<String> renameFunctions;

    /** Keep exporting the init function from the output. */
    @Parameter(property = "wasm-snapshot.keepInitFunction", defaultValue = Defaults.FALSE)
    String keepInitFunction;

    /** The most data segments a snapshot emits; the smallest gaps between them are merged first, as wizer does. */
    @Parameter(property = "wasm-snapshot.maxDataSegments", defaultValue = Defaults.MAX_DATA_SEGMENTS)
    String maxDataSegments;

    /**
     * How initializers run: {@code auto} (interpret at once, compile with Chicory's compiler in the background and
     * switch to compiled code when that is done first), {@code interpreter}, or {@code compiler}. The output's bytes
     * are the same whichever runs.
     */
    @Parameter(property = "wasm-snapshot.engine", defaultValue = Defaults.ENGINE)
    String engine;

    /**
     * Where compiled classes are kept, for the next build of the same module: by default the user's cache directory
     * ({@code $XDG_CACHE_HOME/wasm-snapshot}, else {@code ~/.cache/wasm-snapshot}); {@code none} for no cache.
     */
    @Parameter(property = "wasm-snapshot.cacheDirectory")
    String cacheDirectory;

    /**
     * Stop a module's initialization after this many seconds and fail the module, even in a loop that never calls
     * out; 0 for no limit.
     */
    @Parameter(property = "wasm-snapshot.timeout", defaultValue = Defaults.PLUGIN_TIMEOUT)
    String timeout;

    /**
     * The stack of the thread that runs an initializer, in bytes or with {@code k}, {@code m} or {@code g} as
     * {@code java -Xss} takes it: recursion deeper than it fits fails the module. Raise it for initializers that
     * recurse deeper.
     */
    @Parameter(property = "wasm-snapshot.stackSize", defaultValue = Defaults.STACK_SIZE)
    String stackSize;

    /**
     * Modules instantiated before each module, each {@code NAME=FILE} (wizer's {@code --preload}): the imports from
     * module {@code NAME} are the exports of the module in {@code FILE} (relative to the project's directory). A
     * preload's state is not snapshotted; the output still imports {@code NAME}. The files' contents are part of
     * the up-to-date check.
     */
    @Parameter(property = "wasm-snapshot.preloads")
    List<String> preloads;

    /**
     * Provide WASI preview 1 to the initializer, as wizer's {@code --allow-wasi}. Off, a WASI call fails the module.
     * On, WASI is deterministic unless {@code wasiRealEntropyAndClock}: seeded entropy, a virtual clock, only the
     * environment, arguments and directories given below, an empty stdin; stdout goes to the build log as info,
     * stderr as warnings. The {@code wasi*}, {@code environment}, {@code inheritEnvironment} and directory
     * parameters apply to the modules with WASI on; giving them while WASI is off for every module is an error.
     */
    @Parameter(property = "wasm-snapshot.allowWasi", defaultValue = Defaults.FALSE)
    String allowWasi;

    /** Seeds the deterministic stream that WASI's {@code random_get} returns. */
    @Parameter(property = "wasm-snapshot.wasiRandomSeed", defaultValue = Defaults.WASI_RANDOM_SEED)
    String wasiRandomSeed;

    /**
     * Where WASI's virtual realtime clock starts (it advances 1 ms at every read; the monotonic clock starts at
     * zero), also the time of every file in the mapped directories: an ISO-8601 instant
     * ({@code 2024-01-01T00:00:00Z}) or seconds since 1970. Default: {@code project.build.outputTimestamp}, read as
     * Maven's plugins read it (ISO-8601 with an offset, or seconds since 1970; one character means none); without
     * one, {@code 2000-01-01T00:00:00Z}.
     */
    @Parameter(property = "wasm-snapshot.wasiClockStart")
    String wasiClockStart;

    /**
     * Wizer's behaviour instead of the deterministic one: WASI returns real entropy and the system clocks. Warns:
     * the output is then not reproducible.
     */
    @Parameter(property = "wasm-snapshot.wasiRealEntropyAndClock", defaultValue = Defaults.FALSE)
    String wasiRealEntropyAndClock;

    /** Environment variables the initializer sees, sorted by name; none by default. */
    @Parameter
    Map<String, String> environment;

    /**
     * Also pass the environment Maven runs in (sorted by name; {@code environment} overrides it). Warns: the output
     * may then depend on the machine and the user. Its values are part of the up-to-date check.
     */
    @Parameter(property = "wasm-snapshot.inheritEnvironment", defaultValue = Defaults.FALSE)
    String inheritEnvironment;

    /** The initializer's {@code argv}; none by default. */
    @Parameter(property = "wasm-snapshot.wasiArguments")
    List<String> wasiArguments;

    /**
     * Host directories (relative to the project's directory) that the initializer may read, each under the path as
     * written. The initializer sees an in-memory copy, with sorted listings and every file time the clock start;
     * it never writes to the host. Their contents are part of the up-to-date check.
     */
    @Parameter(property = "wasm-snapshot.directories")
    List<String> directories;

    /** Like {@code directories}, each {@code GUEST::HOST}: the host directory {@code HOST} seen as {@code GUEST}. */
    @Parameter(property = "wasm-snapshot.mappedDirectories")
    List<String> mappedDirectories;

    /**
     * Modules whose input, output or options differ from the above, for projects that ship several modules. Each
     * {@code <module>} has an {@code <input>} file (required; an entry for a file that the includes select replaces
     * it), an {@code <output>} file (default: as for the other modules) and any of {@code <initFunction>},
     * {@code <renameFunctions>}, {@code <keepInitFunction>}, {@code <maxDataSegments>}, {@code <preloads>},
     * {@code <allowWasi>}; those left out take the values above. WASI's other parameters are the execution's.
     */
    @Parameter
    List<ModuleConfiguration> modules;

    /**
     * Initialize each module in a JVM of its own, started for it with the JVM options that suit short batch work (no
     * optimizing compiler unless the engine is {@code interpreter}, the serial collector, classes from a class-data
     * archive kept in {@code cacheDirectory}) and with Maven's heap limit ({@code -Xmx} in {@code MAVEN_OPTS}): in
     * Maven's JVM, tuned for long-running work, the optimizing compiler and the parallel collector take the cores
     * that the modules need. {@code false} initializes them in Maven's JVM: for debugging, or where the build may not
     * start processes. The output is the same either way.
     */
    @Parameter(property = "wasm-snapshot.fork", defaultValue = "true")
    boolean fork;

    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    File basedir;

    /** Holds the fingerprints of this execution's outputs. */
    @Parameter(defaultValue = "${project.build.directory}/wasm-snapshot", readonly = true, required = true)
    File stateDirectory;

    @Parameter(defaultValue = "${session}", readonly = true)
    MavenSession session;

    @Parameter(defaultValue = "${mojoExecution.executionId}", readonly = true, required = true)
    String executionId;

    /** The default of {@code wasiClockStart}. */
    @Parameter(defaultValue = "${project.build.outputTimestamp}", readonly = true)
    String outputTimestamp;

    /**
     * The execution's modules with their options, or none after saying why there are none; an execution that would
     * write over its inputs, or whose configuration has errors, is refused before any module runs.
     */
    List<ModuleRunner.ResolvedModule> plan() throws MojoExecutionException {
        Path base = projectDirectory();
        ModuleDiscovery.Patterns patterns = new ModuleDiscovery.Patterns(includes, excludes);
        List<ModuleDiscovery.PlannedModule> planned = new ModuleDiscovery(base, inputDirectory.toPath(),
                outputDirectory.toPath(), getLog()).find(patterns, ParameterValues.read(this), modules);
        if (planned.isEmpty()) {
            sayWhyNothing(base);
            return List.of();
        }
        return resolve(planned, base);
    }

    /**
     * The snapshot of a module's {@code input}, read with the module's options: in a JVM of its own, unless
     * {@code fork} is off. Either way the result is the same, and so are the listener's events and the failures.
     */
    SnapshotResult snapshotOf(ModuleRunner.ResolvedModule module, SnapshotInput input, SnapshotListener listener)
            throws SnapshotException, InterruptedException {
        if (!fork) {
            return new WasmSnapshot(module.options(), listener).run(input);
        }
        return ForkedSnapshot.ofThisJvm(projectDirectory()).run(module, input, listener);
    }

    Path projectDirectory() {
        return basedir.toPath().toAbsolutePath().normalize();
    }

    Path stateDirectory() {
        return projectDirectory().resolve(stateDirectory.toPath());
    }

    /**
     * How many modules run at once: the processors, shared among the projects Maven builds at once ({@code -T}).
     * Each holds its instance's memory while it runs, so the heap should hold that many.
     */
    int moduleThreads() {
        MavenExecutionRequest request = session == null ? null : session.getRequest();
        int projects = request == null ? 1 : Math.max(1, request.getDegreeOfConcurrency());
        return Math.max(1, Runtime.getRuntime().availableProcessors() / projects);
    }

    /** An input directory the user chose that is not there, or includes that select nothing, deserve a warning. */
    private void sayWhyNothing(Path base) {
        Path directory = base.resolve(inputDirectory.toPath()).normalize();
        boolean chosen = !directory.equals(base.resolve(DEFAULT_INPUT_DIRECTORY));
        if (!Files.isDirectory(directory)) {
            String line = "No WebAssembly modules: the input directory " + inputDirectory + " does not exist";
            if (chosen) {
                getLog().warn(line);
            } else {
                getLog().info(line);
            }
        } else {
            getLog().warn("No WebAssembly modules: no file in " + inputDirectory + " matches the includes " + includes
                    + (excludes == null || excludes.isEmpty() ? "" : " and not the excludes " + excludes));
        }
    }

    /**
     * Every module's options, or every configuration error at once, before any module runs: an error of an
     * execution-wide parameter once, one of a module's entry with the module's name.
     */
    private List<ModuleRunner.ResolvedModule> resolve(List<ModuleDiscovery.PlannedModule> planned, Path base)
            throws MojoExecutionException {
        ClockStartDefault clockStart = ClockStartDefault.outputTimestamp(outputTimestamp);
        List<ModuleRunner.ResolvedModule> resolved = new ArrayList<>();
        Map<String, List<Path>> errors = new LinkedHashMap<>();
        try {
            Configuration.requireWasiWhereConfigured(
                    planned.stream().map(ModuleDiscovery.PlannedModule::configuration).toList());
        } catch (OptionException e) {
            errors.put(e.getMessage(), planned.stream().map(ModuleDiscovery.PlannedModule::input).toList());
        }
        for (ModuleDiscovery.PlannedModule module : planned) {
            try {
                resolved.add(new ModuleRunner.ResolvedModule(module.input(), module.output(), module.configuration(),
                        module.configuration().resolve(base, clockStart)));
            } catch (OptionException e) {
                for (String problem : e.problems()) {
                    errors.computeIfAbsent(problem, message -> new ArrayList<>()).add(module.input());
                }
            }
        }
        if (!errors.isEmpty()) {
            List<String> lines = new ArrayList<>();
            errors.forEach((message, inputs) -> lines.add(inputs.size() == planned.size() ? message
                    : inputs.stream().map(input -> base.relativize(input).toString())
                            .collect(Collectors.joining(", ")) + ": " + message));
            throw new MojoExecutionException("wasm-snapshot: " + String.join("\n  ", lines));
        }
        return resolved;
    }
}
