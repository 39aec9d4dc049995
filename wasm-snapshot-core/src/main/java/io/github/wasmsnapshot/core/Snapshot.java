package io.github.wasmsnapshot.core;

import java.util.List;

/** The initialized state: what the rewrite puts in place of the module's initial state. */
record Snapshot(List<GlobalValue> globals, int[] memoryPages, List<DataSegment> dataSegments) {

    /** The final value of a defined mutable global: its value type's opcode and raw bits (v128 uses both halves). */
    record GlobalValue(int index, int valueType, long low, long high) {}

    /**
     * Initialized bytes of a defined memory, at an offset: still in the memory's pages, which the
     * rewrite copies into the output, so the data is copied once.
     */
    record DataSegment(int memoryIndex, long offset, long length, PagedMemory memory) {
        void slices(PagedMemory.SliceConsumer consumer) {
            memory.slices(offset, length, consumer);
        }
    }

    long dataBytes() {
        return dataSegments.stream().mapToLong(DataSegment::length).sum();
    }
}
