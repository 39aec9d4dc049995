package io.github.wasmsnapshot.core;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.spi.FileSystemProvider;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The operations of a {@link LazyCopyFileSystem}: the in-memory file system's, except where a
 * regular file's contents are still on the host (its copy is empty). There, its size is the host
 * file's, a channel that only reads reads the host file ({@link HostFileChannel}), and a channel
 * that writes first fills the copy from the host (or not, if it truncates), after which the file is
 * an ordinary in-memory one. Such files are known by the file key of their copy, which follows the
 * file through renames and links, as their contents would.
 */
final class LazyCopyProvider extends FileSystemProvider {
    private final LazyCopyFileSystem fileSystem;
    private final FileSystemProvider inMemory;
    private final Map<Object, HostFile> onHost = new HashMap<>();

    LazyCopyProvider(LazyCopyFileSystem fileSystem, FileSystemProvider inMemory) {
        this.fileSystem = fileSystem;
        this.inMemory = inMemory;
    }

    void createHostFile(Path copy, HostFile host) throws IOException {
        Path file = Files.createFile(fileSystem.unwrap(copy));
        onHost.put(key(file), host);
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attributes)
            throws IOException {
        Path copy = fileSystem.unwrap(path);
        FileChannel channel = inMemory.newFileChannel(copy, options, attributes);
        try {
            Object key = key(copy, options.contains(LinkOption.NOFOLLOW_LINKS)
                    ? new LinkOption[] {LinkOption.NOFOLLOW_LINKS} : new LinkOption[0]);
            HostFile host = onHost.get(key);
            if (host == null) {
                return channel;
            }
            if (!options.contains(StandardOpenOption.WRITE) && !options.contains(StandardOpenOption.APPEND)) {
                return new HostFileChannel(channel, host, () -> onHost.containsKey(key));
            }
            if (!options.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
                fill(copy, host);
            }
            onHost.remove(key);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Copies the host's contents into {@code copy}, which is not written yet: its time stays. */
    private static void fill(Path copy, HostFile host) throws IOException {
        FileTime modified = Files.getLastModifiedTime(copy);
        try (FileChannel target = FileChannel.open(copy, StandardOpenOption.WRITE)) {
            host.copyTo(target);
        }
        Files.setLastModifiedTime(copy, modified);
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
            FileAttribute<?>... attributes) throws IOException {
        return newFileChannel(path, options, attributes);
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        Path from = fileSystem.unwrap(source);
        Path to = fileSystem.unwrap(target);
        LinkOption[] follow = Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS)
                ? new LinkOption[] {LinkOption.NOFOLLOW_LINKS} : new LinkOption[0];
        HostFile host = onHost.get(key(from, follow));
        inMemory.copy(from, to, options);
        if (host != null) {
            // An empty copy of an empty copy: it too stands for the host file.
            onHost.put(key(to, LinkOption.NOFOLLOW_LINKS), host);
        }
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        Path copy = fileSystem.unwrap(path);
        if (type != BasicFileAttributes.class && type != PosixFileAttributes.class) {
            return inMemory.readAttributes(copy, type, options);
        }
        PosixFileAttributes attributes = inMemory.readAttributes(copy, PosixFileAttributes.class, options);
        HostFile host = onHost.get(attributes.fileKey());
        return type.cast(host == null ? attributes : new HostSized(attributes, host.size()));
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
            throws IOException {
        Path copy = fileSystem.unwrap(path);
        Map<String, Object> read = inMemory.readAttributes(copy, attributes, options);
        HostFile host = read.containsKey("size") ? onHost.get(key(copy, options)) : null;
        if (host == null) {
            return read;
        }
        Map<String, Object> sized = new HashMap<>(read);
        sized.put("size", host.size());
        return sized;
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        Path copy = fileSystem.unwrap(path);
        if (type != BasicFileAttributeView.class && type != PosixFileAttributeView.class) {
            return inMemory.getFileAttributeView(copy, type, options);
        }
        PosixFileAttributeView view = inMemory.getFileAttributeView(copy, PosixFileAttributeView.class, options);
        return type.cast(new HostSizedView(view, path, options));
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        DirectoryStream<Path> entries = inMemory.newDirectoryStream(fileSystem.unwrap(dir),
                entry -> filter.accept(fileSystem.wrap(entry)));
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                Iterator<Path> iterator = entries.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return iterator.hasNext();
                    }

                    @Override
                    public Path next() {
                        return fileSystem.wrap(iterator.next());
                    }
                };
            }

            @Override
            public void close() throws IOException {
                entries.close();
            }
        };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attributes) throws IOException {
        inMemory.createDirectory(fileSystem.unwrap(dir), attributes);
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attributes) throws IOException {
        inMemory.createSymbolicLink(fileSystem.unwrap(link), fileSystem.unwrap(target), attributes);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        inMemory.createLink(fileSystem.unwrap(link), fileSystem.unwrap(existing));
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        return fileSystem.wrap(inMemory.readSymbolicLink(fileSystem.unwrap(link)));
    }

    /** A deleted file keeps its host contents for the channels still open on it. */
    @Override
    public void delete(Path path) throws IOException {
        inMemory.delete(fileSystem.unwrap(path));
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        inMemory.move(fileSystem.unwrap(source), fileSystem.unwrap(target), options);
    }

    @Override
    public boolean isSameFile(Path path, Path other) throws IOException {
        return inMemory.isSameFile(fileSystem.unwrap(path), fileSystem.unwrap(other));
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
        return inMemory.isHidden(fileSystem.unwrap(path));
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
        return inMemory.getFileStore(fileSystem.unwrap(path));
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        inMemory.checkAccess(fileSystem.unwrap(path), modes);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        inMemory.setAttribute(fileSystem.unwrap(path), attribute, value, options);
    }

    @Override
    public String getScheme() {
        return "wasm-snapshot-mapped";
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new UnsupportedOperationException("mapped directories are made from host directories only");
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        throw new UnsupportedOperationException("mapped directories have no URIs");
    }

    @Override
    public Path getPath(URI uri) {
        throw new UnsupportedOperationException("mapped directories have no URIs");
    }

    private Object key(Path copy, LinkOption... options) throws IOException {
        return inMemory.readAttributes(copy, BasicFileAttributes.class, options).fileKey();
    }

    /** The attributes of a copy still empty, with the host file's size. */
    private record HostSized(PosixFileAttributes attributes, long size) implements PosixFileAttributes {
        @Override
        public UserPrincipal owner() {
            return attributes.owner();
        }

        @Override
        public GroupPrincipal group() {
            return attributes.group();
        }

        @Override
        public Set<PosixFilePermission> permissions() {
            return attributes.permissions();
        }

        @Override
        public FileTime lastModifiedTime() {
            return attributes.lastModifiedTime();
        }

        @Override
        public FileTime lastAccessTime() {
            return attributes.lastAccessTime();
        }

        @Override
        public FileTime creationTime() {
            return attributes.creationTime();
        }

        @Override
        public boolean isRegularFile() {
            return attributes.isRegularFile();
        }

        @Override
        public boolean isDirectory() {
            return attributes.isDirectory();
        }

        @Override
        public boolean isSymbolicLink() {
            return attributes.isSymbolicLink();
        }

        @Override
        public boolean isOther() {
            return attributes.isOther();
        }

        @Override
        public Object fileKey() {
            return attributes.fileKey();
        }
    }

    /** The in-memory file system's view, reading attributes as {@link #readAttributes} does. */
    private final class HostSizedView implements PosixFileAttributeView {
        private final PosixFileAttributeView view;
        private final Path path;
        private final LinkOption[] options;

        HostSizedView(PosixFileAttributeView view, Path path, LinkOption[] options) {
            this.view = view;
            this.path = path;
            this.options = options;
        }

        @Override
        public String name() {
            return view.name();
        }

        @Override
        public PosixFileAttributes readAttributes() throws IOException {
            return LazyCopyProvider.this.readAttributes(path, PosixFileAttributes.class, options);
        }

        @Override
        public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime)
                throws IOException {
            view.setTimes(lastModifiedTime, lastAccessTime, createTime);
        }

        @Override
        public void setPermissions(Set<PosixFilePermission> permissions) throws IOException {
            view.setPermissions(permissions);
        }

        @Override
        public void setGroup(GroupPrincipal group) throws IOException {
            view.setGroup(group);
        }

        @Override
        public UserPrincipal getOwner() throws IOException {
            return view.getOwner();
        }

        @Override
        public void setOwner(UserPrincipal owner) throws IOException {
            view.setOwner(owner);
        }
    }
}
