package io.github.wasmsnapshot.core.binary;

/**
 * The bytes do not follow the binary format where this package reads them. The message is one line for the user,
 * with the byte offset.
 */
public final class MalformedBinaryException extends RuntimeException {
    public MalformedBinaryException(String message) {
        super(message);
    }
}
