package io.github.wasmsnapshot.maven;

import io.github.wasmsnapshot.core.Configuration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.maven.plugin.MojoExecutionException;
import org.codehaus.plexus.util.DirectoryScanner;

/**
 * Finds the modules of an execution: every file under the input directory that the includes select and the
 * excludes do not, plus the {@code <module>} entries, an entry overriding a scanned file with the same input.
 * The result is sorted by input path, so modules are always processed in the same order.
 */
final class ModuleDiscovery {
    /** One module to pre-initialize, with its options as configured: the execution's, overridden by its entry's. */
    record PlannedModule(Path input, Path output, Configuration configuration) {}

    private final Path basedir;
    private final Path inputDirectory;
    private final Path outputDirectory;

    ModuleDiscovery(Path basedir, Path inputDirectory, Path outputDirectory) {
        this.basedir = basedir;
        this.inputDirectory = basedir.resolve(inputDirectory).normalize();
        this.outputDirectory = basedir.resolve(outputDirectory).normalize();
    }

    List<PlannedModule> find(List<String> includes, List<String> excludes, Configuration execution,
            List<ModuleConfiguration> entries) throws MojoExecutionException {
        Map<Path, PlannedModule> modules = new TreeMap<>();
        for (String relative : scan(includes, excludes)) {
            Path input = inputDirectory.resolve(relative);
            modules.put(input, new PlannedModule(input, defaultOutput(input), execution));
        }
        for (ModuleConfiguration entry : entries == null ? List.<ModuleConfiguration>of() : entries) {
            if (entry.input == null) {
                throw new MojoExecutionException("every <module> of <modules> needs an <input>");
            }
            Path input = basedir.resolve(entry.input.toPath()).normalize();
            Path output = entry.output == null ? defaultOutput(input) : basedir.resolve(entry.output.toPath()).normalize();
            modules.put(input, new PlannedModule(input, output,
                    execution.overriddenBy(ParameterValues.read(entry))));
        }
        requireDistinctOutputs(modules.values());
        return List.copyOf(modules.values());
    }

    private String[] scan(List<String> includes, List<String> excludes) {
        if (!Files.isDirectory(inputDirectory)) {
            return new String[0];
        }
        DirectoryScanner scanner = new DirectoryScanner();
        scanner.setBasedir(inputDirectory.toFile());
        scanner.setIncludes(includes == null ? null : includes.toArray(String[]::new));
        scanner.setExcludes(excludes == null ? null : excludes.toArray(String[]::new));
        scanner.addDefaultExcludes();
        scanner.scan();
        return scanner.getIncludedFiles();
    }

    private Path defaultOutput(Path input) {
        return input.startsWith(inputDirectory)
                ? outputDirectory.resolve(inputDirectory.relativize(input))
                : outputDirectory.resolve(input.getFileName());
    }

    private static void requireDistinctOutputs(Iterable<PlannedModule> modules) throws MojoExecutionException {
        Map<Path, Path> inputByOutput = new HashMap<>();
        for (PlannedModule module : modules) {
            Path other = inputByOutput.putIfAbsent(module.output(), module.input());
            if (other != null) {
                throw new MojoExecutionException(
                        other + " and " + module.input() + " would both be written to " + module.output());
            }
        }
    }
}
