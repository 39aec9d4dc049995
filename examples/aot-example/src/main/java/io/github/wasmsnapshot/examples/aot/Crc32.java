package io.github.wasmsnapshot.examples.aot;

import com.dylibso.chicory.runtime.Instance;

/**
 * CRC-32 computed by the crc32 WebAssembly module, run as the JVM classes that Chicory's compiler made from the
 * pre-initialized module at build time. Its lookup table was built by the module's initializer during the build, so
 * an instance is ready without running any initialization. Not thread-safe: one instance, one memory.
 */
public final class Crc32 {
    /** Where the bytes to checksum are copied in the module's memory: after the table (256 four-byte entries). */
    static final int BUFFER = 1024;
    /** The bytes copied at a time: the rest of the module's one 64 KiB memory page. */
    static final int CHUNK = 65536 - BUFFER;

    private final Crc32_ModuleExports exports;

    public Crc32() {
        exports = new Crc32_ModuleExports(instance());
    }

    /** An instance of the module on the compiled classes (without the machine factory, Chicory would interpret). */
    static Instance instance() {
        return Instance.builder(Crc32Module.load()).withMachineFactory(Crc32Module::create).build();
    }

    /** The CRC-32 of {@code data}, as {@link java.util.zip.CRC32} gives it. */
    public long checksum(byte[] data) {
        int crc = 0;
        for (int offset = 0; offset < data.length; offset += CHUNK) {
            int length = Math.min(CHUNK, data.length - offset);
            exports.memory().write(BUFFER, data, offset, length);
            crc = exports.update(crc, BUFFER, length);
        }
        return Integer.toUnsignedLong(crc);
    }
}
