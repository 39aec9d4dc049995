package io.github.wasmsnapshot.core;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import io.github.wasmsnapshot.core.binary.ModuleBinary;

/** Stage 1: split the binary into sections (our reader, with byte offsets) and decode and validate it (Chicory). */
final class ModuleParser {
    private ModuleParser() {}

    static ParsedModule parse(byte[] input) throws SnapshotException {
        ModuleBinary binary = ModuleBinary.read(input);
        try {
            return new ParsedModule(binary, Parser.parse(input));
        } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new SnapshotException("invalid module: " + e.getMessage(), e);
        }
    }
}
