package io.github.wasmsnapshot.core.binary;

import java.util.ArrayList;
import java.util.List;

/** Where the function bodies of a code section are, from its framing (each body's size); nothing is decoded. */
public final class FunctionBodies {
    private FunctionBodies() {}

    /** The byte offset at which each body starts (its size), then the one at which the last body ends. */
    public static List<Integer> bounds(byte[] module, Section code) {
        ByteReader in = code.payload(module);
        List<Integer> bounds = new ArrayList<>();
        try {
            for (long count = Integer.toUnsignedLong(in.u32()); count > 0; count--) {
                bounds.add(in.position());
                in.slice(in.u32());
            }
        } catch (MalformedBinaryException e) {
            throw e.within(code.describe());
        }
        bounds.add(in.position());
        return bounds;
    }
}
