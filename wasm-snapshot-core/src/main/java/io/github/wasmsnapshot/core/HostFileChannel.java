package io.github.wasmsnapshot.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.function.BooleanSupplier;

/**
 * A channel opened for reading on a mapped file whose contents are still only on the host. It
 * reads the host file while {@code onHost} holds and the copy once a write elsewhere has filled it;
 * everything else (position, locks, refusing writes, access times) is the copy's channel, so that
 * the initializer sees what a channel on a full copy would show.
 */
final class HostFileChannel extends FileChannel {
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final FileChannel copy;
    private final HostFile host;
    private final FileChannel source;
    private final BooleanSupplier onHost;

    /** {@code copy} is a channel on the still empty copy, opened for reading only. */
    HostFileChannel(FileChannel copy, HostFile host, BooleanSupplier onHost) {
        this.copy = copy;
        this.host = host;
        this.source = host.open();
        this.onHost = onHost;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!onHost.getAsBoolean()) {
            return copy.read(dst);
        }
        long position = copy.position();
        int read = read(dst, position);
        if (read > 0) {
            copy.position(position + read);
        }
        return read;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        if (!onHost.getAsBoolean()) {
            return copy.read(dsts, offset, length);
        }
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            int read = read(dsts[i]);
            if (read < 0) {
                return total == 0 ? -1 : total;
            }
            total += read;
            if (dsts[i].hasRemaining()) {
                break;
            }
        }
        return total;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        if (!onHost.getAsBoolean()) {
            return copy.read(dst, position);
        }
        // A read of the copy, which is empty, checks the arguments and the channel and stamps the access time.
        copy.read(NOTHING, position);
        return host.read(source, dst, position);
    }

    @Override
    public long size() throws IOException {
        long copied = copy.size(); // checks that the channel is open
        return onHost.getAsBoolean() ? host.size() : copied;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        if (!onHost.getAsBoolean()) {
            return copy.transferTo(position, count, target);
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(count, 1 << 16));
        long transferred = 0;
        while (transferred < count) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), count - transferred));
            if (read(buffer, position + transferred) <= 0) {
                break;
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                transferred += target.write(buffer);
            }
        }
        return transferred;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return copy.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return copy.write(srcs, offset, length);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        return copy.write(src, position);
    }

    @Override
    public long position() throws IOException {
        return copy.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        copy.position(newPosition);
        return this;
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        copy.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        copy.force(metaData);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return copy.transferFrom(src, position, count);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return copy.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return copy.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return copy.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        try (source) {
            copy.close();
        }
    }
}
