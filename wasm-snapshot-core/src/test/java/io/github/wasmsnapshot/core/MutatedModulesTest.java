package io.github.wasmsnapshot.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemorySection;
import io.github.wasmsnapshot.testing.Fixtures;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fuzz test: the checked-in fixtures, each with the options it is run with, mutated (a bit flipped, a byte changed,
 * inserted or deleted; and cut at every tenth of its length). Whatever the bytes, a run either succeeds with an
 * output whose instance holds the state that the mutated module itself has after its initialization (every global,
 * memory and table, compared), or fails with a SnapshotException whose message is one line; nothing else escapes.
 * A mutated initializer may loop forever, as it would under wizer: a case still running after {@link #TIMEOUT_SECONDS}
 * is interrupted and counted apart.
 *
 * <p>The case count and the seed are system properties; a longer run:
 * {@code ./mvnw -B -q -pl wasm-snapshot-core test -Dtest=MutatedModulesTest -Dfuzz.cases=20000 -Dfuzz.seed=7}.
 */
class MutatedModulesTest {
    private static final int CASES = Integer.getInteger("fuzz.cases", 4000);
    private static final long SEED = Long.getLong("fuzz.seed", 20240601L);
    private static final long TIMEOUT_SECONDS = 5;
    private static final byte[] ZERO_PAGE = new byte[Memory.PAGE_SIZE];

    @TempDir
    static Path dir;
    private static ExecutorService worker;

    /**
     * What is mutated, {@code original}, and how a mutation runs: as the module, or as the file {@code preload} that
     * the options preload for {@code module}.
     */
    private record Subject(String name, byte[] original, SnapshotOptions options, byte[] module, Path preload) {
        static Subject module(String name, byte[] module, SnapshotOptions options) {
            return new Subject(name, module, options, null, null);
        }

        /** The module to run with {@code mutated}. */
        byte[] prepare(byte[] mutated) throws IOException {
            if (preload == null) {
                return mutated;
            }
            Files.write(preload, mutated);
            return module;
        }
    }

    private record Mutation(String description, byte[] bytes) {}

    private static List<Subject> subjects;

    @BeforeAll
    static void subjects() throws IOException, URISyntaxException {
        worker = Executors.newSingleThreadExecutor();
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("hello.txt"), "hello, world\n");
        Files.createDirectories(data.resolve("sub"));
        Path source = Files.write(dir.resolve("funcref-source.wasm"), Fixtures.load("funcref-source"));
        WasiConfig wasi = WasiConfig.builder().withDirectory(new MappedDirectory("data", data)).build();
        subjects = new ArrayList<>();
        for (String name : fixtureNames()) {
            var options = SnapshotOptions.builder().withParallelism(1);
            if (name.equals("preload-funcref")) {
                options.withPreload(new Preload("source", source));
            }
            subjects.add(Subject.module(name, Fixtures.load(name), options.build()));
        }
        subjects.add(Subject.module("wasi/observer", Fixtures.wasi("observer.wasm"),
                SnapshotOptions.builder().withParallelism(1).withWasi(wasi).build()));
        subjects.add(Subject.module("wasi/files", Fixtures.wasi("files.wasm"),
                SnapshotOptions.builder().withParallelism(1).withWasi(wasi).withInitFunction("tour").build()));
        subjects.add(Subject.module("wasi/calls", Fixtures.wasi("calls.wasm"),
                SnapshotOptions.builder().withParallelism(1).withWasi(wasi).withInitFunction("take-entropy").build()));
        Path helper = dir.resolve("helper.wasm");
        subjects.add(new Subject("wasi/helper, preloaded by wasi/calls", Fixtures.wasi("helper.wasm"),
                SnapshotOptions.builder().withParallelism(1).withInitFunction("use-helper")
                        .withPreload(new Preload("helper", helper)).build(), Fixtures.wasi("calls.wasm"), helper));
    }

    @AfterAll
    static void stop() {
        worker.shutdownNow();
    }

    /** Every fixtures/NAME.wasm. */
    private static List<String> fixtureNames() throws IOException, URISyntaxException {
        try (var files = Files.list(Path.of(MutatedModulesTest.class.getResource("/fixtures").toURI()))) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".wasm"))
                    .map(f -> f.substring(0, f.length() - ".wasm".length())).sorted().toList();
        }
    }

    @Test
    void everyMutationSucceedsWithTheSameStateOrFailsWithOneLine() throws Exception {
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int index = 0;
        for (Subject subject : subjects) {
            for (int tenth = 1; tenth < 10; tenth++) {
                int length = subject.original().length * tenth / 10;
                run(subject, new Mutation("cut to " + length + " bytes", Arrays.copyOf(subject.original(), length)),
                        index++, outcomes, failures);
            }
        }
        Random random = new Random(SEED);
        for (; index < CASES; index++) {
            Subject subject = subjects.get(random.nextInt(subjects.size()));
            run(subject, mutate(subject.original(), random), index, outcomes, failures);
        }
        System.out.println("MutatedModulesTest: " + index + " cases (seed " + SEED + "): " + outcomes);
        assertEquals(List.of(), failures);
    }

    private static Mutation mutate(byte[] module, Random random) {
        int offset = random.nextInt(module.length);
        byte[] bytes;
        String description;
        switch (random.nextInt(4)) {
            case 0 -> {
                int bit = random.nextInt(8);
                bytes = module.clone();
                bytes[offset] ^= (byte) (1 << bit);
                description = "bit " + bit + " flipped";
            }
            case 1 -> {
                bytes = module.clone();
                bytes[offset] = (byte) (module[offset] + 1 + random.nextInt(255));
                description = "changed to " + (bytes[offset] & 0xFF);
            }
            case 2 -> {
                bytes = new byte[module.length + 1];
                System.arraycopy(module, 0, bytes, 0, offset);
                bytes[offset] = (byte) random.nextInt(256);
                System.arraycopy(module, offset, bytes, offset + 1, module.length - offset);
                description = (bytes[offset] & 0xFF) + " inserted";
            }
            default -> {
                bytes = new byte[module.length - 1];
                System.arraycopy(module, 0, bytes, 0, offset);
                System.arraycopy(module, offset + 1, bytes, offset, module.length - offset - 1);
                description = "deleted";
            }
        }
        return new Mutation("byte " + offset + " " + description, bytes);
    }

    private static void run(Subject subject, Mutation mutation, int index, Map<String, Integer> outcomes,
            List<String> failures) throws InterruptedException, IOException {
        String name = "case " + index + ", " + subject.name() + ": " + mutation.description();
        byte[] module = subject.prepare(mutation.bytes());
        Future<String> outcome = worker.submit(() -> outcome(module, subject.options()));
        try {
            outcomes.merge(outcome.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), 1, Integer::sum);
        } catch (TimeoutException e) {
            outcome.cancel(true);
            outcomes.merge("timed out", 1, Integer::sum);
            System.out.println("MutatedModulesTest: " + name + ": timed out");
            try {
                worker.submit(() -> { }).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException stuck) {
                throw new AssertionError(name + ": still running after it was interrupted");
            }
        } catch (ExecutionException e) {
            failures.add(name + ": " + e.getCause() + " at " + Arrays.stream(e.getCause().getStackTrace()).limit(6)
                    .map(StackTraceElement::toString).toList());
            outcomes.merge("failed", 1, Integer::sum);
        }
    }

    /** "snapshot" or "refused", or an AssertionError (or whatever else escaped) for a defect. */
    private static String outcome(byte[] module, SnapshotOptions options) throws Exception {
        byte[] output;
        try {
            output = new WasmSnapshot(options).run(module).output();
        } catch (SnapshotException e) {
            assertTrue(!e.getMessage().isBlank() && e.getMessage().lines().count() == 1, e.getMessage());
            return "refused";
        }
        Instance initialized = initializedAtRuntime(module, options);
        assertSameState(initialized, instantiate(output));
        return "snapshot";
    }

    /** The module as it runs without pre-initialization: instantiated and initialized as the snapshot's was. */
    private static Instance initializedAtRuntime(byte[] module, SnapshotOptions options) throws Exception {
        ParsedModule parsed = ModuleParser.parse(module);
        InitPlan plan = ModuleChecker.check(parsed, options.initFunction(), false, List.of());
        List<Initializer.PreloadModule> preloads = new ArrayList<>();
        for (Preload preload : options.preloads()) {
            preloads.add(new Initializer.PreloadModule(preload.name(),
                    ModuleParser.parse(Files.readAllBytes(preload.file()))));
        }
        return Initializer.initialize(new Initializer.Work(parsed, plan, preloads, options.wasi(), Map.of()),
                new Initializer.How(options.engine(), Optional.empty(), Optional.empty(), options.stackSize()),
                SnapshotListener.NONE);
    }

    /**
     * The output as it starts: its imports (preloads, WASI) are never called while instantiating it. Its custom
     * sections are not decoded: they are the input's, malformed or not.
     */
    private static Instance instantiate(byte[] output) {
        WasmModule module = ModuleParser.decode(output);
        return Instance.builder(module).withImportValues(ImportValues.builder()
                .addFunction(Fixtures.failingImports(module)).build())
                .withMemoryFactory(PagedMemory::new).withStart(false).build();
    }

    private static byte[] contents(PagedMemory memory, int page) {
        byte[] written = memory.writtenPage(page);
        return written == null ? ZERO_PAGE : written;
    }

    private static void assertSameState(Instance expected, Instance actual) {
        assertEquals(expected.globalCount(), actual.globalCount(), "globals");
        for (int i = 0; i < expected.globalCount(); i++) {
            assertEquals(expected.global(i).getValue(), actual.global(i).getValue(), "global " + i);
            assertEquals(expected.global(i).getValueHigh(), actual.global(i).getValueHigh(), "global " + i);
        }
        int memories = expected.module().memorySection().map(MemorySection::memoryCount).orElse(0);
        assertEquals(memories, actual.module().memorySection().map(MemorySection::memoryCount).orElse(0));
        for (int i = 0; i < memories; i++) {
            PagedMemory want = (PagedMemory) expected.memory(i);
            PagedMemory got = (PagedMemory) actual.memory(i);
            assertEquals(want.pages(), got.pages(), "memory " + i + " pages");
            // page by page: a memory may be 4 GiB, past what one Java array (or Chicory's int addresses) can reach
            for (int page = 0; page < want.pages(); page++) {
                assertTrue(Arrays.equals(contents(want, page), contents(got, page)), "memory " + i + " page " + page);
            }
        }
        assertEquals(expected.tableCount(), actual.tableCount(), "tables");
        for (int t = 0; t < expected.tableCount(); t++) {
            assertEquals(expected.table(t).size(), actual.table(t).size(), "table " + t + " size");
            for (int i = 0; i < expected.table(t).size(); i++) {
                assertEquals(expected.table(t).ref(i), actual.table(t).ref(i), "table " + t + " entry " + i);
            }
        }
    }
}
