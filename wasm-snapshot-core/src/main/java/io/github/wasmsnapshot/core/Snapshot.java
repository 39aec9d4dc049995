package io.github.wasmsnapshot.core;

import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;

/**
 * The initialized state: what the rewrite puts in place of the module's initial state. Tables and
 * segments appear only where initialization changed them, so that everything else is copied.
 * {@code functionsToDeclare} are the functions of {@code ref.func} initializers of mutable globals
 * that the snapshot replaces: such an initializer may have been what declared a function for
 * {@code ref.func} in code, so they are declared again (sorted, each once).
 */
record Snapshot(List<GlobalValue> globals, int[] memoryPages, List<DataSegment> dataSegments,
        List<ChangedTable> changedTables, List<ElementSegment> elementSegments,
        List<Integer> droppedElementSegments, List<Integer> droppedDataSegments, List<Integer> functionsToDeclare) {

    /** The final value of a defined mutable global: its type and raw bits (v128 uses both halves). */
    record GlobalValue(int index, ValType type, long low, long high) {}

    /**
     * Initialized bytes of a defined memory, at an offset: still in the memory's pages, which the
     * rewrite copies into the output, so the data is copied once.
     */
    record DataSegment(int memoryIndex, long offset, long length, PagedMemory memory) {
        void slices(PagedMemory.SliceConsumer consumer) {
            memory.slices(offset, length, consumer);
        }
    }

    /** A defined table whose size or entries initialization changed, and its final size. */
    record ChangedTable(int index, int size) {}

    /**
     * Entries of a changed table that differ from the table's initial value, from an offset: function
     * indices, {@link com.dylibso.chicory.wasm.types.Value#REF_NULL_VALUE} for null.
     */
    record ElementSegment(int tableIndex, ValType type, int offset, int[] references) {}

    long dataBytes() {
        return dataSegments.stream().mapToLong(DataSegment::length).sum();
    }
}
