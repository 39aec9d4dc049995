package io.github.wasmsnapshot.core;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An in-memory file system (jimfs) whose regular files may still have their contents only on the
 * host: see {@link MappedDirectories} for why, and {@link LazyCopyProvider} for how. Its paths wrap
 * the in-memory ones, so that every operation on them reaches that provider.
 */
final class LazyCopyFileSystem extends FileSystem {
    private final FileSystem inMemory;
    private final LazyCopyProvider provider;

    LazyCopyFileSystem(FileSystem inMemory) {
        this.inMemory = inMemory;
        this.provider = new LazyCopyProvider(this, inMemory.provider());
    }

    /** Creates {@code copy} as a regular file whose contents are those of {@code host}. */
    void createHostFile(Path copy, HostFile host) throws IOException {
        provider.createHostFile(copy, host);
    }

    Path wrap(Path path) {
        return path == null ? null : new LazyCopyPath(this, path);
    }

    Path unwrap(Path path) {
        if (path instanceof LazyCopyPath lazy && lazy.getFileSystem() == this) {
            return lazy.inMemory();
        }
        throw new ProviderMismatchException("not a path of these mapped directories: " + path);
    }

    @Override
    public LazyCopyProvider provider() {
        return provider;
    }

    @Override
    public void close() throws IOException {
        inMemory.close();
    }

    @Override
    public boolean isOpen() {
        return inMemory.isOpen();
    }

    @Override
    public boolean isReadOnly() {
        return inMemory.isReadOnly();
    }

    @Override
    public String getSeparator() {
        return inMemory.getSeparator();
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        List<Path> roots = new ArrayList<>();
        for (Path root : inMemory.getRootDirectories()) {
            roots.add(wrap(root));
        }
        return roots;
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return inMemory.getFileStores();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return inMemory.supportedFileAttributeViews();
    }

    @Override
    public Path getPath(String first, String... more) {
        return wrap(inMemory.getPath(first, more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        PathMatcher matcher = inMemory.getPathMatcher(syntaxAndPattern);
        return path -> matcher.matches(unwrap(path));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        return inMemory.getUserPrincipalLookupService();
    }

    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException("mapped directories cannot be watched");
    }
}
