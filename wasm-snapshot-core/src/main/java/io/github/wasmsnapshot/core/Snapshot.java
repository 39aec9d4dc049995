package io.github.wasmsnapshot.core;

import java.util.List;

/** The initialized state: what the rewrite puts in place of the module's initial state. */
record Snapshot(List<GlobalValue> globals, int[] memoryPages, List<DataSegment> dataSegments) {

    /** The final value of a defined mutable global: its value type's opcode and raw bits (v128 uses both halves). */
    record GlobalValue(int index, int valueType, long low, long high) {}

    /** Initialized bytes of a defined memory, at an offset. */
    record DataSegment(int memoryIndex, long offset, byte[] data) {}

    long dataBytes() {
        return dataSegments.stream().mapToLong(s -> s.data().length).sum();
    }
}
