package io.github.wasmsnapshot.maven;

import io.github.wasmsnapshot.core.SnapshotOptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Pre-initializes WebAssembly modules, as wizer does: instantiates each module, runs its init function, and writes
 * a module whose globals and data segments already hold the initialized state. By default every
 * {@code src/main/wasm/**}{@code /*.wasm} is written to the same relative path under {@code target/classes}, so the
 * jar ships the initialized modules.
 *
 * <p>The output bytes depend only on the input bytes and the options. Modules are processed in order of their input
 * path. A module whose input and options are unchanged since its last successful run, and whose output is still
 * there, is skipped as up to date. A module that fails fails the build, after the other modules were processed, and
 * leaves no output.
 */
@Mojo(name = "snapshot", defaultPhase = LifecyclePhase.PROCESS_RESOURCES, threadSafe = true)
public class SnapshotMojo extends AbstractMojo {
    /** The directory searched for modules; {@code includes} and {@code excludes} are relative to it. */
    @Parameter(property = "wasm-snapshot.inputDirectory", defaultValue = "${project.basedir}/src/main/wasm")
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

    /** The export that initializes a module; it must have type {@code [] -> []}. */
    @Parameter(property = "wasm-snapshot.initFunction", defaultValue = SnapshotOptions.DEFAULT_INIT_FUNCTION)
    String initFunction;

    /**
     * Renames of exported functions, each {@code DST=SRC}: the output exports the function exported as {@code SRC}
     * under the name {@code DST}, replacing an export named {@code DST}.
     */
    @Parameter(property = "wasm-snapshot.renameFunctions")
    List<String> renameFunctions;

    /** Keep exporting the init function from the output. */
    @Parameter(property = "wasm-snapshot.keepInitFunction", defaultValue = "false")
    boolean keepInitFunction;

    /** The most data segments a snapshot emits; the smallest gaps between them are merged first, as wizer does. */
    @Parameter(property = "wasm-snapshot.maxDataSegments", defaultValue = "" + SnapshotOptions.DEFAULT_MAX_DATA_SEGMENTS)
    int maxDataSegments;

    /** Skip the goal. */
    @Parameter(property = "wasm-snapshot.skip", defaultValue = "false")
    boolean skip;

    /**
     * Modules whose input, output or options differ from the above, for projects that ship several modules. Each
     * {@code <module>} has an {@code <input>} file (required; an entry for a file that the includes select replaces
     * it), an {@code <output>} file (default: as for the other modules) and any of {@code <initFunction>},
     * {@code <renameFunctions>}, {@code <keepInitFunction>}, {@code <maxDataSegments>}; those left out take the
     * values above.
     */
    @Parameter
    List<ModuleConfiguration> modules;

    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    File basedir;

    /** Holds the fingerprints of this execution's outputs. */
    @Parameter(defaultValue = "${project.build.directory}/wasm-snapshot", readonly = true, required = true)
    File stateDirectory;

    @Parameter(defaultValue = "${mojoExecution.executionId}", readonly = true, required = true)
    String executionId;

    @Parameter(defaultValue = "${plugin.version}", readonly = true, required = true)
    String pluginVersion;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping wasm-snapshot (wasm-snapshot.skip)");
            return;
        }
        Path base = basedir.toPath().toAbsolutePath().normalize();
        ModuleOptions defaults = new ModuleOptions(initFunction, renameFunctions, keepInitFunction, maxDataSegments);
        List<ModuleDiscovery.PlannedModule> planned = new ModuleDiscovery(base, inputDirectory.toPath(),
                outputDirectory.toPath()).find(includes, excludes, defaults, modules);
        if (planned.isEmpty()) {
            getLog().info("No WebAssembly modules in " + inputDirectory);
            return;
        }
        Path fingerprintFile = base.resolve(stateDirectory.toPath()).resolve(executionId + ".sha256");
        List<String> failures;
        try {
            Fingerprints fingerprints = Fingerprints.load(fingerprintFile, pluginVersion);
            failures = new ModuleRunner(getLog(), base, fingerprints).runAll(planned);
            fingerprints.save();
        } catch (IOException e) {
            throw new MojoExecutionException("cannot read or write " + fingerprintFile + ": " + e, e);
        }
        if (failures.size() == 1) {
            throw new MojoFailureException("wasm-snapshot failed: " + failures.get(0));
        }
        if (!failures.isEmpty()) {
            throw new MojoFailureException("wasm-snapshot failed for " + failures.size() + " of " + planned.size()
                    + " modules:\n  " + String.join("\n  ", failures));
        }
    }
}
