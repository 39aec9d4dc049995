package io.github.wasmsnapshot.maven;

import io.github.wasmsnapshot.core.InputFiles;
import io.github.wasmsnapshot.core.OutputFiles;
import io.github.wasmsnapshot.core.Provenance;
import io.github.wasmsnapshot.core.SnapshotInput;
import io.github.wasmsnapshot.core.SnapshotResult;
import io.github.wasmsnapshot.core.WasmSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;
import org.sonatype.plexus.build.incremental.BuildContext;

/**
 * Pre-initializes WebAssembly modules, as wizer does: instantiates each module, runs its init function, and writes
 * a module whose globals and data segments already hold the initialized state. By default every
 * {@code src/main/wasm/**}{@code /*.wasm} is written to the same relative path under {@code target/classes}, so the
 * jar ships the initialized modules.
 *
 * <p>The output bytes depend only on the input bytes, the options and the files the options name (preloads, and the
 * directories WASI maps), unless {@code wasiRealEntropyAndClock} or {@code inheritEnvironment} says otherwise.
 * Modules are processed in order of their input path, several at once where there are the cores (their lines reach
 * the log in that order), each in a JVM of its own unless {@code fork} is off. A module whose input, options and
 * named files are unchanged since its last successful run, and whose output is still there, is skipped as up to
 * date. A module that fails fails the build, after the other modules were processed, and leaves no output.
 *
 * <p>{@code target/wasm-snapshot/EXECUTION.json} is the execution's provenance report: per module, the input's and
 * output's path and SHA-256, the effective options, the versions, and the output's sizes and counts; it has no time
 * and no absolute path, so it is as reproducible as the modules.
 */
@Mojo(name = "snapshot", defaultPhase = LifecyclePhase.PROCESS_RESOURCES, threadSafe = true)
public class SnapshotMojo extends AbstractModulesMojo {
    /** Skip the goal. */
    @Parameter(property = "wasm-snapshot.skip", defaultValue = "false")
    boolean skip;

    /**
     * Attach the provenance report to the project, so that {@code install} and {@code deploy} publish it: type
     * {@code json}, classifier {@code wasm-snapshot-report} ({@code wasm-snapshot-report-ID} for an execution whose
     * id is not {@code default}).
     */
    @Parameter(property = "wasm-snapshot.attachReport", defaultValue = "true")
    boolean attachReport;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Component
    MavenProjectHelper projectHelper;

    /** What an output was made from: the digest of its inputs and its provenance entry. */
    private record Made(String digest, String entry) {}

    /** An IDE's view of the files (Eclipse's m2e); in a Maven build, refreshing does nothing. */
    @Component
    BuildContext buildContext;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping wasm-snapshot (wasm-snapshot.skip)");
            return;
        }
        List<ModuleRunner.ResolvedModule> planned = plan();
        if (planned.isEmpty()) {
            return;
        }
        Path base = projectDirectory();
        Path state = stateDirectory();
        // Never in an output directory that gets packaged; what a killed build left there goes now.
        Path temporary = state.resolve("tmp").resolve(executionId);
        ModuleRunner runner = new ModuleRunner(getLog(), base, moduleThreads());
        ModuleRunner.Results<Made> results;
        try {
            OutputFiles.deleteTemporaryFiles(temporary);
            SnapshotState snapshots = SnapshotState.load(state.resolve(executionId + ".state"));
            results = runner.runAll(planned, (module, listener) -> {
                WasmSnapshot snapshot = new WasmSnapshot(module.options(), listener);
                SnapshotInput input = snapshot.read(InputFiles.read(module.input()));
                Optional<String> entry = snapshots.upToDate(module.output(), input.digest());
                if (entry.isPresent()) {
                    return new ModuleRunner.Done<>("up to date", new Made(input.digest(), entry.get()));
                }
                SnapshotResult result = snapshotOf(module, input, listener);
                OutputFiles.write(module.output(), result.output(), temporary);
                ModuleTimes.record(module.options().cacheDirectory(), input.module(), result.report().totalTime());
                return new ModuleRunner.Done<>(result.report().summary(), new Made(input.digest(), Provenance.entry(
                        reportPath(module.input()), reportPath(module.output()), input, module.options(), result,
                        base)));
            });
            for (int i = 0; i < results.done().size(); i++) {
                Made made = results.values().get(i);
                snapshots.record(results.done().get(i).output(), made.digest(), made.entry());
            }
            results.failures().forEach(failure -> deleteOutput(failure.module().output(), runner));
            snapshots.save();
            writeReport(state.resolve(executionId + ".json"), results.values());
        } catch (IOException e) {
            throw new MojoExecutionException("cannot read or write " + state + ": " + e.getMessage(), e);
        }
        planned.forEach(module -> buildContext.refresh(module.output().toFile()));
        List<ModuleRunner.Failure> failures = results.failures();
        if (failures.size() == 1) {
            throw new MojoFailureException("wasm-snapshot failed: " + failures.get(0).line(), failures.get(0).cause());
        }
        if (!failures.isEmpty()) {
            throw new MojoFailureException("wasm-snapshot failed for " + failures.size() + " of " + planned.size()
                    + " modules:\n  " + failures.stream().map(ModuleRunner.Failure::line)
                            .collect(Collectors.joining("\n  ")));
        }
    }

    /** As the report shows a path: relative to the project, with forward slashes, so it reads the same anywhere. */
    private String reportPath(Path path) {
        Path base = projectDirectory();
        return (path.startsWith(base) ? base.relativize(path) : path).toString()
                .replace(path.getFileSystem().getSeparator(), "/");
    }

    /** One entry per module made or up to date, in input order; no time, no absolute path. */
    private void writeReport(Path file, List<Made> made) throws IOException {
        String report = "{\"execution\": \"" + executionId + "\", \"modules\": [\n"
                + made.stream().map(Made::entry).collect(Collectors.joining(",\n")) + "\n]}\n";
        OutputFiles.write(file, report.getBytes(StandardCharsets.UTF_8));
        if (attachReport) {
            String classifier = "wasm-snapshot-report" + (executionId.equals("default") ? "" : "-" + executionId);
            projectHelper.attachArtifact(project, "json", classifier, file.toFile());
        }
    }

    /**
     * A failed module leaves no output: its stale output goes, if it is a file of its own. Discovery made sure no
     * output is an input; a symbolic link (written through, not replaced) or a special file is not ours to delete.
     */
    private void deleteOutput(Path output, ModuleRunner runner) {
        try {
            if (Files.isRegularFile(output, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(output);
            }
        } catch (IOException e) {
            getLog().error("cannot delete the stale output " + runner.display(output) + ": " + e.getMessage());
        }
    }
}
