package io.github.wasmsnapshot.core;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.Global;
import com.dylibso.chicory.wasm.types.MutabilityType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * Stage 4: read the initialized instance's state. Memories are scanned in parallel for runs of
 * non-zero bytes; the runs are then merged and capped exactly as wizer's snapshot step does.
 * Every step after the scan is sequential over a sorted list, so the result never depends on
 * the thread count.
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

    static Snapshot snapshot(ParsedModule parsed, Instance instance, SnapshotOptions options) throws SnapshotException {
        List<PagedMemory> memories = definedMemories(parsed, instance);
        int[] pages = memories.stream().mapToInt(Memory::pages).toArray();
        DataRanges ranges = scan(memories, options.parallelism())
                .mergeGapsUpTo(MIN_ACTIVE_SEGMENT_OVERHEAD)
                .capAt(options.maxDataSegments());
        List<Snapshot.DataSegment> segments = new ArrayList<>(ranges.size());
        for (int i = 0; i < ranges.size(); i++) {
            segments.add(new Snapshot.DataSegment(ranges.memory(i), ranges.start(i), ranges.end(i) - ranges.start(i),
                    memories.get(ranges.memory(i))));
        }
        return new Snapshot(globals(parsed, instance), pages, segments);
    }

    private static List<Snapshot.GlobalValue> globals(ParsedModule parsed, Instance instance) {
        Global[] globals = parsed.module().globalSection().globals();
        List<Snapshot.GlobalValue> values = new ArrayList<>();
        for (int i = 0; i < globals.length; i++) {
            if (globals[i].mutabilityType() == MutabilityType.Var) {
                var global = instance.global(i);
                values.add(new Snapshot.GlobalValue(i, globals[i].valueType().opcode(),
                        global.getValueLow(), global.getValueHigh()));
            }
        }
        return values;
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
            throw new IllegalStateException("scanning memory failed", e.getCause());
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
