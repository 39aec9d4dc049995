package io.github.wasmsnapshot.core.binary;

/**
 * The bytes do not follow the binary format where this package reads them. The message is one line for the user,
 * with the byte offset.
 */
public final class MalformedBinaryException extends RuntimeException {
    public MalformedBinaryException(String message) {
        super(message);
    }

    /** The same fault, said to be in {@code where}: "truncated module: WHERE: expected ...". */
    public MalformedBinaryException within(String where) {
        int colon = getMessage().indexOf(": ") + 2;
        return new MalformedBinaryException(getMessage().substring(0, colon) + where + ": "
                + getMessage().substring(colon));
    }
}
