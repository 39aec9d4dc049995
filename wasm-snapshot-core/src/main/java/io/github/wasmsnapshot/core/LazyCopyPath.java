package io.github.wasmsnapshot.core;

import java.io.IOException;
import java.net.URI;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

/** A path of a {@link LazyCopyFileSystem}: a path of the in-memory file system under it. */
final class LazyCopyPath implements Path {
    private final LazyCopyFileSystem fileSystem;
    private final Path inMemory;

    LazyCopyPath(LazyCopyFileSystem fileSystem, Path inMemory) {
        this.fileSystem = fileSystem;
        this.inMemory = inMemory;
    }

    /** The path in the in-memory file system. */
    Path inMemory() {
        return inMemory;
    }

    @Override
    public LazyCopyFileSystem getFileSystem() {
        return fileSystem;
    }

    @Override
    public boolean isAbsolute() {
        return inMemory.isAbsolute();
    }

    @Override
    public Path getRoot() {
        return fileSystem.wrap(inMemory.getRoot());
    }

    @Override
    public Path getFileName() {
        return fileSystem.wrap(inMemory.getFileName());
    }

    @Override
    public Path getParent() {
        return fileSystem.wrap(inMemory.getParent());
    }

    @Override
    public int getNameCount() {
        return inMemory.getNameCount();
    }

    @Override
    public Path getName(int index) {
        return fileSystem.wrap(inMemory.getName(index));
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
        return fileSystem.wrap(inMemory.subpath(beginIndex, endIndex));
    }

    @Override
    public boolean startsWith(Path other) {
        return other instanceof LazyCopyPath path && path.fileSystem == fileSystem
                && inMemory.startsWith(path.inMemory);
    }

    @Override
    public boolean endsWith(Path other) {
        return other instanceof LazyCopyPath path && path.fileSystem == fileSystem
                && inMemory.endsWith(path.inMemory);
    }

    @Override
    public Path normalize() {
        return fileSystem.wrap(inMemory.normalize());
    }

    @Override
    public Path resolve(Path other) {
        return fileSystem.wrap(inMemory.resolve(fileSystem.unwrap(other)));
    }

    @Override
    public Path relativize(Path other) {
        return fileSystem.wrap(inMemory.relativize(fileSystem.unwrap(other)));
    }

    @Override
    public URI toUri() {
        throw new UnsupportedOperationException("mapped directories have no URIs");
    }

    @Override
    public Path toAbsolutePath() {
        return fileSystem.wrap(inMemory.toAbsolutePath());
    }

    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
        return fileSystem.wrap(inMemory.toRealPath(options));
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
        throw new UnsupportedOperationException("mapped directories cannot be watched");
    }

    @Override
    public int compareTo(Path other) {
        return inMemory.compareTo(fileSystem.unwrap(other));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LazyCopyPath path && path.fileSystem == fileSystem && path.inMemory.equals(inMemory);
    }

    @Override
    public int hashCode() {
        return inMemory.hashCode();
    }

    @Override
    public String toString() {
        return inMemory.toString();
    }
}
