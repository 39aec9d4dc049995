package io.github.wasmsnapshot.core;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A mapped host directory as the initializer sees it: directories and regular files, children sorted by name,
 * symbolic links followed (a loop is an error), other special files left out. The copy the initializer reads and the
 * digest of what the output depends on both walk it this way.
 */
final class DirectoryWalk {
    interface Visitor {
        /** {@code relative} is empty for the root. */
        void directory(String relative) throws IOException;

        void file(String relative, Path host) throws IOException;
    }

    private DirectoryWalk() {}

    /** @throws NoSuchFileException or {@link NotDirectoryException} if {@code root} is no directory */
    static void walk(Path root, Visitor visitor) throws IOException {
        if (!Files.isDirectory(root)) {
            throw Files.exists(root) ? new NotDirectoryException(root.toString())
                    : new NoSuchFileException(root.toString());
        }
        walk(root, "", visitor, new HashSet<>());
    }

    private static void walk(Path host, String relative, Visitor visitor, Set<Path> ancestors) throws IOException {
        if (Files.isDirectory(host)) {
            Path real = host.toRealPath();
            if (!ancestors.add(real)) {
                throw new FileSystemLoopException(host.toString());
            }
            visitor.directory(relative);
            List<Path> children;
            try (Stream<Path> listing = Files.list(host)) {
                children = listing.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
            }
            for (Path child : children) {
                String name = child.getFileName().toString();
                walk(child, relative.isEmpty() ? name : relative + "/" + name, visitor, ancestors);
            }
            ancestors.remove(real);
        } else if (Files.isRegularFile(host)) {
            visitor.file(relative, host);
        }
    }
}
