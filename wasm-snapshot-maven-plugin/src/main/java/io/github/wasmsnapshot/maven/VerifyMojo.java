package io.github.wasmsnapshot.maven;

import io.github.wasmsnapshot.core.Difference;
import io.github.wasmsnapshot.core.InputFiles;
import io.github.wasmsnapshot.core.SnapshotException;
import io.github.wasmsnapshot.core.WasmSnapshot;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Proves that the build reproduces: pre-initializes every module of the execution again, from its input and
 * options, on another number of threads than the {@code snapshot} goal used, and compares the bytes with the output
 * in the build directory and with its entry in the project's jar (when the output lies under
 * {@code project.build.outputDirectory} and the jar was packaged). A difference fails the build, naming the module,
 * the first differing byte offset and the section it falls in. Bind it in the same execution as {@code snapshot}, so
 * that both see the same modules and options:
 * {@code <goals><goal>snapshot</goal><goal>verify</goal></goals>}.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyMojo extends AbstractModulesMojo {
    /** Skip this goal. */
    @Parameter(property = "wasm-snapshot.verify.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${project.build.outputDirectory}", readonly = true, required = true)
    File classesDirectory;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping wasm-snapshot verification (wasm-snapshot.verify.skip)");
            return;
        }
        List<ModuleRunner.ResolvedModule> planned = plan();
        if (planned.isEmpty()) {
            return;
        }
        ModuleRunner runner = new ModuleRunner(getLog(), projectDirectory(), moduleThreads());
        Optional<File> jar = Optional.ofNullable(project.getArtifact()).map(Artifact::getFile).filter(File::isFile);
        List<ModuleRunner.Failure> failures = runner.runAll(planned, (module, listener) -> {
            ModuleRunner.ResolvedModule again = module.withParallelism(module.options().parallelism() == 1 ? 2 : 1);
            byte[] fresh = snapshotOf(again, new WasmSnapshot(again.options(), listener).read(
                    InputFiles.read(module.input())), listener).output();
            List<String> same = new ArrayList<>();
            compare(fresh, Files.readAllBytes(module.output()), "the output " + runner.display(module.output()));
            same.add(runner.display(module.output()));
            Optional<String> entry = jarEntry(module.output());
            if (jar.isPresent() && entry.isPresent()) {
                compare(fresh, read(jar.get(), entry.get()), "the entry " + entry.get() + " of "
                        + runner.display(jar.get().toPath()));
                same.add(entry.get() + " in " + runner.display(jar.get().toPath()));
            }
            return new ModuleRunner.Done<>("reproduced: the same bytes as " + String.join(" and ", same), null);
        }).failures();
        if (failures.size() == 1) {
            throw new MojoFailureException("wasm-snapshot verification failed: " + failures.get(0).line(),
                    failures.get(0).cause());
        }
        if (!failures.isEmpty()) {
            throw new MojoFailureException("wasm-snapshot verification failed for " + failures.size() + " of "
                    + planned.size() + " modules:\n  " + failures.stream().map(ModuleRunner.Failure::line)
                            .collect(Collectors.joining("\n  ")));
        }
    }

    private static void compare(byte[] fresh, byte[] built, String what) throws SnapshotException {
        Optional<String> difference = Difference.between(fresh, built);
        if (difference.isPresent()) {
            throw new SnapshotException(what + " differs from the snapshot made again " + difference.get());
        }
    }

    /** Where the jar holds {@code output}, if it lies under the classes directory. */
    private Optional<String> jarEntry(Path output) {
        Path classes = classesDirectory.toPath().toAbsolutePath().normalize();
        return output.startsWith(classes) ? Optional.of(classes.relativize(output).toString()
                .replace(output.getFileSystem().getSeparator(), "/")) : Optional.empty();
    }

    private static byte[] read(File jar, String name) throws IOException, SnapshotException {
        try (JarFile file = new JarFile(jar)) {
            ZipEntry entry = file.getEntry(name);
            if (entry == null) {
                throw new SnapshotException("the jar " + jar + " has no entry " + name);
            }
            try (InputStream in = file.getInputStream(entry)) {
                return in.readAllBytes();
            }
        }
    }
}
