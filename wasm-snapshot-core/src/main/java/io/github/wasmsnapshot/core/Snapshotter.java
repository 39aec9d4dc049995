package io.github.wasmsnapshot.core;

import static com.dylibso.chicory.wasm.types.Value.REF_NULL_VALUE;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.Element;
import com.dylibso.chicory.wasm.types.Global;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.MutabilityType;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import com.dylibso.chicory.wasm.types.PassiveElement;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * Stage 4: read the initialized instance's state. Memories are scanned in parallel for runs of
 * non-zero bytes; the runs are then merged and capped exactly as wizer's snapshot step does.
 * Every step after the scan is sequential over a sorted list, so the result never depends on
 * the thread count. Tables ({@link TableScanner}) and dropped segments are read where
 * initialization changed them.
 */
final class Snapshotter {
    static final int PAGE_SIZE = Memory.PAGE_SIZE;
    /**
     * One memory.data segment costs at least four bytes more than the data it holds (memory
     * index, the i32.const opcode and offset, the length), so runs closer than that are merged.
     */
    static final long MIN_ACTIVE_SEGMENT_OVERHEAD = 4;
    private static final int PAGES_PER_TASK = 16;

    private Snapshotter() {}

    static Snapshot snapshot(ParsedModule parsed, Instance instance, int parallelism, int maxDataSegments)
            throws SnapshotException {
        List<PagedMemory> memories = definedMemories(parsed, instance);
        int[] pages = memories.stream().mapToInt(Memory::pages).toArray();
        DataRanges ranges = scan(memories, parallelism)
                .mergeGapsUpTo(MIN_ACTIVE_SEGMENT_OVERHEAD)
                .capAt(maxDataSegments);
        List<Snapshot.DataSegment> segments = new ArrayList<>(ranges.size());
        for (int i = 0; i < ranges.size(); i++) {
            segments.add(new Snapshot.DataSegment(ranges.memory(i), ranges.start(i), ranges.end(i) - ranges.start(i),
                    memories.get(ranges.memory(i))));
        }
        TableScanner.Changes tables = TableScanner.scan(parsed, instance);
        return new Snapshot(globals(parsed, instance), pages, segments, tables.tables(), tables.segments(),
                droppedElementSegments(parsed, instance), droppedDataSegments(parsed, instance),
                functionsToDeclare(parsed, instance));
    }

    private static List<Snapshot.GlobalValue> globals(ParsedModule parsed, Instance instance)
            throws SnapshotException {
        Global[] globals = parsed.module().globalSection().globals();
        List<Snapshot.GlobalValue> values = new ArrayList<>();
        for (int i = 0; i < globals.length; i++) {
            if (globals[i].mutabilityType() == MutabilityType.Var) {
                var global = instance.global(i);
                ValType type = globals[i].valueType();
                // the checker let through only funcref and externref among reference types
                if (type.typeIdx() == ValType.TypeIdxCode.EXTERN.code() && global.getValue() != REF_NULL_VALUE) {
                    throw new SnapshotException("mutable global " + i + " (externref) is not null after"
                            + " initialization: only a null externref can be snapshotted");
                }
                values.add(new Snapshot.GlobalValue(i, type, global.getValueLow(), global.getValueHigh()));
            }
        }
        return values;
    }

    private static List<Integer> functionsToDeclare(ParsedModule parsed, Instance instance) {
        Global[] globals = parsed.module().globalSection().globals();
        SortedSet<Integer> functions = new TreeSet<>();
        for (int i = 0; i < globals.length; i++) {
            Instruction first = globals[i].initInstructions().get(0);
            if (globals[i].mutabilityType() == MutabilityType.Var && first.opcode() == OpCode.REF_FUNC
                    && instance.global(i).getValue() != first.operand(0)) {
                functions.add((int) first.operand(0));
            }
        }
        return List.copyOf(functions);
    }

    /** Passive element segments that initialization dropped ({@code elem.drop}); the others are already dropped. */
    private static List<Integer> droppedElementSegments(ParsedModule parsed, Instance instance) {
        Element[] elements = parsed.module().elementSection().elements();
        List<Integer> dropped = new ArrayList<>();
        for (int i = 0; i < elements.length; i++) {
            // Chicory's elem.drop leaves no segment behind
            if (elements[i] instanceof PassiveElement && elements[i].elementCount() > 0
                    && instance.element(i) == null) {
                dropped.add(i);
            }
        }
        return dropped;
    }

    /** Passive data segments that initialization dropped ({@code data.drop}); active ones become empty anyway. */
    private static List<Integer> droppedDataSegments(ParsedModule parsed, Instance instance) {
        DataSegment[] segments = parsed.module().dataSection().dataSegments();
        List<Integer> dropped = new ArrayList<>();
        for (int i = 0; i < segments.length; i++) {
            // Chicory's data.drop puts an empty segment in the instance's place of it
            if (segments[i] instanceof PassiveDataSegment && segments[i].data().length > 0
                    && instance.dataSegmentData(i).length == 0) {
                dropped.add(i);
            }
        }
        return dropped;
    }

    /** The Initializer gives every instance {@link PagedMemory}s. */
    private static List<PagedMemory> definedMemories(ParsedModule parsed, Instance instance) {
        int count = parsed.module().memorySection().map(s -> s.memoryCount()).orElse(0);
        List<PagedMemory> memories = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            memories.add((PagedMemory) instance.memory(i));
        }
        return memories;
    }

    /** The non-zero runs of every memory, sorted by (memory, offset): batches are joined in order. */
    static DataRanges scan(List<PagedMemory> memories, int parallelism) throws SnapshotException {
        List<PageBatch> batches = new ArrayList<>();
        for (int m = 0; m < memories.size(); m++) {
            PagedMemory memory = memories.get(m);
            for (int first = 0; first < memory.pages(); first += PAGES_PER_TASK) {
                batches.add(new PageBatch(memory, m, first, Math.min(first + PAGES_PER_TASK, memory.pages())));
            }
        }
        if (parallelism == 1) {
            return DataRanges.concat(batches.stream().map(PageBatch::scan).toList());
        }
        ForkJoinPool pool = new ForkJoinPool(parallelism);
        try {
            List<Callable<DataRanges>> tasks = batches.stream().<Callable<DataRanges>>map(b -> b::scan).toList();
            List<DataRanges> results = new ArrayList<>(tasks.size());
            for (Future<DataRanges> result : pool.invokeAll(tasks)) {
                results.add(result.get());
            }
            return DataRanges.concat(results);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException("interrupted while scanning memory", e);
        } catch (ExecutionException e) {
            // what a scanning thread threw, as if this thread had scanned
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) e.getCause();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Reads the pages in place; pages never written are all zeros, so are skipped. */
    private record PageBatch(PagedMemory memory, int memoryIndex, int fromPage, int toPage) {
        DataRanges scan() {
            DataRanges runs = new DataRanges();
            for (int page = fromPage; page < toPage; page++) {
                byte[] written = memory.writtenPage(page);
                if (written != null) {
                    PageScanner.scan(written, PAGE_SIZE, memoryIndex, (long) page * PAGE_SIZE, runs);
                }
            }
            return runs;
        }
    }
}
