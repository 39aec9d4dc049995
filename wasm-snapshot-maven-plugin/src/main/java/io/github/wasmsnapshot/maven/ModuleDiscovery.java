package io.github.wasmsnapshot.maven;

import io.github.wasmsnapshot.core.Configuration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;
import org.codehaus.plexus.util.AbstractScanner;
import org.codehaus.plexus.util.SelectorUtils;

/**
 * Finds the modules of an execution: every file under the input directory that the includes select and the
 * excludes do not, plus the {@code <module>} entries, an entry overriding a scanned file with the same input.
 * Symbolic links are followed, each file is taken once (by its real path) and a link back to a directory being
 * walked is not followed. The result is sorted by input path, so modules
 * are always processed in the same order. Before any module runs, it refuses an execution that would write over one
 * of its own inputs, or whose outputs the includes would select as inputs of the next build.
 */
final class ModuleDiscovery {
    /** One module to pre-initialize, with its options as configured: the execution's, overridden by its entry's. */
    record PlannedModule(Path input, Path output, Configuration configuration) {}

    private final Path basedir;
    private final Path inputDirectory;
    private final Path outputDirectory;
    private final Log log;

    ModuleDiscovery(Path basedir, Path inputDirectory, Path outputDirectory, Log log) {
        this.basedir = basedir;
        this.inputDirectory = basedir.resolve(inputDirectory).normalize();
        this.outputDirectory = basedir.resolve(outputDirectory).normalize();
        this.log = log;
    }

    List<PlannedModule> find(Patterns patterns, Configuration execution, List<ModuleConfiguration> entries)
            throws MojoExecutionException {
        Map<Path, PlannedModule> modules = new TreeMap<>();
        for (Path input : scan(patterns)) {
            modules.put(input, new PlannedModule(input, defaultOutput(input), execution));
        }
        for (ModuleConfiguration entry : entries == null ? List.<ModuleConfiguration>of() : entries) {
            if (entry.input == null) {
                throw new MojoExecutionException("wasm-snapshot: every <module> of <modules> needs an <input>");
            }
            Path input = basedir.resolve(entry.input.toPath()).normalize();
            Path output = entry.output == null ? defaultOutput(input) : basedir.resolve(entry.output.toPath())
                    .normalize();
            modules.put(input, new PlannedModule(input, output,
                    execution.overriddenBy(ParameterValues.read(entry))));
        }
        requireSafeOutputs(modules.values(), patterns);
        return List.copyOf(modules.values());
    }

    /** The includes and excludes, Ant style, relative to the input directory, as Maven's own plugins take them. */
    record Patterns(List<String> includes, List<String> excludes) {
        Patterns {
            includes = includes == null || includes.isEmpty() ? List.of("**") : List.copyOf(includes);
            List<String> all = new ArrayList<>(excludes == null ? List.of() : excludes);
            all.addAll(List.of(AbstractScanner.DEFAULTEXCLUDES));
            excludes = List.copyOf(all);
        }

        boolean select(String relative) {
            return matches(includes, relative) && !matches(excludes, relative);
        }

        private static boolean matches(List<String> patterns, String relative) {
            return patterns.stream().anyMatch(pattern -> SelectorUtils.matchPath(pattern, relative));
        }
    }

    /**
     * The selected files, each once: of the paths to one file, the one that goes through no symbolic link in the
     * input directory, else the first in sorted order.
     */
    private List<Path> scan(Patterns patterns) throws MojoExecutionException {
        if (!Files.isDirectory(inputDirectory)) {
            return List.of();
        }
        Map<Path, Path> byRealPath = new HashMap<>();
        try {
            Path realDirectory = inputDirectory.toRealPath();
            walk(inputDirectory, new HashSet<>(), file -> {
                String relative = inputDirectory.relativize(file).toString().replace(file.getFileSystem()
                        .getSeparator(), "/");
                if (patterns.select(relative)) {
                    Path real = file.toRealPath();
                    boolean direct = real.equals(realDirectory.resolve(inputDirectory.relativize(file)));
                    byRealPath.merge(real, file, (first, next) -> direct ? next : first);
                }
            });
        } catch (IOException e) {
            throw new MojoExecutionException("cannot list " + inputDirectory + ": " + e, e);
        }
        return byRealPath.values().stream().sorted().toList();
    }

    private interface FileVisitor {
        void visit(Path file) throws IOException;
    }

    /**
     * Visits the regular files under {@code directory}, children in name order, following symbolic links but not
     * back into a directory being walked ({@code ancestors}, by real path).
     */
    private void walk(Path directory, Set<Path> ancestors, FileVisitor visitor) throws IOException {
        Path real = directory.toRealPath();
        if (!ancestors.add(real)) {
            log.warn("Not following " + display(directory) + ": a symbolic link to a directory that contains it");
            return;
        }
        List<Path> children;
        try (Stream<Path> listing = Files.list(directory)) {
            children = listing.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
        for (Path child : children) {
            if (Files.isDirectory(child)) {
                walk(child, ancestors, visitor);
            } else if (Files.isRegularFile(child)) {
                visitor.visit(child);
            }
        }
        ancestors.remove(real);
    }

    private Path defaultOutput(Path input) {
        return input.startsWith(inputDirectory)
                ? outputDirectory.resolve(inputDirectory.relativize(input))
                : outputDirectory.resolve(input.getFileName());
    }

    /**
     * Nothing outside the outputs may be written: no two modules write one file, no output is an input (by path or
     * through links), and no output is where the includes would take it for an input on the next build.
     */
    private void requireSafeOutputs(Iterable<PlannedModule> modules, Patterns patterns)
            throws MojoExecutionException {
        Map<Path, Path> inputByOutput = new HashMap<>();
        Map<Path, Path> inputs = new HashMap<>();
        for (PlannedModule module : modules) {
            inputs.put(real(module.input()), module.input());
        }
        Path realInputDirectory = real(inputDirectory);
        for (PlannedModule module : modules) {
            Path output = real(module.output());
            Path other = inputByOutput.putIfAbsent(output, module.input());
            if (other != null) {
                throw new MojoExecutionException("wasm-snapshot: " + display(other) + " and " + display(module.input())
                        + " would both be written to " + display(module.output()));
            }
            Path input = inputs.get(output);
            if (input != null) {
                throw new MojoExecutionException("wasm-snapshot: the output of " + display(module.input()) + ", "
                        + display(module.output()) + ", is " + (input.equals(module.output()) ? ""
                                : "the same file as ")
                        + "the input " + display(input) + ": refusing to write over a source; choose another output");
            }
            if (output.startsWith(realInputDirectory)
                    && patterns.select(realInputDirectory.relativize(output).toString().replace('\\', '/'))) {
                throw new MojoExecutionException("wasm-snapshot: the output " + display(module.output())
                        + " lies in the input"
                        + " directory " + display(inputDirectory) + " where the includes select it: the next build"
                        + " would take it for a source; write outputs elsewhere (outputDirectory) or exclude them");
            }
        }
    }

    /** The path with every link resolved, for as much of it as exists. */
    private static Path real(Path path) throws MojoExecutionException {
        Path existing = path.toAbsolutePath().normalize();
        Path rest = existing.getFileSystem().getPath("");
        while (existing.getParent() != null && !Files.exists(existing)) {
            rest = existing.getFileName().resolve(rest);
            existing = existing.getParent();
        }
        try {
            return existing.toRealPath().resolve(rest).normalize();
        } catch (IOException e) {
            throw new MojoExecutionException("cannot resolve " + path + ": " + e, e);
        }
    }

    /** The path relative to the project's directory if it lies inside it; the user sees these. */
    private String display(Path path) {
        return path.startsWith(basedir) ? basedir.relativize(path).toString() : path.toString();
    }
}
